"""Progress of the campaign over time (工作进度): the streets' daily visit reports (走访报备)
against the organizations that still need a visit, and the party organizations founded.

Per street (or district), over a period (``since`` … ``until``; default: the first to the
last visit report in the graph):

=================  ==========================================================
need               uncovered organizations of the street (coverage: 应建未建, 联合组建
                   对象, 无党员) — the ones a visit is for
visits             enterprises visited, summed over the reports of the period (家次)
named              distinct uncovered organizations the reports name (``VISITED``)
share              named ÷ need when the street names what it visits, else
                   min(visits, need) ÷ need (an upper bound: a visit count may repeat an
                   organization); ``None`` when nothing needs a visit
willing            organizations willing to build a party organization (有意愿组建)
developed          members developed (发展党员)
last_report        date of the street's last report up to ``until``; ``days_since``
founded            party organizations founded in the period (成立日期), in the street of
                   the organizations they cover
trends             willing and founded in the last ``window`` days against the window before
=================  ==========================================================

A street is flagged ``never`` (uncovered organizations, no report at all), ``stopped`` (no
report for more than ``stale_days`` days) or ``behind`` (visits per uncovered organization
below ``behind`` × the city's). Each flag carries its reason in a planner's words (the
words are in :mod:`pbgraph.labels.progress`).

Coverage over time per district (:meth:`ProgressResult.daily`) is reconstructed from the
founding dates of the party organizations in the graph: an organization counts as covered
from the earliest founding date of the party organizations covering it (from the start if
the ledger gives no date). Party organizations dissolved since are not in the ledger, so
the past can look worse than it was; coverage snapshots (``pbgraph load --as-of``,
:mod:`pbgraph.analyses.snapshots`) record what the ledgers said on the day.

Everything is numpy over the projection's tables: :func:`progress` takes a networkx graph
or the tables themselves, and ``store.tables(**inputs())`` reads only the columns it needs
(``pbgraph progress`` does, without building a graph). Which organizations are uncovered
is coverage's rule (:func:`pbgraph.analyses.places.uncovered_codes`), without the columns
only coverage's flags read.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A", label="Region", name="A", level="district")
>>> G.add_node("Region:A/s", label="Region", name="s", level="street")
>>> _ = G.add_edge("Region:A/s", "Region:A", key="PART_OF")
>>> for i in range(4):
...     G.add_node(f"Organization:o{i}", label="Organization", formal_members=0)
...     _ = G.add_edge(f"Organization:o{i}", "Region:A/s", key="LOCATED_IN")
>>> G.add_node("VisitReport:A/s|2018-07-30", label="VisitReport", date="2018-07-30",
...            visited=2, willing=1, developed=0)
>>> _ = G.add_edge("VisitReport:A/s|2018-07-30", "Region:A/s", key="FOR")
>>> r = progress(G)
>>> row = r.rows()[0]
>>> row["group"], row["need"], row["visits"], row["share"], row["days_since"]
('A/s', 4, 2, 0.5, 0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel import regioncode as rc
from ..graphmodel.tables import Tables, tables_of
from ..labels import columns as label_columns
from ..labels import fill, lang_index, pick
from ..labels.coverage import GROUP_BY
from ..labels.progress import COLUMNS, EXTRA_COLUMNS, FLAG_COLUMNS, FLAGS, REASONS
from .coverage import UNCOVERED, CoverageResult
from .places import (
    Places,
    as_date,
    days,
    merge_inputs,
    places,
    uncovered_codes,
    uncovered_inputs,
)
from .places import inputs as places_inputs

if TYPE_CHECKING:
    import networkx as nx  # only to annotate: tables need no graph

__all__ = ["FLAGS", "ProgressResult", "as_date", "inputs", "progress"]


@dataclass
class _Reports:
    day: np.ndarray  # datetime64[D]
    street: np.ndarray
    visited: np.ndarray
    willing: np.ndarray
    developed: np.ndarray


def _reports(t: Tables, pl: Places) -> _Reports:
    n = len(t.keys("VisitReport"))
    street = np.full(n, -1, dtype=np.int64)
    rp, rr = t.positions("FOR_VisitReport_Region")
    street[rp] = pl.street_of_region[rr]
    col = partial(t.column, "VisitReport")
    return _Reports(days(col("date")), street, col("visited"), col("willing"), col("developed"))


@dataclass
class ProgressResult:
    """Progress per street (and district), flags with reasons, and daily series."""

    by: str
    params: dict[str, Any]
    since: dt.date | None
    until: dt.date | None
    streets: list[dict[str, Any]]  # one row per street, flags and reasons included
    city: dict[str, Any]
    _daily: dict[str, Any]

    # -- tables ------------------------------------------------------------------------------
    def groups(self) -> list[dict[str, Any]]:
        """Rows of ``by`` (streets, or districts summed over their streets), flagged first,
        then lowest share first."""
        if self.by == "street":
            rows = [dict(r) for r in self.streets]
        else:
            rows = _by_district(self.streets)
        rows.sort(key=lambda r: (not r["flags"], r["share"] if r["share"] is not None else 2,
                                 r["group"]))  # fmt: skip
        return rows

    def rows(self) -> list[dict[str, Any]]:
        """The groups, then a last row ``"group": "合计"`` for the whole city."""
        return [*self.groups(), {**self.city, "group": "合计"}]

    def flagged(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Streets with a flag, each flag with its reason (``lang``: zh or en)."""
        i = lang_index(lang)
        out = []
        for r in self.streets:
            where = rc.district_columns(rc.street_place(r["group"]))
            for f in r["flags"]:
                out.append({**where, "street": r["street"], "flag": f,
                            "label": FLAGS[f][i], "reason": r["reasons"][f][i]})  # fmt: skip
        return out

    def flag_columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        """``(key, header)`` of the columns of :meth:`flagged` in ``lang``."""
        return rc.with_city(label_columns(FLAG_COLUMNS, lang), self.streets, lang)

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        """``(key, header)`` of the table's columns in ``lang``."""
        cols = [("group", pick(GROUP_BY[self.by], lang)), *label_columns(COLUMNS, lang)]
        if self.by == "district":
            cols.insert(1, ("streets", pick(EXTRA_COLUMNS["streets"], lang)))
            cols.append(("flagged", pick(EXTRA_COLUMNS["flagged"], lang)))
        else:
            cols.append(("reason", pick(EXTRA_COLUMNS["reason"], lang)))
        return cols

    def table(self, *, lang: str = "zh", pct: bool = True) -> list[dict[str, Any]]:
        """:meth:`rows` ready for a text table or a sheet: reasons joined, arrows for trends,
        the share as a percentage (``pct``)."""
        i = lang_index(lang)
        arrows = {"up": "↑", "down": "↓", "flat": "→"}
        out = []
        for r in self.rows():
            row = dict(r)
            if pct:
                row["share"] = "—" if r["share"] is None else f"{r['share']:.1%}"
            for k in ("willing_trend", "founded_trend"):
                row[k] = arrows.get(r.get(k) or "", "")
            if "reasons" in r:
                row["reason"] = "；".join(r["reasons"][f][i] for f in r["flags"])
            if "flagged" in r and isinstance(r["flagged"], dict):
                row["flagged"] = "，".join(
                    f"{FLAGS[f][i]}{n}" for f, n in r["flagged"].items() if n
                )
            out.append(row)
        return out

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph progress --format json`` (docs/commands/progress-funds.md)."""
        i = lang_index(lang)

        def plain(r: dict[str, Any]) -> dict[str, Any]:
            out = {k: v for k, v in r.items() if k != "reasons"}
            if "reasons" in r:
                out["reasons"] = [r["reasons"][f][i] for f in r["flags"]]
            return out

        return {
            "by": self.by,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "params": self.params,
            "city": self.city,
            "groups": [plain(r) for r in self.groups()],
            "flagged": self.flagged(lang=lang),
        }

    def to_frame(self) -> Any:
        """One row per street (pandas, for notebooks)."""
        import pandas as pd

        return pd.DataFrame([{k: v for k, v in r.items() if k != "reasons"} for r in self.streets])

    # -- series ------------------------------------------------------------------------------
    def daily(self) -> dict[str, Any]:
        """Daily series per district over the period: ``days`` (datetime64[D]),
        ``districts``, ``visits`` (districts × days), ``covered`` and ``total`` (organizations
        covered by a party organization on each day, reconstructed from founding dates;
        organizations per district)."""
        return self._daily


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


_SUMMED = ("need", "visits", "named", "willing", "developed", "founded", "willing_recent",
           "willing_before", "founded_recent", "founded_before", "reports", "estimate")  # fmt: skip


def _trend(recent: int, before: int) -> str:
    return "up" if recent > before else "down" if recent < before else "flat"


def _by_district(streets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    acc: dict[str, dict[str, Any]] = {}
    for r in streets:
        code = rc.district_of(r["group"])
        a = acc.setdefault(code, {"group": code, **rc.district_columns(rc.district_place(code)),
                                           "streets": 0, "last_report": None,
                                           "flagged": {f: 0 for f in FLAGS},
                                           **{k: 0 for k in _SUMMED}})  # fmt: skip
        a["streets"] += 1
        for k in _SUMMED:
            a[k] += r[k]
        for f in r["flags"]:
            a["flagged"][f] += 1
        if r["last_report"] and (a["last_report"] is None or r["last_report"] > a["last_report"]):
            a["last_report"], a["days_since"] = r["last_report"], r["days_since"]
    out = []
    for a in acc.values():
        _finish(a, a["last_report"], None)
        a["flags"] = [f for f, n in a["flagged"].items() if n]
        out.append(a)
    return out


def _finish(r: dict[str, Any], last: str | None, until: dt.date | None) -> None:
    """Share, trends and days since the last report of a row of sums."""
    r["share"] = round(r["estimate"] / r["need"], 4) if r["need"] else None
    r["willing_trend"] = _trend(r["willing_recent"], r["willing_before"])
    r["founded_trend"] = _trend(r["founded_recent"], r["founded_before"])
    if until is not None:
        r["days_since"] = (until - dt.date.fromisoformat(last)).days if last else None
    elif "days_since" not in r:
        r["days_since"] = None


def inputs() -> dict[str, Any]:
    """What :func:`progress` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["VisitReport", "PartyOrg"],
        "rels": ["FOR_VisitReport_Region", "VISITED_VisitReport_Organization",
                 "COVERS_PartyOrg_Organization"],
        "props": {"VisitReport": ["date", "visited", "willing", "developed"],
                  "PartyOrg": ["founded"]},
    }  # fmt: skip
    return merge_inputs(places_inputs(), uncovered_inputs(), own)


