"""The words of progress (工作进度) and funds (经费): the streets' flags and their reasons, the
headers of their tables, the budget in a planner's words, and the words of their charts.

Keys are the codes and columns :mod:`pbgraph.analyses.progress` and
:mod:`pbgraph.analyses.funds` compute; sentences hold ``str.format`` fields.

>>> from pbgraph.labels import pick
>>> pick(REASONS["stopped"], "en").format(days=9, last="2018-07-22")
'no report for 9 days (the last on 2018-07-22)'
"""

from __future__ import annotations

from . import Text

__all__ = [
    "CHART_WORDS",
    "COLUMNS",
    "EXTRA_COLUMNS",
    "FLAGS",
    "FLAG_COLUMNS",
    "FREQS",
    "FUNDS_COLUMNS",
    "FUNDS_REASONS",
    "REASONS",
]

#: the flags of a street
FLAGS: dict[str, Text] = {
    "never": ("从未报备", "never reported"),
    "stopped": ("停止报备", "stopped reporting"),
    "behind": ("进度落后", "behind the city's pace"),
}

#: the reason of a flag, in a planner's words
REASONS: dict[str, Text] = {
    "never": (
        "辖区有{need}家未覆盖单位，从未报备走访情况",
        "{need} uncovered organizations and not a single visit report",
    ),
    "stopped": (
        "已{days}天未报备（最后一次{last}）",
        "no report for {days} days (the last on {last})",
    ),
    "behind": (
        "走访进度落后：累计走访{visits}家次，为未覆盖单位数的{rate:.0%}，全市为{city:.0%}",
        "behind the city's pace: {visits} visits, {rate:.0%} of its uncovered organizations "
        "against {city:.0%} city-wide",
    ),
}

#: the headers of the progress table's columns after the group (``pbgraph progress``)
COLUMNS: dict[str, Text] = {
    "need": ("未覆盖单位", "uncovered"),
    "visits": ("累计走访(家次)", "visits"),
    "named": ("已走访未覆盖单位", "uncovered visited"),
    "share": ("走访比例", "share visited"),
    "willing": ("有意愿组建", "willing"),
    "developed": ("发展党员", "members developed"),
    "founded": ("新建党组织", "new party orgs"),
    "last_report": ("最后报备", "last report"),
    "days_since": ("未报备天数", "days since"),
    "willing_trend": ("意愿趋势", "willing trend"),
    "founded_trend": ("新建趋势", "founding trend"),
}

#: the headers of the columns only the districts' table (``streets``, ``flagged``) or the
#: streets' table (``reason``) has
EXTRA_COLUMNS: dict[str, Text] = {
    "streets": ("街道数", "streets"),
    "flagged": ("需关注街道", "flagged streets"),
    "reason": ("提示", "flags"),
}

#: the headers of the flagged streets' columns (``pbgraph progress --flagged``)
FLAG_COLUMNS: dict[str, Text] = {
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "label": ("问题", "flag"),
    "reason": ("原因", "reason"),
}

# -- funds -----------------------------------------------------------------------------------

#: the headers of the funds table's columns (``pbgraph funds``)
FUNDS_COLUMNS: dict[str, Text] = {
    "group": ("区县", "district"),
    "new_orgs": ("新建党组织(个)", "new party orgs"),
    "new_org_funds": ("启动经费(元)", "start-up funds (yuan)"),
    "demo_sites": ("示范点(个)", "demonstration sites"),
    "demo_site_funds": ("示范点经费(元)", "site funds (yuan)"),
    "total": ("合计(元)", "total (yuan)"),
    "budget_share": ("占预算", "share of budget"),
}

#: the budget in a planner's words, over it or within it (``{over}``: yuan over the budget;
#: ``{more_orgs}``, ``{more_sites}``: what the rest would fund)
FUNDS_REASONS: dict[str, Text] = {
    "over": (
        "按现有台账需{total:,}元，超出预算{over:,}元",
        "the ledgers imply {total:,} yuan, {over:,} over the budget",
    ),
    "within": (
        "按现有台账需{total:,}元，占预算{budget_share:.1%}，结余{remaining:,}元"
        "（还可资助{more_orgs}个新建党组织或{more_sites}个示范点）",
        "the ledgers imply {total:,} yuan, {budget_share:.1%} of the budget; "
        "{remaining:,} left ({more_orgs} more new organizations or {more_sites} more "
        "demonstration sites)",
    ),
}

# -- charts ----------------------------------------------------------------------------------

#: the period a chart sums visits over
FREQS: dict[str, Text] = {"day": ("日", "day"), "week": ("周", "week"), "month": ("月", "month")}

#: titles, axes and legends of the charts of progress and funds (:mod:`pbgraph.plots.progress`)
CHART_WORDS: dict[str, Text] = {
    "no_reports": ("暂无走访报备", "no visit reports"),
    "visits_axis": ("走访企业数（每{freq}）", "organizations visited per {freq}"),
    "visits": ("各区县走访进度：共走访 {total} 家次", "Visits per district: {total} in all"),
    "city": ("全市", "city"),
    "rate_axis": ("组织覆盖率（%）", "organizational coverage (%)"),
    "over_time": (
        "各区县组织覆盖率变化（按党组织成立日期）",
        "Coverage per district over time (from founding dates)",
    ),
    "new_org_funds": ("新建党组织启动经费", "start-up funds"),
    "demo_site_funds": ("示范点经费", "demonstration sites"),
    "wan_yuan": ("万元", "10 000 yuan"),
    "funds": (
        "经费测算：{wan:,.1f}万元，占预算{share}",
        "Funds implied: {total:,} yuan, {share} of the budget",
    ),
}
