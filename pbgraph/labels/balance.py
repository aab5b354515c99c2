"""The words of the balancing plans (:mod:`pbgraph.analyses.balance`) and of their charts
(:mod:`pbgraph.plots.balance`).

Codes are what the analysis computes (a plan's kind, a demand item's class, why an
assignment moved); sentences are ``str.format`` templates whose fields are the same in
both languages:

>>> from pbgraph.labels import pick
>>> role = pick(ROLE["instructors"], "en")
>>> pick(KEPT, "en").format(role=role, loc=pick(LOCALITY[0], "en"), load=2, capacity=3)
'kept with its instructor (same street); load 2/3'
>>> pick(COLUMNS["shortfall"], "zh").format(role=pick(ROLE["pairings"], "zh"))
'缺成员单位(名)'
"""

from __future__ import annotations

from . import Text

# -- who supplies, and what is demanded ---------------------------------------------------

#: the supplier of a plan, by the plan's kind
ROLE: dict[str, Text] = {
    "instructors": ("指导员", "instructor"),
    "pairings": ("成员单位", "member unit"),
}

#: the class of a demand item (``DemandItem.klass``)
CLASS: dict[str, Text] = {
    "key": ("重点单位", "key organization"),
    "weak": ("软弱涣散党组织", "weak party organization"),
    "must_build": ("应建未建单位", "must build its own"),
    "joint_candidate": ("联合组建对象", "joint-formation candidate"),
    "joint_branch": ("联合党支部", "joint branch"),
    "no_members": ("无党员单位", "no members"),
}

#: where a supplier is from the item it serves, by ``model.locality`` (0, 1, 2)
LOCALITY: tuple[Text, ...] = (
    ("同街道", "same street"),
    ("同区县跨街道", "same district, another street"),
    ("跨区县", "another district"),
)
#: a supplier with no street or district that reaches the whole city
CITY_WIDE: Text = ("市级统筹", "city-wide unit")

# -- reasons (fields: role, loc, load, capacity, old, n) ----------------------------------

#: an assignment the plan keeps
KEPT: Text = ("保持原{role}（{loc}），{role}负荷{load}/{capacity}家",
              "kept with its {role} ({loc}); load {load}/{capacity}")  # fmt: skip
#: a new or moved assignment; ``first`` is :data:`KEY_FIRST` or empty, ``low`` is
#: :data:`LOWEST_LOAD` or empty
ASSIGNED: Text = ("{cls}{first}；{loc}{low}；{role}调整后负荷{load}/{capacity}家",
                  "{cls}{first}; {loc}{low}; {role} load {load}/{capacity}")  # fmt: skip
KEY_FIRST: Text = ("优先", " first")
LOWEST_LOAD: Text = ("、负荷最低", ", lowest load")
#: between an assignment's reason and why it moved
SEP: Text = ("；", "; ")

#: why an existing assignment moved (or was dropped), by code
MOVED: dict[str, Text] = {
    "out_of_reach": ("原{role}{old}超出就近范围", "out of reach of {role} {old}"),
    "over_capacity": ("原{role}{old}指导{n}家、超出能力{capacity}家",
                      "{role} {old} had {n}, over its capacity {capacity}"),
    "displaced": ("原{role}{old}的名额让给更优先的单位",
                  "{role} {old}'s place went to a higher-priority unit"),
    "closer": ("改由更近的{role}（{loc}），原{role}{old}", "a closer {role} ({loc}) than {old}"),
    "evening": ("均衡负荷：原{role}{old}负荷{load}家", "evening loads: {role} {old} had {load}"),
}  # fmt: skip

#: why an existing assignment was released, by the code of ``Plan.released``
RELEASED: dict[str, Text] = {
    "not_needed": ("已建立党组织或不再需要{role}", "no longer needs a {role}"),
    "duplicate": ("已由其他{role}负责", "already served by another {role}"),
}

# -- tables --------------------------------------------------------------------------------

