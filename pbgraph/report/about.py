"""What the report states about itself: the data date (数据截至), when it was generated,
every parameter in force and the definitions of its rates (口径说明) — on the page and in
the workbook's first sheet (说明). Report-only words live here, in both languages.

The data date is the latest date the ledgers carry: the last visit report (走访报备), party
organization founded (成立日期) or demonstration site designated (命名日期), whichever is
latest; the report says which. Stores keep no other date of the ledgers (a coverage
snapshot's date, ``load --as-of``, is a result, not read by the report).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import networkx as nx
import numpy as np

from ..analyses.places import days
from ..graphmodel.tables import Tables, tables_of
from ..labels import Text, lang_index
from ..outputs import XlsxSheet
from .params import ReportParams

__all__ = ["ABOUT_WORDS", "DEFINITIONS", "about_sheet", "data_date", "definitions"]

#: The columns that carry the ledgers' dates, by the word that names them.
DATE_COLUMNS = {"visits": ("VisitReport", "date"), "founded": ("PartyOrg", "founded"),
                "designated": ("DemoSite", "designated")}  # fmt: skip


def data_date(G: nx.MultiDiGraph | Tables) -> tuple[dt.date | None, str]:
    """The latest date the ledgers carry and where it comes from (``visits``, ``founded``
    or ``designated``; ``(None, "")`` when they carry none)."""
    t = G if isinstance(G, Tables) else tables_of(G)
    best: tuple[dt.date | None, str] = (None, "")
    for source, (label, prop) in DATE_COLUMNS.items():
        try:
            d = days(t.column(label, prop, "any"))
        except KeyError:  # tables read without that column
            continue
        d = d[~np.isnat(d)]
        if len(d):
            latest = d.max().astype(object)
            if best[0] is None or latest > best[0]:
                best = (latest, source)
    return best


#: The sheet's and the page's own words.
ABOUT_WORDS: dict[str, Text] = {
    "sheet": ("说明", "about"),
    "item": ("项目", "item"),
    "value": ("内容", "value"),
    "note": ("说明", "note"),
    "section": ("数据、参数与口径说明", "Data, parameters and definitions"),
    "data_date": ("数据截至", "Data as of"),
    "generated": ("生成时间", "Generated"),
    "params": ("参数", "Parameters"),
    "definitions": ("口径说明", "Definitions"),
    "option": ("命令行选项", "option"),
    "none": ("台账中没有日期", "the ledgers carry no date"),
    "visits": ("台账中最晚的走访报备日期", "the latest visit report in the ledgers"),
    "founded": ("台账中最晚的党组织成立日期", "the latest party organization founded in the ledgers"),
    "designated": ("台账中最晚的示范点命名日期", "the latest demonstration site designated in the ledgers"),
    "generated_note": ("本报告由 pbgraph 生成的时间", "when pbgraph wrote this report"),
    "sheets": ("各表", "Sheets"),
    "see_end": ("参数与口径说明见文末", "parameters and definitions at the end"),
    "intro_eligible": (
        "两新组织 {total} 家，组织覆盖 {org_covered} 家；组织覆盖率 {rate:.1%}（分母为正式党员达 N 名的 "
        "{denominator} 家单位），单独组建率 {own_rate:.1%}；工作覆盖 {work_covered} 家；应建未建 "
        "{must_build} 家，联合组建对象 {joint_candidates} 家，无党员 {no_members} 家。",
        "{total} organizations, {org_covered} with organizational coverage; coverage rate "
        "{rate:.1%} (of the {denominator} with >= N formal members), own-branch rate "
        "{own_rate:.1%}; {work_covered} with work coverage; {must_build} must build their "
        "own, {joint_candidates} joint-formation candidates, {no_members} without members.",
    ),
}  # fmt: skip

_DENOMINATOR: dict[str, Text] = {
    "all": ("全部两新组织", "all organizations"),
    "eligible": ("正式党员达 N 名的单位（--denominator eligible）",
                 "organizations with >= N formal members (--denominator eligible)"),
}  # fmt: skip

#: The definitions (口径): what each rate and figure counts, numerator ÷ denominator; the
#: domain rules behind them are docs/design.md#domain-rules.
DEFINITIONS: list[tuple[Text, Text]] = [
    (("组织覆盖率", "coverage rate"),
     ("组织覆盖的单位（单独组建＋联合组建＋挂靠组建）÷ {denominator}；合计行为全市。",
      "organizations covered by a party organization (own + joint + attached) ÷ "
      "{denominator}; the total row is the city's.")),
    (("单独组建率", "own-branch rate"),
     ("建有本单位党组织的单位 ÷ 全部两新组织。", "organizations with their own party organization ÷ all organizations.")),
    (("工作覆盖", "work coverage"),
     ("没有党组织、由党建指导员指导的单位；不计入组织覆盖率。",
      "no party organization, guided by an instructor; not counted in the coverage rate.")),
    (("未覆盖", "uncovered"),
     ("既无组织覆盖也无工作覆盖：应建未建（正式党员 ≥ N）、联合组建对象（正式党员 1 至 N−1 名）、无党员单位。",
      "neither covered nor guided: must build (>= N formal members), joint-formation "
      "candidates (1 to N-1), no members.")),
    (("N", "N"),
     ("单位应单独组建党组织的正式党员人数（党章：3 名），见参数 --min-members；只计正式党员。",
      "formal members from which a unit must build its own party organization (the Party "
      "Constitution: 3), parameter --min-members; only formal members count.")),
    (("重点单位", "key organization"),
     ("台账标为重点，或从业人员 ≥ 100 人，或营业收入 ≥ 2000 万元。",
      "marked key in the ledger, or >= 100 staff, or >= 20 million yuan revenue.")),
    (("走访比例", "share visited"),
     ("已走访的未覆盖单位 ÷ 本街道未覆盖单位；报备未列单位名单的街道以 min(走访家次, 未覆盖单位) 估计（上限）。",
      "uncovered organizations visited ÷ the street's uncovered organizations; where reports "
      "name no organizations, min(visits, uncovered) (an upper bound).")),
    (("指导员、包挂负荷", "instructor and pairing load"),
     ("一名指导员（成员单位）安排指导（包挂）的单位数；负荷基尼系数为 0 时完全均衡。",
      "organizations one instructor (member unit) serves; a load Gini of 0 is perfectly even.")),
    (("经费测算", "funds"),
     ("新建党组织数 × 启动经费 ＋ 示范点数 × 示范点经费，单位：元；占预算 ＝ 合计 ÷ 年度预算。",
      "new party organizations × start-up fund + demonstration sites × site fund, in "
      "yuan; share of budget = total ÷ the year's budget.")),
    (("数值格式", "number formats"),
     ("比率以百分数显示（保留一位小数），金额为整元，日期为 Excel 日期；各表首行可筛选。",
      "rates as percentages (one decimal), money in whole yuan, dates as Excel dates; every "
      "sheet's header row filters.")),
]  # fmt: skip


def definitions(params: ReportParams, lang: str) -> list[tuple[str, str]]:
    """``(term, definition)`` in ``lang``, the coverage rate's denominator as in force."""
    i = lang_index(lang)
    denominator = _DENOMINATOR[params.denominator][i]
    return [(term[i], text[i].format(denominator=denominator)) for term, text in DEFINITIONS]


