"""The report at city scale (issue 17): its workbook written fast by
:func:`pbgraph.outputs.write_xlsx` holds the cells openpyxl's write-only mode writes, formatted
(issue 18), dated 1980-01-01 (the same tables give the same bytes); and the
report built from the store's columns (``store.tables(**report.inputs())``) is the report
built from its graph, sheet for sheet, row for row, and the same page."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import numbers
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

from pbgraph.errors import DiskError
from pbgraph.outputs import (
    EMPTY_NOTE,
    KIND_FORMATS,
    XLSX_TIME,
    XlsxSheet,
    column_kinds,
    column_widths,
    save_workbook,
    write_xlsx,
    xlsx_cell,
)
from pbgraph.parallel import beside
from pbgraph.report import Page, inputs, write_report
from pbgraph.report.build import build
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import no_missing_glyphs, office_stores

# every kind of value a table may hold, and the text openpyxl treats apart
VALUES: list[Any] = [
    "a", "", " lead", "trail ", "  ", "a&b<c>d", "=1+1", "=", "+1", "-2", "@x", "#N/A",
    "#N/A\n", "x" * 40_000, "中文单位", "tab\there", "line\nbreak", "cr\r", 0, -1, 10**17,
    1.5, 0.0, -0.25, 1e-20, 1 / 3, math.nan, math.inf, True, False, None, np.int64(7),
    np.float64(0.125), np.float32(0.5), dt.date(2018, 7, 31), dt.datetime(2018, 7, 31, 10, 30),
    "2018-07-31", "2018-02-30",
]  # fmt: skip


def sheets() -> list[XlsxSheet]:
    rows = [[v, v, i] for i, v in enumerate(VALUES)] + [[None, None, None]]
    return [
        XlsxSheet("values", ["h1", "=h2", "h3"], rows, [10, 12.5, 60], ["0.0%", None, None],
                  kinds=["rate", "date", "count"]),
        XlsxSheet("empty", ["a"], [], [8.8], [None]),
        XlsxSheet("rates", ["p"], [[0.5], [1]], [9], ["0.0%"]),
        XlsxSheet("inferred", ["街道", "组织覆盖率", "合计(元)", "最后报备", "单位数"],
                  [["甲", 0.5, 2000, "2018-07-31", 3], ["乙", 1, 0.5, None, 4]]),
        XlsxSheet("空表", ["单位名称"], []),
    ]  # fmt: skip


def openpyxl_workbook(path: Path, sheets: list[XlsxSheet]) -> None:
    """The workbook openpyxl's write-only mode writes for ``sheets``, formatted as
    :func:`write_xlsx` says it formats them (through openpyxl's own API)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    for s in sheets:
        ws = wb.create_sheet(s.name)
        ws.freeze_panes = "A2"
        widths = list(s.widths) or column_widths(s.header, s.rows)
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w
        ws.auto_filter.ref = f"A1:{get_column_letter(len(s.header))}{1 + len(s.rows)}"
        head = []
        for h in s.header:
            c = WriteOnlyCell(ws, value=h)
            c.data_type, c.font = "s", Font(bold=True)
            head.append(c)
        ws.append(head)
        kinds = list(s.kinds) or column_kinds(s.header, s.rows)
        floats = list(s.float_formats) or [None] * len(s.header)
        rows = s.rows or [[EMPTY_NOTE[0 if "空" in s.name else 1]]]
        for row in rows:
            cells = []
            for v, kind, f in zip(row, kinds, floats, strict=True):
                whole, fraction = KIND_FORMATS[kind]
                if kind == "date" and isinstance(v, str) and len(v) == 10:
                    with contextlib.suppress(ValueError):
                        v = dt.date.fromisoformat(v)
                fmt = None
                if isinstance(v, dt.datetime):
                    fmt = "yyyy-mm-dd hh:mm"
                elif isinstance(v, dt.date):
                    fmt = "yyyy-mm-dd"
                elif isinstance(v, numbers.Integral) and not isinstance(v, bool):
                    fmt = whole
                elif isinstance(v, numbers.Real) and not isinstance(v, bool):
                    fmt = f or fraction
                cells.append(xlsx_cell(ws, v, number_format=fmt))
            ws.append(cells)
    save_workbook(wb, path)


def read_back(path: Path) -> dict[str, Any]:
    """Every sheet's frozen pane, filter, widths and cells (value, format, bold)."""
    wb = load_workbook(path)
    return {
        ws.title: (
            ws.freeze_panes,
            ws.auto_filter.ref,
            {k: d.width for k, d in ws.column_dimensions.items()},
            [[(c.value, c.number_format, c.font.b) for c in row] for row in ws.iter_rows()],
        )
        for ws in wb.worksheets
    }


def test_write_xlsx_writes_what_openpyxl_writes(tmp_path: Path) -> None:
    """The cells of write_xlsx, read back, are those openpyxl writes with the same
    formats: values, number formats, the bold header, the filter, widths."""
    openpyxl_workbook(tmp_path / "old.xlsx", sheets())
    write_xlsx(tmp_path / "new.xlsx", sheets())
    old, new = read_back(tmp_path / "old.xlsx"), read_back(tmp_path / "new.xlsx")
    assert list(old) == list(new)
    for name in old:
        assert old[name][:3] == new[name][:3], name
        for a, b in zip(old[name][3], new[name][3], strict=True):
            assert str(a) == str(b), name  # str: NaN equals NaN
    with zipfile.ZipFile(tmp_path / "new.xlsx") as z:
        assert b"1980-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_write_xlsx_cells_read_back(tmp_path: Path) -> None:
    """Text stays text (``=1+1`` is no formula), rates keep their format, counts get
    thousands separators, dates are dates, the header is bold, frozen and filters, widths
    and the document's date are as given, an empty sheet says so."""
    path = write_xlsx(tmp_path / "new.xlsx", sheets())
    wb = load_workbook(path)
    ws = wb["values"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:C{len(VALUES) + 2}"
    assert ws.column_dimensions["B"].width == 12.5
    assert [c.value for c in ws[1]] == ["h1", "=h2", "h3"] and all(c.font.b for c in ws[1])
    by_value = {row[2].value: row for row in ws.iter_rows(min_row=2)}
    formula = by_value[VALUES.index("=1+1")]
    assert formula[0].value == "=1+1" and formula[0].data_type == "s"
    rate = by_value[VALUES.index(1 / 3)]
    assert rate[0].number_format == "0.0%" and rate[1].number_format == "#,##0.00"
    assert by_value[VALUES.index(-1)][0].number_format == "0.0%"  # a whole rate too
    assert by_value[VALUES.index(-1)][1].number_format == "#,##0"
    assert by_value[VALUES.index(-1)][2].number_format == "#,##0"
    assert by_value[VALUES.index("a&b<c>d")][0].value == "a&b<c>d"
    assert by_value[VALUES.index(" lead")][0].value == " lead"
    assert by_value[VALUES.index(10**17)][0].value == 10**17
    day = by_value[VALUES.index("2018-07-31")]
    assert day[0].value == "2018-07-31" and day[0].data_type == "s"  # text, not a date column
    assert day[1].value == dt.datetime(2018, 7, 31) and day[1].number_format == "yyyy-mm-dd"
    assert by_value[VALUES.index("2018-02-30")][1].value == "2018-02-30"  # no such day
    assert by_value[VALUES.index(dt.date(2018, 7, 31))][0].is_date
    when = by_value[VALUES.index(dt.datetime(2018, 7, 31, 10, 30))][1]
    assert (
        when.value == dt.datetime(2018, 7, 31, 10, 30) and when.number_format == "yyyy-mm-dd hh:mm"
    )
    assert wb.properties.created == XLSX_TIME == wb.properties.modified
    assert [ws.title for ws in wb.worksheets] == ["values", "empty", "rates", "inferred", "空表"]
    assert [[c.value for c in r] for r in wb["empty"].iter_rows()] == [["a"], [EMPTY_NOTE[1]]]
    assert wb["空表"]["A2"].value == EMPTY_NOTE[0] and wb["空表"].auto_filter.ref == "A1:A1"
    inferred = [c.number_format for c in wb["inferred"][2]]
    assert inferred == ["General", "0.0%", "#,##0", "yyyy-mm-dd", "#,##0"]
    assert [c.number_format for c in wb["inferred"][3]][1:3] == ["0.0%", "#,##0.00"]
    assert wb["inferred"].column_dimensions["B"].width > 10  # widths inferred


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
    when = dt.datetime(2026, 12, 1, 9, 30)  # the time the files state
    with no_missing_glyphs():
        old = write_report(G, tmp_path / "graph", page=Page(generated=when), **kw)
        new = write_report(t, tmp_path / "tables", page=Page(generated=when), **kw)
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
