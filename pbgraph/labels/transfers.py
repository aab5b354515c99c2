"""The words of member-relation transfers (组织关系转接, 定期回访): the states of a case, the
headers of the cases' and the districts' tables, and the reasons in a planner's words.

Keys are the codes and columns :mod:`pbgraph.analyses.transfers` computes; sentences hold
``str.format`` fields.

>>> from pbgraph.labels import pick
>>> pick(REASONS["overdue"], "en").format(days=120, every=90)
'not visited for 120 days (a visit is due every 90)'
"""

from __future__ import annotations

from . import Text

__all__ = ["CASE_COLUMNS", "DISTRICT_COLUMNS", "HELD_BY", "REASONS", "STATES"]

#: where a member's relation is held (the members ledger's 关系所在类型)
HELD_BY: dict[str, Text] = {
    "employer": ("工作单位", "employer"),
    "talent_centre": ("人才服务中心", "talent centre"),
    "hr_market": ("人力资源市场", "HR market"),
    "community": ("社区", "community"),
}

#: the state of a case
STATES: dict[str, Text] = {
    "pending": ("愿意转接，待转入", "willing, not yet transferred"),
    "done": ("已转接", "transferred"),
    "unwilling": ("暂不愿意转接", "not willing yet"),
    "unknown": ("意愿未明", "willingness not known"),
}

#: the reason of a case, in a planner's words (the parts are joined by "；" / "; ")
REASONS: dict[str, Text] = {
    "done": ("已于{date}转入{org}", "transferred to {org} on {date}"),
    "change": (
        "转入后{org}正式党员{before}→{after}名，由“{was}”变为“{becomes}”",
        "once transferred, {org} has {after} formal members instead of {before}: "
        "'{was}' becomes '{becomes}'",
    ),
    "same": (
        "转入后{org}正式党员{before}→{after}名，覆盖类别不变（{was}）",
        "once transferred, {org} has {after} formal members instead of {before}; its "
        "category stays '{was}'",
    ),
    "probationary": (
        "预备党员，转入后不计入{org}的正式党员",
        "a probationary member: does not count towards {org}'s formal members",
    ),
    "no_org": (
        "没有转入单位，也没有工作单位：请补充转入单位",
        "no receiving organization and no employer: add the receiving organization",
    ),
    "overdue": (
        "已{days}天未回访（应每{every}天回访一次）",
        "not visited for {days} days (a visit is due every {every})",
    ),
    "never_visited": (
        "登记{days}天来从未回访（应每{every}天回访一次）",
        "never visited in the {days} days since registration (a visit is due every {every})",
    ),
    "unwilling": ("本人暂不愿意转接，继续做工作", "not willing yet: keep talking"),
    "unknown": ("尚未询问本人意愿", "not asked yet whether willing"),
}

#: the headers of ``pbgraph transfers`` (a row per case)
CASE_COLUMNS: dict[str, Text] = {
    "member": ("党员(假名)", "member (pseudonym)"),
    "name": ("姓名", "name"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "from_kind": ("关系所在类型", "held by"),
    "from_at": ("组织关系所在", "held at"),
    "to_code": ("转入单位统一社会信用代码", "receiving organization (credit code)"),
    "to_name": ("转入单位", "receiving organization"),
    "state": ("转接状态", "state"),
    "registered": ("登记日期", "registered"),
    "transferred": ("转接日期", "transferred"),
    "visits": ("回访次数", "visits"),
    "last_visit": ("最近回访", "last visit"),
    "overdue": ("回访逾期", "visit overdue"),
    "before": ("转接前类别", "category now"),
    "after": ("转接后类别", "category after"),
    "reason": ("说明", "reason"),
}

#: the headers of ``pbgraph transfers --by district`` (a row per district)
DISTRICT_COLUMNS: dict[str, Text] = {
    "district": ("区县", "district"),
    "cases": ("登记人数", "cases"),
    "willing": ("愿意转接", "willing"),
    "pending": ("待转入", "pending"),
    "done": ("已转接", "transferred"),
    "unwilling": ("暂不愿意", "not willing"),
    "unknown": ("意愿未明", "not asked"),
    "overdue": ("回访逾期", "visits overdue"),
    "formal_added": ("转入后增加正式党员", "formal members added"),
    "orgs_changed": ("覆盖类别改变的单位", "organizations changing category"),
    "reach_n": ("达到组建条件的单位", "organizations reaching N"),
}
