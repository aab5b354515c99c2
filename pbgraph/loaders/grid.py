"""Cells below a header -> a :class:`~.sheet.Sheet`: columns of text normalized (escaped
formulas undone, a cell over :data:`~.sheet.CELL_LIMIT` characters rejected), the field of
each column, rows that are not data (blank, totals, footnotes), rows with cells beyond the
header, and a second column of one field merged into the first."""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..outputs import csv_unescape
from .arrays import bools, int32, int64s, null, numbers, offsets, strings, text_bytes, truth, valid
from .columns import normalize, parse_column, unescape_formulas
from .headers import Header, find_header, head_row
from .ledgers import Column, norm_header
from .mapping import Mapping, resolve
from .sheet import CELL_LIMIT, Sheet, column_label, cut
from .values import BadCell, clean, mask_value

__all__ = ["as_text", "build_sheet", "grid_sheet", "text_column"]

_PREVIEW = 40  # characters of a cell a message shows
_TOTAL_WORDS = ("合计", "小计", "总计", "total", "总计:", "合计:")
_TOTAL_BYTES = 40  # longer than a totals word with a street's name before it
_TOTAL_SUFFIX = r"^\D{0,10}(合计|小计|总计)[:：]?$"
_SHORT = int32(_TOTAL_BYTES)
_NOTE_PREFIXES = ("注:", "注：", "说明", "备注:", "备注：", "填表人", "审核人", "制表", "note")


def grid_sheet(
    p: Path,
    name: str,
    enc: str,
    grid: list[list[Any]],
    kind_name: str | None,
    mapping: Mapping | None,
    unread: dict[int, str] | None = None,
) -> Sheet | None:
    found = find_header(grid, kind_name, mapping)
    if found is None:
        return None
    headers, _, last, _ = found
    # empty header cells after the last one (a workbook's rows are as wide as its widest):
    # the header ends at its last named column, what lies beyond is beyond the header
    width = len(headers)
    while width > 1 and not headers[width - 1]:
        width -= 1
    if width < len(headers):
        found = (headers[:width], found[1][:width], last, found[3])
    body = grid[last + 1 :]
    # rows not given to the reader (by index in the body): rejected whatever they hold
    forced = {i - last - 1: why for i, why in (unread or {}).items() if i > last}
    problems = dict(forced)
    if any(len(row) != width for row in body):  # ragged (CSV) or wider than the header
        for i, row in enumerate(body):
            if len(row) > width and i not in problems:
                extra = row[width:]
                if extra.count(None) + extra.count("") != len(extra):
                    problems[i] = _beyond(width, row)
        body = [
            row[:width] if len(row) >= width else [*row, *[None] * (width - len(row))]
            for row in body
        ]
    # transpose in C; a column of text becomes one normalized Arrow array
    columns: list[pa.Array | list[Any]] = [_column(list(c)) for c in zip(*body, strict=True)]
    if not body:
        columns = [[] for _ in range(width)]
    rows = list(range(last + 2, last + 2 + len(body)))
    return build_sheet(p, name, enc, found, grid[:last], columns, rows, mapping, problems, forced)


def _beyond(width: int, row: list[Any]) -> str:
    """Why a row with cells beyond the header is rejected (not what they hold: they are
    under no header, so could be anything, personal data too)."""
    filled = [j for j in range(width, len(row)) if row[j] not in (None, "")]
    return (
        f"表头只有{width}列，该行第{column_label(filled[0])}列起另有{len(filled)}个单元格有内容 (the header "
        f"has {width} columns; this row has {len(filled)} more cells with values, from column "
        f"{column_label(filled[0])}: move them under a header or delete them)"
    )


def _column(cells: list[Any]) -> pa.Array | list[Any]:
    """Text cells as a normalized Arrow array (empty strings become null); mixed cells
    (numbers, dates from a spreadsheet) stay a list for :func:`columns.parse_column`.
    Cells over :data:`CELL_LIMIT` become :class:`BadCell`, escaped formulas are unescaped."""
    kinds = set(map(type, cells))
    kinds.discard(type(None))
    if kinds <= {str}:
        return text_column(strings(cells))
    out: list[Any] = [None if c == "" else c for c in cells]
    if str in kinds:
        texts: list[str] = list(compress(out, map(is_, map(type, out), repeat(str))))
        if max(map(len, texts), default=0) > CELL_LIMIT or any(
            map(str.startswith, texts, repeat("'"))
        ):
            out = [_text_cell(c) if type(c) is str else c for c in out]
    return out


