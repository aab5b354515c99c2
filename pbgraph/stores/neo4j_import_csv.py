"""The files Neo4j's offline importer reads: a load's nodes and relationships as CSV, each
file with its header (``code:ID(Region),name:string,employees:long…``).

The values are typed as the Bolt load sends them (:func:`pbgraph.stores.neo4j_load.plain`):
text as ``string``, ``int`` as ``long``, ``float`` as ``double``, ``bool`` as ``boolean``,
dates (anything with ``isoformat``) as their ISO text; the meta node's timestamps as
``datetime``. Keys are each label's ID space (``:ID(Label)``; ``--id-type=string``, the
importer's default, keeps them as text properties of the key's name) and relationships name
their ends in those spaces (``:START_ID(Label)``, ``:END_ID(Label)``). A column whose values
have several types (an ``int`` here, a ``float`` there) splits its rows into a file per
type, as the Bolt load would store each value. Strings are quoted (a quoted empty string
stays an empty string; an empty field is no property). A value the importer could not take
as the Bolt load stores it (a list, a float that is not finite, an int beyond 64 bits)
raises :class:`Unsupported`: the load then writes over Bolt. Part of
:mod:`pbgraph.stores.neo4j_import`.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..graphmodel.schema import NODES, RelType
from .cypher import META_LABEL

__all__ = ["Unsupported", "write_files"]

#: a file the importer reads: ``--nodes=Label=path`` or ``--relationships=TYPE=path``
Files = list[str]
_LONG = (-(1 << 63), (1 << 63) - 1)
_ALLOWED = {str, bool, int, float}


class Unsupported(Exception):  # noqa: N818 (a reason to write over Bolt, not an error)
    """A value the offline importer cannot store as the Bolt load would."""


def _plain_column(col: list[Any]) -> tuple[list[Any], set[type]]:
    """A column as the Bolt load sends it (dates as ISO text) and the types in it."""
    kinds = set(map(type, col))
    kinds.discard(type(None))
    odd = kinds - _ALLOWED
    if odd:
        if not all(hasattr(t, "isoformat") for t in odd):
            raise Unsupported(f"values of type {', '.join(sorted(t.__name__ for t in odd))}")
        col = [v.isoformat() if hasattr(v, "isoformat") else v for v in col]
        kinds = (kinds - odd) | {str}
    if int in kinds:
        ints = [v for v in col if type(v) is int]
        if min(ints) < _LONG[0] or max(ints) > _LONG[1]:
            raise Unsupported("an integer beyond 64 bits")
    if float in kinds and not all(math.isfinite(v) for v in col if type(v) is float):
        raise Unsupported("a float that is not finite")
    return col, kinds


_CSV_TYPE = {str: "string", bool: "boolean", int: "long", float: "double"}


class _NoValue(int):
    """No property: a number to the CSV writer (so it is not quoted) whose text is empty,
    the importer's null (the writer would quote ``None``'s empty text: an empty string)."""

    def __str__(self) -> str:
        return ""

    __repr__ = __str__


NO_VALUE = _NoValue()


def _bools(col: list[Any]) -> list[Any]:
    return [NO_VALUE if v is None else ("true" if v else "false") for v in col]


def _nulls(col: list[Any]) -> list[Any]:
    return [NO_VALUE if v is None else v for v in col] if None in col else col


class _Table:
    """Columns to write as one or more files (one per combination of value types)."""

    def __init__(self, head: Sequence[str], lead: Sequence[list[Any]]) -> None:
        self.head = list(head)  # the header of the lead columns (ids)
        self.lead = list(lead)
        self.names: list[str] = []
        self.cols: list[list[Any]] = []
        self.kinds: list[set[type]] = []
        self.typed: dict[str, str] = {}  # a column's CSV type when not its values' (datetime)
        self.multiline = False  # whether a string has a line break

    def add(self, name: str, col: list[Any], csv_type: str | None = None) -> None:
        col, kinds = _plain_column(col)
        if kinds:  # a column of nothing but None is no property
            self.names.append(name)
            self.cols.append(col)
            self.kinds.append(kinds)
            if csv_type:
                self.typed[name] = csv_type
        if str in kinds:
            text = "\0".join(v for v in col if type(v) is str)
            self.multiline |= "\n" in text or "\r" in text

    def parts(self) -> Iterable[tuple[list[str], Iterable[Sequence[Any]]]]:
        """``(header, rows)`` of each file."""
        mixed = [i for i, k in enumerate(self.kinds) if len(k) > 1]
        if not mixed:
            kinds = [next(iter(k)) for k in self.kinds]
            yield self._header(kinds), zip(*self.lead, *self._cells(self.cols, kinds), strict=True)
            return
        groups: dict[tuple[type, ...], list[int]] = {}
        for r in range(len(self.cols[0])):
            sig = tuple(type(self.cols[i][r]) for i in mixed)
            groups.setdefault(sig, []).append(r)
        for sig, rows in groups.items():
            kinds = [next(iter(k)) for k in self.kinds]
            for i, t in zip(mixed, sig, strict=True):
                kinds[i] = t
            lead = [[c[r] for r in rows] for c in self.lead]
            cols = [[c[r] for r in rows] for c in self.cols]
            yield self._header(kinds), zip(*lead, *self._cells(cols, kinds), strict=True)

    def _header(self, kinds: Sequence[type]) -> list[str]:
        names = (
            f"{n}:{self.typed.get(n) or _CSV_TYPE[k]}"
            for n, k in zip(self.names, kinds, strict=True)
        )
        return [*self.head, *names]

    @staticmethod
    def _cells(cols: list[list[Any]], kinds: Sequence[type]) -> list[list[Any]]:
        return [_bools(c) if k is bool else _nulls(c) for c, k in zip(cols, kinds, strict=True)]


def _write(path: Path, header: list[str], rows: Iterable[Sequence[Any]]) -> None:
    """One CSV file: strings quoted (a quoted empty string is an empty string), numbers as
    Python writes them (``repr`` of a float reads back as the same double), an empty field
    (:data:`NO_VALUE`) for no value."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _check_keys(label: str, keys: Sequence[Any]) -> None:
    if set(map(type, keys)) - {str}:
        raise Unsupported(f"a key of {label} that is not text")


