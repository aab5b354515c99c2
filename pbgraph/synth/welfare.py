"""Public-welfare accounts, 出彩型 awards and training sign-in sheets of the synthetic city
(issue 20), drawn from generators of their own (``seed``-derived), after the city: the
city's other ledgers are byte for byte as before. What the draws follow
(docs/ledgers.md#public-welfare-accounts-awards-and-training):

* welfare (公益账户, the first half of 2018): about 8 % of the organizations with a party
  organization and 1 % of the others gave back, 1–3 activities each, with volunteers, hours,
  people served and now and then money or goods, entered in their district's account;
* trainings (培训, 观摩): the seed's 10+ trainings and 6 study visits in 2018 (12 and 6);
  about 55 % of the party organizations' secretaries attend one or more, a party worker
  of one in five attends one, a third of the key organizations' leaders and 2 % of the
  others' attend; a person is written with the resident ID or (a third of them) the phone,
  the same way on every sheet; party workers by name with their party organization;
* awards (出彩型, 2018-06-28, before 1 July): the seed's 28 party organizations and 21
  secretaries for a city of 500 000 organizations (fewer for a smaller one, at least 2):
  seven in ten among the party organizations that give most and are demonstration sites,
  the rest drawn from the other normal ones (as real lists are).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from typing import Any

from ..graphmodel.identifiers import make_resident_id
from .model import City
from .vocabulary import GIVEN, SURNAMES

__all__ = ["with_welfare"]

_Ledgers = list[tuple[str, str, Iterable[dict[str, Any]]]]

_ACTIVITIES = (("学雷锋志愿服务", "志愿服务"), ("关爱留守儿童", "助学助困"), ("敬老助老", "扶老助残"),
               ("社区环境整治", "环境保护"), ("慈善一日捐", "捐资捐物"), ("义诊", "医疗卫生"),
               ("助学捐赠", "助学助困"), ("文化惠民演出", "文化服务"), ("植树造林", "环境保护"),
               ("扶贫帮困", "扶贫济困"))  # fmt: skip
_TRAININGS = ("两新组织党组织书记示范培训班", "党务工作者业务培训班", "出资人负责人党建培训班",
              "新建党组织书记培训班", "党建指导员和书记轮训班", "社会组织党建专题培训班")  # fmt: skip
_VISITS = ("党建示范点现场观摩", "商务楼宇党建观摩", "园区党建观摩交流")
_AWARD_DAY = dt.date(2018, 6, 28)
#: every column a sign-in or award row may fill (the ledger writes the first row's columns)
_BLANK = dict.fromkeys(("name", "resident_id", "phone", "role", "party_org", "credit_code"))
_ISSUER = "中共济南市委两新组织工作委员会"


def with_welfare(city: City, ledgers: _Ledgers, *, by_name: bool = False) -> _Ledgers:
    """``ledgers`` (file stem, kind, records) and the welfare, trainings and awards ledgers;
    ``by_name``: party organizations named (党组织名称, found in their street) instead of by
    id, as the combined layout, which has no party organization ids, needs."""
    people = _People(city, random.Random(city.seed * 7919 + 30))
    welfare = _welfare(city, random.Random(city.seed * 7919 + 31))
    trainings = _trainings(city, people, random.Random(city.seed * 7919 + 32))
    awards = _awards(city, people, welfare, trainings, random.Random(city.seed * 7919 + 33))
    if by_name:
        names = {p["id"]: p["name"] for p in city.party_orgs}
        trainings, awards = (
            [{**{k: v for k, v in r.items() if k != "party_org"},
              "party_org_name": names.get(r["party_org"])} for r in rows]
            for rows in (trainings, awards)
        )  # fmt: skip
    return [*ledgers, ("30_公益账户台账", "welfare", welfare),
            ("31_培训观摩签到台账", "trainings", trainings),
            ("32_出彩型表彰台账", "awards", awards)]  # fmt: skip


class _People:
    """Each party organization's secretary and one organization's leader, drawn once, with
    a resident ID or (one in three) only a phone, written the same way everywhere."""

    def __init__(self, city: City, rng: random.Random) -> None:
        self.city, self.rng = city, rng
        self._made: dict[str, dict[str, Any]] = {}
        self._ids: set[str] = set()
        self._division = {(s.district, s.name): s.code[:6] for s in city.streets}

    def person(self, key: str, district: str, street: str) -> dict[str, Any]:
        found = self._made.get(key)
        if found is not None:
            return found
        rng = self.rng
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if rng.random() < 0.67:
            while True:
                birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 15000))
                rid = make_resident_id(self._division.get((district, street), "370102"), birth,
                                       rng.randrange(1000))  # fmt: skip
                if rid not in self._ids:
                    self._ids.add(rid)
                    break
            who = {"name": name, "resident_id": rid}
        else:
            phone = "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9))
            who = {"name": name, "phone": phone}
        self._made[key] = who
        return who


def _welfare(city: City, rng: random.Random) -> list[dict[str, Any]]:
    covered = {c for p in city.party_orgs for c in p["covered_codes"]}
    out: list[dict[str, Any]] = []
    start = dt.date(2018, 1, 1)
    for o in city.orgs:
        if rng.random() >= (0.08 if o.code in covered else 0.01):
            continue
        s = city.streets[o.street]
        seen: set[tuple[str, dt.date]] = set()  # one activity of a name a day: a row's key
        for _ in range(1 + (rng.random() < 0.5) + (rng.random() < 0.2)):
            activity, kind = rng.choice(_ACTIVITIES)
            day = start + dt.timedelta(days=rng.randrange(0, 181))
            if (activity, day) in seen:
                continue
            seen.add((activity, day))
            volunteers = rng.randint(3, 40)
            out.append({
                "district": s.district, "street": s.name, "credit_code": o.code,
                "activity": activity, "kind": kind, "date": day,
                "hours": round(volunteers * rng.choice((2, 3, 4, 6, 8)), 1),
                "volunteers": volunteers, "beneficiaries": rng.randint(10, 500),
                "amount": rng.randrange(1, 50) * 1000 if kind == "捐资捐物" or rng.random() < 0.1
                else None,
            })  # fmt: skip
    out.sort(key=lambda r: (r["district"], r["street"], r["date"], r["credit_code"]))
    return out


def _sessions() -> list[tuple[str, str, str, dt.date]]:
    """(id, name, kind word, date): 12 trainings and 6 study visits in 2018."""
    out = []
    for k in range(12):
        day = dt.date(2018, k + 1, 10 + k % 10)
        out.append((f"PX2018{k + 1:02d}", f"2018年{_TRAININGS[k % len(_TRAININGS)]}（第{k + 1}期）",
                    "培训班", day))  # fmt: skip
    for k in range(6):
        day = dt.date(2018, 2 * k + 2, 20)
        out.append((f"GM2018{k + 1:02d}", f"2018年{_VISITS[k % len(_VISITS)]}（第{k + 1}次）",
                    "现场观摩", day))  # fmt: skip
    return sorted(out, key=lambda s: (s[3], s[0]))


def _trainings(city: City, people: _People, rng: random.Random) -> list[dict[str, Any]]:
    sessions = _sessions()
    rows: list[dict[str, Any]] = []

    def attend(session: tuple[str, str, str, dt.date], who: dict[str, Any], row: dict[str, Any]
               ) -> None:  # fmt: skip
        sid, name, kind, day = session
        rows.append({"training_id": sid, "training_name": name, "training_kind": kind,
                     "date": day, "days": 1 if kind == "现场观摩" else 2,
                     "organizer": "市委两新工委", **_BLANK, **who, **row})  # fmt: skip

    for p in city.party_orgs:
        place = {"district": p["district"], "street": p["street"], "party_org": p["id"]}
        if rng.random() < 0.55:
            who = people.person(f"po:{p['id']}", p["district"], p["street"])
            for session in rng.sample(sessions, 1 + (rng.random() < 0.4) + (rng.random() < 0.15)):
                attend(session, who, {**place, "role": "党组织书记"})
        if rng.random() < 0.2:
            worker = rng.choice("张王李赵刘陈杨黄") + rng.choice("明华丽强军敏静")
            attend(rng.choice(sessions), {"name": worker}, {**place, "role": "党务工作者"})
    for o in city.orgs:
        if rng.random() >= (0.33 if o.key else 0.02):
            continue
        s = city.streets[o.street]
        who = people.person(f"org:{o.code}", s.district, s.name)
        place = {"district": s.district, "street": s.name, "credit_code": o.code}
        for session in rng.sample(sessions, 1 + (rng.random() < 0.3)):
            attend(session, who, {**place, "role": rng.choice(("出资人", "负责人", "总经理"))})
    rows.sort(key=lambda r: (r["date"], r["training_id"], r["district"], r["street"]))
    return rows


def _awards(city: City, people: _People, welfare: list[dict[str, Any]],
            trainings: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:  # fmt: skip
    scale = len(city.orgs) / 500_000
    n_po, n_sec = max(2, round(28 * scale)), max(2, round(21 * scale))
    hours: dict[str, float] = {}
    for w in welfare:
        hours[w["credit_code"]] = hours.get(w["credit_code"], 0.0) + w["hours"]
    sites = {s["party_org"] for s in city.demo_sites if s.get("party_org")}
    sites |= {s["credit_code"] for s in city.demo_sites if s.get("credit_code")}
    normal = [p for p in city.party_orgs if p["status"] == "normal"]
    # the honours go to a unit's own or a joint branch that shows: a street's 综合党委 (兜底)
    # gives many hours through its many organizations, but is not what 出彩型 honours
    shown = [p for p in normal if p["form"] != "attached"]

    def merit(p: dict[str, Any]) -> tuple[float, str]:
        site = p["id"] in sites or any(c in sites for c in p["covered_codes"])
        return (-(site * 1000 + sum(hours.get(c, 0.0) for c in p["covered_codes"])), p["id"])

    best = sorted(shown, key=merit)[: n_po * 2]
    chosen = rng.sample(best, min(len(best), round(n_po * 0.7)))
    rest = [p for p in normal if p not in chosen]
    chosen += rng.sample(rest, min(len(rest), n_po - len(chosen)))
    out = [{"award": "出彩型党组织", "date": _AWARD_DAY, "issuer": _ISSUER, **_BLANK,
            "district": p["district"], "street": p["street"], "party_org": p["id"]}
           for p in sorted(chosen, key=lambda p: p["id"])]  # fmt: skip
    trained = sorted({r["party_org"] for r in trainings if r.get("role") == "党组织书记"})
    by_id = {p["id"]: p for p in city.party_orgs}
    good = [
        by_id[i]
        for i in trained
        if by_id[i]["status"] == "normal" and by_id[i]["form"] != "attached"
    ]
    good.sort(key=merit)
    secs = rng.sample(good[: n_sec * 2], min(len(good[: n_sec * 2]), round(n_sec * 0.7)))
    others = [p for p in normal if p not in secs]
    secs += rng.sample(others, min(len(others), n_sec - len(secs)))
    for p in sorted(secs, key=lambda p: p["id"]):
        who = people.person(f"po:{p['id']}", p["district"], p["street"])
        out.append({"award": "出彩型党组织书记", "date": _AWARD_DAY, "issuer": _ISSUER,
                    **_BLANK, "district": p["district"], "street": p["street"],
                    "party_org": p["id"], **who})  # fmt: skip
    return out