def progress(
    G: nx.MultiDiGraph | Tables,
    *,
    by: str = "street",
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    stale_days: int = 5,
    behind: float = 0.5,
    window: int = 14,
    min_members: int = 3,
    coverage_result: CoverageResult | None = None,
) -> ProgressResult:
    """Progress per street (or district) from the visit reports and the founding dates.

    Parameters
    ----------
    G : the projection of a store (``store.graph()``) or any graph of the schema's shape;
        or the tables of one (``store.tables(**inputs())``, :func:`tables_of`).
    by : ``street`` or ``district``.
    since, until : the period (dates or ``YYYY-MM-DD``); default: the first and the last
        visit report (the last founding date when there is no report).
    stale_days : a street that reported before but not for more than this many days is
        flagged ``stopped``.
    behind : a street whose visits per uncovered organization fall below this share of the
        city's is flagged ``behind``.
    window : days of the recent window the trends compare with the window before.
    min_members : passed to the coverage analysis (what "uncovered" means).
    coverage_result : a coverage result of ``G`` already computed (its categories are
        used instead of working out which organizations are uncovered).
    """
    if by not in ("street", "district"):
        raise ValueError(f"by must be street or district, not {by!r}")
    if stale_days < 0 or window < 1 or not 0 <= behind <= 1:
        raise ValueError(
            "须满足：--stale-days 不小于 0，--window 不小于 1，--behind 在 0 与 1 之间 "
            "(stale_days >= 0, window >= 1 and 0 <= behind <= 1, please)"
        )
    since_d, until_d = as_date(since), as_date(until)
    if since_d and until_d and since_d > until_d:
        raise ValueError(
            f"起始日期 {since_d} 晚于截止日期 {until_d} (since ({since_d}) is after until ({until_d}))"
        )
    t = G if isinstance(G, Tables) else tables_of(G)
    pl = places(t)
    if coverage_result is not None:
        unc = np.isin(coverage_result.codes, UNCOVERED)
    else:
        unc = uncovered_codes(t, min_members) >= 0
    rep = _reports(t, pl)
    founded = days(t.column("PartyOrg", "founded"))
    since_d, until_d = _period(rep, founded, since_d, until_d)
    lo = np.datetime64(since_d, "D") if since_d else np.datetime64("1900-01-01")
    hi = np.datetime64(until_d, "D") if until_d else np.datetime64("2999-12-31")
    c = _street_counts(t, pl, rep, unc, founded, lo, hi, window)
    visits, need = c["visits"], c["need"]
    city_rate = visits.sum() / need.sum() if need.sum() else 0.0
    rows = [
        _street_row(pl.streets[s], c, s, until_d, stale_days, behind, city_rate)
        for s in range(len(pl.streets))
    ]
    city = _city_row(rows, len(pl.streets), until_d, city_rate)
    daily = _daily_series(t, pl, rep, len(unc), founded, lo if since_d else None, until_d)
    params = {"stale_days": stale_days, "behind": behind, "window": window,
              "min_members": min_members}  # fmt: skip
    return ProgressResult(by, params, since_d, until_d, rows, city, daily)


