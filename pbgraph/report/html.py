"""The report's HTML page, from :class:`~pbgraph.report.build.ReportData` and the files
written beside it: one self-contained page (charts embedded as data URIs, nothing fetched).

The page is a :class:`string.Template` (:data:`PAGE`); its sections are small functions that
return their lines, its words are in :mod:`pbgraph.labels.report` (``SECTIONS``, ``WORDS``).
Every text taken from the data is escaped (:func:`table`, :func:`html.escape`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from collections.abc import Sequence
from pathlib import Path
from string import Template
from typing import Any

from ..labels import lang_index, pick
from ..labels.report import HTML_LANG, SECTIONS, WORDS
from .build import ReportData

__all__ = ["PAGE", "WORDS", "render", "table"]

PAGE = Template("""\
<!DOCTYPE html><html lang='$html_lang'><head><meta charset='utf-8'>
<title>$title</title>
<style>$style</style></head><body>
<h1>$title</h1>
<p class='note'>$generated $today · pbgraph</p>
<p>$intro</p>
<nav>$nav</nav>
$sections
</body></html>""")

STYLE = (
    "body{font-family:sans-serif;margin:2em;max-width:72em;line-height:1.5}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;"
    "padding:2px 6px;text-align:right}th{background:#eee}td:first-child{text-align:left}"
    "img{max-width:100%;display:block;margin:1em 0}nav a{margin-right:1em}"
    ".note{color:#555}"
)

FLAGGED_SHOWN = 40  # flagged streets in the page; the rest are in the workbook


def render(data: ReportData, files: dict[str, Path], *,
           generated: dt.datetime | None = None) -> str:  # fmt: skip
    """The page: ``files`` are the report's files by role (``chart_*`` PNGs are embedded,
    the ``workbook`` and the charts linked); ``generated``: when (default: now)."""
    i = lang_index(data.lang)
    w = {k: v[i] for k, v in WORDS.items()}
    e = html.escape
    sections = [
        *_coverage(data, files, w),
        *_network(data, files, w),
        *_balance(data, files, w),
        *_grouping(data, files, w),
        *_visits(data, files, w),
        *_files(data, files, w),
    ]
    return PAGE.substitute(
        html_lang=HTML_LANG[i],
        title=e(w["title"]),
        style=STYLE,
        generated=w["generated"],
        today=(generated or dt.datetime.now()).date().isoformat(),
        intro=e(w["intro"].format(**data.totals)),
        nav="".join(f"<a href='#{a}'>{e(h[i])}</a>" for a, h in SECTIONS.items()),
        sections="\n".join(sections),
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An HTML table, every cell escaped."""
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _h2(anchor: str, lang: str) -> str:
    return f"<h2 id='{anchor}'>{html.escape(pick(SECTIONS[anchor], lang))}</h2>"


def _img(files: dict[str, Path], name: str) -> list[str]:
    """The chart embedded, when the report drew it."""
    p = files.get(f"chart_{name}")
    if p is None:
        return []
    data = base64.b64encode(p.read_bytes()).decode()
    return [f"<img alt='{html.escape(p.name)}' src='data:image/png;base64,{data}'>"]


def _note(text: str) -> str:
    return f"<p class='note'>{html.escape(text)}</p>"


def _coverage(data: ReportData, files: dict[str, Path], w: dict[str, str]) -> list[str]:
    cov_d, cov_s = data.coverage_by_district, data.coverage_by_street
    return [
        _h2("coverage", data.lang),
        *_img(files, "district"),
        *_img(files, "categories"),
        f"<h3>{w['by_district']}</h3>",
        table(cov_d.headers, cov_d.values(text=True)),
        *_img(files, "street"),
        f"<h3>{w['by_street']}</h3>",
        table(cov_s.headers, cov_s.values(text=True)),
    ]


def _network(data: ReportData, files: dict[str, Path], w: dict[str, str]) -> list[str]:
    return [_h2("map", data.lang), *_img(files, "map"), _note(w["network"]),
            *_img(files, "network")]  # fmt: skip


def _balance(data: ReportData, files: dict[str, Path], w: dict[str, str]) -> list[str]:
    lines = [_h2("balance", data.lang)]
    for chart, stats in data.load_stats.items():
        lines.append(f"<h3>{html.escape(w[chart])}</h3>")
        lines += _img(files, f"{chart}_load")
        lines.append(table(stats.headers, stats.values()))
        if chart == "instructor":
            lines += _img(files, "instructor_unmet")
    lines.append(_note(w["in_workbook"]))
    return lines


def _grouping(data: ReportData, files: dict[str, Path], w: dict[str, str]) -> list[str]:
    text = w["grouping"].format(**data.grouping_totals, splits=data.splits)
    return [
        _h2("grouping", data.lang),
        f"<p>{html.escape(text)}</p>",
        *_img(files, "proposals"),
        *_img(files, "proposal_map"),
        *_img(files, "proposal_network"),
    ]


def _visits(data: ReportData, files: dict[str, Path], w: dict[str, str]) -> list[str]:
    by_d = data.visits_by_district
    lines = [_h2("visits", data.lang), *_img(files, "visits"), *_img(files, "coverage_over_time"),
             f"<h3>{w['visits']}</h3>", table(by_d.headers, by_d.values())]  # fmt: skip
    flagged = data.flagged
    if flagged.rows:
        lines.append(f"<h3>{w['flagged']}</h3>")
        lines.append(table(flagged.headers, flagged.values()[:FLAGGED_SHOWN]))
        if len(flagged.rows) > FLAGGED_SHOWN:
            more = len(flagged.rows) - FLAGGED_SHOWN
            lines.append(f"<p class='note'>{w['more'].format(more=more)}</p>")
    lines.append(f"<h3>{w['funds']}</h3>")
    lines.append(f"<p>{html.escape(data.funds_reason)}</p>")
    lines += _img(files, "funds")
    return lines


def _files(data: ReportData, files: dict[str, Path], w: dict[str, str]) -> list[str]:
    e = html.escape
    wb = files["workbook"].name
    sheets = w["list_sep"].join(s.name for s in data.sheets)
    pngs = sorted(p.name for k, p in files.items() if k.startswith("chart_"))
    return [
        _h2("files", data.lang),
        f"<p>{w['workbook']} <a href='{e(wb)}'>{e(wb)}</a>{w['sheets']}{e(sheets)}</p>",
        f"<p>{w['charts']}" + " ".join(f"<a href='{e(n)}'>{e(n)}</a>" for n in pngs) + "</p>",
    ]
