"""The combined layout: the organizations with their party organization, instructors and
paired member units on each row, a workbook per district and a sheet per street, as offices
keep them."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from typing import Any

from .lines import registrations
from .model import City

#: the two-level header of a combined organizations sheet: (top, sub-headers below it)
COMBINED_HEADER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("序号", ()), ("单位名称", ()), ("统一社会信用代码", ()), ("单位类别", ()),
    ("所属行业", ()), ("所在楼宇（园区）", ()), ("载体类型", ()), ("从业人员", ()),
    ("营业收入（万元）", ()), ("是否规上企业", ()),
    ("党员情况", ("正式党员", "预备党员")),
    ("党组织情况", ("是否建立", "名称", "组建方式", "党组织类别", "运行状态", "成立时间")),
    ("党建指导员", ()), ("包挂单位", ()), ("经度", ()), ("纬度", ()),
    ("登记情况", ("登记日期", "登记机关")),  # issue 20: source control (源头把控)
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
    city: City, *, registered: bool = True
) -> Iterator[tuple[str, Iterator[tuple[str, Iterator[list[Any]]]]]]:
    """``(district, sheets)`` per district of the combined layout, ``sheets`` yielding
    ``(street, rows)`` as :func:`pbgraph.loaders.write.write_workbook` takes them.

    A district's workbook has a sheet per street (named after it; a street with no
    organization keeps its sheet), with no district or street column. Each sheet has a
    title row (<city><district><street>“两新”组织党建工作台账（2018年7月）), a 填报单位/填报日期
    row, the two header rows of :func:`combined_header`, a row per organization and a 小计
    row. A row carries the party organization covering it (a joint or attached one
    repeated on every row it covers), the full names of the instructors guiding the
    organization or that party organization (、 between them) and the names of the member
    units paired with it, and its registration (登记日期, 登记机关: the same draws as the
    normalized organizations ledger's; blank cells when ``registered`` is false, as a
    province's ledgers have none yet).
    """
    words = _Words(city, registrations(city) if registered else None)
    for d in city.districts:
        yield d.name, words.sheets(d.name)


class _Words:
    """What a combined row says of an organization, indexed once for all sheets."""

    def __init__(self, city: City, registered: list[tuple[dt.date, str | None]] | None) -> None:
        self.city = city
        self.registered = registered
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
            title = f"{self.city.place.name}{district}{s.name}“两新”组织党建工作台账（2018年7月）"
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
            day, registrar = self.registered[i] if self.registered else (None, None)
            yield [
                n, o.name, o.code, self.kind[i], o.industry, b[0] if b else None,
                b[1] if b else None, o.employees, o.revenue, "是" if o.key else "否",
                o.formal, o.probationary, "是" if p else "否",
                *(_party_cells(p, self.form[p["id"]]) if p else [None] * 5),
                "、".join(guides) or None, "、".join(units) if units else None, o.lon, o.lat,
                day.isoformat() if day else None, registrar,
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
