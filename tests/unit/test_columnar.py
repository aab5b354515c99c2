"""The columnar projection (issue 17): coverage read straight from the embedded store's
columns (``store.tables``) gives byte-identical JSON to coverage of the networkx graph, on
the small synthetic city and on the office ledgers; the column-backed tables hold what the
graph holds. (On Neo4j: ``tests/integration/test_columnar_neo4j.py``.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pbgraph.analyses.coverage import BY, coverage, inputs
from pbgraph.errors import StoreError
from pbgraph.graphmodel.tables import Tables, tables_of
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import office_stores

CASES = [{"by": by} for by in BY] + [
    {"by": "street", "denominator": "eligible", "min_members": 2},
    {"by": "district", "max_units": 2, "max_members": 10},
]


def same_coverage(G: Any, t: Tables, lang: str = "zh", **kw: Any) -> None:
    """coverage's JSON through the graph and through the tables, byte for byte."""
    want = json.dumps(coverage(G, **kw).to_dict(lang=lang), ensure_ascii=False, indent=2)
    got = json.dumps(coverage(t, **kw).to_dict(lang=lang), ensure_ascii=False, indent=2)
    assert got == want


@pytest.mark.parametrize("kw", CASES, ids=lambda kw: "-".join(map(str, kw.values())))
def test_coverage_same_on_the_city(loaded_city: Path, kw: dict[str, Any]) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        G = s.graph()
        same_coverage(G, s.tables(**inputs(kw["by"])), **kw)
        same_coverage(G, s.tables(), lang="en", **kw)  # everything read: the same again


def test_coverage_same_on_office_ledgers(tmp_path: Path) -> None:
    for _name, _folder, s in office_stores(tmp_path):
        G = s.graph()
        for kw in CASES:
            same_coverage(G, s.tables(**inputs(kw["by"])), **kw)


def test_tables_hold_what_the_graph_holds(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        G = s.graph()
        full, cols = tables_of(G), s.tables()
    for label, (keys, attrs) in full.nodes.items():
        assert cols.keys(label) == keys
        assert list(cols.node_table(label)[1]) == list(attrs)
        for prop in ("name", "formal_members", "revenue", "key"):
            a, b = full.column(label, prop), cols.column(label, prop)
            assert type(a) is type(b)
            assert (a == b).all() if isinstance(a, np.ndarray) else a == b
    assert full.rels == cols.rels
    for name in full.rels:
        assert all(map(np.array_equal, full.positions(name), cols.positions(name)))


def test_tables_read_only_what_is_asked(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        t = s.tables(["Organization"], ["COVERS_PartyOrg_Organization"], {"Organization": ["name"]})
        assert set(t.nodes) == {"Organization", "PartyOrg"}  # the end labels' keys too
        assert t.columns["PartyOrg"] == {} and list(t.columns["Organization"]) == ["name"]
        with pytest.raises(KeyError, match="formal_members was not read"):
            t.column("Organization", "formal_members")
        assert t.node_table("Organization")[1][0].keys() <= {"label", "credit_code", "name"}
        for bad in ({"labels": ["Nope"]}, {"rels": ["NOPE"]}, {"props": {"Member": ["x"]}}):
            with pytest.raises(StoreError, match="Nope|NOPE|no property"):
                s.tables(**bad)


def test_column_types() -> None:
    """Numbers, flags: numpy with 0 / False where missing; text: a list with None."""
    import networkx as nx

    G = nx.MultiDiGraph()
    G.add_node("Organization:a", label="Organization", formal_members=2, key=True, name="A")
    G.add_node("Organization:b", label="Organization", revenue=1.5)
    t = tables_of(G)
    assert t.column("Organization", "formal_members").tolist() == [2, 0]
    assert t.column("Organization", "revenue").dtype == np.float64
    assert t.column("Organization", "key").tolist() == [True, False]
    assert t.column("Organization", "name") == ["A", None]


def test_columns_that_need_care(store: EmbeddedStore) -> None:
    """Missing values, empty text beside missing text, a NUL inside a value, text in an
    integer column, an empty table: the columns read are what the graph holds."""
    store.upsert_nodes("Organization", [
        {"credit_code": "a", "name": "", "industry": None, "formal_members": None, "key": True},
        {"credit_code": "b", "name": None, "industry": "x\0y", "formal_members": 3},
        {"credit_code": "c", "name": "C", "industry": "", "employees": 7, "revenue": 0.1 + 0.2},
    ])  # fmt: skip
    store.upsert_nodes("PartyOrg", [{"id": "q"}])
    with store.transaction():  # text in an integer column (SQLite keeps any type)
        store._db.execute("UPDATE Organization SET employees = 'many' WHERE credit_code = 'a'")
    G = store.graph()
    full, cols = tables_of(G), store.tables()
    for label, (keys, attrs) in full.nodes.items():
        assert cols.keys(label) == keys
        assert list(cols.node_table(label)[1]) == list(attrs), label
    for prop in ("name", "industry", "formal_members", "revenue", "key"):
        a, b = full.column("Organization", prop), cols.column("Organization", prop)
        assert a.tolist() == b.tolist() if isinstance(a, np.ndarray) else a == b
    assert cols.column("Organization", "formal_members").tolist() == [0, 3, 0]
    assert cols.keys("Instructor") == [] and cols.rels["COVERS_PartyOrg_Organization"] == ([], [])
