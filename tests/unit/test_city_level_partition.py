"""Reading one partition of the embedded store: ``store.tables(..., where={"district": …})``.

The partition's tables are checked against the whole store's tables: the nodes of each
label are exactly those the partition's rules (pbgraph.stores.partition) select — computed
here again from the whole tables, with a finder of our own — with the same values, and the
relationships are exactly the whole store's between them."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pbgraph.errors import StoreError
from pbgraph.graphmodel.schema import RELS, RelType
from pbgraph.graphmodel.tables import Tables
from pbgraph.stores.partition import KeySets, resolve, select
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.stores.sqlite_columns import ColumnFiles


class TablesFinder(KeySets):
    """The partition's primitives answered from whole tables (no SQL)."""

    def __init__(self, t: Tables) -> None:
        self.t = t

    def regions(self, code: str, name: str) -> list[tuple[str, str | None]]:
        keys = self.t.keys("Region")
        names = self.t.column("Region", "name")
        levels = self.t.column("Region", "level")
        return [
            (k, lv)
            for k, n, lv in zip(keys, names, levels, strict=True)
            if code in (k,) or n == name
        ]

    def under(self, code: str) -> list[str]:
        return [k for k in self.t.keys("Region") if k == code or k.startswith(code + "/")]

    def step(self, r: RelType, side: str, keys: Iterable[str]) -> set[str]:
        s, e = self.t.rel_table(r.name)
        ks = set(keys)
        if side == "start":
            return {b for a, b in zip(s, e, strict=True) if a in ks}
        return {a for a, b in zip(s, e, strict=True) if b in ks}


_LEDGER_LABELS = ("Region", "Building", "Organization", "PartyOrg", "Member", "Instructor",
                  "Platform", "MemberUnit", "VisitReport", "DemoSite")  # fmt: skip
_LEDGER_RELS = [r.name for r in RELS if r.start in _LEDGER_LABELS and r.end in _LEDGER_LABELS]


def _same_as_whole(part: Tables, whole: Tables, keys: dict[str, set[str]]) -> None:
    for label in _LEDGER_LABELS:
        expect = sorted(keys[label])
        assert part.keys(label) == expect, label
        at = whole.index(label)
        for prop in whole.columns[label]:
            got = part.column(label, prop)
            want = [whole.column(label, prop)[at[k]] for k in expect]
            if isinstance(got, np.ndarray):
                assert got.tolist() == list(np.asarray(want).tolist()), (label, prop)
            else:
                assert list(got) == want, (label, prop)
    for name in _LEDGER_RELS:
        r = next(r for r in RELS if r.name == name)
        s, e = whole.rel_table(name)
        want = sorted(
            (a, b) for a, b in zip(s, e, strict=True) if a in keys[r.start] and b in keys[r.end]
        )
        ps, pe = part.rel_table(name)
        assert list(zip(ps, pe, strict=True)) == want, name


@pytest.fixture(scope="module", params=["column files", "SQLite"])
def city(request: pytest.FixtureRequest, loaded_city: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Any:  # fmt: skip
    """The small city, read from its column files (pbgraph.stores.partition_files) or, a
    copy without them, from SQLite (pbgraph.stores.sqlite_tables.read_partition)."""
    where = loaded_city
    if request.param == "SQLite":
        where = tmp_path_factory.mktemp("no-columns") / "store"
        shutil.copytree(loaded_city, where)
        shutil.rmtree(where / "columns")
    with EmbeddedStore(where, readonly=True) as s:
        assert (ColumnFiles.of(s._db, s.directory) is not None) == (request.param != "SQLite")
        yield s


def test_each_district_is_the_whole_restricted_to_its_rules(city: EmbeddedStore) -> None:
    whole = city.tables(labels=_LEDGER_LABELS, rels=_LEDGER_RELS)
    find = TablesFinder(whole)
    districts = [
        k for k, lv in zip(whole.keys("Region"), whole.column("Region", "level"), strict=True)
        if lv == "district"
    ]  # fmt: skip
    assert len(districts) == 12  # Jinan's, in a one-city store: no city level
    seen: list[str] = []
    for d in districts:
        part = city.tables(labels=_LEDGER_LABELS, rels=_LEDGER_RELS, where={"district": d})
        keys = select(resolve({"district": d}, find), find)
        _same_as_whole(part, whole, keys)
        # every organization of the partition is located in the district, and only there
        _, regions = part.rel_table("LOCATED_IN_Organization_Region")
        assert all(r.startswith(d + "/") for r in regions)
        assert len(regions) == len(part.keys("Organization"))
        seen += part.keys("Organization")
    # the districts' organizations are the city's, each once
    assert sorted(seen) == sorted(whole.keys("Organization"))


def test_only_the_labels_and_properties_asked_for(city: EmbeddedStore) -> None:
    part = city.tables(
        labels=["Organization"],
        rels=["COVERS_PartyOrg_Organization"],
        props={"Organization": ["formal_members"]},
        where={"district": "历下区"},
    )
    assert set(part.columns) == {"Organization", "PartyOrg"}
    assert set(part.columns["Organization"]) == {"formal_members"}
    s, e = part.rel_table("COVERS_PartyOrg_Organization")
    orgs = set(part.keys("Organization"))
    assert e and set(e) <= orgs and set(s) <= set(part.keys("PartyOrg"))


def test_partition_names_that_are_not_there(city: EmbeddedStore) -> None:
    with pytest.raises(StoreError, match="no district 黄岛区"):
        city.tables(labels=["Organization"], rels=[], where={"district": "黄岛区"})
    with pytest.raises(StoreError, match="no city 济南市"):  # a one-city store has no city level
        city.tables(labels=["Organization"], rels=[], where={"city": "济南市"})
    with pytest.raises(StoreError, match="not 'street'"):
        city.tables(labels=["Organization"], rels=[], where={"street": "泉城路街道"})
    with pytest.raises(StoreError, match="not a district"):
        city.tables(labels=["Organization"], rels=[], where={"district": ""})
