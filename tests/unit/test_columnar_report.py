"""The report at city scale (issue 17): its workbook written fast by
:func:`pbgraph.outputs.write_xlsx` holds the XML openpyxl's write-only mode writes, but for
the time it was written (which is fixed now: the same tables give the same bytes); and the
report built from the store's columns (``store.tables(**report.inputs())``) is the report
built from its graph, sheet for sheet, row for row, and the same page."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from pbgraph.errors import DiskError
from pbgraph.outputs import XLSX_TIME, XlsxSheet, save_workbook, write_xlsx, xlsx_cell, xlsx_row
from pbgraph.parallel import beside
from pbgraph.report import inputs, write_report
from pbgraph.report.build import build
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import no_missing_glyphs, office_stores

# every kind of value a table may hold, and the text openpyxl treats apart
VALUES: list[Any] = [
    "a", "", " lead", "trail ", "  ", "a&b<c>d", "=1+1", "=", "+1", "-2", "@x", "#N/A",
    "#N/A\n", "x" * 40_000, "中文单位", "tab\there", "line\nbreak", "cr\r", 0, -1, 10**17,
    1.5, 0.0, -0.25, 1e-20, 1 / 3, math.nan, math.inf, True, False, None, np.int64(7),
    np.float64(0.125), np.float32(0.5),
]  # fmt: skip


def sheets() -> list[XlsxSheet]:
    rows = [[v, v, i] for i, v in enumerate(VALUES)] + [[None, None, None]]
    return [
        XlsxSheet("values", ["h1", "=h2", "h3"], rows, [10, 12.5, 60], ["0.0%", None, None]),
        XlsxSheet("empty", ["a"], [], [8.8], [None]),
        XlsxSheet("rates", ["p"], [[0.5], [1]], [9], ["0.0%"]),
    ]


def openpyxl_workbook(path: Path, sheets: list[XlsxSheet]) -> None:
    """The workbook as the report wrote it before (openpyxl's write-only mode)."""
    wb = Workbook(write_only=True)
    for s in sheets:
        ws = wb.create_sheet(s.name)
        ws.freeze_panes = "A2"
        for j, w in enumerate(s.widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.append(xlsx_row(ws, s.header))
        for row in s.rows:
            ws.append([xlsx_cell(ws, v, number_format=f if f and isinstance(v, float) else None)
                       for v, f in zip(row, s.float_formats, strict=True)])  # fmt: skip
    save_workbook(wb, path)


def test_write_xlsx_writes_what_openpyxl_writes(tmp_path: Path) -> None:
    openpyxl_workbook(tmp_path / "old.xlsx", sheets())
    write_xlsx(tmp_path / "new.xlsx", sheets())
    with zipfile.ZipFile(tmp_path / "old.xlsx") as a, zipfile.ZipFile(tmp_path / "new.xlsx") as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":
                assert a.read(name) == b.read(name), name
        assert b"1980-01-01T00:00:00Z" in b.read("docProps/core.xml")


def test_write_xlsx_cells_read_back(tmp_path: Path) -> None:
    """Text stays text (``=1+1`` is no formula), rates keep their format, the header is
    frozen, widths and the document's date are as given."""
    path = write_xlsx(tmp_path / "new.xlsx", sheets())
    wb = load_workbook(path)
    ws = wb["values"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 12.5
    assert [c.value for c in ws[1]] == ["h1", "=h2", "h3"]
    by_value = {row[2].value: row for row in ws.iter_rows(min_row=2)}
    formula = by_value[VALUES.index("=1+1")]
    assert formula[0].value == "=1+1" and formula[0].data_type == "s"
    rate = by_value[VALUES.index(1 / 3)]
    assert rate[0].number_format == "0.0%" and rate[1].number_format == "General"
    assert by_value[VALUES.index("a&b<c>d")][0].value == "a&b<c>d"
    assert by_value[VALUES.index(" lead")][0].value == " lead"
    assert by_value[VALUES.index(10**17)][0].value == 10**17
    assert wb.properties.created == XLSX_TIME == wb.properties.modified
    assert [ws.title for ws in wb.worksheets] == ["values", "empty", "rates"]


def test_write_xlsx_same_bytes_and_refuses_what_openpyxl_refuses(tmp_path: Path) -> None:
    a = write_xlsx(tmp_path / "a.xlsx", sheets()).read_bytes()
    b = write_xlsx(tmp_path / "b.xlsx", sheets()).read_bytes()
    assert a == b
    bad = [XlsxSheet("bad", ["h"], [["ok"], ["bell\x07"]], [9], [None])]
    with pytest.raises(IllegalCharacterError):
        write_xlsx(tmp_path / "bad.xlsx", bad)
    assert not (tmp_path / "bad.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]  # no temp left


# -- the report through the store's columns -------------------------------------------------


def same_report(G: Any, t: Any, tmp_path: Path, **kw: Any) -> dict[str, Path]:
    """The report of the graph and of the tables: the same tables, and every file (page,
    charts, CSV, workbook) the same bytes."""
    a, b = build(G, **kw), build(t, **kw)
    assert [(s.name, s.columns, s.rows, s.percent) for s in a.sheets] == [
        (s.name, s.columns, s.rows, s.percent) for s in b.sheets
    ]
    assert a.totals == b.totals and a.grouping_totals == b.grouping_totals
    with no_missing_glyphs():
        old = write_report(G, tmp_path / "graph", **kw)
        new = write_report(t, tmp_path / "tables", **kw)
    assert old.keys() == new.keys()
    for role, path in old.items():
        assert path.read_bytes() == new[role].read_bytes(), role
    return new


def test_report_same_on_the_city(loaded_city: Path, tmp_path: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        G, t = s.graph(), s.tables(**inputs())
    files = same_report(G, t, tmp_path)
    assert len([k for k in files if k.startswith("chart_")]) == 14
    page = files["html"].read_text(encoding="utf-8")
    assert "组织覆盖率" in page
    assert set(t.columns["Organization"]) == set(inputs()["props"]["Organization"])  # no more


def test_report_same_on_office_ledgers(tmp_path: Path) -> None:
    """Ledgers as offices keep them: no coordinates (the street's network is a force
    layout), no instructors or visits."""
    for _name, folder, s in office_stores(tmp_path):
        G, t = s.graph(), s.tables(**inputs())
        same_report(G, t, folder, lang="en")


def test_beside_gives_the_childs_result_or_error() -> None:
    """The report's child processes: their result, their error (even one that cannot be
    pickled)."""
    assert beside(lambda: {"a": np.arange(3).tolist()})() == {"a": [0, 1, 2]}

    def full() -> None:
        raise DiskError("out/pbgraph_report.xlsx: No space left on device")

    with pytest.raises(DiskError, match="No space left"):
        beside(full)()

    def odd() -> None:
        raise ValueError(lambda: None)  # a lambda: no pickle

    with pytest.raises((ValueError, RuntimeError), match="lambda"):
        beside(odd)()
