"""The embedded store's column files (:mod:`pbgraph.stores.sqlite_columns`): what
``store.tables`` reads from them is exactly what it reads from SQLite; they are of the
generation the reader's snapshot sees, or not used at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pbgraph.analyses.coverage import coverage as run
from pbgraph.analyses.coverage import inputs
from pbgraph.graphmodel.results import FLAGS, write_run
from pbgraph.graphmodel.schema import NODES
from pbgraph.graphmodel.tables import Tables
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.stores.sqlite_columns import FOLDER, ColumnFiles, generation
from pbgraph.stores.sqlite_tables import read_tables
from tests import office_ledgers as ol
from tests.helpers import graph_row_by_row, load_files


def _same(a: Tables, b: Tables) -> None:
    """Two tables alike: keys, every column (form and values), relationships, positions."""
    assert set(a.nodes) == set(b.nodes)
    for label in a.nodes:
        assert a.keys(label) == b.keys(label), label
        assert set(a.columns[label]) == set(b.columns[label]), label
        for prop, x in a.columns[label].items():
            y = b.columns[label][prop]
            assert type(x) is type(y), (label, prop)
            if isinstance(x, np.ndarray):
                assert x.dtype == y.dtype and np.array_equal(x, y), (label, prop)
            else:
                assert [(type(v), v) for v in x] == [(type(v), v) for v in y], (label, prop)
    assert a.rels == b.rels
    for name in a.rels:
        assert all(map(np.array_equal, a.positions(name), b.positions(name))), name


def _both(s: EmbeddedStore, **kw: Any) -> tuple[Tables, Tables]:
    """The tables read from SQLite alone and through the column files, in one snapshot."""
    with s.snapshot():
        files = ColumnFiles.of(s._db, s.directory)
        assert files is not None, "no column files of this generation"
        return read_tables(s._db, **kw), read_tables(s._db, files=files, **kw)


def _folders(store_dir: Path) -> list[str]:
    return sorted(os.listdir(store_dir / FOLDER))


def test_files_give_what_sqlite_gives(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        _same(*_both(s))
        _same(*_both(s, labels=["Organization"], props={"Organization": ["name", "employees"]}))
        _same(*_both(s, rels=["WORKS_AT_Member_Organization"], labels=[]))


def test_files_on_office_ledgers(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as s:
        r = load_files([ol.lixia_csv(tmp_path), ol.member_units_xlsx(tmp_path)], s, tmp_path)
        assert r.rejects == []
        _same(*_both(s))


def test_a_write_makes_a_new_generation(store: EmbeddedStore) -> None:
    store.upsert_nodes("Region", [{"code": "R1", "name": "历下区", "level": "district"}])
    first = _folders(store.directory)
    assert first == [store._meta("generation")]
    store.upsert_nodes("Region", [{"code": "R2", "name": "市中区", "level": "district"}])
    second = _folders(store.directory)
    assert second == [store._meta("generation")] and second != first  # the old one removed
    assert store.tables().keys("Region") == ["R1", "R2"]


def test_results_written_back_keep_the_generation(loaded_city: Path, tmp_path: Path) -> None:
    shutil.copytree(loaded_city, tmp_path / "s")
    with EmbeddedStore(tmp_path / "s") as s:
        before = s._meta("generation")
        coverage = s.tables(**inputs("district"))
        write_run(s, "coverage", {"by": "district"}, {FLAGS: run(coverage).findings()})
        assert s.results("coverage")
        assert s._meta("generation") == before and _folders(s.directory) == [before]


def test_a_column_arrow_cannot_hold_is_read_from_sqlite(store: EmbeddedStore) -> None:
    store.upsert_nodes("Organization", [
        {"credit_code": "a", "name": "A", "employees": 3},
        {"credit_code": "b", "name": "B", "employees": 4, "revenue": 2.5},
    ])  # fmt: skip
    with store.transaction():  # SQLite keeps any type in any column
        store._db.execute("UPDATE Organization SET employees = 'many' WHERE credit_code = 'a'")
    with store.snapshot():
        files = ColumnFiles.of(store._db, store.directory)
        assert files is not None
        assert "employees" not in files.table("Organization").column_names
        assert "revenue" in files.table("Organization").column_names
    _same(*_both(store))
    assert store.tables().column("Organization", "employees", "str") == ["many", 4]


def test_odd_values_give_what_sqlite_gives(store: EmbeddedStore) -> None:
    """The copy cuts each column out of one text: empty texts, missing values, a NUL in a
    text or a key, reals of 17 digits, the largest integers all come back as SQLite has them."""
    import datetime as dt

    store.upsert_nodes("Organization", [
        {"credit_code": "", "name": "", "employees": 0, "revenue": 0.1, "key": True},
        {"credit_code": "a", "name": "甲\n乙", "employees": 2**63 - 1, "revenue": 1 / 3},
        {"credit_code": "b", "employees": -(2**63), "revenue": -1.5e-300, "lat": 36.651},
        {"credit_code": "c", "name": "丙", "key": False, "revenue": 1e300 * 10, "lon": -0.0},
        {"credit_code": "d"},
    ])  # fmt: skip
    store.upsert_nodes("PartyOrg", [{"id": "p", "founded": dt.date(2018, 7, 1)}, {"id": "q"}])
    store.upsert_rels(_covers(), [{"start": "p", "end": ""}, {"start": "q", "end": "c"}])
    _same(*_both(store))
    with store.transaction():
        store._db.execute("UPDATE Organization SET name = 'x' || char(0) || 'y' WHERE name = '丙'")
    with store.snapshot():
        files = ColumnFiles.of(store._db, store.directory)
        assert files is not None and "name" not in files.table("Organization").column_names
    _same(*_both(store))
    with store.transaction():  # a key with a NUL: the label and its relationships from SQLite
        store._db.execute("UPDATE PartyOrg SET id = 'q' || char(0) WHERE id = 'q'")
        store._db.execute(
            "UPDATE COVERS_PartyOrg_Organization SET src = 'q' || char(0) WHERE src = 'q'"
        )
    with store.snapshot():
        files = ColumnFiles.of(store._db, store.directory)
        assert files is not None and files.table("PartyOrg") is None
        assert files.table("COVERS_PartyOrg_Organization") is None
        assert files.table("Organization") is not None
    expected = read_tables(store._db)
    _same(expected, store.tables())
    assert store.tables().keys("PartyOrg") == ["p", "q\0"]


def test_damaged_or_missing_files_are_read_from_sqlite(store: EmbeddedStore) -> None:
    store.upsert_nodes("Organization", [{"credit_code": "a", "name": "A"}])
    store.upsert_nodes("PartyOrg", [{"id": "p", "name": "P"}])
    store.upsert_rels(_covers(), [{"start": "p", "end": "a"}])
    sqlite_only = read_tables(store._db)
    folder = store.directory / FOLDER / store._meta("generation")
    (folder / "Organization.arrow").write_bytes(b"not arrow")
    (folder / "COVERS_PartyOrg_Organization.arrow").unlink()
    _same(sqlite_only, store.tables())
    shutil.rmtree(store.directory / FOLDER)
    _same(sqlite_only, store.tables())


def test_files_of_another_generation_are_not_used(store: EmbeddedStore) -> None:
    store.upsert_nodes("Region", [{"code": "R1", "name": "历下区", "level": "district"}])
    old = store._meta("generation")
    keep = store.directory / "kept"
    shutil.copytree(store.directory / FOLDER / old, keep)
    store.upsert_nodes("Region", [{"code": "R1", "name": "改名", "level": "district"}])
    # as if the new generation's copy were not written yet: only the old one is there
    shutil.rmtree(store.directory / FOLDER)
    (store.directory / FOLDER).mkdir()
    shutil.copytree(keep, store.directory / FOLDER / old)
    assert store.tables().column("Region", "name") == ["改名"]


def test_readers_of_a_read_only_store_use_the_files(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s, s.snapshot():
        assert ColumnFiles.of(s._db, s.directory) is not None
        assert generation(s._db) == _folders(loaded_city)[0]
    assert set(NODES) <= {
        p.stem for p in (loaded_city / FOLDER / _folders(loaded_city)[0]).iterdir()
    }


def test_a_load_that_fails_leaves_the_files_of_the_store_before(store: EmbeddedStore) -> None:
    store.upsert_nodes("Region", [{"code": "R1", "name": "历下区", "level": "district"}])
    before = _folders(store.directory)
    with pytest.raises(RuntimeError), store.transaction():
        store.upsert_nodes("Region", [{"code": "R2", "name": "市中区", "level": "district"}])
        raise RuntimeError("the load stops")
    assert _folders(store.directory) == before == [store._meta("generation")]
    assert store.tables().keys("Region") == ["R1"]


def _covers() -> Any:
    from pbgraph.graphmodel.schema import rel

    return rel("COVERS", "PartyOrg", "Organization")


def test_a_store_of_schema_1_gets_its_first_generation(store: EmbeddedStore) -> None:
    """A store an older pbgraph wrote (schema 1: no generation, no column files) is read as
    it is by commands that only read it (nothing written), and brought up to date by the
    first one that writes; its tables read the same either way."""
    store.upsert_nodes("Region", [{"code": "R1", "name": "历下区", "level": "district"}])
    with store.transaction():
        store._db.execute("UPDATE meta SET value = 1 WHERE name = 'schema_version'")
        store._db.execute("DELETE FROM meta WHERE name = 'generation'")
    shutil.rmtree(store.directory / FOLDER)
    expected = read_tables(store._db)
    store.close()
    before = (store.directory / "graph.sqlite").read_bytes()
    with EmbeddedStore(store.directory, readonly=True) as s:
        _same(expected, s.tables())
        assert s._meta("generation") is None and not (s.directory / FOLDER).exists()
    assert (store.directory / "graph.sqlite").read_bytes() == before
    with EmbeddedStore(store.directory) as s:  # opened for writing: brought up to date
        token = s._meta("generation")
        assert token is not None and _folders(s.directory) == [token]
        _same(expected, s.tables())
        _same(*_both(s))


def test_to_networkx_is_the_store_graph(loaded_city: Path) -> None:
    """Researchers get the graph of the store from its tables: the same nodes with the same
    attributes, the same edges, in the same order as read row by row."""
    with EmbeddedStore(loaded_city, readonly=True) as s:
        G, H = graph_row_by_row(s), s.tables().to_networkx()
        F = s.graph()
    assert list(F.nodes(data=True)) == list(H.nodes(data=True))
    assert list(F.edges(keys=True)) == list(H.edges(keys=True))
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    with EmbeddedStore(loaded_city, readonly=True) as s:
        part = s.tables(
            ["Organization"], ["LOCATED_IN_Organization_Region"], {"Organization": ["name"]}
        ).to_networkx()
    assert {d["label"] for _, d in part.nodes(data=True)} == {"Organization", "Region"}
    assert all(
        d.keys() <= {"label", "credit_code", "name", "code"} for _, d in part.nodes(data=True)
    )
    located = [(u, v, k) for u, v, k in G.edges(keys=True) if k == "LOCATED_IN"]
    assert list(part.edges(keys=True)) == located


def test_the_largest_label_is_copied_only_for_its_generation(store: EmbeddedStore) -> None:
    """The largest label is copied in a child process through a connection of its own: a
    store already of another generation gives no file (the relationships of that label
    are then left out too, and read from SQLite)."""
    from pbgraph.stores.sqlite_columns import _copy_label

    store.upsert_nodes("Organization", [{"credit_code": "a", "name": "A"}])
    folder = store.directory / "copy"
    folder.mkdir()
    path = str(store.directory / "graph.sqlite")
    assert not _copy_label(path, NODES["Organization"], "another generation", folder)
    assert list(folder.iterdir()) == []
    assert _copy_label(path, NODES["Organization"], store._meta("generation"), folder)
    assert [p.name for p in folder.iterdir()] == ["Organization.arrow"]
