"""Read ledger files (CSV in any usual Chinese encoding, XLSX with any number of sheets) into
column tables, find the header row, and mark rows that are not data.

CSV is read by Arrow's multi-threaded reader when the file is a clean table below its header
(the usual export), and by the csv module otherwise (ragged rows). XLSX is read by calamine
(python-calamine), ten times faster than openpyxl on big sheets.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("济南市两新组织台账\\n序号,单位名称,统一社会信用代码\\n1,甲公司,X\\n合计,,\\n", encoding="gb18030")
>>> sheet, = read_file(p)
>>> sheet.encoding, sheet.header_row, sheet.headers
('gb18030', 2, ['序号', '单位名称', '统一社会信用代码'])
>>> sheet.row_numbers, sheet.skip
([3, 4], [None, 'total'])
"""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..graphmodel.schema import Prop
from .arrays import int32, int64s, strings, text_bytes, truth, valid
from .columns import column_threads, normalize, plain_numbers
from .ledgers import KINDS, Column, LedgerKind, detect_kind, norm_header
from .mapping import Mapping, resolve
from .values import clean

__all__ = ["Sheet", "read_file"]

_HEADER_SCAN = 12
_ENCODINGS = ("utf-8-sig", "gb18030")
_TOTAL_WORDS = ("合计", "小计", "总计", "total", "总计:", "合计:")
_TOTAL_BYTES = 40  # longer than a totals word with a street's name before it
_TOTAL_SUFFIX = r"^\D{0,10}(合计|小计|总计)[:：]?$"
_SHORT = int32(_TOTAL_BYTES)
_NOTE_PREFIXES = ("注:", "注：", "说明", "备注:", "备注：", "填表人", "审核人", "制表", "note")


@dataclass
class Sheet:
    """One table of a ledger file, column by column.

    ``columns[i]`` holds the cells under ``headers[i]`` (``groups[i]`` is the merged group
    header above it in a two-level header, or ``""``): a normalized Arrow string array
    (CSV) or a list of raw spreadsheet values (XLSX). ``fields[i]`` is the column it fills
    (``None`` if none) and ``how[i]`` how that was decided (``schema``, ``mapping``,
    ``ignored``, ``unknown``, ``implied``). ``row_numbers`` are the rows as a spreadsheet
    shows them; ``skip`` says why a row is not data ('blank', 'total', 'footnote') or is
    ``None``. ``preamble`` holds the text of the rows above the header (title, 填报单位).
    """

    path: Path
    sheet: str
    headers: list[str]
    header_row: int
    columns: list[pa.Array | list[Any]]
    row_numbers: list[int]
    skip: list[str | None]
    kind: LedgerKind | None
    encoding: str = ""
    groups: list[str] = field(default_factory=list)
    fields: list[Column | None] = field(default_factory=list)
    how: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)

    @property
    def extra_headers(self) -> list[str]:
        """Headers of columns nothing reads (reported once, ignored)."""
        return [
            f"{g}/{h}" if g and g != h else h
            for h, g, how in zip(self.headers, self.groups, self.how, strict=True)
            if how == "unknown" and h
        ]

    @property
    def where(self) -> str:
        """The file (and sheet) for messages."""
        return f"{self.path} [{self.sheet}]" if self.sheet else str(self.path)

    def add_column(self, header: str, column: Column, values: pa.Array, how: str) -> None:
        self.headers.append(header)
        self.groups.append("")
        self.columns.append(values)
        self.fields.append(column)
        self.how.append(how)

    def cell_text(self, col: int, i: int) -> str:
        """A cell as text (for messages)."""
        c = self.columns[col]
        v = c[i].as_py() if isinstance(c, pa.Array) else c[i]
        return "" if v is None else str(v)


