"""Read ledger files (CSV in any usual Chinese encoding, XLSX with any number of sheets) into
column tables, find the header row, and mark rows that are not data.

CSV is read by Arrow's multi-threaded reader when the file is a clean table below its header
(the usual export), and by the csv module otherwise (ragged rows). XLSX is read by calamine
(python-calamine), ten times faster than openpyxl on big sheets.

Hostile shapes are bounded, never a traceback and never quadratic:

* **Encodings**: a byte-order mark decides first (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE, as
  Excel's "Unicode text" is saved); else UTF-8, then GB18030 (which reads GBK). NUL bytes
  in a file without a BOM that is not UTF-16 stop it with a message (a binary file named
  .csv).
* **Header detection** looks at the first :data:`_HEADER_SCAN` rows only, at most
  :data:`_HEADER_CELLS` cells of each and :data:`_HEADER_CHARS` characters of a cell
  (a CSV's first :data:`_HEAD_BYTES` bytes).
* **A cell over** :data:`CELL_LIMIT` **characters** (64 Ki; Excel itself stops at 32 767)
  is not read: its row is rejected with the reason (``cell over 64 Ki characters``) when
  the column is one pbgraph reads (a column it ignores is not looked at).
* **A row of more than** :data:`ROW_CELLS` **cells** (16 384, a spreadsheet's columns) is
  not parsed and is rejected; values beyond the header (its last named column) in a data
  row reject the row with the column they start at (a row blank within the header stays
  a blank row; an unnamed column between named ones is ignored, as before).
* **Two columns of one field** (单位名称 twice, or 单位名称 and 企业名称): the first is read,
  the other fills its empty cells and is reported with the unknown columns; a row where
  they give different values is rejected, naming both.
* **A text cell escaped for CSV** by pbgraph's writers (``'=…``, ``'+…``, ``'-…``,
  ``'@…``, see :func:`pbgraph.outputs.csv_cell`) is read without the apostrophe.
* **Workbooks**: a cell merged down several data rows fills each of them (in the merge's
  first column: a block merged over several columns gives its value to the column it is
  written in, not to neighbours under their own headers); a file that is not a workbook
  (HTML saved as .xls, a zip of other files, a damaged or truncated file, a CSV named
  .xlsx) is named as such; a sheet whose used range would exceed :data:`_MAX_GRID` cells
  (a stray value in cell XFD1048576) is refused before it is read.

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
import html
import io
import mmap
import os
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress, islice, repeat
from operator import is_
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..graphmodel.schema import Prop
from ..outputs import csv_unescape
from .arrays import (
    bools,
    int32,
    int64s,
    null,
    numbers,
    offsets,
    strings,
    text_bytes,
    truth,
    valid,
)
from .columns import column_threads, normalize, parse_column, plain_numbers, unescape_formulas
from .ledgers import KINDS, Column, LedgerKind, detect_kind, norm_header
from .mapping import Mapping, resolve
from .values import BadCell, clean, mask_value

__all__ = ["CELL_LIMIT", "ROW_CELLS", "Sheet", "read_file"]

_HEADER_SCAN = 12
#: characters one cell may hold; a longer one is not read (Excel itself stops at 32 767)
CELL_LIMIT = 65_536
#: cells one row may have: a spreadsheet's columns (A … XFD); a longer row is not parsed
ROW_CELLS = 16_384
_HEADER_CELLS = 1_024  # cells of a row looked at for a header
_HEADER_CHARS = 256  # characters of a cell looked at for a header
_HEAD_BYTES = 1 << 20  # bytes of a CSV read to find its header
_SNIFF_BYTES = 1 << 16  # bytes looked at for a byte-order mark or NUL bytes
_MAX_GRID = 64_000_000  # cells of a sheet's used range (rows x columns) calamine lays out
_PREVIEW = 40  # characters of a cell a message shows
_ENCODINGS = ("utf-8-sig", "gb18030")
_EMPTY = "{}: 文件是空的，找不到台账表头 (the file is empty, 0 bytes: no ledger header found)"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
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
    (CSV) or a list of raw spreadsheet values (XLSX; a :class:`~.values.BadCell` where the
    reader could not take a cell as it is). ``fields[i]`` is the column it fills (``None``
    if none) and ``how[i]`` how that was decided (``schema``, ``mapping``, ``ignored``,
    ``unknown``, ``implied``, ``duplicate``: another column of the same field is read,
    ``duplicates[i]``). ``row_numbers`` are the rows as a spreadsheet shows them; ``skip``
    says why a row is not data ('blank', 'total', 'footnote') or is ``None``.
    ``preamble`` holds the text of the rows above the header (title, 填报单位).
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
    duplicates: dict[int, int] = field(default_factory=dict)

    @property
    def extra_headers(self) -> list[str]:
        """Headers of columns nothing reads (reported once, ignored), and of columns whose
        field another column of the sheet fills (saying which is read)."""
        out = []
        for i, (h, g, how) in enumerate(zip(self.headers, self.groups, self.how, strict=True)):
            name = f"{g}/{h}" if g and g != h else h
            if how == "unknown" and h:
                out.append(name)
            elif how == "duplicate":
                j = self.duplicates[i]
                first = self.headers[j]
                at = f"[{self.sheet}] " if self.sheet else ""
                out.append(
                    f"{name} ({at}第{_col(i)}列与第{_col(j)}列“{first}”重复，读第{_col(j)}列；"
                    f"此列只补其空格，两列不一致的行被拒绝 (column {_col(i)} duplicates column "
                    f"{_col(j)}, {first}: column {_col(j)} is read and this one only fills "
                    "its empty cells; rows where the two differ are rejected))"
                )
        return out

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
        """A cell as text (for messages; a very long one cut short)."""
        c = self.columns[col]
        v = c[i].as_py() if isinstance(c, pa.Array) else c[i]
        return "" if v is None else _cut(str(v), 1000)


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


def _sniff(p: Path, data: mmap.mmap | bytes) -> str | None:
    """The encoding a CSV's bytes declare (a byte-order mark) or show (UTF-16 without
    one); ``None``: guess (UTF-8, then GB18030). NUL bytes in anything else stop it."""
    head = bytes(data[:_SNIFF_BYTES])
    for bom, enc in _BOMS:
        if head.startswith(bom):
            return enc
    nul = head.find(b"\x00")
    if nul < 0:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    # ASCII in UTF-16 is every other byte NUL, on one side (一, U+4E00, on the other)
    guess = "utf-16-le" if odd > 8 * even else "utf-16-be" if even > 8 * odd else None
    if guess and max(even, odd) >= max(4, len(head) // 64):  # a few NULs: not text at all
        try:
            codecs.getincrementaldecoder(guess)().decode(head, final=False)
            return guess
        except UnicodeDecodeError:
            pass
    raise InputError(
        f"{p}: 第{nul}字节是NUL，不是文本CSV文件 (NUL bytes, the first at byte {nul}: not a "
        "text CSV file but a spreadsheet or other binary file named .csv?); open it in Excel "
        "and save it as CSV UTF-8 or .xlsx, or give its encoding with --encoding"
    )


def _decode(p: Path, data: mmap.mmap | bytes, encoding: str | None) -> tuple[str, str]:
    tried = [encoding] if encoding else list(_ENCODINGS)
    for enc in tried:
        try:
            return str(data, enc), enc  # a mapped file too, without a copy
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


def _is_utf8(enc: str) -> bool:
    return enc.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def _read_csv(
    p: Path, encoding: str | None, kind: str | None, mapping: Mapping | None
) -> Sheet | None:
    data = _mapped(p)
    if not len(data):
        raise InputError(_EMPTY.format(p))
    enc = encoding or _sniff(p, data)
    arrow_read = False  # Arrow has read these very bytes already (and found rows ragged)
    if enc is None or _is_utf8(enc):
        sheet = _utf8_csv(p, data, kind, enc or "utf-8-sig", mapping)
        if not isinstance(sheet, str):
            return sheet
        arrow_read = sheet == "ragged"
    text, enc = _decode(p, data, enc)
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = _delimiter(text[:2000])
    head = _head_rows(p, text[:_HEAD_BYTES], delimiter)
    found = _find_header(head, kind, mapping)
    if found is None:
        return None
    sheet = None
    if not (arrow_read and _is_utf8(enc)):
        utf8 = pa.py_buffer(text.encode("utf-8"))
        sheet = _arrow_csv(p, utf8, '"' in text, delimiter, found, head, enc, mapping, "'" in text)
    if sheet is None:  # ragged rows (or rows Arrow will not take): the careful path
        grid, unread = _csv_grid(p, text, delimiter)
        sheet = _grid_sheet(p, "", enc, grid, kind, mapping, unread)
    return sheet


def _utf8_csv(
    p: Path, data: mmap.mmap | bytes, kind: str | None, enc: str, mapping: Mapping | None
) -> Sheet | None | Literal["decode", "ragged"]:
    """The fast path for UTF-8 files: Arrow reads (and checks) the bytes as they are, mapped
    from the file rather than read into memory first. ``"decode"`` when the file is not
    UTF-8, ``"ragged"`` when Arrow would not read it as a table: the caller decodes it."""
    start = len(codecs.BOM_UTF8) if data[: len(codecs.BOM_UTF8)] == codecs.BOM_UTF8 else 0
    try:
        head = codecs.getincrementaldecoder("utf-8")().decode(
            data[start : start + _HEAD_BYTES], final=False
        )
    except UnicodeDecodeError:
        return "decode"
    delimiter = _delimiter(head[:2000])
    rows = _head_rows(p, head, delimiter)
    found = _find_header(rows, kind, mapping)
    if found is None:
        return None
    quoted = data.find(b'"', start) >= 0
    apostrophes = data.find(b"'", start) >= 0
    buf = pa.py_buffer(data).slice(start)
    sheet = _arrow_csv(p, buf, quoted, delimiter, found, rows, enc, mapping, apostrophes)
    return "ragged" if sheet is None else sheet


def _mapped(p: Path) -> mmap.mmap | bytes:
    """A file's bytes, mapped (Arrow's threads page them in as they parse), or read where
    it cannot be mapped (an empty file, a pipe, a file system without mmap)."""
    with open(p, "rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return f.read()


def _delimiter(sample: str) -> str:
    return "\t" if "\t" in sample and "," not in sample else ","


@contextmanager
def _field_limit(n: int) -> Iterator[None]:
    """The csv module's limit on one field raised to ``n`` for a while (its default, 128 KiB,
    raises an error mid-file; cells over :data:`CELL_LIMIT` are dealt with after)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, n))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _head_rows(p: Path, text: str, delimiter: str) -> list[list[str]]:
    """The first rows of a CSV's text, where its header is looked for."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    with _field_limit(len(text) + 1):
        try:
            return list(islice(reader, _HEADER_SCAN))
        except csv.Error as e:
            raise InputError(
                f"{p}: 第{reader.line_num}行不是CSV (line {reader.line_num}: {e})"
            ) from None


def _csv_grid(p: Path, text: str, delimiter: str) -> tuple[list[list[str]], dict[int, str]]:
    """Every row of a CSV's text by the csv module, and the rows it was not given, by index,
    with the reason: a line of more than :data:`ROW_CELLS` cells is not parsed (a row of
    millions of cells would take minutes and gigabytes) but stands for an empty row."""
    grid: list[list[str]] = []
    unread: dict[int, str] = {}
    long = _long_line(text)
    lines: Iterator[str] = (
        _bounded_lines(text, delimiter, grid, unread) if long else io.StringIO(text, newline="")
    )
    reader = csv.reader(lines, delimiter=delimiter)
    with _field_limit(len(text) + 1):
        try:
            if long:
                for row in reader:  # the lines see how many rows there are so far
                    grid.append(row)
            else:
                grid = list(reader)
        except csv.Error as e:
            raise InputError(
                f"{p}: 第{reader.line_num}行不是CSV (line {reader.line_num}: {e})"
            ) from None
    return grid, unread


def _long_line(text: str) -> bool:
    """Whether a line of ``text`` may have more than :data:`ROW_CELLS` cells: whether a
    stretch of ``ROW_CELLS // 2`` characters, from a multiple of that, has no line break
    (if each has one, no line reaches ``ROW_CELLS`` characters). Nothing is copied."""
    step = ROW_CELLS // 2
    return any(
        text.find("\n", k, k + step) < 0 and text.find("\r", k, k + step) < 0
        for k in range(0, len(text) - step + 1, step)
    )


def _bounded_lines(
    text: str, delimiter: str, grid: list[list[str]], unread: dict[int, str]
) -> Iterator[str]:
    """The lines of ``text`` for the csv module, as ``io.StringIO(newline="")`` gives them;
    a line of more than :data:`ROW_CELLS` cells is cut after that many (the rest is not
    parsed: a row of millions of cells would take minutes and gigabytes, and is never
    copied), keeping whether it leaves a quoted cell open, and noted against the row it
    starts or continues (``len(grid)``: rows read so far)."""
    done = -1  # rows read when the last line was given: the same now, and a row goes on
    n, pos, find = len(text), 0, text.find
    while pos < n:
        nl = find("\n", pos)
        stop = n if nl < 0 else nl
        cr = find("\r", pos, stop)
        if cr >= 0:
            stop, end = cr, cr + 2 if text.startswith("\n", cr + 1) else cr + 1
        else:
            end = n if nl < 0 else nl + 1
        if end - pos > ROW_CELLS and (cells := text.count(delimiter, pos, end) + 1) > ROW_CELLS:
            unread.setdefault(
                len(grid),
                f"该行有{cells}个单元格，超过电子表格的{ROW_CELLS}列，未读取 (a row of "
                f"{cells:,} cells, more than a spreadsheet's {ROW_CELLS:,} columns: not read)",
            )
            eol = text[stop:end] or "\n"
            opens = text.count('"', pos, end) % 2  # the line leaves a quoted cell open
            if len(grid) == done:  # inside a quoted cell: it goes on, or it ends
                line = '"' * opens + eol
            else:  # a new row: its first cells, then what the whole line leaves open
                at = pos - 1
                for _ in range(ROW_CELLS):
                    at = find(delimiter, at + 1, end)
                cut = text[pos:at]
                line = cut + '"' * (cut.count('"') % 2) + (delimiter + '"') * opens + eol
        else:
            line = text[pos:end]
        done = len(grid)
        yield line
        pos = end


def _arrow_csv(
    p: Path,
    data: pa.Buffer,
    quoted: bool,
    delimiter: str,
    found: _Header,
    head: list[list[Any]],
    enc: str,
    mapping: Mapping | None,
    apostrophes: bool = True,
) -> Sheet | None:
    """The rows below the header by Arrow, or ``None`` when Arrow will not read them as a
    table (ragged rows, a row over its block size, bytes that are not UTF-8 …)."""
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
        except pa.ArrowException:  # "Expected 9 columns, got 12", "straddling object …"
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

    def column(n: str) -> pa.Array | list[Any]:
        a = table.column(n).combine_chunks()
        return a if n in numeric else _text_column(a, apostrophes)

    # Arrow's kernels let go of the GIL: columns are normalized side by side
    columns: list[pa.Array | list[Any]] = list(column_threads().map(column, names))
    n = table.num_rows
    first = last + 2
    rows = list(range(first, first + n))
    return _finish(p, "", enc, found, head, columns, rows, mapping)


# -- workbooks ------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _read_workbook(p: Path) -> Iterator[tuple[str, list[list[Any]]]]:
    """Each sheet's cells; a cell merged down several rows fills the rows it spans (a
    street, or a joint branch, written once over its rows)."""
    from python_calamine import CalamineWorkbook

    form = _workbook_form(p)
    try:
        if (form == "ole") == (p.suffix.lower() == ".xls"):
            wb = CalamineWorkbook.from_path(str(p))
        else:  # an .xls named .xlsx or the other way (calamine goes by the name): by content
            wb = CalamineWorkbook.from_filelike(io.BytesIO(p.read_bytes()))
    except Exception as e:  # calamine raises its own error types for broken files
        raise _not_workbook(
            p, "无法读取", f"{type(e).__name__}: {e}", "open and re-save it in Excel"
        ) from None
    try:
        for name in wb.sheet_names:
            try:
                sheet = wb.get_sheet_by_name(name)
                grid = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or ()
            except Exception as e:
                raise InputError(
                    f"{p} [{name}]: 工作表无法读取 (the sheet cannot be read: "
                    f"{type(e).__name__}: {e}); open and re-save it in Excel"
                ) from None
            if grid:
                _fill_merged(grid, merged)
                yield name, grid
    finally:
        wb.close()


def _workbook_form(p: Path) -> str:
    """``zip`` (XLSX, ODS) or ``ole`` (XLS), from the file's first bytes; anything else (a
    web page, a text file, garbage, a zip of other files, a damaged file) stops here with
    what it is. A zip workbook is checked for a sheet too large to lay out."""
    with open(p, "rb") as f:
        head = f.read(1 << 16)
    if not head:
        raise InputError(_EMPTY.format(p))
    if head.startswith(b"PK"):
        _check_zip(p)
        return "zip"
    if head.startswith(_OLE):
        if p.suffix.lower() != ".xls" and _ENCRYPTED in head:
            raise _not_workbook(
                p, "工作簿有密码保护", "it is password-protected, so encrypted",
                "open it in Excel, remove the password and save it again",
            )  # fmt: skip
        return "ole"
    low = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<table" in low or b"<html" in low:
        raise _not_workbook(
            p, "是网页(HTML)文件", f"a web page saved with an {p.suffix} name, as some systems "
            "export tables", "open it in Excel and save it as .xlsx, or as CSV",
        )  # fmt: skip
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in low:
        raise _not_workbook(
            p, "是Excel 2003 XML表格", "an Excel 2003 XML spreadsheet",
            "open it in Excel and save it as .xlsx",
        )  # fmt: skip
    if _looks_like_text(head):
        raise _not_workbook(
            p, "是文本文件", f"a text file named {p.suffix}, perhaps a CSV",
            "if it is a CSV, rename it to .csv",
        )  # fmt: skip
    raise _not_workbook(
        p, "既不是XLSX也不是XLS", "neither an XLSX nor an XLS file: damaged, or another kind "
        "of file", "open it in Excel and save it as .xlsx",
    )  # fmt: skip


def _not_workbook(p: Path, zh: str, en: str, hint: str) -> InputError:
    return InputError(f"{p}: {zh}，不是可读取的工作簿 (not a readable workbook: {en}); {hint}")


def _looks_like_text(head: bytes) -> bool:
    for enc in ("utf-8", "gb18030"):
        try:
            t = codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return not any(c < " " and c not in "\t\r\n" for c in t)
    return False


def _check_zip(p: Path) -> None:
    """A zip that is a workbook, whole, with no sheet whose used range calamine would lay
    out as more than :data:`_MAX_GRID` cells (it allocates rows x columns at once: one
    stray value in XFD1048576 would ask for 17 billion cells and abort the process)."""
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names and "mimetype" not in names:
                shown = "、".join(sorted(names)[:3]) or "无 nothing"
                raise _not_workbook(
                    p, "是压缩包", f"a zip archive of other files: {shown}",
                    "unzip it and load the ledgers inside",
                )  # fmt: skip
            for name, part in _sheet_parts(zf, names):
                rows, cols, ref = _extent(zf, part)
                if rows * cols > _MAX_GRID:
                    raise InputError(
                        f"{p} [{name}]: 单元格{ref}有内容，工作表因此有{rows}行×{cols}列 (a value "
                        f"in cell {ref} makes the sheet {rows:,} rows x {cols:,} columns, over "
                        f"{_MAX_GRID:,} cells); delete what lies beyond the table and save again"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as e:
        raise _not_workbook(
            p, "文件不完整或已损坏", f"damaged or truncated: {e}",
            "get the file again, or open it in Excel and save it again",
        ) from None  # fmt: skip


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
# a cell reference at column BJ (62) or beyond, or at row 1 000 000 or beyond
_FAR = re.compile(rb'r="(?:(?:[A-Z]{3}|[C-Z][A-Z]|B[J-Z])[0-9]|[A-Z]{1,3}[0-9]{7})')


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, part) of each worksheet of an XLSX."""
    try:
        book, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        book = rels = b""
    targets = {}
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rel = dict(_ATTR.findall(m.group(0)))
        targets[rel.get(b"Id")] = rel.get(b"Target", b"").decode("utf-8", "replace")
    out = []
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        attrs = _ATTR.findall(m.group(0))
        name = next((v for k, v in attrs if k == b"name"), b"").decode("utf-8", "replace")
        rid = next((v for k, v in attrs if k.endswith(b":id")), None)
        target = targets.get(rid, "")
        part = posixpath.normpath(target[1:] if target.startswith("/") else "xl/" + target)
        if part in names:
            out.append((html.unescape(name), part))
    if not out:
        out = [(n, n) for n in sorted(names) if n.startswith("xl/worksheets/")]
    return out


