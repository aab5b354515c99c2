"""The report's workbook (a sheet per table) and its CSV summary. Every cell goes through
:mod:`pbgraph.outputs` (:func:`~pbgraph.outputs.xlsx_cell`, :func:`~pbgraph.outputs.write_csv`),
so text a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

from pathlib import Path

from ..outputs import save_workbook, write_csv, xlsx_cell, xlsx_row
from .build import Sheet

__all__ = ["write_summary_csv", "write_workbook"]


def write_workbook(sheets: list[Sheet], path: Path) -> Path:
    """One sheet per table, header row frozen, rates as percentages (write-only: fast)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    for s in sheets:
        ws = wb.create_sheet(s.name[:31])
        ws.freeze_panes = "A2"
        for j, (k, h) in enumerate(s.columns, start=1):
            longest = max([len(str(h)), *(len(str(r.get(k, ""))) for r in s.rows[:200])])
            ws.column_dimensions[get_column_letter(j)].width = min(60, 4 + 1.6 * longest)
        ws.append(xlsx_row(ws, s.headers))
        pct = [k in s.percent for k, _ in s.columns]
        for row in s.values():
            ws.append([xlsx_cell(ws, v, number_format="0.0%" if p and isinstance(v, float) else None)
                       for v, p in zip(row, pct, strict=True)])  # fmt: skip
    return save_workbook(wb, path)


def write_summary_csv(sheet: Sheet, path: Path) -> Path:
    """A sheet as CSV (the report's coverage by district)."""
    return write_csv(path, sheet.headers, sheet.values())
