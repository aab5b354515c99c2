"""Nodes of one label as a batch holds them: columns, not a dict per row (what a loader
builds and the embedded store writes in bulk)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

__all__ = ["ColumnRows"]


class ColumnRows(Mapping[str, Mapping[str, Any]]):
    """The nodes of one label in a batch, kept as columns: their keys in the order first
    met and, per property, a list of values (``None``: no value). As a mapping, ``key ->
    {property: value}`` (the values present); the store writes the columns as they are
    (:func:`pbgraph.stores.sqlite_sql.node_params`), without a dict per row.

    >>> rows = ColumnRows()
    >>> rows.set("a", {"name": "甲", "employees": None})
    >>> rows.add("b", ("name", "employees"), ("乙", 3))
    >>> rows.set("a", {"employees": 5})
    >>> dict(rows)
    {'a': {'name': '甲', 'employees': 5}, 'b': {'name': '乙', 'employees': 3}}
    """

    def __init__(self) -> None:
        self.keys_: list[str] = []
        self.columns: dict[str, list[Any]] = {}
        self._at: dict[str, int] = {}
        self._aligned: Sequence[str] | None = None  # the names :meth:`add` was last given
        self._lists: list[list[Any]] = []  # and their columns, in that order

    def __getstate__(self) -> tuple[list[str], dict[str, list[Any]]]:
        return self.keys_, self.columns  # (pickled across processes: no index)

    def __setstate__(self, state: tuple[list[str], dict[str, list[Any]]]) -> None:
        self.keys_, self.columns = state
        self._at = dict(zip(self.keys_, range(len(self.keys_)), strict=True))
        self._aligned, self._lists = None, []

    def __getitem__(self, key: str) -> dict[str, Any]:
        i = self._at[key]
        return {p: c[i] for p, c in self.columns.items() if c[i] is not None}

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_)

    def __len__(self) -> int:
        return len(self.keys_)

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def set(self, key: str, props: Mapping[str, Any]) -> None:
        """Add node ``key`` or update it: a ``None`` never overwrites a value."""
        i = self._at.get(key)
        if i is None:
            i = self._new(key)
        for name, v in props.items():
            if v is not None:
                self._column(name)[i] = v

    def add(self, key: str, names: Sequence[str], values: Sequence[Any]) -> None:
        """:meth:`set` of ``dict(zip(names, values))``, quicker for a new key when ``names``
        are all the columns (the same sequence each time)."""
        if key in self._at or (names is not self._aligned and not self._align(names)):
            self.set(key, dict(zip(names, values, strict=True)))
            return
        self._at[key] = len(self.keys_)
        self.keys_.append(key)
        for c, v in zip(self._lists, values, strict=True):
            c.append(v)

    def extend(
        self, keys: Sequence[str], names: Sequence[str], columns: Sequence[Sequence[Any]]
    ) -> None:
        """:meth:`add` of each of ``keys``, its values the same row of ``columns`` (one per
        name), at once when the keys are new and distinct.

        >>> rows = ColumnRows()
        >>> rows.extend(["a", "b"], ("name", "employees"), [["甲", "乙"], [None, 3]])
        >>> rows.extend(["a"], ("name", "employees"), [[None], [5]])
        >>> dict(rows)
        {'a': {'name': '甲', 'employees': 5}, 'b': {'name': '乙', 'employees': 3}}
        """
        if (
            not self._at.keys().isdisjoint(keys)
            or len(set(keys)) != len(keys)
            or (names is not self._aligned and not self._align(names))
        ):
            for i, key in enumerate(keys):
                self.add(key, names, [c[i] for c in columns])
            return
        start = len(self.keys_)
        self._at.update(zip(keys, range(start, start + len(keys)), strict=True))
        self.keys_.extend(keys)
        for c, values in zip(self._lists, columns, strict=True):
            c.extend(values)

    def _align(self, names: Sequence[str]) -> bool:
        """Make a column of each of ``names``; whether they are then all the columns."""
        for n in names:
            self._column(n)
        if set(self.columns) != set(names):
            return False
        self._aligned, self._lists = names, [self.columns[n] for n in names]
        return True

    def _new(self, key: str) -> int:
        i = self._at[key] = len(self.keys_)
        self.keys_.append(key)
        for c in self.columns.values():
            c.append(None)
        return i

    def _column(self, name: str) -> list[Any]:
        c = self.columns.get(name)
        if c is None:
            c = self.columns[name] = [None] * len(self.keys_)
            self._aligned = None
        return c
