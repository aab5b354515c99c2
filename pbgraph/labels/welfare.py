"""The words of public-welfare accounts and awards (公益账户, 出彩型): headers, criteria and
reasons in a planner's words.

>>> from pbgraph.labels import pick
>>> pick(CRITERIA["hours"], "en").format(value=130.0, need=50.0)
'welfare hours of its organizations 130.0 (at least 50.0)'
"""

from __future__ import annotations

from . import Text

__all__ = ["COLUMNS", "CRITERIA", "REASONS"]

COLUMNS: dict[str, dict[str, Text]] = {
    "districts": {
        "district": ("区县(公益账户)", "district (account)"),
        "orgs": ("参与单位(家)", "organizations"),
        "activities": ("活动(次)", "activities"),
        "hours": ("服务时长(小时)", "hours"),
        "volunteers": ("参与人数", "volunteers"),
        "beneficiaries": ("受益人数", "beneficiaries"),
        "amount": ("捐款捐物(元)", "money and goods (yuan)"),
    },
    "orgs": {
        "rank_district": ("区内排名", "rank in district"),
        "rank_city": ("全市排名", "rank in city"),
        "credit_code": ("统一社会信用代码", "credit code"),
        "name": ("单位名称", "organization"),
        "district": ("区县", "district"),
        "street": ("街道", "street"),
        "activities": ("活动(次)", "activities"),
        "hours": ("服务时长(小时)", "hours"),
        "volunteers": ("参与人数", "volunteers"),
        "beneficiaries": ("受益人数", "beneficiaries"),
        "amount": ("捐款捐物(元)", "money and goods (yuan)"),
        "last": ("最近一次", "latest"),
    },
    "candidates": {
        "rank": ("推荐顺序", "rank"),
        "id": ("党组织编号", "party org id"),
        "name": ("党组织名称", "party organization"),
        "district": ("区县", "district"),
        "street": ("街道", "street"),
        "site_score": ("示范点得分", "site score"),
        "hours": ("公益时长(小时)", "welfare hours"),
        "member_share": ("党员在本组织比例", "members in it (share)"),
        "met": ("符合条件(项)", "criteria met"),
        "honoured": ("已表彰", "honoured"),
        "reason": ("说明", "reason"),
    },
    "secretaries": {
        "rank": ("推荐顺序", "rank"),
        "person": ("人员编号(假名)", "person (pseudonym)"),
        "name": ("姓名", "name"),
        "party_org": ("党组织编号", "party org id"),
        "party_org_name": ("党组织名称", "party organization"),
        "district": ("区县", "district"),
        "street": ("街道", "street"),
        "trainings": ("参训(次)", "trainings attended"),
        "honoured": ("已表彰", "honoured"),
        "reason": ("说明", "reason"),
    },
    "awards": {
        "award": ("表彰名称", "award"),
        "date": ("表彰日期", "date"),
        "kind": ("表彰对象", "honours"),
        "id": ("编号", "id"),
        "name": ("名称/姓名", "name"),
        "party_org": ("党组织编号", "party org id"),
        "candidate": ("符合推荐条件", "a candidate"),
        "reason": ("说明", "reason"),
    },
}

#: one criterion of a candidate, met or not: ``{value}`` what it has, ``{need}`` the option
CRITERIA: dict[str, Text] = {
    "site": ("示范点三强三好平均分{value:.1f}（不低于{need:.1f}）",
             "demonstration-site score {value:.1f} (at least {need:.1f})"),
    "no_site": ("不是示范点", "not a demonstration site"),
    "hours": ("所属单位公益服务{value:.1f}小时（不少于{need:.1f}）",
              "welfare hours of its organizations {value:.1f} (at least {need:.1f})"),
    "members": ("在本单位工作的党员{value:.0%}在本组织（不低于{need:.0%}）",
                "{value:.0%} of the members working there are in it (at least {need:.0%})"),
    "no_members": ("所属单位无党员记录", "no members on record at its organizations"),
}  # fmt: skip

REASONS: dict[str, Text] = {
    "met": ("符合：{items}", "meets: {items}"),
    "unmet": ("不符合：{items}", "falls short: {items}"),
    "weak": ("软弱涣散党组织，不作推荐", "a weak party organization: not put forward"),
    "secretary": (
        "所在党组织符合推荐条件，书记参加培训观摩{n}次",
        "its party organization is a candidate; the secretary attended {n} trainings",
    ),
    "secretary_trained": (
        "所在党组织符合推荐条件，书记参加过培训观摩",
        "its party organization is a candidate and the secretary attended trainings",
    ),
    "secretary_untrained": (
        "所在党组织符合推荐条件，但书记参加培训观摩次数不足",
        "its party organization is a candidate, but the secretary attended too few trainings",
    ),
    "secretary_not_candidate": (
        "所在党组织不在推荐名单中",
        "its party organization is not a candidate",
    ),
    "party_org": ("党组织", "party organization"),
    "person": ("书记", "secretary"),
    "sep": ("；", "; "),
}
