"""One partition of the embedded store read from its column files, not from SQLite.

Internal to :func:`pbgraph.stores.sqlite_tables.read_partition`. The SQL read of a
partition walks the relationships by SQLite ``json_each`` key lists, which is slow: a city
of a province of 100 000 organizations per city took longer than the whole province read
from the column files (:mod:`pbgraph.stores.sqlite_columns`). So when the snapshot's
generation has its files, the partition is chosen by the same rules
(:func:`pbgraph.stores.partition.resolve` and :func:`~pbgraph.stores.partition.select`)
through :class:`FilesFinder`, which answers from the files with numpy and Arrow: a label's
keys column and a relationship type's endpoint positions are read whole (mapped, one at a
time) to make masks, and only the partition's rows of the columns asked for become Python
values. The tables are those the SQL read gives: nodes in key order (the files' order),
relationships by start key then end key (the order of their positions), the same column
forms. Whatever the files lack (a label, a column, a relationship type that could not be
copied) makes :func:`read_partition_files` answer ``None``, and the SQL read is made.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

import numpy as np

from ..graphmodel.schema import NODES, RelType
from ..graphmodel.tables import Tables, column_tables
from .partition import resolve
from .partition import select as select_partition
from .sqlite_columns import ColumnFiles

__all__ = ["FilesFinder", "read_partition_files"]


class _Lacking(Exception):
    """The files lack something the partition's read needs."""


class FilesFinder:
    """:class:`pbgraph.stores.partition.Finder` of a store's column files."""

    def __init__(self, files: ColumnFiles) -> None:
        self.files = files
        self._keys: dict[str, Any] = {}  # label -> its keys, an Arrow string array
        self._pos: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._masks: dict[str, list[tuple[frozenset[str], np.ndarray]]] = {}
        self._names: dict[str, tuple[np.ndarray, dict[str, int]]] = {}

    def keys(self, label: str) -> Any:
        """The keys of ``label`` in key order (Arrow strings)."""
        if label not in self._keys:
            table = self.files.table(label)
            key = NODES[label].key
            if table is None or key not in table.column_names:
                raise _Lacking(label)
            self._keys[label] = table.column(key).combine_chunks()
        return self._keys[label]

    def positions(self, r: RelType) -> tuple[np.ndarray, np.ndarray]:
        """Start and end positions of ``r``'s relationships in its labels' keys."""
        if r.name not in self._pos:
            got = self.files.positions(r.name, len(self.keys(r.start)), len(self.keys(r.end)))
            if got is None:
                raise _Lacking(r.name)
            self._pos[r.name] = got
        return self._pos[r.name]

    def names(self, label: str) -> tuple[np.ndarray, dict[str, int]]:
        """The keys of ``label`` as Python strings (an object array, to take from) and
        each one's position (plain Python: no Arrow call that imports pandas)."""
        if label not in self._names:
            keys = self.keys(label).to_pylist()
            self._names[label] = (
                np.array(keys, dtype=object),
                dict(zip(keys, range(len(keys)), strict=True)),
            )
        return self._names[label]

    def mask(self, label: str, keys: Iterable[str]) -> np.ndarray:
        """Which of ``label``'s nodes have one of ``keys`` (a boolean per node). The rules
        ask again with the same keys (the partition's organizations, seven times): a set
        equal to one asked before gets its mask again (set equality: no hashing anew)."""
        wanted = keys if isinstance(keys, (set, frozenset)) else set(keys)
        for seen, got in self._masks.get(label, []):
            if len(seen) == len(wanted) and seen == wanted:
                return got
        _, index = self.names(label)
        out = np.zeros(len(index), dtype=bool)
        out[np.array([index[k] for k in wanted if k in index], dtype=np.int64)] = True
        self._masks.setdefault(label, []).append((frozenset(wanted), out))
        return out

    def take(self, label: str, at: np.ndarray) -> list[str]:
        """The keys of ``label``'s nodes at positions ``at``."""
        return self.names(label)[0][at].tolist() if len(at) else []

    def regions(self, code: str, name: str) -> list[tuple[str, str | None]]:
        table = self.files.table("Region")
        if table is None or not {"name", "level"} <= set(table.column_names):
            raise _Lacking("Region")
        codes = self.take("Region", np.arange(len(self.keys("Region"))))
        names = table.column("name").to_pylist()
        levels = table.column("level").to_pylist()
        return [
            (c, lv) for c, n, lv in zip(codes, names, levels, strict=True) if c == code or n == name
        ]

    def under(self, code: str) -> list[str]:
        # as the SQL read: code, or from code + "/" up to (not including) code + "0"
        low, high = code + "/", code + "0"
        codes = self.take("Region", np.arange(len(self.keys("Region"))))
        return [c for c in codes if c == code or low <= c < high]

    def step(self, r: RelType, side: str, keys: Iterable[str]) -> set[str]:
        s, e = self.positions(r)
        this, other = (s, e) if side == "start" else (e, s)
        label, other_label = (r.start, r.end) if side == "start" else (r.end, r.start)
        keys = list(keys)
        if not keys or not len(this):
            return set()
        found = np.unique(other[self.mask(label, keys)[this]])
        return set(self.take(other_label, found))


