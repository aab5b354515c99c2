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

The copy is made from SQLite itself, after the commit, so it holds exactly what a read of
that generation gives, and without a Python object per value: each column of a table comes
out of one scan as one ``group_concat`` text, cut apart by numpy into Arrow buffers (reals
written with 17 significant digits, which give the same double back); relationships' keys
become positions with one hash lookup per label (Arrow's ``index_in``). The largest label
is copied in a child process meanwhile (:func:`pbgraph.parallel.beside`), through a
connection of its own that checks the generation. The rows' order is checked, not asked
of the queries (a table without rowid is scanned in key order). A column that Arrow cannot
hold with the same Python values (SQLite lets a cell hold any type) is left out of the
file, and the tables that need it are read from SQLite; so is a label whose keys hold a
NUL, with its relationships. The folder is written under a temporary name and renamed:
readers see all of it or none; a file that is damaged anyway (a power cut before the data
reached the disk) fails Arrow's checks and is read from SQLite. Folders of other generations are removed after a copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import numpy as np

from ..graphmodel.schema import NODES, RELS, NodeType
from ..parallel import beside
from .sqlite_sql import q

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

    root = directory / FOLDER
    final = root / token
    tmp = root / f".{token}.{os.getpid()}.tmp"
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        if final.is_dir():
            return final
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(mode=0o700)
        # the largest label in a child process (a connection of its own, the same
        # generation), everything else here: two cores
        count = {
            label: db.execute(f"SELECT count(*) FROM {q(label)}").fetchone()[0] for label in NODES
        }
        largest = max(NODES, key=count.__getitem__)
        counted = _counted(db, NODES[largest])  # (here: the child has the longer part)
        wait = beside(lambda: _copy_label(_path(db), NODES[largest], token, tmp, counted))
        keys: dict[str, Any] = {}  # each label's keys, an Arrow array in key order
        for label, n in NODES.items():
            if label == largest:
                keys[label] = _keys(db, n)
                continue
            got = _label_arrays(db, n)
            keys[label] = got[n.key] if got is not None else None
            if got is not None:
                _write(ipc, tmp / f"{label}.arrow", pa.table(got))
        for name, (s, e) in _rel_positions(db, keys).items():
            _write(ipc, tmp / f"{name}.arrow", pa.table({"start": s, "end": e}))
        if not wait():
            keys[largest] = None  # not of this generation: nor are its relationships
            for r in RELS:
                if largest in (r.start, r.end):
                    (tmp / f"{r.name}.arrow").unlink(missing_ok=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return None
    for old in root.iterdir():  # other generations, and copies others left unfinished
        if old.name != token and not (old.name.startswith(".") and old.name != tmp.name):
            shutil.rmtree(old, ignore_errors=True)
    return final


# SQLite's type of the values a column of each schema type holds, and how a value is
# written into the one text a column is read as: a real with 17 significant digits, which
# give the same double back ("!": more than SQLite's default 15)
_SQLITE_TYPE = {"str": "text", "date": "text", "int": "integer", "bool": "integer", "float": "real"}
_AS_TEXT = {"float": "CASE WHEN {0} IS NULL THEN NULL ELSE printf('%!.17g', {0}) END"}


def _path(db: sqlite3.Connection) -> str:
    """The file of the main database of ``db``."""
    return str(next(row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main"))


def _copy_label(
    path: str, n: NodeType, token: str, folder: Path, counted: list[Any] | None = None
) -> bool:
    """Copy label ``n`` of the store at ``path`` into ``folder`` through a connection of its
    own (for a child process: a connection is not carried across a fork), if the store is
    still of generation ``token`` (``counted``: its :func:`_counted`, made by the parent
    in the same generation); whether it was."""
    import pyarrow as pa
    import pyarrow.ipc as ipc

    db = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True, isolation_level=None)
    try:
        db.execute("BEGIN")
        if generation(db) != token:
            return False
        got = _label_arrays(db, n, counted)
        if got is not None:
            _write(ipc, folder / f"{n.label}.arrow", pa.table(got))
        return True
    finally:
        db.close()


def _keys(db: sqlite3.Connection, n: NodeType) -> Any:
    """The keys of label ``n`` as an Arrow array in key order (``None``: a key with a NUL in
    it, or not in order)."""

    count, text = db.execute(
        f"SELECT count(*), group_concat({q(n.key)}, char(0)) FROM {q(n.label)}"
    ).fetchone()
    keys = _texts(text, np.ones(count, dtype=bool))
    if keys is None or not _in_order(keys):
        return None
    return keys


def _counted(db: sqlite3.Connection, n: NodeType) -> list[Any]:
    """The first scan of :func:`_label_arrays`: the rows of label ``n``, and per property
    its values and those of its schema's type."""
    props = [p for p in n.props if p.name != n.key]
    counts = [
        f"count({q(p.name)}), sum(typeof({q(p.name)}) = '{_SQLITE_TYPE[p.type]}')" for p in props
    ]
    return list(db.execute(f"SELECT count(*), {', '.join(counts)} FROM {q(n.label)}").fetchone())


def _label_arrays(
    db: sqlite3.Connection, n: NodeType, counted: list[Any] | None = None
) -> dict[str, Any] | None:
    """The keys of label ``n`` (in key order) and its columns as Arrow arrays, straight from
    SQLite, never a Python object per value: a first scan counts each column's values and
    those of its schema's type, a second one ``group_concat``s the keys, every column (cut
    apart by numpy) and where values are missing. A column holding a value of another type
    (SQLite lets a cell hold any type) is left out; ``None``: the label is left out (a key
    with a NUL in it, or keys not in order)."""
    import pyarrow as pa

    from ..loaders.arrays import int64s

    props = [p for p in n.props if p.name != n.key]
    count, *got = counted if counted is not None else _counted(db, n)
    present = {
        p.name: got[2 * i] for i, p in enumerate(props) if got[2 * i] == (got[2 * i + 1] or 0)
    }
    cols = [p for p in props if p.name in present]  # those of their type only
    parts = [f"group_concat({q(n.key)}, char(0))"]
    for p in cols:
        c = q(p.name)
        sep = "char(0)" if p.type in ("str", "date") else "','"
        parts.append(f"group_concat({_AS_TEXT.get(p.type, '{0}').format(c)}, {sep})")
        if present[p.name] < count:
            parts.append(f"group_concat({c} IS NULL, '')")
    # one scan, so every column is in the order of the keys; a table without rowid is
    # scanned in key order, which is checked below rather than asked of the query
    key_text, *texts = db.execute(f"SELECT {', '.join(parts)} FROM {q(n.label)}").fetchone()
    keys = _texts(key_text, np.ones(count, dtype=bool))
    if keys is None or not _in_order(keys):
        return None
    arrays: dict[str, Any] = {n.key: keys}
    for p in cols:
        text = texts.pop(0)
        valid = np.ones(count, dtype=bool)
        if present[p.name] < count:
            valid = np.frombuffer(texts.pop(0).encode(), dtype=np.uint8) == ord("0")
        if p.type in ("str", "date"):
            a = _texts(text, valid)
        else:
            dtype = np.float64 if p.type == "float" else np.int64
            values = np.fromstring(text or "", dtype=dtype, sep=",")
            if len(values) != present[p.name]:
                continue
            full = np.zeros(count, dtype=dtype)
            full[valid] = values
            a = (
                int64s(full, valid)
                if dtype is np.int64
                else pa.Array.from_buffers(pa.float64(), count, [_mask(valid), pa.py_buffer(full)])
            )
        if a is not None:
            arrays[p.name] = a
    return arrays


def _in_order(keys: Any) -> bool:
    """Whether Arrow strings ``keys`` are in SQLite's order of keys (as UTF-8 bytes)."""
    import pyarrow.compute as pc

    return len(keys) < 2 or bool(pc.all(pc.greater(keys[1:], keys[:-1])).as_py())


def _texts(text: str | None, valid: np.ndarray) -> Any:
    """The texts ``text`` joins by NUL, one for each true of ``valid`` (null where false),
    as an Arrow string array; ``None`` when a text had a NUL in it (too many pieces)."""
    import pyarrow as pa

    data = (text or "").encode()
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)
    if int(valid.sum()) != (len(ends) + 1 if text is not None else 0):
        return None
    lengths = np.zeros(len(valid), dtype=np.int64)
    lengths[valid] = np.diff(np.concatenate(([-1], ends, [len(data)]))) - 1
    offsets = np.zeros(len(valid) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    large = offsets[-1] >= 2**31  # beyond 32-bit offsets
    buffers = [
        _mask(valid),
        pa.py_buffer(offsets if large else offsets.astype(np.int32)),
        pa.py_buffer(data.replace(b"\0", b"")),
    ]
    return pa.Array.from_buffers(pa.large_string() if large else pa.string(), len(valid), buffers)


def _mask(valid: np.ndarray) -> Any:
    """Arrow's validity bitmap of ``valid`` (``None``: all valid)."""
    import pyarrow as pa

    return None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))


def _rel_positions(db: sqlite3.Connection, keys: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The positions of each relationship type's endpoints in their labels' ``keys`` (Arrow
    string arrays in key order; ``None``: not copied), ordered by (start, end), as Arrow
    int64 arrays. Every endpoint of a label is looked up at once (one hash of its keys). A
    type is left out when a label is, or an endpoint is missing, or a key has a NUL in it,
    or its rows are not in order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..loaders.arrays import int64s

    wanted: dict[str, list[tuple[str, int, Any]]] = {}  # label -> (type, 0 start/1 end, keys)
    for r in RELS:
        if keys[r.start] is None or keys[r.end] is None:
            continue
        count, src, dst = db.execute(
            f"SELECT count(*), group_concat(src, char(0)), group_concat(dst, char(0)) "
            f"FROM {q(r.name)}"
        ).fetchone()
        ends = [_texts(text, np.ones(count, dtype=bool)) for text in (src, dst)]
        if ends[0] is not None and ends[1] is not None:
            for side, label in enumerate((r.start, r.end)):
                wanted.setdefault(label, []).append((r.name, side, ends[side]))
    found: dict[str, list[Any]] = {}
    for label, parts in wanted.items():
        at = pc.index_in(
            pa.chunked_array([a for *_, a in parts], pa.string()), value_set=keys[label]
        )
        start = 0
        for name, side, a in parts:
            part = at.slice(start, len(a))
            start += len(a)
            ok = part.null_count == 0
            pos = np.asarray(part.to_numpy(), dtype=np.int64) if ok else None
            found.setdefault(name, [None, None])[side] = pos
    out: dict[str, tuple[Any, Any]] = {}
    for name, (s, e) in found.items():
        # scanned in (start, end) order, as the table's key is: checked, not asked of the query
        if (
            s is not None
            and e is not None
            and np.all((s[1:] > s[:-1]) | ((s[1:] == s[:-1]) & (e[1:] > e[:-1])))
        ):
            out[name] = (int64s(s), int64s(e))
    return out


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

    def count(self, label: str) -> int | None:
        """The number of nodes of ``label`` (``None``: no usable file)."""
        table = self.table(label)
        return None if table is None else int(table.num_rows)

    def node_columns(self, label: str, names: Collection[str], rows: np.ndarray | None = None) -> tuple[list[str], dict[str, Any]] | None:  # fmt: skip
        """The keys and columns ``names`` of ``label`` (of the nodes at positions ``rows``
        only, ascending, if given), in the forms the SQLite read gives
        (:func:`pbgraph.stores.sqlite_tables.read_tables`); ``None`` when the file lacks
        one of them."""
        table = self.table(label)
        if table is None or any(c not in table.column_names for c in names):
            return None
        n = NODES[label]
        if rows is not None:  # only these rows' values are copied out of the mapped file
            table = table.select([n.key, *names]).take(rows)
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


class ColumnSource(Protocol):
    """What :func:`read_with_files` reads: :class:`ColumnFiles`, or a partition of them
    (:mod:`pbgraph.stores.partition_files`)."""

    def node_columns(self, label: str, names: list[str]) -> tuple[list[str], dict[str, Any]] | None: ...  # fmt: skip

    def positions(self, name: str, n_start: int, n_end: int) -> tuple[np.ndarray, np.ndarray] | None: ...  # fmt: skip


def read_with_files(
    files: ColumnSource,
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
