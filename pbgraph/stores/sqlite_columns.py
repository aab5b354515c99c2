"""The embedded store's column files: a columnar copy of its graph, for the analyses.

Internal to :class:`pbgraph.stores.sqlite.EmbeddedStore`. SQLite keeps the record (one
transaction per load, crash-safe), but it is a row store: reading the columns an analysis
needs means scanning whole rows and making a Python object per value (coverage of a city
of 500 000 organizations: 2.5-3.5 s, half its time). So every write transaction that
changes the graph's tables stamps the store with a new *generation* (a random token in the
``meta`` table, written in the same transaction), and after the commit the store writes a
copy of every label's and relationship type's table as an Arrow IPC file into
``columns/<generation>/`` beside the SQLite file: node keys and properties, and each
relationship's endpoints as integer positions into its end labels' tables (the joins the
analyses make). :meth:`~pbgraph.stores.sqlite.EmbeddedStore.tables` maps the files of the
generation its snapshot sees (no copy) and turns only the columns asked for into Python
values; without files of that generation (a store written by an older pbgraph, a write
that could not finish its copy, another pbgraph writing meanwhile) it reads SQLite, as
before, and gives the same tables.

The copy is made from SQLite itself (:func:`pbgraph.stores.sqlite_tables.read_tables`),
after the commit, so it holds exactly what a read of that generation gives; a column that
Arrow cannot hold with the same Python values (SQLite lets a cell hold any type) is left
out of the file, and the tables that need it are read from SQLite. The folder is written
under a temporary name and renamed: readers see all of it or none; a file that is damaged
anyway (a power cut before the data reached the disk) fails Arrow's checks and is read from
SQLite. Folders of other generations are removed after a copy.
"""

from __future__ import annotations

import operator
import os
import shutil
import sqlite3
import uuid
from collections.abc import Collection, Mapping
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

from ..graphmodel.schema import NODES, RELS

__all__ = [
    "CORE_TABLES",
    "ColumnFiles",
    "generation",
    "new_generation",
    "read_with_files",
    "watch_writes",
    "write_columns",
]

#: the tables the column files copy: the graph's labels and relationship types
CORE_TABLES = frozenset([*NODES, *(r.name for r in RELS)])
FOLDER = "columns"
_ARROW = {"str": "string", "date": "string", "int": "int64", "bool": "int64", "float": "float64"}
_PYTHON = {"string": str, "int64": int, "float64": float}


def new_generation() -> str:
    """A fresh generation token."""
    return uuid.uuid4().hex


def generation(db: sqlite3.Connection) -> str | None:
    """The generation the store behind ``db`` records (``None``: none yet)."""
    row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
    return None if row is None else str(row[0])


# -- writing ---------------------------------------------------------------------------------


def watch_writes(written: set[str]) -> Any:
    """A SQLite authorizer adding to ``written`` every table a statement inserts, updates
    or deletes rows of, as SQLite prepares it; it allows everything."""
    writes = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}

    def authorize(action: int, table: str | None, *_: Any) -> int:
        if action in writes and table is not None:
            written.add(table)
        return sqlite3.SQLITE_OK

    return authorize