def write_files(
    folder: Path,
    nodes: Mapping[str, Any],
    rels: Mapping[RelType, Mapping[tuple[str, str], Mapping[str, Any]]],
    meta: Sequence[Mapping[str, Any]],
) -> tuple[Files, bool]:
    """Write ``nodes`` (``{label: ColumnRows}``), ``rels`` (``{type: {(start, end):
    properties}}``) and the meta nodes (``meta``: their properties) into ``folder``.

    Returns:
        The importer's ``--nodes=…``/``--relationships=…`` options, and whether a string
        has a line break (``--multiline-fields=true`` is then needed).

    Raises:
        Unsupported: a value the importer cannot take as the Bolt load stores it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    args: Files = []
    tables: list[tuple[str, str, _Table]] = []
    for label, rows in nodes.items():
        if not len(rows):
            continue
        n = NODES[label]
        _check_keys(label, rows.keys_)
        t = _Table([f"{n.key}:ID({label})"], [rows.keys_])
        for name, col in rows.columns.items():
            t.add(name, col)
        tables.append(("nodes", label, t))
    for r, pairs in rels.items():
        if not pairs:
            continue
        starts, ends = [s for s, _ in pairs], [e for _, e in pairs]
        t = _Table([f":START_ID({r.start})", f":END_ID({r.end})"], [starts, ends])
        for p in r.props:
            t.add(p.name, [props.get(p.name) for props in pairs.values()])
        tables.append(("relationships", r.type, t))
    if meta:
        tables.append(("nodes", META_LABEL, _meta_table(meta)))
    for i, (what, name, t) in enumerate(tables):
        for j, (header, rows) in enumerate(t.parts()):
            path = folder / f"{i:02d}-{j}-{name}.csv"
            _write(path, header, rows)
            args.append(f"--{what}={name}={path}")
    return args, any(t.multiline for _, _, t in tables)


def _meta_table(meta: Sequence[Mapping[str, Any]]) -> _Table:
    """The meta nodes as the server holds them: text and numbers, and its timestamps
    (``neo4j.time.DateTime``) as ``datetime``."""
    t = _Table([], [])
    for name in sorted({k for m in meta for k in m}):
        col = [m.get(name) for m in meta]
        times = [v for v in col if v is not None and type(v).__module__.startswith("neo4j.time")]
        if times and len(times) == sum(v is not None for v in col):
            t.add(name, [None if v is None else v.iso_format() for v in col], "datetime")
        else:
            t.add(name, col)
    return t
