"""The domain schema, as data: the single source of truth for the whole tool.

Neo4j constraints, the embedded store's tables, ledger column aliases, value validation and
the networkx projection are all derived from the objects below; nothing restates them.

Refinements of the target model (docs/design.md#the-graph-model), with reasons:

* ``Region.code`` is the path of names (``"历下区/泉城路街道"``): ledgers carry names of
  districts and streets, not statistical division codes, so the names are the natural key.
  A real division code, when a ledger has one, is kept as ``division_code``.
* ``Building.id`` is ``"<district>/<name>"``: building, park and market names repeat across
  a city but not within a district.
* ``VisitReport.id`` is ``"<street code>|<YYYY-MM-DD>"``: one report per street per day; a
  late correction for the same street and day replaces the earlier one's figures (a blank
  cell keeps the stored figure). The organizations a report names are ``VISITED``; a
  correction adds to them (a relationship is never removed by a load).
* ``DemoSite`` (示范点) is a node of its own, not a flag on an organization: a site is an
  organization or a party organization (a joint branch is one too), so it points at either
  with ``SITE_OF``, and carries the six 三强三好 scores and the date it was designated.
* Coverage snapshots (``pbgraph load --as-of DATE``) are result runs: ``(:AnalysisRun
  {analysis: "coverage-snapshot-<date>"})-[:SNAPSHOT {category, street}]->(:Organization)``,
  replaced when the same date is loaded again, never part of the ledger graph.
* Where a party member's relation is held (talent centre, HR market, community) is a
  property of the member (``held_by``/``held_at``); the employer is ``WORKS_AT``.
* ``GUIDES`` ends at an ``Organization`` (work coverage) or at a ``PartyOrg`` (joint
  branches, weak organizations): two relationship types share one name.
* Relationship types marked ``single`` allow one relationship per start node: loading a newer
  ledger (an organization moved to another street) replaces the old one instead of adding.

Examples
--------
>>> NODES["Organization"].key
'credit_code'
>>> [r.type for r in rels_from("Organization")]
['LOCATED_IN', 'IN_BUILDING']
>>> node_id("Organization", "91350100M000100Y43")
'Organization:91350100M000100Y43'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

__all__ = [
    "NODES",
    "RELS",
    "RESULT_NODES",
    "RESULT_RELS",
    "SCHEMA_VERSION",
    "FIELDS",
    "NodeType",
    "Prop",
    "RelType",
    "node_id",
    "rel",
    "rels_from",
    "split_node_id",
]

SCHEMA_VERSION = 1

PropType = Literal["str", "int", "float", "bool", "date"]


@dataclass(frozen=True)
class Prop:
    """A property of a node or relationship, and how ledgers name it.

    ``zh`` is the canonical Chinese column header, ``aliases`` the other headers people
    write (Chinese variants and English). ``check`` names an identifier check of
    :mod:`pbgraph.graphmodel.identifiers`; ``pii`` marks personal data that is never stored
    in clear and is masked in every output.
    """

    name: str
    type: PropType = "str"
    zh: str = ""
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    check: str | None = None
    pii: bool = False
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    many: bool = False

    def label_of(self, value: str) -> str:
        """The ledger's (Chinese) word for a choice value; the value itself if it has none."""
        for v, words in self.labels:
            if v == value:
                return words[0]
        return value


@dataclass(frozen=True)
class NodeType:
    """A node label, its key property and its other properties."""

    label: str
    key: str
    zh: str
    props: tuple[Prop, ...]

    def prop(self, name: str) -> Prop:
        for p in self.props:
            if p.name == name:
                return p
        raise KeyError(f"{self.label} has no property {name!r}")

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


@dataclass(frozen=True)
class RelType:
    """A relationship type between two labels.

    ``single``: a start node has at most one relationship of this type (to this end label);
    upserting a new one replaces the old.
    """

    type: str
    start: str
    end: str
    zh: str
    props: tuple[Prop, ...] = field(default=())
    single: bool = False

    @property
    def name(self) -> str:
        """Unique name of the (type, start, end) triple: ``GUIDES_Instructor_PartyOrg``."""
        return f"{self.type}_{self.start}_{self.end}"