def write_columns(db: sqlite3.Connection, directory: Path, token: str) -> Path | None:
    """Copy the graph's tables of the store behind ``db`` (read in one snapshot the caller
    holds; its generation is ``token``) into ``directory/columns/<token>/``; remove the
    folders of other generations. Returns the folder, or ``None`` when it could not be
    written (the disk full, the folder read-only): readers then read SQLite."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    from ..loaders.arrays import int64s, strings
    from .sqlite_tables import read_tables

    t = read_tables(db)
    root = directory / FOLDER
    final = root / token
    tmp = root / f".{token}.{os.getpid()}.tmp"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        if final.is_dir():
            return final
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(mode=0o700)
        for label, n in NODES.items():
            arrays = {n.key: strings(list[str | None](t.keys(label)))}
            for p in n.props:
                if p.name == n.key:
                    continue
                a = _arrow(t.columns[label][p.name], _ARROW[p.type])
                if a is not None:
                    arrays[p.name] = a
            _write(ipc, tmp / f"{label}.arrow", pa.table(arrays))
        for r in RELS:
            s, e = t.positions(r.name)
            table = pa.table({"start": int64s(s), "end": int64s(e)})
            _write(ipc, tmp / f"{r.name}.arrow", table)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    for old in root.iterdir():  # other generations, and copies others left unfinished
        if old.name != token and not (old.name.startswith(".") and old.name != tmp.name):
            shutil.rmtree(old, ignore_errors=True)
    return final


def _arrow(values: Any, kind: str) -> Any:
    """``values`` as an Arrow array of ``kind``, or ``None`` when Arrow would not give the
    same Python values back (a text in a number column, an integer in a real one). Built
    from numpy buffers: pyarrow imports pandas (a third of a second) to convert Python
    objects (:mod:`pbgraph.loaders.arrays`)."""
    import pyarrow as pa

    from ..loaders.arrays import int64s, strings, typed

    if isinstance(values, np.ndarray):
        return int64s(values) if kind == "int64" else None
    if not set(map(type, values)) <= {_PYTHON[kind], type(None)}:  # in C, not per value
        return None
    if kind == "string":
        return strings(values)
    if kind == "int64":
        return typed(values) if values else int64s(np.zeros(0, np.int64))  # None: too big
    valid = np.fromiter(map(operator.is_not, values, repeat(None)), dtype=bool, count=len(values))
    data = pa.py_buffer(np.array([0.0 if v is None else v for v in values], dtype=np.float64))
    mask = None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(pa.float64(), len(values), [mask, data])


def _write(ipc: Any, path: Path, table: Any) -> None:
    with ipc.new_file(str(path), table.schema) as w:
        w.write_table(table)


# -- reading ---------------------------------------------------------------------------------


class ColumnFiles:
    """The column files of one generation of a store, mapped (nothing is copied until a
    column is asked for)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._tables: dict[str, Any] = {}

    @classmethod
    def of(cls, db: sqlite3.Connection, directory: Path) -> ColumnFiles | None:
        """The files of the generation ``db``'s snapshot sees, if they were written."""
        token = generation(db)
        folder = directory / FOLDER / token if token else None
        return cls(folder) if folder is not None and folder.is_dir() else None

    def table(self, name: str) -> Any:
        """The Arrow table of ``name`` (``None``: missing or damaged)."""
        if name not in self._tables:
            import pyarrow as pa
            import pyarrow.ipc as ipc

            try:
                source = pa.memory_map(str(self.folder / f"{name}.arrow"))
                self._tables[name] = ipc.open_file(source).read_all()
            except (OSError, pa.ArrowException):
                self._tables[name] = None
        return self._tables[name]

    def node_columns(self, label: str, names: Collection[str]) -> tuple[list[str], dict[str, Any]] | None:  # fmt: skip
        """The keys and columns ``names`` of ``label``, in the forms the SQLite read gives
        (:func:`pbgraph.stores.sqlite_tables.read_tables`); ``None`` when the file lacks
        one of them."""
        table = self.table(label)
        if table is None or any(c not in table.column_names for c in names):
            return None
        n = NODES[label]
        types = {p.name: p.type for p in n.props}
        keys = table.column(n.key).to_pylist()
        cols: dict[str, Any] = {}
        for c in names:
            col = table.column(c).combine_chunks()  # one chunk: no copy
            if types[c] in ("int", "bool") and col.null_count == 0 and len(col):
                cols[c] = _numbers(col)  # as the SQLite read: integers, none missing
            else:
                cols[c] = col.to_pylist()
        return keys, cols

    def positions(self, name: str, n_start: int, n_end: int) -> tuple[np.ndarray, np.ndarray] | None:  # fmt: skip
        """Start and end positions of relationship ``name`` (``None``: no usable file)."""
        table = self.table(name)
        if table is None:
            return None
        s, e = (_numbers(table.column(c).combine_chunks()) for c in ("start", "end"))
        if len(s) and (s.max() >= n_start or e.max() >= n_end or min(s.min(), e.min()) < 0):
            return None  # not this generation's tables
        return s, e


def _numbers(arr: Any) -> np.ndarray:
    """An int64 array's values as a numpy view of the mapped file (no nulls): not
    ``to_numpy``, which imports pandas, nor :mod:`pbgraph.loaders.arrays`, which imports
    pyarrow.compute (a third of a second each)."""
    return np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + len(arr)]


def read_with_files(
    files: ColumnFiles,
    node_props: Mapping[str, list[str]],
    rel_names: list[str],
    read_label: Any,
    read_rel: Any,
) -> tuple[dict[str, tuple[list[str], dict[str, Any]]], dict[str, tuple[list[str], list[str]]], dict[str, tuple[np.ndarray, np.ndarray]]]:  # fmt: skip
    """Node columns and relationships from ``files``, what they lack through
    ``read_label(label, names)`` and ``read_rel(name)`` (SQLite)."""
    from ..graphmodel.tables import _REL_ENDS

    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for label, names in node_props.items():
        got = files.node_columns(label, names)
        nodes[label] = got if got is not None else read_label(label, names)
    rels: dict[str, tuple[list[str], list[str]]] = {}
    positions: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    keys: dict[str, np.ndarray] = {}  # each label's keys as one object array, to index

    def take(label: str, pos: np.ndarray) -> list[str]:
        if label not in keys:
            keys[label] = np.array(nodes[label][0], dtype=object)
        return keys[label][pos].tolist() if len(pos) else []

    for name in rel_names:
        start, end = _REL_ENDS[name]
        pos = files.positions(name, len(nodes[start][0]), len(nodes[end][0]))
        if pos is None:
            rels[name] = read_rel(name)
            continue
        positions[name] = pos
        rels[name] = (take(start, pos[0]), take(end, pos[1]))
    return nodes, rels, positions
