"""The report folder: one self-contained HTML page (charts embedded, nothing fetched), the PNG
charts it shows, a CSV summary and an XLSX workbook with a sheet per table.

:mod:`~pbgraph.report.build` runs the analyses and makes the tables (plain data);
:mod:`~pbgraph.report.charts` draws and saves the charts (the only part that imports
matplotlib, when a report is written); :mod:`~pbgraph.report.workbook` writes the workbook
and the CSV; :mod:`~pbgraph.report.html` renders the page from a template.

Every table here is the table a command prints: the same ``result.columns(lang, …)`` give the
headers of ``pbgraph coverage`` / ``pbgraph balance`` output in every format and of the
workbook's sheets (Chinese headers as in the ledgers, ``--lang en`` for English), and the
same rows, so personal data is masked the same way (instructors by masked name, members by
pseudonym only).

At city scale the report uses both cores of a small machine (:mod:`~pbgraph.parallel`):
a child process runs the pairing plan and the joint-formation proposals while this one runs
coverage, the instructor plan and progress, and another writes the workbook while this one
renders the charts; the files and errors are those of one process.

>>> headers, rows = ["单位", "数"], [["甲", 1]]
>>> print(table_text(headers, rows))
单位  数
----  --
甲    1
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ..graphmodel.tables import Tables
from ..labels import lang_index
from ..outputs import atomic_open, make_dir
from ..parallel import beside
from .about import about_sheet
from .build import ReportData, Sheet, build, flag_rows, inputs, list_columns, uncovered_rows
from .html import Page, render
from .lines import sections as lines_sections
from .params import ReportParams
from .services import sections as services_sections  # issue 20, helper B
from .welfare import sections as welfare_sections  # issue 20, helper C
from .workbook import write_summary_csv, write_workbook

__all__ = [
    "Page",
    "ReportParams",
    "Sheet",
    "flag_rows",
    "inputs",
    "list_columns",
    "table_text",
    "uncovered_rows",
    "write_report",
]


def write_report(
    G: nx.MultiDiGraph | Tables,
    out: str | os.PathLike[str],
    *,
    lang: str = "zh",
    street: str | None = None,
    progress: Callable[[str], None] | None = None,
    params: ReportParams | None = None,
    page: Page | None = None,
    **rules: Any,
) -> dict[str, Path]:
    """Run the analyses on ``G`` and write the report folder; returns the files by role
    (``html``, ``workbook``, ``summary_csv`` and ``chart_*`` for every PNG).

    ``G`` is a graph or the store's tables of what the report reads
    (``store.tables(**inputs())``: the same report, without building the graph).

    ``street`` chooses the street whose network is drawn (``district/street`` or a unique
    street name; by default the one that shows the most). ``params`` are the analyses'
    thresholds (:class:`ReportParams`; its fields may be given as keywords instead:
    ``min_members=4``); with ``count_latent`` or ``within`` set, ``G`` is read with
    ``inputs(params)``. ``page``: the time the page and the workbook state they were
    generated at (default: now, to the second) and more sections of the page, ``(title,
    html)`` each (:class:`~pbgraph.report.html.Page`).
    """
    lang_index(lang)  # a wrong language fails before anything is run or written
    p = (params or ReportParams()).replace(**rules)
    p.check()  # wrong rules fail before anything is run or written
    say = progress or (lambda _msg: None)
    page = page or Page()
    when = page.generated or dt.datetime.now().replace(microsecond=0)
    outdir = make_dir(out)
    data = build(G, lang=lang, params=p, say=say)

    say("charts")
    from . import charts  # matplotlib: only when a report is drawn

    drawn = charts.draw(G, data.results, lang=lang, street=street)  # a wrong street fails here
    say("views")
    sections = [*page.sections, *_views(G, data, street), *lines_sections(data),  # issue 20 (A)
                *services_sections(data), *welfare_sections(data)]  # issue 20 (B, C)  # fmt: skip
    tables = beside(lambda: _write_tables(data, outdir, when))  # while the charts are rendered
    try:
        files = charts.save_all(drawn, outdir)
    except BaseException:
        with contextlib.suppress(BaseException):
            tables()  # done (its files complete or removed) before this error is told
        raise
    say("workbook")
    files.update(tables())

    say("html")
    text = render(data, files, generated=when, sections=sections)
    files["html"] = outdir / "index.html"
    with atomic_open(files["html"], encoding="utf-8") as f:
        f.write(text)
    return files


def _views(G: nx.MultiDiGraph | Tables, data: ReportData, street: str | None) -> list[tuple[str, str]]:  # fmt: skip
    """The interactive views as the page's sections: the map of every organization and the
    network of the street the chart draws (:mod:`pbgraph.views`), from the report's results."""
    from .. import views

    a = data.results
    shown = [
        views.map_view(G, result=a.by_street, lang=data.lang),
        views.network_view(G, street, result=a.by_street, proposals=a.grouping, lang=data.lang),
    ]
    return [(v.title, v.html) for v in shown]


def _write_tables(data: ReportData, outdir: Path, generated: dt.datetime) -> dict[str, Path]:
    """The CSV summary and the workbook (its 说明 sheet first)."""
    about = about_sheet(data.data_date, data.data_source, generated, data.params, data.lang)
    return {
        "summary_csv": write_summary_csv(
            data.coverage_by_district, outdir / "coverage_by_district.csv"
        ),
        "workbook": write_workbook(data.sheets, outdir / "pbgraph_report.xlsx", [about]),
    }


def table_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table (CJK characters count as two columns)."""

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[str(h) for h in headers], *[[str(c) for c in r] for r in rows]]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for j, r in enumerate(cells):
        lines.append(
            "  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        )
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)
