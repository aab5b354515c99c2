"""One partition read from the embedded store's column files, without SQLite.

Internal to :func:`pbgraph.stores.sqlite_tables.read_partition`. The partition's rules are
:func:`pbgraph.stores.partition.select`'s, unchanged; only its sets differ: a set of a
label's nodes is a boolean mask over the rows of that label's column file (:class:`Mask`),
and a step along a relationship type is two numpy indexings of its endpoints' positions
(the relationship files hold each endpoint as the row of its node in its label's file). So
the selection costs a pass over the positions of the relationship types the rules follow,
in C, and no key is made into a Python object. Then only the partition's rows of the
columns asked for are copied out of the mapped files (Arrow's ``take``), and its
relationships' positions are renumbered to the partition's rows, in the same order.

What a worker touches: the whole endpoint arrays of the relationship types the rules
follow (8 bytes per endpoint, mapped: the operating system's page cache, which the
workers of a machine share and which it may drop, not the process's own memory) and the
partition's rows of the columns asked for. The tables are those of the SQLite read of the
same partition (``tests/unit/test_city_level_partition.py`` reads both). A store whose
files lack a table or column the read needs (an older generation, a column Arrow could not
hold) is read from SQLite instead: :func:`read` returns ``None``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from ..graphmodel.schema import NODES, RelType
from ..graphmodel.tables import Tables, column_tables
from .partition import Finder, resolve, select
from .sqlite_columns import ColumnFiles, read_with_files

__all__ = ["Mask", "read"]


class _NoFiles(Exception):
    """The files lack what the read needs: read SQLite instead."""


class Mask:
    """A set of one label's nodes: a boolean per row of its column file."""

    __slots__ = ("a", "label")

    def __init__(self, label: str, a: np.ndarray) -> None:
        self.label, self.a = label, a

    def __or__(self, other: Mask) -> Mask:
        return Mask(self.label, self.a | other.a)

    def __sub__(self, other: Mask) -> Mask:
        return Mask(self.label, self.a & ~other.a)

    def __bool__(self) -> bool:
        return bool(self.a.any())


class _FileFinder:
    """:class:`pbgraph.stores.partition.Finder` over column files: regions looked up by
    ``base`` (a few rows), every step in numpy."""

    def __init__(self, files: ColumnFiles, base: Finder) -> None:
        self.files, self.base = files, base
        self._where: dict[str, dict[str, int]] = {}

    def regions(self, code: str, name: str) -> list[tuple[str, str | None]]:
        return self.base.regions(code, name)

    def under(self, code: str) -> list[str]:
        return self.base.under(code)

    def count(self, label: str) -> int:
        n = self.files.count(label)
        if n is None:
            raise _NoFiles(label)
        return n

    def keys(self, label: str, keys: Iterable[str]) -> Mask:
        if label not in self._where:  # only regions come by key: a few rows
            got = self.files.node_columns(label, [])
            if got is None:
                raise _NoFiles(label)
            self._where[label] = {k: i for i, k in enumerate(got[0])}
        a = np.zeros(self.count(label), dtype=bool)
        try:
            a[[self._where[label][k] for k in keys]] = True
        except KeyError as e:  # not the files of what SQLite holds: read SQLite
            raise _NoFiles(label) from e
        return Mask(label, a)

    def positions(self, r: RelType) -> tuple[np.ndarray, np.ndarray]:
        pos = self.files.positions(r.name, self.count(r.start), self.count(r.end))
        if pos is None:
            raise _NoFiles(r.name)
        return pos

    def step(self, r: RelType, side: str, keys: Mask) -> Mask:
        s, e = self.positions(r)
        this, other, label = (s, e, r.end) if side == "start" else (e, s, r.start)
        found = np.zeros(self.count(label), dtype=bool)
        found[other[keys.a[this]]] = True
        return Mask(label, found)


class _Partition:
    """The column files as :func:`read_with_files` reads them, restricted to the rows of
    ``sel``'s masks (any other label: no rows)."""

    def __init__(self, find: _FileFinder, sel: Mapping[str, Any]) -> None:
        self.find, self.sel = find, sel
        self._rows: dict[str, np.ndarray] = {}

    def mask(self, label: str) -> np.ndarray:
        m = self.sel.get(label)
        return m.a if isinstance(m, Mask) else np.zeros(self.find.count(label), dtype=bool)

    def rows(self, label: str) -> np.ndarray:
        """The rows of ``label``'s file in the partition, ascending (made once a label)."""
        if label not in self._rows:
            self._rows[label] = np.flatnonzero(self.mask(label))
        return self._rows[label]

    def node_columns(self, label: str, names: list[str]) -> tuple[list[str], dict[str, Any]] | None:  # fmt: skip
        return self.find.files.node_columns(label, names, self.rows(label))

    def positions(self, name: str, n_start: int, n_end: int) -> tuple[np.ndarray, np.ndarray]:
        from ..graphmodel.schema import RELS

        r = next(r for r in RELS if r.name == name)
        s, e = self.find.positions(r)
        ms, me = self.mask(r.start), self.mask(r.end)
        keep = ms[s] & me[e]
        # a node's row in the partition: where its row is among the partition's rows (not
        # a running count over all the label's rows: that would be the province's size)
        return (np.searchsorted(self.rows(r.start), s[keep]),
                np.searchsorted(self.rows(r.end), e[keep]))  # fmt: skip


def _missing(*_: Any) -> Any:
    raise _NoFiles


def read(
    files: ColumnFiles,
    base: Finder,
    where: Mapping[str, Any],
    node_props: Mapping[str, list[str]],
    rel_types: Sequence[RelType],
) -> Tables | None:
    """The partition ``where``'s tables from ``files`` (``None``: they lack something the
    read needs; errors in ``where`` are raised as :func:`resolve` raises them)."""
    find = _FileFinder(files, base)
    root = resolve(where, find)
    try:
        sel = select(root, find)
        view = _Partition(find, sel)
        for label in node_props:
            if label not in NODES:
                raise _NoFiles(label)
        names = [r.name for r in rel_types]
        nodes, pairs, positions = read_with_files(view, node_props, names, _missing, _missing)
    except _NoFiles:
        return None
    return column_tables(nodes, pairs, positions)
