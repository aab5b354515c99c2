"""Leadership lines (条块结合, 区域兜底): the leading bodies' and the work committee's
member units' rows, and the superiors (上级党组织) resolved once a load is in.

A ledger names a superior by id or by name, of a leading body (领导机构台账) or of another
party organization (a big enterprise's 党委 leading its branches). The name is kept as
written (``superior``); :func:`resolve_superiors` turns it into ``LED_BY`` (a party
organization's) or ``UNDER`` (a leading body's) at the end of every load that brought party
organizations or leading bodies, looking at the whole store, so that a superior listed below
its branches, or in a later ledger, is found too. What it cannot resolve stays as written,
with a notice: ``pbgraph lines`` lists it (上级党组织不在台账中).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..graphmodel.schema import rel
from .batch import Batch, Context
from .names import one_line, same_name
from .places import Notice

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = [
    "EXPORT_FILES",
    "EXPORT_RECORDS",
    "LINE_BUILDERS",
    "LINE_KINDS_LOADED",
    "resolve_superiors",
]

LED_BY_BODY = rel("LED_BY", "PartyOrg", "LeadingBody")
LED_BY_PARTY_ORG = rel("LED_BY", "PartyOrg", "PartyOrg")
UNDER_BODY = rel("UNDER", "LeadingBody", "LeadingBody")
IN_BODY_REGION = rel("IN", "LeadingBody", "Region")
SERVES_ON = rel("SERVES_ON", "CommitteeUnit", "LeadingBody")

#: kinds after whose load the superiors are resolved again
LINE_KINDS_LOADED = frozenset({"party-orgs", "leading-bodies"})

_Problem = tuple[str, ...] | None


def _b_leading_body(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    if v.get("street") and not v.get("district"):
        return (
            "district",
            "",
            "填写了街道却没有区县 (a street is given without its district)",
            "required",
        )
    bid = b.node(
        "LeadingBody",
        v["id"],
        name=one_line(v["name"]),
        **{k: v.get(k) for k in ("kind", "line", "host", "superior")},
    )
    region = b.region(v.get("district"), v.get("street"))
    if region:
        b.rel(IN_BODY_REGION, bid, region)
    return None


def body_named(ctx: Context, text: str) -> str | None:
    """The leading body ``text`` names: its id, else the one body of that name."""
    if ctx.has("LeadingBody", text):
        return text
    found = ctx.by_name("LeadingBody").get(same_name(text), [])
    return found[0] if len(found) == 1 else None


def _b_committee_unit(b: Batch, v: dict[str, Any], ctx: Context) -> _Problem:
    body = body_named(ctx, v["body"])
    if body is None:
        return (
            "body",
            v["body"],
            f"领导机构不在领导机构台账中 (no leading body {v['body']} in the store or this "
            "load; load the leading bodies ledger first)",
        )
    uid = b.node("CommitteeUnit", v["id"], name=one_line(v["name"]), kind=v.get("kind"),
                 duty=v.get("duty"))  # fmt: skip
    b.rel(SERVES_ON, uid, body)
    return None


LINE_BUILDERS = {"leading-bodies": _b_leading_body, "committee-units": _b_committee_unit}


class _Names:
    """Ids and unique names of leading bodies and party organizations, as stored."""

    def __init__(self, store: Store) -> None:
        self.ids = {label: store.keys(label) for label in ("LeadingBody", "PartyOrg")}
        self.names: dict[str, dict[str, list[str]]] = {}
        for label in self.ids:
            table: dict[str, list[str]] = defaultdict(list)
            for key, name in store.key_values(label, "name"):
                if name:
                    table[same_name(name)].append(key)
            self.names[label] = table

    def find(self, text: str) -> tuple[str, str] | None:
        """``(label, key)`` of what ``text`` names: a body's id, a party organization's
        id, a body's unique name, a party organization's unique name, in that order."""
        for label in ("LeadingBody", "PartyOrg"):
            if text in self.ids[label]:
                return label, text
        for label in ("LeadingBody", "PartyOrg"):
            found = self.names[label].get(same_name(text), [])
            if len(found) == 1:
                return label, found[0]
        return None


def resolve_superiors(store: Store, notices: list[Notice] | None = None) -> int:
    """Write ``LED_BY``/``UNDER`` for every party organization and leading body whose
    ``superior`` names one in the store; returns how many it could not resolve (each a
    notice, when ``notices`` is given). A node that names itself is left unresolved."""
    names: _Names | None = None
    b = Batch()
    unresolved: list[str] = []
    for label, rel_of in (
        ("PartyOrg", {"LeadingBody": LED_BY_BODY, "PartyOrg": LED_BY_PARTY_ORG}),
        ("LeadingBody", {"LeadingBody": UNDER_BODY}),
    ):
        for key, text in store.key_values(label, "superior"):
            if not text:
                continue
            names = names or _Names(store)
            found = names.find(str(text))
            if found is None or found == (label, key) or found[0] not in rel_of:
                unresolved.append(f"{key}: {text}")
                continue
            b.rel(rel_of[found[0]], key, found[1])
    if b.rels:
        b.write(store)
    if unresolved and notices is not None:
        notices.append(Notice("上级党组织", "", 0, _unresolved(unresolved)))
    return len(unresolved)


def _unresolved(items: list[str]) -> str:
    """One notice for every superior not found, naming the first few."""
    first = "；".join(items[:3]) + ("……" if len(items) > 3 else "")
    return (
        f"{len(items)} 个党组织或领导机构的上级党组织不在台账中（{first}） ({len(items)} party "
        f"organizations or leading bodies name a superior in no ledger loaded: {first})"
    )


# -- pbgraph export: the two ledgers back out of the graph (hooked into .export) ----------

EXPORT_FILES = {"leading-bodies": "10_领导机构台账", "committee-units": "11_两新工委委员单位台账"}


def _export_bodies(v: Any) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("LeadingBody"):
        yield {**d, **v.place(v.one(n, "IN"))}


def _export_units(v: Any) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("CommitteeUnit"):
        for body in sorted(v.out[n].get("SERVES_ON", [])):
            yield {**d, "body": v.key(body)}


EXPORT_RECORDS = {"leading-bodies": _export_bodies, "committee-units": _export_units}
