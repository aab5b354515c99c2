"""The transfers, service projects and service needs ledgers back out of the graph
(``pbgraph export``, :mod:`.export` calls these with its view of the graph): loading them
again gives the same nodes and relationships. A transfer's member appears under their
pseudonym (党员编号(假名)) with the masked name, never with an ID number."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .export_view import ExportView as _View

__all__ = ["FILES", "RECORDS"]


FILES = {
    "transfers": "21_组织关系转接台账",
    "service-projects": "22_党建服务项目台账",
    "service-needs": "23_服务需求台账",
}


def _transfers(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("Transfer"):
        member = v.one(n, "OF")
        yield {**d, "member_id": v.key(member), "resident_id": None,
               "name": v.G.nodes[member].get("name_masked") if member else None,
               "to_code": v.key(v.one(n, "TO")), **v.place(v.one(n, "IN"))}  # fmt: skip


def _projects(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("ServiceProject"):
        by = v.out[n].get("OFFERED_BY", [])
        unit = next((v.key(x) for x in by if x.startswith("MemberUnit:")), None)
        org = next((v.key(x) for x in by if x.startswith("Organization:")), None)
        yield {**d, "provider_unit": unit, "provider_code": org, **v.place(v.one(n, "IN"))}


def _needs(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("ServiceNeed"):
        yield {**d, "credit_code": v.key(v.one(n, "RAISED_BY")),
               "served_by": v.key(v.one(n, "SERVED_BY")), **v.place(v.one(n, "IN"))}  # fmt: skip


RECORDS = {"transfers": _transfers, "service-projects": _projects, "service-needs": _needs}
