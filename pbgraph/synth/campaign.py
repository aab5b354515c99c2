"""The work around the organizations: the joint-meeting platforms (联席会议) with their
member units and the pairings of units with key organizations, the campaign's daily visit
reports, and the demonstration sites. Drawn from :func:`.city.build_city`'s generator after
the party side (:mod:`.party`), in this order; the demonstration sites from one of their own."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from .draw import poisson
from .model import District, Org, Street
from .vocabulary import CITY_UNITS, DISTRICT_UNITS, JINAN, Place

#: a member unit: id, level, district, capacity
_Unit = tuple[str, str, str | None, int]


def platforms(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    districts: list[District],
    covered: dict[int, str],
    place: Place = JINAN,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The platforms' member units (a row each) and their pairings with key organizations."""
    rows, units = _platform_units(districts, len(orgs), place)
    pairings, load = _pairings(rng, orgs, streets, covered, rows, units)
    # the combined layout names member units in its 包挂单位 cells: names must be unique
    unit_names = [r["unit_name"] for r in rows]
    assert len(set(unit_names)) == len(unit_names), "member unit names repeat"
    # A unit's stated capacity follows what it already carries, give or take: most have a
    # little room, about one in four carries more than it says it can.
    for r in rows:
        carried = load.get(r["unit_id"], 0)
        r["unit_capacity"] = max(r["unit_capacity"], round(carried * rng.uniform(0.8, 1.4)))
    return rows, pairings