def data_date_note(source: str, lang: str) -> str:
    return ABOUT_WORDS[source or "none"][lang_index(lang)]


def about_rows(
    date: dt.date | None, source: str, generated: dt.datetime, params: ReportParams, lang: str
) -> list[list[Any]]:
    """The 说明 sheet's rows: data date and generation time, every parameter (value and
    option), every definition."""
    i = lang_index(lang)
    w = {k: v[i] for k, v in ABOUT_WORDS.items()}
    rows: list[list[Any]] = [
        [w["data_date"], date if date else w["none"], data_date_note(source, lang)],
        [w["generated"], generated, w["generated_note"]],
    ]
    rows += [[f"{w['params']}：{name}" if i == 0 else f"{w['params']}: {name}", value, option]
             for name, value, option in params.described(lang)]  # fmt: skip
    rows += [[f"{w['definitions']}：{term}" if i == 0 else f"{w['definitions']}: {term}", text, ""]
             for term, text in definitions(params, lang)]  # fmt: skip
    return rows


def about_sheet(
    date: dt.date | None, source: str, generated: dt.datetime, params: ReportParams, lang: str
) -> XlsxSheet:
    """The workbook's 说明 sheet (first): what :func:`about_rows` says, dates as dates."""
    i = lang_index(lang)
    w = {k: v[i] for k, v in ABOUT_WORDS.items()}
    return XlsxSheet(w["sheet"], [w["item"], w["value"], w["note"]],
                     about_rows(date, source, generated, params, lang), widths=[34, 60, 40],
                     kinds=["text", "date", "text"])  # fmt: skip
