"""Progress, funds, demonstration sites and coverage snapshots read through the columns
(issue 17): each analysis gives byte-identical JSON through ``store.tables(**inputs())``
(only the columns it names), through ``store.graph()`` and through a networkx graph made
without the store (a copy: its tables are rebuilt from the graph), on the small synthetic
city, the office ledgers, the hand-made district of the progress tests and a planted store
of the cases that need care (a street known only from a report, a party organization
covering nothing, sites without a place, missing names, dates and scores)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest

from pbgraph.analyses import demo_sites as ds
from pbgraph.analyses import funds as fu
from pbgraph.analyses import progress as pr
from pbgraph.analyses import snapshots as sn
from pbgraph.analyses.coverage import UNCOVERED, coverage
from pbgraph.analyses.places import merge_inputs, uncovered_codes, uncovered_inputs
from pbgraph.graphmodel.schema import RELS
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import office_stores
from tests.progress_ledgers import hand_ledgers, snapshot_story

PROGRESS: list[dict[str, Any]] = [
    {},
    {"by": "district"},
    {"since": "2018-07-10", "until": "2018-07-31", "stale_days": 2, "behind": 0.9, "window": 3,
     "min_members": 1},
    {"by": "district", "until": "2019-01-01", "window": 30},
]  # fmt: skip
FUNDS: list[dict[str, Any]] = [
    {},
    {"since": "2018-01-01", "until": "2018-12-31", "budget": 5000, "new_org": 1000,
     "demo_site": 0},
    {"until": "2017-12-31"},
]  # fmt: skip
DEMO_SITES: list[dict[str, Any]] = [
    {},
    {"industry_scope": "street", "cluster_min": 1, "near": "district", "top": 3},
    {"industry_scope": "city", "cluster_min": 1, "top": 0, "min_members": 1},
]
ANALYSES: list[tuple[Callable[..., Any], Callable[[], dict[str, Any]], list[dict[str, Any]]]] = [
    (pr.progress, pr.inputs, PROGRESS),
    (fu.funds, fu.inputs, FUNDS),
    (ds.demo_sites, ds.inputs, DEMO_SITES),
]


def dumps(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False, indent=2, default=str)


def outputs(result: Any) -> str:
    """Everything a command or the report takes from a result, as text."""
    out = {lang: result.to_dict(lang=lang) for lang in ("zh", "en")}
    if isinstance(result, pr.ProgressResult):
        out["table"] = result.table(lang="en")
        out["daily"] = {k: v.tolist() if isinstance(v, np.ndarray) else v
                        for k, v in result.daily().items()}  # fmt: skip
    elif isinstance(result, fu.FundsResult):
        out["rows"] = result.rows()
        out["reason"] = result.reason(lang="en")
    return dumps(out)


def same_everywhere(s: EmbeddedStore) -> None:
    """Every analysis, every variant: the same JSON through the store's columns, its graph
    and a networkx graph of its own."""
    G = s.graph()
    H = nx.MultiDiGraph(G)
    H.graph.clear()  # no tables of the store's: rebuilt from the graph
    for run, inputs, variants in ANALYSES:
        t = s.tables(**inputs())
        for kw in variants:
            want = outputs(run(G, **kw))
            assert outputs(run(t, **kw)) == want, (run.__name__, kw)
            assert outputs(run(H, **kw)) == want, (run.__name__, kw)
    # uncovered as coverage says, with or without coverage's result at hand
    t = s.tables(**merge_inputs(uncovered_inputs(), pr.inputs()))
    for m in (1, 3, 5):
        codes = coverage(G, by="street", min_members=m).codes
        got = uncovered_codes(t, m)
        unc = np.isin(codes, UNCOVERED)
        assert np.array_equal(got >= 0, unc) and np.array_equal(got[unc], codes[unc])
        cov = coverage(G, by="street", min_members=m)
        assert outputs(pr.progress(G, min_members=m, coverage_result=cov)) == outputs(
            pr.progress(t, min_members=m)
        )


def test_same_on_the_city(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        assert s.counts()["VisitReport"] and s.counts()["DemoSite"]
        same_everywhere(s)


def test_same_on_office_ledgers(tmp_path: Path) -> None:
    for _name, _folder, s in office_stores(tmp_path):
        same_everywhere(s)


def test_same_on_the_hand_made_district(tmp_path: Path) -> None:
    files = hand_ledgers(tmp_path)
    with EmbeddedStore(tmp_path / "store") as s:
        assert load_ledgers(list(files.values()), s, quarantine_dir=tmp_path).rejects == []
        same_everywhere(s)


_REL = {r.name: r for r in RELS}


def plant(s: EmbeddedStore) -> None:
    """A store of the cases that need care, written straight into it."""
    s.upsert_nodes("Region", [
        {"code": "D1", "name": "一区", "level": "district"},
        {"code": "D1/s1", "name": "s1", "level": "street"},
        {"code": "D1/s2", "name": "s2"},  # a street only because a report is for it
        {"code": "D2/s3", "name": "s3", "level": "street"},  # no district in the ledger
        {"code": "X"},  # a site's region, no level
    ])  # fmt: skip
    s.upsert_nodes("Organization", [
        {"credit_code": "o1", "name": "O1", "industry": "IT", "formal_members": 4},
        {"credit_code": "o2", "name": "", "industry": "IT", "formal_members": 1},
        {"credit_code": "o3", "industry": "", "formal_members": 2},
        {"credit_code": "o4", "name": "O4", "industry": "food", "formal_members": 0},
        {"credit_code": "o5", "name": "O5", "industry": "IT", "formal_members": 3},
        {"credit_code": "o6", "name": "O6", "formal_members": 5},
        {"credit_code": "o7", "name": "O7", "industry": "food"},
        {"credit_code": "o8", "name": "O8", "industry": "IT", "formal_members": 2},
    ])  # fmt: skip
    s.upsert_nodes("PartyOrg", [
        {"id": "p1", "name": "P1", "form": "independent", "founded": "2018-07-20"},
        {"id": "p2", "name": "P2", "form": "independent", "status": "weak"},
        {"id": "p3", "name": "P3", "form": "joint", "founded": "2018-06-01"},
        {"id": "p4", "name": "P4", "form": "independent", "founded": "2017-12-31"},
    ])  # fmt: skip
    s.upsert_nodes("Building", [{"id": "b1", "name": "B1"}, {"id": "b2"}])
    s.upsert_nodes("VisitReport", [
        {"id": "r1", "date": "2018-07-01", "visited": 3, "willing": 1, "developed": 1},
        {"id": "r2", "date": "2018-07-20", "visited": 0},
        {"id": "r3", "visited": 2},  # no date
        {"id": "r4", "date": "2018-07-25", "visited": 1},  # for no region
    ])  # fmt: skip
    s.upsert_nodes("DemoSite", [
        {"id": "S1", "name": "S1", "designated": "2018-05-01", "strong_leadership": 90.5,
         "strong_members": 80, "strong_role": 70, "good_mechanisms": 60, "good_support": 50,
         "good_standing": 40, "score": 390.5},
        {"id": "S2", "name": "S2", "strong_leadership": 88.8, "strong_role": 70.1},
        {"id": "S3", "designated": "2017-03-01"},
    ])  # fmt: skip
    s.upsert_nodes("Member", [{"id": "m1", "status": "formal", "held_by": "community"}])
    rels = {
        "PART_OF_Region_Region": [("D1/s1", "D1"), ("D1/s2", "D1")],
        "LOCATED_IN_Organization_Region": [("o1", "D1/s1"), ("o2", "D1/s1"), ("o3", "D1/s2"),
                                           ("o4", "D1/s2"), ("o5", "D2/s3"), ("o6", "D1/s1"),
                                           ("o7", "D2/s3")],  # o8: nowhere
        "IN_BUILDING_Organization_Building": [("o2", "b1"), ("o3", "b1"), ("o4", "b2"),
                                              ("o8", "b2")],
        "IN_Building_Region": [("b1", "D1/s1"), ("b2", "D1/s2")],
        "COVERS_PartyOrg_Organization": [("p1", "o1"), ("p2", "o2"), ("p3", "o3"), ("p3", "o4")],
        "GUIDES_Instructor_Organization": [("i1", "o5"), ("i1", "o6")],
        "GUIDES_Instructor_PartyOrg": [("i1", "p2"), ("i2", "p3")],
        "PAIRED_WITH_MemberUnit_Organization": [("u1", "o1"), ("u1", "o7")],
        "WORKS_AT_Member_Organization": [("m1", "o8")],
        "FOR_VisitReport_Region": [("r1", "D1/s1"), ("r2", "D1/s2"), ("r3", "D2/s3")],
        "VISITED_VisitReport_Organization": [("r1", "o7"), ("r1", "o8"), ("r2", "o1")],
        "SITE_OF_DemoSite_Organization": [("S1", "o1")],
        "SITE_OF_DemoSite_PartyOrg": [("S2", "p3")],
        "IN_DemoSite_Region": [("S1", "D1/s1"), ("S3", "X")],
    }  # fmt: skip
    for name, pairs in rels.items():
        s.upsert_rels(_REL[name], [{"start": a, "end": b} for a, b in pairs])


def test_same_on_planted_cases(store: EmbeddedStore) -> None:
    plant(store)
    same_everywhere(store)
    t = store.tables(**pr.inputs())
    # a site's region is a street; D2/s3's district comes from its code
    assert pr.progress(t).daily()["districts"] == ["D1", "D2", "X"]
    got = fu.funds(store.tables(**fu.inputs()))
    assert [(r["group"], r["new_orgs"], r["demo_sites"]) for r in got.rows()] == [
        ("D1", 2, 1), ("(未知)", 0, 1), ("D2", 0, 0), ("X", 0, 0), ("合计", 2, 2)
    ]  # fmt: skip


def test_same_on_an_empty_store(store: EmbeddedStore) -> None:
    same_everywhere(store)


def test_inputs_name_only_what_each_reads(loaded_city: Path) -> None:
    """No analysis reads a member, a name it does not show, or a relation it does not use."""
    for inputs in (pr.inputs, fu.inputs, ds.inputs):
        got = inputs()
        assert "Member" not in got["labels"] and "WORKS_AT_Member_Organization" not in got["rels"]
        assert set(got["props"]) == set(got["labels"])  # no label read whole
    assert pr.inputs()["props"]["Organization"] == ["formal_members"]
    assert fu.inputs()["props"]["Organization"] == []
    with pytest.raises(ValueError, match="step must be"):
        sn.inputs("nope")


# -- snapshots --------------------------------------------------------------------------------


def test_snapshots_through_the_columns(tmp_path: Path) -> None:
    """A snapshot taken from the tables is the one taken from the graph; the diff's names
    are the same from the tables, the graph and a networkx graph."""
    files = hand_ledgers(tmp_path)
    with EmbeddedStore(tmp_path / "s") as s:
        snapshot_story(s, tmp_path, files)
        by_graph = sn.take_snapshot(s, s.graph(), "2018-08-01", min_members=2)
        rows = sn.read_snapshot(s, "2018-08-01")
        by_tables = sn.take_snapshot(s, s.tables(**sn.inputs("take")), "2018-08-01", min_members=2)
        assert by_tables == by_graph and sn.read_snapshot(s, "2018-08-01") == rows
        G = s.graph()
        want = dumps(sn.compare_stored(s, "2018-06-30", "2018-07-31", G).to_dict(lang="en"))
        for names in (s.tables(**sn.inputs("compare")), nx.MultiDiGraph(G)):
            got = sn.compare_stored(s, "2018-06-30", "2018-07-31", names)
            assert dumps(got.to_dict(lang="en")) == want
        assert '"name": "a1公司"' in want


def test_snapshot_of_the_city_through_the_columns(loaded_city: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(loaded_city, tmp_path / "store")
    with EmbeddedStore(tmp_path / "store") as s:
        a = sn.take_snapshot(s, s.graph(), "2018-06-30")
        b = sn.take_snapshot(s, s.tables(**sn.inputs("take")), "2018-07-31")
        assert {k: v for k, v in a.items() if k != "as_of"} == {
            k: v for k, v in b.items() if k != "as_of"
        }
        assert sn.read_snapshot(s, "2018-06-30") == sn.read_snapshot(s, "2018-07-31")
        diff = sn.compare_stored(s, "2018-06-30", "2018-07-31", s.tables(**sn.inputs("compare")))
        assert diff.changes == []
