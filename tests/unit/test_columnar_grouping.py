"""Grouping read through the columns (issue 17): ``group`` of the store's tables
(``store.tables(**inputs(...))``) gives byte-identical JSON — the result, every listing and
the findings written back — to ``group`` of ``store.graph()`` and of a plain networkx copy of
it (its tables rebuilt from the attribute dicts), on the small synthetic city, the office
ledgers and a planted store with what needs care (missing names, a branch to split, members
held elsewhere); and ``pbgraph group`` reads no graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from pbgraph.analyses.grouping import LISTS, group, inputs
from pbgraph.graphmodel.schema import RELS
from pbgraph.graphmodel.tables import Tables, tables_of
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import group_cli, office_stores

CASES: list[dict[str, Any]] = [
    {},
    {"within": "district"},
    {"include_empty": True},
    {"count_latent": True},
    {"include_empty": True, "count_latent": True, "within": "district"},
    {"min_members": 2, "max_units": 3, "max_members": 8, "prefer": ["industry"]},
    {"max_units": 2, "prefer": []},
    {"exact": True, "exact_max": 8, "include_empty": True},
]


def dumps(G: nx.MultiDiGraph | Tables, lang: str, **kw: Any) -> str:
    """Everything ``pbgraph group`` can print (and write back) for ``G``, as one JSON text."""
    r = group(G, **kw)
    out = {"result": r.to_dict(lang=lang), "rows": r.rows(), "findings": r.findings(lang=lang)}
    out |= {name: r.listing(name, lang=lang) for name in LISTS}
    return json.dumps(out, ensure_ascii=False, indent=1)


def same_grouping(s: EmbeddedStore, cases: list[dict[str, Any]] = CASES) -> None:
    """For every case: the tables asked for, the store's graph and a networkx copy of it."""
    G = s.graph()
    copy = nx.MultiDiGraph(G)  # no tables kept: rebuilt from the graph's dicts
    copy.graph.pop("tables", None)
    for kw in cases:
        lang = "en" if kw.get("include_empty") else "zh"
        t = s.tables(**inputs(within=kw.get("within", "street"),
                              count_latent=kw.get("count_latent", False)))  # fmt: skip
        want = dumps(G, lang, **kw)
        assert dumps(t, lang, **kw) == want, kw
        assert dumps(copy, lang, **kw) == want, kw
        assert dumps(tables_of(copy), lang, **kw) == want, kw


