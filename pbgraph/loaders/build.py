"""Validated rows -> nodes and relationships: a builder per ledger kind checks what a row
refers to (an organization, a party organization, a member unit: in the store or this
load) and writes the row's nodes and relationships into a :class:`~.batch.Batch`, or
says why the row is rejected."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ..keys import pseudonym
from . import services as _services
from . import training as _training
from . import transfers as _transfers
from . import welfare as _welfare
from .batch import (
    AT_PLATFORM_REGION,
    BASED_IN_INSTRUCTOR_REGION,
    COVERS_PARTYORG_ORGANIZATION,
    FOR_VISITREPORT_REGION,
    GUIDES_INSTRUCTOR_ORGANIZATION,
    GUIDES_INSTRUCTOR_PARTYORG,
    HELD_IN_MEMBER_REGION,
    IN_BUILDING_ORGANIZATION_BUILDING,
    IN_BUILDING_REGION,
    IN_DEMOSITE_REGION,
    LOCATED_IN_ORGANIZATION_REGION,
    MEMBER_OF_MEMBERUNIT_PLATFORM,
    NO_PROPS,
    PAIRED_WITH_MEMBERUNIT_ORGANIZATION,
    SITE_OF_DEMOSITE_ORGANIZATION,
    SITE_OF_DEMOSITE_PARTYORG,
    VISITED_VISITREPORT_ORGANIZATION,
    WORKS_AT_MEMBER_ORGANIZATION,
    Batch,
    Context,
    Inline,
    Shared,
)
from .inline import party_org_named
from .ledgers import LedgerKind
from .lines import LINE_BUILDERS
from .names import one_line
from .privacy import scrub_column
from .quick import org_rows
from .validate import KindSummary, Reject, Rows
from .values import mask_name, mask_value

if TYPE_CHECKING:  # networkx comes with the store: reading a ledger needs neither
    from ..stores.base import Store

__all__ = ["build_kind", "load_kind"]


def load_kind(
    kind: LedgerKind,
    batches: list[Rows],
    summary: KindSummary,
    store: Store,
    secret: bytes,
    rejects: list[Reject],
    shared: Shared,
) -> None:
    batch = build_kind(kind, batches, summary, store, secret, rejects, shared)
    batch.write(store, shared.keys)
    shared.wrote(batch)


def build_kind(
    kind: LedgerKind,
    batches: list[Rows],
    summary: KindSummary,
    store: Store,
    secret: bytes,
    rejects: list[Reject],
    shared: Shared,
) -> Batch:
    """The batch of one kind's rows: what is rejected goes to ``rejects``, and ``summary``
    counts it; ``store`` is only read (:class:`~.batch.Context`)."""
    batch = Batch()
    build = _BUILDERS[kind.name]
    ctx = Context(store, secret, shared)
    free = _free_text(kind)
    for rows in batches:
        _scrub(rows, free)
        each = _QUICK.get(kind.name, _rows)
        for number, problem in each(build, batch, rows, ctx):
            if problem:
                column, value, message, *rule = problem
                col = kind.column(column)
                rejects.append(
                    Reject(
                        str(rows.sheet.path),
                        rows.sheet.sheet,
                        number,
                        col.header,
                        mask_value(col.prop, value),
                        rule[0] if rule else "reference",
                        message,
                    )
                )
                summary.rejected += 1
            else:
                summary.loaded += 1
    return batch


def _rows(build: _Builder, b: Batch, rows: Rows, ctx: Context) -> Iterator[tuple[int, _Problem]]:
    """Each row to load built by ``build``: its number and its problem, if any."""
    for number, values in rows.records():
        ctx.where = (rows.sheet, number)
        yield number, build(b, values, ctx)


_ORG_PROPS = ("name", "kind", "industry", "employees", "revenue", "key", "formal_members",
              "probationary_members", "lat", "lon", "registered", "registrar",
              "city")  # fmt: skip
_ORG_INLINE = ("has_party_org", "party_org_name", "party_org_form", "instructors", "paired_units")


def _org_rows(
    build: _Builder, b: Batch, rows: Rows, ctx: Context
) -> Iterator[tuple[int, _Problem]]:
    """The rows of an organizations ledger as :func:`_b_org` builds them, a run of rows at
    once (:func:`pbgraph.loaders.quick.org_rows`): a row that names a party organization,
    instructors or paired units inline, or whose member counts disagree, goes through
    :func:`_b_org` itself."""
    return org_rows(build, b, rows, ctx, _ORG_PROPS, _ORG_INLINE)


_MEMBER_COLUMNS = ("employer_code", "employer", "resident_id", "name", "status", "held_by",
                   "held_at", "district", "street", "community")  # fmt: skip
_MEMBER_PROPS = ("name_masked", "status", "held_by", "held_at")


def _member_rows(
    build: _Builder, b: Batch, rows: Rows, ctx: Context
) -> Iterator[tuple[int, _Problem]]:
    """The rows of a members ledger as :func:`_b_member` builds them, without a dict per
    row: a row without a resident ID, or whose employer is unknown or ambiguous, goes
    through :func:`_b_member` itself (and its message)."""
    col = rows.column
    data = zip(rows.sheet.row_numbers, *(col(f) for f in _MEMBER_COLUMNS), strict=True)
    members = b.nodes["Member"]
    works_at = b.rels[WORKS_AT_MEMBER_ORGANIZATION]
    held_in = b.rels[HELD_IN_MEMBER_REGION]
    secret = ctx.secret
    for r, (number, code, employer, rid, name, status, held_by, held_at, district, street,
            community) in enumerate(data):  # fmt: skip
        if not rows.ok[r]:
            continue
        if code:
            known = ctx.has("Organization", code)
        elif employer:
            codes = ctx.org_by_name(employer)
            known, code = len(codes) == 1, codes[0] if codes else None
        else:
            known = True
        if not (rid and known):
            ctx.where = (rows.sheet, number)
            yield number, build(b, rows.values(r), ctx)
            continue
        member = pseudonym(secret, "M", rid)
        members.add(
            member, _MEMBER_PROPS, (mask_name(name or "") or None, status, held_by, held_at)
        )
        if code:
            works_at[(member, code)] = NO_PROPS
        if community:
            region = b.region(district, street, community)
            if region and region.count("/") == 2:
                held_in[(member, region)] = NO_PROPS
        yield number, None


#: kinds whose rows are built column by column, each row a dict only when it needs one
_QUICK = {"organizations": _org_rows, "members": _member_rows}


def _free_text(kind: LedgerKind) -> list[str]:
    """The fields of ``kind`` that hold free text (not personal data, identifiers, codes or
    choices): where an office may have typed an ID or phone number, or a person's name."""
    return [
        c.field
        for c in kind.columns
        if c.prop.type == "str" and not (c.prop.pii or c.prop.check or c.prop.choices)
        and not c.field.endswith(("id", "ids", "_orgs", "code", "codes"))
    ]  # fmt: skip


