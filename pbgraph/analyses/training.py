"""Training reach (培训, 观摩): whose secretaries and leaders the sessions have reached.

A party organization's secretary is *reached* when a person who is its secretary
(``SECRETARY_OF``) attended a training or study visit in the period; an organization's
leader (出资人/负责人) when a person who ``LEADS`` it did. A party worker's attendance does
not reach the secretary (it is counted beside). Party organizations are in the street of the
first organization they cover, organizations in their own (:func:`.places.places`). Per
street: how many secretaries and leaders were never reached, and why that matters; the
lists of them; each session with its attendees by role; and each year against the targets
(the seed: 10+ trainings and 6 study visits; a session with no stated kind is a training).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A区", label="Region", level="district", name="A区")
>>> G.add_node("Region:A区/甲街道", label="Region", level="street", name="甲街道")
>>> _ = G.add_edge("Region:A区/甲街道", "Region:A区", key="PART_OF")
>>> for c in "XY":
...     G.add_node(f"Organization:{c}", label="Organization", name=c)
...     _ = G.add_edge(f"Organization:{c}", "Region:A区/甲街道", key="LOCATED_IN")
...     G.add_node(f"PartyOrg:p{c}", label="PartyOrg", name=f"p{c}", status="normal")
...     _ = G.add_edge(f"PartyOrg:p{c}", f"Organization:{c}", key="COVERS")
>>> G.add_node("Training:t", label="Training", name="书记培训班", date="2018-04-12")
>>> G.add_node("Person:P-1", label="Person")
>>> _ = G.add_edge("Person:P-1", "Training:t", key="ATTENDED")
>>> _ = G.add_edge("Person:P-1", "PartyOrg:pX", key="SECRETARY_OF")
>>> r = reach(G)
>>> [(s["street"], s["secretaries_reached"], s["secretaries_unreached"]) for s in r.streets]
[('甲街道', 1, 1)]
>>> [p["id"] for p in r.listing("secretaries")]
['pY']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import street_place
from ..graphmodel.tables import Tables, tables_of
from ..labels import columns as label_columns
from ..labels import pick
from ..labels.training import COLUMNS, KINDS, REASONS
from .places import Places, as_date, days, merge_inputs, places
from .places import inputs as places_inputs

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["LEADER_SCOPES", "ReachResult", "inputs", "reach"]

_UNKNOWN = "(未知)"
#: which organizations' leaders count (``--leaders``)
LEADER_SCOPES = ("all", "key", "covered", "uncovered")
SHOWS = ("streets", "secretaries", "leaders", "sessions", "years")


def inputs() -> dict[str, Any]:
    """What :func:`reach` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["PartyOrg", "Organization", "Training", "Person"],
        "rels": ["ATTENDED_Person_Training", "SECRETARY_OF_Person_PartyOrg",
                 "PARTY_WORKER_OF_Person_PartyOrg", "LEADS_Person_Organization"],
        "props": {"PartyOrg": ["name", "form", "status"], "Organization": ["name", "key"],
                  "Training": ["name", "kind", "date"], "Person": []},
    }  # fmt: skip
    return merge_inputs(places_inputs(), own)


