"""The words of training reach (培训, 观摩): the tables' headers, the reasons of a street and
of a year against the targets, in a planner's words.

>>> from pbgraph.labels import pick
>>> pick(REASONS["year_short"], "en").format(year=2018, trainings=3, study_visits=1,
...      target_trainings=10, target_visits=6, short_trainings=7, short_visits=5)
'2018: 3 trainings and 1 study visits, 7 trainings and 5 visits short of 10 and 6 a year'
"""

from __future__ import annotations

from . import Text

__all__ = ["COLUMNS", "KINDS", "REASONS", "ROLES"]

#: the kinds of session
KINDS: dict[str, Text] = {
    "training": ("培训", "training"),
    "study_visit": ("观摩", "study visit"),
    "": ("(未注明)", "(not stated)"),
}

#: the roles an attendee stands for
ROLES: dict[str, Text] = {
    "secretary": ("党组织书记", "secretary"),
    "leader": ("出资人负责人", "leader"),
    "party_worker": ("党务工作者", "party worker"),
}

#: headers of each listing (``--show``)
COLUMNS: dict[str, dict[str, Text]] = {
    "streets": {
        "district": ("区县", "district"),
        "street": ("街道", "street"),
        "party_orgs": ("党组织(个)", "party orgs"),
        "secretaries_reached": ("书记已参训(个)", "secretaries reached"),
        "secretaries_unreached": ("书记未参训(个)", "secretaries not reached"),
        "secretary_share": ("书记参训率", "secretaries reached (share)"),
        "orgs": ("两新组织(家)", "organizations"),
        "leaders_reached": ("负责人已参训(家)", "leaders reached"),
        "leaders_unreached": ("负责人未参训(家)", "leaders not reached"),
        "leader_share": ("负责人参训率", "leaders reached (share)"),
        "reason": ("说明", "reason"),
    },
    "secretaries": {
        "id": ("党组织编号", "party org id"),
        "name": ("党组织名称", "party organization"),
        "district": ("区县", "district"),
        "street": ("街道", "street"),
        "form": ("组建方式", "form"),
        "status": ("运行状态", "status"),
        "party_workers": ("党务工作者参训(人)", "party workers trained"),
        "reason": ("说明", "reason"),
    },
    "leaders": {
        "credit_code": ("统一社会信用代码", "credit code"),
        "name": ("单位名称", "organization"),
        "district": ("区县", "district"),
        "street": ("街道", "street"),
        "key": ("是否重点", "key"),
        "covered": ("是否建立党组织", "has a party org"),
        "reason": ("说明", "reason"),
    },
    "sessions": {
        "id": ("培训编号", "id"),
        "name": ("培训名称", "session"),
        "kind": ("培训类型", "kind"),
        "date": ("培训日期", "date"),
        "attendees": ("参训人数", "attendees"),
        "secretaries": ("党组织书记", "secretaries"),
        "leaders": ("出资人负责人", "leaders"),
        "party_workers": ("党务工作者", "party workers"),
    },
    "years": {
        "year": ("年度", "year"),
        "trainings": ("培训(期)", "trainings"),
        "study_visits": ("观摩(次)", "study visits"),
        "target_trainings": ("培训目标(期)", "training target"),
        "target_visits": ("观摩目标(次)", "visit target"),
        "met": ("是否达标", "met"),
        "reason": ("说明", "reason"),
    },
}

#: the reasons, in a planner's words
REASONS: dict[str, Text] = {
    "street": (
        "{secretaries}个党组织的书记、{leaders}家单位的出资人负责人从未参加培训观摩",
        "{secretaries} party organizations' secretaries and {leaders} organizations' leaders "
        "never attended a training or study visit",
    ),
    "street_done": ("书记和负责人均已参加培训观摩", "every secretary and leader reached"),
    "secretary_none": (
        "书记从未参加培训观摩",
        "its secretary never attended a training or study visit",
    ),
    "secretary_weak": (
        "书记从未参加培训观摩，且党组织软弱涣散",
        "its secretary never attended a training or study visit, and it is weak",
    ),
    "workers_only": (
        "只有党务工作者参加过（{n}人），书记未参加",
        "only its party workers attended ({n}), never its secretary",
    ),
    "leader_none": (
        "出资人负责人从未参加培训观摩",
        "its leader never attended a training or study visit",
    ),
    "leader_key": (
        "重点单位，出资人负责人从未参加培训观摩",
        "a key organization whose leader never attended a training or study visit",
    ),
    "year_met": (
        "{year}年培训{trainings}期、观摩{study_visits}次，达到每年{target_trainings}期、"
        "{target_visits}次的目标",
        "{year}: {trainings} trainings and {study_visits} study visits, meeting "
        "{target_trainings} and {target_visits} a year",
    ),
    "year_short": (
        "{year}年培训{trainings}期、观摩{study_visits}次，比每年{target_trainings}期、"
        "{target_visits}次的目标少{short_trainings}期培训、{short_visits}次观摩",
        "{year}: {trainings} trainings and {study_visits} study visits, {short_trainings} "
        "trainings and {short_visits} visits short of {target_trainings} and {target_visits} "
        "a year",
    ),
}
