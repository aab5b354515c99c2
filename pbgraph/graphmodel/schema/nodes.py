"""The node labels of the ledger graph: key, Chinese name and properties with the headers
ledgers give them (canonical, and the aliases people write) and their value rules."""

from __future__ import annotations

from . import services as _services
from . import training as _training
from . import transfers as _transfers
from . import welfare as _welfare
from .lines import LINE_NODES, REGISTRATION_PROPS, SUPERIOR  # issue 20 (A)
from .model import NodeType, Prop

_P = Prop
_LEVELS = (
    ("city", ("市级", "市")),
    ("district", ("区县级", "区级", "县级", "区县")),
    ("street", ("街道级", "街道", "镇街")),
    ("community", ("社区级", "社区", "村居")),
)

#: the prefecture-level city (地市) a ledger's row is in, when a province's ledgers name it
#: (docs/ledgers.md#cities): a property of organizations, a column of every ledger with a
#: district (``FIELDS["city"]``)
CITY = _P(
    "city",
    zh="所属城市",
    aliases=("城市", "所在城市", "所属地市", "地市", "所属市", "设区市", "市", "市(州)", "city"),
)

NODES: dict[str, NodeType] = {
    n.label: n
    for n in (
        NodeType(
            "Region",
            "code",
            "行政区域",
            (
                _P("code", required=True, zh="区域路径"),
                _P("name", required=True, zh="区域名称"),
                _P(
                    "level",
                    choices=("city", "district", "street", "community"),
                    zh="层级",
                    labels=_LEVELS,
                ),
                _P("division_code", zh="区划代码", aliases=("行政区划代码",)),
            ),
        ),
        NodeType(
            "Building",
            "id",
            "楼宇园区",
            (
                _P("id", required=True, zh="载体编号"),
                _P(
                    "name",
                    required=True,
                    zh="所在楼宇园区",
                    aliases=(
                        "所在楼宇",
                        "楼宇名称",
                        "所在楼宇(园区/市场)",
                        "楼宇园区",
                        "所在楼宇(园区)",
                        "所在园区",
                        "所在商圈",
                        "所在市场",
                        "所在楼宇(商圈)",
                        "所在楼宇(园区、商圈、市场)",
                        "building",
                    ),
                ),
                _P(
                    "kind",
                    zh="载体类型",
                    aliases=("楼宇类型", "building kind"),
                    choices=("楼宇", "商圈", "园区", "市场"),
                ),
                _P("lat", "float", zh="纬度", min=-90, max=90),
                _P("lon", "float", zh="经度", min=-180, max=180),
            ),
        ),
        NodeType(
            "Organization",
            "credit_code",
            "两新组织",
            (
                _P(
                    "credit_code",
                    required=True,
                    check="credit_code",
                    zh="统一社会信用代码",
                    aliases=("信用代码", "社会信用代码", "credit code", "credit_code", "uscc"),
                ),
                _P(
                    "name",
                    required=True,
                    zh="单位名称",
                    aliases=("企业名称", "组织名称", "名称", "单位全称", "name"),
                ),
                _P(
                    "kind",
                    zh="单位类型",
                    aliases=("组织类型", "类型", "单位类别", "企业类型", "单位性质", "kind"),
                    choices=("enterprise", "social_org"),
                    labels=(
                        (
                            "enterprise",
                            (
                                "非公企业",
                                "企业",
                                "非公有制企业",
                                "个体工商户",
                                "民营企业",
                                "私营企业",
                                "外资企业",
                                "外商投资企业",
                                "港澳台企业",
                                "港澳台商投资企业",
                                "混合所有制企业",
                                "个体",
                            ),
                        ),  # fmt: skip
                        (
                            "social_org",
                            (
                                "社会组织",
                                "民办非企业单位",
                                "社会团体",
                                "基金会",
                                "社会服务机构",
                                "民非",
                            ),
                        ),  # fmt: skip
                    ),
                ),
                _P("industry", zh="所属行业", aliases=("行业", "行业类别", "industry")),
                _P(
                    "employees",
                    "int",
                    zh="从业人员数",
                    aliases=("从业人员", "职工人数", "员工数", "employees"),
                    min=0,
                    max=1_000_000,
                ),
                _P(
                    "revenue",
                    "float",
                    zh="营业收入(万元)",
                    aliases=("营业收入", "年营业收入(万元)", "revenue"),
                    min=0,
                ),
                _P(
                    "key",
                    "bool",
                    zh="是否重点",
                    aliases=(
                        "重点企业",
                        "是否重点企业",
                        "是否规上",
                        "是否规上企业",
                        "规上企业",
                        "规模以上",
                        "规模以上企业",
                        "是否规模以上企业",
                        "key",
                    ),
                ),  # fmt: skip
                _P(
                    "formal_members",
                    "int",
                    zh="正式党员",
                    aliases=("正式党员数", "正式党员(名)", "formal members", "formal_members"),
                    min=0,
                    max=100_000,
                ),
                _P(
                    "probationary_members",
                    "int",
                    zh="预备党员",
                    aliases=("预备党员数", "probationary members", "probationary_members"),
                    min=0,
                    max=100_000,
                ),
                CITY,  # issue 19: the prefecture-level city, when the ledgers name one
                _P("lat", "float", zh="纬度", aliases=("lat", "latitude"), min=-90, max=90),
                _P("lon", "float", zh="经度", aliases=("lon", "longitude"), min=-180, max=180),
                *REGISTRATION_PROPS,
            ),
        ),
        NodeType(
            "PartyOrg",
            "id",
            "党组织",
            (
                _P("id", required=True, zh="党组织编号", aliases=("组织编号", "party org id")),
                _P("name", required=True, zh="党组织名称", aliases=("party org name",)),
                _P(
                    "form",
                    required=True,
                    zh="组建方式",
                    aliases=("组建形式", "form"),
                    choices=("independent", "joint", "attached"),
                    labels=(
                        ("independent", ("单独组建", "独立组建", "单建")),
                        ("joint", ("联合组建", "联建")),
                        ("attached", ("挂靠组建", "挂靠", "区域兜底", "兜底", "挂靠兜底")),
                    ),
                ),
                _P(
                    "level",
                    zh="党组织类别",
                    aliases=("组织类别", "level"),
                    choices=("branch", "general_branch", "committee"),
                    labels=(
                        ("branch", ("党支部", "支部")),
                        ("general_branch", ("党总支", "总支")),
                        ("committee", ("党委",)),
                    ),
                ),
                _P(
                    "status",
                    zh="运行状态",
                    aliases=("状态", "status"),
                    choices=("normal", "weak"),
                    labels=(("normal", ("正常", "正常运行")), ("weak", ("软弱涣散", "软弱"))),
                ),
                _P(
                    "founded",
                    "date",
                    zh="成立日期",
                    aliases=("组建日期", "成立时间", "组建时间", "founded"),
                ),
                SUPERIOR,
            ),
        ),
        NodeType(
            "Member",
            "id",
            "党员",
            (
                _P("id", required=True, zh="党员编号(假名)"),
                _P("name_masked", zh="姓名", pii=True),
                _P(
                    "status",
                    required=True,
                    zh="党员类别",
                    aliases=("党员状态", "status"),
                    choices=("formal", "probationary"),
                    labels=(
                        ("formal", ("正式党员", "正式")),
                        ("probationary", ("预备党员", "预备")),
                    ),
                ),
                _P(
                    "held_by",
                    zh="关系所在类型",
                    aliases=("组织关系所在类型",),
                    choices=("employer", "talent_centre", "hr_market", "community"),
                    labels=(
                        ("employer", ("工作单位",)),
                        ("talent_centre", ("人才服务中心", "人才中心")),
                        ("hr_market", ("人力资源市场", "人才市场")),
                        ("community", ("社区", "街道社区")),
                    ),
                ),
                _P("held_at", zh="组织关系所在", aliases=("组织关系所在单位", "关系所在")),
            ),
        ),
        NodeType(
            "Instructor",
            "id",
            "党建指导员",
            (
                _P("id", required=True, zh="指导员编号", aliases=("编号", "instructor id")),
                _P("name_masked", zh="姓名", pii=True),
                _P(
                    "capacity",
                    "int",
                    zh="指导能力(家)",
                    aliases=("最多指导数", "capacity"),
                    min=0,
                    max=50,
                ),
            ),
        ),
        NodeType(
            "Platform",
            "id",
            "联席会议",
            (
                _P("id", required=True, zh="平台编号", aliases=("platform id",)),
                _P("name", required=True, zh="联席会议名称", aliases=("平台名称", "platform")),
                _P(
                    "level",
                    required=True,
                    zh="平台层级",
                    aliases=("层级", "level"),
                    choices=("city", "district", "street", "community"),
                    labels=_LEVELS,
                ),
            ),
        ),
        NodeType(
            "MemberUnit",
            "id",
            "成员单位",
            (
                _P("id", required=True, zh="成员单位编号", aliases=("member unit id",)),
                _P("name", required=True, zh="成员单位名称", aliases=("member unit",)),
                _P("kind", zh="单位类别", aliases=("成员单位类别", "unit kind")),
                _P("capacity", "int", zh="包挂能力(家)", aliases=("capacity",), min=0, max=500),
            ),
        ),
        NodeType(
            "VisitReport",
            "id",
            "走访报备",
            (
                _P("id", required=True, zh="报备编号"),
                _P("date", "date", required=True, zh="报备日期", aliases=("日期", "date")),
                _P("visited", "int", zh="走访企业数", aliases=("走访数", "visited"), min=0),
                _P(
                    "willing",
                    "int",
                    zh="有意愿组建数",
                    aliases=("有组建意愿数", "willing"),
                    min=0,
                ),
                _P(
                    "developed",
                    "int",
                    zh="发展党员数",
                    aliases=("新发展党员数", "developed"),
                    min=0,
                ),
            ),
        ),
        NodeType(
            "DemoSite",
            "id",
            "示范点",
            (
                _P("id", required=True, zh="示范点编号", aliases=("demo site id",)),
                _P("name", required=True, zh="示范点名称", aliases=("demo site",)),
                _P(
                    "designated",
                    "date",
                    zh="认定日期",
                    aliases=("命名日期", "评定日期", "designated"),
                ),
                # 三强三好: strong leadership, members, service to development;
                # good mechanisms, support, public standing (scores 0-100)
                *(
                    _P(name, "float", zh=zh, aliases=(*alias, name), min=0, max=100)
                    for name, zh, alias in (
                        ("strong_leadership", "班子强", ("领导班子强",)),
                        ("strong_members", "队伍强", ("党员队伍强",)),
                        ("strong_role", "作用强", ("作用发挥强",)),
                        ("good_mechanisms", "机制好", ("制度机制好",)),
                        ("good_support", "保障好", ("基础保障好",)),
                        ("good_standing", "形象好", ("群众评价好", "社会形象好")),
                    )
                ),
                _P("score", "float", zh="总分", aliases=("综合得分", "得分", "score"), min=0),
            ),
        ),
    )
}
NODES.update(LINE_NODES)  # issue 20, helper A: leadership lines

# issue 20, helper C: training reach and public-welfare accounts and awards
NODES.update({n.label: n for n in (*_training.NODES, *_welfare.NODES)})

# issue 20, helper B: member-relation transfers and the service circle
NODES.update(
    {n.label: n for n in (*_transfers.nodes(NODES["Member"].prop("held_by")), *_services.NODES)}
)
