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
  (big workbooks, fast) writes every text as text.
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
import io
import math
import numbers
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .errors import DiskError

__all__ = [
    "XLSX_TIME",
    "XlsxSheet",
    "atomic_open",
    "atomic_path",
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


def disk_error(path: str | os.PathLike[str], e: OSError) -> DiskError:
    """The one-line error for an OS error on ``path``: ``path: reason``."""
    return DiskError(f"{os.fspath(path)}: {e.strerror or e}")


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


# -- big workbooks, fast ---------------------------------------------------------------------

#: The time :func:`write_xlsx` gives a workbook (created and modified): the same content
#: gives the same bytes.
XLSX_TIME = dt.datetime(1980, 1, 1)  # no zone: Excel stores none
_XLSX_ZIP_LEVEL = 3  # deflate level: 3x faster than the default 6, the file ~10% larger
_ROWS_PER_CHUNK = 2000


@dataclass(frozen=True)
class XlsxSheet:
    """A sheet for :func:`write_xlsx`: its name (at most 31 characters), header row, rows of
    values (text, numbers, flags or ``None``: no cell), column widths and, per column, the
    number format of its fractional numbers (``None``: none, as for every integer)."""

    name: str
    header: Sequence[Any]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] = ()
    float_formats: Sequence[str | None] = ()


def write_xlsx(path: str | os.PathLike[str], sheets: Sequence[XlsxSheet]) -> Path:
    """Write a workbook of ``sheets`` atomically, each with its header row frozen: the
    workbook openpyxl's write-only mode writes for them (the same XML in every member, text
    that starts with ``=`` stored as text), about ten times faster, and dated
    :data:`XLSX_TIME` (the same content, the same bytes).

    openpyxl writes everything but the cells below the header (styles, sheets, widths, the
    frozen pane, the headers themselves); the cells are written here as openpyxl writes
    them (``tests/unit/test_columnar_report.py`` compares them byte for byte), any value
    but the common ones (text, finite numbers, flags, ``None``) by openpyxl itself.
    Dates and times are not taken (a style of their own would be needed).
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    styles: dict[str, int] = {}  # number format -> style id
    plans: list[tuple[Any, XlsxSheet, list[tuple[str, str | None]]]] = []
    for s in sheets:
        ws = wb.create_sheet(s.name)
        ws.freeze_panes = "A2"
        for j, w in enumerate(s.widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.append(xlsx_row(ws, s.header))
        formats = list(s.float_formats) + [None] * (len(s.header) - len(s.float_formats))
        for j, fmt in enumerate(formats):  # registered as openpyxl would: at a first cell
            if fmt and fmt not in styles and any(isinstance(r[j], float) for r in s.rows):
                styles[fmt] = _style_id(ws, fmt)
        styled = [(f' s="{styles[fmt]}"' if fmt in styles else "", fmt) for fmt in formats]
        plans.append((ws, s, styled))
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
                    ws, sheet, styled = sheet_xml[name]
                    head, tail = data.split(b"</sheetData>")
                    out.write(head)
                    for chunk in _xlsx_rows(ws, sheet.rows, styled):
                        out.write(chunk)
                    out.write(b"</sheetData>" + tail)
                else:
                    out.write(data)
    return p


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


def _xlsx_rows(ws: Any, rows: Sequence[Sequence[Any]],
               formats: list[tuple[str, str | None]]) -> Iterator[bytes]:  # fmt: skip
    """The ``<row>`` elements of ``rows`` from the second row on, as openpyxl's write-only
    worksheet writes them, in chunks of UTF-8. ``formats``: per column, the style attribute
    of its fractional numbers (`` s="1"`` or empty) and their number format."""
    from openpyxl.utils import get_column_letter

    cols = [(get_column_letter(j), st, f) for j, (st, f) in enumerate(formats, start=1)]
    out: list[str] = []
    for i, row in enumerate(rows, start=2):
        r = str(i)
        cells = []
        for (col, st, fmt), v in zip(cols, row, strict=True):
            t = type(v)
            if t is str:
                stripped = v.strip()
                if not v:
                    cells.append(f'<c r="{col}{r}" t="inlineStr" />')
                elif len(v) > _PLAIN_TEXT_MAX or (v[0] == "#" and v in _ERRORS):
                    cells.append(_openpyxl_cell(ws, col + r, v, fmt))
                else:
                    sp = ' xml:space="preserve"' if stripped and stripped != v else ""
                    if "&" in v or "<" in v or ">" in v:
                        v = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    cells.append(f'<c r="{col}{r}" t="inlineStr"><is><t{sp}>{v}</t></is></c>')
            elif v is None:
                continue
            elif t is int or (t is not bool and isinstance(v, numbers.Real) and math.isfinite(v)):
                s = st if isinstance(v, float) else ""
                cells.append(f'<c r="{col}{r}"{s} t="n"><v>{v:.16g}</v></c>')
            elif t is bool:
                cells.append(f'<c r="{col}{r}" t="b"><v>{v:d}</v></c>')
            else:
                cells.append(_openpyxl_cell(ws, col + r, v, fmt))
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(out) == _ROWS_PER_CHUNK:
            yield _checked("".join(out))
            out = []
    yield _checked("".join(out))


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

    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise TypeError(f"{coordinate}: write_xlsx writes no dates or times ({value!r})")
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
