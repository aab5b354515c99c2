"""The words of coverage (两个覆盖): its categories, flags and reasons, the headers of its
tables and lists, the changes between two snapshots, and the words of its charts.

Keys are the codes :mod:`pbgraph.analyses.coverage` and :mod:`pbgraph.analyses.snapshots`
compute (the order of :data:`CATEGORIES` is the order of
:data:`pbgraph.analyses.coverage.STATE_OF`); sentences hold ``str.format`` fields.

>>> from pbgraph.labels import pick
>>> pick(CATEGORIES["must_build"], "en")
'must build its own'
>>> pick(REASONS["joint_candidate"], "zh").format(formal=2)
'有2名正式党员，可与邻近单位联合组建'
"""

from __future__ import annotations

from . import Text

__all__ = [
    "CATEGORIES",
    "CHANGES",
    "CHANGE_REASONS",
    "CHART_WORDS",
    "DIFF_COLUMNS",
    "FLAGS",
    "GROUP_BY",
    "LIST_GROUP",
    "LIST_WORDS",
    "NEIGHBOURS",
    "RATE_HEADER",
    "REASONS",
    "STATES",
    "SUMMARY_COLUMNS",
]

#: the category of an organization (docs/design.md#coverage)
CATEGORIES: dict[str, Text] = {
    "own": ("单独组建", "own party organization"),
    "joint": ("联合组建", "joint branch"),
    "attached": ("挂靠组建", "attached"),
    "work": ("工作覆盖", "work coverage only"),
    "must_build": ("应建未建", "must build its own"),
    "joint_candidate": ("联合组建对象", "joint-formation candidate"),
    "no_members": ("无党员", "no members"),
}

#: the flags of an organization or a party organization
FLAGS: dict[str, Text] = {
    "key_unpaired": ("重点单位未包挂", "key organization without a pairing"),
    "joint_grown": ("联建单位已满3人", "grown out of its joint branch"),
    "latent": ("转接后可单建", "would reach N by transferring relations"),
    "weak_no_instructor": ("软弱涣散无指导员", "weak party organization without instructor"),
    "joint_over_limits": ("联合支部超限", "joint branch over the limits"),
}

#: the reason given for an organization of a category or a flag, in a planner's words (a
#: category without one is given its name)
REASONS: dict[str, Text] = {
    "must_build": (
        "有{formal}名正式党员、尚未建立党组织，应单独组建",
        "{formal} formal members and no party organization: must build its own",
    ),
    "joint_candidate": (
        "有{formal}名正式党员，可与邻近单位联合组建",
        "{formal} formal member(s): can form a joint branch with neighbours",
    ),
    "no_members": (
        "暂无正式党员，需选派党建指导员、做好发展党员工作",
        "no formal member: needs an instructor and member development",
    ),
    "work": ("未建党组织，由党建指导员开展工作", "no party organization, an instructor guides it"),
    "key_unpaired": (
        "重点单位尚未建立党组织，也没有成员单位包挂",
        "key organization with no party organization and no paired member unit",
    ),
    "joint_grown": (
        "在联合党支部中，本单位已有{formal}名正式党员，应单独组建",
        "in a joint branch with {formal} formal members of its own: should build its own",
    ),
    "latent": (
        "本单位正式党员{formal}名，另有{latent}名党员组织关系在外，转接后可达{total}名",
        "{formal} formal members here and {latent} held elsewhere: {total} after transfer",
    ),
    "weak_no_instructor": (
        "软弱涣散党组织，尚未选派党建指导员",
        "weak party organization without an instructor",
    ),
    "joint_over_limits": (
        "联合党支部覆盖{units}个单位、{members}名党员，超过{max_units}个单位或{max_members}名党员的上限",
        "joint branch of {units} units and {members} members, over {max_units} units or {max_members} members",
    ),
}

# -- tables ----------------------------------------------------------------------------------

