"""The party side of the city: party organizations (own, joint and attached), the members
whose relation is held outside their employer, and the instructors who guide organizations
and party organizations. Drawn from :func:`.city.build_city`'s generator, in this order."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from ..graphmodel.identifiers import make_resident_id
from . import draw
from .model import Org, Street
from .vocabulary import GIVEN, JINAN, SURNAMES, Place

_ATTACHED_MAX = 300

#: adds a party organization: (form, name, members, covered org indices, street)
_Add = Callable[[str, str, int, list[int], Street], None]


def party_orgs(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    buildings: list[Any],
    place: Place = JINAN,
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Own, joint and attached party organizations; returns them and org index -> form."""
    pos: list[dict[str, Any]] = []
    covered: dict[int, str] = {}
    founded0 = dt.date(2012, 1, 1)

    def add(form: str, name: str, members: int, idx: list[int], s: Street) -> None:
        level = "branch" if members < 50 else "general_branch" if members < 100 else "committee"
        weak = form != "attached" and rng.random() < 0.05
        pos.append({
            "id": f"DZZ{place.ids}{len(pos) + 1:07d}", "name": name, "form": form, "level": level,
            "status": "weak" if weak else "normal",
            "founded": founded0 + dt.timedelta(days=draw.recent(rng.randrange(0, 2400))),
            "district": s.district, "street": s.name,
            "covered_codes": [orgs[i].code for i in idx],
        })  # fmt: skip
        for i in idx:
            covered[i] = form

    small_by_place: dict[tuple[int, int | None], list[int]] = {}
    for i, o in enumerate(orgs):
        if o.formal >= 3 and rng.random() < 0.86:
            suffix = (
                "委员会" if o.formal >= 100 else "总支部委员会" if o.formal >= 50 else "支部委员会"
            )
            add(
                "independent",
                f"中共{o.name}{suffix}",
                o.formal + o.probationary,
                [i],
                streets[o.street],
            )
        elif 1 <= o.formal <= 2 and rng.random() < 0.6:
            small_by_place.setdefault((o.street, o.building), []).append(i)
    _joint(rng, add, small_by_place, orgs, streets, buildings)
    _attached(rng, add, covered, orgs, streets, buildings)
    return pos, covered


def _joint(
    rng: random.Random,
    add: _Add,
    small_by_place: dict[tuple[int, int | None], list[int]],
    orgs: list[Org],
    streets: list[Street],
    buildings: list[Any],
) -> None:
    """Joint branches: 2-5 small units in the same street (same building first), numbered
    within the street so that a name is unique there (the combined layout names them)."""
    joint_in_street: dict[int, int] = {}
    for (si, bi), idx in sorted(
        small_by_place.items(), key=lambda kv: (kv[0][0], -1 if kv[0][1] is None else kv[0][1])
    ):
        rng.shuffle(idx)
        place = buildings[bi][0] if bi is not None else streets[si].name
        while len(idx) >= 2:
            size = rng.randint(2, 5)
            if rng.random() < 0.03:
                size = rng.randint(6, 8)  # a few break the 5-unit rule, as real ones do
            group, idx = idx[:size], idx[size:]
            total = sum(orgs[i].formal for i in group)
            if total < 3 and len(group) < 2:
                break
            ordinal = joint_in_street[si] = joint_in_street.get(si, 0) + 1
            add("joint", f"中共{streets[si].name}{place}第{ordinal}联合支部委员会",
                total, group, streets[si])  # fmt: skip


def _attached(
    rng: random.Random,
    add: _Add,
    covered: dict[int, str],
    orgs: list[Org],
    streets: list[Street],
    buildings: list[Any],
) -> None:
    """Attached: organizations with no member of their own, attached to a regional party
    organization of their building or street."""
    regional: dict[tuple[int, int | None], list[int]] = {}
    for i, o in enumerate(orgs):
        if i not in covered and o.formal == 0 and rng.random() < 0.72:
            regional.setdefault((o.street, o.building), []).append(i)
    for (si, bi), idx in sorted(
        regional.items(), key=lambda kv: (kv[0][0], -1 if kv[0][1] is None else kv[0][1])
    ):
        s = streets[si]
        if bi is not None:
            name = f"中共{s.name}{buildings[bi][0]}{'综合' if buildings[bi][1] != '楼宇' else '楼宇'}党委"
        else:
            name = f"中共{s.name}非公企业和社会组织综合党委"
        # a regional party organization takes at most _ATTACHED_MAX units (and a ledger cell
        # stays far below Excel's 32 767 characters); bigger areas get several
        for k in range(0, len(idx), _ATTACHED_MAX):
            part = f"第{k // _ATTACHED_MAX + 1}" if len(idx) > _ATTACHED_MAX else ""
            add(
                "attached",
                name[:-2] + part + "党委",
                rng.randint(5, 40),
                idx[k : k + _ATTACHED_MAX],
                s,
            )


