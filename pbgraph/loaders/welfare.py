"""Rows of a public-welfare account (``welfare``) -> a ``WelfareActivity`` ``BY`` its
organization and ``IN`` the district (or street) whose account holds it; rows of an awards
ledger (``awards``) -> an ``Award`` that ``HONOURS`` a party organization or a person (a
secretary, ``SECRETARY_OF`` the party organization the row names).

An activity's key is the ledger's 记录编号, else ``"<credit code>|<date>|<activity>"``; an
award's is ``"<name>|<date>"`` (the rows of one award share it).
"""

from __future__ import annotations

from typing import Any

from ..graphmodel.schema import rel
from .batch import NO_PROPS, Batch, Context
from .names import one_line
from .training import SECRETARY_OF, org_of, party_org_of, person

__all__ = ["BUILDERS"]

_Problem = tuple[str, ...] | None

BY = rel("BY", "WelfareActivity", "Organization")
IN = rel("IN", "WelfareActivity", "Region")
HONOURS_PARTY_ORG = rel("HONOURS", "Award", "PartyOrg")
HONOURS_PERSON = rel("HONOURS", "Award", "Person")
_FIGURES = ("hours", "volunteers", "beneficiaries", "amount")


def _b_welfare(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    code, problem = org_of(ctx, v)
    if problem:
        return problem
    if code is None:
        return (
            "credit_code",
            "",
            "缺少统一社会信用代码或所在单位 (the row names no organization: credit code or name)",
            "required",
        )
    activity = one_line(v["activity"])
    wid = v.get("id") or f"{code}|{v['date'].isoformat()}|{activity}"
    b.node("WelfareActivity", wid, activity=activity, kind=v.get("kind"), date=v["date"],
           **{k: v.get(k) for k in _FIGURES})  # fmt: skip
    b.rels[BY][(wid, code)] = NO_PROPS
    region = b.region(v["district"], v.get("street"))
    assert region is not None
    b.rels[IN][(wid, region)] = NO_PROPS
    return None


def _b_award(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    po, problem = party_org_of(ctx, v)
    if problem:
        return problem
    _, problem = org_of(ctx, v)  # named for the reader: checked, not linked
    if problem:
        return problem
    named = any(v.get(k) for k in ("name", "resident_id", "phone", "person_id"))
    if po is None:
        return (
            "party_org_name",
            "",
            "缺少党组织编号或党组织名称：表彰的是党组织或其书记 (the row names no party "
            "organization: an award honours a party organization or its secretary)",
            "required",
        )
    who = None
    if named:
        who, problem = person(b, v, ctx, po)
        if problem:
            return problem
    name = one_line(v["award"])
    aid = f"{name}|{v['date'].isoformat()}"
    b.node("Award", aid, name=name, date=v["date"], issuer=v.get("issuer"))
    if who is None:
        b.rels[HONOURS_PARTY_ORG][(aid, po)] = NO_PROPS
    else:
        b.rels[HONOURS_PERSON][(aid, who)] = NO_PROPS
        b.rels[SECRETARY_OF][(who, po)] = NO_PROPS
    return None


BUILDERS = {"welfare": _b_welfare, "awards": _b_award}
