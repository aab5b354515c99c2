"""Source control of new registrations (源头把控): newly registered organizations that meet
the conditions and still have no party organization.

民政局 registers social organizations, 市场监管局 enterprises; an organization registered
(``registered``, 登记日期) in the window — from ``since`` (default: a year before ``as_of``)
to ``as_of`` (default: the latest registration date in the ledgers) — is *new*. A new
organization with at least ``min_members`` formal members (coverage's 应建 rule) is
*eligible*; with no party organization covering it (``COVERS``; an instructor's guidance is
no party organization) it is ``pending`` while at most ``days`` days have passed since
registration, ``overdue`` after. The follow-up stays open until a party organization
covers it: a visit report that names it (``VISITED``) on or after its registration is
shown as the last visit (走访), an instructor guiding it too.

The registering unit is the ledger's 登记机关 read as 民政局 (it says 民政) or 市场监管局 (市场监管,
市场监督 or 工商), else kept as written; a blank one follows the organization's kind.
``summary`` counts new, eligible, built, pending and overdue organizations per registering
unit and district. Columnar: numpy over the projection's tables.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Organization:o1", label="Organization", kind="social_org", formal_members=3,
...            registered="2018-01-01")
>>> r = newregs(G, as_of="2018-07-31")
>>> [(o["state"][0], o["days"], o["registrar"][0]) for o in r.orgs]
[('逾期未建', 211, '民政局')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import street_place
from ..graphmodel.tables import Tables, tables_of
from ..labels import Text, fill, lang_index
from ..labels import columns as label_columns
from ..labels.lines import LINES as _KINDS
from ..labels.lines import (
    NEWREG_COLUMNS,
    NEWREG_REASONS,
    NEWREG_SUMMARY_COLUMNS,
    REGISTRARS,
    STATES,
)
from .places import as_date, days, merge_inputs, places
from .places import inputs as places_inputs

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NewregsResult", "inputs", "newregs", "registrar_of"]

_TEXT_KEYS = {"kind", "registrar", "state", "reason", "instructor"}
_YES_NO: dict[bool, Text] = {True: ("有", "yes"), False: ("无", "no")}


def inputs() -> dict[str, Any]:
    """What :func:`newregs` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["Organization", "VisitReport"],
        "rels": ["COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization",
                 "VISITED_VisitReport_Organization"],
        "props": {"Organization": ["name", "kind", "formal_members", "registered", "registrar"],
                  "VisitReport": ["date"]},
    }  # fmt: skip
    return merge_inputs(places_inputs(), own)


def registrar_of(text: str | None, kind: str | None) -> Text:
    """The registering unit a 登记机关 cell means (a blank one: by the kind).

    >>> registrar_of("历下区民政局", None)[0], registrar_of(None, "enterprise")[0]
    ('民政局', '市场监管局')
    >>> registrar_of("济南市行政审批服务局", "enterprise")
    ('济南市行政审批服务局', '济南市行政审批服务局')
    """
    if text:
        if "民政" in text:
            return REGISTRARS["civil_affairs"]
        if any(w in text for w in ("市场监管", "市场监督", "工商")):
            return REGISTRARS["market_regulation"]
        return text, text
    if kind == "social_org":
        return REGISTRARS["civil_affairs"]
    if kind == "enterprise":
        return REGISTRARS["market_regulation"]
    return REGISTRARS["unknown"]


