"""The words of joint-formation grouping (:mod:`pbgraph.analyses.grouping`) and of its charts
(:mod:`pbgraph.plots.grouping`).

A proposal carries its reasons in both languages (a :data:`~pbgraph.labels.Text` each, the
language picked when it is listed), so templates are filled with :func:`pbgraph.labels.fill`; a field
given as a ``Text`` is filled in each language by its own word:

>>> from pbgraph.labels import fill
>>> fill(TAIL, units=4, formal=3, members=5)[1]
'together 4 units, 3 formal members, 5 members'
>>> fill(REASON["empty"], where=fill(WHERE["nearby"], others=2), tail=("…", "…"))[1]
'no formal member: joins with 2 nearby unit(s) of the street for organizational coverage, needs member development; …'

A proposed branch's name is Chinese in every language: it is the name the ledgers record.

>>> branch_name("泉城路街道恒隆广场"), branch_name("泉城路街道", 12)
('泉城路街道恒隆广场联合党支部', '泉城路街道第十二联合党支部')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from . import Text

# -- names of proposed branches (always Chinese) -------------------------------------------

JOINT_BRANCH: Text = ("联合党支部", "joint branch")
#: the branch a unit grown to N formal members builds of its own
OWN_BRANCH: Text = ("{name}党支部", "{name} party branch")
#: the n-th branch of one place, when a place has several
NTH: Text = ("第{n}", "no. {n}")
#: the q-th part of a joint branch to be split
SPLIT_PART: Text = ("{name}（拆分{q}）", "{name} (part {q})")

_NUMERALS = "零一二三四五六七八九十"


def cn_numeral(k: int) -> str:
    """``k`` in Chinese numerals, up to 99 (then in digits).

    >>> [cn_numeral(k) for k in (3, 10, 11, 20, 42, 100)]
    ['三', '十', '十一', '二十', '四十二', '100']
    """
    if k <= 10:
        return _NUMERALS[k]
    if k < 20:
        return "十" + _NUMERALS[k - 10]
    if k < 100:
        return _NUMERALS[k // 10] + "十" + (_NUMERALS[k % 10] if k % 10 else "")
    return str(k)


def branch_name(place: str, nth: int = 0) -> str:
    """The name of a proposed joint branch at ``place`` (street, then building); ``nth``
    (from 1) numbers the branches of a place that has several."""
    number = NTH[0].format(n=cn_numeral(nth)) if nth else ""
    return f"{place}{number}{JOINT_BRANCH[0]}"


# -- reasons -------------------------------------------------------------------------------

#: whom a unit joins, by how alike the group is (fields: others, building, industry)
WHERE: dict[str, Text] = {
    "building_industry": ("与同在{building}的{others}家同行业单位",
                          "with {others} unit(s) of the same industry in {building}"),
    "building": ("与同在{building}的{others}家单位", "with {others} unit(s) in {building}"),
    "building_nearby": ("与同在{building}及本街道邻近的{others}家单位",
                        "with {others} unit(s) in {building} and nearby"),
    "industry": ("与本街道{others}家{industry}单位", "with {others} {industry} unit(s) of the street"),
    "nearby": ("与本街道邻近的{others}家单位", "with {others} nearby unit(s) of the street"),
}  # fmt: skip
#: the group as a whole
TAIL: Text = ("联合组建后共{units}个单位、{formal}名正式党员、{members}名党员",
              "together {units} units, {formal} formal members, {members} members")  # fmt: skip
#: why a unit joins: with no formal member (``empty``) or too few of its own (``few``)
REASON: dict[str, Text] = {
    "empty": ("暂无正式党员，{where}一并纳入联合党支部，实现组织覆盖，需培养发展党员；{tail}",
              "no formal member: joins {where} for organizational coverage, needs member "
              "development; {tail}"),
    "few": ("有{formal}名正式党员{latent}，不足{min_members}名，{where}联合组建；{tail}",
            "{formal} formal member(s){latent}, fewer than {min_members}: joint branch {where}; "
            "{tail}"),
}  # fmt: skip
#: of the formal members, those whose relation is held elsewhere (``count_latent``)
LATENT: Text = ("（含组织关系在外、需转接的{n}名）", " (incl. {n} held elsewhere, to transfer)")

#: why a candidate is left out: its area has too few formal members, or the limits
LEFT_OUT: dict[str, Text] = {
    "few_members": (
        "本区域联合组建对象正式党员合计{area_formal}名，不足{min_members}名，无法组成联合党支部；"
        "可跨街道联合（--within district）或发展党员",
        "the area's candidates have {area_formal} formal member(s) in all, fewer than "
        "{min_members}: cross streets (--within district) or develop members",
    ),
    "limits": (
        "受每个联合党支部至多{max_units}个单位、{max_members}名党员的限制，本区域未能编入；"
        "建议发展党员或跨街道联合",
        "left out by the limits of {max_units} units and {max_members} members per branch: "
        "develop members or cross streets",
    ),
}

# -- splits of existing joint branches -----------------------------------------------------

#: why a joint branch is over the rules (fields: units, members, grown and the limits)
SPLIT_WHY: dict[str, Text] = {
    "units": ("覆盖{units}个单位，超过{max_units}个", "{units} units > {max_units}"),
    "members": ("共{members}名党员，超过{max_members}名", "{members} members > {max_members}"),
    "grown": ("{grown}个单位已有{min_members}名以上正式党员",
              "{grown} unit(s) grown to {min_members}+ formal members"),
}  # fmt: skip
#: the reasons of :data:`SPLIT_WHY`, joined by :data:`SEP`
SPLIT_REASON: Text = ("{why}，建议拆分", "{why}: split")
#: what a grown unit does
OWN_ACTION: Text = ("已有{formal}名正式党员，单独组建党支部",
                    "{formal} formal members: build its own branch")  # fmt: skip
#: what a part of the split does: it keeps the rules (``ok``) or is short of members
PART_ACTION: dict[str, Text] = {
    "ok": ("{units}个单位、{formal}名正式党员组成联合党支部",
           "{units} units, {formal} formal members: a joint branch"),
    "short": ("{units}个单位仅{formal}名正式党员，不足{min_members}名，需并入邻近联合党支部或发展党员",
              "{units} units with {formal} formal members (< {min_members}): join a "
              "neighbouring branch or develop members"),
}  # fmt: skip
#: one part of a split proposal: its name and its organizations
PROPOSAL_PART: Text = ("{name}：{organizations}", "{name}: {organizations}")
#: between reasons, parts, cells' items
SEP: Text = ("；", "; ")
#: between the organizations of a part
ORG_SEP: Text = ("、", ", ")

# -- tables --------------------------------------------------------------------------------

#: the table of areas (``GroupingResult.rows``)
COLUMNS: dict[str, Text] = {
    "area": ("区域", "area"),
    "candidates": ("联合组建对象", "candidates"),
    "covered": ("建议覆盖", "covered"),
    "uncovered": ("未能编入", "left out"),
    "upper_bound": ("覆盖上限", "upper bound"),
    "gap": ("与上限差距", "gap to bound"),
    "groups": ("建议联合支部数", "groups"),
    "empty_covered": ("随同纳入(无党员)", "empty units joined"),
    "method": ("方法", "method"),
}
#: the row of the areas' sums
TOTAL: Text = ("合计", "total")
#: how an area was solved
METHOD: dict[str, Text] = {
    "heuristic": ("启发式", "heuristic"),
    "exact": ("精确(最优)", "exact (optimal)"),
    "exact-limit": ("精确(时限内)", "exact (time limit)"),
}
#: the headers of the listings (groups, members, uncovered, splits)
LIST_COLUMNS: dict[str, Text] = {
    "group_id": ("编号", "group"), "group_name": ("建议支部名称", "proposed branch"),
    "name": ("名称", "name"), "area": ("区域", "area"), "units": ("单位数", "units"),
    "formal_members": ("正式党员", "formal members"), "members": ("党员数", "members"),
    "buildings": ("楼宇园区", "buildings"), "industries": ("行业", "industries"),
    "organizations": ("单位(信用代码 名称)", "organizations (credit code, name)"),
    "credit_code": ("统一社会信用代码", "credit code"), "reason": ("理由", "reason"),
    "method": ("方法", "method"), "party_org": ("党组织编号", "party org"),
    "proposal": ("拆分建议", "proposal"),
}  # fmt: skip

# -- charts --------------------------------------------------------------------------------

CHART: dict[str, Text] = {
    "candidates": ("联合组建对象（家）", "joint-formation candidates"),
    "title": ("各街道联合组建建议", "Joint-formation proposals by area"),
    "network_title": ("{area} 联合组建建议（{groups}个支部，{left}家未能编入）",
                      "{area}: {groups} proposed branches, {left} left out"),
}  # fmt: skip
#: the kinds of node of an area's network
NODES: dict[str, Text] = {
    "group": ("建议联合支部", "proposed branch"),
    "building": ("楼宇园区市场", "building/park/market"),
    "member": ("联合组建对象", "candidate"),
    "empty": ("无党员单位", "unit without members"),
    "left": COLUMNS["uncovered"],
}


def proposal(parts: Sequence[Mapping[str, Any]]) -> Text:
    """A split proposal in words: each part's name and organizations (credit code and name in
    Chinese, credit code in English).

    >>> proposal([{"name": "甲", "organizations": [{"credit_code": "91", "name": "乙"}]}])
    ('甲：91 乙', '甲: 91')
    """
    organization = ("{credit_code} {name}", "{credit_code}")
    zh, en = (
        SEP[i].join(
            PROPOSAL_PART[i].format(name=x["name"], organizations=ORG_SEP[i].join(
                organization[i].format(**o) for o in x["organizations"]))
            for x in parts
        )
        for i in (0, 1)
    )  # fmt: skip
    return zh, en
