"""Drawing the city: its streets, communities and buildings, its organizations, then (in
:mod:`.party` and :mod:`.campaign`) everything the ledgers say about them.

Every draw comes from one :class:`random.Random` in a fixed order (the demonstration sites
from one of their own), so that a seed gives the same city.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable
from typing import Any

from ..graphmodel.identifiers import USCC_ALPHABET, make_credit_code
from . import campaign, draw, party
from .model import City, District, Org, Street
from .vocabulary import BUILDING_KINDS, INDUSTRIES, JINAN, SOCIAL, SYL, TRADE, Place


def build_city(n_orgs: int, *, seed: int = 2018, place: Place = JINAN) -> City:
    """Draw a synthetic city of ``n_orgs`` organizations (deterministic in ``seed``): Jinan,
    or another city of the province (``place``, :mod:`.province`)."""
    if n_orgs < 1:
        raise ValueError("n_orgs must be at least 1")
    rng = random.Random(seed)
    districts = [District(n, c) for n, c in place.districts]
    streets, street_w = _streets(rng, districts, n_orgs, place)
    pick_s = draw.weighted(rng, range(len(streets)), street_w)
    buildings = _buildings(rng, streets, pick_s, n_orgs)
    orgs = _orgs(rng, streets, buildings, pick_s, n_orgs, place)

    party_orgs, covered = party.party_orgs(rng, orgs, streets, buildings, place)
    members = party.members(rng, orgs, streets, covered, place)
    instructors = party.instructors(rng, orgs, streets, party_orgs, covered, place)
    platforms, pairings = campaign.platforms(rng, orgs, streets, districts, covered, place)
    visits = campaign.visits(rng, orgs, streets, covered)
    demo_sites = campaign.demo_sites(
        random.Random(seed * 7919 + 9), orgs, party_orgs, len(orgs), place
    )
    return City(seed, districts, streets, buildings, orgs, party_orgs, members, instructors,
                platforms, pairings, visits, demo_sites, place)  # fmt: skip


def _streets(
    rng: random.Random, districts: list[District], n_orgs: int, place: Place
) -> tuple[list[Street], list[float]]:
    """The streets with their communities, and each street's weight (how many organizations
    it draws)."""
    n_streets = max(24, min(400, round(n_orgs / 3300)))
    pick_d = draw.weighted(rng, range(len(districts)), place.weights)
    per_d = [1] * len(districts)  # every district has at least one street
    for _ in range(n_streets - len(districts)):
        per_d[pick_d()] += 1
    taken: set[str] = set()
    streets: list[Street] = []
    for d, k in zip(districts, per_d, strict=True):
        clat, clon = place.centers[d.name]
        for j, name in enumerate(draw.unique_names(rng, k, "街道", taken)):
            s = Street(
                name,
                d.name,
                f"{d.code}{j + 1:03d}",
                clat + rng.gauss(0, 0.03),
                clon + rng.gauss(0, 0.04),
            )
            s.communities = draw.unique_names(rng, 4, "社区", set())
            streets.append(s)
    street_w = [
        math.exp(rng.gauss(0, 0.6))
        * place.weights[_d_index(s, districts)]
        / max(1, per_d[_d_index(s, districts)])
        for s in streets
    ]
    return streets, street_w


def _buildings(
    rng: random.Random, streets: list[Street], pick_s: Callable[[], Any], n_orgs: int
) -> list[tuple[str, str, int, float, float]]:
    """Buildings, business districts, parks and markets: (name, kind, street, lat, lon)."""
    n_buildings = max(12, n_orgs // 250)
    pick_bk = draw.weighted(rng, BUILDING_KINDS, [w for *_, w in BUILDING_KINDS])
    buildings: list[tuple[str, str, int, float, float]] = []
    bnames: set[str] = set()
    for _ in range(n_buildings):
        si = pick_s()
        kind, word, _w = pick_bk()
        s = streets[si]
        name = draw.unique_names(rng, 1, word, bnames)[0]
        s.buildings.append(len(buildings))
        buildings.append((name, kind, si, s.lat + rng.gauss(0, 0.006), s.lon + rng.gauss(0, 0.008)))
    return buildings


def _orgs(
    rng: random.Random,
    streets: list[Street],
    buildings: list[tuple[str, str, int, float, float]],
    pick_s: Callable[[], Any],
    n_orgs: int,
    place: Place,
) -> list[Org]:
    """The organizations: enterprises (and a few social organizations) with unique credit
    codes and names, their size, members and place."""
    pick_ind = draw.weighted(rng, INDUSTRIES, [w for *_, w in INDUSTRIES])
    codes: set[str] = set()
    names: set[str] = set()
    orgs: list[Org] = []
    for _ in range(n_orgs):
        si = pick_s()
        s = streets[si]
        social = rng.random() < 0.02
        if social:
            industry, word = rng.choice(SOCIAL)
            prefix = rng.choice(("51", "52"))
        else:
            industry, word, _w = pick_ind()
            prefix = "91" if rng.random() < 0.93 else "92"
        code = _credit_code(rng, prefix, s.code[:6], codes)
        name = _org_name(rng, social, word, names, place)
        employees = max(1, int(math.exp(rng.gauss(1.9, 1.25))))
        revenue = round(employees * math.exp(rng.gauss(3.0, 0.9)), 1)
        key = (revenue >= 2000 or employees >= 100) and not social
        formal = _draw_members(rng, employees)
        prob = 1 if formal and rng.random() < 0.08 else 0
        building = None
        if s.buildings and rng.random() < 0.35:
            building = rng.choice(s.buildings)
            lat, lon = (
                buildings[building][3] + rng.gauss(0, 0.0008),
                buildings[building][4] + rng.gauss(0, 0.001),
            )
        else:
            lat, lon = s.lat + rng.gauss(0, 0.012), s.lon + rng.gauss(0, 0.016)
        orgs.append(
            Org(code, name, "social_org" if social else "enterprise", industry, si, building,
                employees, revenue, key, formal, prob, round(lat, 5), round(lon, 5))
        )  # fmt: skip
    return orgs


def _credit_code(rng: random.Random, prefix: str, dcode: str, codes: set[str]) -> str:
    """A credit code not in ``codes`` (added to them)."""
    while True:
        body = "MA" + "".join(rng.choice(USCC_ALPHABET) for _ in range(6))
        code = make_credit_code(prefix, dcode, body)
        if code not in codes:
            codes.add(code)
            return code


def _org_name(rng: random.Random, social: bool, word: str, names: set[str], place: Place) -> str:
    """An organization's name not in ``names`` (added to them)."""
    for tries in itertools.count():
        # 字号: a trade word and one place character; two when the short ones run out
        trade = rng.choice(TRADE) + rng.choice(SYL) + (rng.choice(SYL) if tries > 2 else "")
        if tries > 50:
            trade += str(tries)
        name = f"{place.name}{trade}{word}" if social else f"{place.short}{trade}{word}有限公司"
        if name not in names:
            break
    names.add(name)
    return name


def _d_index(s: Street, districts: list[District]) -> int:
    for i, d in enumerate(districts):
        if d.name == s.district:
            return i
    raise ValueError(s.district)


def _draw_members(rng: random.Random, employees: int) -> int:
    r = rng.random()
    if employees < 20:
        return 0 if r < 0.86 else 1 if r < 0.95 else 2 if r < 0.985 else rng.randint(3, 5)
    if employees < 100:
        return 0 if r < 0.45 else 1 if r < 0.62 else 2 if r < 0.75 else rng.randint(3, 10)
    return 0 if r < 0.08 else max(3, int(employees * rng.uniform(0.02, 0.12)))
