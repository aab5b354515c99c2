"""The service circle (服务圈, 党建服务项目): organizations' needs and the service projects
that member units and organizations offer.

* ``ServiceNeed`` is one need an organization states (a type from :data:`SERVICE_TYPES`,
  the date it was stated), ``RAISED_BY`` the organization and ``IN`` the street (or
  district) whose ledger holds it. A need already met is ``SERVED_BY`` the project that met
  it, with the participant's feedback score (评价得分, 0–100) on the need.
* ``ServiceProject`` is one project offered (type, capacity: how many needs it can take,
  time, place), ``OFFERED_BY`` a member unit or an organization and ``IN`` the street or
  district where it is held.
"""

from __future__ import annotations

from .model import NodeType, Prop, RelType

_P = Prop

#: the kinds of service, as the needs and projects ledgers name them
SERVICE_TYPES = (
    ("training", ("党务培训", "党建培训", "培训")),
    ("policy", ("政策咨询", "政策宣讲", "政策解读")),
    ("legal", ("法律服务", "法律咨询", "法律援助")),
    ("finance", ("融资服务", "金融服务", "财税服务")),
    ("talent", ("人才招聘", "人才服务", "招聘用工", "用工服务")),
    ("venue", ("阵地共享", "活动阵地", "场地支持")),
    ("volunteer", ("志愿服务", "公益服务")),
    ("other", ("其他", "其它")),
)
_CHOICES = tuple(v for v, _ in SERVICE_TYPES)

NODES = (
    NodeType(
        "ServiceNeed",
        "id",
        "服务需求",
        (
            _P("id", required=True, zh="需求编号", aliases=("need id",)),
            _P(
                "type",
                required=True,
                zh="需求类型",
                aliases=("服务需求类型", "需求类别", "need type"),
                choices=_CHOICES,
                labels=SERVICE_TYPES,
            ),
            _P(
                "date",
                "date",
                required=True,
                zh="提出日期",
                aliases=("需求日期", "提出时间", "need date"),
            ),
            _P("content", zh="需求内容", aliases=("具体需求", "需求描述", "need")),
            _P(
                "score",
                "float",
                zh="评价得分",
                aliases=("满意度评分", "满意度", "评价分数", "feedback score"),
                min=0,
                max=100,
            ),
        ),
    ),
    NodeType(
        "ServiceProject",
        "id",
        "党建服务项目",
        (
            _P("id", required=True, zh="项目编号", aliases=("服务项目编号", "project id")),
            _P(
                "name",
                required=True,
                zh="项目名称",
                aliases=("服务项目名称", "服务项目", "project"),
            ),
            _P(
                "type",
                required=True,
                zh="服务类型",
                aliases=("项目类型", "服务类别", "project type"),
                choices=_CHOICES,
                labels=SERVICE_TYPES,
            ),
            _P(
                "capacity",
                "int",
                required=True,
                zh="服务容量(家)",
                aliases=("服务容量", "可服务单位数", "容量", "capacity"),
                min=0,
                max=100_000,
            ),
            _P(
                "date",
                "date",
                zh="服务时间",
                aliases=("开展时间", "服务日期", "活动时间", "project date"),
            ),
            _P("place", zh="服务地点", aliases=("地点", "活动地点", "place")),
        ),
    ),
)

FIELDS = (
    _P(
        "served_by",
        zh="对接项目编号",
        aliases=("承接项目编号", "对接服务项目编号", "served by project"),
    ),
    _P("provider_name", zh="提供单位", aliases=("服务提供单位", "承办单位", "provider")),
)

RELS = (
    RelType("RAISED_BY", "ServiceNeed", "Organization", "提出单位", single=True),
    RelType("IN", "ServiceNeed", "Region", "需求所在街道", single=True),
    RelType("SERVED_BY", "ServiceNeed", "ServiceProject", "对接项目", single=True),
    RelType("OFFERED_BY", "ServiceProject", "MemberUnit", "提供单位"),
    RelType("OFFERED_BY", "ServiceProject", "Organization", "提供单位"),
    RelType("IN", "ServiceProject", "Region", "服务地点所在街道", single=True),
)