_P = Prop
_LEVELS = (
    ("city", ("市级", "市")),
    ("district", ("区县级", "区级", "县级", "区县")),
    ("street", ("街道级", "街道", "镇街")),
    ("community", ("社区级", "社区", "村居")),
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
                _P("lat", "float", zh="纬度", aliases=("lat", "latitude"), min=-90, max=90),
                _P("lon", "float", zh="经度", aliases=("lon", "longitude"), min=-180, max=180),
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

#: Ledger columns that are not node properties: where things are, whom they point to.
FIELDS: dict[str, Prop] = {
    p.name: p
    for p in (
        _P("district", zh="所属区县", aliases=("区县", "所在区县", "区(县)", "district")),
        _P(
            "street",
            zh="所属街道",
            aliases=("街道", "所在街道", "街道(镇)", "所属街道(镇)", "镇街", "street"),
        ),
        _P("community", zh="所在社区", aliases=("社区", "所属社区", "community")),
        _P(
            "resident_id",
            zh="公民身份号码",
            aliases=("身份证号", "身份证号码", "resident id"),
            check="resident_id",
            pii=True,
        ),
        _P("phone", zh="联系电话", aliases=("手机号码", "手机", "电话", "phone"), pii=True),
        _P("employer", zh="工作单位", aliases=("工作单位名称", "employer")),
        _P(
            "employer_code",
            zh="工作单位统一社会信用代码",
            aliases=("工作单位信用代码", "employer credit code"),
            check="credit_code",
        ),
        _P(
            "covered_codes",
            zh="覆盖单位统一社会信用代码",
            aliases=("覆盖单位信用代码", "covered credit codes"),
            check="credit_code",
            many=True,
        ),
        _P(
            "guided_codes",
            zh="指导单位统一社会信用代码",
            aliases=("指导单位信用代码", "guided credit codes"),
            check="credit_code",
            many=True,
        ),
        _P(
            "guided_party_orgs",
            zh="指导党组织编号",
            aliases=("guided party orgs",),
            many=True,
        ),
        _P(
            "paired_code",
            zh="包挂单位统一社会信用代码",
            aliases=("包挂企业统一社会信用代码", "结对单位统一社会信用代码", "paired credit code"),
            check="credit_code",
        ),
        _P("paired_name", zh="包挂单位名称", aliases=("包挂企业名称", "paired name")),
        # -- the combined organizations ledger: what an office writes inline on each row
        _P(
            "has_party_org",
            "bool",
            zh="是否建立党组织",
            aliases=(
                "是否成立党组织",
                "是否建立",
                "是否成立",
                "有无党组织",
                "是否已建立党组织",
                "是否单独建立党组织",
            ),
        ),  # fmt: skip
        _P("party_org_name", zh="党组织名称", aliases=("所在党组织名称", "党组织全称")),
        replace(
            NODES["PartyOrg"].prop("form"),
            name="party_org_form",
            required=False,
            zh="组建方式",
            aliases=("组建形式", "党组织组建形式", "党组织组建方式", "建立方式"),
        ),
        replace(
            NODES["PartyOrg"].prop("level"),
            name="party_org_level",
            zh="党组织类别",
            aliases=("党组织类型", "党组织层级"),
        ),
        replace(
            NODES["PartyOrg"].prop("status"),
            name="party_org_status",
            zh="党组织运行状态",
            aliases=("运行状态", "运行情况"),
        ),
        replace(
            NODES["PartyOrg"].prop("founded"),
            name="party_org_founded",
            zh="党组织成立时间",
            aliases=("党组织成立日期", "党组织组建时间", "成立时间", "成立日期", "组建时间"),
        ),
        _P(
            "instructors",
            zh="党建指导员",
            aliases=(
                "党建工作指导员",
                "联系指导员",
                "党建指导员姓名",
                "指导员",
                "党建指导员(联系电话)",
                "党建指导员及联系电话",
                "党建指导员(电话)",
            ),
            check="person_names",
            many=True,
            pii=True,
        ),  # fmt: skip
        _P(
            "paired_units",
            zh="包挂单位",
            aliases=(
                "联系包挂单位",
                "联系单位",
                "包挂成员单位",
                "结对单位",
                "包挂联系单位",
                "结对共建单位",
                "包联单位",
            ),
            check="unit_names",
            many=True,
        ),  # fmt: skip
        _P(
            "member_total",
            "int",
            zh="党员人数",
            aliases=("党员数", "党员总数", "党员合计", "党员(人)", "党员人数(人)", "党员(名)"),
            min=0,
            max=100_000,
        ),
        _P(
            "visited_codes",
            zh="走访单位统一社会信用代码",
            aliases=("走访企业统一社会信用代码", "visited credit codes"),
            check="credit_code",
            many=True,
        ),
    )
}

RELS: tuple[RelType, ...] = (
    RelType("PART_OF", "Region", "Region", "隶属", single=True),
    RelType("IN", "Building", "Region", "位于街道", single=True),
    RelType("LOCATED_IN", "Organization", "Region", "所在街道", single=True),
    RelType("IN_BUILDING", "Organization", "Building", "所在楼宇", single=True),
    RelType("COVERS", "PartyOrg", "Organization", "覆盖"),
    RelType("WORKS_AT", "Member", "Organization", "工作单位", single=True),
    RelType("HELD_IN", "Member", "Region", "关系所在社区", single=True),
    RelType("BASED_IN", "Instructor", "Region", "所在街道", single=True),
    RelType("GUIDES", "Instructor", "Organization", "指导"),
    RelType("GUIDES", "Instructor", "PartyOrg", "指导"),
    RelType("AT", "Platform", "Region", "所在区域", single=True),
    RelType("MEMBER_OF", "MemberUnit", "Platform", "成员"),
    RelType("PAIRED_WITH", "MemberUnit", "Organization", "包挂"),
    RelType("FOR", "VisitReport", "Region", "报备街道", single=True),
    RelType("VISITED", "VisitReport", "Organization", "走访"),
    RelType("SITE_OF", "DemoSite", "Organization", "示范单位"),
    RelType("SITE_OF", "DemoSite", "PartyOrg", "示范党组织"),
    RelType("IN", "DemoSite", "Region", "示范点所在街道", single=True),
)


#: Analysis results written back to a store, apart from the ledger graph (``graph()`` never
#: returns them). A run of an analysis replaces the previous run's results.
RESULT_NODES: dict[str, NodeType] = {
    "AnalysisRun": NodeType(
        "AnalysisRun",
        "id",
        "分析运行",
        (
            _P("id", required=True),
            _P("analysis", required=True),
            _P("created", required=True),
            _P("params"),
        ),
    )
}
RESULT_RELS: tuple[RelType, ...] = (
    RelType(
        "FLAGS",
        "AnalysisRun",
        "Organization",
        "标记",
        (_P("category"), _P("reason")),
    ),
    # joint-formation proposals (pbgraph group): the organization's proposed group and why
    RelType(
        "PROPOSES",
        "AnalysisRun",
        "Organization",
        "建议联合组建",
        (_P("group_id"), _P("group_name"), _P("reason")),
    ),
    # balancing plans (pbgraph balance): who serves the item after the plan, why, and
    # whether it is an existing assignment kept. Rooted at the run (not at the Instructor)
    # so that a new run replaces the old plan by deleting one run node, as for FLAGS.
    RelType(
        "ASSIGNS",
        "AnalysisRun",
        "Organization",
        "指导员安排",
        (_P("instructor"), _P("reason"), _P("kept", "bool")),
    ),
    RelType(
        "ASSIGNS",
        "AnalysisRun",
        "PartyOrg",
        "指导员安排",
        (_P("instructor"), _P("reason"), _P("kept", "bool")),
    ),
    RelType(
        "PAIRS",
        "AnalysisRun",
        "Organization",
        "包挂安排",
        (_P("member_unit"), _P("reason"), _P("kept", "bool")),
    ),
    # coverage snapshots (pbgraph load --as-of DATE): the category of every organization
    # at that date and its street, one run per date ("coverage-snapshot-<date>")
    RelType(
        "SNAPSHOT",
        "AnalysisRun",
        "Organization",
        "覆盖快照",
        (_P("category"), _P("street")),
    ),
)


def rel(type: str, start: str, end: str) -> RelType:
    """The relationship type ``(start)-[type]->(end)`` of the schema."""
    for r in (*RELS, *RESULT_RELS):
        if (r.type, r.start, r.end) == (type, start, end):
            return r
    raise KeyError(f"no relationship ({start})-[{type}]->({end}) in the schema")


def rels_from(label: str) -> list[RelType]:
    """Relationship types starting at ``label``, in schema order."""
    return [r for r in RELS if r.start == label]


def node_id(label: str, key: Any) -> str:
    """The networkx node id of a node: ``"<label>:<key>"``."""
    return f"{label}:{key}"


def split_node_id(nid: str) -> tuple[str, str]:
    """Inverse of :func:`node_id`.

    >>> split_node_id("Region:历下区/泉城路街道")
    ('Region', '历下区/泉城路街道')
    """
    label, _, key = nid.partition(":")
    return label, key