#: what is assigned: an organization or a party organization (the plan's ``label``)
NODE_LABELS: dict[str, Text] = {
    "Organization": ("两新组织", "organization"),
    "PartyOrg": ("党组织", "party organization"),
}
#: an assignment of the plan (its ``status``)
STATUS: dict[str, Text] = {
    "kept": ("保持不变", "kept"),
    "new": ("新安排", "new"),
    "moved": ("调整", "moved"),
}
#: a change of the plan (its ``change``)
CHANGE: dict[str, Text] = {
    "moved": ("调整", "moved"),
    "dropped": ("移出", "dropped"),
    "released": ("不再需要", "released"),
}

#: the measures of ``BalanceResult.stats``
MEASURES: dict[str, Text] = {
    "demand": ("需求单位数", "demand"), "demand_weight": ("需求权重", "demand weight"),
    "served": ("已安排单位数", "served"), "served_weight": ("已安排权重", "served weight"),
    "key_demand": ("重点单位需求", "key demand"), "key_served": ("重点单位已安排", "key served"),
    "suppliers": ("人数/单位数", "suppliers"), "max_load": ("最大负荷", "max load"),
    "mean_load": ("平均负荷", "mean load"), "std_load": ("负荷标准差", "load std"),
    "gini": ("负荷基尼系数", "load Gini"), "over_capacity": ("超出能力", "over capacity"),
    "moves": ("调整(移出)", "moves"), "kept": ("保持不变", "kept"),
    "released": ("不再需要", "released"), "new": ("新安排", "new"),
}  # fmt: skip

#: column headers of every table; ``{role}`` is the plan's :data:`ROLE`
COLUMNS: dict[str, Text] = {
    "supplier": ("{role}编号", "{role} id"), "label": ("类型", "label"),
    "key": ("统一社会信用代码/党组织编号", "credit code / party org"),
    "name": ("单位名称", "name"), "street": ("所属街道", "street"),
    "class": ("类别", "class"), "weight": ("权重", "weight"), "status": ("状态", "status"),
    "previous": ("原{role}", "previous {role}"), "reason": ("原因", "reason"),
    "change": ("调整", "change"), "from": ("原{role}", "from {role}"),
    "to": ("新{role}", "to {role}"), "demand": ("需求数", "demand"),
    "served": ("已安排", "served"), "unmet": ("未满足", "unmet"),
    "unmet_key": ("未满足重点单位", "unmet key"), "unmet_weight": ("未满足权重", "unmet weight"),
    "shortfall": ("缺{role}(名)", "{role}s short"),
    "extra_served": ("增加1名{role}可多安排", "one more {role} adds"),
    "extra_key": ("其中重点单位", "of which key"), "extra_weight": ("增加权重", "weight added"),
    "measure": ("指标", "measure"), "before": ("调整前", "before"), "after": ("调整后", "after"),
}  # fmt: skip
#: the header of the supplier's name, by the plan's kind (an instructor is a person)
SUPPLIER_NAME: dict[str, Text] = {
    "instructors": ("姓名", "name"),
    "pairings": ("{role}名称", "{role} name"),
}

# -- charts --------------------------------------------------------------------------------

#: the suppliers of a plan, counted (a chart's axis), by the plan's kind
ROLES: dict[str, Text] = {
    "instructors": ("指导员", "instructors"),
    "pairings": ("成员单位", "member units"),
}
#: the words of the charts; ``{role}`` is :data:`ROLE`, ``{roles}`` :data:`ROLES`
CHART: dict[str, Text] = {
    "per_supplier": ("每名{role}负责的单位数", "organizations per {role}"),
    "suppliers": ("{roles}数", "{roles}"),
    "load_title": (
        "{roles}负荷：最大 {max_before}→{max_after}，基尼系数 {gini_before:.2f}→{gini_after:.2f}",
        "Load of {roles}: max {max_before}→{max_after}, Gini {gini_before:.2f}→{gini_after:.2f}",
    ),
    "key": ("重点单位", "key organizations"),
    "others": ("其他单位", "others"),
    "unmet": ("未满足的单位数", "unmet organizations"),
    "unmet_title": ("各街道未满足需求（缺口最大者在上）", "Unmet demand by street (largest first)"),
}
#: beside a street's bar: the suppliers it is short of, by the plan's kind
SHORT: dict[str, Text] = {
    "instructors": (" 缺{n}名", " {n} short"),
    "pairings": (" 缺{n}个", " {n} short"),
}
