"""Balancing read through the columns (issue 17): the instructor and pairing plans from the
embedded store's tables (``store.tables(**inputs(kind))``) give byte-identical JSON to the
plans of the store's graph and of the same graph built by hand, on the small synthetic
city and on the office ledgers, under several parameter sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from pbgraph.analyses.balance import balance_instructors, balance_pairings, inputs
from pbgraph.graphmodel.tables import Tables
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import office_stores

RUN = {"instructors": balance_instructors, "pairings": balance_pairings}
CASES: list[tuple[str, dict[str, Any]]] = [
    ("instructors", {}),
    ("instructors", {"scope": "street", "capacity": 2}),
    ("instructors", {"scope": "city", "move_gap": 1, "cross_district_cost": 4}),
    ("instructors", {"keep_existing": False, "min_members": 2, "weights": {"weak": 70}}),
    ("instructors", {"max_changes": 10, "key_employees": 20, "large_staff": 10}),
    ("pairings", {}),
    ("pairings", {"capacity": 1, "cross_street_cost": 0}),
    ("pairings", {"keep_existing": False, "capacities": {"city": 3, "district": 2}}),
    ("pairings", {"max_changes": 5, "move_gap": 1, "key_revenue": 100.0}),
]


def plan_json(G: nx.MultiDiGraph | Tables, kind: str, lang: str = "zh", **kw: Any) -> str:
    """The plan's JSON (``result.to_dict``), or the error it raised."""
    try:
        r = RUN[kind](G, **kw)
    except Exception as e:  # the same error through every path counts as the same
        return f"{type(e).__name__}: {e}"
    return json.dumps(r.to_dict(lang=lang), ensure_ascii=False, indent=2)


def by_hand(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` as a researcher builds it: a new graph, node by node and edge by edge, with
    its own attribute dicts, some nodes without a ``label`` (the id says it) and a node
    and an attribute outside the schema."""
    H = nx.MultiDiGraph()
    for k, (n, d) in enumerate(G.nodes(data=True)):
        H.add_node(n, **{p: v for p, v in d.items() if p != "label" or k % 3})
    for u, v, key, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=key, **d)
    H.add_node("Note:n1", label="Note", text="not in the schema")
    first = next(n for n in H if str(n).startswith("Organization:"))
    H.nodes[first]["remark"] = "an attribute outside the schema"
    return H


def same_plans(s: EmbeddedStore, cases: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """Check every case through the three paths; return the JSON through the tables."""
    G = s.graph()
    H = by_hand(G)
    tables = {kind: s.tables(**inputs(kind)) for kind in RUN}
    out = []
    for kind, kw in cases:
        got = plan_json(tables[kind], kind, **kw)
        assert got == plan_json(G, kind, **kw), (kind, kw)
        assert got == plan_json(H, kind, **kw), (kind, kw)
        out.append(got)
    return out


@pytest.mark.parametrize("kind,kw", CASES, ids=lambda x: x if isinstance(x, str) else "-".join(
    f"{k}={v}" for k, v in x.items()) or "defaults")  # fmt: skip
def test_balance_same_on_the_city(loaded_city: Path, kind: str, kw: dict[str, Any]) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        (got,) = same_plans(s, [(kind, kw)])
        assert got.startswith("{"), got  # a plan, not an error
        assert plan_json(s.tables(), kind, lang="en", **kw) == plan_json(
            s.graph(), kind, lang="en", **kw
        )  # everything read: the same again, in English


def test_balance_same_on_office_ledgers(tmp_path: Path) -> None:
    for _name, _folder, s in office_stores(tmp_path):
        plans = same_plans(s, CASES)
        pairings = json.loads(plans[CASES.index(("pairings", {}))])
        assert pairings["stats"]["after"]["demand"] > 0  # key organizations to pair


def test_inputs_are_enough_and_named_in_the_schema(loaded_city: Path) -> None:
    """Only the columns named are read, and the plans need no other."""
    with EmbeddedStore(loaded_city, readonly=True) as s:
        for kind in RUN:
            t = s.tables(**inputs(kind))
            assert set(t.columns) >= set(inputs(kind)["props"])
            assert "Member" not in t.nodes and "WORKS_AT_Member_Organization" not in t.rels
            assert plan_json(t, kind).startswith("{")
    assert "PartyOrg" not in inputs("pairings")["props"]  # its keys only, as COVERS' start
    with pytest.raises(ValueError, match="kind must be one of"):
        inputs("volunteers")


def test_edge_cases_read_alike() -> None:
    """Twice-located organizations (the last place wins, as before), a party organization
    spread over two streets equally (the lower region code wins), an instructor with no
    base, ledger capacities of 0 and missing: read as the graph-walking code read them."""
    G = nx.MultiDiGraph()
    for code, level in [("A", "district"), ("A/s", "street"), ("A/t", "street"),
                        ("A/t/c", "community")]:  # fmt: skip
        G.add_node(f"Region:{code}", label="Region", level=level)
    G.add_edge("Region:A/s", "Region:A", key="PART_OF")
    G.add_edge("Region:A/t", "Region:A", key="PART_OF")
    G.add_edge("Region:A/t/c", "Region:A/t", key="PART_OF")
    for k, (m, e) in enumerate([(5, 120), (1, 0), (0, 60), (2, 10)]):
        G.add_node(f"Organization:o{k}", label="Organization", formal_members=m, employees=e,
                   name=f"O{k}")  # fmt: skip
    G.add_edge("Organization:o0", "Region:A/s", key="LOCATED_IN")
    G.add_edge("Organization:o0", "Region:A/t/c", key="LOCATED_IN")  # twice: the last wins
    G.add_edge("Organization:o1", "Region:A/t", key="LOCATED_IN")
    G.add_edge("Organization:o2", "Region:A/s", key="LOCATED_IN")
    G.add_node("PartyOrg:j", label="PartyOrg", form="joint", name="J")
    G.add_node("PartyOrg:w", label="PartyOrg", status="weak")
    G.add_edge("PartyOrg:j", "Organization:o1", key="COVERS")
    G.add_edge("PartyOrg:j", "Organization:o2", key="COVERS")
    G.add_edge("PartyOrg:w", "Organization:o3", key="COVERS")
    G.add_node("Instructor:i1", label="Instructor", name_masked="张三", capacity=0)
    G.add_node("Instructor:i2", label="Instructor", name_masked="李四")
    G.add_node("Instructor:i3", label="Instructor")
    G.add_edge("Instructor:i1", "Region:A/s", key="BASED_IN")
    G.add_edge("Instructor:i2", "Region:A/t/c", key="BASED_IN")
    G.add_edge("Instructor:i1", "Organization:o0", key="GUIDES")
    G.add_edge("Instructor:i2", "PartyOrg:j", key="GUIDES")
    r = balance_instructors(G, scope="city")
    items = {it.id: it for it in r.items}
    assert (items["Organization:o0"].street, items["Organization:o0"].district) == ("A/t", "A")
    assert items["PartyOrg:j"].street == "A/s" and items["PartyOrg:j"].size == 1
    assert items["PartyOrg:w"].street is None and items["PartyOrg:w"].klass == "weak"
    caps = {s.id: (s.capacity, s.street) for s in r.suppliers}
    assert caps == {"i1": (0, "A/s"), "i2": (3, "A/t"), "i3": (3, None)}
    assert {s.id: s.existing for s in r.suppliers}["i2"] == ("PartyOrg:j",)
