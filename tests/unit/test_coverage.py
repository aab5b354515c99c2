"""Coverage: a hand-made ledger where every category and flag occurs, with the expected
answer written out by hand; property tests on random graphs; the synthetic city."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.analyses.coverage import BY, CATEGORIES, coverage
from pbgraph.graphmodel.identifiers import make_credit_code, make_resident_id
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import build_city

# organizations of the fixture: short name -> credit code
ORGS = {
    name: make_credit_code("91", "370102", f"MA{i:06d}")
    for i, name in enumerate(
        ["own", "joint1", "grown", "attached", "work", "must", "cand", "none", "keypaired",
         "keycovered", "weakown", "weakjoint1", "weakjoint2", *(f"big{k}" for k in range(6))],
        start=1,
    )
}  # fmt: skip
C = ORGS

EXPECTED_CATEGORY = {
    "own": "own", "joint1": "joint", "grown": "joint", "attached": "attached", "work": "work",
    "must": "must_build", "cand": "joint_candidate", "none": "no_members",
    "keypaired": "no_members", "keycovered": "attached", "weakown": "own",
    "weakjoint1": "joint", "weakjoint2": "joint", **{f"big{k}": "joint" for k in range(6)},
}  # fmt: skip
EXPECTED_FLAGS = {
    "key_unpaired": ["none"],  # keypaired has a member unit, keycovered a party organization
    "joint_grown": ["grown"],
    "latent": ["cand"],  # 2 formal members here + 1 held by the talent centre = 3
    "weak_no_instructor": ["P4"],  # P5 is weak too, but an instructor guides it
    "joint_over_limits": ["P6"],  # 6 units > 5
}


def _csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cov")
    street = {"own": "泉城路街道", "must": "大明湖街道", "cand": "大明湖街道", "none": "大明湖街道"}
    formal = {"own": 5, "joint1": 1, "grown": 3, "must": 4, "cand": 2, "weakown": 3,
              "weakjoint1": 1, "weakjoint2": 1, **{f"big{k}": 1 for k in range(6)}}  # fmt: skip
    key = {"none": "是", "keycovered": "是"}
    employees = {"keypaired": 150}
    orgs = [
        [
            "统一社会信用代码",
            "单位名称",
            "所属区县",
            "所属街道",
            "从业人员数",
            "是否重点",
            "正式党员",
        ]
    ]
    for name, code in C.items():
        orgs.append([code, f"{name}公司", "历下区", street.get(name, "泉城路街道"),
                     employees.get(name, 10), key.get(name, "否"), formal.get(name, 0)])  # fmt: skip
    pos = [
        ["党组织编号", "党组织名称", "组建方式", "运行状态", "覆盖单位统一社会信用代码"],
        ["P1", "own党支部", "单独组建", "正常", C["own"]],
        ["P2", "联合支部", "联合组建", "正常", f"{C['joint1']}；{C['grown']}"],
        ["P3", "综合党委", "挂靠", "正常", f"{C['attached']}、{C['keycovered']}"],
        ["P4", "弱支部", "单独组建", "软弱涣散", C["weakown"]],
        ["P5", "弱联合支部", "联合组建", "软弱涣散", f"{C['weakjoint1']}；{C['weakjoint2']}"],
        ["P6", "大联合支部", "联合组建", "正常", "；".join(C[f"big{k}"] for k in range(6))],
    ]
    instructors = [
        ["指导员编号", "所属区县", "所属街道", "指导单位统一社会信用代码", "指导党组织编号"],
        ["I1", "历下区", "泉城路街道", C["work"], "P5"],
    ]
    members = [
        ["公民身份号码", "党员类别", "关系所在类型", "组织关系所在", "工作单位统一社会信用代码"],
        [make_resident_id("370102", dt.date(1980, 1, 1), 1), "正式党员", "人才服务中心", "济南市人才服务中心", C["cand"]],
        [make_resident_id("370102", dt.date(1981, 1, 1), 2), "预备党员", "社区", "某社区党委", C["none"]],
    ]  # fmt: skip
    platforms = [["平台编号", "联席会议名称", "平台层级", "成员单位编号", "成员单位名称"],
                 ["LX1", "历下区联席会议", "区县级", "U1", "区民政局"]]  # fmt: skip
    pairings = [["成员单位编号", "包挂单位统一社会信用代码"], ["U1", C["keypaired"]]]
    files = [
        _csv(d / "orgs.csv", orgs), _csv(d / "pos.csv", pos), _csv(d / "ins.csv", instructors),
        _csv(d / "mem.csv", members), _csv(d / "plat.csv", platforms), _csv(d / "pair.csv", pairings),
    ]  # fmt: skip
    with EmbeddedStore(d / "store") as s:
        result = load_ledgers(files, s, quarantine_dir=d)
        assert result.rejects == [], result.rejects
    return d / "store"


def _graph(store: Path) -> nx.MultiDiGraph:
    with EmbeddedStore(store) as s:
        return s.graph()


def test_every_category_as_written_by_hand(fixture_store: Path) -> None:
    r = coverage(_graph(fixture_store))
    got = {name: r.category_of(code) for name, code in C.items()}
    assert got == EXPECTED_CATEGORY
    assert set(got.values()) == set(CATEGORIES)  # every category occurs


def test_every_flag_as_written_by_hand(fixture_store: Path) -> None:
    r = coverage(_graph(fixture_store))
    by_code = {v: k for k, v in C.items()}
    for flag, expected in EXPECTED_FLAGS.items():
        items = r.listing(flag)
        got = [x.get("party_org") or by_code[x["credit_code"]] for x in items]
        assert sorted(got) == sorted(expected), flag
        assert all(x["reason"] for x in items)
    (latent,) = r.listing("latent")
    assert len(latent["latent_members"]) == 1 and latent["latent_members"][0].startswith("M-")
    assert "转接后可达3名" in latent["reason"]


def test_rates_and_denominators(fixture_store: Path) -> None:
    G = _graph(fixture_store)
    t = coverage(G).totals()
    assert t["total"] == 19 and t["org_covered"] == 14 and t["own"] == 2
    assert t["rate"] == round(14 / 19, 4) and t["own_rate"] == round(2 / 19, 4)
    e = coverage(G, denominator="eligible").totals()
    # eligible: >= 3 formal members: own(5), grown(3), must(4), weakown(3) -> 3 of 4 covered
    assert (e["denominator"], e["rate"]) == (4, 0.75)
    streets = {g["group"]: g for g in coverage(G, by="street").groups()}
    assert (
        streets["历下区/大明湖街道"]["total"] == 3 and streets["历下区/大明湖街道"]["rate"] == 0.0
    )


def test_thresholds_are_parameters(fixture_store: Path) -> None:
    G = _graph(fixture_store)
    assert coverage(G, min_members=5).category_of(C["must"]) == "joint_candidate"
    assert coverage(G, max_units=6).listing("joint_over_limits") == []
    assert [x["party_org"] for x in coverage(G, max_members=4).listing("joint_over_limits")] == [
        "P6"
    ]


def test_json_shape(fixture_store: Path) -> None:
    d = coverage(_graph(fixture_store), by="street").to_dict(lang="en")
    for k in ("total", "org_covered", "work_covered", "uncovered", "must_build", "joint_candidates",
              "no_members", "key_unpaired", "latent", "groups"):  # fmt: skip
        assert k in d
    assert d["org_covered"] == {"own": 2, "joint": 10, "attached": 2, "count": 14}
    assert d["must_build"] == [
        {
            "credit_code": C["must"],
            "name": "must公司",
            "reason": "4 formal members and no party organization: must build its own",
        }
    ]
    assert {g["group"] for g in d["groups"]} == {"历下区/泉城路街道", "历下区/大明湖街道"}
    assert sum(g["total"] for g in d["groups"]) == d["total"]


# -- properties on random graphs ------------------------------------------------------------

FORMS = ["independent", "joint", "attached"]


@st.composite
def graphs(draw: st.DrawFn) -> nx.MultiDiGraph:
    n = draw(st.integers(1, 25))
    G = nx.MultiDiGraph()
    for d in range(2):
        G.add_node(f"Region:D{d}", label="Region", name=f"D{d}", level="district")
        G.add_node(f"Region:D{d}/s", label="Region", name="s", level="street")
        G.add_edge(f"Region:D{d}/s", f"Region:D{d}", key="PART_OF")
    for i in range(n):
        o = f"Organization:o{i}"
        G.add_node(o, label="Organization", formal_members=draw(st.integers(0, 6)),
                   industry=draw(st.sampled_from(["a", "b"])), kind="enterprise")  # fmt: skip
        G.add_edge(o, f"Region:D{draw(st.integers(0, 1))}/s", key="LOCATED_IN")
    for p in range(draw(st.integers(0, 6))):
        G.add_node(f"PartyOrg:p{p}", label="PartyOrg", form=draw(st.sampled_from(FORMS)))
        for i in draw(st.sets(st.integers(0, n - 1), max_size=4)):
            G.add_edge(f"PartyOrg:p{p}", f"Organization:o{i}", key="COVERS")
    G.add_node("Instructor:i", label="Instructor")
    for i in draw(st.sets(st.integers(0, n - 1), max_size=4)):
        G.add_edge("Instructor:i", f"Organization:o{i}", key="GUIDES")
    return G


def _reference(G: nx.MultiDiGraph, o: str, min_members: int = 3) -> str:
    """The rules of docs/design.md#coverage, organization by organization, straight from networkx."""
    forms = {G.nodes[u]["form"] for u, _, k in G.in_edges(o, keys=True) if k == "COVERS"}
    for form, cat in (("independent", "own"), ("joint", "joint"), ("attached", "attached")):
        if form in forms:
            return cat
    if any(k == "GUIDES" for _, _, k in G.in_edges(o, keys=True)):
        return "work"
    m = G.nodes[o]["formal_members"]
    return "must_build" if m >= min_members else "joint_candidate" if m else "no_members"