#: the header of the group column, by what the organizations are grouped by
GROUP_BY: dict[str, Text] = {
    "city": ("全市", "city"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "building": ("楼宇园区", "building"),
    "industry": ("行业", "industry"),
    "kind": ("单位类型", "kind"),
}

#: the headers of the summary table's columns after the group (``pbgraph coverage``)
SUMMARY_COLUMNS: dict[str, Text] = {
    "total": ("单位总数", "organizations"),
    "own": CATEGORIES["own"],
    "joint": CATEGORIES["joint"],
    "attached": CATEGORIES["attached"],
    "work_covered": CATEGORIES["work"],
    "must_build": CATEGORIES["must_build"],
    "joint_candidates": CATEGORIES["joint_candidate"],
    "no_members": CATEGORIES["no_members"],
    "org_covered": ("组织覆盖", "organizational coverage"),
    "rate": ("组织覆盖率", "coverage rate"),
    "own_rate": ("单独组建率", "own-branch rate"),
}

#: the header of the rate column, which states its denominator (``--denominator``); ``{n}``
#: is ``--min-members``
RATE_HEADER: dict[str, Text] = {
    "all": ("组织覆盖率（全部单位口径）", "coverage rate (of all organizations)"),
    "eligible": ("组织覆盖率（应建口径：正式党员{n}名以上）",
                 "coverage rate (of those with {n}+ formal members)"),
}  # fmt: skip

#: Headers of the columns of an organization list (``pbgraph coverage --list``, the report's
#: sheets of uncovered and flagged organizations): the ledgers' words, and English.
LIST_WORDS: dict[str, Text] = {
    "credit_code": ("统一社会信用代码", "credit code"),
    "name": ("单位名称", "name"),
    "district": ("所属区县", "district"),
    "street": ("所属街道", "street"),
    "category": ("覆盖类别", "category"),
    "party_org": ("党组织编号", "party org id"),
    "party_org_name": ("党组织名称", "party org name"),
    "reason": ("原因", "reason"),
    "latent_members": ("组织关系在外的党员(假名)", "members held elsewhere (pseudonyms)"),
}
#: the header of a list's area column: ``{area}`` is the group's header (:data:`GROUP_BY`)
LIST_GROUP: Text = ("所属{area}", "{area}")

# -- snapshots -------------------------------------------------------------------------------

#: what changed for an organization between two snapshots
CHANGES: dict[str, Text] = {
    "became_covered": ("新实现组织覆盖", "became covered"),
    "lost_coverage": ("失去组织覆盖", "lost coverage"),
    "work_gained": ("新实现工作覆盖", "gained work coverage"),
    "work_lost": ("失去工作覆盖", "lost work coverage"),
    "changed": ("覆盖方式变化", "changed form"),
    "new": ("新增单位", "new"),
    "gone": ("已不在台账", "gone"),
}

#: the reason of a change: ``{before}``/``{after}`` are the dates, ``{was}``/``{now}`` the
#: categories' words; an organization ``new`` or ``gone``, or whose category changed
CHANGE_REASONS: dict[str, Text] = {
    "new": ("{after}新增，{now}", "new on {after}: {now}"),
    "gone": (
        "{after}台账中已无此单位（{before}为{was}）",
        "not in the ledgers on {after} ({was} on {before})",
    ),
    "changed": ("由「{was}」变为「{now}」", "from {was} to {now}"),
}

#: the headers of the columns of ``pbgraph coverage --compare``
DIFF_COLUMNS: dict[str, Text] = {
    "credit_code": ("统一社会信用代码", "credit code"),
    "name": ("单位名称", "name"),
    "street": ("所属街道", "street"),
    "label": ("变化", "change"),
    "reason": ("说明", "reason"),
}

# -- charts ----------------------------------------------------------------------------------

#: the coverage state of an organization (:data:`pbgraph.analyses.coverage.STATES`)
STATES: dict[str, Text] = {
    "org": ("组织覆盖", "organizational coverage"),
    "work": ("工作覆盖", "work coverage"),
    "uncovered": ("未覆盖", "uncovered"),
}

#: the other nodes of a street's network
NEIGHBOURS: dict[str, Text] = {
    "Building": ("楼宇园区市场", "building/park/market"),
    "PartyOrg": ("党组织", "party organization"),
    "Instructor": ("党建指导员", "instructor"),
    "MemberUnit": ("成员单位", "member unit"),
}

#: titles, axes and legends of the coverage charts (:mod:`pbgraph.plots.coverage`)
CHART_WORDS: dict[str, Text] = {
    "city": ("全市", "city"),
    "rate_axis": ("组织覆盖率 (%)", "organizational coverage (%)"),
    "by_district": ("各区县组织覆盖率", "Coverage by {by} (lowest first)"),
    "by_area": ("各街道组织覆盖率（最低者在上）", "Coverage by {by} (lowest first)"),
    "organizations": ("单位数", "organizations"),
    "categories": ("覆盖类别（红色为未覆盖）", "Coverage categories (red: uncovered)"),
    "proposed": (
        "联合组建建议（{groups}个支部，{orgs}家）",
        "proposed groups ({groups}, {orgs} organizations)",
    ),
    "longitude": ("经度", "longitude"),
    "latitude": ("纬度", "latitude"),
    "map_city": ("全市", "City"),
    "map_sample": ("（抽样显示 {shown}/{all} 家）", " (sample of {shown} of {all})"),
    "map": ("两新组织分布与覆盖情况", "organizations by coverage"),
    "map_proposals": ("两新组织覆盖情况与联合组建建议", "coverage and joint-formation proposals"),
    "map_title": ("{where}{what}{sample}", "{where}: {what}{sample}"),
    "organization": ("两新组织：", "organization: "),
    "network_sample": ("（抽样 {shown}/{all} 家）", " (sample {shown}/{all})"),
    "network": ("{name}区域化党建网络{sample}", "The network of {name}{sample}"),
}
