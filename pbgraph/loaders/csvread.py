"""CSV ledgers: the encoding (a byte-order mark, else UTF-8, then GB18030), the header in
the first rows, then the rows below it by Arrow's multi-threaded reader when they are a
clean table (the usual export), else by the csv module (ragged rows), with a line of more
than :data:`ROW_CELLS` cells left unparsed and its row rejected."""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import mmap
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from ..errors import InputError
from ..graphmodel.schema import Prop
from .columns import column_threads, plain_numbers
from .grid import build_sheet, grid_sheet, text_column
from .headers import HEADER_SCAN, Header, find_header
from .mapping import Mapping, resolve
from .sheet import EMPTY_FILE, Sheet

__all__ = ["ROW_CELLS", "read_csv"]

#: cells one row may have: a spreadsheet's columns (A … XFD); a longer row is not parsed
ROW_CELLS = 16_384
_HEAD_BYTES = 1 << 20  # bytes of a CSV read to find its header
_SNIFF_BYTES = 1 << 16  # bytes looked at for a byte-order mark or NUL bytes
_ENCODINGS = ("utf-8-sig", "gb18030")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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
        with contextlib.suppress(UnicodeDecodeError):  # not UTF-16 after all: the NUL message
            codecs.getincrementaldecoder(guess)().decode(head, final=False)
            return guess
    raise InputError(
        f"{p}: 有NUL字节，第一个在第{nul}字节：不是文本CSV文件，是改名为 .csv 的电子表格或其他"
        "二进制文件？请在 Excel 中打开并另存为 CSV UTF-8 或 .xlsx，或用 --encoding 指定其编码 "
        f"(NUL bytes, the first at byte {nul}: not a text CSV file but a spreadsheet or other "
        "binary file named .csv? Open it in Excel and save it as CSV UTF-8 or .xlsx, or give "
        "its encoding with --encoding)"
    )


def _decode(p: Path, data: mmap.mmap | bytes, encoding: str | None) -> tuple[str, str]:
    tried = [encoding] if encoding else list(_ENCODINGS)
    for enc in tried:
        try:
            return str(data, enc), enc  # a mapped file too, without a copy
        except LookupError:
            raise InputError(
                f"{p}: 未知的编码 {encoding!r}；可试 gb18030 或 utf-8 "
                f"(unknown encoding {encoding!r}; try gb18030 or utf-8)"
            ) from None
        except UnicodeDecodeError as e:
            if encoding:
                raise InputError(
                    f"{p}: 无法按 {encoding} 解码（第{e.start}字节）；可试 --encoding gb18030 或 "
                    f"utf-8 (cannot decode as {encoding} (byte {e.start}); "
                    "try --encoding gb18030 or utf-8)"
                ) from None
    raise InputError(
        f"{p}: 既不是 UTF-8 也不是 GB18030/GBK 编码；请用 --encoding 指定编码（如 big5） "
        "(neither UTF-8 nor GB18030/GBK; pass the encoding with --encoding (e.g. big5))"
    )


def _is_utf8(enc: str) -> bool:
    return enc.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig")


def read_csv(
    p: Path, encoding: str | None, kind: str | None, mapping: Mapping | None
) -> Sheet | None:
    data = _mapped(p)
    if not len(data):
        raise InputError(EMPTY_FILE.format(p))
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
    found = find_header(head, kind, mapping)
    if found is None:
        return None
    sheet = None
    if not (arrow_read and _is_utf8(enc)):
        utf8 = pa.py_buffer(text.encode("utf-8"))
        sheet = _arrow_csv(p, utf8, '"' in text, delimiter, found, head, enc, mapping, "'" in text)
    if sheet is None:  # ragged rows (or rows Arrow will not take): the careful path
        grid, unread = _csv_grid(p, text, delimiter)
        sheet = grid_sheet(p, "", enc, grid, kind, mapping, unread)
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
    found = find_header(rows, kind, mapping)
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
            return list(islice(reader, HEADER_SCAN))
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
    found: Header,
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
        return a if n in numeric else text_column(a, apostrophes)

    # Arrow's kernels let go of the GIL: columns are normalized side by side
    columns: list[pa.Array | list[Any]] = list(column_threads().map(column, names))
    n = table.num_rows
    first = last + 2
    rows = list(range(first, first + n))
    return build_sheet(p, "", enc, found, head, columns, rows, mapping)
