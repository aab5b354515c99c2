"""Read ledger files (CSV in any usual Chinese encoding, XLSX with any number of sheets) into
tables of raw cells, find the header row, and mark rows that are not data.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("济南市两新组织台账\\n序号,单位名称,统一社会信用代码\\n1,甲公司,X\\n合计,,\\n", encoding="gb18030")
>>> sheet, = read_file(p)
>>> sheet.encoding, sheet.header_row, sheet.headers
('gb18030', 2, ['序号', '单位名称', '统一社会信用代码'])
>>> [(r.number, r.skip) for r in sheet.rows]
[(3, None), (4, 'total')]
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .ledgers import KINDS, LedgerKind, detect_kind, norm_header
from .values import clean

__all__ = ["Row", "Sheet", "read_file"]

_HEADER_SCAN = 12
_ENCODINGS = ("utf-8-sig", "gb18030")
_TOTAL_WORDS = ("合计", "小计", "总计", "total")
_NOTE_PREFIXES = ("注:", "注：", "说明", "备注:", "备注：", "填表人", "审核人", "制表", "note")


@dataclass
class Row:
    number: int  # the row number a spreadsheet shows (1-based)
    cells: list[Any]
    skip: str | None = None  # 'blank', 'total', 'footnote' or None for a data row


@dataclass
class Sheet:
    path: Path
    sheet: str  # sheet name ("" for CSV)
    headers: list[str]
    header_row: int
    rows: list[Row]
    kind: LedgerKind | None
    encoding: str = ""
    extra_headers: list[str] = field(default_factory=list)


def read_file(
    path: str | os.PathLike[str], *, encoding: str | None = None, kind: str | None = None
) -> list[Sheet]:
    """Every table in ``path``: one for a CSV, one per non-empty sheet of an XLSX."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; give the ledger files inside it")
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        tables = list(_read_xlsx(p))
    elif suffix in (".csv", ".txt", ".tsv"):
        tables = [_read_csv(p, encoding)]
    else:
        raise InputError(f"{p}: not a CSV or XLSX file (.csv, .xlsx); save it as one of those")
    sheets = []
    for name, enc, grid in tables:
        sheet = _make_sheet(p, name, enc, grid, kind)
        if sheet is not None:
            sheets.append(sheet)
    if not sheets:
        raise InputError(
            f"{p}: no ledger header found in the first {_HEADER_SCAN} rows "
            "(expected columns such as 统一社会信用代码, 单位名称); use --kind to say what it is"
        )
    return sheets


def _read_csv(p: Path, encoding: str | None) -> tuple[str, str, list[list[Any]]]:
    data = p.read_bytes()
    tried = [encoding] if encoding else list(_ENCODINGS)
    for enc in tried:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError) as e:
            if encoding:
                raise InputError(
                    f"{p}: cannot decode as {encoding}: {e}; try --encoding gb18030 or utf-8"
                ) from None
            continue
        dialect: type[csv.Dialect] | csv.Dialect = csv.excel
        if "\t" in text[:2000] and "," not in text[:2000]:
            dialect = csv.excel_tab
        return "", enc, list(csv.reader(io.StringIO(text, newline=""), dialect))
    raise InputError(
        f"{p}: neither UTF-8 nor GB18030/GBK; pass the encoding with --encoding (e.g. big5)"
    )


def _read_xlsx(p: Path) -> Iterator[tuple[str, str, list[list[Any]]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InputError(
            f"{p}: not a readable XLSX workbook ({e}); open and re-save it in Excel"
        ) from None
    try:
        for ws in wb.worksheets:
            grid = [list(r) for r in ws.iter_rows(values_only=True)]
            if grid:
                yield ws.title, "", grid
    finally:
        wb.close()


def _make_sheet(
    p: Path, name: str, enc: str, grid: list[list[Any]], kind_name: str | None
) -> Sheet | None:
    best: tuple[int, int, list[str], LedgerKind] | None = None
    kinds = [KINDS[kind_name]] if kind_name else list(KINDS.values())
    for i in range(min(_HEADER_SCAN, len(grid))):
        for headers, used in _candidate_headers(grid, i):
            detected = detect_kind(headers) if kind_name is None else kinds[0]
            if detected is None:
                continue
            score = sum(1 for h in headers if h and detected.match(h))
            if score >= 2 and (best is None or score > best[0]):
                best = (score, i + used, headers, detected)
    if best is None:
        return None
    _score, last_header, headers, kind = best
    rows = [
        Row(n + 1, _pad(grid[n], len(headers)), None) for n in range(last_header + 1, len(grid))
    ]
    _mark_skips(rows)
    extra = [
        h
        for h in headers
        if h and kind.match(h) is None and norm_header(h) not in ("序号", "no", "no.", "#")
    ]
    return Sheet(p, name, headers, last_header + 1, rows, kind, enc, extra)


def _candidate_headers(grid: list[list[Any]], i: int) -> Iterator[tuple[list[str], int]]:
    """Row ``i`` alone, and rows ``i``/``i+1`` as a two-level header (merged group cells
    above sub-columns: the lower cell wins where it is filled)."""
    top = [clean(c) for c in grid[i]]
    yield top, 0
    if i + 1 < len(grid):
        low = [clean(c) for c in grid[i + 1]]
        if any(low) and any(top):
            width = max(len(top), len(low))
            top += [""] * (width - len(top))
            low += [""] * (width - len(low))
            yield [lo or hi for hi, lo in zip(top, low, strict=True)], 1


def _pad(cells: Sequence[Any], width: int) -> list[Any]:
    out = list(cells[:width])
    out += [None] * (width - len(out))
    return out


def _mark_skips(rows: list[Row]) -> None:
    for r in rows:
        texts = [clean(c) for c in r.cells]
        filled = [t for t in texts if t]
        if not filled:
            r.skip = "blank"
        elif any(t.replace(" ", "").lower() in _TOTAL_WORDS for t in texts[:3]):
            r.skip = "total"
        elif len(filled) <= 2 and filled[0].lower().startswith(_NOTE_PREFIXES):
            r.skip = "footnote"
