"""The report's workbook (a sheet per table) and its CSV summary. Every cell goes through
:mod:`pbgraph.outputs` (:func:`~pbgraph.outputs.write_xlsx`, :func:`~pbgraph.outputs.write_csv`),
so text a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

from pathlib import Path

from ..outputs import XlsxSheet, write_csv, write_xlsx
from .build import Sheet

__all__ = ["write_summary_csv", "write_workbook", "xlsx_sheet"]

PERCENT = "0.0%"


def xlsx_sheet(s: Sheet) -> XlsxSheet:
    """A table as a sheet: rates as percentages, each column as wide as its header and its
    first 200 values need (at most 60)."""
    widths = [
        min(60, 4 + 1.6 * max([len(str(h)), *(len(str(r.get(k, ""))) for r in s.rows[:200])]))
        for k, h in s.columns
    ]
    formats = [PERCENT if k in s.percent else None for k, _ in s.columns]
    return XlsxSheet(s.name[:31], s.headers, s.values(), widths, formats)


def write_workbook(sheets: list[Sheet], path: Path) -> Path:
    """One sheet per table, header row frozen, rates as percentages
    (:func:`~pbgraph.outputs.write_xlsx`: fast, the same bytes for the same tables)."""
    return write_xlsx(path, [xlsx_sheet(s) for s in sheets])


def write_summary_csv(sheet: Sheet, path: Path) -> Path:
    """A sheet as CSV (the report's coverage by district)."""
    return write_csv(path, sheet.headers, sheet.values())
