"""The report's page states its data and rules (issue 18, point 5): the data date and the
generation time under the title, every parameter and the definitions in its last section,
the coverage rate's denominator as in force; more sections go where they are asked to; the
page forbids any request and prints on A4. In a browser: tests/integration/test_report_print.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from pbgraph.report import ReportParams, inputs
from pbgraph.report.build import build
from pbgraph.report.html import render
from pbgraph.stores.sqlite import EmbeddedStore

WHEN = dt.datetime(2026, 12, 1, 9, 30)


def test_the_page_states_data_date_parameters_and_definitions(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        t = s.tables(**inputs())
    data = build(t, params=ReportParams(denominator="eligible", budget=8_000_000))
    files = {"workbook": Path("pbgraph_report.xlsx")}
    page = render(data, files, generated=WHEN,
                  sections=[("交互<地图>", "<div id='map-view'>…</div>")])  # fmt: skip
    assert data.data_date is not None
    assert f"数据截至：{data.data_date.isoformat()}（台账中最晚的走访报备日期）" in page
    assert "生成时间：2026-12-01 09:30" in page
    assert "分母为正式党员达 N 名的" in page and "分母为全部单位" not in page
    about = page[page.index("<h2 id='about'>") :]
    for name, value, option in data.params.described("zh"):
        assert f"<td class='text'>{value}</td><td class='text'>{option}</td>" in about, name
    assert "8,000,000" in about and "÷ 正式党员达 N 名的单位" in about
    # the extra section: before the files, escaped title, HTML as given, in the navigation
    assert page.index("<div id='map-view'>") < page.index("<h2 id='files'>")
    assert "<h2>交互&lt;地图&gt;</h2>" in page and "<a href='#extra-1'>交互&lt;地图&gt;</a>" in page
    assert "Content-Security-Policy" in page and "connect-src 'none'" in page
    assert "@page{size:A4" in page
    # names and dates never wrapped
    assert re.search(r"<td class='name'>历下区</td>", page)
