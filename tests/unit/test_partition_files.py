"""A partition read from the embedded store's column files
(:mod:`pbgraph.stores.partition_files`) is exactly the partition read from SQLite: for every
city and district of a synthetic province of 2 cities and of the one-city test store; and
without usable files the SQL read is made."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pbgraph.errors import StoreError
from pbgraph.graphmodel.tables import Tables
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.partition_files import read_partition_files
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.stores.sqlite_columns import ColumnFiles
from pbgraph.stores.sqlite_tables import _present, read_partition, select
from pbgraph.synth.province import generate_province
from tests.unit.test_column_files import _same


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """A synthetic province of 2 cities, 600 organizations each, loaded."""
    d = tmp_path_factory.mktemp("province")
    with EmbeddedStore(d / "store") as s:
        result = load_ledgers(generate_province(2, 600, d / "ledgers", seed=7), s, quarantine_dir=d)
        assert not result.rejects
        yield s


@pytest.fixture(scope="module")
def city(loaded_city: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        yield s


def _wheres(s: EmbeddedStore) -> list[dict[str, str]]:
    """Every city and district of the store, by code."""
    t = s.tables(labels=["Region"], rels=[], props={"Region": ["level"]})
    levels = zip(t.keys("Region"), t.column("Region", "level"), strict=True)
    return [{lv: code} for code, lv in levels if lv in ("city", "district")]


def _both(s: EmbeddedStore, where: dict[str, str], **kw: Any) -> tuple[Tables, Tables]:
    """The partition read from SQLite alone and through the column files, in one snapshot."""
    with s.snapshot():
        files = ColumnFiles.of(s._db, s.directory)
        assert files is not None, "no column files of this generation"
        node_props, rel_types = select(kw.get("labels"), kw.get("rels"), kw.get("props"))
        direct = read_partition_files(
            files, where, node_props, rel_types, _present(s._db), lambda *a: pytest.fail()
        )
        assert direct is not None, "the files path was not taken"
        return read_partition(s._db, where, **kw), read_partition(s._db, where, files=files, **kw)


@pytest.mark.parametrize("store", ["province", "city"])
def test_every_partition_from_files_is_the_sql_read(
    store: str, request: pytest.FixtureRequest
) -> None:
    s = request.getfixturevalue(store)
    wheres = _wheres(s)
    assert sum("district" in w for w in wheres) >= 2
    assert sum("city" in w for w in wheres) == (2 if store == "province" else 0)
    for where in wheres:
        sql, files = _both(s, where)
        _same(sql, files)
        assert sql.n_nodes > 0 and sql.n_pairs > 0, where


def test_some_labels_rels_and_props(province: EmbeddedStore) -> None:
    kw: dict[str, Any] = {
        "labels": ["Organization", "Region"],
        "rels": [
            "LOCATED_IN_Organization_Region",
            "PART_OF_Region_Region",
            "GUIDES_Instructor_Organization",
        ],  # fmt: skip
        "props": {"Organization": ["name", "employees"], "Region": ["level"]},
    }
    for where in _wheres(province):
        sql, files = _both(province, where, **kw)
        _same(sql, files)
        assert set(files.nodes) == {"Organization", "Region", "Instructor"}


def test_a_district_by_name_and_errors_as_the_sql_read(province: EmbeddedStore) -> None:
    district = next(w["district"] for w in _wheres(province) if "district" in w)
    city, name = district.split("/", 1)
    for where in ({"district": name}, {"city": city, "district": name}):
        _same(*_both(province, where))
    for where in ({"city": "无此市"}, {"district": "无此区"}, {"town": city}, {"city": ""}):
        with province.snapshot():
            files = ColumnFiles.of(province._db, province.directory)
            with pytest.raises(StoreError) as sql:
                read_partition(province._db, where)
            with pytest.raises(StoreError) as got:
                read_partition(province._db, where, files=files)
        assert str(got.value) == str(sql.value)


def test_files_lacking_a_relationship_type_read_sqlite(
    province: EmbeddedStore, tmp_path: Path
) -> None:
    where = {"city": _wheres(province)[0]["city"]}
    with province.snapshot():
        files = ColumnFiles.of(province._db, province.directory)
        assert files is not None
        partial = ColumnFiles(tmp_path)  # a copy of the files without LOCATED_IN's
        for f in files.folder.iterdir():
            if f.name != "LOCATED_IN_Organization_Region.arrow":
                (tmp_path / f.name).write_bytes(f.read_bytes())
        node_props, rel_types = select(None, None, None)
        lacking = read_partition_files(
            partial, where, node_props, rel_types, _present(province._db), lambda *a: None
        )
        assert lacking is None
        _same(
            read_partition(province._db, where), read_partition(province._db, where, files=partial)
        )


def test_the_store_reads_a_partition_from_its_files(province: EmbeddedStore) -> None:
    where = _wheres(province)[-1]
    with province.snapshot():
        sql = read_partition(province._db, where)
    _same(sql, province.tables(where=where))