def test_group_same_on_the_city(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        same_grouping(s)
        r = group(s.tables(**inputs()))
        assert r.groups and r.uncovered  # the city has proposals and candidates left out


def test_group_same_on_office_ledgers(tmp_path: Path) -> None:
    for _name, _folder, s in office_stores(tmp_path):
        same_grouping(s, [*CASES, {"exact": True}])


def _rel(name: str) -> Any:
    return next(r for r in RELS if r.name == name)


def test_group_same_on_planted_store(store: EmbeddedStore) -> None:
    """Names missing or empty (a building's key, a branch's id stand for them), units in no
    building and of no industry, a joint branch over the limits with a grown unit, formal
    members held by a talent centre, a street with too few members."""
    s = store
    s.upsert_nodes("Region", [
        {"code": "D", "name": "历下区", "level": "district"},
        {"code": "D/a", "name": "甲街道", "level": "street"},
        {"code": "D/b", "name": "乙街道", "level": "street"},
    ])  # fmt: skip
    s.upsert_rels(_rel("PART_OF_Region_Region"), [{"start": "D/a", "end": "D"},
                                                  {"start": "D/b", "end": "D"}])  # fmt: skip
    s.upsert_nodes("Building", [{"id": "B1", "name": "恒隆广场"}, {"id": "B2"},
                                {"id": "B3", "name": ""}])  # fmt: skip
    orgs = [  # code, formal, probationary, building, industry, street
        ("o1", 2, 1, "B1", "批发和零售业", "D/a"), ("o2", 1, 0, "B1", "批发和零售业", "D/a"),
        ("o3", 1, 2, "B2", None, "D/a"), ("o4", 1, 0, None, "", "D/a"),
        ("o5", 0, 0, "B2", "住宿和餐饮业", "D/a"), ("o6", 0, 1, "B3", None, "D/a"),
        ("o7", 2, 0, "B3", "建筑业", "D/a"), ("o8", 1, 0, None, "建筑业", "D/b"),
        ("j1", 4, 0, "B1", "建筑业", "D/a"), ("j2", 1, 0, None, None, "D/a"),
        ("j3", 1, 9, "B2", None, "D/a"), ("j4", 2, 0, None, None, "D/b"),
    ]  # fmt: skip
    s.upsert_nodes("Organization", [
        {"credit_code": c, "name": None if c == "o3" else f"{c}公司", "formal_members": f,
         "probationary_members": p, "industry": i}
        for c, f, p, _, i, _ in orgs
    ])  # fmt: skip
    s.upsert_rels(_rel("LOCATED_IN_Organization_Region"),
                  [{"start": c, "end": st} for c, *_, st in orgs])  # fmt: skip
    s.upsert_rels(_rel("IN_BUILDING_Organization_Building"),
                  [{"start": c, "end": b} for c, _, _, b, *_ in orgs if b])  # fmt: skip
    s.upsert_nodes("PartyOrg", [{"id": "P1", "form": "joint"}, {"id": "P2", "form": "joint",
                                                                "name": "乙联合党支部"}])  # fmt: skip
    s.upsert_rels(_rel("COVERS_PartyOrg_Organization"),
                  [{"start": "P1", "end": c} for c in ("j1", "j2", "j3")]
                  + [{"start": "P2", "end": "j4"}])  # fmt: skip
    s.upsert_nodes("Member", [{"id": f"m{k}", "status": "formal", "held_by": "talent_centre"}
                              for k in range(3)])  # fmt: skip
    s.upsert_rels(_rel("WORKS_AT_Member_Organization"),
                  [{"start": "m0", "end": "o8"}, {"start": "m1", "end": "o8"},
                   {"start": "m2", "end": "o4"}])  # fmt: skip
    same_grouping(s)
    r = group(s.tables(**inputs()), include_empty=True)
    assert r.totals() == {"candidates": 6, "covered": 5, "uncovered": 1, "upper_bound": 5,
                          "gap": 0, "groups": 2, "empty_covered": 2}  # fmt: skip
    assert [(g.codes, g.buildings) for g in r.groups] == [
        (["o1", "o2", "o5", "o6"], ["B2", "恒隆广场"]),  # B2's key for its name; B3's "" left out
        (["o3", "o4", "o7"], ["B2"]),
    ]
    assert r.groups[1].names[0] == "" and r.uncovered[0]["credit_code"] == "o8"
    (split,) = r.splits  # P2 keeps the rules; P1 has a grown unit, and no name
    assert (split["party_org"], split["name"]) == ("P1", "P1")
    assert [p["name"] for p in split["parts"]] == ["j1公司党支部", "P1"]
    latent = group(s.tables(**inputs(count_latent=True)), count_latent=True)
    assert latent.uncovered == []  # o8: 1 + 2 held elsewhere, builds its own
    ((o4_reason,),) = [[x for c, x in zip(g.codes, g.reasons, strict=True) if c == "o4"]
                       for g in latent.groups if "o4" in g.codes]  # fmt: skip
    assert "incl. 1 held elsewhere" in o4_reason[1]


def test_inputs_name_only_what_is_read() -> None:
    plain, latent = inputs(), inputs(within="district", count_latent=True)
    assert "Member" not in plain["labels"] and "WORKS_AT_Member_Organization" not in plain["rels"]
    assert "Member" in latent["labels"] and "WORKS_AT_Member_Organization" in latent["rels"]
    assert "industry" in plain["props"]["Organization"] and plain["props"]["Building"] == ["name"]
    with pytest.raises(ValueError, match="within"):
        inputs(within="city")


def test_command_reads_no_graph(loaded_city: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        G = s.graph()
    want = {
        args: group(G, include_empty=bool(args)).to_dict(lang="en" if args else "zh")
        for args in ((), ("--include-empty", "--lang", "en"))
    }

    def no_graph(self: EmbeddedStore) -> None:
        raise AssertionError("pbgraph group read the whole graph")

    monkeypatch.setattr(EmbeddedStore, "graph", no_graph)
    for args, obj in want.items():
        r = group_cli("--store", str(loaded_city), "--format", "json", *args)
        assert r.exit_code == 0, r.output
        assert json.loads(r.output) == json.loads(json.dumps(obj, ensure_ascii=False))
