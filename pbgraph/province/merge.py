"""The partitions' results merged into the single process's: coverage, grouping, progress
and funds (balance, whose plans couple partitions: :mod:`pbgraph.province.balance`).

Counts are summed; every rate is recomputed from the summed counts (never averaged);
lists are merged in the order the single process makes them (organizations and party
organizations by key, the order of their tables; groups by area); sort orders are the
analyses' own. What a partition cannot see alone is exchanged as numbers: the period's
first and last dates, the city's visits and needs (progress), the units and members of
each joint branch (coverage's joint_over_limits), so that the merge is exact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ..graphmodel.regioncode import district_columns, district_place
from ..labels import columns as label_columns
from ..labels import fill, lang_index, pick
from ..labels.coverage import GROUP_BY, REASONS, SUMMARY_COLUMNS

__all__ = ["MergedCoverage", "merge_coverage", "merge_funds", "merge_grouping",
           "merge_progress"]  # fmt: skip

_SUMMED = ("total", "org_covered", "own", "joint", "attached", "work_covered", "uncovered",
           "must_build", "joint_candidates", "no_members", "denominator", "num")  # fmt: skip


def _merged(lists: Iterable[list[dict[str, Any]]], key: str) -> list[dict[str, Any]]:
    """Lists each in ``key`` order, merged into one in that order."""
    return list(heapq.merge(*lists, key=lambda x: x[key]))


def _rates(row: dict[str, Any]) -> dict[str, Any]:
    d, total = row["denominator"], row["total"]
    row["rate"] = round(row["num"] / d, 4) if d else 0.0
    row["own_rate"] = round(row["own"] / total, 4) if total else 0.0
    return row


def _counts(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    out = dict.fromkeys(_SUMMED, 0)
    for r in rows:
        for k in _SUMMED:
            out[k] += r[k]
    return _rates(out)


_ROW_KEYS = ("total", "org_covered", "own", "joint", "attached", "work_covered", "uncovered",
             "must_build", "joint_candidates", "no_members", "denominator", "rate", "own_rate")  # fmt: skip


class MergedCoverage:
    """What ``pbgraph coverage`` shows of a :class:`~pbgraph.analyses.coverage.CoverageResult`
    (rows, the JSON, a list), from the partitions' parts (:func:`coverage_part`)."""

    def __init__(self, parts: Sequence[dict[str, Any]], by: str, denominator: str) -> None:
        self.by, self.denominator = by, denominator
        self.params = parts[0]["json"]["params"]
        acc: dict[str, list[dict[str, Any]]] = {}
        for p in parts:
            for g in p["groups"]:
                acc.setdefault(g["group"], []).append(g)
        self._groups = [
            {"group": name, **{k: c[k] for k in _ROW_KEYS}}
            for name, c in ((n, _counts(rows)) for n, rows in acc.items())
        ]
        self._groups.sort(key=lambda g: (g["rate"], g["group"]))
        self._totals = _counts(g for p in parts for g in p["groups"])
        self.parts = parts

    def totals(self) -> dict[str, Any]:
        return {k: self._totals[k] for k in _ROW_KEYS}

    def groups(self) -> list[dict[str, Any]]:
        return [dict(g) for g in self._groups]

    def rows(self) -> list[dict[str, Any]]:
        return [*self.groups(), {"group": "合计", **self.totals()}]

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        return [("group", pick(GROUP_BY[self.by], lang)), *label_columns(SUMMARY_COLUMNS, lang)]

    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """A category's or flag's list (with district and street), merged in key order."""
        key = "party_org" if name in ("weak_no_instructor", "joint_over_limits") else "credit_code"
        if name == "joint_over_limits":
            return self._over_limits(lang, listing=True)
        items = _merged((p["lists"][name] for p in self.parts), key)
        if name == "weak_no_instructor":
            items = list({x[key]: x for x in items}.values())
        return items

    def _over_limits(self, lang: str, *, listing: bool = False) -> list[dict[str, Any]]:
        """Joint branches over the limits, from every partition's units and members of each
        (a branch may cover units of two partitions)."""
        acc: dict[str, list[Any]] = {}
        for p in self.parts:
            for k, (name, units, members, where) in p["joint"].items():
                a = acc.setdefault(k, [name, 0, 0, where])
                a[1] += units
                a[2] += members
        U, M = self.params["max_units"], self.params["max_members"]
        i = lang_index(lang)
        out = []
        for k in sorted(acc):
            name, units, members, where = acc[k]
            if units > U or members > M:
                reason = fill(REASONS["joint_over_limits"], units=units, members=members,
                              max_units=U, max_members=M)[i]  # fmt: skip
                row = {"party_org": k, "name": name, "units": units, "members": members,
                       "reason": reason}  # fmt: skip
                out.append({**row, **district_columns(district_place(where[0])),
                            "street": where[1]} if listing else row)  # fmt: skip
        return out

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The JSON of ``pbgraph coverage --format json``, as the single process makes it."""
        t = self.totals()
        js = [p["json"] for p in self.parts]

        def lst(name: str, key: str = "credit_code") -> list[dict[str, Any]]:
            return _merged((j[name] for j in js), key)

        weak = list({x["party_org"]: x for x in lst("weak_no_instructor", "party_org")}.values())
        return {
            "by": self.by, "denominator": self.denominator, "params": self.params,
            "total": t["total"],
            "org_covered": {k: t[k] for k in ("own", "joint", "attached")} | {"count": t["org_covered"]},
            "work_covered": t["work_covered"], "uncovered": t["uncovered"],
            "rate": t["rate"], "own_rate": t["own_rate"], "rate_denominator": t["denominator"],
            "must_build": lst("must_build"), "joint_candidates": lst("joint_candidates"),
            "no_members": lst("no_members"), "key_unpaired": lst("key_unpaired"),
            "latent": lst("latent"), "joint_grown": lst("joint_grown"),
            "weak_no_instructor": weak, "joint_over_limits": self._over_limits(lang),
            "groups": self.groups(),
        }  # fmt: skip


def coverage_part(result: Any, t: Any, lang: str, list_name: str | None) -> dict[str, Any]:
    """What a partition sends of its coverage ``result`` (on its tables ``t``): its
    groups' counts with the numerator of the rate, its JSON, a list asked for, and the
    units and members of each joint branch it sees."""
    from ..analyses.coverage import ORG_COVERED

    n = len(result.group_names)
    covered = np.isin(result.codes, ORG_COVERED)
    if result.denominator == "eligible":
        num = np.bincount(result.group_of[result.eligible & covered], minlength=n)
    else:
        num = np.bincount(result.group_of[covered], minlength=n)
    by_name = {g["group"]: g for g in result.groups()}
    groups = [{**by_name[name], "num": int(num[j])} for j, name in enumerate(result.group_names)]
    part: dict[str, Any] = {"groups": groups, "json": result.to_dict(lang=lang), "lists": {}}
    part["joint"] = _joint_branches(t, result)
    if list_name:
        from ..analyses.places import places
        from ..commands.coverage import _with_area

        part["lists"][list_name] = _with_area(result.listing(list_name, lang=lang), places(t), t)
    return part


def _joint_branches(t: Any, result: Any) -> dict[str, tuple[str, int, int, tuple[str, str]]]:
    """``{party org: (name, units, members, (district, street))}`` of the joint branches
    covering organizations of these tables (units and members here only)."""
    keys = t.keys("PartyOrg")
    form = list(t.column("PartyOrg", "form", "any"))
    names = ["" if v is None else v for v in t.column("PartyOrg", "name", "any")]
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    members = t.column("Organization", "formal_members") + t.column(
        "Organization", "probationary_members"
    )
    n_units = np.bincount(cs, minlength=len(keys))
    n_members = np.bincount(cs, weights=members[ce], minlength=len(keys)).astype(np.int64)
    where: dict[str, tuple[str, str]] = {}
    try:
        from ..analyses.places import places

        P = places(t)
        streets = [""] + [s.rpartition("/")[2] for s in P.streets]
        districts = [""] + list(P.districts)
        d_of = P.district_of(P.street_of_po)
        for k, si, di in zip(keys, P.street_of_po.tolist(), d_of.tolist(), strict=True):
            where[k] = (districts[di + 1], streets[si + 1])
    except KeyError:  # the tables were read without places' columns: no area
        pass
    return {
        keys[k]: (names[k], int(n_units[k]), int(n_members[k]), where.get(keys[k], ("", "")))
        for k in range(len(keys))
        if form[k] == "joint"
    }


def merge_coverage(parts: Sequence[dict[str, Any]], by: str, denominator: str) -> MergedCoverage:
    return MergedCoverage(parts, by, denominator)


# -- grouping ---------------------------------------------------------------------------------


def merge_grouping(results: Sequence[Any]) -> Any:
    """One :class:`~pbgraph.analyses.grouping.GroupingResult` of the partitions' results:
    groups in area order numbered anew (``G00001``…), areas, left-out candidates and
    splits in the single process's orders."""
    from ..analyses.grouping import GroupingResult

    groups = sorted((g for r in results for g in r.groups), key=lambda g: g.area)
    groups = [dataclasses.replace(g, id=f"G{k:05d}") for k, g in enumerate(groups, start=1)]
    areas = [a for r in results for a in r.areas]
    areas.sort(key=lambda r: (-r["gap"], -r["candidates"], r["area"]))
    uncovered = sorted((x for r in results for x in r.uncovered), key=lambda x: x["area"])
    splits = list({s["party_org"]: s for s in _merged((r.splits for r in results),
                                                      "party_org")}.values())  # fmt: skip
    return GroupingResult(results[0].params, groups, areas, uncovered, splits)


