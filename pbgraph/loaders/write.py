"""Writing ledgers in the canonical layout (``generate`` and ``export`` both use this).

CSV files are UTF-8 with BOM and CRLF line ends, as Excel writes them; XLSX workbooks have a
title row and a 填报单位/填报日期 row above the header, as people make them, and the same
content always gives the same bytes. Files are written atomically and owner-only, and no
cell is a live formula (:mod:`pbgraph.outputs`: CSV text such as ``=...`` gets an apostrophe
in front, XLSX text stays text). :func:`write_workbook` writes other layouts (a sheet per
street, two-level headers) from rows made by the caller, as deterministically.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from ..graphmodel.schema import Prop
from ..outputs import write_bytes, write_csv, xlsx_row
from .ledgers import Column, LedgerKind

__all__ = ["ledger_rows", "write_ledger", "write_workbook"]


def _cell(prop: Prop, value: Any) -> Any:
    if value is None:
        return ""
    if prop.many:
        return "；".join(value)
    if prop.labels and isinstance(value, str):
        return prop.label_of(value)
    if prop.type == "bool":
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def ledger_rows(
    columns: Iterable[Column], records: Iterable[dict[str, Any]]
) -> Iterable[list[Any]]:
    """Rows of a ledger (without header): 序号, then a cell per column."""
    cols = list(columns)
    for n, rec in enumerate(records, 1):
        yield [n, *(_cell(c.prop, rec.get(c.field)) for c in cols)]


def write_ledger(
    path: str | os.PathLike[str],
    kind: LedgerKind,
    records: Iterable[dict[str, Any]],
    *,
    columns: Iterable[Column] | None = None,
) -> Path:
    """Write ``records`` as a ledger of ``kind`` (CSV or XLSX by the suffix of ``path``).

    ``columns`` defaults to the kind's columns, without the pseudonym column of members
    (a department's own ledgers carry resident ID numbers; exported ones carry pseudonyms).
    """
    p = Path(path)
    cols = (
        list(columns)
        if columns is not None
        else [c for c in kind.columns if c.field != "member_id"]
    )
    header = ["序号", *(c.header for c in cols)]
    rows = ledger_rows(cols, records)
    if p.suffix.lower() == ".xlsx":
        _write_xlsx(p, kind, header, rows)
    else:
        write_csv(p, header, rows)
    return p


_EPOCH = dt.datetime(2018, 7, 31, 0, 0, 0)


def _write_xlsx(path: Path, kind: LedgerKind, header: list[str], rows: Iterable[list[Any]]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "pbgraph"
    wb.properties.created = _EPOCH
    wb.properties.modified = _EPOCH
    ws = wb.create_sheet(kind.zh)
    ws.append([f"济南市{kind.zh}"])
    ws.append(["填报单位：济南市委组织部", None, "填报日期：2018年7月31日"])
    ws.append(xlsx_row(ws, header))
    for r in rows:
        ws.append(xlsx_row(ws, r))
    _save_normalized(wb, path)


def write_workbook(
    path: str | os.PathLike[str], sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]]
) -> Path:
    """Write ``sheets`` — ``(sheet name, rows)`` — as one XLSX workbook, rows as given.

    For ledgers laid out as offices keep them (titles, two-level headers, a sheet per
    street, a totals row): the caller writes every row, title and header rows included;
    ``None`` is an empty cell. Sheets are written one after the other, streaming (openpyxl's
    write-only mode), and the same rows give the same bytes, as with :func:`write_ledger`.
    """
    from openpyxl import Workbook

    p = Path(path)
    wb = Workbook(write_only=True)
    wb.properties.creator = "pbgraph"
    wb.properties.created = _EPOCH
    wb.properties.modified = _EPOCH
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(xlsx_row(ws, r))
    _save_normalized(wb, p)
    return p


def _save_normalized(wb: Any, path: Path) -> None:
    """Save a workbook atomically, zipped with fixed timestamps so that the same content
    gives the same bytes."""
    raw, normalized = io.BytesIO(), io.BytesIO()
    wb.save(raw)
    _normalize_zip(raw, normalized)
    write_bytes(path, normalized.getbuffer())


def _normalize_zip(src: Path | IO[bytes], dst: Path | IO[bytes]) -> None:
    """Rewrite a zip with fixed timestamps so the same content gives the same bytes."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2018, 7, 31, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2018-07-31T00:00:00Z", data
                )
            zout.writestr(fixed, data)
