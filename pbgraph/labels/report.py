"""The words of the report (:mod:`pbgraph.report`): the names of the workbook's sheets, the
headers of the flags' sheet, and the HTML page's sections and sentences.

The tables' own headers are those the commands print (``result.columns(lang, …)``, from the
subjects' label modules); sentences hold ``str.format`` fields.

>>> from pbgraph.labels import pick
>>> pick(SECTIONS["visits"], "en")
'Progress and funds'
"""

from __future__ import annotations

from . import Text

__all__ = [
    "BALANCE_SHEETS",
    "BALANCE_WHO",
    "FLAG_COLUMNS",
    "GROUPING_SHEETS",
    "HTML_LANG",
    "SECTIONS",
    "SHEETS",
    "WORDS",
]

# -- the workbook ----------------------------------------------------------------------------

#: the names of the sheets of coverage, progress and funds, and of the joint-formation summary
SHEETS: dict[str, Text] = {
    "coverage_by_district": ("区县覆盖情况", "coverage by district"),
    "coverage_by_street": ("街道覆盖情况", "coverage by street"),
    "uncovered": ("未覆盖单位", "uncovered"),
    "flags": ("重点标记", "flags"),
    "grouping": ("联合组建建议", "joint formation"),
    "progress": ("工作进度", "progress"),
    "flagged": ("需关注街道", "flagged"),
    "funds": ("经费测算", "funds"),
}

#: the headers of the flags' sheet (the ``reason`` and ``latent_members`` headers are those
#: of :data:`pbgraph.labels.coverage.LIST_WORDS`)
FLAG_COLUMNS: dict[str, Text] = {
    "flag": ("标记", "flag"),
    "key": ("统一社会信用代码/党组织编号", "credit code / party org"),
    "name": ("名称", "name"),
    "group": ("所属区域", "area"),
}

#: the sheets of a balancing plan: the plan's name (by its kind) then the part shown
BALANCE_WHO: dict[str, Text] = {
    "instructors": ("指导员", "instructor "),
    "pairings": ("包挂", "pairing "),
}
BALANCE_SHEETS: dict[str, Text] = {
    "plan": ("安排", "plan"),
    "changes": ("调整", "changes"),
    "streets": ("街道缺口", "shortfall"),
    "stats": ("负荷统计", "stats"),
}

#: the sheets of the joint-formation lists (``pbgraph group --list``)
GROUPING_SHEETS: dict[str, Text] = {
    "groups": ("建议联合支部", "groups"),
    "members": ("编入单位", "members"),
    "uncovered": ("未能编入", "left out"),
    "splits": ("拆分建议", "splits"),
}

# -- the HTML page ---------------------------------------------------------------------------

#: the page's ``<html lang>``
HTML_LANG: Text = ("zh-CN", "en")

#: The sections of the page: anchor and heading.
SECTIONS: dict[str, Text] = {
    "coverage": ("覆盖情况", "Coverage"),
    "map": ("分布与网络", "Map and network"),
    "balance": ("指导员与包挂", "Instructors and pairings"),
    "grouping": ("联合组建建议", "Joint-formation proposals"),
    "visits": ("走访进度与经费", "Progress and funds"),
    "files": ("数据文件", "Files"),
}

#: Every other word of the page; ``{…}`` fields are filled with ``str.format``.
WORDS: dict[str, Text] = {
    "title": ("区域化党建网络分析报告", "Regional party-building network report"),
    "generated": ("生成日期", "Generated"),
    "intro": (
        "两新组织 {total} 家，组织覆盖 {org_covered} 家（{rate:.1%}，分母为全部单位），"
        "单独组建率 {own_rate:.1%}；工作覆盖 {work_covered} 家；应建未建 {must_build} 家，"
        "联合组建对象 {joint_candidates} 家，无党员 {no_members} 家。",
        "{total} organizations, {org_covered} with organizational coverage "
        "({rate:.1%} of all), own-branch rate {own_rate:.1%}; {work_covered} "
        "with work coverage; {must_build} must build their own, {joint_candidates} "
        "joint-formation candidates, {no_members} without members.",
    ),
    "by_district": ("各区县覆盖情况", "Coverage by district"),
    "by_street": ("各街道覆盖情况（覆盖率最低者在前）", "Coverage by street (lowest first)"),
    "network": (
        "一个街道的区域化党建网络：两新组织按坐标排布（红色为未覆盖），三角为党组织，方块为楼宇园区市场，"
        "星形为党建指导员（姓名脱敏），菱形为联席会议成员单位（包挂）。",
        "One street's network: organizations by their coordinates (red: uncovered), "
        "party organizations (triangles), buildings/parks/markets (squares), instructors "
        "(stars, masked names) and member units paired with organizations (diamonds).",
    ),
    "instructor": ("党建指导员负荷（调整前后）", "Instructor load, before and after"),
    "pairing": ("成员单位包挂负荷（调整前后）", "Member-unit pairing load, before and after"),
    "in_workbook": (
        "安排明细、调整原因和各街道缺口见工作簿。",
        "The assignments, changes with reasons and the shortfall per street are in the workbook.",
    ),
    "grouping": (
        "联合组建对象 {candidates} 家，建议组建联合党支部 {groups} 个、覆盖 "
        "{covered} 家（上限 {upper_bound} 家），{uncovered} 家未能编入；"
        "超限或需拆分的联合党支部 {splits} 个。每家单位的编入理由见工作簿。",
        "{candidates} joint-formation candidates: {groups} proposed joint "
        "branches cover {covered} (upper bound {upper_bound}), "
        "{uncovered} left out; {splits} joint branches to split. "
        "The reason for every unit is in the workbook.",
    ),
    "visits": ("各区县走访进度", "Visits per district"),
    "flagged": ("需关注的街道", "Streets to look at"),
    "more": ("另有 {more} 条见工作簿。", "{more} more in the workbook."),
    "funds": ("经费", "Funds"),
    "workbook": ("完整名单与明细见工作簿", "Full lists in the workbook"),
    "sheets": ("（各表）：", " (sheets): "),
    "list_sep": ("、", ", "),
    "charts": ("图表文件：", "Chart files: "),
}