# -- progress ---------------------------------------------------------------------------------


def period_part(t: Any) -> dict[str, Any]:
    """A partition's first and last visit report and last founding date (``None``: none)."""
    from ..analyses.places import days

    rep = days(t.column("VisitReport", "date"))
    rep = rep[~np.isnat(rep)]
    founded = days(t.column("PartyOrg", "founded"))
    founded = founded[~np.isnat(founded)]
    return {
        "first": rep.min().astype(object) if len(rep) else None,
        "last": rep.max().astype(object) if len(rep) else None,
        "founded": founded.max().astype(object) if len(founded) else None,
    }


def progress_period(parts: Sequence[dict[str, Any]], since: dt.date | None,
                    until: dt.date | None) -> tuple[dt.date | None, dt.date | None]:  # fmt: skip
    """The period the single process takes by default (``progress._period``), from the
    partitions' dates."""
    firsts = [p["first"] for p in parts if p["first"] is not None]
    lasts = [p["last"] for p in parts if p["last"] is not None]
    if until is None:
        known = lasts or [p["founded"] for p in parts if p["founded"] is not None]
        until = max(known) if known else None
    if since is None:
        since = min(firsts) if firsts else None
    return since, until


def merge_progress(results: Sequence[Any], params: dict[str, Any]) -> Any:
    """One :class:`~pbgraph.analyses.progress.ProgressResult`: the streets' rows again with
    the whole city's pace (``behind`` compares a street with it), the city row of all."""
    from ..analyses import progress as prog

    since, until = results[0].since, results[0].until
    rows = sorted((r for res in results for r in res.streets), key=lambda r: r["group"])
    need = np.int64(sum(r["need"] for r in rows))
    visits = np.int64(sum(r["visits"] for r in rows))
    city_rate = visits / need if need else 0.0
    again = [
        prog._street_row(
            r["group"], _counts_of(r), 0, until, params["stale_days"], params["behind"], city_rate
        )  # fmt: skip
        for r in rows
    ]
    city = prog._city_row(again, len(again), until, city_rate)
    daily = _daily(results)
    return prog.ProgressResult(results[0].by, results[0].params, since, until, again, city, daily)


