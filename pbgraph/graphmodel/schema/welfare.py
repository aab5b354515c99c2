"""Public-welfare accounts and awards (公益账户, 出彩型).

* ``WelfareActivity`` is one thing an organization gave back (an activity, its hours,
  people served, money or goods, its date), ``BY`` the organization and entered in a
  district's account (``IN`` the district or street whose ledger holds it). Its key is the
  ledger's 记录编号, or ``"<credit code>|<date>|<activity>"`` when there is none.
* ``Award`` is one honour (表彰: 出彩型党组织, 出彩型党组织书记 …) given on a date; its key
  is ``"<name>|<date>"``. It ``HONOURS`` party organizations and persons (secretaries,
  :mod:`.training`'s ``Person``), one ledger row each.
"""

from __future__ import annotations

from .model import NodeType, Prop, RelType

_P = Prop

NODES = (
    NodeType(
        "WelfareActivity",
        "id",
        "公益活动",
        (
            _P("id", required=True, zh="记录编号", aliases=("公益记录编号", "welfare id")),
            _P(
                "activity",
                required=True,
                zh="活动名称",
                aliases=(
                    "公益活动",
                    "公益活动名称",
                    "活动内容",
                    "公益项目",
                    "项目名称",
                    "activity",
                ),
            ),  # fmt: skip
            _P("kind", zh="活动类别", aliases=("公益类别", "活动类型", "公益类型", "category")),
            _P(
                "date",
                "date",
                required=True,
                zh="活动日期",
                aliases=("开展日期", "活动时间", "开展时间", "日期", "date"),
            ),
            _P(
                "hours",
                "float",
                zh="服务时长(小时)",
                aliases=("志愿服务时长(小时)", "服务时长", "志愿服务时长", "时长(小时)", "hours"),
                min=0,
                max=1_000_000,
            ),
            _P(
                "volunteers",
                "int",
                zh="参与人数",
                aliases=("参加人数", "参与人次", "志愿者人数", "volunteers"),
                min=0,
                max=1_000_000,
            ),
            _P(
                "beneficiaries",
                "int",
                zh="受益人数",
                aliases=("受益人次", "服务人数", "受益群众(人)", "beneficiaries"),
                min=0,
                max=100_000_000,
            ),
            _P(
                "amount",
                "float",
                zh="捐款捐物(元)",
                aliases=("折合金额(元)", "捐赠金额(元)", "捐款捐物折合(元)", "金额(元)", "amount"),
                min=0,
            ),
        ),
    ),
    NodeType(
        "Award",
        "id",
        "表彰",
        (
            _P("id", required=True, zh="表彰编号"),
            _P(
                "name",
                required=True,
                zh="表彰名称",
                aliases=("荣誉名称", "表彰项目", "荣誉称号", "award"),
            ),
            _P(
                "date",
                "date",
                required=True,
                zh="表彰日期",
                aliases=("授予日期", "命名日期", "表彰时间", "award date"),
            ),
            _P("issuer", zh="表彰单位", aliases=("授予单位", "命名单位", "issuer")),
        ),
    ),
)

RELS = (
    RelType("BY", "WelfareActivity", "Organization", "公益单位", single=True),
    RelType("IN", "WelfareActivity", "Region", "公益账户", single=True),
    RelType("HONOURS", "Award", "PartyOrg", "表彰党组织"),
    RelType("HONOURS", "Award", "Person", "表彰书记"),
)
