"""The words of the service circle (服务圈): service types, how near a project is, the
reasons of a match or of an unmet need, and the headers of ``pbgraph services``' tables.

>>> from pbgraph.labels import pick
>>> pick(REASONS["none_of_type"], "en").format(type="financing")
'no financing project anywhere in the city'
"""

from __future__ import annotations

from . import Text

__all__ = ["NEED_COLUMNS", "NEAR", "PROJECT_COLUMNS", "REASONS", "STREET_COLUMNS", "TYPES"]

#: the service types (the schema's codes, pbgraph.graphmodel.schema.services.SERVICE_TYPES)
TYPES: dict[str, Text] = {
    "training": ("党务培训", "party-work training"),
    "policy": ("政策咨询", "policy advice"),
    "legal": ("法律服务", "legal services"),
    "finance": ("融资服务", "financing"),
    "talent": ("人才招聘", "recruitment"),
    "venue": ("阵地共享", "shared venues"),
    "volunteer": ("志愿服务", "volunteering"),
    "other": ("其他", "other"),
}

#: where the project is, seen from the need
NEAR: dict[str, Text] = {
    "street": ("同街道", "same street"),
    "district": ("同区县", "same district"),
    "city": ("跨区县", "another district"),
}

#: the reason of a match or of an unmet need, in a planner's words
REASONS: dict[str, Text] = {
    "street": (
        "由本街道的“{project}”承接（{provider}）",
        "met in its street by '{project}' ({provider})",
    ),
    "district": (
        "本街道没有可用的{type}项目，由本区“{project}”承接（{provider}，{place}）",
        "no {type} project left in its street: met in its district by '{project}' "
        "({provider}, {place})",
    ),
    "city": (
        "本区没有可用的{type}项目，由“{project}”跨区承接（{provider}，{place}）",
        "no {type} project left in its district: met from another district by '{project}' "
        "({provider}, {place})",
    ),
    "none_of_type": ("全市没有{type}项目", "no {type} project anywhere in the city"),
    "full": (
        "{type}项目的容量已用完（共{capacity}家，其中{earlier}家已对接在先），需增加项目或容量",
        "the {type} projects are full ({capacity} places, {earlier} of them taken before): "
        "more projects or capacity needed",
    ),
}

#: ``pbgraph services`` (a row per open need: its match, or why none)
NEED_COLUMNS: dict[str, Text] = {
    "need": ("需求编号", "need"),
    "org_name": ("提出单位", "organization"),
    "street": ("街道", "street"),
    "type": ("需求类型", "type"),
    "date": ("提出日期", "stated"),
    "project": ("对接项目编号", "project"),
    "project_name": ("对接项目", "project name"),
    "provider": ("提供单位", "provider"),
    "near": ("距离", "where"),
    "reason": ("说明", "reason"),
}

#: ``pbgraph services --show streets``
STREET_COLUMNS: dict[str, Text] = {
    "street": ("街道", "street"),
    "needs": ("需求数", "needs"),
    "met_before": ("已对接", "met before"),
    "open": ("待对接", "open"),
    "assigned": ("本次安排", "assigned"),
    "unmet": ("仍未满足", "unmet"),
    "unmet_types": ("未满足的需求类型", "unmet types"),
}

#: ``pbgraph services --show projects``
PROJECT_COLUMNS: dict[str, Text] = {
    "project": ("项目编号", "project"),
    "name": ("项目名称", "name"),
    "type": ("服务类型", "type"),
    "provider": ("提供单位", "provider"),
    "place": ("服务地点", "place"),
    "capacity": ("服务容量(家)", "capacity"),
    "met_before": ("已对接", "met before"),
    "assigned": ("本次安排", "assigned"),
    "left": ("剩余容量", "left"),
    "feedback": ("评价数", "feedback"),
    "score": ("平均评价得分", "mean score"),
}
