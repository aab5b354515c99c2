"""Rows of a training sign-in sheet (``trainings``) -> a ``Training`` node, a ``Person`` who
``ATTENDED`` it and whom that person stands for (``SECRETARY_OF`` / ``PARTY_WORKER_OF`` a
party organization, ``LEADS`` an organization); and the persons and the units a row names,
shared with the awards ledger (:mod:`.welfare`).

A person's key is a keyed pseudonym (HMAC, the load's key, prefix ``P``) of the resident ID
number, else of the phone number, else of the name together with the unit the row names:
the ID and phone are never stored, the name only masked. The same person written once with
an ID and once with a phone only is two persons (pbgraph cannot tell): docs/ledgers.md.
"""

from __future__ import annotations

import re
from typing import Any

from ..graphmodel.schema import rel
from ..keys import pseudonym
from .batch import NO_PROPS, Batch, Context
from .inline import party_org_named
from .names import one_line
from .values import mask_name

__all__ = ["BUILDERS", "person", "party_org_of", "org_of"]

_Problem = tuple[str, ...] | None

ATTENDED = rel("ATTENDED", "Person", "Training")
SECRETARY_OF = rel("SECRETARY_OF", "Person", "PartyOrg")
PARTY_WORKER_OF = rel("PARTY_WORKER_OF", "Person", "PartyOrg")
LEADS = rel("LEADS", "Person", "Organization")

_PERSON_ID = re.compile(r"P-[0-9a-f]{16}")


def party_org_of(ctx: Context, v: dict[str, Any]) -> tuple[str | None, _Problem]:
    """The party organization a row names (by id, or by name in the row's street)."""
    pid = v.get("party_org")
    if pid:
        if not ctx.has("PartyOrg", pid):
            return None, (
                "party_org",
                pid,
                f"党组织编号不存在 (no party organization {pid} in the store or this load)",
            )
        return pid, None
    name = v.get("party_org_name")
    if not name:
        return None, None
    pid = party_org_named(ctx, name, v.get("district"), v.get("street"))
    if pid is None:
        where = f"{v.get('district') or ''}{v.get('street') or ''}"
        return None, (
            "party_org_name",
            name,
            f"没有唯一一个这个名称的党组织{('（' + where + '）') if where else ''} (no single "
            f"party organization named {name}{(' in ' + where) if where else ''}, in the store "
            "or this load; add its 党组织编号 or the street)",
        )
    return pid, None


def org_of(ctx: Context, v: dict[str, Any]) -> tuple[str | None, _Problem]:
    """The organization a row names (by credit code, or by its unique name)."""
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
    name = v.get("unit_name")
    if not name:
        return None, None
    codes = ctx.org_by_name(name)
    if len(codes) != 1:
        why = (
            f"单位名称对应{len(codes)}家单位，请填写统一社会信用代码 (the name matches "
            f"{len(codes)} organizations; add the credit code)"
            if codes
            else "单位不在两新组织台账中 (no organization of that name; check the name or add "
            "its credit code)"
        )
        return None, ("unit_name", name, why)
    return codes[0], None


def person(
    b: Batch, v: dict[str, Any], ctx: Context, unit: str | None
) -> tuple[str | None, _Problem]:
    """The ``Person`` a row names (made in ``b``), or why it names none: the pseudonym of
    the resident ID, else of the phone, else of the name with ``unit`` (a party organization
    or organization key); a ledger exported by pbgraph carries the pseudonym itself."""
    name = one_line(v.get("name") or "") or None
    if v.get("resident_id"):
        key = pseudonym(ctx.secret, "P", v["resident_id"])
    elif v.get("phone"):
        digits = "".join(c for c in v["phone"] if c.isdigit())
        key = pseudonym(ctx.secret, "P", f"tel:{digits[-11:]}")
    elif v.get("person_id"):
        if not _PERSON_ID.fullmatch(v["person_id"]):
            return None, (
                "person_id",
                v["person_id"],
                "人员编号格式不对 (not a pbgraph person pseudonym P-…)",
                "value",
            )
        key = v["person_id"]
    elif name and unit:
        key = pseudonym(ctx.secret, "P", f"name:{name}|{unit}")
    else:
        return None, (
            "name",
            name or "",
            "缺少人员的公民身份号码、联系电话或姓名与单位 (the person has no resident ID, "
            "no phone, and no name with a party organization or organization)",
            "required",
        )
    b.node("Person", key, name_masked=mask_name(name or "") or None)
    return key, None


def _b_training(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    po, problem = party_org_of(ctx, v)
    if problem:
        return problem
    org, problem = org_of(ctx, v)
    if problem:
        return problem
    role = v.get("role")
    if role in ("secretary", "party_worker") and po is None:
        return (
            "role",
            "党组织书记" if role == "secretary" else "党务工作者",
            "参训身份为党组织书记或党务工作者，但未填写党组织编号或党组织名称 (a secretary or "
            "party worker: the row names no party organization)",
            "required",
        )
    if role == "leader" and org is None:
        return (
            "role",
            "出资人负责人",
            "参训身份为出资人负责人，但未填写统一社会信用代码或所在单位 (a leader: the row names "
            "no organization)",
            "required",
        )
    who, problem = person(b, v, ctx, po or org)
    if problem:
        return problem
    assert who is not None
    name = one_line(v["training_name"])
    tid = v.get("training_id") or f"{v['date'].isoformat()}|{name}"
    b.node("Training", tid, name=name, kind=v.get("training_kind"), date=v["date"],
           days=v.get("days"), organizer=v.get("organizer"))  # fmt: skip
    b.rels[ATTENDED][(who, tid)] = NO_PROPS
    if role == "secretary":
        b.rels[SECRETARY_OF][(who, po)] = NO_PROPS  # type: ignore[index]
    elif role == "party_worker":
        b.rels[PARTY_WORKER_OF][(who, po)] = NO_PROPS  # type: ignore[index]
    elif role == "leader":
        b.rels[LEADS][(who, org)] = NO_PROPS  # type: ignore[index]
    return None


BUILDERS = {"trainings": _b_training}
