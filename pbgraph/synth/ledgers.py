"""Writing a city's ledgers (:func:`generate`): the normalized layout, one tidy ledger per
kind, and the combined one, whose organizations workbooks :mod:`.combined` writes."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..graphmodel.schema import NODES
from ..loaders.ledgers import KINDS, Column, LedgerKind
from ..loaders.write import write_ledger, write_workbook
from .city import build_city
from .combined import combined_workbooks
from .lines import with_lines
from .model import City
from .services import with_services  # issue 20, helper B
from .vocabulary import JINAN, Place
from .welfare import with_welfare  # issue 20, helper C


def _org_records(city: City) -> Iterable[dict[str, Any]]:
    for o in city.orgs:
        s = city.streets[o.street]
        b = city.buildings[o.building] if o.building is not None else None
        yield {
            "credit_code": o.code, "name": o.name, "kind": o.kind, "industry": o.industry,
            "district": s.district, "street": s.name,
            "building": b[0] if b else None, "building_kind": b[1] if b else None,
            "employees": o.employees, "revenue": o.revenue, "key": o.key,
            "formal_members": o.formal, "probationary_members": o.probationary,
            "lon": o.lon, "lat": o.lat,
        }  # fmt: skip


#: file name -> (kind, records of the city)
def _ledgers(city: City) -> list[tuple[str, str, Iterable[dict[str, Any]]]]:
    members_tc = [m for m in city.members if m["held_by"] != "community"]
    members_cm = [m for m in city.members if m["held_by"] == "community"]
    ledgers = [
        ("01_两新组织台账", "organizations", _org_records(city)),
        ("02_党组织台账", "party-orgs", city.party_orgs),
        ("03_人才中心人才市场党员台账", "members", members_tc),
        ("04_社区党员台账", "members", members_cm),
        ("05_党建指导员台账", "instructors", city.instructors),
        ("06_联席会议成员单位台账", "platforms", city.platforms),
        ("07_包挂台账", "pairings", city.pairings),
        ("08_走访报备台账", "visits", city.visits),
        ("09_示范点台账", "demo-sites", city.demo_sites),
    ]
    if not city.place.in_province:
        return ledgers
    # a provincial roll-up: the tidy ledgers with a district say their city (所属城市)
    return [
        (stem, kind, _with_city(records, city.place.name) if _has_city(kind) else records)
        for stem, kind, records in ledgers
    ]


def _has_city(kind: str) -> bool:
    return any(c.field == "city" for c in KINDS[kind].columns)


def _with_city(records: Iterable[dict[str, Any]], city: str) -> Iterable[dict[str, Any]]:
    return ({"city": city, **r} for r in records)


#: the layouts :func:`generate` writes
LAYOUTS = ("normalized", "combined")
#: kinds the combined layout writes inline in its organizations workbooks
COMBINED_KINDS = ("organizations", "party-orgs", "instructors", "pairings")


def generate(
    n_orgs: int,
    out: str | os.PathLike[str],
    *,
    seed: int = 2018,
    layout: str = "normalized",
    progress: Callable[[str], None] | None = None,
    place: Place = JINAN,
) -> list[Path]:
    """Draw a city and write its ledgers into ``out``; returns the files written.

    Big ledgers (organizations, members) are CSV in UTF-8 with BOM, as Excel exports them;
    the others are XLSX workbooks with a title row above the header, as people make them.

    ``layout`` is ``normalized`` (one tidy ledger per kind, ``01`` to ``09``) or
    ``combined``: the organizations, their party organizations, instructors and pairings
    written inline, one workbook per district with a sheet per street, as offices keep
    them (:func:`combined_workbooks`), instead of ``01``, ``02``, ``05`` and ``07``; the
    members, platforms and visits ledgers as in ``normalized``, and the demonstration
    sites naming their party organization (党组织名称) instead of its id, which the combined
    layout does not have. The same seed gives the same city in both layouts; the combined
    one leaves out what offices do not write on an organization's row: party organization,
    instructor and member unit ids, instructors' phones and capacities, and the
    instructors who guide nothing (an office knows its instructors only through the rows).

    ``place``: the city drawn, Jinan by default; a city of the province
    (:mod:`.province`) writes a 所属城市 column into its tidy ledgers.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    city = build_city(n_orgs, seed=seed, place=place)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def done(path: Path) -> None:
        files.append(path)
        if progress:
            progress(str(path))

    combined = layout == "combined"
    if combined:
        # issue 20's registrations as the organizations ledger has them (none in a province)
        for district, sheets in combined_workbooks(city, registered=not place.in_province):
            done(write_workbook(outdir / f"01_两新组织台账_{district}.xlsx", sheets))
    ledgers = _ledgers(city)
    if not place.in_province:  # issue 20's ledgers: one city's ids (a province's: not yet)
        # issue 20: helper A's leadership lines, helper B's transfers and service circle
        ledgers = with_services(city, with_lines(city, ledgers))
        ledgers = with_welfare(city, ledgers, by_name=combined)  # helper C
    for stem, kind_name, records in ledgers:
        kind = KINDS[kind_name]
        path = outdir / f"{stem}.{kind.file_format}"
        if combined and kind_name in COMBINED_KINDS:
            continue
        if combined and kind_name == "demo-sites":
            sites = _sites_by_name(city)
            if place.in_province:
                sites = [{"city": place.name, **site} for site in sites]
            done(write_ledger(path, kind, sites, columns=_site_columns(kind, place.in_province)))
        else:
            done(_write_filled(path, kind, records))
    return files


def _write_filled(path: Path, kind: LedgerKind, records: Iterable[dict[str, Any]]) -> Path:
    """Write the kind's columns that the records fill (all of them when there are none):
    a kind may know more columns than its tidy ledger has, the combined layout's inline
    ones among them."""
    it = iter(records)
    first = next(it, None)
    if first is None:
        return write_ledger(path, kind, ())
    cols = [c for c in kind.columns if c.field in first and c.field != "member_id"]
    return write_ledger(path, kind, itertools.chain((first,), it), columns=cols)


def _sites_by_name(city: City) -> list[dict[str, Any]]:
    """Demonstration sites naming their party organization (the loader finds it by name in
    the site's street) instead of by id."""
    names = {p["id"]: p["name"] for p in city.party_orgs}
    return [
        {**site, "party_org_name": names[site["party_org"]] if site["party_org"] else None}
        for site in city.demo_sites
    ]


def _site_columns(kind: LedgerKind, city: bool) -> list[Column]:
    """The demonstration sites' columns with 党组织名称 in place of 党组织编号 (所属城市 in a
    province only)."""
    by_name = Column("party_org_name", NODES["PartyOrg"].prop("name"))
    return [
        by_name if c.field == "party_org" else c
        for c in kind.columns
        if c.field != "party_org_name" and (city or c.field != "city")
    ]
