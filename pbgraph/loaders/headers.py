"""Where a ledger's header is: the row (or two rows, a group header above its columns)
within the first :data:`HEADER_SCAN` rows that names the most columns of a ledger kind.

Only a bounded part of a row is looked at, however long the row: its first
:data:`_HEADER_CELLS` cells, the first :data:`_HEADER_CHARS` characters of each.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .ledgers import KINDS, LedgerKind, detect_kind
from .mapping import Mapping, resolve
from .values import clean

__all__ = ["HEADER_SCAN", "Header", "find_header", "head_row"]

HEADER_SCAN = 12
_HEADER_CELLS = 1_024  # cells of a row looked at for a header
_HEADER_CHARS = 256  # characters of a cell looked at for a header

Header = tuple[list[str], list[str], int, LedgerKind]  # headers, groups, last row, kind


def head_row(row: list[Any]) -> list[Any]:
    """The part of a row looked at for a header: bounded, however long the row."""
    return [
        c[:_HEADER_CHARS] if type(c) is str and len(c) > _HEADER_CHARS else c
        for c in row[:_HEADER_CELLS]
    ]


def find_header(
    grid: list[list[Any]], kind_name: str | None, mapping: Mapping | None = None
) -> Header | None:
    rows = [head_row(r) for r in grid[:HEADER_SCAN]]
    best: tuple[tuple[int, int], Header] | None = None
    for i in range(len(rows)):
        for headers, groups, used in _candidate_headers(rows, i):
            names = list(dict.fromkeys(headers))  # a row of one value repeated is one name
            kind = detect_kind(names) if kind_name is None else KINDS[kind_name]
            if kind is None:
                continue
            # distinct fields named; a group row must name more to be taken as one
            score = len(
                {
                    c.field
                    for h, g in dict.fromkeys(zip(headers, groups, strict=True))
                    if h and (c := resolve(kind, h, g, mapping)[0]) is not None
                }
            )
            if score >= 2 and (best is None or (score, -used) > best[0]):
                best = ((score, -used), (headers, groups, i + used, kind))
    return None if best is None else best[1]


def _candidate_headers(grid: list[list[Any]], i: int) -> Iterator[tuple[list[str], list[str], int]]:
    """Row ``i`` alone, and rows ``i``/``i+1`` as a two-level header: a group cell over
    sub-columns (merged, or written once over the empty cells beside it) is the group of
    each sub-column; where the lower cell is empty the upper one is the header."""
    top = [clean(c) for c in grid[i]]
    yield top, [""] * len(top), 0
    if i + 1 < len(grid):
        low = [clean(c) for c in grid[i + 1]]
        if any(low) and any(top):
            width = max(len(top), len(low))
            top += [""] * (width - len(top))
            low += [""] * (width - len(low))
            headers, groups, group = [], [], ""
            for hi, lo in zip(top, low, strict=True):
                if hi and lo:
                    group = hi if hi != lo else ""
                elif hi:
                    group = ""
                headers.append(lo or hi)
                groups.append(group if lo else "")
            yield headers, groups, 1
