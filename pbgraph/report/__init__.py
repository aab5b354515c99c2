"""The report folder: one self-contained HTML page (charts embedded, nothing fetched), the PNG
charts it shows, a CSV summary and an XLSX workbook with a sheet per table.

Every table here is the table a command prints: the same ``result.columns(lang, …)`` give the
headers of ``pbgraph coverage`` / ``pbgraph balance`` output in every format and of the
workbook's sheets (Chinese headers as in the ledgers, ``--lang en`` for English), and the
same rows, so personal data is masked the same way (instructors by masked name, members by
pseudonym only).

>>> headers, rows = ["单位", "数"], [["甲", 1]]
>>> print(table_text(headers, rows))
单位  数
----  --
甲    1
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import html
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..analyses.balance import BalanceResult, balance_instructors, balance_pairings
from ..analyses.coverage import CATEGORIES, FLAGS, CoverageResult, coverage
from ..analyses.funds import FundsResult, funds
from ..analyses.grouping import GroupingResult, group
from ..analyses.progress import ProgressResult
from ..analyses.progress import progress as visit_progress
from ..outputs import atomic_open, make_dir, save_workbook, write_csv, xlsx_cell, xlsx_row
from ..plots import balance as balance_plots
from ..plots import coverage as plots
from ..plots import grouping as grouping_plots
from ..plots import progress as progress_plots
from ..plots import style

__all__ = [
    "Sheet",
    "flag_rows",
    "table_text",
    "uncovered_rows",
    "write_report",
]

UNCOVERED_COLUMNS_ZH = ("统一社会信用代码", "单位名称", "所属区县", "所属街道", "覆盖类别", "原因")
UNCOVERED_COLUMNS_EN = ("credit code", "name", "district", "street", "category", "reason")
_PCT = ("rate", "own_rate")


@dataclass
class Sheet:
    """A table of the report: its sheet name, ``(key, header)`` columns and rows (dicts)."""

    name: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]
    percent: tuple[str, ...] = field(default=())

    @property
    def headers(self) -> list[str]:
        return [h for _, h in self.columns]

    def values(self, *, text: bool = False) -> list[list[Any]]:
        """Rows as lists; ``text``: rates as ``57.5%`` (for HTML and text tables)."""
        pct = set(self.percent) if text else set()
        return [
            [f"{r[k]:.1%}" if k in pct and isinstance(r.get(k), float) else r.get(k, "")
             for k, _ in self.columns]
            for r in self.rows
        ]  # fmt: skip


def uncovered_rows(result: CoverageResult, *, lang: str = "zh") -> list[list[Any]]:
    """One row per uncovered organization (must build first), with its reason.

    ``result`` must be grouped by street (``coverage(G, by="street")``).
    """
    i = 0 if lang == "zh" else 1
    rows = []
    for cat in ("must_build", "joint_candidate", "no_members"):
        for x in result.listing(cat, lang=lang):
            district, _, street = x["group"].partition("/")
            rows.append(
                [x["credit_code"], x["name"], district, street, CATEGORIES[cat][i], x["reason"]]
            )
    return rows


def flag_rows(result: CoverageResult, *, lang: str = "zh") -> Sheet:
    """The organizations and party organizations coverage flags (key without pairing,
    latent members, grown out of a joint branch, weak without instructor, joint branch over
    the limits), each with its reason; members appear by pseudonym only."""
    i = 0 if lang == "zh" else 1
    rows = []
    for flag, words in FLAGS.items():
        for x in result.listing(flag, lang=lang):
            rows.append({
                "flag": words[i], "key": x.get("credit_code") or x.get("party_org", ""),
                "name": x["name"], "group": x.get("group", ""), "reason": x["reason"],
                "latent_members": "；".join(x.get("latent_members", [])),
            })  # fmt: skip
    cols = [("flag", ("标记", "flag")), ("key", ("统一社会信用代码/党组织编号", "credit code / party org")),
            ("name", ("名称", "name")), ("group", ("所属区域", "area")), ("reason", ("原因", "reason")),
            ("latent_members", ("组织关系在外的党员(假名)", "members held elsewhere (pseudonyms)"))]  # fmt: skip
    return Sheet(("重点标记", "flags")[i], [(k, w[i]) for k, w in cols], rows)


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


def _coverage_sheet(result: CoverageResult, name: str, lang: str) -> Sheet:
    return Sheet(name, result.columns(lang), result.rows(), _PCT)


def _balance_sheets(result: BalanceResult, lang: str) -> list[Sheet]:
    i = 0 if lang == "zh" else 1
    who = {"instructors": ("指导员", "instructor "), "pairings": ("包挂", "pairing ")}[result.kind][
        i
    ]
    names = {"plan": ("安排", "plan"), "changes": ("调整", "changes"),
             "streets": ("街道缺口", "shortfall"), "stats": ("负荷统计", "stats")}  # fmt: skip
    return [
        Sheet(f"{who}{names[s][i]}", result.columns(lang, s), result.listing(s, lang=lang))
        for s in ("plan", "changes", "streets", "stats")
    ]


def _grouping_sheets(result: GroupingResult, lang: str) -> list[Sheet]:
    """The tables of ``pbgraph group`` (the summary per street, then each ``--list``)."""
    i = 0 if lang == "zh" else 1
    rows = [{**r, "method": result.method_label(r["method"], lang) if r["method"] else ""}
            for r in result.rows()]  # fmt: skip
    out = [Sheet(("联合组建建议", "joint formation")[i], result.columns(lang), rows)]
    names = {"groups": ("建议联合支部", "groups"), "members": ("编入单位", "members"),
             "uncovered": ("未能编入", "left out"), "splits": ("拆分建议", "splits")}  # fmt: skip
    for name, words in names.items():
        out.append(
            Sheet(words[i], result.list_columns(name, lang), result.listing(name, lang=lang))
        )
    return out


def _proposal_map(by_street: CoverageResult, grouping: GroupingResult, lang: str,
                  readable: int = 80) -> Any:  # fmt: skip
    """The proposals on a map: the district with the most proposed joint branches, or at
    city scale (more than ``readable`` branches in every district) the busiest street that
    stays readable."""
    count: dict[str, int] = defaultdict(int)
    for g in grouping.groups:
        count[g.area.split("/")[0]] += 1
        count[g.area] += 1
    ok = [a for a, n in count.items() if n <= readable]
    if ok:  # the most branches; a district before a street
        area = max(ok, key=lambda a: (count[a], "/" not in a, a))
    else:
        area = min(count, key=lambda a: (count[a], a))
    highlight = {c: g.id for g in grouping.groups if g.area == area or g.area.startswith(f"{area}/")
                 for c in g.codes}  # fmt: skip
    return plots.coverage_map(by_street, area=area, highlight=highlight, lang=lang)


def write_report(
    G: nx.MultiDiGraph,
    out: str | os.PathLike[str],
    *,
    lang: str = "zh",
    min_members: int = 3,
    street: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Path]:
    """Run the analyses on ``G`` and write the report folder; returns the files by role
    (``html``, ``workbook``, ``summary_csv`` and ``chart_*`` for every PNG).

    ``street`` chooses the street whose network is drawn (``district/street`` or a unique
    street name; by default the one that shows the most).
    """
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    say = progress or (lambda _msg: None)
    outdir = make_dir(out)
    zh = lang == "zh"
    i = 0 if zh else 1

    say("coverage")
    by_district = coverage(G, by="district", min_members=min_members)
    by_street = coverage(G, by="street", min_members=min_members)
    say("balancing instructors and pairings")
    inst = balance_instructors(G, min_members=min_members)
    pair = balance_pairings(G, min_members=min_members)
    say("joint-formation proposals")
    grouping = group(G, min_members=min_members)
    say("progress and funds")
    prog = visit_progress(G, by="street", min_members=min_members, coverage_result=by_street)
    money = funds(G)
    visits = _progress_sheets(prog, money, lang)

    say("charts")
    style.for_files()
    charts: dict[str, tuple[Any, Any]] = {
        "district": plots.coverage_by_area(by_district, lang=lang),
        "street": plots.coverage_by_area(by_street, lang=lang),
        "categories": plots.uncovered_categories(by_district, lang=lang),
    }
    if by_street.keys:
        charts["map"] = plots.coverage_map(by_street, lang=lang)
        charts["network"] = plots.street_network(G, street, result=by_street, lang=lang)
    if inst.suppliers:
        charts["instructor_load"] = balance_plots.load_histogram(inst, lang=lang)
    if any(r["unmet"] for r in inst.streets()):
        charts["instructor_unmet"] = balance_plots.unmet_by_street(inst, lang=lang)
    if pair.suppliers:
        charts["pairing_load"] = balance_plots.load_histogram(pair, lang=lang)
    if grouping.areas:
        charts["proposals"] = grouping_plots.proposals_by_street(grouping, lang=lang)
    if grouping.groups:
        charts["proposal_map"] = _proposal_map(by_street, grouping, lang)
        charts["proposal_network"] = grouping_plots.street_network(G, grouping, lang=lang)
    if prog.daily()["visits"].sum():
        charts["visits"] = progress_plots.visits_by_district(prog, lang=lang)
        charts["coverage_over_time"] = progress_plots.coverage_over_time(prog, lang=lang)
    if money.rows():
        charts["funds"] = progress_plots.funds_by_district(money, lang=lang)
    files: dict[str, Path] = {}
    try:
        for name, (fig, _ax) in charts.items():
            files[f"chart_{name}"] = style.save(fig, outdir / f"{name}.png")
    finally:  # a chart that could not be saved (disk full) leaves no figure open
        style.close(*(fig for fig, _ax in charts.values()))

    say("workbook")
    cov_d = _coverage_sheet(by_district, ("区县覆盖情况", "coverage by district")[i], lang)
    cov_s = _coverage_sheet(by_street, ("街道覆盖情况", "coverage by street")[i], lang)
    unc_h = UNCOVERED_COLUMNS_ZH if zh else UNCOVERED_COLUMNS_EN
    unc = Sheet(
        ("未覆盖单位", "uncovered")[i],
        [(h, h) for h in unc_h],
        [dict(zip(unc_h, r, strict=True)) for r in uncovered_rows(by_street, lang=lang)],
    )
    sheets = [cov_d, cov_s, unc, flag_rows(by_street, lang=lang),
              *_balance_sheets(inst, lang), *_balance_sheets(pair, lang),
              *_grouping_sheets(grouping, lang), *visits]  # fmt: skip

    files["summary_csv"] = write_csv(
        outdir / "coverage_by_district.csv", cov_d.headers, cov_d.values()
    )
    files["workbook"] = _write_workbook(sheets, outdir / "pbgraph_report.xlsx")

    say("html")
    page = _html(lang, by_district, inst, pair, grouping, files, sheets, cov_d, cov_s, prog, money)
    files["html"] = outdir / "index.html"
    with atomic_open(files["html"], encoding="utf-8") as f:
        f.write(page)
    return files


def progress_by_district(prog: ProgressResult) -> ProgressResult:
    """The same progress summed per district (the street rows are already computed)."""
    return dataclasses.replace(prog, by="district")


def _progress_sheets(prog: ProgressResult, money: FundsResult, lang: str) -> list[Sheet]:
    """Progress per street, the flagged streets with reasons, funds per district: the
    sheets ``pbgraph progress`` / ``progress --flagged`` / ``funds`` write."""
    i = 0 if lang == "zh" else 1
    return [
        Sheet(("工作进度", "progress")[i], prog.columns(lang), prog.table(lang=lang, pct=False),
              percent=("share",)),
        Sheet(("需关注街道", "flagged")[i], prog.flag_columns(lang), prog.flagged(lang=lang)),
        Sheet(("经费测算", "funds")[i], money.columns(lang), money.rows(), percent=("budget_share",)),
    ]  # fmt: skip


def _write_workbook(sheets: list[Sheet], path: Path) -> Path:
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


def _html(lang: str, by_district: CoverageResult, inst: BalanceResult, pair: BalanceResult,
          grouping: GroupingResult, files: dict[str, Path], sheets: list[Sheet], cov_d: Sheet, cov_s: Sheet,
          prog: ProgressResult, money: FundsResult) -> str:  # fmt: skip
    zh = lang == "zh"
    i = 0 if zh else 1
    t = by_district.totals()
    title = ("区域化党建网络分析报告", "Regional party-building network report")[i]
    today = dt.date.today().isoformat()
    intro = (
        f"两新组织 {t['total']} 家，组织覆盖 {t['org_covered']} 家（{t['rate']:.1%}，分母为全部单位），"
        f"单独组建率 {t['own_rate']:.1%}；工作覆盖 {t['work_covered']} 家；应建未建 {t['must_build']} 家，"
        f"联合组建对象 {t['joint_candidates']} 家，无党员 {t['no_members']} 家。"
        if zh
        else f"{t['total']} organizations, {t['org_covered']} with organizational coverage "
        f"({t['rate']:.1%} of all), own-branch rate {t['own_rate']:.1%}; {t['work_covered']} "
        f"with work coverage; {t['must_build']} must build their own, {t['joint_candidates']} "
        f"joint-formation candidates, {t['no_members']} without members."
    )
    parts = [
        f"<!DOCTYPE html><html lang='{'zh-CN' if zh else 'en'}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:72em;line-height:1.5}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:right}th{background:#eee}td:first-child{text-align:left}"
        "img{max-width:100%;display:block;margin:1em 0}nav a{margin-right:1em}"
        ".note{color:#555}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p class='note'>{'生成日期' if zh else 'Generated'} {today} · pbgraph</p>",
        f"<p>{html.escape(intro)}</p>",
    ]
    sections = [("coverage", ("覆盖情况", "Coverage")), ("map", ("分布与网络", "Map and network")),
                ("balance", ("指导员与包挂", "Instructors and pairings")),
                ("grouping", ("联合组建建议", "Joint-formation proposals")),
                ("visits", ("走访进度与经费", "Progress and funds")), ("files", ("数据文件", "Files"))]  # fmt: skip
    parts.append(
        "<nav>" + "".join(f"<a href='#{a}'>{html.escape(w[i])}</a>" for a, w in sections) + "</nav>"
    )

    def img(name: str) -> None:
        p = files.get(f"chart_{name}")
        if p is not None:
            data = base64.b64encode(p.read_bytes()).decode()
            parts.append(f"<img alt='{html.escape(p.name)}' src='data:image/png;base64,{data}'>")

    def h2(anchor: str) -> None:
        words = dict(sections)[anchor]
        parts.append(f"<h2 id='{anchor}'>{html.escape(words[i])}</h2>")

    h2("coverage")
    img("district")
    img("categories")
    parts.append(f"<h3>{'各区县覆盖情况' if zh else 'Coverage by district'}</h3>")
    parts.append(_html_table(cov_d.headers, cov_d.values(text=True)))
    img("street")
    parts.append(
        f"<h3>{'各街道覆盖情况（覆盖率最低者在前）' if zh else 'Coverage by street (lowest first)'}</h3>"
    )
    parts.append(_html_table(cov_s.headers, cov_s.values(text=True)))

    h2("map")
    img("map")
    parts.append(
        "<p class='note'>"
        + html.escape(
            "一个街道的区域化党建网络：两新组织按坐标排布（红色为未覆盖），三角为党组织，方块为楼宇园区市场，"
            "星形为党建指导员（姓名脱敏），菱形为联席会议成员单位（包挂）。"
            if zh
            else "One street's network: organizations by their coordinates (red: uncovered), "
            "party organizations (triangles), buildings/parks/markets (squares), instructors "
            "(stars, masked names) and member units paired with organizations (diamonds)."
        )
        + "</p>"
    )
    img("network")

    h2("balance")
    for r, chart in ((inst, "instructor"), (pair, "pairing")):
        heading = {"instructor": ("党建指导员负荷（调整前后）", "Instructor load, before and after"),
                   "pairing": ("成员单位包挂负荷（调整前后）", "Member-unit pairing load, before and after")}  # fmt: skip
        parts.append(f"<h3>{html.escape(heading[chart][i])}</h3>")
        img(f"{chart}_load")
        st = r.columns(lang, "stats")
        parts.append(
            _html_table([h for _, h in st], [[x[k] for k, _ in st] for x in r.listing("stats", lang=lang)])
        )  # fmt: skip
        if chart == "instructor":
            img("instructor_unmet")
    parts.append(
        "<p class='note'>"
        + html.escape(
            "安排明细、调整原因和各街道缺口见工作簿。"
            if zh
            else "The assignments, changes with reasons and the shortfall per street are in the workbook."
        )  # fmt: skip
        + "</p>"
    )

    h2("grouping")
    gt = grouping.totals()
    parts.append(
        "<p>"
        + html.escape(
            f"联合组建对象 {gt['candidates']} 家，建议组建联合党支部 {gt['groups']} 个、覆盖 "
            f"{gt['covered']} 家（上限 {gt['upper_bound']} 家），{gt['uncovered']} 家未能编入；"
            f"超限或需拆分的联合党支部 {len(grouping.splits)} 个。每家单位的编入理由见工作簿。"
            if zh
            else f"{gt['candidates']} joint-formation candidates: {gt['groups']} proposed joint "
            f"branches cover {gt['covered']} (upper bound {gt['upper_bound']}), "
            f"{gt['uncovered']} left out; {len(grouping.splits)} joint branches to split. "
            "The reason for every unit is in the workbook."
        )
        + "</p>"
    )
    img("proposals")
    img("proposal_map")
    img("proposal_network")

    h2("visits")
    img("visits")
    img("coverage_over_time")
    by_d = progress_by_district(prog)
    cols = by_d.columns(lang)
    parts.append(f"<h3>{'各区县走访进度' if zh else 'Visits per district'}</h3>")
    parts.append(
        _html_table(
            [h for _, h in cols], [[r.get(k, "") for k, _ in cols] for r in by_d.table(lang=lang)]
        )
    )
    flagged = prog.flagged(lang=lang)
    if flagged:
        parts.append(f"<h3>{'需关注的街道' if zh else 'Streets to look at'}</h3>")
        fc = prog.flag_columns(lang)
        parts.append(_html_table([h for _, h in fc], [[x[k] for k, _ in fc] for x in flagged[:40]]))
        if len(flagged) > 40:
            more = len(flagged) - 40
            parts.append(
                f"<p class='note'>{f'另有 {more} 条见工作簿。' if zh else f'{more} more in the workbook.'}</p>"
            )
    parts.append(f"<h3>{'经费' if zh else 'Funds'}</h3>")
    parts.append(f"<p>{html.escape(money.reason(lang=lang))}</p>")
    img("funds")

    h2("files")
    wb = files["workbook"].name
    parts.append(
        f"<p>{'完整名单与明细见工作簿' if zh else 'Full lists in the workbook'} "
        f"<a href='{html.escape(wb)}'>{html.escape(wb)}</a>"
        f"{'（各表）：' if zh else ' (sheets): '}"
        f"{html.escape(('、' if zh else ', ').join(s.name for s in sheets))}</p>"
    )
    pngs = sorted(p.name for k, p in files.items() if k.startswith("chart_"))
    parts.append(
        f"<p>{'图表文件：' if zh else 'Chart files: '}"
        + " ".join(f"<a href='{html.escape(n)}'>{html.escape(n)}</a>" for n in pngs)
        + "</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
