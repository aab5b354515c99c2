"""Writing output files safely: the one place every writer of pbgraph goes through.

* **Atomic.** A file is written to a temporary file beside it (``tempfile.mkstemp``, so
  readable by its owner only), flushed and fsynced, then renamed onto the target: the
  target is the old file or the whole new one, never half a file or an empty one. On any
  error the temporary file is removed. :func:`atomic_open` gives an open file,
  :func:`atomic_path` a path for libraries that write to a path (openpyxl, matplotlib).
* **One line on OS errors.** An ``OSError`` while writing (disk full, permission denied,
  read-only media) becomes :class:`~pbgraph.errors.DiskError` (exit code 4) naming the
  path and the reason: ``out/quarantine.csv: No space left on device``.
* **Owner only.** Files get mode 0600, the folders made for them 0700 (:func:`make_dir`).
* **No live formulas.** A spreadsheet opening a CSV runs a cell starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return as a formula (CSV injection); :func:`csv_cell`
  prefixes such text with an apostrophe, as OWASP advises (text that is a plain number is
  left alone: ``-2`` is a number, not a formula). :func:`csv_unescape` undoes it for a
  reader. In XLSX workbooks :func:`xlsx_row` stores text starting with ``=`` as text,
  never as a formula (openpyxl makes any such string a formula); :func:`write_xlsx`
  (big workbooks, fast, formatted: every workbook pbgraph writes) writes every text as text.
* **The same bytes for the same content.** :func:`write_xlsx` dates its workbook
  :data:`XLSX_TIME` and every zip member 1980-01-01, not the time it was written.

>>> csv_cell('=HYPERLINK("http://evil.example","x")')
'\\'=HYPERLINK("http://evil.example","x")'
>>> csv_cell("-2.5"), csv_cell(-3), csv_cell("历下区")
('-2.5', -3, '历下区')
>>> csv_unescape(csv_cell("@SUM(1)"))
'@SUM(1)'
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import io
import math
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path
from typing import IO, Any

from .errors import DiskError

__all__ = [
    "EMPTY_NOTE",
    "KIND_FORMATS",
    "XLSX_TIME",
    "XlsxSheet",
    "atomic_open",
    "atomic_path",
    "column_kinds",
    "column_widths",
    "csv_cell",
    "csv_row",
    "csv_text",
    "csv_unescape",
    "disk_error",
    "make_dir",
    "save_workbook",
    "write_bytes",
    "write_csv",
    "write_xlsx",
    "xlsx_cell",
    "xlsx_row",
]

#: Characters a spreadsheet takes as the start of a formula in a CSV cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text escaped for CSV: any apostrophes, then a formula start ("'=x" is escaped too, so
# that csv_unescape gives every value back exactly).
_FIRST = frozenset("'=+-@\t\r")
_RISKY = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def csv_cell(value: Any) -> Any:
    """A value safe to write in a CSV cell: text a spreadsheet would run as a formula gets
    an apostrophe in front; numbers, plain-number text and other text are unchanged. Other
    objects are checked as the text the CSV module writes for them (``str``)."""
    if value is None or isinstance(value, int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    if (
        text[:1] in _FIRST  # cheap test first: most cells start with none of these
        and _RISKY.match(text)
        and not _NUMBER.fullmatch(text)
    ):
        return "'" + text
    return value


def csv_unescape(text: str) -> str:
    """The value :func:`csv_cell` escaped (for readers): one leading apostrophe dropped
    when apostrophes and a formula start follow it."""
    return text[1:] if _ESCAPED.match(text) else text


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


#: the Chinese of the operating system's reasons a write is refused for (by ``errno``)
_REASONS_ZH = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.EROFS: "文件系统只读",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EISDIR: "是文件夹",
    errno.EEXIST: "已存在",
    errno.EIO: "输入输出错误",
    errno.ENAMETOOLONG: "文件名太长",
}


def disk_error(path: str | os.PathLike[str], e: OSError) -> DiskError:
    """The one-line error for an OS error on ``path``: ``path: reason``, the reason in
    Chinese and English (:func:`pbgraph.i18n.bilingual`) when the error is a common one.

    >>> import errno
    >>> str(disk_error("out.csv", OSError(errno.ENOSPC, "No space left on device")))
    'out.csv: 磁盘空间已满 (No space left on device)'
    """
    reason = e.strerror or str(e)
    zh = _REASONS_ZH.get(e.errno) if e.errno is not None else None
    return DiskError(
        f"{os.fspath(path)}: {zh} ({reason})" if zh else f"{os.fspath(path)}: {reason}"
    )


def make_dir(path: str | os.PathLike[str]) -> Path:
    """Create a folder and its missing parents with mode 0700 (existing ones stay as they
    are); an OS error becomes :class:`DiskError`."""
    p = Path(path)
    missing = []
    q = p
    while not q.is_dir():
        missing.append(q)
        if q.parent == q:
            break
        q = q.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700, exist_ok=True)
        except OSError as e:
            raise disk_error(d, e) from e
    return p


def _remove(tmp: str) -> None:
    try:
        Path(tmp).unlink(missing_ok=True)
    except OSError as e:  # the target is untouched; say what is left behind
        print(f"pbgraph: could not remove {tmp}: {e.strerror or e}", file=sys.stderr)


def _fsync_dir(d: Path) -> None:
    """Make a rename durable; some file systems cannot sync a folder, which is fine."""
    try:
        fd = os.open(d, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path (mode 0600, the target's suffix) beside ``target`` to write to;
    fsynced and renamed onto ``target`` when the block ends, removed on any error.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> with atomic_path(f"{d}/a.txt") as tmp:
    ...     _ = tmp.write_text("x")
    >>> sorted(os.listdir(d)), oct(os.stat(f"{d}/a.txt").st_mode & 0o777)
    (['a.txt'], '0o600')
    """
    p = Path(target)
    make_dir(p.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=f".tmp{p.suffix}", dir=p.parent)
        os.close(fd)
    except OSError as e:
        raise disk_error(p, e) from e
    try:
        yield Path(tmp)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, p)
    except OSError as e:
        _remove(tmp)
        raise disk_error(p, e) from e
    except BaseException:
        _remove(tmp)
        raise
    _fsync_dir(p.parent)