def _scrub(rows: Rows, free: list[str]) -> None:
    """Mask ID and phone numbers in the free-text columns, and a row's own person's name
    (members', instructors' ledgers) wherever else the row repeats it."""
    for i, f in enumerate(rows.fields):
        if f in free:
            rows.columns[i] = scrub_column(rows.columns[i])
    if "name" not in rows.fields or "name" in free:
        return
    names = rows.column("name")
    for f in (f for f in rows.fields if f in free):
        cells = rows.column(f)
        for r, (name, cell) in enumerate(zip(names, cells, strict=True)):
            if name and cell and len(name) > 1 and name in cell:
                cells[r] = cell.replace(name, mask_name(name))


_Problem = tuple[str, ...] | None  # (column field, value, message[, rule])
_Builder = Callable[[Batch, dict[str, Any], Context], _Problem]
_MEMBER_ID = re.compile(r"M-[0-9a-f]{16}")


def _missing_org(field: str, code: str) -> tuple[str, str, str]:
    return (
        field,
        code,
        f"单位不在两新组织台账中 (no organization with credit code {code} in the store or this load)",
    )


def _unknown_orgs(ctx: Context, v: dict[str, Any], field: str) -> _Problem:
    """The first credit code of a multi-valued column that names no organization."""
    codes = v.get(field)
    if not codes or ctx.has_all("Organization", codes):
        return None
    return _missing_org(field, next(c for c in codes if not ctx.has("Organization", c)))