def read_partition_files(
    files: ColumnFiles,
    where: Mapping[str, Any],
    node_props: Mapping[str, list[str]],
    rel_types: list[RelType],
    present: Mapping[str, set[str]],
    read_label: Callable[[str, list[str], Collection[str]], tuple[list[str], dict[str, Any]]],
) -> Tables | None:
    """The tables of partition ``where`` read from ``files`` (the same as
    :func:`pbgraph.stores.sqlite_tables.read_partition` reads from SQLite); a label whose
    file lacks a column asked for through ``read_label(label, names, keys)``. ``None``: the
    files lack a label or a relationship type the partition's rules walk, or one asked
    for."""
    find = FilesFinder(files)
    try:
        sel = select_partition(resolve(where, find), find)
        masks = {label: find.mask(label, sel[label]) for label in node_props}
        nodes = {
            label: _node_columns(find, label, names, masks[label])
            or read_label(label, names, sel[label])
            for label, names in node_props.items()
        }
        pairs: dict[str, tuple[list[str], list[str]]] = {}
        positions: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for r in rel_types:
            if r.name not in present:
                pairs[r.name] = ([], [])
                continue
            s, e = find.positions(r)
            keep = masks[r.start][s] & masks[r.end][e]
            s, e = s[keep], e[keep]
            pairs[r.name] = (find.take(r.start, s), find.take(r.end, e))
            # positions among the partition's nodes: a node's rank among those kept
            positions[r.name] = tuple(
                (np.cumsum(masks[label]) - 1)[at].astype(np.int64)
                for label, at in ((r.start, s), (r.end, e))
            )
    except _Lacking:
        return None
    return column_tables(nodes, pairs, positions)


def _node_columns(
    find: FilesFinder, label: str, names: list[str], mask: np.ndarray
) -> tuple[list[str], dict[str, Any]] | None:
    """The keys and columns ``names`` of ``label``'s nodes under ``mask``, in the forms the
    SQL read of a partition gives: an integer or flag column with values and none missing as
    an int64 array, any other (an empty one too) as a list (``None``: the file lacks one of the columns)."""
    import pyarrow as pa

    table = find.files.table(label)
    if table is None or any(c not in table.column_names for c in names):
        return None
    rows = np.flatnonzero(mask).astype(np.int64)
    at = pa.Array.from_buffers(pa.int64(), len(rows), [None, pa.py_buffer(rows)])
    types = {p.name: p.type for p in NODES[label].props}
    cols: dict[str, Any] = {}
    for c in names:
        col = table.column(c).take(at).combine_chunks()
        if types[c] in ("int", "bool") and col.null_count == 0 and len(col):
            cols[c] = _ints(col)
        else:
            cols[c] = col.to_pylist()
    return find.take(label, rows), cols


def _ints(arr: Any) -> np.ndarray:
    """An Arrow integer array's values (no nulls) as int64 (not ``to_numpy``, which imports
    pandas: a second)."""
    import pyarrow as pa

    if not len(arr):
        return np.zeros(0, dtype=np.int64)
    dtype = {pa.int32(): np.int32, pa.int64(): np.int64}[arr.type]
    values = np.frombuffer(arr.buffers()[1], dtype=dtype)[arr.offset : arr.offset + len(arr)]
    return values.astype(np.int64)
