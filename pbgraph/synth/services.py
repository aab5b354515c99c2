"""Member-relation transfers and the service circle of the synthetic city (issue 20): the
transfers ledger (组织关系转接台账), the service projects (党建服务项目台账) and the needs
(服务需求台账).

Drawn from a generator of their own (``seed``-derived), after the city: the city's other
ledgers are byte for byte as before (coverage and every other analysis unchanged). What the
draws follow (docs/ledgers.md#transfers-and-the-service-circle):

* transfers: six in ten members held by a talent centre, HR market or community who work at
  an organization are registered (摸排) between January and June 2018; 55 % willing, 20 %
  not, 25 % not asked; a third of the willing transferred by the campaign's end
  (:data:`~.campaign.VISITS_END`); 0-4 follow-up visits; the receiving organization named
  on seven rows in ten (else blank: the employer);
* projects: four in ten member units of the joint-meeting platforms offer one or two
  projects of 5-30 places (a city-level unit's in a district drawn), one organization in 100
  one of 2-10 places; each of a type drawn, held in its provider's street or district;
* needs: one organization in 12 states a need (a type drawn, January-July 2018); a fifth of
  them already met by a project of that type with places, with a score (60-100).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any

from ..graphmodel.schema.services import SERVICE_TYPES
from .campaign import VISITS_END
from .model import City

__all__ = ["with_services"]

_TYPES = [words[0] for _, words in SERVICE_TYPES]
_WEIGHTS = [18, 14, 16, 10, 16, 10, 12, 4]
_PROJECT_WORDS = {
    "党务培训": ("党务干部培训班", "发展党员业务辅导", "书记轮训"),
    "政策咨询": ("惠企政策宣讲", "政策直通车", "减税降费解读"),
    "法律服务": ("法律体检进企业", "律师志愿服务站", "劳动用工法律咨询"),
    "融资服务": ("银企对接会", "小微企业融资辅导", "财税服务日"),
    "人才招聘": ("招聘用工对接会", "人才夜市", "高校毕业生招聘"),
    "阵地共享": ("党群服务中心共享", "活动场地开放", "党员活动室共建"),
    "志愿服务": ("党员志愿服务队", "社区公益行", "义诊进楼宇"),
    "其他": ("党建联建活动", "主题党日共建", "文体交流"),
}
_START = dt.date(2018, 1, 1)


def with_services(
    city: City, ledgers: Iterable[tuple[str, str, Iterable[dict[str, Any]]]]
) -> list[tuple[str, str, Iterable[dict[str, Any]]]]:
    """``ledgers`` and the three ledgers of transfers and the service circle."""
    rng = random.Random(f"pbgraph services {city.seed}")
    projects = _projects(rng, city)
    return [
        *ledgers,
        ("21_组织关系转接台账", "transfers", _transfers(rng, city)),
        ("22_党建服务项目台账", "service-projects", projects),
        ("23_服务需求台账", "service-needs", _needs(rng, city, projects)),
    ]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _transfers(rng: random.Random, city: City) -> list[dict[str, Any]]:
    codes = {o.name: o.code for o in city.orgs}
    out = []
    for m in city.members:
        if m["employer"] is None or rng.random() >= 0.6:
            continue
        registered = _day(rng, _START, dt.date(2018, 6, 30))
        u = rng.random()
        willing = True if u < 0.55 else False if u < 0.75 else None
        done = _day(rng, registered, VISITS_END) if willing and rng.random() < 1 / 3 else None
        visits = rng.randrange(5)
        last = _day(rng, registered, VISITS_END) if visits else None
        out.append({
            "name": m["name"], "resident_id": m["resident_id"], "from_kind": m["held_by"],
            "from_at": m["held_at"],
            "to_name": m["employer"] if rng.random() < 0.7 else None,
            "to_code": None, "willing": willing, "registered": registered, "transferred": done,
            "visits": visits, "last_visit": last, "district": m["district"],
            "street": m["street"],
        })  # fmt: skip
        if out[-1]["to_name"] and rng.random() < 0.5:  # some offices write the code instead
            out[-1]["to_code"], out[-1]["to_name"] = codes[m["employer"]], None
    return out


def _projects(rng: random.Random, city: City) -> list[dict[str, Any]]:
    units = {r["unit_id"]: r for r in city.platforms}  # a unit's first platform row
    districts = sorted({s.district for s in city.streets})
    out: list[dict[str, Any]] = []

    def add(provider: dict[str, Any], district: str, street: str | None, places: int) -> None:
        kind = rng.choices(_TYPES, _WEIGHTS)[0]
        out.append({
            "id": f"XM{len(out) + 1:05d}", "name": rng.choice(_PROJECT_WORDS[kind]), "type": kind,
            "capacity": places, "date": _day(rng, dt.date(2018, 3, 1), VISITS_END),
            "place": f"{street or district}党群服务中心", "district": district, "street": street,
            **provider,
        })  # fmt: skip

    for uid, r in sorted(units.items()):
        if rng.random() >= 0.4:
            continue
        district = r.get("district") or rng.choice(districts)
        for _ in range(rng.choice((1, 1, 2))):
            add(
                {"provider_unit": uid, "provider_name": r["unit_name"]},
                district,
                r.get("street"),
                rng.randint(5, 30),
            )
    for o in city.orgs:
        if rng.random() < 1 / 100:
            s = city.streets[o.street]
            add(
                {"provider_code": o.code, "provider_name": o.name},
                s.district,
                s.name,
                rng.randint(2, 10),
            )
    return out


def _needs(rng: random.Random, city: City, projects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    places = {p["id"]: p["capacity"] for p in projects}
    by_type: dict[str, list[str]] = {}
    for p in projects:
        by_type.setdefault(p["type"], []).append(p["id"])
    out: list[dict[str, Any]] = []
    for o in city.orgs:
        if rng.random() >= 1 / 12:
            continue
        kind = rng.choices(_TYPES, _WEIGHTS)[0]
        s = city.streets[o.street]
        need = {"id": f"XQ{len(out) + 1:06d}", "credit_code": o.code, "org_name": o.name,
                "district": s.district, "street": s.name, "type": kind,
                "date": _day(rng, _START, VISITS_END), "content": None, "served_by": None,
                "score": None}  # fmt: skip
        options = [p for p in by_type.get(kind, ()) if places[p] > 0]
        if options and rng.random() < 0.2:
            served = rng.choice(options)
            places[served] -= 1
            need["served_by"], need["score"] = served, rng.randint(60, 100)
        out.append(need)
    return out
