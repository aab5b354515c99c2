"""Leadership lines and registrations of the synthetic city (issue 20): the leading bodies,
the work committee's 21 member units with their duties (the seed's number), each party
organization's superior (上级党组织) and each organization's registration (登记日期, 登记机关).

Drawn from a generator of their own (``seed``-derived), after the city: the city's other
ledgers are byte for byte as before, only the organizations' and party organizations'
ledgers gain columns. What the draws follow (docs/ledgers.md#leadership-lines):

* bodies: the work committee (两新工委), the 非公有制经济组织党委 (host 市工商联) and the
  社会组织综合党委 (host 市民政局) under it, a 党工委 per district under it, a 综合党委 per
  street under its district's;
* superiors: a social organization's party organization under the 社会组织综合党委; a key
  enterprise's under the 非公党委; an other own one under its district's 党工委 (half) or
  its street's 综合党委; joint and attached ones (兜底) under the street's 综合党委. A few
  are left as offices leave them: about 1 % with no superior, 0.5 % of social
  organizations' under the 非公党委 (the wrong line), 0.3 % naming a 党委 in no ledger;
* registrations: about 6 % of the organizations registered in the year before the
  campaign's end (:data:`~.campaign.VISITS_END`), the others from 2000 on; 登记机关 the
  district's 民政局 or 市场监管局 on seven rows in ten, blank (by the kind) on the others.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from typing import Any

from .campaign import VISITS_END
from .model import City

__all__ = ["COMMITTEE_UNITS", "registrations", "with_lines"]

#: the work committee's 21 member units (委员单位) and their duties (the seed: 21 units)
COMMITTEE_UNITS: tuple[tuple[str, str, str], ...] = (
    ("市委组织部", "党委部门", "牵头抓总，统筹两新组织党建工作"),
    ("市委宣传部", "党委部门", "两新组织思想政治和宣传工作"),
    ("市委统战部", "党委部门", "非公有制经济人士和新的社会阶层人士工作"),
    ("市民政局", "政府部门", "社会组织登记时同步采集党员信息，承担社会组织综合党委日常工作"),
    ("市市场监管局", "政府部门", "企业登记时同步采集党员信息，推送新登记企业名单"),
    ("市工商联", "群团组织", "承担非公有制经济组织党委日常工作"),
    ("市人力资源社会保障局", "政府部门", "人才服务中心、人力资源市场流动党员管理"),
    ("市税务局", "政府部门", "提供企业经营数据，支持规上企业党建"),
    ("市财政局", "政府部门", "党建工作经费保障"),
    ("市发展改革委", "政府部门", "重点项目企业党建同步谋划"),
    ("市工业和信息化局", "政府部门", "工业企业党建"),
    ("市商务局", "政府部门", "商贸流通企业和商圈党建"),
    ("市科技局", "政府部门", "科技型企业和园区党建"),
    ("市国资委", "政府部门", "国有企业与非公企业结对共建"),
    ("市住房城乡建设局", "政府部门", "建筑业、物业服务企业党建"),
    ("市交通运输局", "政府部门", "物流快递、交通运输企业党建"),
    ("市教育局", "政府部门", "民办学校、培训机构党建"),
    ("市卫生健康委", "政府部门", "民营医院党建"),
    ("市司法局", "政府部门", "律师事务所等社会服务机构党建"),
    ("市总工会", "群团组织", "以工建促党建"),
    ("团市委", "群团组织", "青年党员发展和团建带党建"),
)  # fmt: skip

_W, _FG, _SZ = "LT-W", "LT-FG", "LT-SZ"


def _bodies(city: City) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"id": _W, "name": "济南市两新组织工作委员会", "kind": "work_committee",
         "host": "市委组织部"},
        {"id": _FG, "name": "济南市非公有制经济组织党委", "kind": "enterprise_committee",
         "host": "市工商联", "superior": _W},
        {"id": _SZ, "name": "济南市社会组织综合党委", "kind": "social_committee",
         "host": "市民政局", "superior": _W},
    ]  # fmt: skip
    for i, d in enumerate(city.districts, start=1):
        rows.append({"id": f"LT-D{i:02d}", "name": f"{d.name}两新组织党工委",
                     "kind": "district_committee", "district": d.name, "superior": _W})  # fmt: skip
    d_id = {d.name: f"LT-D{i:02d}" for i, d in enumerate(city.districts, start=1)}
    for i, s in enumerate(city.streets, start=1):
        rows.append({"id": f"LT-S{i:04d}", "name": f"{s.name}综合党委",
                     "kind": "street_committee", "district": s.district, "street": s.name,
                     "superior": d_id[s.district]})  # fmt: skip
    blank = dict.fromkeys(("id", "name", "kind", "host", "district", "street", "superior"))
    return [{**blank, **r} for r in rows]  # every column from the first row on


def _units() -> list[dict[str, Any]]:
    return [{"body": _W, "id": f"WY{i:02d}", "name": name, "kind": kind,
             "duty": duty} for i, (name, kind, duty) in enumerate(COMMITTEE_UNITS, start=1)]  # fmt: skip


def _superiors(city: City, rng: random.Random) -> Iterator[dict[str, Any]]:
    """The party organizations' records with their superior."""
    by_code = {o.code: o for o in city.orgs}
    street_id = {(s.district, s.name): f"LT-S{i:04d}" for i, s in enumerate(city.streets, 1)}
    d_id = {d.name: f"LT-D{i:02d}" for i, d in enumerate(city.districts, start=1)}
    for p in city.party_orgs:
        orgs = [by_code[c] for c in p["covered_codes"] if c in by_code]
        social = bool(orgs) and all(o.kind == "social_org" for o in orgs)
        street = street_id[(p["district"], p["street"])]
        r = rng.random()
        if r < 0.01:
            superior = None
        elif r < 0.013:
            superior = f"{p['street']}党委"  # in no ledger
        elif social:
            superior = _FG if rng.random() < 0.005 else _SZ
        elif p["form"] != "independent":
            superior = street
        elif any(o.key for o in orgs):
            superior = _FG
        else:
            superior = d_id[p["district"]] if rng.random() < 0.5 else street
        yield {**p, "superior": superior}