def _extent(zf: zipfile.ZipFile, part: str) -> tuple[int, int, str]:
    """Rows and columns of a worksheet's used range as calamine lays it out (from A1), and
    its last cell: from the ``<dimension>`` Excel writes at the top when that is small;
    else, read as a stream, from the cells that hold a value (a styled empty cell counts in
    the dimension but not for calamine) when one lies far (column BJ or beyond, row
    1 000 000 or beyond: only then can rows x columns exceed :data:`_MAX_GRID`)."""
    with zf.open(part) as f:
        top = f.read(4096)
    m = _DIMENSION.search(top)
    if m:
        rows, cols = int(m.group(2)), _col_number(m.group(1))
        if rows * cols <= _MAX_GRID:
            return rows, cols, f"{m.group(1).decode()}{rows}"
    with zf.open(part) as f:
        last = b""
        while chunk := f.read(1 << 22):
            buf = last + chunk
            if _FAR.search(buf):
                break
            last = buf[-32:]  # a reference cut in two is whole in the next round
        else:
            return 0, 0, ""  # nothing far: small enough whatever the rows
    rows = cols = 0
    last = b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 22):
            buf = last + chunk
            for m in _CELL_REF.finditer(buf):
                if m.group(0).endswith(b"/>") or buf.startswith(b"</c>", m.end()):
                    continue  # no value
                rows = max(rows, int(m.group(2)))
                cols = max(cols, _col_number(m.group(1)))
            last = buf[-256:]  # a tag cut in two is whole in the next round
    return rows, cols, f"{_letters(cols)}{rows}"