def _period(rep: _Reports, founded: np.ndarray, since_d: dt.date | None, until_d: dt.date | None) -> tuple[dt.date | None, dt.date | None]:  # fmt: skip
    """The period: by default from the first to the last visit report (the last founding
    date when there is no report)."""
    if until_d is None:
        known = rep.day[~np.isnat(rep.day)]
        if not len(known):
            known = founded[~np.isnat(founded)]
        until_d = known.max().astype(object) if len(known) else None
    if since_d is None:
        known = rep.day[~np.isnat(rep.day)]
        since_d = known.min().astype(object) if len(known) else None
    return since_d, until_d


def _street_counts(t: Tables, pl: Places, rep: _Reports, unc: np.ndarray, founded: np.ndarray, lo: np.datetime64, hi: np.datetime64, window: int) -> dict[str, np.ndarray]:  # fmt: skip
    """Per street: uncovered organizations (``unc``), reports, visits, named uncovered
    visited, the estimate of those reached, willing, developed, party organizations founded
    (in the period, the recent window and the one before) and the last report."""
    S = len(pl.streets)

    def per_street(values: np.ndarray, mask: np.ndarray, street: np.ndarray) -> np.ndarray:
        ok = mask & (street >= 0)
        return np.bincount(street[ok], weights=values[ok], minlength=S).astype(np.int64)

    # uncovered organizations per street
    need = per_street(np.ones(len(unc)), unc, pl.street_of_org)

    # reports of the period
    dated = ~np.isnat(rep.day)
    inp = dated & (rep.day >= lo) & (rep.day <= hi)
    visits = per_street(rep.visited, inp, rep.street)
    willing = per_street(rep.willing, inp, rep.street)
    developed = per_street(rep.developed, inp, rep.street)
    n_reports = per_street(np.ones(len(inp)), inp, rep.street)
    recent_lo = hi - np.timedelta64(window - 1, "D")
    before_lo = recent_lo - np.timedelta64(window, "D")
    recent = inp & (rep.day >= recent_lo)
    before = dated & (rep.day >= before_lo) & (rep.day < recent_lo) & (rep.day >= lo)
    w_recent = per_street(rep.willing, recent, rep.street)
    w_before = per_street(rep.willing, before, rep.street)
    last = np.full(S, np.datetime64("NaT", "D"))
    upto = dated & (rep.day <= hi) & (rep.street >= 0)
    if upto.any():
        as_int = rep.day[upto].astype(np.int64)
        best = np.full(S, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(best, rep.street[upto], as_int)
        has = best > np.iinfo(np.int64).min
        last[has] = best[has].astype("datetime64[D]")

    # named uncovered organizations (distinct per street)
    vr, vo = t.positions("VISITED_VisitReport_Organization")
    sel = inp[vr] & unc[vo] & (rep.street[vr] >= 0)
    pairs = np.unique(rep.street[vr[sel]] * max(1, len(unc)) + vo[sel])
    named = np.bincount(pairs // max(1, len(unc)), minlength=S).astype(np.int64)
    names_any = np.zeros(S, dtype=bool)
    names_any[rep.street[vr[inp[vr] & (rep.street[vr] >= 0)]]] = True
    estimate = np.where(names_any, named, np.minimum(visits, need))

    # party organizations founded
    fdated = ~np.isnat(founded)
    f_in = fdated & (founded >= lo) & (founded <= hi)
    new_po = per_street(np.ones(len(founded)), f_in, pl.street_of_po)
    f_recent = per_street(np.ones(len(founded)), f_in & (founded >= recent_lo), pl.street_of_po)
    f_before = per_street(
        np.ones(len(founded)),
        fdated & (founded >= before_lo) & (founded < recent_lo) & (founded >= lo),
        pl.street_of_po,
    )

    return {
        "need": need, "reports": n_reports, "visits": visits, "named": named,
        "names_visited": names_any, "estimate": estimate, "willing": willing,
        "developed": developed, "founded": new_po, "willing_recent": w_recent,
        "willing_before": w_before, "founded_recent": f_recent, "founded_before": f_before,
        "last": last,
    }  # fmt: skip


def _street_row(group: str, c: dict[str, np.ndarray], s: int, until_d: dt.date | None, stale_days: int, behind: float, city_rate: Any) -> dict[str, Any]:  # fmt: skip
    """The row of street ``s`` (``group``: ``district/street``) with its flags and reasons."""
    place = rc.street_place(group)
    lr = None if np.isnat(c["last"][s]) else str(c["last"][s])
    r: dict[str, Any] = {"group": group, **rc.district_columns(place), "street": place.street}
    for k in ("need", "reports", "visits", "named"):
        r[k] = int(c[k][s])
    r["names_visited"] = bool(c["names_visited"][s])
    for k in ("estimate", "willing", "developed", "founded", "willing_recent",
              "willing_before", "founded_recent", "founded_before"):  # fmt: skip
        r[k] = int(c[k][s])
    r["last_report"] = lr
    _finish(r, lr, until_d)
    flags: list[str] = []
    reasons: dict[str, tuple[str, str]] = {}
    if lr is None and r["need"] > 0:
        flags.append("never")
        reasons["never"] = _fmt("never", need=r["need"])
    elif r["days_since"] is not None and r["days_since"] > stale_days:
        flags.append("stopped")
        reasons["stopped"] = _fmt("stopped", days=r["days_since"], last=lr)
    rate = r["visits"] / r["need"] if r["need"] else None
    if lr is not None and rate is not None and rate < behind * city_rate:
        flags.append("behind")
        reasons["behind"] = _fmt("behind", visits=r["visits"], rate=rate, city=city_rate)
    r["flags"], r["reasons"] = flags, reasons
    return r


def _city_row(rows: list[dict[str, Any]], S: int, until_d: dt.date | None, city_rate: Any) -> dict[str, Any]:  # fmt: skip
    """The whole city: sums of the streets, the last report, the flagged streets."""
    city: dict[str, Any] = {"district": "", "streets": S,
                            **{k: sum(r[k] for r in rows) for k in _SUMMED}}  # fmt: skip
    lasts = [r["last_report"] for r in rows if r["last_report"]]
    city["last_report"] = max(lasts) if lasts else None
    _finish(city, city["last_report"], until_d)
    city["flagged"] = {f: sum(f in r["flags"] for r in rows) for f in FLAGS}
    city["flags"] = [f for f, n in city["flagged"].items() if n]
    city["city_rate"] = round(float(city_rate), 4)

    return city


def _fmt(flag: str, **kw: Any) -> tuple[str, str]:
    return fill(REASONS[flag], **kw)


def _daily_series(
    t: Tables,
    pl: Places,
    rep: _Reports,
    n_org: int,
    founded: np.ndarray,
    lo: np.datetime64 | None,
    until: dt.date | None,
) -> dict[str, Any]:
    D = len(pl.districts)
    empty = {"days": np.array([], dtype="datetime64[D]"), "districts": pl.districts,
             "visits": np.zeros((D, 0), np.int64), "covered": np.zeros((D, 0), np.int64),
             "total": np.zeros(D, np.int64)}  # fmt: skip
    if until is None:
        return empty
    hi = np.datetime64(until, "D")
    if lo is None:
        known = rep.day[~np.isnat(rep.day)]
        lo = known.min() if len(known) else hi - np.timedelta64(89, "D")
    days = np.arange(lo, hi + np.timedelta64(1, "D"), dtype="datetime64[D]")
    if not len(days):
        return empty
    # visits per district and day
    d_rep = pl.district_of(rep.street)
    ok = ~np.isnat(rep.day) & (rep.day >= lo) & (rep.day <= hi) & (d_rep >= 0)
    visits = np.zeros((D, len(days)), dtype=np.int64)
    np.add.at(visits, (d_rep[ok], (rep.day[ok] - lo).astype(np.int64)), rep.visited[ok])
    # organizational coverage per district and day, from founding dates
    since_int = np.full(n_org, np.iinfo(np.int64).max, dtype=np.int64)
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    f_int = np.where(np.isnat(founded), np.iinfo(np.int64).min, founded.astype(np.int64))
    np.minimum.at(since_int, ce, f_int[cs])
    d_org = pl.district_of(pl.street_of_org)
    total = np.bincount(d_org[d_org >= 0], minlength=D).astype(np.int64)
    covered = np.zeros((D, len(days)), dtype=np.int64)
    day_int = days.astype(np.int64)
    for d in range(D):
        s = np.sort(since_int[(d_org == d) & (since_int < np.iinfo(np.int64).max)])
        covered[d] = np.searchsorted(s, day_int, side="right")
    return {"days": days, "districts": pl.districts, "visits": visits, "covered": covered,
            "total": total}  # fmt: skip