def _text_cell(c: str) -> str | BadCell:
    return _too_long(c) if len(c) > CELL_LIMIT else csv_unescape(c)


def _too_long(c: str) -> BadCell:
    n = len(c)
    return BadCell(
        f"{c[:_PREVIEW]}…({n}个字符 characters)",
        f"单元格超过{CELL_LIMIT}个字符（{n}个），未读取 (cell over {CELL_LIMIT // 1024} Ki "
        f"characters: {n:,} characters; not read)",
    )


def text_column(arr: pa.Array, apostrophes: bool = True) -> pa.Array | list[Any]:
    """A column of raw text cells, normalized (:func:`columns.normalize`): escaped formulas
    unescaped (where the file has an apostrophe at all); a cell over :data:`CELL_LIMIT`
    characters makes it a list in which that cell is a :class:`BadCell`."""
    if apostrophes:
        arr = unescape_formulas(arr)
    at = offsets(arr)
    if not len(arr) or at[-1] - at[0] <= CELL_LIMIT:
        return normalize(arr)
    big = np.flatnonzero(np.diff(at) > CELL_LIMIT)  # bytes first: a character is 1-4 of them
    if big.size:
        chars = numbers(pc.utf8_length(arr.take(int64s(big))))
        big = big[chars > CELL_LIMIT]
    if not big.size:
        return normalize(arr)
    long = [_too_long(arr[int(i)].as_py()) for i in big]
    mask = np.zeros(len(arr), dtype=bool)
    mask[big] = True
    cells: list[Any] = normalize(pc.if_else(bools(mask), null(arr.type), arr)).to_pylist()
    for i, bad in zip(big.tolist(), long, strict=True):
        cells[i] = bad
    return cells


def build_sheet(
    p: Path,
    name: str,
    enc: str,
    found: Header,
    above: list[list[Any]],
    columns: list[pa.Array | list[Any]],
    numbers: list[int],
    mapping: Mapping | None,
    problems: dict[int, str] | None = None,
    forced: dict[int, str] | None = None,
) -> Sheet:
    """The sheet: fields of the columns, rows to skip, a second column of a field merged
    into the first, and each row ``problems`` names rejected through one of its cells
    (a data row's; any ``forced`` row's, whatever it holds)."""
    headers, groups, last, kind = found
    skip = _skips(columns, len(numbers))
    fields: list[Column | None] = []
    how: list[str] = []
    for h, g in zip(headers, groups, strict=True):
        c, why = resolve(kind, h, g, mapping)
        if c is None and (not h or norm_header(h) in ("序号", "no", "no.", "#")):
            why = "ignored"
        fields.append(c)
        how.append(why)
    duplicates = _duplicates(columns, list(headers), fields, how, skip)
    for r, why in (problems or {}).items():
        if (skip[r] is None or r in (forced or {})) and _reject_row(columns, fields, r, why):
            skip[r] = None
    preamble: list[str] = []
    header_top = last - (1 if any(groups) else 0)
    for row in above[:header_top]:
        texts = [clean(c) for c in head_row(row)]
        if sum(1 for t in texts if t and kind.match(t) is not None) >= 2:
            continue  # the upper row of a two-level header read as one row
        for t in texts:
            if t and t not in preamble:
                preamble.append(t)
    return Sheet(p, name, list(headers), last + 1, columns, numbers, skip, kind, enc,
                 list(groups), fields, how, preamble, duplicates)  # fmt: skip


def _cells(col: pa.Array | list[Any]) -> list[Any]:
    """A column as a list of cells, to change some (the sheet's own list when it is one)."""
    return col.to_pylist() if isinstance(col, pa.Array) else col


def _reject_row(
    columns: list[pa.Array | list[Any]], fields: list[Column | None], r: int, why: str
) -> bool:
    """Reject row ``r`` for ``why``: its cell in the first column read (one not rejected
    already) becomes a :class:`BadCell`, which the loader rejects with the row."""
    for i, c in enumerate(fields):
        if c is None:
            continue
        cell = _cell(columns[i], r)
        if isinstance(cell, BadCell):
            continue
        cells = columns[i] = _cells(columns[i])
        cells[r] = BadCell(cut("" if cell is None else str(cell), _PREVIEW), why)
        return True
    return False


