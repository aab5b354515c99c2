"""A synthetic, Jinan-like city written as the ledgers an organization department keeps.

Real district names of Jinan (济南) with their division codes; synthetic streets, communities,
buildings, parks and markets; organizations with valid credit codes; members with valid (and
fake) resident ID numbers. The figures are calibrated to ``DOMAIN.md``: most small firms have
no party members, about 70 % of organizations are covered by a party organization (own, joint
or attached), an instructor guides 2-4 organizations (a few guide many more: the imbalance
``balance`` exists for), joint branches have at most 5 units (a few break the rules, as real
ones do).

The same seed gives byte-identical files.

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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graphmodel.identifiers import USCC_ALPHABET, make_credit_code, make_resident_id
from .loaders.ledgers import KINDS
from .loaders.write import write_ledger

__all__ = ["City", "build_city", "generate", "DISTRICTS"]

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
    # joint branches: 2-5 small units in the same street (same building first)
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
            add("joint", f"中共{streets[si].name}{place}第{len(pos) % 97 + 1}联合支部委员会",
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
        out.append({
            "id": f"ZDY{k + 1:05d}",
            "name": rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(2)),
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


def generate(
    n_orgs: int,
    out: str | os.PathLike[str],
    *,
    seed: int = 2018,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Draw a city and write its ledgers into ``out``; returns the files written.

    Big ledgers (organizations, members) are CSV in UTF-8 with BOM, as Excel exports them;
    the others are XLSX workbooks with a title row above the header, as people make them.
    """
    city = build_city(n_orgs, seed=seed)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for stem, kind_name, records in _ledgers(city):
        kind = KINDS[kind_name]
        path = write_ledger(outdir / f"{stem}.{kind.file_format}", kind, records)
        files.append(path)
        if progress:
            progress(str(path))
    return files