def read_file(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    kind: str | None = None,
    mapping: Mapping | None = None,
) -> list[Sheet]:
    """Every table in ``path``: one for a CSV, one per non-empty sheet of an XLSX."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give the ledger files inside it")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheets = [
            s
            for name, grid in _read_workbook(p)
            if (s := _grid_sheet(p, name, "", grid, kind, mapping))
        ]
    elif suffix in (".csv", ".txt", ".tsv"):
        s = _read_csv(p, encoding, kind, mapping)
        sheets = [s] if s else []
    else:
        raise InputError(f"{p}: not a CSV or XLSX file (.csv, .xlsx); save it as one of those")
    if not sheets:
        raise InputError(
            f"{p}: 前{_HEADER_SCAN}行中找不到台账表头 (no ledger header found in the first "
            f"{_HEADER_SCAN} rows: expected columns such as 统一社会信用代码, 单位名称); "
            f"see how pbgraph reads it with: pbgraph inspect {p} (then --kind, or a "
            "--mapping that names the columns)"
        )
    return sheets


# -- CSV ------------------------------------------------------------------------------------


def _decode(p: Path, data: bytes, encoding: str | None) -> tuple[str, str]:
    tried = [encoding] if encoding else list(_ENCODINGS)
    for enc in tried:
        try:
            return data.decode(enc), enc
        except LookupError:
            raise InputError(f"{p}: unknown encoding {encoding!r}; try gb18030 or utf-8") from None
        except UnicodeDecodeError as e:
            if encoding:
                raise InputError(
                    f"{p}: cannot decode as {encoding} (byte {e.start}); "
                    "try --encoding gb18030 or utf-8"
                ) from None
    raise InputError(
        f"{p}: neither UTF-8 nor GB18030/GBK; pass the encoding with --encoding (e.g. big5)"
    )


def _read_csv(
    p: Path, encoding: str | None, kind: str | None, mapping: Mapping | None
) -> Sheet | None:
    if (encoding or "utf-8").lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        sheet = _utf8_csv(p, kind, encoding or "utf-8-sig", mapping)
        if sheet is not False:
            return sheet
    data = p.read_bytes()
    text, enc = _decode(p, data, encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = "\t" if "\t" in text[:2000] and "," not in text[:2000] else ","
    head = list(csv.reader(io.StringIO(text[:65536], newline=""), delimiter=delimiter))
    found = _find_header(head[:_HEADER_SCAN], kind, mapping)
    if found is None:
        return None
    utf8 = pa.py_buffer(text.encode("utf-8"))
    sheet = _arrow_csv(p, utf8, '"' in text, delimiter, found, head, enc, mapping)
    if sheet is None:  # ragged rows: the careful path
        grid = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        sheet = _grid_sheet(p, "", enc, grid, kind, mapping)
    return sheet


def _utf8_csv(
    p: Path, kind: str | None, enc: str, mapping: Mapping | None
) -> Sheet | None | Literal[False]:
    """The fast path for UTF-8 files: Arrow reads (and checks) the bytes as they are, mapped
    from the file rather than read into memory first.
    ``False`` when the file is not UTF-8 or has ragged rows: the caller decodes it."""
    data = _mapped(p)
    start = len(codecs.BOM_UTF8) if data[: len(codecs.BOM_UTF8)] == codecs.BOM_UTF8 else 0
    try:
        head = codecs.getincrementaldecoder("utf-8")().decode(
            data[start : start + 65536], final=False
        )
    except UnicodeDecodeError:
        return False
    delimiter = "\t" if "\t" in head[:2000] and "," not in head[:2000] else ","
    rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    found = _find_header(rows[:_HEADER_SCAN], kind, mapping)
    if found is None:
        return None
    quoted = data.find(b'"', start) >= 0
    buf = pa.py_buffer(data).slice(start)
    sheet = _arrow_csv(p, buf, quoted, delimiter, found, rows, enc, mapping)
    return False if sheet is None else sheet


def _mapped(p: Path) -> mmap.mmap | bytes:
    """A file's bytes, mapped (Arrow's threads page them in as they parse), or read where
    it cannot be mapped (an empty file, a pipe, a file system without mmap)."""
    with open(p, "rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return f.read()


def _arrow_csv(
    p: Path,
    data: pa.Buffer,
    quoted: bool,
    delimiter: str,
    found: _Header,
    head: list[list[Any]],
    enc: str,
    mapping: Mapping | None,
) -> Sheet | None:
    import pyarrow.csv as pv

    headers, groups, last, kind = found
    names = [f"c{i}" for i in range(len(headers))]
    numeric: dict[str, Prop] = {}  # columns of plain numbers: Arrow parses them itself
    for n, h, g in zip(names, headers, groups, strict=True):
        c = resolve(kind, h, g, mapping)[0]
        if c is None or c.prop.type not in ("int", "float") or c.prop.many or c.prop.check:
            continue
        if not (mapping is not None and mapping.values_for(kind, c)):
            numeric[n] = c.prop

    def read(types: dict[str, pa.DataType]) -> pa.Table | None:
        try:
            return pv.read_csv(
                pa.BufferReader(data),
                read_options=pv.ReadOptions(skip_rows=last + 1, column_names=names),
                parse_options=pv.ParseOptions(
                    delimiter=delimiter,
                    newlines_in_values=quoted,  # only quoted cells span lines
                ),
                convert_options=pv.ConvertOptions(
                    column_types=types, strings_can_be_null=False, null_values=[""]
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return None

    text = {n: pa.string() for n in names}
    table = None
    if numeric:  # a clean export: every number plain, finite and in range
        table = read(text | {n: pa.float64() for n in numeric})
        if table is not None and not all(
            plain_numbers(prop, table.column(n).combine_chunks()) for n, prop in numeric.items()
        ):
            table = None
    if table is None:  # units, commas, full-width digits …: every cell as text, cell rules
        numeric = {}
        table = read(text)
        if table is None:
            return None

    def column(n: str) -> pa.Array:
        a = table.column(n).combine_chunks()
        return a if n in numeric else normalize(a)

    # Arrow's kernels let go of the GIL: columns are normalized side by side
    columns: list[pa.Array | list[Any]] = list(column_threads().map(column, names))
    n = table.num_rows
    first = last + 2
    numbers = list(range(first, first + n))
    return _finish(p, "", enc, found, head, columns, numbers, mapping)


# -- workbooks ------------------------------------------------------------------------------


def _read_workbook(p: Path) -> Iterator[tuple[str, list[list[Any]]]]:
    """Each sheet's cells; a cell merged down a column fills the rows it spans (a street,
    or a joint branch, written once over its rows)."""
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(p))
    except Exception as e:  # calamine raises its own error types for broken files
        raise InputError(
            f"{p}: not a readable workbook ({type(e).__name__}: {e}); open and re-save it in Excel"
        ) from None
    try:
        for name in wb.sheet_names:
            sheet = wb.get_sheet_by_name(name)
            grid = sheet.to_python(skip_empty_area=False)
            if grid:
                _fill_merged(grid, sheet.merged_cell_ranges or ())
                yield name, grid
    finally:
        wb.close()


def _fill_merged(grid: list[list[Any]], ranges: Any) -> None:
    for (r0, c0), (r1, c1) in ranges:
        # across columns (a title, a group header, a footnote) the cells stay empty: the
        # header reader knows a group by the empty cells beside it
        if c0 != c1 or r1 == r0 or r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and grid[r][c0] in (None, ""):
                grid[r][c0] = value


# -- common ---------------------------------------------------------------------------------

_Header = tuple[list[str], list[str], int, LedgerKind]  # headers, groups, last row, kind


def _grid_sheet(
    p: Path,
    name: str,
    enc: str,
    grid: list[list[Any]],
    kind_name: str | None,
    mapping: Mapping | None,
) -> Sheet | None:
    found = _find_header(grid[:_HEADER_SCAN], kind_name, mapping)
    if found is None:
        return None
    headers, _, last, _ = found
    width = len(headers)
    body = grid[last + 1 :]
    if any(len(row) != width for row in body):  # ragged (CSV) or wider than the header
        extra = [i for i, row in enumerate(body) if any(c not in (None, "") for c in row[width:])]
        body = [
            row[:width] if len(row) >= width else [*row, *[None] * (width - len(row))]
            for row in body
        ]
    else:
        extra = []
    # transpose in C; a column of text becomes one normalized Arrow array
    columns: list[pa.Array | list[Any]] = [_column(list(c)) for c in zip(*body, strict=True)]
    if not body:
        columns = [[] for _ in range(width)]
    numbers = list(range(last + 2, last + 2 + len(body)))
    sheet = _finish(p, name, enc, found, grid[:last], columns, numbers, mapping)
    for i in extra:  # cells beyond the last header: say so rather than drop them quietly
        if sheet.skip[i] is None:
            sheet.skip[i] = "beyond-header"
    return sheet


def _column(cells: list[Any]) -> pa.Array | list[Any]:
    """Text cells as a normalized Arrow array (empty strings become null); mixed cells
    (numbers, dates from a spreadsheet) stay a list for :func:`columns.parse_column`."""
    kinds = set(map(type, cells))
    kinds.discard(type(None))
    if kinds <= {str}:
        return normalize(strings(cells))
    return [None if c == "" else c for c in cells]


def _find_header(
    grid: list[list[Any]], kind_name: str | None, mapping: Mapping | None = None
) -> _Header | None:
    best: tuple[tuple[int, int], _Header] | None = None
    for i in range(len(grid)):
        for headers, groups, used in _candidate_headers(grid, i):
            kind = detect_kind(headers) if kind_name is None else KINDS[kind_name]
            if kind is None:
                continue
            # distinct fields named; a group row must name more to be taken as one
            score = len(
                {
                    c.field
                    for h, g in zip(headers, groups, strict=True)
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


def _finish(
    p: Path,
    name: str,
    enc: str,
    found: _Header,
    above: list[list[Any]],
    columns: list[pa.Array | list[Any]],
    numbers: list[int],
    mapping: Mapping | None,
) -> Sheet:
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
    preamble: list[str] = []
    header_top = last - (1 if any(groups) else 0)
    for row in above[:header_top]:
        texts = [clean(c) for c in row]
        if sum(1 for t in texts if t and kind.match(t) is not None) >= 2:
            continue  # the upper row of a two-level header read as one row
        for cell in row:
            t = clean(cell)
            if t and t not in preamble:
                preamble.append(t)
    return Sheet(p, name, list(headers), last + 1, columns, numbers, skip, kind, enc,
                 list(groups), fields, how, preamble)  # fmt: skip


def _skips(columns: list[pa.Array | list[Any]], n: int) -> list[str | None]:
    """Blank rows, totals rows (合计/小计 in the first cells) and footnotes (注：…)."""
    if n == 0:
        return []
    # only the first cells can hold a totals word: other columns' cells are only counted
    arrays = [c if isinstance(c, pa.Array) else _as_text(c) for c in columns[:3]]
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


def _as_text(cells: list[Any]) -> pa.Array:
    return normalize(strings([None if v is None else str(v) for v in cells]))
