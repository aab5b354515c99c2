"""Coverage on a hand-built graph whose answer is known, and on the synthetic city."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from pbgraph.analyses.coverage import coverage
from pbgraph.graphmodel.store import EmbeddedStore
from pbgraph.synth import build_city


def _graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for d in ("A", "B"):
        G.add_node(f"Region:{d}", label="Region", name=d, level="district")
        G.add_node(f"Region:{d}/s", label="Region", name="s", level="street")
        G.add_edge(f"Region:{d}/s", f"Region:{d}", key="PART_OF")
    orgs = {  # code: (district, formal members)
        "own": ("A", 5), "joint": ("A", 1), "att": ("A", 0), "both": ("A", 4),
        "work": ("B", 0), "must": ("B", 3), "cand": ("B", 2), "none": ("B", 0),
    }  # fmt: skip
    for code, (d, m) in orgs.items():
        G.add_node(f"Organization:{code}", label="Organization", formal_members=m)
        G.add_edge(f"Organization:{code}", f"Region:{d}/s", key="LOCATED_IN")
    for pid, form, covered in [
        ("p1", "independent", ["own", "both"]),
        ("p2", "joint", ["joint", "both"]),
        ("p3", "attached", ["att"]),
    ]:
        G.add_node(f"PartyOrg:{pid}", label="PartyOrg", form=form)
        for c in covered:
            G.add_edge(f"PartyOrg:{pid}", f"Organization:{c}", key="COVERS")
    G.add_node("Instructor:i", label="Instructor")
    G.add_edge("Instructor:i", "Organization:work", key="GUIDES")
    G.add_edge("Instructor:i", "Organization:joint", key="GUIDES")
    return G


def test_categories() -> None:
    G = _graph()
    before = nx.to_dict_of_dicts(G)
    r = coverage(G)
    assert {k.partition(":")[2]: v for k, v in r.categories.items()} == {
        "own": "own", "joint": "joint", "att": "attached", "both": "own",
        "work": "work", "must": "must_build", "cand": "joint_candidate", "none": "no_members",
    }  # fmt: skip
    assert nx.to_dict_of_dicts(G) == before  # the graph is not changed
    rows = {row["area"]: row for row in r.rows()}
    assert rows["A"]["rate"] == 1.0 and rows["B"]["rate"] == 0.0
    assert rows["合计"]["organizational"] == 4 and rows["合计"]["rate"] == 0.5
    assert [row["area"] for row in r.rows()] == ["B", "A", "合计"]  # lowest rate first


def test_min_members_is_a_parameter() -> None:
    r = coverage(_graph(), min_members=4)
    assert r.categories["Organization:must"] == "joint_candidate"


def test_findings_carry_reasons() -> None:
    f = {x["end"]: x for x in coverage(_graph(), by="street").findings()}
    assert set(f) == {"must", "cand", "none"}
    assert "应单独组建" in f["must"]["reason"]


def test_city_matches_the_generator(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city) as s:
        r = coverage(s.graph())
    city = build_city(1500, seed=7)
    covered = {c for p in city.party_orgs for c in p["covered_codes"]}
    t = r.totals()
    assert t["organizational"] == len(covered)
    assert t["organizations"] == 1500
    by_form = {
        f: sum(len(p["covered_codes"]) for p in city.party_orgs if p["form"] == f)
        for f in ("independent", "joint", "attached")
    }
    assert (t["own"], t["joint"], t["attached"]) == (
        by_form["independent"],
        by_form["joint"],
        by_form["attached"],
    )
