"""A synthetic, Jinan-like city written as the ledgers an organization department keeps.

Real district names of Jinan (济南) with their division codes; synthetic streets, communities,
buildings, parks and markets; organizations with valid credit codes; members with valid (and
fake) resident ID numbers. The figures are calibrated to docs/design.md#the-synthetic-city: most small firms have
no party members, about 70 % of organizations are covered by a party organization (own, joint
or attached), an instructor guides 2-4 organizations (a few guide many more: the imbalance
``balance`` exists for), joint branches have at most 5 units (a few break the rules, as real
ones do).

The ledgers come in two layouts (:func:`generate`): ``normalized``, one tidy ledger per kind
linked by ids, and ``combined``, the organizations with their party organization,
instructors and paired member units on each row, a workbook per district and a sheet per
street, as offices keep them. Names the combined layout relies on are unique where it needs
them: instructors' within a district, party organizations' within a street, member units'
in the city. The same seed gives byte-identical files, and the same city in both layouts.

Examples
--------
>>> city = build_city(300, seed=1)
>>> len(city.orgs), city.districts[0].name
(300, '历下区')
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graphmodel.identifiers import USCC_ALPHABET, make_credit_code, make_resident_id
from .graphmodel.schema import NODES
from .loaders.ledgers import KINDS, Column, LedgerKind
from .loaders.write import write_ledger, write_workbook

__all__ = [
    "DISTRICTS",
    "LAYOUTS",
    "City",
    "build_city",
    "combined_header",
    "combined_workbooks",
    "generate",
]

#: Jinan's districts and counties with their division codes (GB/T 2260).
DISTRICTS: tuple[tuple[str, str], ...] = (
    ("历下区", "370102"),
    ("市中区", "370103"),
    ("槐荫区", "370104"),
    ("天桥区", "370105"),
    ("历城区", "370112"),
    ("长清区", "370113"),
    ("章丘区", "370114"),
    ("济阳区", "370115"),
    ("莱芜区", "370116"),
    ("钢城区", "370117"),
    ("平阴县", "370124"),
    ("商河县", "370126"),
)
# Relative size of each district (central districts are denser).
_DISTRICT_WEIGHT = (16, 13, 10, 10, 15, 5, 8, 4, 7, 2, 3, 3)
_CENTER = {  # rough centre (lat, lon) of each district
    "历下区": (36.67, 117.08), "市中区": (36.63, 116.99), "槐荫区": (36.66, 116.93),
    "天桥区": (36.70, 116.99), "历城区": (36.69, 117.15), "长清区": (36.55, 116.75),
    "章丘区": (36.71, 117.53), "济阳区": (36.98, 117.18), "莱芜区": (36.21, 117.66),
    "钢城区": (36.06, 117.81), "平阴县": (36.29, 116.45), "商河县": (37.31, 117.16),
}  # fmt: skip

_SYL = (
    "泉华明湖舜耕文化千佛山燕趾龙洞姚家智远东关大明解放甸柳羊头峪七里山王官庄杨家泺源"
    "趵突大观五里沟道德振兴匡山段店营市西张庄兴福北园药山工人新村堤口宝华桃园白马"
    "鲍山彩石唐冶港沟遥墙华山郭店董家仲宫柳埠崮云湖文昌平安归德孝里马山万德明水"
    "双山圣井埠村官庄绣惠刁镇龙山白云湖黄河济北崔寨仁风汶源鹏泉口镇方下雪野大王"
    "艾山颜庄里辛锦阳榆山玫瑰东阿孔村孝直洪范许商玉皇庙殷巷贾庄怀仁龙桑寺"
)
_TRADE = (
    "恒泰", "鲁信", "齐鲁", "泉城", "华盛", "中远", "金桥", "鼎力", "瑞丰", "众诚", "天成",
    "宏达", "海岱", "银座", "嘉华", "盛世", "博远", "正泰", "永盛", "新元", "鸿运", "卓越",
    "安泰", "丰源", "华信", "明德", "汇通", "聚力", "三和", "东方", "创新", "启航", "长青",
    "宏图", "祥瑞", "方正", "力源", "润泽", "鑫源", "睿智", "新锐", "金泉", "大舜", "舜和",
)  # fmt: skip
_INDUSTRIES: tuple[tuple[str, str, float], ...] = (
    # industry, name word, weight
    ("批发和零售业", "商贸", 24),
    ("租赁和商务服务业", "商务咨询", 14),
    ("信息传输、软件和信息技术服务业", "信息技术", 10),
    ("制造业", "机械制造", 10),
    ("建筑业", "建设工程", 8),
    ("住宿和餐饮业", "餐饮管理", 8),
    ("科学研究和技术服务业", "科技", 7),
    ("居民服务、修理和其他服务业", "家政服务", 6),
    ("交通运输、仓储和邮政业", "物流", 5),
    ("房地产业", "物业管理", 4),
    ("金融业", "投资管理", 2),
    ("文化、体育和娱乐业", "文化传媒", 2),
)
_SOCIAL: tuple[tuple[str, str], ...] = (
    ("社会服务", "社会工作服务中心"),
    ("教育", "培训学校"),
    ("行业协会商会", "商会"),
    ("卫生", "康复中心"),
    ("文化", "文化促进会"),
)
_BUILDING_KINDS = (
    ("楼宇", "大厦", 55),
    ("商圈", "商圈", 12),
    ("园区", "产业园", 13),
    ("市场", "市场", 20),
)
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志海波宁鹏飞晓东雪梅"
_CITY_UNITS = (
    "市委组织部", "市民政局", "市市场监管局", "市工商联", "市人力资源社会保障局", "市税务局",
    "市国资委", "市总工会", "团市委", "市妇联", "市科技局", "市商务局", "市住房城乡建设局",
    "市交通运输局", "市文化和旅游局", "市卫生健康委", "市教育局", "市金融监管局",
    "济南城市建设集团", "济南城市投资集团", "济南产业发展投资集团",
)  # fmt: skip
_ATTACHED_MAX = 300
_DISTRICT_UNITS = (
    "组织部",
    "民政局",
    "市场监管局",
    "工商联",
    "人社局",
    "税务局",
    "总工会",
    "商务局",
)


@dataclass
class Street:
    name: str
    district: str
    code: str  # 9-digit synthetic division code
    lat: float
    lon: float
    communities: list[str] = field(default_factory=list)
    buildings: list[int] = field(default_factory=list)


@dataclass
class District:
    name: str
    code: str


@dataclass
class Org:
    code: str
    name: str
    kind: str
    industry: str
    street: int
    building: int | None
    employees: int
    revenue: float
    key: bool
    formal: int
    probationary: int
    lat: float
    lon: float


@dataclass
class City:
    """Everything the generator draws before writing ledgers (handy in tests)."""

    seed: int
    districts: list[District]
    streets: list[Street]
    buildings: list[tuple[str, str, int, float, float]]  # name, kind, street, lat, lon
    orgs: list[Org]
    party_orgs: list[dict[str, Any]]
    members: list[dict[str, Any]]
    instructors: list[dict[str, Any]]
    platforms: list[dict[str, Any]]
    pairings: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    demo_sites: list[dict[str, Any]] = field(default_factory=list)


def _weighted(
    rng: random.Random, items: Sequence[Any], weights: Sequence[float]
) -> Callable[[], Any]:
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    import bisect

    def pick() -> Any:
        return items[bisect.bisect_right(cum, rng.random() * total)]

    return pick


def _unique_names(rng: random.Random, n: int, suffix: str, taken: set[str]) -> list[str]:
    """``n`` new names ending in ``suffix``: a place-name piece of 2-3 characters, or two
    pieces once the short ones run out, numbered as a last resort (never loops forever)."""
    out: list[str] = []
    tries = 0
    while len(out) < n:
        tries += 1
        length = rng.choice((2, 2, 3))
        start = rng.randrange(len(_SYL) - length)
        name = _SYL[start : start + length]
        if tries > 50:
            a, b = rng.randrange(len(_SYL) - 1), rng.randrange(len(_SYL) - 1)
            name = _SYL[a : a + 2] + _SYL[b]
        if tries > 5000:
            name += str(tries)
        name += suffix
        if name not in taken:
            taken.add(name)
            out.append(name)
            tries = 0
    return out


def build_city(n_orgs: int, *, seed: int = 2018) -> City:
    """Draw a synthetic city of ``n_orgs`` organizations (deterministic in ``seed``)."""
    if n_orgs < 1:
        raise ValueError("n_orgs must be at least 1")
    rng = random.Random(seed)
    districts = [District(n, c) for n, c in DISTRICTS]

    # -- streets, communities, buildings -----------------------------------------------
    n_streets = max(24, min(400, round(n_orgs / 3300)))
    pick_d = _weighted(rng, range(len(districts)), _DISTRICT_WEIGHT)
    per_d = [1] * len(districts)  # every district has at least one street
    for _ in range(n_streets - len(districts)):
        per_d[pick_d()] += 1
    taken: set[str] = set()
    streets: list[Street] = []
    for d, k in zip(districts, per_d, strict=True):
        clat, clon = _CENTER[d.name]
        for j, name in enumerate(_unique_names(rng, k, "街道", taken)):
            s = Street(
                name,
                d.name,
                f"{d.code}{j + 1:03d}",
                clat + rng.gauss(0, 0.03),
                clon + rng.gauss(0, 0.04),
            )
            s.communities = _unique_names(rng, 4, "社区", set())
            streets.append(s)
    street_w = [
        math.exp(rng.gauss(0, 0.6))
        * _DISTRICT_WEIGHT[_d_index(s, districts)]
        / max(1, per_d[_d_index(s, districts)])
        for s in streets
    ]

    n_buildings = max(12, n_orgs // 250)
    pick_s = _weighted(rng, range(len(streets)), street_w)
    pick_bk = _weighted(rng, _BUILDING_KINDS, [w for *_, w in _BUILDING_KINDS])
    buildings: list[tuple[str, str, int, float, float]] = []
    bnames: set[str] = set()
    for _ in range(n_buildings):
        si = pick_s()
        kind, word, _w = pick_bk()
        s = streets[si]
        name = _unique_names(rng, 1, word, bnames)[0]
        s.buildings.append(len(buildings))
        buildings.append((name, kind, si, s.lat + rng.gauss(0, 0.006), s.lon + rng.gauss(0, 0.008)))

    # -- organizations ---------------------------------------------------------------------
    pick_ind = _weighted(rng, _INDUSTRIES, [w for *_, w in _INDUSTRIES])
    codes: set[str] = set()
    names: set[str] = set()
    orgs: list[Org] = []
    alphabet = USCC_ALPHABET
    for _ in range(n_orgs):
        si = pick_s()
        s = streets[si]
        dcode = s.code[:6]
        social = rng.random() < 0.02
        if social:
            industry, word = rng.choice(_SOCIAL)
            prefix = rng.choice(("51", "52"))
        else:
            industry, word, _w = pick_ind()
            prefix = "91" if rng.random() < 0.93 else "92"
        while True:
            body = "MA" + "".join(rng.choice(alphabet) for _ in range(6))
            code = make_credit_code(prefix, dcode, body)
            if code not in codes:
                codes.add(code)
                break
        for tries in itertools.count():
            # 字号: a trade word and one place character; two when the short ones run out
            trade = rng.choice(_TRADE) + rng.choice(_SYL) + (rng.choice(_SYL) if tries > 2 else "")
            if tries > 50:
                trade += str(tries)
            name = f"济南市{trade}{word}" if social else f"济南{trade}{word}有限公司"
            if name not in names:
                names.add(name)
                break
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

    party_orgs, covered = _party_orgs(rng, orgs, streets, buildings)
    members = _members(rng, orgs, streets, covered)
    instructors = _instructors(rng, orgs, streets, party_orgs, covered)
    platforms, pairings = _platforms(rng, orgs, streets, districts, covered)
    visits = _visits(rng, orgs, streets, covered)
    demo_sites = _demo_sites(random.Random(seed * 7919 + 9), orgs, party_orgs, len(orgs))
    return City(seed, districts, streets, buildings, orgs, party_orgs, members, instructors,
                platforms, pairings, visits, demo_sites)  # fmt: skip


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


def _party_orgs(
    rng: random.Random, orgs: list[Org], streets: list[Street], buildings: list[Any]
) -> tuple[list[dict[str, Any]], dict[int, str]]:
    """Own, joint and attached party organizations; returns them and org index -> form."""
    pos: list[dict[str, Any]] = []
    covered: dict[int, str] = {}
    founded0 = dt.date(2012, 1, 1)

    def add(form: str, name: str, members: int, idx: list[int], s: Street) -> None:
        level = "branch" if members < 50 else "general_branch" if members < 100 else "committee"
        weak = form != "attached" and rng.random() < 0.05
        pos.append({
            "id": f"DZZ{len(pos) + 1:07d}", "name": name, "form": form, "level": level,
            "status": "weak" if weak else "normal",
            "founded": founded0 + dt.timedelta(days=_recent(rng.randrange(0, 2400))),
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
    # joint branches: 2-5 small units in the same street (same building first), numbered
    # within the street so that a name is unique there (the combined layout names them)
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
    # attached: organizations with no member of their own, attached to a regional party org
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
    return pos, covered


def _members(
    rng: random.Random, orgs: list[Org], streets: list[Street], covered: dict[int, str]
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
            held_at = "济南市人才服务中心" if rng.random() < 0.5 else f"{s.district}人才服务中心"
        else:
            held_at = "济南市人力资源市场"
        out.append({
            "name": rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2)))),
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


def _instructors(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    party_orgs: list[dict[str, Any]],
    covered: dict[int, str],
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
    pick_s = _weighted(rng, range(len(streets)), weights)
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
        name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(2))
        aside: random.Random | None = None
        while name in taken:  # unique within the district: the combined layout knows them
            # by name; redrawn aside, so that the rest of the city is drawn as before
            aside = aside or random.Random(k)
            name = aside.choice(_SURNAMES) + "".join(aside.choice(_GIVEN) for _ in range(2))
        taken.add(name)
        out.append({
            "id": f"ZDY{k + 1:05d}",
            "name": name,
            "phone": "1" + rng.choice("3578") + "".join(str(rng.randrange(10)) for _ in range(9)),
            "district": s.district, "street": s.name, "capacity": capacity,
            "guided_codes": guided, "guided_party_orgs": guided_pos,
        })  # fmt: skip
    return out


def _platforms(
    rng: random.Random,
    orgs: list[Org],
    streets: list[Street],
    districts: list[District],
    covered: dict[int, str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    units: list[tuple[str, str, str | None, int]] = []  # id, level, district, capacity

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
        uid = f"CYDW{len(units) + 1:04d}"
        rows.append({
            "platform_id": pid, "platform_name": pname, "platform_level": level,
            "district": d, "street": s, "unit_id": uid, "unit_name": name,
            "unit_kind": kind, "unit_capacity": cap,
        })  # fmt: skip
        units.append((uid, level, d, cap))

    for name in _CITY_UNITS:
        kind = "国有企业" if "集团" in name else "党政机关"
        unit("LXHY-CITY", "济南市区域化党建联席会议", "city", None, None, name, kind, 12)
    n_district_units = max(2, min(len(_DISTRICT_UNITS), len(orgs) // 20000 + 3))
    for d in districts:
        pid = f"LXHY-{d.code}"
        for w in _DISTRICT_UNITS[:n_district_units]:
            unit(
                pid,
                f"{d.name}区域化党建联席会议",
                "district",
                d.name,
                None,
                f"{d.name}{w}",
                "党政机关",
                6,
            )
    pairings: list[dict[str, Any]] = []
    key_uncovered = [o for i, o in enumerate(orgs) if o.key and i not in covered]
    rng.shuffle(key_uncovered)
    by_district: dict[str | None, list[tuple[str, str, str | None, int]]] = {}
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
    # the combined layout names member units in its 包挂单位 cells: names must be unique
    unit_names = [r["unit_name"] for r in rows]
    assert len(set(unit_names)) == len(unit_names), "member unit names repeat"
    # A unit's stated capacity follows what it already carries, give or take: most have a
    # little room, about one in four carries more than it says it can.
    for r in rows:
        carried = load.get(r["unit_id"], 0)
        r["unit_capacity"] = max(r["unit_capacity"], round(carried * rng.uniform(0.8, 1.4)))
    return rows, pairings


def _recent(day: int, span: int = 2400) -> int:
    """Founding days skewed towards the campaign (more new party organizations lately),
    from the same single draw as a uniform day, so the rest of the city is unchanged."""
    return min(span - 1, int(span * (day / span) ** 0.75))


VISITS_END = dt.date(2018, 7, 31)
VISITS_DAYS = 92  # May to July 2018: the campaign the seed article describes


def _visits(
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
            visited = _poisson(rng, pace * ramp)
            willing = sum(rng.random() < 0.15 for _ in range(visited))
            named = [orgs[pool.pop()].code for _ in range(min(len(pool), visited))] if names else []
            out.append({
                "district": s.district, "street": s.name, "date": day, "visited": visited,
                "willing": willing, "developed": int(rng.random() < 0.05 * visited),
                "visited_codes": sorted(named),
            })  # fmt: skip
    return out


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's product of uniforms; normal approximation above 30)."""
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, limit = 0, rng.random(), math.exp(-lam)
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _demo_sites(
    rng: random.Random, orgs: list[Org], party_orgs: list[dict[str, Any]], n_orgs: int
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
            "id": f"SFD{k + 1:04d}",
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


# -- writing ledgers ------------------------------------------------------------------------


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
    return [
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
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    city = build_city(n_orgs, seed=seed)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []

    def done(path: Path) -> None:
        files.append(path)
        if progress:
            progress(str(path))

    combined = layout == "combined"
    if combined:
        for district, sheets in combined_workbooks(city):
            done(write_workbook(outdir / f"01_两新组织台账_{district}.xlsx", sheets))
    for stem, kind_name, records in _ledgers(city):
        kind = KINDS[kind_name]
        path = outdir / f"{stem}.{kind.file_format}"
        if combined and kind_name in COMBINED_KINDS:
            continue
        if combined and kind_name == "demo-sites":
            done(write_ledger(path, kind, _sites_by_name(city), columns=_site_columns(kind)))
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


# -- the combined layout ----------------------------------------------------------------------

#: the two-level header of a combined organizations sheet: (top, sub-headers below it)
COMBINED_HEADER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("序号", ()), ("单位名称", ()), ("统一社会信用代码", ()), ("单位类别", ()),
    ("所属行业", ()), ("所在楼宇（园区）", ()), ("载体类型", ()), ("从业人员", ()),
    ("营业收入（万元）", ()), ("是否规上企业", ()),
    ("党员情况", ("正式党员", "预备党员")),
    ("党组织情况", ("是否建立", "名称", "组建方式", "党组织类别", "运行状态", "成立时间")),
    ("党建指导员", ()), ("包挂单位", ()), ("经度", ()), ("纬度", ()),
)  # fmt: skip
_FORM_WORD = {"independent": "单独组建", "joint": "联合组建", "attached": "挂靠"}
_LEVEL_WORD = {"branch": "党支部", "general_branch": "党总支", "committee": "党委"}
_STATUS_WORD = {"normal": "正常", "weak": "软弱涣散"}


def combined_header() -> tuple[list[str | None], list[str | None]]:
    """The two header rows of a combined sheet: a group's header in its first column (the
    rest of the top row empty, as a reader sees merged cells), single-level columns' cells
    below them empty.

    >>> top, sub = combined_header()
    >>> top[10:13], sub[10:13]
    (['党员情况', None, '党组织情况'], ['正式党员', '预备党员', '是否建立'])
    """
    top: list[str | None] = []
    sub: list[str | None] = []
    for head, subs in COMBINED_HEADER:
        top += [head, *[None] * (len(subs) - 1)] if subs else [head]
        sub += list(subs) if subs else [None]
    return top, sub


def combined_workbooks(
    city: City,
) -> Iterator[tuple[str, Iterator[tuple[str, Iterator[list[Any]]]]]]:
    """``(district, sheets)`` per district of the combined layout, ``sheets`` yielding
    ``(street, rows)`` as :func:`pbgraph.loaders.write.write_workbook` takes them.

    A district's workbook has a sheet per street (named after it; a street with no
    organization keeps its sheet), with no district or street column. Each sheet has a
    title row (济南市<district><street>“两新”组织党建工作台账（2018年7月）), a 填报单位/填报日期
    row, the two header rows of :func:`combined_header`, a row per organization and a 小计
    row. A row carries the party organization covering it (a joint or attached one
    repeated on every row it covers), the full names of the instructors guiding the
    organization or that party organization (、 between them) and the names of the member
    units paired with it.
    """
    words = _Words(city)
    for d in city.districts:
        yield d.name, words.sheets(d.name)


class _Words:
    """What a combined row says of an organization, indexed once for all sheets."""

    def __init__(self, city: City) -> None:
        self.city = city
        self.by_street: dict[int, list[int]] = {}
        for i, o in enumerate(city.orgs):
            self.by_street.setdefault(o.street, []).append(i)
        seen: set[tuple[str, str, str]] = set()
        self.party_org: dict[str, dict[str, Any]] = {}
        for p in city.party_orgs:
            key = (p["district"], p["street"], p["name"])
            if key in seen:  # a row names its party organization: the name must tell which
                raise ValueError(f"two party organizations named {p['name']} in {p['street']}")
            seen.add(key)
            for c in p["covered_codes"]:
                self.party_org[c] = p
        self.instructors: dict[str, list[str]] = {}  # credit code or party org id -> names
        for t in city.instructors:
            for thing in (*t["guided_codes"], *t["guided_party_orgs"]):
                self.instructors.setdefault(thing, []).append(t["name"])
        self.units: dict[str, list[str]] = {}
        for pr in city.pairings:
            self.units.setdefault(pr["paired_code"], []).append(pr["unit_name"])
        # 单位类别 as offices write it, and 挂靠 or 兜底: draws of their own (the city is
        # drawn already), made in city order whatever the sheets
        rng = random.Random(city.seed * 7919 + 17)
        self.kind: list[str] = []
        for o in city.orgs:
            r, prefix = rng.random(), o.code[:2]
            if prefix == "92":
                self.kind.append("个体工商户")
            elif o.kind == "social_org":
                self.kind.append(
                    "社会组织" if r < 0.4 else "社会团体" if prefix == "51" else "民办非企业单位"
                )
            else:
                self.kind.append("民营企业" if r < 0.8 else "私营企业" if r < 0.96 else "外资企业")
        self.form: dict[str, str] = {}
        for p in city.party_orgs:
            attached = p["form"] == "attached"
            self.form[p["id"]] = (
                "兜底" if attached and rng.random() < 0.3 else _FORM_WORD[p["form"]]
            )

    def sheets(self, district: str) -> Iterator[tuple[str, Iterator[list[Any]]]]:
        """``(street, rows)`` per street of ``district``: title, 填报单位, header, rows."""
        top, sub = combined_header()
        width = len(top)
        for si, s in enumerate(self.city.streets):
            if s.district != district:
                continue
            title = f"济南市{district}{s.name}“两新”组织党建工作台账（2018年7月）"
            filed: list[Any] = [f"填报单位：{district}委两新工委", *[None] * (width - 1)]
            filed[width - 4] = "填报日期：2018年7月31日"
            head = [[title], filed, top, sub]
            yield s.name, itertools.chain(head, self.rows(self.by_street.get(si, [])))

    def rows(self, idx: list[int]) -> Iterator[list[Any]]:
        """A row per organization of ``idx``, then the 小计 row."""
        city = self.city
        employees = formal = probationary = 0
        revenue = 0.0
        for n, i in enumerate(idx, 1):
            o = city.orgs[i]
            b = city.buildings[o.building] if o.building is not None else None
            p = self.party_org.get(o.code)
            guides = self.instructors.get(o.code, []) + (
                self.instructors.get(p["id"], []) if p else []
            )
            units = self.units.get(o.code)
            yield [
                n, o.name, o.code, self.kind[i], o.industry, b[0] if b else None,
                b[1] if b else None, o.employees, o.revenue, "是" if o.key else "否",
                o.formal, o.probationary, "是" if p else "否",
                *(_party_cells(p, self.form[p["id"]]) if p else [None] * 5),
                "、".join(guides) or None, "、".join(units) if units else None, o.lon, o.lat,
            ]  # fmt: skip
            employees += o.employees
            revenue += o.revenue
            formal += o.formal
            probationary += o.probationary
        yield ["小计", len(idx), None, None, None, None, None, employees, round(revenue, 1),
               None, formal, probationary]  # fmt: skip


def _party_cells(p: dict[str, Any], form: str) -> list[Any]:
    f: dt.date = p["founded"]
    return [p["name"], form, _LEVEL_WORD[p["level"]], _STATUS_WORD[p["status"]],
            f"{f.year}.{f.month}.{f.day}"]  # fmt: skip


def _sites_by_name(city: City) -> list[dict[str, Any]]:
    """Demonstration sites naming their party organization (the loader finds it by name in
    the site's street) instead of by id."""
    names = {p["id"]: p["name"] for p in city.party_orgs}
    return [
        {**site, "party_org_name": names[site["party_org"]] if site["party_org"] else None}
        for site in city.demo_sites
    ]


def _site_columns(kind: LedgerKind) -> list[Column]:
    """The demonstration sites' columns with 党组织名称 in place of 党组织编号."""
    by_name = Column("party_org_name", NODES["PartyOrg"].prop("name"))
    return [
        by_name if c.field == "party_org" else c
        for c in kind.columns
        if c.field != "party_org_name"
    ]
