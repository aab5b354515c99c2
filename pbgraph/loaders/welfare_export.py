"""The public-welfare, training and awards ledgers back out of the graph (``pbgraph export``,
:mod:`.export` calls these with its view of the graph): loading them again gives the same
nodes and relationships. Persons appear under their pseudonym (人员编号(假名)) with masked
names, never with an ID or phone number; a sign-in row per attendance and role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .export_view import ExportView as _View

__all__ = ["FILES", "RECORDS"]


FILES = {
    "welfare": "30_公益账户台账",
    "trainings": "31_培训观摩签到台账",
    "awards": "32_出彩型表彰台账",
}
_TRAINING = ("id", "name", "kind", "date", "days", "organizer")


def _welfare(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("WelfareActivity"):
        yield {**d, **v.place(v.one(n, "IN")), "credit_code": v.key(v.one(n, "BY"))}


def _roles(v: _View, person: str) -> list[dict[str, Any]]:
    out = v.out[person]
    roles = [
        {"role": "secretary", "party_org": v.key(p)} for p in sorted(out.get("SECRETARY_OF", []))
    ]
    roles += [{"role": "party_worker", "party_org": v.key(p)}
              for p in sorted(out.get("PARTY_WORKER_OF", []))]  # fmt: skip
    roles += [{"role": "leader", "credit_code": v.key(o)} for o in sorted(out.get("LEADS", []))]
    if not roles:
        roles.append({})
    return roles


def _trainings(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("Person"):
        roles = _roles(v, n)
        for t in sorted(v.out[n].get("ATTENDED", [])):
            td = v.G.nodes[t]
            session = {f"training_{k}" if k in ("id", "name", "kind") else k: td.get(k)
                       for k in _TRAINING}  # fmt: skip
            for role in roles:
                yield {**session, "person_id": d["id"], "name": d.get("name_masked"), **role}


def _awards(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("Award"):
        base = {"award": d.get("name"), "date": d.get("date"), "issuer": d.get("issuer")}
        for target in sorted(v.out[n].get("HONOURS", [])):
            if target.startswith("PartyOrg:"):
                yield {**base, "party_org": v.key(target)}
                continue
            pd = v.G.nodes[target]
            po = v.one(target, "SECRETARY_OF")
            yield {**base, "party_org": v.key(po), "person_id": pd.get("id"),
                   "name": pd.get("name_masked")}  # fmt: skip


RECORDS = {"welfare": _welfare, "trainings": _trainings, "awards": _awards}
