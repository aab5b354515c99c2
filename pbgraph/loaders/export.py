"""The graph back out as ledgers, in the same layout ``generate`` writes and the loader reads.

Loading the exported ledgers into a new store gives the same graph (a test checks it).
Personal data stays as it is in the store: members appear under their pseudonym
(党员编号(假名)) with masked names, never with an ID number.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from . import lines as _lines
from . import services_export as _services_export
from . import welfare_export as _welfare_export
from .ledgers import COMBINED_ONLY, KINDS
from .write import write_ledger

__all__ = ["export_ledgers"]

_FILES = {
    "organizations": "01_两新组织台账",
    "party-orgs": "02_党组织台账",
    "members": "03_党员台账",
    "instructors": "05_党建指导员台账",
    "platforms": "06_联席会议成员单位台账",
    "pairings": "07_包挂台账",
    "visits": "08_走访报备台账",
    "demo-sites": "09_示范点台账",
}


class _View:
    """Read helpers over the projection: a node's out-neighbours by relationship type."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for u, v, k in G.edges(keys=True):
            self.out[u][k].append(v)

    def nodes(self, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
        return ((n, d) for n, d in sorted(self.G.nodes(data=True)) if d.get("label") == label)

    def one(self, n: str, rel: str) -> str | None:
        targets = self.out[n].get(rel)
        return targets[0] if targets else None

    def key(self, n: str | None) -> str | None:
        return None if n is None else n.partition(":")[2]

    def place(self, region: str | None) -> dict[str, Any]:
        """city (in a province) / district / street / community names of a Region node."""
        names: list[str] = []
        top = region
        while region is not None:
            names.append(self.G.nodes[region].get("name", self.key(region)))
            top, region = region, self.one(region, "PART_OF")
        names.reverse()
        city = names.pop(0) if top and self.G.nodes[top].get("level") == "city" else None
        return {"city": city, **dict(zip(("district", "street", "community"), names, strict=False))}


def _organizations(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("Organization"):
        building = v.one(n, "IN_BUILDING")
        b = v.G.nodes[building] if building else {}
        yield {
            **d,
            **v.place(v.one(n, "LOCATED_IN")),
            "building": b.get("name"),
            "building_kind": b.get("kind"),
        }


def _party_orgs(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("PartyOrg"):
        yield {**d, "covered_codes": sorted(v.key(c) for c in v.out[n].get("COVERS", []))}


def _members(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("Member"):
        yield {
            **d,
            "member_id": d["id"],
            "name": d.get("name_masked"),
            "employer_code": v.key(v.one(n, "WORKS_AT")),
            **v.place(v.one(n, "HELD_IN")),
        }


def _instructors(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("Instructor"):
        targets = v.out[n].get("GUIDES", [])
        yield {
            **d,
            "name": d.get("name_masked"),
            **v.place(v.one(n, "BASED_IN")),
            "guided_codes": sorted(v.key(t) for t in targets if t.startswith("Organization:")),
            "guided_party_orgs": sorted(v.key(t) for t in targets if t.startswith("PartyOrg:")),
        }


def _platforms(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("MemberUnit"):
        for p in sorted(v.out[n].get("MEMBER_OF", [])):
            pd = v.G.nodes[p]
            yield {
                "platform_id": pd.get("id"),
                "platform_name": pd.get("name"),
                "platform_level": pd.get("level"),
                **v.place(v.one(p, "AT")),
                "unit_id": d.get("id"),
                "unit_name": d.get("name"),
                "unit_kind": d.get("kind"),
                "unit_capacity": d.get("capacity"),
            }


def _pairings(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("MemberUnit"):
        for o in sorted(v.out[n].get("PAIRED_WITH", [])):
            yield {
                "unit_id": d.get("id"),
                "unit_name": d.get("name"),
                "paired_code": v.key(o),
                "paired_name": v.G.nodes[o].get("name"),
            }


def _visits(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("VisitReport"):
        visited = sorted(o.partition(":")[2] for o in v.out[n].get("VISITED", []))
        yield {**d, **v.place(v.one(n, "FOR")), "visited_codes": visited}


def _demo_sites(v: _View) -> Iterator[dict[str, Any]]:
    for n, d in v.nodes("DemoSite"):
        targets = v.out[n].get("SITE_OF", [])
        orgs = sorted(t.partition(":")[2] for t in targets if t.startswith("Organization:"))
        pos = sorted(t.partition(":")[2] for t in targets if t.startswith("PartyOrg:"))
        yield {
            **d,
            **v.place(v.one(n, "IN")),
            "credit_code": orgs[0] if orgs else None,
            "party_org": pos[0] if pos else None,
        }


_RECORDS = {
    "organizations": _organizations,
    "party-orgs": _party_orgs,
    "members": _members,
    "instructors": _instructors,
    "platforms": _platforms,
    "pairings": _pairings,
    "visits": _visits,
    "demo-sites": _demo_sites,
}
# issue 20, helper C: public-welfare accounts, trainings, awards (loaders/welfare_export.py)
_FILES.update(_welfare_export.FILES)
_RECORDS.update(_welfare_export.RECORDS)
_FILES.update(_lines.EXPORT_FILES)  # issue 20, helper A: leading bodies, committee units
_RECORDS.update(_lines.EXPORT_RECORDS)
_FILES.update(_services_export.FILES)  # issue 20, helper B: transfers, service circle
_RECORDS.update(_services_export.RECORDS)


def export_ledgers(G: nx.MultiDiGraph, out: str | os.PathLike[str]) -> list[Path]:
    """Write one ledger per kind that has rows, into ``out``; returns the files."""
    v = _View(G)
    outdir = Path(out)
    files = []
    for name, records in _RECORDS.items():
        rows = list(records(v))
        if not rows:
            continue
        kind = KINDS[name]
        cols = tuple(c for c in kind.columns if c.field not in COMBINED_ONLY)
        if not any(r.get("city") for r in rows):  # 所属城市: a province's only (issue 19)
            cols = tuple(c for c in cols if c.field != "city")
        if name == "members":  # pseudonyms instead of resident IDs and phones
            cols = tuple(c for c in cols if c.field not in ("resident_id", "phone"))
        path = outdir / f"{_FILES[name]}.{kind.file_format}"
        files.append(write_ledger(path, kind, rows, columns=cols))
    return files
