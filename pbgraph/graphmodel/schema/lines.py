"""Leadership lines (条块结合, 区域兜底) and source control (源头把控): the schema's part.

* ``LeadingBody`` (领导机构): the city's 两新 work committee (两新工委), the 非公有制经济组织党委
  (under 工商联), the 社会组织综合党委 (under 民政局), each district's 党工委 and each
  street's 综合党委. A body has a ``line`` (条线): ``enterprise`` (非公), ``social_org``
  (社会组织), ``regional`` (属地: takes in both) or ``all`` (the work committee); a blank
  line follows the body's ``kind`` (:data:`LINE_OF_KIND`).
* ``superior`` (上级党组织), as the ledger writes it (an id or a name of a leading body or
  of a party organization), is kept on ``PartyOrg`` and ``LeadingBody``; the load resolves
  it to ``LED_BY`` (a party organization's) or ``UNDER`` (a body's) relationships
  (:mod:`pbgraph.loaders.lines`). What it cannot resolve stays as written: the analysis
  says so (``pbgraph lines``).
* ``CommitteeUnit -[:SERVES_ON]-> LeadingBody``: the work committee's member units (委员单位)
  with their stated duty (职责). A label of their own, not ``MemberUnit``: a platform's
  member units are the ones that pair organizations (``pbgraph balance pairings``), and a
  unit on the committee is not one of them by being there.
* ``Organization.registered`` (登记日期) and ``registrar`` (登记机关, as written: 民政局 for
  social organizations, 市场监管局 for enterprises; blank: by the organization's kind).
  A plain 成立日期/成立时间 in an organizations ledger stays the party organization's
  founding date (the combined ledger's meaning since it was read); the organization's is
  登记日期 (or 单位成立日期, 注册日期 ...).
"""

from __future__ import annotations

from .model import NodeType, Prop, RelType

_P = Prop

#: the line (条线) a body of each kind leads when its ledger leaves 条线 blank
LINE_OF_KIND = {
    "work_committee": "all",
    "enterprise_committee": "enterprise",
    "social_committee": "social_org",
    "district_committee": "regional",
    "street_committee": "regional",
}

SUPERIOR = _P(
    "superior",
    zh="上级党组织",
    aliases=("上级党组织名称", "上级党组织编号", "上级党委", "隶属党组织", "上级组织",
             "上级领导机构", "隶属关系", "superior"),
)  # fmt: skip

#: properties the organizations ledger gains (merged into ``Organization``)
REGISTRATION_PROPS: tuple[Prop, ...] = (
    _P(
        "registered",
        "date",
        zh="登记日期",
        aliases=(
            "注册日期",
            "登记时间",
            "注册时间",
            "成立登记日期",
            "注册登记日期",
            "单位成立日期",
            "企业成立日期",
            "组织成立日期",
            "单位登记日期",
            "registered",
            "registration date",
        ),
    ),  # fmt: skip
    _P(
        "registrar",
        zh="登记机关",
        aliases=("登记管理机关", "登记部门", "登记机构", "发证机关", "registrar"),
    ),
)

LINE_NODES: dict[str, NodeType] = {
    "LeadingBody": NodeType(
        "LeadingBody",
        "id",
        "领导机构",
        (
            _P("id", required=True, zh="机构编号", aliases=("领导机构编号", "body id")),
            _P("name", required=True, zh="机构名称", aliases=("领导机构名称", "body name")),
            _P(
                "kind",
                zh="机构类别",
                aliases=("领导机构类别", "body kind"),
                choices=tuple(LINE_OF_KIND),
                labels=(
                    (
                        "work_committee",
                        ("两新工委", "两新组织工作委员会", "两新组织党工委", "两新工作委员会"),
                    ),
                    (
                        "enterprise_committee",
                        (
                            "非公有制经济组织党委",
                            "非公党委",
                            "非公企业党委",
                            "非公有制经济组织综合党委",
                        ),
                    ),
                    ("social_committee", ("社会组织综合党委", "社会组织党委")),
                    ("district_committee", ("区县党工委", "党工委", "区两新党工委")),
                    ("street_committee", ("街道综合党委", "综合党委", "街道两新综合党委")),
                ),
            ),  # fmt: skip
            _P(
                "line",
                zh="条线",
                aliases=("所属条线", "领导条线", "line"),
                choices=("enterprise", "social_org", "regional", "all"),
                labels=(
                    ("enterprise", ("非公", "非公有制经济组织", "非公企业", "企业")),
                    ("social_org", ("社会组织",)),
                    ("regional", ("属地", "区域", "区域兜底")),
                    ("all", ("两新", "全口径")),
                ),
            ),
            _P("host", zh="依托单位", aliases=("主管部门", "牵头单位", "host")),
            SUPERIOR,
        ),
    ),
    "CommitteeUnit": NodeType(
        "CommitteeUnit",
        "id",
        "委员单位",
        (
            _P(
                "id",
                required=True,
                zh="委员单位编号",
                aliases=("成员单位编号", "committee unit id"),
            ),
            _P(
                "name", required=True, zh="委员单位名称", aliases=("成员单位名称", "committee unit")
            ),
            _P("kind", zh="单位类别", aliases=("成员单位类别", "unit kind")),
            _P("duty", zh="职责", aliases=("工作职责", "主要职责", "职责分工", "duty")),
        ),
    ),
}

LINE_RELS: tuple[RelType, ...] = (
    RelType("LED_BY", "PartyOrg", "LeadingBody", "上级领导机构", single=True),
    RelType("LED_BY", "PartyOrg", "PartyOrg", "上级党组织", single=True),
    RelType("UNDER", "LeadingBody", "LeadingBody", "上级领导机构", single=True),
    RelType("IN", "LeadingBody", "Region", "所在区域", single=True),
    RelType("SERVES_ON", "CommitteeUnit", "LeadingBody", "委员单位"),
)


#: ledger columns that are not node properties
LINE_FIELDS: tuple[Prop, ...] = (
    _P("body", zh="领导机构", aliases=("所在领导机构", "所属领导机构", "工委", "body")),
)
