"""The report's HTML page, from :class:`~pbgraph.report.build.ReportData` and the files
written beside it: one self-contained page (charts embedded as data URIs, nothing fetched).

The page is a :class:`string.Template` (:data:`PAGE`); its sections are small functions that
return their lines, its words are in :mod:`pbgraph.labels.report` (``SECTIONS``, ``WORDS``)
and :mod:`pbgraph.report.about` (the data date, parameters and definitions). Every text
taken from the data is escaped (:func:`table`, :func:`html.escape`). More sections (the
interactive views) are handed to :func:`render` as ``sections``. It prints on A4
(:data:`STYLE`); :data:`CSP` forbids any request.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from ..labels import lang_index, pick
from ..labels.report import HTML_LANG, SECTIONS, WORDS
from .about import ABOUT_WORDS, about_rows, data_date_note, definitions
from .build import ReportData

__all__ = ["PAGE", "WORDS", "Page", "render", "table"]

PAGE = Template("""\
<!DOCTYPE html><html lang='$html_lang'><head><meta charset='utf-8'>
<meta name='viewport' content='width=device-width, initial-scale=1'>
<meta http-equiv='Content-Security-Policy' content="$csp">
<title>$title</title>
<style>$style</style></head><body>
<h1>$title</h1>
<p class='note stamp'>$stamp</p>
<p>$intro</p>
<nav>$nav</nav>
$sections
</body></html>""")

#: Nothing leaves the page: no request but the page's own data (``data:`` images and fonts,
#: inline styles and scripts); links to the files beside it are navigation, not fetches.
CSP = ("default-src 'none'; img-src data: blob:; font-src data:; style-src 'unsafe-inline'; "
       "script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; connect-src 'none'; "
       "base-uri 'none'; form-action 'none'")  # fmt: skip

#: Screen and print (A4): names never wrapped a character a line (``nowrap`` cells), a
#: heading kept with what follows it, a chart or a row never cut across pages.
STYLE = (
    "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
    "'WenQuanYi Micro Hei',sans-serif;margin:2em;max-width:72em;line-height:1.5}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;"
    "padding:2px 6px;text-align:right}th{background:#eee;text-align:center}"
    "td:first-child{text-align:left}td.name,th.name{white-space:nowrap;text-align:left}"
    "th{word-break:keep-all}"
    "td.text{text-align:left}"
    "img{max-width:100%;height:auto;display:block;margin:1em 0}nav a{margin-right:1em}"
    ".note{color:#555}h1,h2,h3{break-after:avoid;page-break-after:avoid}"
    "img,tr,.keep{break-inside:avoid;page-break-inside:avoid}thead{display:table-header-group}"
    "@page{size:A4;margin:14mm 12mm}"
    "@media print{body{margin:0;max-width:none;font-size:10pt;line-height:1.35}"
    "nav{display:none}a{color:inherit;text-decoration:none}"
    "table{font-size:8pt;width:100%}table.wide{font-size:7pt}td,th{padding:1px 3px}"
    "img{max-height:240mm;width:auto;margin:.4em auto}h2{break-before:page}"
    "h2.first{break-before:auto}}"
)

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NUMBER = re.compile(r"[-+]?[\d,.]+%?|—|")
FLAGGED_SHOWN = 40  # flagged streets in the page; the rest are in the workbook

#: Headers of columns that hold a name (a district, a street, an area), never wrapped.
NAME_HEADERS = frozenset(("区县", "街道", "所属街道", "区域", "所属区域", "名称", "指标",
                          "district", "street", "area", "name", "measure"))  # fmt: skip


@dataclass(frozen=True)
class Page:
    """What the page states beside the report's data: when it was generated (default: now)
    and more sections, ``(title, html)`` each (see :func:`render`)."""

    generated: dt.datetime | None = None
    sections: Sequence[tuple[str, str]] = ()


def render(data: ReportData, files: dict[str, Path], *, generated: dt.datetime | None = None,
           sections: Sequence[tuple[str, str]] = ()) -> str:  # fmt: skip
    """The page: ``files`` are the report's files by role (``chart_*`` PNGs are embedded,
    the ``workbook`` and the charts linked); ``generated``: when (default: now).

    ``sections``: more sections, ``(title, html)`` each, placed after the report's own and
    before its files and its rules (the title is escaped, the HTML is taken as it is: it
    must fetch nothing, :data:`CSP` forbids it); each gets an anchor and a link in the
    page's navigation.
    """
    i = lang_index(data.lang)
    w = {k: v[i] for k, v in WORDS.items()}
    e = html.escape
    when = generated or dt.datetime.now().replace(microsecond=0)
    extra = [(f"extra-{k}", title, body) for k, (title, body) in enumerate(sections, start=1)]
    parts = [
        *_coverage(data, files, w),
        *_network(data, files, w),
        *_balance(data, files, w),
        *_grouping(data, files, w),
        *_visits(data, files, w),
        *(f"<section id='{a}'><h2>{e(title)}</h2>\n{body}</section>" for a, title, body in extra),
        *_files(data, files, w),
        *_about(data, when),
    ]
    nav = [(a, pick(h, data.lang)) for a, h in SECTIONS.items() if a != "files"]
    nav += [(a, title) for a, title, _ in extra]
    nav += [("files", pick(SECTIONS["files"], data.lang)), ("about", _w("section", i))]
    return PAGE.substitute(
        html_lang=HTML_LANG[i],
        csp=CSP,
        title=e(w["title"]),
        style=STYLE,
        stamp=e(_stamp(data, when)),
        intro=e(_intro(data, w, i)),
        nav="".join(f"<a href='#{a}'>{e(h)}</a>" for a, h in nav),
        sections="\n".join(parts),
    )


def _w(key: str, i: int) -> str:
    return ABOUT_WORDS[key][i]


def _stamp(data: ReportData, when: dt.datetime) -> str:
    """数据截至 (and whence), 生成时间, and where the rules are."""
    i = lang_index(data.lang)
    sep = ("：", ": ")[i]
    date = data.data_date.isoformat() if data.data_date else _w("none", i)
    source = f"（{data_date_note(data.data_source, data.lang)}）" if i == 0 else (
        f" ({data_date_note(data.data_source, data.lang)})")  # fmt: skip
    return (f"{_w('data_date', i)}{sep}{date}{source if data.data_date else ''} · "
            f"{_w('generated', i)}{sep}{when:%Y-%m-%d %H:%M} · pbgraph · {_w('see_end', i)}")  # fmt: skip


def _intro(data: ReportData, w: dict[str, str], i: int) -> str:
    """The city's figures; the coverage rate's denominator as in force."""
    if data.params.denominator == "all":
        return w["intro"].format(**data.totals)
    return _w("intro_eligible", i).format(**data.totals)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
          text: Sequence[int] = ()) -> str:  # fmt: skip
    """An HTML table, every cell escaped; the first column and those of a name
    (:data:`NAME_HEADERS`) never wrapped, the columns ``text`` left-aligned."""
    names = {0} | {j for j, h in enumerate(headers) if str(h) in NAME_HEADERS}
    names |= {j for r in rows[:5] for j, v in enumerate(r) if isinstance(v, str) and _DAY.match(v)}
    left = {*text, *(j for r in rows[:1] for j, v in enumerate(r) if isinstance(v, str)
                     and not _NUMBER.fullmatch(v))}  # fmt: skip
    cls = [" class='name'" if j in names else " class='text'" if j in left else ""
           for j in range(len(headers))]  # fmt: skip
    head = "".join(f"<th{c}>{html.escape(str(h))}</th>" for c, h in zip(cls, headers, strict=True))
    body = "".join(
        "<tr>"
        + "".join(f"<td{c}>{html.escape(str(v))}</td>" for c, v in zip(cls, r, strict=True))
        + "</tr>"
        for r in rows
    )
    wide = " class='wide'" if len(headers) > 10 else ""
    return f"<table{wide}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _h2(anchor: str, lang: str) -> str:
    first = " class='first'" if anchor == "coverage" else ""
    return f"<h2 id='{anchor}'{first}>{html.escape(pick(SECTIONS[anchor], lang))}</h2>"


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
        reason = len(flagged.headers) - 1
        lines.append(table(flagged.headers, flagged.values()[:FLAGGED_SHOWN], text=(reason,)))
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


def _about(data: ReportData, when: dt.datetime) -> list[str]:
    """The last section: the data date, the generation time, every parameter, the
    definitions (as the workbook's 说明 sheet)."""
    i = lang_index(data.lang)
    e = html.escape
    rows = about_rows(data.data_date, data.data_source, when, data.params, data.lang)
    facts = [[r[0], r[1].isoformat(" ", "minutes") if isinstance(r[1], dt.datetime)
              else r[1].isoformat() if isinstance(r[1], dt.date) else r[1], r[2]]
             for r in rows[:2]]  # fmt: skip
    params = [list(p) for p in data.params.described(data.lang)]
    heads = [_w("item", i), _w("value", i), _w("note", i)]
    return [
        f"<h2 id='about'>{e(_w('section', i))}</h2>",
        table(heads, facts, text=(1, 2)),
        f"<h3>{e(_w('params', i))}</h3>",
        table([_w("item", i), _w("value", i), _w("option", i)], params, text=(1, 2)),
        f"<h3>{e(_w('definitions', i))}</h3>",
        table([_w("item", i), _w("note", i)], definitions(data.params, data.lang), text=(1,)),
    ]