@settings(max_examples=150, deadline=None)
@given(graphs(), st.sampled_from(BY))
def test_categories_partition_and_agree_with_the_rules(G: nx.MultiDiGraph, by: str) -> None:
    before = nx.to_dict_of_dicts(G)
    r = coverage(G, by=by)
    assert nx.to_dict_of_dicts(G) == before  # the graph is not changed
    orgs = [n for n, d in G.nodes(data=True) if d["label"] == "Organization"]
    assert r.categories == {o: _reference(G, o) for o in orgs}
    t = r.totals()
    assert t["total"] == len(orgs)
    assert t["org_covered"] + t["work_covered"] + t["uncovered"] == t["total"]
    assert t["org_covered"] == t["own"] + t["joint"] + t["attached"]
    assert t["uncovered"] == t["must_build"] + t["joint_candidates"] + t["no_members"]
    assert t["rate"] == round(t["org_covered"] / t["total"], 4)
    groups = r.groups()
    assert sum(g["total"] for g in groups) == t["total"]
    assert sum(g["org_covered"] for g in groups) == t["org_covered"]
    assert Counter(r.categories.values()) == Counter(
        {
            k: v
            for k, v in zip(
                CATEGORIES,
                (
                    t["own"],
                    t["joint"],
                    t["attached"],
                    t["work_covered"],
                    t["must_build"],
                    t["joint_candidates"],
                    t["no_members"],
                ),
                strict=True,
            )
            if v
        }  # fmt: skip
    )


def test_city_matches_the_generator(loaded_city: Path) -> None:
    r = coverage(_graph(loaded_city))
    city = build_city(1500, seed=7)
    covered = {c for p in city.party_orgs for c in p["covered_codes"]}
    t = r.totals()
    assert t["org_covered"] == len(covered) and t["total"] == 1500
    by_form = {
        f: sum(len(p["covered_codes"]) for p in city.party_orgs if p["form"] == f) for f in FORMS
    }
    assert (t["own"], t["joint"], t["attached"]) == (
        by_form["independent"],
        by_form["joint"],
        by_form["attached"],
    )