@dataclass
class ReachResult:
    """Streets, the unreached, the sessions and the years (rows of codes and numbers)."""

    params: dict[str, Any]
    streets: list[dict[str, Any]]
    totals: dict[str, Any]
    secretaries: list[dict[str, Any]]
    #: the organizations whose leader was never reached, listed (reasons in a language)
    #: when asked for: a city has hundreds of thousands, the other views need not pay
    _leaders: Callable[[str], list[dict[str, Any]]]
    sessions: list[dict[str, Any]]
    years: list[dict[str, Any]]

    def listing(self, show: str = "streets", *, lang: str = "zh") -> list[dict[str, Any]]:
        """The rows of one listing (``--show``), reasons and kinds in ``lang``."""
        if show not in SHOWS:
            raise ValueError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
        if show == "leaders":
            return self._leaders(lang)
        rows: list[dict[str, Any]] = getattr(self, show)
        out = []
        for r in rows:
            r = dict(r)
            if "reason" in r:
                r["reason"] = pick(r["reason"], lang)
            if show == "sessions":
                r["kind"] = pick(KINDS[r["kind"] or ""], lang)
            out.append(r)
        return out

    def rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """The streets, then a 合计 row."""
        total = {"district": "合计", "street": "", **self.totals}
        total["reason"] = ""
        return [*self.listing("streets", lang=lang), total]

    def columns(self, lang: str = "zh", show: str = "streets") -> list[tuple[str, str]]:
        return label_columns(COLUMNS[show], lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph training --format json`` (docs/commands/training.md)."""
        return {"params": self.params, "totals": self.totals,
                "years": self.listing("years", lang=lang),
                "streets": self.listing("streets", lang=lang),
                "sessions": self.listing("sessions", lang=lang)}  # fmt: skip


def reach(
    G: nx.MultiDiGraph | Tables,
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    leaders: str = "all",
    target_trainings: int = 10,
    target_visits: int = 6,
) -> ReachResult:
    """Who the trainings and study visits of the period reached, per street.

    Parameters
    ----------
    G : the projection of a store, or its tables (``store.tables(**inputs())``).
    since, until : the period (default: every session in the ledgers).
    leaders : whose leaders count — ``all`` organizations, ``key`` ones, those ``covered``
        by a party organization, or ``uncovered`` ones.
    target_trainings, target_visits : sessions a year (the seed: 10 and 6).
    """
    if leaders not in LEADER_SCOPES:
        raise ValueError(f"leaders must be one of {', '.join(LEADER_SCOPES)}, not {leaders!r}")
    since_d, until_d = as_date(since), as_date(until)
    if since_d and until_d and since_d > until_d:
        raise ValueError(
            f"起始日期 {since_d} 晚于截止日期 {until_d} (since ({since_d}) is after until ({until_d}))"
        )
    t = G if isinstance(G, Tables) else tables_of(G)
    pl = places(t)
    when = days(t.column("Training", "date"))
    live = ~np.isnat(when)
    if since_d:
        live &= when >= np.datetime64(since_d, "D")
    if until_d:
        live &= when <= np.datetime64(until_d, "D")
    n_person = len(t.keys("Person"))
    ap, at = t.positions("ATTENDED_Person_Training")
    keep = live[at]
    attended = np.zeros(n_person, dtype=bool)
    attended[ap[keep]] = True
    n_po, n_org = len(t.keys("PartyOrg")), len(t.keys("Organization"))
    sp, so = t.positions("SECRETARY_OF_Person_PartyOrg")
    po_reached = np.zeros(n_po, dtype=bool)
    po_reached[so[attended[sp]]] = True
    wp, wo = t.positions("PARTY_WORKER_OF_Person_PartyOrg")
    workers = np.bincount(wo[attended[wp]], minlength=n_po)
    lp, lo = t.positions("LEADS_Person_Organization")
    org_reached = np.zeros(n_org, dtype=bool)
    org_reached[lo[attended[lp]]] = True
    scope = _scope(t, leaders, n_org)
    params = {"since": since_d.isoformat() if since_d else None,
              "until": until_d.isoformat() if until_d else None, "leaders": leaders,
              "target_trainings": target_trainings, "target_visits": target_visits}  # fmt: skip
    streets, totals = _streets(pl, po_reached, org_reached, scope)
    roles = {"secretaries": sp, "leaders": lp, "party_workers": wp}
    return ReachResult(
        params,
        streets,
        totals,
        _unreached_pos(t, pl, po_reached, workers),
        lambda lang: _unreached_orgs(t, pl, org_reached, scope, lang),
        _sessions(t, live, ap, at, keep, roles, n_person),
        _years(t, when, live, target_trainings, target_visits),
    )


def _scope(t: Tables, leaders: str, n_org: int) -> np.ndarray:
    if leaders == "all":
        return np.ones(n_org, dtype=bool)
    if leaders == "key":
        return np.asarray(t.column("Organization", "key"), dtype=bool)
    covered = np.zeros(n_org, dtype=bool)
    covered[t.positions("COVERS_PartyOrg_Organization")[1]] = True
    return covered if leaders == "covered" else ~covered


def _where(pl: Places, street: int) -> tuple[str, str]:
    """District and street names of a street index; where there are cities the district
    with its city (枣庄市/市中区: two cities' 市中区 are two districts)."""
    if street < 0:
        return _UNKNOWN, _UNKNOWN
    place = street_place(pl.streets[street])
    return place.district_code or pl.districts[pl.district_of_street[street]], place.street


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _streets(
    pl: Places, po_reached: np.ndarray, org_reached: np.ndarray, scope: np.ndarray
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    S = len(pl.streets)

    def per_street(street: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return np.bincount(np.where(street < 0, S, street)[mask], minlength=S + 1)

    pos = per_street(pl.street_of_po, np.ones(len(po_reached), dtype=bool))
    pos_in = per_street(pl.street_of_po, po_reached)
    orgs = per_street(pl.street_of_org, scope)
    orgs_in = per_street(pl.street_of_org, scope & org_reached)
    rows = []
    for s in range(S + 1):
        if not (pos[s] or orgs[s]):
            continue
        d, name = _where(pl, s if s < S else -1)
        rows.append(_row(d, name, int(pos[s]), int(pos_in[s]), int(orgs[s]), int(orgs_in[s])))
    totals = _row("", "", int(pos.sum()), int(pos_in.sum()), int(orgs.sum()), int(orgs_in.sum()))
    for k in ("district", "street", "reason"):
        totals.pop(k)
    return rows, totals


def _row(district: str, street: str, pos: int, pos_in: int, orgs: int, orgs_in: int
         ) -> dict[str, Any]:  # fmt: skip
    out = {"district": district, "street": street, "party_orgs": pos,
           "secretaries_reached": pos_in, "secretaries_unreached": pos - pos_in,
           "secretary_share": _share(pos_in, pos), "orgs": orgs, "leaders_reached": orgs_in,
           "leaders_unreached": orgs - orgs_in, "leader_share": _share(orgs_in, orgs)}  # fmt: skip
    if pos > pos_in or orgs > orgs_in:
        reason = REASONS["street"]
        out["reason"] = (reason[0].format(secretaries=pos - pos_in, leaders=orgs - orgs_in),
                         reason[1].format(secretaries=pos - pos_in, leaders=orgs - orgs_in))  # fmt: skip
    else:
        out["reason"] = REASONS["street_done"]
    return out


def _unreached_pos(
    t: Tables, pl: Places, reached: np.ndarray, workers: np.ndarray
) -> list[dict[str, Any]]:
    keys, names = t.keys("PartyOrg"), t.column("PartyOrg", "name")
    forms, status = t.column("PartyOrg", "form"), t.column("PartyOrg", "status")
    out = []
    for k in np.flatnonzero(~reached).tolist():
        d, s = _where(pl, int(pl.street_of_po[k]))
        n = int(workers[k])
        if n:
            why = (REASONS["workers_only"][0].format(n=n), REASONS["workers_only"][1].format(n=n))
        else:
            why = REASONS["secretary_weak" if status[k] == "weak" else "secretary_none"]
        out.append({"id": keys[k], "name": names[k], "district": d, "street": s,
                    "form": forms[k], "status": status[k], "party_workers": n, "reason": why})  # fmt: skip
    out.sort(key=lambda r: (r["district"], r["street"], r["id"]))
    return out


def _unreached_orgs(
    t: Tables, pl: Places, reached: np.ndarray, scope: np.ndarray, lang: str
) -> list[dict[str, Any]]:
    """The organizations in scope whose leader was never reached, by district and street,
    key ones first, then by credit code; reasons in ``lang``."""
    keys, names = t.keys("Organization"), t.column("Organization", "name")
    key = np.asarray(t.column("Organization", "key"), dtype=bool)
    covered = np.zeros(len(keys), dtype=bool)
    covered[t.positions("COVERS_PartyOrg_Organization")[1]] = True
    picked = np.flatnonzero(scope & ~reached)
    S = len(pl.streets)
    street = pl.street_of_org[picked]
    street = np.where(street < 0, S, street)  # streets are sorted by district, street
    code_rank = np.argsort(np.argsort(np.array(keys, dtype=object)[picked], kind="stable"))
    order = picked[np.lexsort((code_rank, ~key[picked], street))]
    where = [_where(pl, k) for k in range(S)] + [_where(pl, -1)]
    why = {True: pick(REASONS["leader_key"], lang), False: pick(REASONS["leader_none"], lang)}
    out = []
    for j, s in zip(order.tolist(), np.where(pl.street_of_org[order] < 0, S,
                                             pl.street_of_org[order]).tolist(), strict=True):  # fmt: skip
        d, st = where[s]
        k = bool(key[j])
        out.append({"credit_code": keys[j], "name": names[j], "district": d, "street": st,
                    "key": k, "covered": bool(covered[j]), "reason": why[k]})  # fmt: skip
    return out


def _sessions(t: Tables, live: np.ndarray, ap: np.ndarray, at: np.ndarray, keep: np.ndarray,
              roles: dict[str, np.ndarray], n_person: int) -> list[dict[str, Any]]:  # fmt: skip
    n = len(live)
    counts = {"attendees": np.bincount(at[keep], minlength=n)}
    for role, persons in roles.items():
        has = np.zeros(n_person, dtype=bool)
        has[persons] = True
        counts[role] = np.bincount(at[keep & has[ap]], minlength=n)
    keys, names = t.keys("Training"), t.column("Training", "name")
    kinds, dates = t.column("Training", "kind"), t.column("Training", "date")
    out = [
        {"id": keys[k], "name": names[k], "kind": kinds[k], "date": _iso(dates[k]),
         **{c: int(v[k]) for c, v in counts.items()}}
        for k in np.flatnonzero(live).tolist()
    ]  # fmt: skip
    out.sort(key=lambda r: (r["date"] or "", r["id"]))
    return out


def _iso(value: Any) -> str | None:
    d = as_date(value)
    return d.isoformat() if d else None


def _years(t: Tables, when: np.ndarray, live: np.ndarray, target_trainings: int,
           target_visits: int) -> list[dict[str, Any]]:  # fmt: skip
    kinds = t.column("Training", "kind")
    counts: dict[int, list[int]] = {}
    for k in np.flatnonzero(live).tolist():
        year = when[k].astype(object).year
        counts.setdefault(year, [0, 0])[1 if kinds[k] == "study_visit" else 0] += 1
    out = []
    for year in sorted(counts):
        n_t, n_v = counts[year]
        fields = {"year": year, "trainings": n_t, "study_visits": n_v,
                  "target_trainings": target_trainings, "target_visits": target_visits,
                  "short_trainings": max(0, target_trainings - n_t),
                  "short_visits": max(0, target_visits - n_v)}  # fmt: skip
        met = n_t >= target_trainings and n_v >= target_visits
        reason = REASONS["year_met" if met else "year_short"]
        out.append({**fields, "met": met,
                    "reason": (reason[0].format(**fields), reason[1].format(**fields))})  # fmt: skip
    return out