def _duplicates(
    columns: list[pa.Array | list[Any]],
    headers: list[str],
    fields: list[Column | None],
    how: list[str],
    skip: list[str | None],
) -> dict[int, int]:
    """Columns that fill a field an earlier column fills (单位名称 twice, 单位名称 and
    企业名称): the first is read, the other fills its empty cells; where both hold a value
    and the values differ, the row is rejected with both (masked where personal).
    Returns each such column with the column read instead."""
    first: dict[str, int] = {}
    out: dict[int, int] = {}
    for i, c in enumerate(fields):
        if c is None:
            continue
        j = first.setdefault(c.field, i)
        if j == i:
            continue
        out[i] = j
        fields[i] = None
        how[i] = "duplicate"
        a, b = columns[j], columns[i]
        va, pa_ = parse_column(c.prop, a)
        vb, pb = parse_column(c.prop, b)
        ra, rb = _cells(a), _cells(b)
        merged: list[Any] | None = None
        for r, (x, y) in enumerate(zip(va, vb, strict=True)):
            if skip[r] or (y is None and r not in pb) or r in pa_:
                continue  # not data; nothing in the second; the first is wrong anyway
            if x is None:
                merged = merged or list(ra)
                merged[r] = rb[r]
            elif r not in pb and x != y:
                merged = merged or list(ra)
                shown = [cut(mask_value(c.prop, str(v)), _PREVIEW) for v in (ra[r], rb[r])]
                merged[r] = BadCell(
                    cut(str(ra[r]), _PREVIEW),
                    f"第{column_label(j)}列“{headers[j]}”与第{column_label(i)}列“{headers[i]}”不一致："
                    f"{shown[0]!r} / {shown[1]!r} (columns {column_label(j)} and {column_label(i)} both give "
                    f"{c.field} and disagree: {shown[0]!r} vs {shown[1]!r})",
                )
        if merged is not None:
            columns[j] = merged
    return out


def _skips(columns: list[pa.Array | list[Any]], n: int) -> list[str | None]:
    """Blank rows, totals rows (合计/小计 in the first cells) and footnotes (注：…)."""
    if n == 0:
        return []
    # only the first cells can hold a totals word: other columns' cells are only counted
    arrays = [c if isinstance(c, pa.Array) else as_text(c) for c in columns[:3]]
    filled = np.sum(
        [valid(a) for a in arrays]
        + [
            valid(c)
            if isinstance(c, pa.Array)
            else np.fromiter((v is not None for v in c), dtype=bool, count=n)
            for c in columns[3:]
        ],
        axis=0,
    )
    words = strings(list(_TOTAL_WORDS))
    total = np.zeros(n, dtype=bool)
    for a in arrays:
        if not pa.types.is_string(a.type):
            continue  # numbers: no totals word
        # only short cells can be a totals word: look at those alone
        short = np.flatnonzero(truth(pc.less_equal(pc.binary_length(a), _SHORT)))
        if short.size:
            cells = a if short.size == n else a.take(int64s(short))
            raw = text_bytes(cells)
            if (raw == ord(" ")).any() or ((raw >= ord("A")) & (raw <= ord("Z"))).any():
                cells = pc.utf8_lower(pc.replace_substring(cells, " ", ""))
            hit = truth(pc.is_in(cells, value_set=words))
            # "泉城路街道小计": a street's subtotal row
            hit |= truth(pc.match_substring_regex(cells, _TOTAL_SUFFIX))
            total[short[hit]] = True
    skip: list[str | None] = [None] * n
    for i in np.flatnonzero((filled == 0) | total | (filled <= 2)):
        if filled[i] == 0:
            skip[i] = "blank"
        elif total[i]:
            skip[i] = "total"
        else:
            first = str(next(v for c in columns if (v := _cell(c, int(i))) is not None))
            if first.lower().startswith(_NOTE_PREFIXES):
                skip[i] = "footnote"
    return skip


def _cell(column: pa.Array | list[Any], i: int) -> Any:
    return column[i].as_py() if isinstance(column, pa.Array) else column[i]


def as_text(cells: list[Any]) -> pa.Array:
    return normalize(strings([None if v is None else str(v) for v in cells]))
