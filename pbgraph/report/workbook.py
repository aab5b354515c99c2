"""The report's workbook (a 说明 sheet, then a sheet per table) and its CSV summary. Every
cell goes through :mod:`pbgraph.outputs` (:func:`~pbgraph.outputs.write_xlsx`,
:func:`~pbgraph.outputs.write_csv`), so text a spreadsheet would run as a formula is written
as text, and every sheet is formatted alike: a bold frozen header with an autofilter,
counts ``#,##0``, money ``#,##0`` (whole yuan), rates ``0.0%``, dates as Excel dates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..outputs import XlsxSheet, write_csv, write_xlsx
from .build import Sheet

__all__ = ["write_summary_csv", "write_workbook", "xlsx_sheet"]


def xlsx_sheet(s: Sheet) -> XlsxSheet:
    """A table as a sheet: the columns of ``s.percent`` are rates, the kinds of the others
    inferred from their headers and values (:func:`pbgraph.outputs.column_kinds`)."""
    kinds = ["rate" if k in s.percent else None for k, _ in s.columns]
    return XlsxSheet(s.name[:31], s.headers, s.values(blank=None), kinds=kinds)


def write_workbook(sheets: list[Sheet], path: Path, about: Sequence[XlsxSheet] = ()) -> Path:
    """The sheets ``about`` (the 说明 sheet: :func:`pbgraph.report.about.about_sheet`) first,
    then one sheet per table (:func:`~pbgraph.outputs.write_xlsx`: fast, formatted, the
    same bytes for the same tables)."""
    return write_xlsx(path, [*about, *(xlsx_sheet(s) for s in sheets)])


def write_summary_csv(sheet: Sheet, path: Path) -> Path:
    """A sheet as CSV (the report's coverage by district)."""
    return write_csv(path, sheet.headers, sheet.values())
