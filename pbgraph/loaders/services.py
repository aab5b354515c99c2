"""The service circle's ledgers (服务圈): service projects (党建服务项目台账) -> a
``ServiceProject`` ``OFFERED_BY`` a member unit or an organization and ``IN`` its street or
district; service needs (服务需求台账) -> a ``ServiceNeed`` ``RAISED_BY`` an organization,
``IN`` its street, and ``SERVED_BY`` the project that met it (with the participant's score).

A project's provider is named by member unit id (成员单位编号), by the credit code of an
organization, or by name (提供单位: a member unit's or an organization's, matched as the
other ledgers match names); a need's organization by credit code or by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..graphmodel.schema import FIELDS, NODES, rel
from .names import one_line, same_name

if TYPE_CHECKING:  # the loaders' modules import the kinds: only names here
    from .batch import Batch, Context
    from .ledgers import LedgerKind

__all__ = ["BUILDERS", "KEY_FIELDS", "LOAD_AFTER", "kinds"]

#: projects before the needs that name them, after the member units and organizations
LOAD_AFTER = ("service-projects", "service-needs")
KEY_FIELDS = {"service-projects": ("id",), "service-needs": ("id",)}

OFFERED_BY_UNIT = rel("OFFERED_BY", "ServiceProject", "MemberUnit")
OFFERED_BY_ORG = rel("OFFERED_BY", "ServiceProject", "Organization")
PROJECT_IN = rel("IN", "ServiceProject", "Region")
RAISED_BY = rel("RAISED_BY", "ServiceNeed", "Organization")
NEED_IN = rel("IN", "ServiceNeed", "Region")
SERVED_BY = rel("SERVED_BY", "ServiceNeed", "ServiceProject")
_Problem = tuple[str, ...] | None


def kinds() -> tuple[LedgerKind, ...]:
    """The two kinds, their columns from the schema."""
    from .ledgers import Column, LedgerKind

    p, n, org = NODES["ServiceProject"], NODES["ServiceNeed"], NODES["Organization"]
    place = (Column("district", FIELDS["district"]), Column("street", FIELDS["street"]))
    projects = LedgerKind(
        "service-projects",
        "党建服务项目台账",
        (
            Column("id", p.prop("id"), True),
            Column("name", p.prop("name"), True),
            Column("type", p.prop("type"), True),
            Column("capacity", p.prop("capacity"), True),
            Column("date", p.prop("date")),
            Column("place", p.prop("place")),
            Column("provider_name", FIELDS["provider_name"]),
            Column("provider_unit", NODES["MemberUnit"].prop("id")),
            Column("provider_code", org.prop("credit_code")),
            Column("district", FIELDS["district"], True),
            Column("street", FIELDS["street"]),
        ),
        file_format="xlsx",
        signature=("id", "name", "type", "capacity", "date", "place", "provider_name"),
    )
    needs = LedgerKind(
        "service-needs",
        "服务需求台账",
        (
            Column("id", n.prop("id"), True),
            Column("credit_code", org.prop("credit_code")),
            Column("org_name", org.prop("name")),
            *place,
            Column("type", n.prop("type"), True),
            Column("date", n.prop("date"), True),
            Column("content", n.prop("content")),
            Column("served_by", FIELDS["served_by"]),
            Column("score", n.prop("score")),
        ),
        file_format="xlsx",
        # its own columns: a list of organizations (code, name, district, street) is not one
        signature=("id", "type", "date", "content", "served_by", "score"),
    )
    return projects, needs


def _by_name(ctx: Context, name: str) -> tuple[str | None, str | None, _Problem]:
    """A provider named in words: ``(member unit, organization, problem)``."""
    units = ctx.by_name("MemberUnit").get(same_name(name), [])
    orgs = [] if units else ctx.org_by_name(name)
    if len(units) == 1:
        return units[0], None, None
    if len(orgs) == 1:
        return None, orgs[0], None
    many = len(units) > 1 or len(orgs) > 1
    return (
        None,
        None,
        (
            "provider_name",
            name,
            "提供单位名称对应多个单位，请填写成员单位编号或信用代码 (the name matches several "
            "units; add the member unit id or the credit code)"
            if many
            else "提供单位不在成员单位或两新组织台账中 (no member unit or organization of that "
            "name)",
        ),
    )


def _provider(v: dict[str, Any], ctx: Context) -> tuple[str | None, str | None, _Problem]:
    unit, code = v.get("provider_unit"), v.get("provider_code")
    if unit and not ctx.has("MemberUnit", unit):
        return (
            None,
            None,
            (
                "provider_unit",
                unit,
                f"成员单位编号不存在 (no member unit {unit}; load the platforms ledger first)",
            ),
        )
    if code and not ctx.has("Organization", code):
        return (
            None,
            None,
            (
                "provider_code",
                code,
                f"单位不在两新组织台账中 (no organization with credit code {code} in the store "
                "or this load)",
            ),
        )
    if not unit and not code and v.get("provider_name"):
        return _by_name(ctx, one_line(v["provider_name"]))
    return unit, code, None


def _b_project(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    unit, code, problem = _provider(v, ctx)
    if problem:
        return problem
    pid = v["id"]
    b.node("ServiceProject", pid, name=one_line(v["name"]), type=v["type"],
           capacity=v["capacity"], date=v.get("date"), place=v.get("place"))  # fmt: skip
    if unit:
        b.rel(OFFERED_BY_UNIT, pid, unit)
    if code:
        b.rel(OFFERED_BY_ORG, pid, code)
    region = b.region(v["district"], v.get("street"))
    assert region is not None
    b.rel(PROJECT_IN, pid, region)
    return None


def _need_org(v: dict[str, Any], ctx: Context) -> tuple[str | None, _Problem]:
    code = v.get("credit_code")
    if code:
        if not ctx.has("Organization", code):
            return None, (
                "credit_code",
                code,
                f"单位不在两新组织台账中 (no organization with credit code {code} in the store "
                "or this load)",
            )
        return code, None
    if not v.get("org_name"):
        return None, (
            "credit_code",
            "",
            "缺少统一社会信用代码或单位名称 (the row names no organization: credit code or name)",
            "required",
        )
    codes = ctx.org_by_name(v["org_name"])
    if len(codes) != 1:
        return None, (
            "org_name",
            v["org_name"],
            "单位名称对应多个单位，请填写信用代码 (the name matches several organizations; add "
            "the credit code)"
            if codes
            else "单位不在两新组织台账中 (no organization of that name; check the name or add "
            "its credit code)",
        )
    return codes[0], None


def _b_need(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    code, problem = _need_org(v, ctx)
    if problem:
        return problem
    served = v.get("served_by")
    if served and not ctx.has("ServiceProject", served):
        return (
            "served_by",
            served,
            f"服务项目编号不存在 (no service project {served}; load the projects ledger first)",
        )
    if v.get("score") is not None and not served:
        return (
            "score",
            str(v["score"]),
            "有评价得分却没有对接项目编号 (a feedback score, but no project that served the need)",
            "value",
        )
    nid = v["id"]
    content = one_line(v["content"]) if v.get("content") else None
    b.node("ServiceNeed", nid, type=v["type"], date=v["date"], content=content,
           score=v.get("score"))  # fmt: skip
    assert code is not None
    b.rel(RAISED_BY, nid, code)
    if served:
        b.rel(SERVED_BY, nid, served)
    region = b.region(v.get("district"), v.get("street"))
    if region:
        b.rel(NEED_IN, nid, region)
    return None


BUILDERS = {"service-projects": _b_project, "service-needs": _b_need}
