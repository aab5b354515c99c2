"""The words of leadership lines (条块结合, 区域兜底) and of new registrations (源头把控):
problems, lines, the headers of ``pbgraph lines`` and ``pbgraph newregs`` and the reasons
given. Keys are the codes :mod:`pbgraph.analyses.lines` and :mod:`pbgraph.analyses.newregs`
compute.

>>> from pbgraph.labels import pick
>>> pick(LINES["social_org"], "zh")
'社会组织'
"""

from __future__ import annotations

from . import Text

#: the line (条线) of a party organization (what it covers) or of a leading body
LINES: dict[str, Text] = {
    "enterprise": ("非公", "enterprise"),
    "social_org": ("社会组织", "social organization"),
    "mixed": ("非公及社会组织", "mixed"),
    "regional": ("属地", "regional"),
    "all": ("两新", "all"),
    "none": ("—", "—"),
}

KIND_OF: dict[str, Text] = {
    "PartyOrg": ("党组织", "party organization"),
    "LeadingBody": ("领导机构", "leading body"),
}

#: what is wrong with a party organization's or a body's place in the lines
PROBLEMS: dict[str, Text] = {
    "no_superior": ("无上级党组织", "no superior"),
    "unknown_superior": ("上级党组织不在台账中", "superior in no ledger"),
    "wrong_line": ("上级条线不符", "superior of the wrong line"),
    "cycle": ("隶属关系成环", "superiors in a cycle"),
}

REASONS: dict[str, Text] = {
    "no_superior": (
        "台账未填上级党组织：应明确隶属关系，无人管的由所在街道综合党委兜底",
        "the ledger names no superior: settle who leads it; one no one leads goes to its "
        "street's 综合党委 (兜底)",
    ),
    "no_superior_body": (
        "领导机构未填上级：应隶属区县党工委或市两新工委",
        "the body names no superior: it should be under its district's 党工委 or the city's "
        "work committee",
    ),
    "unknown_superior": (
        "上级党组织“{superior}”不在领导机构台账或党组织台账中",
        "its superior {superior!r} is in neither the leading bodies' nor the party "
        "organizations' ledger",
    ),
    "wrong_line": (
        "覆盖{line}，却隶属{superior}（{superior_line}条线）：应转入{line}条线或属地综合党委",
        "covers {line} organizations but is led by {superior} ({superior_line} line): move it "
        "to the {line} line or to the regional committee",
    ),
    "cycle": (
        "上级党组织“{superior}”又隶属于本组织，隶属关系成环",
        "its superior {superior!r} is led, in turn, by it: the lines go round in a circle",
    ),
}

