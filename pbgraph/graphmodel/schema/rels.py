"""The relationship types of the ledger graph, and the analyses' results written back to a
store apart from it."""

from __future__ import annotations

from . import services as _services
from . import training as _training
from . import transfers as _transfers
from . import welfare as _welfare
from .lines import LINE_RELS  # issue 20, helper A: leadership lines
from .model import NodeType, Prop, RelType

_P = Prop

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
    *_training.RELS,  # issue 20, helper C
    *_welfare.RELS,
    *_transfers.RELS,  # issue 20, helper B
    *_services.RELS,
    *LINE_RELS,  # issue 20, helper A
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