def _counts_of(r: dict[str, Any]) -> dict[str, np.ndarray]:
    c = {k: np.array([r[k]], dtype=np.int64) for k in (
        "need", "reports", "visits", "named", "estimate", "willing", "developed", "founded",
        "willing_recent", "willing_before", "founded_recent", "founded_before")}  # fmt: skip
    c["names_visited"] = np.array([r["names_visited"]], dtype=bool)
    c["last"] = np.array([r["last_report"] or "NaT"], dtype="datetime64[D]")
    return c


def _daily(results: Sequence[Any]) -> dict[str, Any]:
    """The districts' daily series of every partition, side by side in district order."""
    series = [r.daily() for r in results]
    rows: list[tuple[str, Any, Any, Any]] = []
    for s in series:
        for d, name in enumerate(s["districts"]):
            rows.append((name, s["visits"][d], s["covered"][d], s["total"][d]))
    rows.sort(key=lambda x: x[0])
    days = max((s["days"] for s in series), key=len)
    width = len(days)

    def stack(i: int) -> np.ndarray:
        return np.array([x[i] for x in rows], dtype=np.int64).reshape(len(rows), width)

    return {"days": days, "districts": [x[0] for x in rows], "visits": stack(1),
            "covered": stack(2), "total": np.array([x[3] for x in rows], dtype=np.int64)}  # fmt: skip