@contextmanager
def atomic_open(
    target: str | os.PathLike[str],
    mode: str = "w",
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> Iterator[IO[Any]]:
    """``open(target, mode)`` written atomically (see :func:`atomic_path`); ``mode`` is
    ``"w"`` or ``"wb"``.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> with atomic_open(f"{d}/b.csv", encoding="utf-8") as f:
    ...     _ = f.write("a,b\\n")
    >>> Path(f"{d}/b.csv").read_text(encoding="utf-8")
    'a,b\\n'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_open writes a new file: mode 'w' or 'wb', not {mode!r}")
    with atomic_path(target) as tmp, open(tmp, mode, encoding=encoding, newline=newline) as f:
        yield f
        f.flush()
        os.fsync(f.fileno())


def write_csv(
    path: str | os.PathLike[str],
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    encoding: str = "utf-8-sig",
    lineterminator: str = "\r\n",
) -> Path:
    """Write a CSV file atomically, every cell through :func:`csv_cell` (UTF-8 with BOM
    and CRLF line ends by default, as Excel writes them)."""
    p = Path(path)
    with atomic_open(p, encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator=lineterminator)
        w.writerow(csv_row(header))
        w.writerows(csv_row(r) for r in rows)
    return p


def csv_text(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> str:
    """The same CSV as a string (for standard output)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(csv_row(header))
    w.writerows(csv_row(r) for r in rows)
    return buf.getvalue()


def xlsx_cell(ws: Any, value: Any, *, number_format: str | None = None) -> Any:
    """A value or cell for ``ws.append`` (a write-only or an ordinary worksheet): text
    stays text (a string starting with ``=`` is not a formula), ``number_format`` applied
    when given."""
    if not (number_format or (isinstance(value, str) and value.startswith("="))):
        return value
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        c.data_type = "s"
    if number_format:
        c.number_format = number_format
    return c


def xlsx_row(ws: Any, values: Iterable[Any]) -> list[Any]:
    """A row for ``ws.append``, text cells stored as text (see :func:`xlsx_cell`)."""
    return [xlsx_cell(ws, v) for v in values]


def save_workbook(wb: Any, path: str | os.PathLike[str]) -> Path:
    """Save an openpyxl workbook atomically.

    The workbook is zipped in memory first: openpyxl leaves its zip file open when a write
    fails, and closing it at exit would print a second error.
    """
    buf = io.BytesIO()
    wb.save(buf)
    return write_bytes(path, buf.getbuffer())


def write_bytes(path: str | os.PathLike[str], data: bytes | memoryview) -> Path:
    """Write ``data`` to ``path`` atomically."""
    p = Path(path)
    with atomic_open(p, "wb") as f:
        f.write(data)
    return p


# -- big workbooks, fast, formatted -----------------------------------------------------------

#: The time :func:`write_xlsx` gives a workbook (created and modified): the same content
#: gives the same bytes.
XLSX_TIME = dt.datetime(1980, 1, 1)  # no zone: Excel stores none
_XLSX_ZIP_LEVEL = 3  # deflate level: 3x faster than the default 6, the file ~10% larger
_ROWS_PER_CHUNK = 2000

#: The kinds of a column (:attr:`XlsxSheet.kinds`) and the number formats of their cells:
#: ``(whole numbers, fractional numbers)``; dates get :data:`DATE_FORMAT` in any column.
KIND_FORMATS: dict[str, tuple[str | None, str | None]] = {
    "text": (None, None),
    "count": ("#,##0", "#,##0.00"),
    "money": ("#,##0", "#,##0.00"),  # yuan, as the ledgers and the funds keep them
    "rate": ("0.0%", "0.0%"),
    "date": ("#,##0", "#,##0.00"),
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 date system, after 1900-03-01)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# the headers of rates and of money, in Chinese and English (what the tables print)
_RATE_HEADER = re.compile(r"率|比例|占比|占预算|%|％|\brate\b|\bshare\b|percent", re.IGNORECASE)
_MONEY_HEADER = re.compile(r"元|经费|预算|金额|yuan|\bfunds?\b|budget", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_SAMPLE = 1000  # rows a column's kind and width are inferred from

#: The line an empty sheet holds, by the language of its headers.
EMPTY_NOTE = (
    "（本表无数据：按当前台账和参数，没有符合本表条件的记录）",
    "(no rows: nothing in the ledgers meets this table's conditions with the parameters in force)",
)


@dataclass(frozen=True)
class XlsxSheet:
    """A sheet for :func:`write_xlsx`: its name (at most 31 characters), header row, rows of
    values (text, numbers, flags, dates or ``None``: no cell), and optionally per column:
    its width, the number format of its fractional numbers (overrides the kind's), and its
    kind (:data:`KIND_FORMATS`: ``text``, ``count``, ``money``, ``rate``, ``date``; not
    given or ``None``: inferred by :func:`column_kinds` from the header and the values);
    ``note``: the line the sheet holds when it has no rows (default :data:`EMPTY_NOTE` in
    the language of the headers)."""

    name: str
    header: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] = ()
    float_formats: Sequence[str | None] = ()
    kinds: Sequence[str | None] = ()
    note: str | None = None


def column_kinds(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[str]:
    """The kind of every column, from its header and its first values: ``date`` when they
    are dates (or every text is ``YYYY-MM-DD``), ``rate`` for numbers under a header of a
    rate or share (率, 比例, 占预算, rate, share) that stay within ±10, ``money`` for numbers
    under a header of money (元, 经费, yuan, funds), ``count`` for other numbers, else
    ``text``.

    >>> column_kinds(["街道", "组织覆盖率", "合计(元)", "最后报备", "单位数"],
    ...              [["甲", 0.5, 2000, "2018-07-31", 3], ["乙", 1, 0, None, 4]])
    ['text', 'rate', 'money', 'date', 'count']
    """
    kinds = []
    sample = rows[:_SAMPLE]
    for j, h in enumerate(header):
        values = [r[j] for r in sample if r[j] is not None and r[j] != ""]
        numbers = [v for v in values if isinstance(v, Real) and not isinstance(v, bool)]
        texts = [v for v in values if isinstance(v, str)]
        if any(isinstance(v, dt.date) for v in values) or (
            texts and not numbers and all(len(v) == 10 and _ISO_DATE.fullmatch(v) for v in texts)
        ):
            kinds.append("date")
        elif not numbers:
            kinds.append("text")
        elif _RATE_HEADER.search(str(h)) and all(-10 <= float(v) <= 10 for v in numbers):
            kinds.append("rate")
        elif _MONEY_HEADER.search(str(h)):
            kinds.append("money")
        else:
            kinds.append("count")
    return kinds


def column_widths(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[float]:
    """Each column as wide as its header and its first values need (Chinese characters
    count about twice), at most 60, with room for the filter button."""
    sample = rows[:_SAMPLE]
    out = []
    for j, h in enumerate(header):
        longest = max([_text_width(h), *(_text_width(r[j]) for r in sample)])
        out.append(round(min(60.0, 3.5 + 1.1 * longest), 1))
    return out


def _text_width(v: Any) -> int:
    if v is None:
        return 0
    if isinstance(v, float):
        return 9
    if isinstance(v, dt.date):
        return 16 if isinstance(v, dt.datetime) else 10
    text = str(v)
    return len(text) + len(_CJK.findall(text))


def write_xlsx(path: str | os.PathLike[str], sheets: Sequence[XlsxSheet]) -> Path:
    """Write a workbook of ``sheets`` atomically, each formatted to be read and filtered:
    a bold header row, frozen, with an autofilter over the table; numbers by their column's
    kind (counts ``#,##0``, money ``#,##0`` in yuan, rates ``0.0%``), dates as Excel dates
    (``yyyy-mm-dd``: :class:`datetime.date` values, and ``YYYY-MM-DD`` text in a date
    column), widths that fit, and one line of :data:`EMPTY_NOTE` in a sheet with no rows.
    Text that starts with ``=`` is stored as text, never a formula; the workbook is dated
    :data:`XLSX_TIME` (the same content, the same bytes).

    openpyxl writes everything but the cells below the header (styles, sheets, widths, the
    frozen pane, the autofilter, the header itself); the cells are written here as
    openpyxl's write-only mode writes them, about ten times faster
    (``tests/unit/test_columnar_report.py`` reads both back and compares every cell and its
    format), any value but the common ones (text, finite numbers, flags, dates, ``None``)
    by openpyxl itself.
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    styles: dict[str, int] = {}  # number format -> style id
    plans: list[tuple[Any, Sequence[Sequence[Any]], list[_Column]]] = []
    for s in sheets:
        ws = wb.create_sheet(s.name)
        rows, columns = _sheet_skeleton(ws, s, styles)
        plans.append((ws, rows, columns))
    buf = io.BytesIO()
    wb.save(buf)
    sheet_xml = {f"xl/worksheets/sheet{k}.xml": plan for k, plan in enumerate(plans, start=1)}
    p = Path(path)
    with (
        zipfile.ZipFile(buf) as skeleton,
        atomic_open(p, "wb") as file,
        zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, compresslevel=_XLSX_ZIP_LEVEL) as z,
    ):
        for name in skeleton.namelist():
            data = skeleton.read(name)
            with z.open(name, "w") as out:  # dated 1980-01-01 by zipfile
                if name == "docProps/core.xml":
                    out.write(_core_xml())
                elif name in sheet_xml:
                    ws, rows, columns = sheet_xml[name]
                    head, tail = data.split(b"</sheetData>")
                    out.write(head)
                    for chunk in _xlsx_rows(ws, rows, columns):
                        out.write(chunk)
                    out.write(b"</sheetData>" + tail)
                else:
                    out.write(data)
    return p


@dataclass(frozen=True)
class _Column:
    """How the cells of one column are written: its letter, the style attributes
    (`` s="3"`` or empty) of its whole numbers, fractional numbers, dates and date-times,
    the number format of its fractional numbers (for the cells openpyxl writes) and whether
    ``YYYY-MM-DD`` text is a date."""

    letter: str
    whole: str
    fraction: str
    date: str
    datetime: str
    float_format: str | None
    text_dates: bool


def _sheet_skeleton(
    ws: Any, s: XlsxSheet, styles: dict[str, int]
) -> tuple[Sequence[Sequence[Any]], list[_Column]]:
    """Set up the sheet ``ws`` for ``s`` (widths, the frozen bold header, the autofilter)
    and return its rows (the note when it has none) and how each column is written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    n = len(s.header)
    rows: Sequence[Sequence[Any]] = s.rows
    if not rows and n:
        note = s.note or EMPTY_NOTE[0 if any(_CJK.search(str(h)) for h in s.header) else 1]
        rows = [[note, *[None] * (n - 1)]]
    kinds = list(s.kinds) + [None] * (n - len(s.kinds))
    if None in kinds:
        inferred = column_kinds(s.header, s.rows)
        kinds = [k or inferred[j] for j, k in enumerate(kinds)]
    widths = list(s.widths) or column_widths(s.header, s.rows)  # the note may overflow
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A2"
    if n:
        ws.auto_filter.ref = f"A1:{get_column_letter(n)}{1 + len(s.rows)}"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    middle = Alignment(vertical="center")
    header = []
    for h in s.header:
        c = WriteOnlyCell(ws, value=h)
        if isinstance(h, str):
            c.data_type = "s"  # text, never a formula
        c.font, c.fill, c.alignment = bold, fill, middle
        header.append(c)
    ws.append(header)

    def attr(fmt: str | None) -> str:
        if not fmt:
            return ""
        if fmt not in styles:
            styles[fmt] = _style_id(ws, fmt)
        return f' s="{styles[fmt]}"'

    floats = list(s.float_formats) + [None] * (n - len(s.float_formats))
    columns = []
    for j, kind in enumerate(kinds):
        if kind not in KIND_FORMATS:
            raise ValueError(f"{s.name}: column {j + 1} has no kind {kind!r}")
        whole, fraction = KIND_FORMATS[kind]
        fraction = floats[j] or fraction
        columns.append(_Column(get_column_letter(j + 1), attr(whole), attr(fraction),
                               attr(DATE_FORMAT), attr(DATETIME_FORMAT), fraction,
                               kind == "date"))  # fmt: skip
    return rows, columns


def _style_id(ws: Any, number_format: str) -> int:
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, value=0.0)
    c.number_format = number_format
    return int(c.style_id)


def _core_xml() -> bytes:
    """The document properties openpyxl writes, dated :data:`XLSX_TIME`."""
    from openpyxl.packaging.core import DocumentProperties
    from openpyxl.xml.functions import tostring

    props = DocumentProperties(creator="openpyxl", created=XLSX_TIME, modified=XLSX_TIME)
    return bytes(tostring(props.to_tree()))


_PLAIN_TEXT_MAX = 32767  # openpyxl cuts longer text
# text openpyxl writes as an error cell
_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
# characters XML cannot hold, which openpyxl refuses (IllegalCharacterError); as UTF-8
# bytes, every other byte (no byte of a longer character is below 0x20)
_ILLEGAL = bytes([*range(0o11), 0o13, 0o14, *range(0o16, 0o40)])
_LEGAL = bytes(b for b in range(256) if b not in _ILLEGAL)


def _serial(v: dt.date) -> float | int:
    """Excel's serial number of a date (days since 1899-12-30) or date-time."""
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            raise TypeError(f"write_xlsx writes no time zones ({v!r})")
        return (v - dt.datetime(1899, 12, 30)).total_seconds() / 86400
    return (v - _EPOCH).days


def _text_date(v: str) -> int | None:
    """The serial number of ``YYYY-MM-DD`` text (``None``: not a date)."""
    if len(v) != 10 or not _ISO_DATE.fullmatch(v):
        return None
    try:
        return (dt.date.fromisoformat(v) - _EPOCH).days
    except ValueError:
        return None


def _xlsx_rows(ws: Any, rows: Sequence[Sequence[Any]], columns: list[_Column]) -> Iterator[bytes]:
    """The ``<row>`` elements of ``rows`` from the second row on, as openpyxl's write-only
    worksheet writes them, in chunks of UTF-8, each cell styled by its column
    (:class:`_Column`)."""
    out: list[str] = []
    for i, row in enumerate(rows, start=2):
        r = str(i)
        cells = []
        for c, v in zip(columns, row, strict=True):
            t = type(v)
            if t is str:
                cells.append(_text_cell(ws, c, r, v))
            elif v is None:
                continue
            elif t is int:
                cells.append(f'<c r="{c.letter}{r}"{c.whole} t="n"><v>{v:.16g}</v></c>')
            elif t is float and math.isfinite(v):
                cells.append(f'<c r="{c.letter}{r}"{c.fraction} t="n"><v>{v:.16g}</v></c>')
            else:
                cells.append(_other_cell(ws, c, r, v))
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(out) == _ROWS_PER_CHUNK:
            yield _checked("".join(out))
            out = []
    yield _checked("".join(out))


def _text_cell(ws: Any, c: _Column, r: str, v: str) -> str:
    """A text cell (an Excel date when it is ``YYYY-MM-DD`` in a date column)."""
    if c.text_dates and (day := _text_date(v)) is not None:
        return f'<c r="{c.letter}{r}"{c.date} t="n"><v>{day}</v></c>'
    if not v:
        return f'<c r="{c.letter}{r}" t="inlineStr" />'
    if len(v) > _PLAIN_TEXT_MAX or (v[0] == "#" and v in _ERRORS):
        return _openpyxl_cell(ws, c.letter + r, v, c.float_format)
    stripped = v.strip()
    sp = ' xml:space="preserve"' if stripped and stripped != v else ""
    if "&" in v or "<" in v or ">" in v:
        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{c.letter}{r}" t="inlineStr"><is><t{sp}>{v}</t></is></c>'


def _other_cell(ws: Any, c: _Column, r: str, v: Any) -> str:
    """A cell of any value but text, ``None``, a Python int or a finite float: flags,
    numpy's numbers, dates, and what openpyxl writes (infinities, NaN)."""
    t = type(v)
    if t is bool:
        return f'<c r="{c.letter}{r}" t="b"><v>{v:d}</v></c>'
    if isinstance(v, Real) and math.isfinite(v):
        s = c.whole if isinstance(v, Integral) else c.fraction
        return f'<c r="{c.letter}{r}"{s} t="n"><v>{v:.16g}</v></c>'
    if isinstance(v, dt.date):
        s = c.datetime if isinstance(v, dt.datetime) else c.date
        return f'<c r="{c.letter}{r}"{s} t="n"><v>{_serial(v):.16g}</v></c>'
    return _openpyxl_cell(ws, c.letter + r, v, c.float_format)


def _checked(xml: str) -> bytes:
    """Rows' XML as UTF-8, refused as openpyxl refuses text with a control character (only
    text can hold one)."""
    data = xml.encode()
    bad = data.translate(None, _LEGAL)  # the control characters, fast (100 MB: ~0.1 s)
    if bad:
        from openpyxl.utils.exceptions import IllegalCharacterError

        raise IllegalCharacterError(f"{chr(bad[0])!r} cannot be used in worksheets")
    return data


def _openpyxl_cell(ws: Any, coordinate: str, value: Any, number_format: str | None) -> str:
    """One cell as openpyxl's write-only worksheet writes it (through :func:`xlsx_cell`):
    the values :func:`_xlsx_rows` leaves to openpyxl."""
    from et_xmlfile import xmlfile
    from openpyxl.cell import Cell
    from openpyxl.cell._writer import write_cell
    from openpyxl.utils.cell import coordinate_to_tuple

    if isinstance(value, dt.time | dt.timedelta):
        raise TypeError(f"{coordinate}: write_xlsx writes no times ({value!r})")
    row, col = coordinate_to_tuple(coordinate)
    c = Cell(ws, row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        c.data_type = "s"  # text, never a formula
    if number_format and isinstance(value, float):
        c.number_format = number_format
    buf = io.BytesIO()
    with xmlfile(buf) as xf:
        write_cell(xf, ws, c, c.has_style)
    return buf.getvalue().decode()