def _col_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + b - 64
    return n


def _letters(n: int) -> str:
    """A spreadsheet column's letters (1 is A, 28 is AB)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _col(i: int) -> str:
    """Column ``i`` (from 0) for messages: its number and letters (``17(Q)``)."""
    return f"{i + 1}({_letters(i + 1)})"


def _fill_merged(grid: list[list[Any]], ranges: Any) -> None:
    """A value merged down several rows fills each of them, in the merge's first column: a
    merge over several columns gives its value to the column it is written in only (its
    neighbours have headers of their own). A merge along one row (a title, a group header,
    a footnote) leaves the other cells empty: the header reader knows a group by the
    empty cells beside it."""
    for (r0, c0), (r1, _c1) in ranges:
        if r1 <= r0 or r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        if value in (None, ""):
            continue
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
    unread: dict[int, str] | None = None,
) -> Sheet | None:
    found = _find_header(grid, kind_name, mapping)
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
    return _finish(p, name, enc, found, grid[:last], columns, rows, mapping, problems, forced)


def _beyond(width: int, row: list[Any]) -> str:
    """Why a row with cells beyond the header is rejected (not what they hold: they are
    under no header, so could be anything, personal data too)."""
    filled = [j for j in range(width, len(row)) if row[j] not in (None, "")]
    return (
        f"表头只有{width}列，该行第{_col(filled[0])}列起另有{len(filled)}个单元格有内容 (the header "
        f"has {width} columns; this row has {len(filled)} more cells with values, from column "
        f"{_col(filled[0])}: move them under a header or delete them)"
    )


def _column(cells: list[Any]) -> pa.Array | list[Any]:
    """Text cells as a normalized Arrow array (empty strings become null); mixed cells
    (numbers, dates from a spreadsheet) stay a list for :func:`columns.parse_column`.
    Cells over :data:`CELL_LIMIT` become :class:`BadCell`, escaped formulas are unescaped."""
    kinds = set(map(type, cells))
    kinds.discard(type(None))
    if kinds <= {str}:
        return _text_column(strings(cells))
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


def _text_column(arr: pa.Array, apostrophes: bool = True) -> pa.Array | list[Any]:
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


def _head_row(row: list[Any]) -> list[Any]:
    """The part of a row looked at for a header: bounded, however long the row."""
    return [
        c[:_HEADER_CHARS] if type(c) is str and len(c) > _HEADER_CHARS else c
        for c in row[:_HEADER_CELLS]
    ]


def _find_header(
    grid: list[list[Any]], kind_name: str | None, mapping: Mapping | None = None
) -> _Header | None:
    rows = [_head_row(r) for r in grid[:_HEADER_SCAN]]
    best: tuple[tuple[int, int], _Header] | None = None
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


def _finish(
    p: Path,
    name: str,
    enc: str,
    found: _Header,
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
        texts = [clean(c) for c in _head_row(row)]
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
        cells[r] = BadCell(_cut("" if cell is None else str(cell), _PREVIEW), why)
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
                shown = [_cut(mask_value(c.prop, str(v)), _PREVIEW) for v in (ra[r], rb[r])]
                merged[r] = BadCell(
                    _cut(str(ra[r]), _PREVIEW),
                    f"第{_col(j)}列“{headers[j]}”与第{_col(i)}列“{headers[i]}”不一致："
                    f"{shown[0]!r} / {shown[1]!r} (columns {_col(j)} and {_col(i)} both give "
                    f"{c.field} and disagree: {shown[0]!r} vs {shown[1]!r})",
                )
        if merged is not None:
            columns[j] = merged
    return out


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else f"{text[:n]}…"


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