# -- funds ------------------------------------------------------------------------------------


def funds_period(parts: Sequence[dict[str, Any]], since: dt.date | None,
                 until: dt.date | None) -> tuple[dt.date, dt.date]:  # fmt: skip
    """The period ``funds`` takes by default, from the partitions' latest dates."""
    if since is not None and until is not None:
        return since, until
    known = [p["latest"] for p in parts if p["latest"] is not None]
    year = max(known).year if known else dt.date.today().year
    if since is None:
        since = dt.date(until.year if until else year, 1, 1)
    if until is None:
        until = dt.date(since.year, 12, 31)
    return since, until


def latest_part(t: Any) -> dict[str, Any]:
    """A partition's latest founding or designation date."""
    from ..analyses.places import days

    known = np.concatenate([days(t.column("PartyOrg", "founded")),
                            days(t.column("DemoSite", "designated"))])  # fmt: skip
    known = known[~np.isnat(known)]
    return {"latest": known.max().astype(object) if len(known) else None}


def merge_funds(results: Sequence[Any]) -> Any:
    """One :class:`~pbgraph.analyses.funds.FundsResult`: districts' rows summed by name
    (the unknown district's too), the totals against the budget recomputed."""
    from ..analyses import funds as f

    p = results[0].params
    new_org, site, budget = p["new_org"], p["demo_site"], p["budget"]
    acc: dict[str, list[int]] = {}
    for r in results:
        for row in r.districts:
            a = acc.setdefault(row["group"], [0, 0])
            a[0] += row["new_orgs"]
            a[1] += row["demo_sites"]
    rows = [f._row(g, n, s, new_org, site, budget) for g, (n, s) in acc.items()]
    tot = f._row("合计", sum(a[0] for a in acc.values()), sum(a[1] for a in acc.values()),
                 new_org, site, budget)  # fmt: skip
    tot.update({
        "budget": budget, "remaining": budget - tot["total"], "over_budget": tot["total"] > budget,
        "undated_orgs": sum(r.totals()["undated_orgs"] for r in results),
        "undated_sites": sum(r.totals()["undated_sites"] for r in results),
    })  # fmt: skip
    return f.FundsResult(p, results[0].since, results[0].until, rows, tot)