PROBLEM_COLUMNS: dict[str, Text] = {
    "kind": ("类别", "kind"),
    "id": ("编号", "id"),
    "name": ("名称", "name"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "line": ("覆盖条线", "line"),
    "superior": ("上级党组织", "superior"),
    "superior_line": ("上级条线", "superior's line"),
    "problem": ("问题", "problem"),
    "reason": ("原因", "reason"),
}

SUPERIOR_COLUMNS: dict[str, Text] = {
    "kind": ("类别", "kind"),
    "id": ("编号", "id"),
    "name": ("名称", "name"),
    "line": ("条线", "line"),
    "host": ("依托单位", "host"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "party_orgs": ("直接领导党组织", "party orgs led"),
    "branches": ("其中党支部", "of which branches"),
    "orgs": ("覆盖单位", "organizations"),
    "members": ("党员", "members"),
    "total_party_orgs": ("下辖党组织合计", "party orgs in all"),
    "total_branches": ("下辖党支部合计", "branches in all"),
    "total_members": ("下辖党员合计", "members in all"),
}

STREET_COLUMNS: dict[str, Text] = {
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "committee": ("街道综合党委", "street committee"),
    "party_orgs": ("直接领导党组织", "party orgs led"),
    "attached": ("其中兜底挂靠", "of which attached"),
    "orgs": ("兜底覆盖单位", "organizations covered"),
    "members": ("党员", "members"),
    "uncovered": ("未覆盖单位", "uncovered"),
    "must_build": ("其中应建未建", "must build"),
    "orphans": ("街道内无上级党组织", "party orgs with no superior"),
    "load": ("兜底任务合计", "兜底 load"),
    "reason": ("说明", "note"),
}

STREET_REASONS: dict[str, Text] = {
    "no_committee": ("本街道没有综合党委：兜底无人承担", "no street committee: no one takes in"),
    "load": (
        "领导{party_orgs}个党组织（兜底挂靠{attached}个）；待兜底：未覆盖单位{uncovered}家，"
        "无上级党组织{orphans}个",
        "leads {party_orgs} party orgs ({attached} attached); to take in: {uncovered} "
        "uncovered organizations, {orphans} party orgs with no superior",
    ),
}

UNIT_COLUMNS: dict[str, Text] = {
    "body": ("领导机构", "body"),
    "body_name": ("领导机构名称", "body name"),
    "unit": ("委员单位编号", "member unit"),
    "unit_name": ("委员单位名称", "name"),
    "duty": ("职责", "duty"),
}

# -- new registrations (源头把控) ----------------------------------------------------------

#: registering units: code -> words (a registrar written otherwise is shown as written)
REGISTRARS: dict[str, Text] = {
    "civil_affairs": ("民政局", "civil affairs bureau"),
    "market_regulation": ("市场监管局", "market regulation bureau"),
    "unknown": ("未填登记机关", "no registrar"),
}

STATES: dict[str, Text] = {
    "overdue": ("逾期未建", "overdue"),
    "pending": ("期限内未建", "within the deadline"),
    "built": ("已建党组织", "has a party organization"),
    "not_eligible": ("不足3名正式党员", "fewer than the formal members needed"),
}

NEWREG_COLUMNS: dict[str, Text] = {
    "credit_code": ("统一社会信用代码", "credit code"),
    "name": ("单位名称", "name"),
    "kind": ("单位类型", "kind"),
    "registrar": ("登记机关", "registering unit"),
    "district": ("区县", "district"),
    "street": ("街道", "street"),
    "registered": ("登记日期", "registered"),
    "days": ("登记天数", "days since"),
    "overdue_days": ("逾期天数", "days overdue"),
    "formal_members": ("正式党员", "formal members"),
    "last_visit": ("最近走访", "last visit"),
    "instructor": ("有指导员", "instructor"),
    "state": ("状态", "state"),
    "reason": ("跟进事项", "follow-up"),
}

NEWREG_SUMMARY_COLUMNS: dict[str, Text] = {
    "registrar": ("登记机关", "registering unit"),
    "district": ("区县", "district"),
    "new": ("新登记单位", "new"),
    "eligible": ("符合组建条件", "meet the conditions"),
    "built": ("已建", "built"),
    "pending": ("期限内未建", "within the deadline"),
    "overdue": ("逾期未建", "overdue"),
    "visited": ("逾期中已走访", "overdue, visited"),
    "build_rate": ("组建率", "built share"),
}

NEWREG_REASONS: dict[str, Text] = {
    "overdue": (
        "{registrar}登记{days}天，正式党员{members}名，仍未建立党组织（期限{limit}天，逾期{over}天）",
        "registered by the {registrar} {days} days ago, {members} formal members, still no "
        "party organization ({limit}-day limit, {over} days over)",
    ),
    "pending": (
        "{registrar}登记{days}天，正式党员{members}名，尚未建立党组织（还有{left}天）",
        "registered by the {registrar} {days} days ago, {members} formal members, no party "
        "organization yet ({left} days left)",
    ),
    "visited": ("；{date}已走访，跟进未结", "; visited on {date}, follow-up still open"),
    "not_visited": ("；登记后未走访", "; not visited since registration"),
    "instructor": ("；已有党建指导员", "; an instructor guides it"),
}
