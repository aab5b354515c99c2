"""A load's bulk writes into Neo4j (``write_batch``, pbgraph/stores/neo4j_bulk.py) against a
real server: what the load creates because it found a label empty, what it merges, what it
answers from memory, and that the graph is the embedded store's for the same batches.

Nothing here is mocked. Without a server these tests skip locally and fail in CI.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from pbgraph.graphmodel.schema import rel
from pbgraph.stores.sqlite import EmbeddedStore

from .test_neo4j_store import canonical

pytestmark = pytest.mark.neo4j

LOCATED_IN = rel("LOCATED_IN", "Organization", "Region")
COVERS = rel("COVERS", "PartyOrg", "Organization")
IN_BUILDING = rel("IN_BUILDING", "Organization", "Building")
PART_OF = rel("PART_OF", "Region", "Region")

#: Two batches of one load, as a loader hands them over: the second updates nodes the
#: first wrote (some only as relationship ends), moves a ``single`` relationship and adds to
#: a plain one.
BATCHES: list[tuple[dict[str, Any], dict[Any, Any]]] = [
    (
        {
            "Region": {
                "d": {"name": "区一", "level": "district"},
                "d/s": {"name": "街一", "level": "street"},
            },
            "Organization": {
                "o1": {"name": "甲公司", "employees": 12, "revenue": 1.5, "key": True},
                "o3": {"name": "丙公司"},
            },
        },
        {
            PART_OF: {("d/s", "d"): {}},
            LOCATED_IN: {("o1", "d/s"): {}, ("o2", "d/s"): {}},  # o2: a start not yet a node
            COVERS: {("p1", "o1"): {}},  # p1: a start of a label not yet written
            IN_BUILDING: {("o1", "b1"): {}},  # b1: an end of a label not yet written
        },
    ),
    (
        {
            "Organization": {
                "o1": {"employees": 13},  # the rest of o1 stays
                "o2": {"name": "乙公司", "kind": "social"},  # was only a relationship's start
            },
            "PartyOrg": {"p1": {"name": "甲支部", "founded": dt.date(2020, 7, 1)}},
            "Region": {"d/t": {"name": "街二", "level": "street"}},
        },
        {
            PART_OF: {("d/t", "d"): {}},
            LOCATED_IN: {("o1", "d/t"): {}},  # single: replaces o1 -> d/s
            COVERS: {("p1", "o2"): {}},  # not single: beside p1 -> o1
        },
    ),
]


def _write(store: Any, batches: list[tuple[dict[str, Any], dict[Any, Any]]]) -> None:
    with store.transaction():
        for nodes, rels in batches:
            store.write_batch(nodes, rels)


def test_bulk_batches_make_the_embedded_stores_graph(neo: Any, tmp_path: Path) -> None:
    with neo.transaction():
        for nodes, rels in BATCHES:
            neo.write_batch(nodes, rels)
        # the load's own reads of labels it found empty come from memory, in key order
        assert neo.keys("Organization") == {"o1", "o2", "o3"}
        assert neo.keys("Building") == {"b1"}
        in_memory = neo.key_values("Organization", "name")
        assert in_memory == [("o1", "甲公司"), ("o2", "乙公司"), ("o3", "丙公司")]
        employees = neo.key_values("Organization", "employees")
        assert neo.keys("Member") == set()  # a label no write touched: empty
    assert neo.key_values("Organization", "name") == in_memory  # the server agrees
    assert neo.key_values("Organization", "employees") == employees == [
        ("o1", 13), ("o2", None), ("o3", None)
    ]  # fmt: skip
    with EmbeddedStore(tmp_path / "emb") as emb:
        _write(emb, BATCHES)
        expected, counts = canonical(emb.graph()), emb.counts()
    assert canonical(neo.graph()) == expected
    assert neo.counts() == counts
    assert counts["LOCATED_IN_Organization_Region"] == 2  # o1 moved, o2 stays
    assert counts["COVERS_PartyOrg_Organization"] == 2

    _write(neo, BATCHES)  # a second load finds the labels full: merges, changes nothing
    assert canonical(neo.graph()) == expected
    assert neo.counts() == counts


def test_bulk_writes_into_a_graph_loaded_before_are_merged(neo: Any, tmp_path: Path) -> None:
    """A load that finds a label full merges into it: the batches in two loads leave the
    graph both in one load leave."""
    with EmbeddedStore(tmp_path / "emb") as emb:
        _write(emb, BATCHES)
        expected = canonical(emb.graph())
    _write(neo, BATCHES[:1])
    _write(neo, BATCHES[1:])
    assert canonical(neo.graph()) == expected


def test_a_failed_bulk_write_fails_the_load(neo: Any) -> None:
    """An error of the background writer is raised in the loader's thread (at the latest
    when the load ends) and the load is marked failed, not done."""
    bad = {"Organization": {"o9": {"name": {"not": "a property value"}}}}
    with pytest.raises(Exception) as e, neo.transaction():  # noqa: PT012
        neo.write_batch(bad, {})
    assert "Map" in str(e.value) or "property" in str(e.value).lower()
    meta = neo._read("MATCH (m:PbgraphMeta {name: 'store'}) RETURN m.load_state")
    assert meta == [["failed"]]
