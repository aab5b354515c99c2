"""Two cities with a district of the same name in Neo4j (a real server, the one the test
command starts): the same regions, organizations' cities and coverage per district as the
embedded store (tests/unit/test_city_level_ledgers.py), and partitions read with
``where=`` equal to the embedded store's, table for table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pbgraph.errors import StoreError
from pbgraph.graphmodel.schema import RELS
from pbgraph.graphmodel.tables import Tables
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.neo4j import Neo4jStore
from pbgraph.stores.sqlite import EmbeddedStore
from tests.unit.test_city_level_ledgers import check_store, two_cities

_LABELS = ("Region", "Building", "Organization", "PartyOrg", "Member", "Instructor",
           "Platform", "MemberUnit", "VisitReport", "DemoSite")  # fmt: skip
_RELS = [r.name for r in RELS if r.start in _LABELS and r.end in _LABELS]


def _same(a: Tables, b: Tables) -> None:
    """Two column-backed tables hold the same nodes, values and relationships."""
    for label in _LABELS:
        assert a.keys(label) == b.keys(label), label
        for prop in a.columns[label]:
            x, y = a.column(label, prop), b.column(label, prop)
            assert np.asarray(x).tolist() == np.asarray(y).tolist(), (label, prop)
    for name in _RELS:
        assert a.rel_table(name) == b.rel_table(name), name


def test_two_cities_in_neo4j(neo: Neo4jStore, tmp_path: Path) -> None:
    files = two_cities(tmp_path / "ledgers")
    result = load_ledgers(files, neo, quarantine_dir=tmp_path)
    assert not result.rejects
    check_store(neo)  # regions, cities, coverage per district, a city's partition
    with EmbeddedStore(tmp_path / "store") as emb:
        load_ledgers(files, emb, quarantine_dir=tmp_path)
        _same(neo.tables(labels=_LABELS, rels=_RELS), emb.tables(labels=_LABELS, rels=_RELS))
        for where in ({"city": "枣庄市"}, {"city": "济南市"}, {"district": "枣庄市/市中区"},
                      {"city": "济南市", "district": "市中区"}, {"district": "薛城区"}):  # fmt: skip
            _same(
                neo.tables(labels=_LABELS, rels=_RELS, where=where),
                emb.tables(labels=_LABELS, rels=_RELS, where=where),
            )
    with pytest.raises(StoreError, match="more than one district is called 市中区"):
        neo.tables(labels=["Organization"], rels=[], where={"district": "市中区"})


def test_a_province_partition_in_neo4j(neo: Neo4jStore, tmp_path: Path) -> None:
    """A generated province of 4 cities: each city's partition equals the embedded store's."""
    from pbgraph.synth.province import generate_province

    files = generate_province(4, 300, tmp_path / "ledgers", seed=5)
    assert not load_ledgers(files, neo, quarantine_dir=tmp_path).rejects
    with EmbeddedStore(tmp_path / "store") as emb:
        load_ledgers(files, emb, quarantine_dir=tmp_path)
        for where in ({"city": "枣庄市"}, {"district": "青岛市/市南区"}):
            _same(
                neo.tables(labels=_LABELS, rels=_RELS, where=where),
                emb.tables(labels=_LABELS, rels=_RELS, where=where),
            )