def _b_org(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    total = v.get("member_total")
    if total is not None and v.get("formal_members") is None:
        # 党员人数 with 其中：预备党员: the formal members are the rest
        probationary = v.get("probationary_members") or 0
        if probationary > total:
            return (
                "probationary_members",
                str(probationary),
                f"其中预备党员({probationary})多于党员人数({total}) "
                f"(probationary members {probationary} exceed the total {total})",
                "value",
            )
        v["formal_members"] = total - probationary
    has, po_name, form = v.get("has_party_org"), v.get("party_org_name"), v.get("party_org_form")
    if has is False and (po_name or form):
        return (
            "has_party_org",
            "否",
            f"是否建立党组织为“否”，却填写了党组织（{po_name or form}） (says it has no party "
            f"organization, but names one: {po_name or form})",
            "value",
        )
    for k in ("name", "building"):
        if v.get(k):
            v[k] = one_line(v[k])
    street = b.region(v["district"], v["street"])
    assert street is not None
    if has or po_name or form or v.get("instructors") or v.get("paired_units"):
        assert ctx.where is not None
        ctx.shared.inline.append(
            Inline(v, v["credit_code"], v["district"], v["street"], *ctx.where)
        )
    props = {k: v.get(k) for k in _ORG_PROPS}
    code = b.node("Organization", v["credit_code"], **props)
    b.rel(LOCATED_IN_ORGANIZATION_REGION, code, street)
    if v.get("building"):
        bid = b.node(
            "Building",
            f"{v['district']}/{v['building']}",
            name=v["building"],
            kind=v.get("building_kind"),
        )
        b.rel(IN_BUILDING_REGION, bid, street)
        b.rel(IN_BUILDING_ORGANIZATION_BUILDING, code, bid)
    return None


def _b_party_org(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    if problem := _unknown_orgs(ctx, v, "covered_codes"):
        return problem
    ctx.shared.party_org_places[v["id"]] = (v.get("district"), v.get("street"))
    pid = b.node(
        "PartyOrg",
        v["id"],
        **{k: v.get(k) for k in ("name", "form", "level", "status", "founded", "superior")},
    )
    covers = b.rels[COVERS_PARTYORG_ORGANIZATION]
    for code in v.get("covered_codes") or ():
        covers[(pid, code)] = NO_PROPS
    return None


def _b_member(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    employer = None
    if v.get("employer_code"):
        employer = v["employer_code"]
        if not ctx.has("Organization", employer):
            return _missing_org("employer_code", employer)
    elif v.get("employer"):
        codes = ctx.org_by_name(v["employer"])
        if len(codes) > 1:
            return (
                "employer",
                v["employer"],
                f"工作单位名称对应多个单位，请填写信用代码 (employer name matches {len(codes)} organizations; add its credit code)",
            )
        if not codes:
            return (
                "employer",
                v["employer"],
                "工作单位不在两新组织台账中 (no organization of that name; check the name or add its credit code)",
            )
        employer = codes[0]
    if v.get("resident_id"):
        member = pseudonym(ctx.secret, "M", v["resident_id"])
    elif v.get("member_id") and _MEMBER_ID.fullmatch(v["member_id"]):
        member = v["member_id"]  # a ledger exported by pbgraph: pseudonyms, never IDs
    elif v.get("member_id"):
        return (
            "member_id",
            v["member_id"],
            "党员编号格式不对 (not a pbgraph member pseudonym M-…)",
            "value",
        )
    else:
        return ("resident_id", "", "缺少公民身份号码 (resident ID number is missing)", "required")
    mid = b.node(
        "Member",
        member,
        name_masked=mask_name(v.get("name") or "") or None,
        status=v["status"],
        held_by=v.get("held_by"),
        held_at=v.get("held_at"),
    )
    if employer:
        b.rel(WORKS_AT_MEMBER_ORGANIZATION, mid, employer)
    if v.get("community"):
        region = b.region(v.get("district"), v.get("street"), v["community"])
        if region and region.count("/") == 2:
            b.rel(HELD_IN_MEMBER_REGION, mid, region)
    return None


def _b_instructor(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    if problem := _unknown_orgs(ctx, v, "guided_codes"):
        return problem
    for pid in v.get("guided_party_orgs") or []:
        if not ctx.has("PartyOrg", pid):
            return (
                "guided_party_orgs",
                pid,
                f"党组织编号不存在 (no party organization {pid} in the store or this load)",
            )
    iid = b.node(
        "Instructor",
        v["id"],
        name_masked=mask_name(v.get("name") or "") or None,
        capacity=v.get("capacity"),
    )
    ctx.shared.instructor_places[v["id"]] = (v.get("district"), v.get("street"))
    street = b.region(v["district"], v["street"])
    assert street is not None
    b.rel(BASED_IN_INSTRUCTOR_REGION, iid, street)
    for code in v.get("guided_codes") or []:
        b.rel(GUIDES_INSTRUCTOR_ORGANIZATION, iid, code)
    for pid in v.get("guided_party_orgs") or []:
        b.rel(GUIDES_INSTRUCTOR_PARTYORG, iid, pid)
    return None


def _b_platform(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    pid = b.node("Platform", v["platform_id"], name=v["platform_name"], level=v["platform_level"])
    region = b.region(v.get("district"), v.get("street"))
    if region:
        b.rel(AT_PLATFORM_REGION, pid, region)
    uid = b.node(
        "MemberUnit",
        v["unit_id"],
        name=v["unit_name"],
        kind=v.get("unit_kind"),
        capacity=v.get("unit_capacity"),
    )
    b.rel(MEMBER_OF_MEMBERUNIT_PLATFORM, uid, pid)
    return None


def _b_pairing(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    if not ctx.has("MemberUnit", v["unit_id"]):
        return (
            "unit_id",
            v["unit_id"],
            f"成员单位编号不存在 (no member unit {v['unit_id']}; load the platforms ledger first)",
        )
    if not ctx.has("Organization", v["paired_code"]):
        return _missing_org("paired_code", v["paired_code"])
    b.rel(PAIRED_WITH_MEMBERUNIT_ORGANIZATION, v["unit_id"], v["paired_code"])
    return None


def _b_visit(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    if problem := _unknown_orgs(ctx, v, "visited_codes"):
        return problem
    street = b.region(v["district"], v["street"])
    assert street is not None
    vid = b.node(
        "VisitReport",
        f"{street}|{v['date'].isoformat()}",
        date=v["date"],
        visited=v.get("visited"),
        willing=v.get("willing"),
        developed=v.get("developed"),
    )
    b.rel(FOR_VISITREPORT_REGION, vid, street)
    for code in v.get("visited_codes") or []:
        b.rel(VISITED_VISITREPORT_ORGANIZATION, vid, code)
    return None


_SCORES = ("strong_leadership", "strong_members", "strong_role", "good_mechanisms",
           "good_support", "good_standing", "score")  # fmt: skip


def _b_demo_site(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    code, pid = v.get("credit_code"), v.get("party_org")
    if not pid and v.get("party_org_name"):
        name = v["party_org_name"]
        pid = party_org_named(ctx, name, v["district"], v["street"])
        if pid is None:
            return (
                "party_org_name",
                name,
                f"街道内没有这个名称的党组织 (no party organization named {name} in "
                f"{v['district']}{v['street']}, in the store or this load)",
            )
    if code and not ctx.has("Organization", code):
        return _missing_org("credit_code", code)
    if pid and not ctx.has("PartyOrg", pid):
        return (
            "party_org",
            pid,
            f"党组织编号不存在 (no party organization {pid} in the store or this load)",
        )
    sid = b.node(
        "DemoSite",
        v["id"],
        name=v["name"],
        designated=v.get("designated"),
        **{k: v.get(k) for k in _SCORES},
    )
    street = b.region(v["district"], v["street"])
    assert street is not None
    b.rel(IN_DEMOSITE_REGION, sid, street)
    if code:
        b.rel(SITE_OF_DEMOSITE_ORGANIZATION, sid, code)
    if pid:
        b.rel(SITE_OF_DEMOSITE_PARTYORG, sid, pid)
    return None


_BUILDERS: dict[str, _Builder] = {
    "organizations": _b_org,
    "party-orgs": _b_party_org,
    "members": _b_member,
    "instructors": _b_instructor,
    "platforms": _b_platform,
    "pairings": _b_pairing,
    "visits": _b_visit,
    "demo-sites": _b_demo_site,
    **_transfers.BUILDERS,  # issue 20, helper B
    **_services.BUILDERS,
    **LINE_BUILDERS,  # issue 20, helper A: leadership lines
    **_welfare.BUILDERS,  # issue 20, helper C
    **_training.BUILDERS,
}