def members(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    covered: dict[int, str],
    place: Place = JINAN,
) -> list[dict[str, Any]]:
    """Members whose relation is held by a talent centre / HR market or by a community."""
    out: list[dict[str, Any]] = []
    n = max(10, round(len(orgs) * 0.3))
    uncovered = [i for i in range(len(orgs)) if i not in covered]
    ids: set[str] = set()
    for _ in range(n):
        community = rng.random() < 0.4
        holder_kind = "community" if community else rng.choice(("talent_centre", "hr_market"))
        if rng.random() < 0.75 and uncovered:
            emp: Org | None = (
                orgs[rng.choice(uncovered)] if rng.random() < 0.7 else rng.choice(orgs)
            )
        else:
            emp = None
        s = streets[emp.street] if emp is not None else rng.choice(streets)
        while True:
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 18000))
            rid = make_resident_id(s.code[:6], birth, rng.randrange(1000))
            if rid not in ids:
                ids.add(rid)
                break
        if community:
            held_at = f"{s.name}{rng.choice(s.communities)}党委"
        elif holder_kind == "talent_centre":
            held_at = (
                f"{place.name}人才服务中心" if rng.random() < 0.5 else f"{s.district}人才服务中心"
            )
        else:
            held_at = f"{place.name}人力资源市场"
        out.append({
            "name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
            "resident_id": rid,
            "phone": "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9)),
            "status": "formal" if rng.random() < 0.92 else "probationary",
            "held_by": holder_kind,
            "held_at": held_at,
            "employer": emp.name if emp else None,
            "employer_code": emp.code if emp is not None and rng.random() < 0.6 else None,
            "district": s.district,
            "street": s.name,
            "community": rng.choice(s.communities) if community else None,
        })  # fmt: skip
    return out


def instructors(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    party_orgs: list[dict[str, Any]],
    covered: dict[int, str],
    place: Place = JINAN,
) -> list[dict[str, Any]]:
    n = max(8, len(orgs) // 250)
    by_street_orgs: dict[int, list[int]] = {}
    for i, o in enumerate(orgs):
        if i not in covered:
            by_street_orgs.setdefault(o.street, []).append(i)
    street_index = {s.name: i for i, s in enumerate(streets)}
    by_street_pos: dict[int, list[str]] = {}
    for p in party_orgs:
        if p["form"] == "joint" or p["status"] == "weak":
            by_street_pos.setdefault(street_index[p["street"]], []).append(p["id"])
    # big, uncovered organizations first, as a department would send them
    for lst in by_street_orgs.values():
        lst.sort(key=lambda i: (-orgs[i].employees, orgs[i].code))
    out: list[dict[str, Any]] = []
    names: dict[str, set[str]] = {}  # full names taken in each district
    weights = [len(by_street_orgs.get(i, ())) + 1 for i in range(len(streets))]
    pick_s = draw.weighted(rng, range(len(streets)), weights)
    for k in range(n):
        si = pick_s()
        s = streets[si]
        capacity = rng.choice((2, 3, 3, 3, 4))
        load = rng.choice((0, 1, 2, 3, 3, 3, 4, 4, 6, 8))  # some idle, some overloaded
        pos = by_street_pos.get(si, [])
        guided_pos = [pos.pop() for _ in range(min(len(pos), load // 3))]
        pool = by_street_orgs.get(si, [])
        guided = [orgs[pool.pop(0)].code for _ in range(min(len(pool), load - len(guided_pos)))]
        taken = names.setdefault(s.district, set())
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(2))
        aside: random.Random | None = None
        while name in taken:  # unique within the district: the combined layout knows them
            # by name; redrawn aside, so that the rest of the city is drawn as before
            aside = aside or random.Random(k)
            name = aside.choice(SURNAMES) + "".join(aside.choice(GIVEN) for _ in range(2))
        taken.add(name)
        out.append({
            "id": f"ZDY{place.ids}{k + 1:05d}",
            "name": name,
            "phone": "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9)),
            "district": s.district, "street": s.name, "capacity": capacity,
            "guided_codes": guided, "guided_party_orgs": guided_pos,
        })  # fmt: skip
    return out