_START = dt.date(2000, 1, 1)


def registrations(city: City) -> list[tuple[dt.date, str | None]]:
    """Each organization's registration date and registering unit (None: blank, by its
    kind), in city order: the draws both layouts write (the combined one on its rows)."""
    rng = random.Random(city.seed * 7919 + 20)
    year_before = VISITS_END - dt.timedelta(days=365)
    span = (year_before - _START).days
    out: list[tuple[dt.date, str | None]] = []
    for o in city.orgs:
        if rng.random() < 0.06:
            day = year_before + dt.timedelta(days=rng.randrange(1, 366))
        else:
            day = _START + dt.timedelta(days=rng.randrange(span))
        unit = "民政局" if o.kind == "social_org" else "市场监管局"
        registrar = f"{city.streets[o.street].district}{unit}" if rng.random() < 0.7 else None
        out.append((day, registrar))
    return out


def _registrations(city: City, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The organizations' records with their registration date and registering unit."""
    for (day, registrar), rec in zip(registrations(city), records, strict=True):
        yield {**rec, "registered": day, "registrar": registrar}


def with_lines(
    city: City, ledgers: list[tuple[str, str, Iterable[dict[str, Any]]]]
) -> list[tuple[str, str, Iterable[dict[str, Any]]]]:
    """``ledgers`` (file stem, kind, records) with registrations on the organizations, a
    superior on the party organizations, and the leading bodies' and member units' ledgers."""
    rng_sup = random.Random(city.seed * 7919 + 21)
    out: list[tuple[str, str, Iterable[dict[str, Any]]]] = []
    for stem, kind, records in ledgers:
        if kind == "organizations":
            records = _registrations(city, records)
        elif kind == "party-orgs":
            records = _superiors(city, rng_sup)
        out.append((stem, kind, records))
    return [*out, ("10_领导机构台账", "leading-bodies", _bodies(city)),
            ("11_两新工委委员单位台账", "committee-units", _units())]  # fmt: skip
