"""The embedded store as what it is: a SQLite file, atomic, idempotent, never a pickle."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from pbgraph.errors import StoreError
from pbgraph.graphmodel.schema import NODES, RESULT_NODES, rel
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import graph_row_by_row

LOCATED_IN = rel("LOCATED_IN", "Organization", "Region")


def _snapshot(G: nx.MultiDiGraph) -> tuple[list, list]:
    return (
        sorted((n, sorted(d.items())) for n, d in G.nodes(data=True)),
        sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True)),
    )


def _fill(s: EmbeddedStore) -> None:
    s.upsert_nodes("Region", [{"code": "A", "name": "A", "level": "district"}])
    s.upsert_nodes(
        "Organization",
        [
            {"credit_code": "o1", "name": "甲", "key": True, "employees": 12, "lat": 36.6},
            {"credit_code": "o2", "name": "乙", "key": False, "employees": None},
        ],
    )
    s.upsert_rels(LOCATED_IN, [{"start": "o1", "end": "A"}, {"start": "o2", "end": "A"}])


def test_round_trip(store: EmbeddedStore) -> None:
    _fill(store)
    G = store.graph()
    assert G.nodes["Organization:o1"] == {
        "label": "Organization", "credit_code": "o1", "name": "甲", "key": True,
        "employees": 12, "lat": 36.6,
    }  # fmt: skip
    assert G.nodes["Organization:o2"]["key"] is False
    assert "employees" not in G.nodes["Organization:o2"]
    assert G.has_edge("Organization:o1", "Region:A", key="LOCATED_IN")


def test_survives_the_process_and_is_not_a_pickle(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path) as s:
        _fill(s)
        before = _snapshot(s.graph())
    assert (tmp_path / "graph.sqlite").read_bytes()[:16] == b"SQLite format 3\x00"
    with EmbeddedStore(tmp_path) as s:
        assert _snapshot(s.graph()) == before


def test_idempotent(store: EmbeddedStore) -> None:
    _fill(store)
    once = _snapshot(store.graph())
    _fill(store)
    assert _snapshot(store.graph()) == once


def test_none_never_erases_and_newer_values_update(store: EmbeddedStore) -> None:
    _fill(store)
    store.upsert_nodes("Organization", [{"credit_code": "o1", "name": "甲新", "employees": None}])
    d = store.graph().nodes["Organization:o1"]
    assert d["name"] == "甲新" and d["employees"] == 12


def test_single_relationship_is_replaced(store: EmbeddedStore) -> None:
    _fill(store)
    store.upsert_rels(LOCATED_IN, [{"start": "o1", "end": "B"}])
    G = store.graph()
    assert list(G.successors("Organization:o1")) == ["Region:B"]
    # the missing endpoint was created by key, not dropped
    assert G.nodes["Region:B"] == {"label": "Region", "code": "B"}


def test_many_relationships_accumulate(store: EmbeddedStore) -> None:
    covers = rel("COVERS", "PartyOrg", "Organization")
    store.upsert_rels(covers, [{"start": "p", "end": "o1"}])
    store.upsert_rels(covers, [{"start": "p", "end": "o2"}])
    assert store.counts()["COVERS_PartyOrg_Organization"] == 2


def test_rejects_what_is_not_in_the_schema(store: EmbeddedStore) -> None:
    # A label no schema has ("Person" was one until issue 20's trainings made it a label).
    assert "Spaceship" not in NODES and "Spaceship" not in RESULT_NODES
    with pytest.raises(StoreError):
        store.upsert_nodes("Spaceship", [{"id": "x"}])
    with pytest.raises(StoreError):
        store.upsert_nodes("Region", [{"code": "x", "evil": 1}])
    with pytest.raises(StoreError):
        store.upsert_nodes("Region", [{"name": "no key"}])


def test_transaction_rolls_back(store: EmbeddedStore) -> None:
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_nodes("Region", [{"code": "X", "name": "X"}])
        raise RuntimeError("boom")
    assert store.counts()["Region"] == 0


def test_results_replace_the_previous_run(store: EmbeddedStore) -> None:
    flags = rel("FLAGS", "AnalysisRun", "Organization")
    _fill(store)
    store.replace_results(
        "coverage",
        {"id": "r1", "created": "t"},
        {flags: [{"start": "r1", "end": "o1", "category": "a"}]},
    )
    store.replace_results(
        "coverage",
        {"id": "r2", "created": "t"},
        {flags: [{"start": "r2", "end": "o2", "category": "b"}]},
    )
    assert [(r["run"], r["end"]) for r in store.results("coverage")] == [("r2", "o2")]
    assert "AnalysisRun:r1" not in store.graph()  # results stay out of the projection


def test_clear_empties_the_store_and_keeps_it_usable(store: EmbeddedStore) -> None:
    flags = rel("FLAGS", "AnalysisRun", "Organization")
    _fill(store)
    store.set_key_fingerprint("fp")
    store.replace_results(
        "coverage", {"id": "r1", "created": "t"}, {flags: [{"start": "r1", "end": "o1"}]}
    )
    store.clear()
    assert not any(store.counts().values())
    assert store.results("coverage") == [] and store.key_fingerprint() is None
    _fill(store)  # the schema is still there
    assert store.counts()["Organization"] == 2


def test_open_store_opens_an_embedded_store_by_folder(tmp_path: Path) -> None:
    from pbgraph.stores import EmbeddedStore as Exported
    from pbgraph.stores import open_store

    assert Exported is EmbeddedStore
    with open_store(tmp_path / "s") as s:
        assert isinstance(s, EmbeddedStore) and not s.readonly
        _fill(s)
    with open_store(str(tmp_path / "s"), readonly=True) as s:
        assert isinstance(s, EmbeddedStore) and s.readonly
        assert s.counts()["Organization"] == 2
    with pytest.raises(StoreError, match="no pbgraph store here"):
        open_store(tmp_path / "none", readonly=True)


def test_fast_projection_equals_networkx_own_construction(loaded_city: Path) -> None:
    from pbgraph.graphmodel.tables import tables_of

    with EmbeddedStore(loaded_city) as s:
        G = s.graph()
        rows = graph_row_by_row(s)  # the reference, its nodes and edges added the networkx way
        H = nx.MultiDiGraph()
        H.add_nodes_from(rows.nodes(data=True))
        H.add_edges_from(rows.edges(keys=True, data=True))
    assert G.adj == H.adj and dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(H.edges(keys=True, data=True))
    assert sorted(G.in_edges(keys=True)) == sorted(H.in_edges(keys=True))
    # the tables kept beside the graph say the same as tables rebuilt from networkx's graph
    t, h = G.graph["tables"], tables_of(H)
    assert t.matches(G) and h.matches(H)
    for label in h.nodes:
        assert sorted(t.nodes[label][0]) == sorted(h.nodes[label][0])
    for name in h.rels:
        assert sorted(zip(*t.rels[name], strict=True)) == sorted(zip(*h.rels[name], strict=True))
    u, v, k = next(iter(G.edges(keys=True)))
    G.edges[u, v, k]["x"] = 1  # one attribute dict shared by both directions, as in networkx
    assert G.pred[v][u][k]["x"] == 1


def test_tables_follow_the_graph_they_describe(loaded_city: Path) -> None:
    """What-ifs in a notebook: attributes changed in place are seen, a copy or a graph with
    an added edge gets tables of its own, and the analyses answer for the graph they get."""
    from pbgraph.analyses.coverage import coverage
    from pbgraph.graphmodel.tables import tables_of

    with EmbeddedStore(loaded_city) as s:
        G = s.graph()
    before = coverage(G)
    j = next(i for i, k in enumerate(before.keys) if before.category_of(k) == "joint_candidate")
    code = before.keys[j]
    H = G.copy()
    assert tables_of(H) is not G.graph["tables"]
    H.nodes[f"Organization:{code}"]["formal_members"] = 7
    assert coverage(H).category_of(code) == "must_build"
    assert coverage(G).category_of(code) == "joint_candidate"  # the original is untouched
    G.nodes[f"Organization:{code}"]["formal_members"] = 7  # in place: the same tables see it
    assert tables_of(G) is G.graph["tables"]
    assert coverage(G).category_of(code) == "must_build"
    G.add_node("Instructor:what-if", label="Instructor")
    G.add_edge("Instructor:what-if", f"Organization:{code}", key="GUIDES")
    assert tables_of(G) is not G.graph["tables"]
    assert coverage(G).category_of(code) == "work"


def test_write_run_replaces_the_previous_run_of_its_analysis(store: EmbeddedStore) -> None:
    from pbgraph.graphmodel.results import FLAGS, write_run

    _fill(store)
    first = write_run(store, "coverage", {"by": "street"}, {FLAGS: [{"end": "o1"}]})
    second = write_run(store, "coverage", {"by": "street"}, {FLAGS: [{"end": "o2"}]})
    assert first != second and second.startswith("coverage-") and len(second) == 9 + 12
    write_run(store, "other", {}, {FLAGS: [{"end": "o1"}]}, run_id="fixed")
    assert [(r["run"], r["end"]) for r in store.results("coverage")] == [(second, "o2")]
    assert [(r["run"], r["end"]) for r in store.results("other")] == [("fixed", "o1")]


def test_keys_and_values_read_whole_columns_as_they_are(store: EmbeddedStore) -> None:
    """Keys and a text property come out of one scan cut apart, or row by row where that
    cannot be exact (a value missing, a NUL in a text): the same either way."""
    store.upsert_nodes("Organization", [
        {"credit_code": "b", "name": "乙"}, {"credit_code": "a", "name": ""},
    ])  # fmt: skip
    assert store.keys("Organization") == {"a", "b"}
    assert sorted(store.key_values("Organization", "name")) == [("a", ""), ("b", "乙")]
    store.upsert_nodes("Organization", [{"credit_code": "c"}])
    assert sorted(store.key_values("Organization", "name")) == [
        ("a", ""), ("b", "乙"), ("c", None),
    ]  # fmt: skip
    with store.transaction():
        store._db.execute(
            "UPDATE Organization SET name = 'x' || char(0) || 'y' WHERE credit_code = 'c'"
        )
        store._db.execute("INSERT INTO Organization (credit_code) VALUES ('d' || char(0))")
    assert store.keys("Organization") == {"a", "b", "c", "d\0"}
    assert ("c", "x\0y") in store.key_values("Organization", "name")
    assert store.key_values("Organization", "employees") == [
        ("a", None),
        ("b", None),
        ("c", None),
        ("d\0", None),
    ]
    assert store.keys("Member") == set() and store.key_values("Member", "status") == []
