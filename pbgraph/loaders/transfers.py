"""The member-relation transfers ledger (组织关系转接台账) -> a ``Transfer`` ``OF`` a member,
``TO`` the organization that would receive the relation and ``IN`` the street (or district)
whose ledger holds it.

The member is named by resident ID number, pseudonymized with the same key and prefix as
the members ledger (:func:`pbgraph.keys.pseudonym` ``"M"``), so that the two join; or by a
pseudonym pbgraph exported (``M-…``). The member must be in the members ledger (loaded
before, or in the same load). The receiving organization is named by credit code or by name;
with neither, the analysis takes the organization the member works at.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..graphmodel.schema import FIELDS, NODES, rel
from ..keys import pseudonym

if TYPE_CHECKING:  # the loaders' modules import the kinds: only names here
    from .batch import Batch, Context
    from .ledgers import LedgerKind

__all__ = ["BUILDERS", "KEY_FIELDS", "LOAD_AFTER", "kinds", "member_of"]

#: loaded after the members (and every other kind the rows name)
LOAD_AFTER = ("transfers",)
#: the record key of a row, for duplicates (the member)
KEY_FIELDS = {"transfers": ("resident_id", "member_id")}

OF = rel("OF", "Transfer", "Member")
TO = rel("TO", "Transfer", "Organization")
IN = rel("IN", "Transfer", "Region")
_MEMBER_ID = re.compile(r"M-[0-9a-f]{16}")
_PROPS = ("from_kind", "from_at", "willing", "registered", "transferred", "visits", "last_visit")
_Problem = tuple[str, ...] | None


def kinds() -> tuple[LedgerKind, ...]:
    """The transfers ledger kind, its columns from the schema."""
    from .ledgers import Column, LedgerKind

    m, t = NODES["Member"], NODES["Transfer"]
    return (
        LedgerKind(
            "transfers",
            "组织关系转接台账",
            (
                Column("member_id", m.prop("id")),
                Column("name", m.prop("name_masked")),
                Column("resident_id", FIELDS["resident_id"]),
                Column("from_kind", t.prop("from_kind")),
                Column("from_at", t.prop("from_at")),
                Column("to_code", FIELDS["to_code"]),
                Column("to_name", FIELDS["to_name"]),
                Column("willing", t.prop("willing")),
                Column("registered", t.prop("registered"), True),
                Column("transferred", t.prop("transferred")),
                Column("visits", t.prop("visits")),
                Column("last_visit", t.prop("last_visit")),
                Column("district", FIELDS["district"]),
                Column("street", FIELDS["street"]),
            ),
            file_format="xlsx",
            # its own columns: a members ledger or a list of organizations is not one
            signature=(
                "from_at",
                "to_code",
                "to_name",
                "willing",
                "registered",
                "transferred",
                "visits",
                "last_visit",
            ),  # fmt: skip
        ),
    )


def member_of(v: dict[str, Any], ctx: Context) -> tuple[str | None, _Problem]:
    """The member's pseudonym from a row's resident ID (the members ledger's key) or
    exported pseudonym, and whether the members ledger has them."""
    if v.get("resident_id"):
        member = pseudonym(ctx.secret, "M", v["resident_id"])
        column, shown = "resident_id", v["resident_id"]
    elif v.get("member_id") and _MEMBER_ID.fullmatch(v["member_id"]):
        member, column, shown = v["member_id"], "member_id", v["member_id"]
    elif v.get("member_id"):
        return None, (
            "member_id",
            v["member_id"],
            "党员编号格式不对 (not a pbgraph member pseudonym M-…)",
            "value",
        )
    else:
        return None, ("resident_id", "", "缺少公民身份号码 (resident ID number is missing)",
                      "required")  # fmt: skip
    if not ctx.has("Member", member):
        return None, (
            column,
            shown,
            "党员不在党员台账中，请先导入党员台账 (no such member in the members ledger: load "
            "it first)",
        )
    return member, None


def _to_org(v: dict[str, Any], ctx: Context) -> tuple[str | None, _Problem]:
    if v.get("to_code"):
        if not ctx.has("Organization", v["to_code"]):
            return None, (
                "to_code",
                v["to_code"],
                f"转入单位不在两新组织台账中 (no organization with credit code {v['to_code']} "
                "in the store or this load)",
            )
        return v["to_code"], None
    if v.get("to_name"):
        codes = ctx.org_by_name(v["to_name"])
        if len(codes) != 1:
            return None, (
                "to_name",
                v["to_name"],
                "转入单位名称对应多个单位，请填写信用代码 (the name matches several "
                "organizations; add the credit code)"
                if codes
                else "转入单位不在两新组织台账中 (no organization of that name; check the name "
                "or add its credit code)",
            )
        return codes[0], None
    return None, None


def _b_transfer(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    member, problem = member_of(v, ctx)
    if problem:
        return problem
    to, problem = _to_org(v, ctx)
    if problem:
        return problem
    assert member is not None
    if v.get("from_at"):
        v["from_at"] = " ".join(str(v["from_at"]).split())
    b.node("Transfer", member, **{k: v.get(k) for k in _PROPS})
    b.rel(OF, member, member)
    if to:
        b.rel(TO, member, to)
    region = b.region(v.get("district"), v.get("street"))
    if region:
        b.rel(IN, member, region)
    return None


BUILDERS = {"transfers": _b_transfer}
