"""The workbook can be filtered and states its data and rules (issue 18, point 7): every
sheet of the report's workbook and of a command's ``--format xlsx`` has a bold frozen
header with an autofilter, counts ``#,##0``, money ``#,##0`` (yuan), rates ``0.0%``, dates
as Excel dates, a note when empty; the report's first sheet (说明) has the data date, the
generation time, every parameter and the definitions. Read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from pbgraph.cli import cli
from pbgraph.outputs import EMPTY_NOTE
from pbgraph.report import Page, ReportParams, inputs, write_report
from pbgraph.report.about import data_date
from pbgraph.stores.sqlite import EmbeddedStore

GENERATED = dt.datetime(2026, 12, 1, 9, 30, 5)


@pytest.fixture(scope="module")
def report(loaded_city: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    p = ReportParams(max_units=4, budget=8_000_000)
    with EmbeddedStore(loaded_city, readonly=True) as s:
        t = s.tables(**inputs(p))
    files = write_report(
        t, tmp_path_factory.mktemp("report"), params=p, page=Page(generated=GENERATED)
    )
    return {"files": files, "tables": t}


def header_is_formatted(ws: Any) -> None:
    n = len(ws[1])
    assert ws.freeze_panes == "A2", ws.title
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
    assert all(c.font.b for c in ws[1]), ws.title
    assert ws.auto_filter.ref.split(":")[1].rstrip("0123456789") == ws[1][n - 1].column_letter


def formats(ws: Any, header: str) -> set[str]:
    """The number formats of a column's numbers and dates (by its header, or the start of
    it: a rate's header may name its denominator)."""
    j = next(j for j, c in enumerate(ws[1]) if str(c.value).startswith(header))
    return {row[j].number_format for row in ws.iter_rows(min_row=2)
            if isinstance(row[j].value, int | float | dt.datetime)}  # fmt: skip


def test_every_sheet_filters_and_has_a_bold_frozen_header(report: dict[str, Any]) -> None:
    wb = load_workbook(report["files"]["workbook"])
    assert len(wb.worksheets) == 37  # 说明, 25 tables (5 of issue 20: lines, newregs), 5 (B), 6 (C)
    for ws in wb.worksheets:
        header_is_formatted(ws)
        assert ws.max_row >= 2, ws.title  # rows, or the note of an empty sheet
    assert formats(wb["街道覆盖情况"], "组织覆盖率") == {"0.0%"}
    assert formats(wb["街道覆盖情况"], "单位总数") == {"#,##0"}
    assert formats(wb["经费测算"], "合计(元)") == {"#,##0"}
    assert formats(wb["经费测算"], "占预算") == {"0.0%"}
    assert formats(wb["工作进度"], "走访比例") == {"0.0%"}
    last = [c.value for c in wb["工作进度"][1]].index("最后报备")
    days = [r[last].value for r in wb["工作进度"].iter_rows(min_row=2) if r[last].value]
    assert days and all(isinstance(d, dt.datetime) for d in days)  # dates, not text
    assert formats(wb["工作进度"], "最后报备") == {"yyyy-mm-dd"}
    assert formats(wb["指导员负荷统计"], "调整后") == {"#,##0", "#,##0.00"}
    for ws in wb.worksheets:  # an empty table: one line that says so
        if ws["A2"].value == EMPTY_NOTE[0]:
            assert ws.max_row == 2 and ws.auto_filter.ref.endswith("1"), ws.title


def test_the_about_sheet_states_data_date_parameters_and_definitions(
    report: dict[str, Any],
) -> None:
    wb = load_workbook(report["files"]["workbook"])
    ws = wb.worksheets[0]
    assert ws.title == "说明"
    rows = {r[0]: (r[1], r[2]) for r in ws.iter_rows(min_row=2, values_only=True)}
    date, source = data_date(report["tables"])
    assert date is not None and source == "visits"
    assert rows["数据截至"][0] == dt.datetime.combine(date, dt.time())  # an Excel date
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert rows["数据截至"][1] == "台账中最晚的走访报备日期"
    assert rows["生成时间"][0] == GENERATED and ws["B3"].number_format == "yyyy-mm-dd hh:mm"
    params = {k.removeprefix("参数："): v for k, v in rows.items() if k.startswith("参数：")}
    assert len(params) == 16
    assert params["联合党支部最多单位数"] == ("4", "--max-units")
    assert params["年度预算（元）"] == ("8,000,000", "--budget")
    assert params["组建党组织的正式党员数下限 N"] == ("3（默认）", "--min-members")
    terms = {
        k.removeprefix("口径说明："): v[0] for k, v in rows.items() if k.startswith("口径说明：")
    }
    assert "组织覆盖率" in terms and "÷ 全部两新组织" in terms["组织覆盖率"]
    assert {"单独组建率", "走访比例", "经费测算"} <= set(terms)


def test_the_data_date_is_the_latest_date_of_the_ledgers(report: dict[str, Any]) -> None:
    t = report["tables"]
    visits = max(d for d in t.column("VisitReport", "date") if d)
    founded = max(d for d in t.column("PartyOrg", "founded") if d)
    assert data_date(t)[0] == dt.date.fromisoformat(str(max(visits, founded))[:10])


def test_a_commands_xlsx_is_formatted_alike(loaded_city: Path, tmp_path: Path) -> None:
    """``--format xlsx`` of a command: the same header, filter and number formats."""
    runner = CliRunner()
    for args, checks in (
        (["coverage", "--by", "street"], {"组织覆盖率": {"0.0%"}, "单位总数": {"#,##0"}}),
        (["funds"], {"启动经费(元)": {"#,##0"}, "占预算": {"0.0%"}}),
        (["progress"], {"最后报备": {"yyyy-mm-dd"}, "走访比例": {"0.0%"}}),
    ):
        out = tmp_path / f"{args[0]}.xlsx"
        r = runner.invoke(
            cli, [*args, "--store", str(loaded_city), "--format", "xlsx", "--out", str(out)]
        )
        assert r.exit_code == 0, r.output
        ws = load_workbook(out).worksheets[0]
        header_is_formatted(ws)
        for header, expected in checks.items():
            assert formats(ws, header) == expected, (args, header)