def _platform_units(
    districts: list[District], n_orgs: int, place: Place
) -> tuple[list[dict[str, Any]], list[_Unit]]:
    """The city's platform and a platform per district, with their member units (in a
    province, named after their city: every city has a 市委组织部 and two have a 市中区)."""
    rows: list[dict[str, Any]] = []
    units: list[_Unit] = []

    def unit(
        pid: str,
        pname: str,
        level: str,
        d: str | None,
        s: str | None,
        name: str,
        kind: str,
        cap: int,
    ) -> None:
        uid = f"CYDW{place.ids}{len(units) + 1:04d}"
        rows.append({
            "platform_id": pid, "platform_name": pname, "platform_level": level,
            "district": d, "street": s, "unit_id": uid, "unit_name": name,
            "unit_kind": kind, "unit_capacity": cap,
        })  # fmt: skip
        units.append((uid, level, d, cap))

    city_pid = f"LXHY-{place.code}" if place.in_province else "LXHY-CITY"
    for name in CITY_UNITS:
        kind = "国有企业" if "集团" in name else "党政机关"
        name = _city_unit(name, place)
        unit(city_pid, f"{place.name}区域化党建联席会议", "city", None, None, name, kind, 12)
    n_district_units = max(2, min(len(DISTRICT_UNITS), n_orgs // 20000 + 3))
    city = place.name if place.in_province else ""
    for d in districts:
        pid = f"LXHY-{d.code}"
        for w in DISTRICT_UNITS[:n_district_units]:
            unit(
                pid,
                f"{city}{d.name}区域化党建联席会议",
                "district",
                d.name,
                None,
                f"{city}{d.name}{w}",
                "党政机关",
                6,
            )
    return rows, units


def _city_unit(name: str, place: Place) -> str:
    """A city-level unit's name: as written (市委组织部) in the one-city generator, with its
    city in a province (枣庄市委组织部, 共青团枣庄市委, 枣庄城市建设集团)."""
    if not place.in_province:
        return name
    if name == "团市委":
        return f"共青团{place.name}委"
    if name.startswith("市"):
        return place.short + name
    return name.replace("济南", place.short)


def _pairings(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    covered: dict[int, str],
    rows: list[dict[str, Any]],
    units: list[_Unit],
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Key organizations with no party organization paired with a member unit of their
    district or of the city; returns the pairings and the number each unit carries."""
    pairings: list[dict[str, Any]] = []
    key_uncovered = [o for i, o in enumerate(orgs) if o.key and i not in covered]
    rng.shuffle(key_uncovered)
    by_district: dict[str | None, list[_Unit]] = {}
    for u in units:
        by_district.setdefault(u[2], []).append(u)
    names = {r["unit_id"]: r["unit_name"] for r in rows}
    load: dict[str, int] = {}
    for o in key_uncovered:
        if rng.random() > 0.7:
            continue  # about 30 % of key organizations have no pairing yet
        pool = (
            by_district.get(streets[o.street].district, [])
            if rng.random() < 0.7
            else by_district[None]
        )
        if not pool:
            continue
        u = rng.choice(pool)
        load[u[0]] = load.get(u[0], 0) + 1
        pairings.append(
            {
                "unit_id": u[0],
                "unit_name": names[u[0]],
                "paired_code": o.code,
                "paired_name": o.name,
            }
        )
    return pairings, load


VISITS_END = dt.date(2018, 7, 31)
VISITS_DAYS = 92  # May to July 2018: the campaign the seed article describes


def visits(
    rng: random.Random, orgs: list[Org], streets: list[Street], covered: dict[int, str]
) -> list[dict[str, Any]]:
    """Daily visit reports (走访报备) of every street over :data:`VISITS_DAYS` days, with the
    gaps real ones have: weekends often skipped, a missed day now and then, streets that
    join the campaign late, stop reporting for good, or never report at all. About half of
    the streets name the organizations they visited (uncovered ones of the street)."""
    uncovered: dict[int, list[int]] = {}
    for i, o in enumerate(orgs):
        if i not in covered:
            uncovered.setdefault(o.street, []).append(i)
    start = VISITS_END - dt.timedelta(days=VISITS_DAYS - 1)
    out: list[dict[str, Any]] = []
    for si, s in enumerate(streets):
        r = rng.random()
        if r < 0.04:
            continue  # never reports
        first = rng.randint(15, 45) if r < 0.14 else 0  # joins late
        last = VISITS_DAYS - (rng.randint(7, 30) if rng.random() < 0.1 else 0)  # stops
        pool = list(uncovered.get(si, []))
        # visits over the campaign: 0.2-1.4 times the street's uncovered organizations
        pace = max(0.3, len(pool) * rng.uniform(0.2, 1.4) / (0.7 * VISITS_DAYS))
        names = rng.random() < 0.5
        rng.shuffle(pool)
        for d in range(first, last):
            day = start + dt.timedelta(days=d)
            if rng.random() < (0.6 if day.weekday() >= 5 else 0.1):
                continue  # a weekend, or a missed day
            ramp = 0.6 + 0.8 * d / VISITS_DAYS  # the campaign picks up
            visited = poisson(rng, pace * ramp)
            willing = sum(rng.random() < 0.15 for _ in range(visited))
            named = [orgs[pool.pop()].code for _ in range(min(len(pool), visited))] if names else []
            out.append({
                "district": s.district, "street": s.name, "date": day, "visited": visited,
                "willing": willing, "developed": int(rng.random() < 0.05 * visited),
                "visited_codes": sorted(named),
            })  # fmt: skip
    return out


def demo_sites(
    rng: random.Random,
    orgs: list[Org],
    party_orgs: list[dict[str, Any]],
    n_orgs: int,
    place: Place = JINAN,
) -> list[dict[str, Any]]:
    """Demonstration sites (示范点): the seed article's 53 for a city, fewer for a smaller
    one; strong own party organizations and some joint branches, scored on 三强三好."""
    n = max(3, round(53 * n_orgs / 500_000))
    good = [p for p in party_orgs if p["status"] == "normal" and p["form"] != "attached"]
    good.sort(key=lambda p: (p["form"] != "independent", -len(p["covered_codes"]), p["id"]))
    pool = good[: max(n * 4, n)]
    chosen = sorted(rng.sample(pool, min(n, len(pool))), key=lambda p: p["id"])
    out = []
    for k, p in enumerate(chosen):
        scores = [round(rng.uniform(70, 98), 1) for _ in range(6)]
        as_org = p["form"] == "independent" and rng.random() < 0.5
        org_name = p["name"].removeprefix("中共")
        out.append({
            "id": f"SFD{place.ids}{k + 1:04d}",
            "name": f"{org_name.removesuffix('委员会')}党建示范点",
            "district": p["district"], "street": p["street"],
            "credit_code": p["covered_codes"][0] if as_org else None,
            "party_org": None if as_org else p["id"],
            "designated": dt.date(2017, 9, 1) + dt.timedelta(days=rng.randrange(0, 330)),
            **dict(zip(("strong_leadership", "strong_members", "strong_role",
                        "good_mechanisms", "good_support", "good_standing"), scores, strict=True)),
            "score": round(sum(scores), 1),
        })  # fmt: skip
    return out
