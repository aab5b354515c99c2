"""The interactive views' HTML and data, without a browser (tests/integration/
test_views_browser.py opens them in a real headless Chromium): nothing fetched, ids unique
per view, the data what coverage and grouping found, personal data masked."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from pbgraph.analyses.coverage import STATE_OF, coverage
from pbgraph.analyses.grouping import group
from pbgraph.graphmodel.tables import Tables
from pbgraph.labels.coverage import CATEGORIES
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.views import COLORS, inputs, map_view, network_view
from pbgraph.views.netdata import KIND_ORDER
from pbgraph.views.page import data_of, pack, unpack

#: anything that would make a browser fetch: a URL with a scheme or protocol-relative, an
#: attribute or CSS that loads a resource
EXTERNAL = re.compile(r"(https?:|ftp:|wss?:)//|\bsrc\s*=|\bhref\s*=|url\(|@import|<link\b|"
                      r"fetch\(|XMLHttpRequest|importScripts|\bimport\(", re.I)  # fmt: skip


@pytest.fixture(scope="module")
def tables(loaded_city: Path) -> Tables:
    with EmbeddedStore(loaded_city) as s:
        return s.tables(**inputs())


@pytest.fixture(scope="module")
def city(tables: Tables) -> dict[str, object]:
    by_street = coverage(tables, by="street")
    return {"result": by_street, "proposals": group(tables)}


def test_pack_round_trip() -> None:
    arrays = {"a": np.array([1, 2, 65535], np.uint16), "b": np.array([0.5, -1], np.float32),
              "c": np.array([7], np.uint8), "d": np.arange(5, dtype=np.uint32)}  # fmt: skip
    got = unpack(pack({"words": ["甲", "乙"]}, arrays))
    assert got["words"] == ["甲", "乙"]
    for k, v in arrays.items():
        assert got[k].dtype == v.dtype and got[k].tolist() == v.tolist()
    with pytest.raises(TypeError, match="cannot be sent"):
        pack({}, {"x": np.array([1.0])})  # float64: no typed array of the page takes it


def test_the_page_fetches_nothing(tables: Tables, city: dict) -> None:
    for view in (map_view(tables, result=city["result"]),
                 network_view(tables, result=city["result"], proposals=city["proposals"])):  # fmt: skip
        page = view.page()
        assert page.startswith("<!DOCTYPE html>") and view.html in page
        assert EXTERNAL.findall(page) == [], view.kind
        assert "<html" not in view.html and "<body" not in view.html  # a fragment
        assert view.size == len(view.html.encode("utf-8"))


def test_the_check_above_can_fail() -> None:
    for bad in ('<script src="x.js">', "<img src=a.png>", "https://cdn.example/x.js",
                "url(font.woff)", '<link rel="stylesheet" href="x.css">', "fetch('d.bin')"):  # fmt: skip
        assert EXTERNAL.search(bad), bad


def test_two_views_coexist(tables: Tables, city: dict) -> None:
    """Every element id of a fragment starts with its own prefix; two views share none."""
    m = map_view(tables, result=city["result"])
    n = network_view(tables, result=city["result"], proposals=city["proposals"])
    ids = {}
    for v in (m, n):
        found = re.findall(r'\bid="([^"]+)"', v.html)
        assert found and all(i == v.element_id or i.startswith(f"{v.element_id}-") for i in found)
        assert len(found) == len(set(found))
        ids[v.kind] = set(found)
    assert not ids["map"] & ids["network"]
    assert m.element_id != n.element_id
    # the same data, the same page (the report is reproducible)
    assert map_view(tables, result=city["result"]).html == m.html


def test_the_map_shows_every_organization_by_category(tables: Tables, city: dict) -> None:
    result = city["result"]
    d = data_of(map_view(tables, result=result).html)
    assert d["n"] == len(result.keys) == len(d["names"]) == len(d["cat"])
    assert d["categories"] == [CATEGORIES[c][0] for c in STATE_OF]  # the analysis' own words
    assert d["colors"] == list(COLORS.values()) and list(COLORS) == list(STATE_OF)
    counts = np.bincount(d["cat"], minlength=len(STATE_OF))
    assert counts.tolist() == np.bincount(result.codes, minlength=len(STATE_OF)).tolist()
    # uncovered ones are drawn last (on top)
    state = np.array([STATE_OF[c] for c in STATE_OF])[d["cat"]]
    assert (state == "uncovered").any()
    assert np.flatnonzero(state == "uncovered").min() > np.flatnonzero(state != "uncovered").max()
    # every organization in its street, its district the street's
    streets = [f"{d['districts'][d['district_of_street'][s]]}/{d['streets'][s]}"
               for s in d["street"].tolist()]  # fmt: skip
    assert Counter(zip(d["names"], streets, strict=True)) == Counter(
        zip(result.names, [result.group_names[g] for g in result.group_of], strict=True)
    )


def test_hover_reasons_are_coverage_findings(tables: Tables, city: dict) -> None:
    """The reason each organization shows is ``result.listing``'s, in the planner's words."""
    result = city["result"]
    d = data_of(map_view(tables, result=result).html)
    shown = Counter((d["names"][j], STATE_OF and list(STATE_OF)[c], d["reasons"][r])
                    for j, (c, r) in enumerate(zip(d["cat"].tolist(), d["reason"].tolist(), strict=True)))  # fmt: skip
    expected = Counter(
        (x["name"], cat, x["reason"]) for cat in STATE_OF for x in result.listing(cat)
    )
    assert shown == expected
    assert any(r.startswith("有") and "正式党员" in r for r in d["reasons"])
    en = data_of(map_view(tables, result=result, lang="en").html)
    assert (
        "formal member" in " ".join(en["reasons"]) and en["categories"][0] == CATEGORIES["own"][1]
    )


def test_instructors_by_masked_name_direct_and_through_the_party_org(tables: Tables, city: dict) -> None:  # fmt: skip
    result = city["result"]
    d = data_of(map_view(tables, result=result).html)
    start = np.concatenate([np.zeros(1, np.int64), np.cumsum(d["n_guides"], dtype=np.int64)])
    who: dict[str, set[str]] = {}  # by name (a name may repeat: their instructors together)
    for j in range(d["n"]):
        guides = d["guides"][start[j] : start[j + 1]].tolist()
        who.setdefault(d["names"][j], set()).update(d["instructors"][k] for k in guides)
    inst = tables.keys("Instructor")
    names = tables.column("Instructor", "name_masked")
    label = {k: f"{n} ({k})" for k, n in zip(inst, names, strict=True)}
    o_keys, o_names = tables.keys("Organization"), tables.column("Organization", "name")
    io, oo = tables.positions("GUIDES_Instructor_Organization")
    assert len(io)
    for i, o in zip(io.tolist()[:50], oo.tolist()[:50], strict=True):
        assert label[inst[i]] in who[o_names[o]], o_keys[o]
    ip, pp = tables.positions("GUIDES_Instructor_PartyOrg")
    cs, ce = tables.positions("COVERS_PartyOrg_Organization")
    via = [(i, o) for i, p in zip(ip.tolist(), pp.tolist(), strict=True) for o in ce[cs == p].tolist()]  # fmt: skip
    assert via
    for i, o in via[:50]:
        assert label[inst[i]] in who[o_names[o]]
    # names are masked: a surname and stars, never more
    assert all(re.fullmatch(r"\S\*+ \(\S+\)", s) for s in d["instructors"]), d["instructors"][:3]


def test_no_member_data_in_the_page(loaded_city: Path, tables: Tables, city: dict) -> None:
    with EmbeddedStore(loaded_city) as s:
        members = s.tables(labels=["Member"], rels=[], props={"Member": []}).keys("Member")
    assert members
    for v in (map_view(tables, result=city["result"]),
              network_view(tables, result=city["result"], proposals=city["proposals"])):  # fmt: skip
        d = data_of(v.html)
        text = repr({k: x for k, x in d.items() if not isinstance(x, np.ndarray)})
        assert not [m for m in members if m in text]


def test_the_network_of_a_street(tables: Tables, city: dict) -> None:
    result, proposals = city["result"], city["proposals"]
    view = network_view(tables, result=result, proposals=proposals)
    d = data_of(view.html)
    street = d["street"]
    assert street in result.group_names and street.replace("/", " ") in view.title
    kind = d["kind"]
    orgs = np.flatnonzero(kind == 0)
    g = result.group_names.index(street)
    assert sorted(d["labels"][j] for j in orgs) == sorted(
        result.names[j] for j in np.flatnonzero(result.group_of == g)
    )
    assert {KIND_ORDER[k] for k in set(kind.tolist())} >= {"Building", "PartyOrg", "Branch"}
    # each proposed branch of the street is a node linked to exactly its units
    mine = [b for b in proposals.groups if b.area == street]
    assert mine
    label = d["labels"]
    for b in mine:
        (node,) = [j for j in np.flatnonzero(kind == 5).tolist() if label[j] == b.name]
        linked = d["b"][d["a"] == node]
        assert sorted(label[j] for j in linked.tolist()) == sorted(b.names)
    # an organization's building is one of its neighbours
    o_names = tables.column("Organization", "name")
    b_names = tables.column("Building", "name")
    ob, bb = tables.positions("IN_BUILDING_Organization_Building")
    o_ix = {label[j]: j for j in orgs.tolist()}
    pairs = [(o_names[o], b_names[b]) for o, b in zip(ob.tolist(), bb.tolist(), strict=True)
             if o_names[o] in o_ix]  # fmt: skip
    assert pairs
    for org, building in pairs[:20]:
        ends = d["a"][d["b"] == o_ix[org]].tolist()
        assert building in {label[j] for j in ends if kind[j] == 1}


def test_instructors_and_member_units_in_the_network(tables: Tables, city: dict) -> None:
    """On the street of an organization an instructor guides and one a member unit is paired
    with, both appear, linked to it, the instructor by masked name."""
    result = city["result"]
    io, oo = tables.positions("GUIDES_Instructor_Organization")
    mo, mo_org = tables.positions("PAIRED_WITH_MemberUnit_Organization")
    for inst, org, kind, names in (
        (io, oo, 3, [f"{n} ({k})" for k, n in zip(tables.keys("Instructor"),
                                                  tables.column("Instructor", "name_masked"), strict=True)]),
        (mo, mo_org, 4, tables.column("MemberUnit", "name")),
    ):  # fmt: skip
        assert len(org)
        o = int(org[0])
        street = result.group_names[result.group_of[o]]
        d = data_of(network_view(tables, street, result=result, proposals=city["proposals"]).html)
        (node,) = [
            j
            for j in range(len(d["kind"]))
            if d["kind"][j] == 0 and d["labels"][j] == result.names[o]
        ]
        ends = d["a"][d["b"] == node].tolist()
        assert names[int(inst[0])] in {d["labels"][j] for j in ends if d["kind"][j] == kind}


def test_a_big_street_is_sampled_and_says_so(tables: Tables, city: dict) -> None:
    result = city["result"]
    street = max(result.group_names, key=lambda s: int((result.group_of == result.group_names.index(s)).sum()))  # fmt: skip
    n_all = int((result.group_of == result.group_names.index(street)).sum())
    view = network_view(tables, street, result=result, proposals=city["proposals"], max_orgs=20)
    d = data_of(view.html)
    assert int((d["kind"] == 0).sum()) == 20 < n_all
    assert f"共 {n_all} 个单位，画出 20 个" in view.title
    # uncovered ones first: as many as fit
    unc = {c for c in STATE_OF if STATE_OF[c] == "uncovered"}
    codes = [list(STATE_OF)[c] for c in d["cat"][d["kind"] == 0].tolist()]
    n_unc = sum(list(STATE_OF)[c] in unc for c in result.codes[result.group_of == result.group_names.index(street)].tolist())  # fmt: skip
    assert sum(c in unc for c in codes) == min(20, n_unc)


def test_street_by_name_and_bad_input(tables: Tables, city: dict) -> None:
    result = city["result"]
    full = result.group_names[0]
    name = full.split("/")[-1]
    if sum(g.split("/")[-1] == name for g in result.group_names) == 1:
        v = network_view(tables, name, result=result, proposals=city["proposals"])
        assert data_of(v.html)["street"] == full
    with pytest.raises(ValueError, match="no single street"):
        network_view(tables, "没有这个街道", result=result, proposals=city["proposals"])
    with pytest.raises(ValueError, match="by street"):
        map_view(tables, result=coverage(tables, by="district"))
    with pytest.raises(ValueError, match="lang"):
        map_view(tables, result=result, lang="fr")


def test_in_a_notebook_and_on_disk(tables: Tables, city: dict, tmp_path: Path) -> None:
    view = map_view(tables, result=city["result"])
    shown = view._repr_html_()
    assert shown.startswith("<iframe srcdoc=") and "</iframe>" in shown
    src = re.search(r'srcdoc="([^"]*)"', shown)
    assert src and html.unescape(src.group(1)) == view.page()
    path = view.save(tmp_path / "map.html")
    assert path.read_text(encoding="utf-8") == view.page()


def test_a_graph_gives_the_same_view(tables: Tables, loaded_city: Path, city: dict) -> None:
    with EmbeddedStore(loaded_city) as s:
        G = s.graph()
    assert map_view(G).html == map_view(tables, result=city["result"]).html


def test_assets_are_package_data() -> None:
    from importlib import resources

    names = {p.name for p in resources.files("pbgraph.views").joinpath("assets").iterdir()}
    assert {"common.js", "map.js", "network.js", "views.css"} <= names
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"views/assets/*"' in text