@dataclass
class NewregsResult:
    params: dict[str, Any]
    orgs: list[dict[str, Any]]  # every eligible new organization without a party org
    summary: list[dict[str, Any]]

    def listing(self, show: str = "overdue", *, lang: str = "zh") -> list[dict[str, Any]]:
        """``overdue`` (the default), ``open`` (overdue and pending) or ``summary``."""
        i = lang_index(lang)
        if show == "summary":
            rows = self.summary
        elif show in ("overdue", "open"):
            rows = [o for o in self.orgs if show == "open" or o["state_code"] == "overdue"]
        else:
            raise ValueError(f"show must be overdue, open or summary, not {show!r}")
        return [{k: (v[i] if k in _TEXT_KEYS and isinstance(v, tuple) else v)
                 for k, v in r.items()} for r in rows]  # fmt: skip

    def columns(self, lang: str = "zh", show: str = "overdue") -> list[tuple[str, str]]:
        return label_columns(NEWREG_SUMMARY_COLUMNS if show == "summary" else NEWREG_COLUMNS, lang)

    def totals(self) -> dict[str, int]:
        keys = ("new", "eligible", "built", "pending", "overdue", "visited")
        return {k: sum(r[k] for r in self.summary) for k in keys}

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph newregs --format json`` (docs/commands/newregs.md)."""
        return {"params": self.params, "totals": self.totals(),
                "open": self.listing("open", lang=lang),
                "summary": self.listing("summary", lang=lang)}  # fmt: skip


def _last_visits(t: Tables, reg: np.ndarray) -> np.ndarray:
    """Per organization, the last date a visit report names it on or after its
    registration (NaT: none)."""
    n = len(reg)
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    vs, ve = t.positions("VISITED_VisitReport_Organization")
    if len(vs) == 0:
        return out
    when = days(t.column("VisitReport", "date"))[vs]
    ok = ~np.isnat(when) & ~np.isnat(reg[ve]) & (when >= reg[ve])
    as_int = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(as_int, ve[ok], when[ok].astype(np.int64))
    seen = as_int > np.iinfo(np.int64).min
    out[seen] = as_int[seen].astype("datetime64[D]")
    return out


def newregs(
    G: nx.MultiDiGraph | Tables,
    *,
    as_of: str | dt.date | None = None,
    since: str | dt.date | None = None,
    days_limit: int = 90,
    min_members: int = 3,
) -> NewregsResult:
    """New organizations that meet the conditions and have no party organization.

    ``as_of``: the day of the check (default: the latest registration date in the ledgers);
    ``since``: the first registration day counted as new (default: 365 days before
    ``as_of``); ``days_limit``: days after registration by which a party organization is
    due; ``min_members``: formal members that make an organization eligible.
    """
    if days_limit < 0 or min_members < 1:
        raise ValueError(
            "须满足：--days 不小于 0，--min-members 不小于 1 (days >= 0 and min_members >= 1, please)"
        )
    t = G if isinstance(G, Tables) else tables_of(G)
    reg = days(t.column("Organization", "registered"))
    end = as_date(as_of) if as_of is not None else _latest(reg)
    start = as_date(since) if since is not None else (end - dt.timedelta(days=365) if end else None)
    if end is not None and start is not None and start > end:
        raise ValueError(
            f"--since（{start}）晚于检查日期（{end}） (--since {start} is after the as-of day {end})"
        )
    params = {"as_of": end and end.isoformat(), "since": start and start.isoformat(),
              "days": days_limit, "min_members": min_members}  # fmt: skip
    if end is None or start is None:
        return NewregsResult(params, [], [])
    new = ~np.isnat(reg) & (reg >= np.datetime64(start)) & (reg <= np.datetime64(end))
    return _classify(t, reg, new, np.datetime64(end), params)


def _latest(reg: np.ndarray) -> dt.date | None:
    ok = reg[~np.isnat(reg)]
    return ok.max().astype(dt.date) if len(ok) else None


def _classify(t: Tables, reg: np.ndarray, new: np.ndarray, end: np.datetime64,
              params: dict[str, Any]) -> NewregsResult:  # fmt: skip
    n = len(reg)
    covered = np.zeros(n, dtype=bool)
    covered[t.positions("COVERS_PartyOrg_Organization")[1]] = True
    guided = np.zeros(n, dtype=bool)
    guided[t.positions("GUIDES_Instructor_Organization")[1]] = True
    formal = t.column("Organization", "formal_members")
    eligible = new & (formal >= params["min_members"])
    age = np.where(new, (end - reg).astype(np.int64), 0)
    overdue = eligible & ~covered & (age > params["days"])
    pending = eligible & ~covered & ~overdue
    visits = _last_visits(t, reg)
    pl = places(t)
    keys, names, kinds, registrars = (t.keys("Organization"), t.column("Organization", "name"),
                                      t.column("Organization", "kind"),
                                      t.column("Organization", "registrar"))  # fmt: skip
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    rows = []
    for j in np.flatnonzero(new).tolist():
        place = street_place(pl.streets[pl.street_of_org[j]]) if pl.street_of_org[j] >= 0 else None
        district, street = (place.district_code, place.street) if place else ("", "")
        registrar = registrar_of(registrars[j], kinds[j])
        g = groups.setdefault((registrar[0], district), {
            "registrar": registrar, "district": district, "new": 0, "eligible": 0, "built": 0,
            "pending": 0, "overdue": 0, "visited": 0})  # fmt: skip
        g["new"] += 1
        if not eligible[j]:
            continue
        g["eligible"] += 1
        state = "overdue" if overdue[j] else "pending" if pending[j] else "built"
        g[state] += 1
        if state == "built":
            continue
        last = None if np.isnat(visits[j]) else str(visits[j])
        g["visited"] += bool(last and state == "overdue")
        org = {"credit_code": keys[j], "name": names[j] or "",
               "kind": _KINDS.get(kinds[j] or "none", _KINDS["none"]), "registrar": registrar,
               "district": district, "street": street, "registered": str(reg[j]),
               "days": int(age[j]), "formal_members": int(formal[j]), "last_visit": last}  # fmt: skip
        rows.append(_row(org, bool(guided[j]), state, params["days"]))
    rows.sort(key=lambda r: (r["state_code"] != "overdue", -r["days"], r["credit_code"]))
    summary = sorted(groups.values(), key=lambda g: (g["registrar"][0], g["district"]))
    for g in summary:
        g["build_rate"] = round(g["built"] / g["eligible"], 4) if g["eligible"] else None
    return NewregsResult(params, rows, summary)


def _row(org: dict[str, Any], guided: bool, state: str, limit: int) -> dict[str, Any]:
    """An open organization's row: its state and the follow-up, in a planner's words."""
    age, last = org["days"], org["last_visit"]
    reason = fill(NEWREG_REASONS[state], registrar=org["registrar"], days=age,
                  members=org["formal_members"], limit=limit, over=age - limit,
                  left=limit - age)  # fmt: skip
    extra = [fill(NEWREG_REASONS["visited"], date=last) if last else NEWREG_REASONS["not_visited"]]
    if guided:
        extra.append(NEWREG_REASONS["instructor"])
    reason = (reason[0] + "".join(e[0] for e in extra), reason[1] + "".join(e[1] for e in extra))
    return {**org, "overdue_days": max(0, age - limit), "instructor": _YES_NO[guided],
            "state": STATES[state], "state_code": state, "reason": reason}  # fmt: skip
