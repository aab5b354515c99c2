"""Public-welfare accounts and awards (公益账户, 出彩型): what each organization gave back,
rankings, and the candidates for the 出彩型 honours against those honoured.

* **Accounts**: per district account (the district whose ledger holds the activity), the
  organizations that gave, activities, hours, volunteers, people served, money and goods.
* **Rankings**: each organization that gave, ranked by ``rank_by`` in its own district and
  in the city (equal values share a rank).
* **Candidates** (出彩型党组织): a party organization that is not weak and meets at least
  ``need`` of three stated criteria — its demonstration site's mean 三强三好 score (the site
  at it or at an organization it covers) ≥ ``min_site_score``; its organizations' welfare
  hours ≥ ``min_hours``; the share of the party members working at its organizations who
  are in it (the organizations ledger's members, against those whose relation is held by a
  talent centre, HR market or community) ≥ ``min_member_share``. Ranked by criteria met,
  then site score, then hours; the first ``top_orgs`` are put forward (the seed: 28).
* **Secretaries** (出彩型书记): the secretaries of candidates who attended at least
  ``min_trainings`` trainings or study visits; the first ``top_secretaries`` (the seed: 21).
* **Awards**: every honour in the ledgers, whether its party organization or secretary meets
  the criteria, and why (candidates vs honoured).

Activities, trainings and awards count when dated within ``since`` … ``until`` (default:
all). The words are in :mod:`pbgraph.labels.welfare`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import place_of, street_place
from ..graphmodel.tables import Tables, tables_of
from ..labels import columns as label_columns
from ..labels import pick
from ..labels.welfare import COLUMNS, CRITERIA, REASONS
from .places import Places, as_date, days, merge_inputs, places
from .places import inputs as places_inputs

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["RANK_BY", "WelfareResult", "inputs", "welfare"]

RANK_BY = ("hours", "beneficiaries", "activities", "amount", "volunteers")
SHOWS = ("districts", "orgs", "candidates", "secretaries", "awards")
_FIGURES = ("hours", "volunteers", "beneficiaries", "amount")
_SCORES = ("strong_leadership", "strong_members", "strong_role", "good_mechanisms",
           "good_support", "good_standing")  # fmt: skip
_UNKNOWN = "(未知)"


def inputs() -> dict[str, Any]:
    """What :func:`welfare` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["Organization", "PartyOrg", "WelfareActivity", "Award", "Person", "DemoSite",
                   "Member", "Training"],
        "rels": ["BY_WelfareActivity_Organization", "IN_WelfareActivity_Region",
                 "HONOURS_Award_PartyOrg", "HONOURS_Award_Person", "SECRETARY_OF_Person_PartyOrg",
                 "ATTENDED_Person_Training", "SITE_OF_DemoSite_PartyOrg",
                 "SITE_OF_DemoSite_Organization", "WORKS_AT_Member_Organization"],
        "props": {"Organization": ["name", "formal_members", "probationary_members"],
                  "PartyOrg": ["name", "status"], "WelfareActivity": ["date", *_FIGURES],
                  "Award": ["name", "date"], "Person": ["name_masked"], "DemoSite": [*_SCORES],
                  "Member": ["held_by"], "Training": ["date"]},
    }  # fmt: skip
    return merge_inputs(places_inputs(), own)


@dataclass
class WelfareResult:
    """Accounts, rankings, candidates and awards (rows of codes and numbers)."""

    params: dict[str, Any]
    totals: dict[str, Any]
    districts: list[dict[str, Any]]
    orgs: list[dict[str, Any]]
    candidates: list[dict[str, Any]]
    secretaries: list[dict[str, Any]]
    awards: list[dict[str, Any]]

    def listing(self, show: str = "districts", *, lang: str = "zh") -> list[dict[str, Any]]:
        """The rows of one listing (``--show``), reasons in ``lang``."""
        if show not in SHOWS:
            raise ValueError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
        rows: list[dict[str, Any]] = getattr(self, show)
        out = []
        for r in rows:
            r = dict(r)
            for k in ("reason", "kind"):
                if isinstance(r.get(k), tuple):
                    r[k] = pick(r[k], lang)
            out.append(r)
        return out

    def rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """The district accounts, then a 合计 row."""
        total = {"district": "合计", **{k: self.totals[k] for k in COLUMNS["districts"]
                                       if k != "district"}}  # fmt: skip
        return [*self.districts, total]

    def columns(self, lang: str = "zh", show: str = "districts") -> list[tuple[str, str]]:
        return label_columns(COLUMNS[show], lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph welfare --format json`` (docs/commands/welfare.md)."""
        return {"params": self.params, "totals": self.totals,
                **{show: self.listing(show, lang=lang) for show in SHOWS}}  # fmt: skip


def welfare(  # noqa: PLR0913 - its keywords are the options of `pbgraph welfare`
    G: nx.MultiDiGraph | Tables,
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    rank_by: str = "hours",
    min_site_score: float = 85.0,
    min_hours: float = 50.0,
    min_member_share: float = 0.8,
    need: int = 2,
    min_trainings: int = 1,
    top_orgs: int = 28,
    top_secretaries: int = 21,
) -> WelfareResult:
    """The accounts, rankings, candidates and awards of the period (module docstring)."""
    if rank_by not in RANK_BY:
        raise ValueError(f"rank_by must be one of {', '.join(RANK_BY)}, not {rank_by!r}")
    if not 1 <= need <= 3:
        raise ValueError(f"须满足的条件数应为1至3，实为{need} (need must be 1 to 3, not {need})")
    since_d, until_d = as_date(since), as_date(until)
    if since_d and until_d and since_d > until_d:
        raise ValueError(
            f"起始日期 {since_d} 晚于截止日期 {until_d} (since ({since_d}) is after until ({until_d}))"
        )
    t = G if isinstance(G, Tables) else tables_of(G)
    pl = places(t)
    params = {"since": since_d.isoformat() if since_d else None,
              "until": until_d.isoformat() if until_d else None, "rank_by": rank_by,
              "min_site_score": min_site_score, "min_hours": min_hours,
              "min_member_share": min_member_share, "need": need,
              "min_trainings": min_trainings, "top_orgs": top_orgs,
              "top_secretaries": top_secretaries}  # fmt: skip
    period = (since_d, until_d)
    live = _in_period(t.column("WelfareActivity", "date"), period)
    per_org, districts, totals = _accounts(t, pl, live)
    orgs = _ranking(t, pl, per_org, rank_by)
    criteria = (min_site_score, min_hours, min_member_share, need)
    pos = _PartyOrgs(t, pl, per_org["hours"], criteria)
    candidates = pos.ranked()
    honoured_po, honoured_person, honours = _awards(t, period)
    for c in candidates:
        c["honoured"] = c["id"] in honoured_po
    secretaries = _secretaries(t, pl, candidates, period, min_trainings, honoured_person)
    awards = _award_rows(t, honours, pos, candidates, secretaries)
    totals.update({"candidates": len(candidates), "secretaries": len(secretaries),
                   "honoured_party_orgs": len(honoured_po),
                   "honoured_secretaries": len(honoured_person)})  # fmt: skip
    return WelfareResult(params, totals, districts, orgs, candidates[: top_orgs or None],
                         secretaries[: top_secretaries or None], awards)  # fmt: skip


def _in_period(dates: list[Any], period: tuple[dt.date | None, dt.date | None]) -> np.ndarray:
    when = days(dates)
    live = ~np.isnat(when)
    if period[0]:
        live &= when >= np.datetime64(period[0], "D")
    if period[1]:
        live &= when <= np.datetime64(period[1], "D")
    return live


def _accounts(t: Tables, pl: Places, live: np.ndarray) -> tuple[dict[str, np.ndarray], list[dict[str, Any]],
                                                    dict[str, Any]]:  # fmt: skip
    n_org = len(t.keys("Organization"))
    figures = {k: t.column("WelfareActivity", k) for k in _FIGURES}
    wa, wo = t.positions("BY_WelfareActivity_Organization")
    keep = live[wa]
    per_org = {k: np.bincount(wo[keep], weights=v[wa[keep]], minlength=n_org)
               for k, v in figures.items()}  # fmt: skip
    per_org["activities"] = np.bincount(wo[keep], minlength=n_org).astype(float)
    last = np.full(n_org, np.datetime64("NaT"), dtype="datetime64[D]")
    when = days(t.column("WelfareActivity", "date"))
    order = np.argsort(when[wa[keep]], kind="stable")
    last[wo[keep][order]] = when[wa[keep]][order]  # the latest date wins (written last)
    per_org["last"] = last
    ia, ir = t.positions("IN_WelfareActivity_Region")
    regions, levels = t.keys("Region"), t.column("Region", "level")
    ia, ir = ia[live[ia]], ir[live[ia]]
    org_of = np.full(len(live), -1, dtype=np.int64)
    org_of[wa] = wo
    streets = pl.street_of_region[ir]
    names = [_where(pl, int(s))[0] if s >= 0 else place_of(regions[r], levels[r]).district_code
             for s, r in zip(streets.tolist(), ir.tolist(), strict=True)]  # fmt: skip
    district_names = sorted(set(names))
    code = {d: i for i, d in enumerate(district_names)}
    di = np.fromiter((code[d] for d in names), dtype=np.int64, count=len(names))
    D = len(district_names)
    sums = {k: np.bincount(di, weights=figures[k][ia], minlength=D) for k in _FIGURES}
    n_act = np.bincount(di, minlength=D)
    pairs = np.unique(np.stack([di, org_of[ia]])[:, org_of[ia] >= 0], axis=1)
    n_orgs = np.bincount(pairs[0], minlength=D) if pairs.size else np.zeros(D, np.int64)
    districts = [_rounded({"district": d, "orgs": int(n_orgs[i]), "activities": int(n_act[i]),
                           **{k: float(sums[k][i]) for k in _FIGURES}})
                 for i, d in enumerate(district_names)]  # fmt: skip
    totals = _rounded({"orgs": int((per_org["activities"] > 0).sum()),
                       "activities": int(keep.sum()),
                       **{k: float(per_org[k].sum()) for k in _FIGURES}})  # fmt: skip
    return per_org, districts, totals


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in ("hours", "amount"):
        if k in out:
            out[k] = round(float(out[k]), 2)
    for k in ("volunteers", "beneficiaries", "activities"):
        if k in out:
            out[k] = int(out[k])
    return out


def _where(pl: Places, street: int) -> tuple[str, str]:
    """District and street names of a street index; where there are cities the district
    with its city (枣庄市/市中区: two cities' 市中区 are two districts)."""
    if street < 0:
        return _UNKNOWN, _UNKNOWN
    place = street_place(pl.streets[street])
    return place.district_code or pl.districts[pl.district_of_street[street]], place.street


def _ranks(values: np.ndarray) -> np.ndarray:
    """1 + how many are strictly greater (equal values share a rank)."""
    s = np.sort(values)[::-1]
    return 1 + np.searchsorted(-s, -values, side="left")


def _ranking(t: Tables, pl: Places, per_org: dict[str, np.ndarray], rank_by: str
             ) -> list[dict[str, Any]]:  # fmt: skip
    gave = np.flatnonzero(per_org["activities"] > 0)
    metric = per_org[rank_by][gave]
    city = _ranks(metric)
    district = pl.district_of(pl.street_of_org[gave])
    in_district = np.zeros(len(gave), dtype=np.int64)
    for d in np.unique(district):
        m = district == d
        in_district[m] = _ranks(metric[m])
    keys, names = t.keys("Organization"), t.column("Organization", "name")
    rows = []
    where = [_where(pl, k) for k in range(len(pl.streets))] + [_where(pl, -1)]
    street_of = pl.street_of_org[gave]
    for i, j in enumerate(gave.tolist()):
        d, s = where[street_of[i]]  # -1: the last, unknown
        last = per_org["last"][j]
        rows.append(_rounded({
            "rank_district": int(in_district[i]), "rank_city": int(city[i]),
            "credit_code": keys[j], "name": names[j], "district": d, "street": s,
            "activities": per_org["activities"][j], **{k: per_org[k][j] for k in _FIGURES},
            "last": None if np.isnat(last) else str(last),
        }))  # fmt: skip
    rows.sort(key=lambda r: (r["district"], r["rank_district"], r["credit_code"]))
    return rows


def _site_scores(t: Tables, n_po: int, covers: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """The best mean 三强三好 score of a site at each party organization (NaN: none)."""
    scores = np.array([[v if v is not None else np.nan for v in t.column("DemoSite", k, "str")]
                       for k in _SCORES], dtype=float)  # fmt: skip
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(scores, axis=0) if scores.size else np.zeros(0)
    best = np.full(n_po, np.nan)
    sp, so = t.positions("SITE_OF_DemoSite_PartyOrg")
    pairs = [(p, s) for s, p in zip(sp.tolist(), so.tolist(), strict=True)]
    ds, dorg = t.positions("SITE_OF_DemoSite_Organization")
    po_of_org: dict[int, list[int]] = {}
    at_sites = np.isin(covers[1], dorg)  # only the covers of organizations that are sites
    for p, o in zip(covers[0][at_sites].tolist(), covers[1][at_sites].tolist(), strict=True):
        po_of_org.setdefault(o, []).append(p)
    pairs += [(p, s) for s, o in zip(ds.tolist(), dorg.tolist(), strict=True)
              for p in po_of_org.get(o, [])]  # fmt: skip
    for p, s in pairs:
        if not np.isnan(mean[s]) and (np.isnan(best[p]) or mean[s] > best[p]):
            best[p] = mean[s]
    return best


def _member_share(t: Tables, n_po: int, covers: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    n_org = len(t.keys("Organization"))
    own = t.column("Organization", "formal_members") + t.column(
        "Organization", "probationary_members"
    )
    held = t.column("Member", "held_by")
    elsewhere = np.array([h is not None and h != "employer" for h in held], dtype=bool)
    mw, mo = t.positions("WORKS_AT_Member_Organization")
    away = np.bincount(mo[elsewhere[mw]], minlength=n_org) if len(mw) else np.zeros(n_org)
    cp, co = covers
    own_po = np.bincount(cp, weights=own[co], minlength=n_po)
    away_po = np.bincount(cp, weights=away[co], minlength=n_po)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(own_po + away_po > 0, own_po / (own_po + away_po), np.nan)


class _PartyOrgs:
    """Every party organization's criteria as numbers; a row (with its reason in words)
    made when asked for: candidates and the honoured, not the city's every one."""

    def __init__(self, t: Tables, pl: Places, hours_org: np.ndarray,
                 criteria: tuple[float, float, float, int]) -> None:  # fmt: skip
        self.t, self.pl, self.criteria = t, pl, criteria
        min_site, min_hours, min_share, need = criteria
        self.keys, self.names = t.keys("PartyOrg"), t.column("PartyOrg", "name")
        n = len(self.keys)
        self.weak = np.array([v == "weak" for v in t.column("PartyOrg", "status")], dtype=bool)
        covers = t.positions("COVERS_PartyOrg_Organization")
        self.site = _site_scores(t, n, covers)
        self.hours = np.bincount(covers[0], weights=hours_org[covers[1]], minlength=n)
        self.share = _member_share(t, n, covers)
        with np.errstate(invalid="ignore"):
            self.met = ((self.site >= min_site).astype(int) + (self.hours >= min_hours)
                        + (self.share >= min_share))  # fmt: skip  # NaN compares False
        self.candidate = ~self.weak & (self.met >= need)
        self._rows: dict[int, dict[str, Any]] = {}

    def row(self, k: int) -> dict[str, Any]:
        """Party organization ``k``'s figures, criteria met and reason."""
        found = self._rows.get(k)
        if found is not None:
            return found
        min_site, min_hours, min_share, _need = self.criteria
        site, hours, share = self.site[k], self.hours[k], self.share[k]
        checks = [
            _check("site", site, min_site) if not np.isnan(site) else (False, CRITERIA["no_site"]),
            _check("hours", hours, min_hours),
            _check("members", share, min_share) if not np.isnan(share)
            else (False, CRITERIA["no_members"]),
        ]  # fmt: skip
        d, s = _where(self.pl, int(self.pl.street_of_po[k]))
        row = self._rows[k] = {
            "id": self.keys[k], "name": self.names[k], "district": d, "street": s,
            "site_score": None if np.isnan(site) else round(float(site), 1),
            "hours": round(float(hours), 2),
            "member_share": None if np.isnan(share) else round(float(share), 4),
            "met": int(self.met[k]),
            "reason": REASONS["weak"] if self.weak[k] else _reason(checks),
        }  # fmt: skip
        return row

    def ranked(self) -> list[dict[str, Any]]:
        """The candidates, ranked: criteria met, then site score, then hours."""
        rows = [self.row(k) for k in np.flatnonzero(self.candidate).tolist()]
        rows.sort(key=lambda r: (-r["met"], -(r["site_score"] or 0), -r["hours"], r["id"]))
        return [{"rank": i, **r} for i, r in enumerate(rows, 1)]


def _check(which: str, value: float, need: float) -> tuple[bool, tuple[str, str]]:
    text = CRITERIA[which]
    return bool(value >= need), (text[0].format(value=value, need=need),
                                 text[1].format(value=value, need=need))  # fmt: skip


def _reason(checks: list[tuple[bool, tuple[str, str]]]) -> tuple[str, str]:
    sep = REASONS["sep"]
    parts = []
    for ok, key in ((True, "met"), (False, "unmet")):
        items = [text for met, text in checks if met == ok]
        if items:
            word = REASONS[key]
            parts.append((word[0].format(items=sep[0].join(i[0] for i in items)),
                          word[1].format(items=sep[1].join(i[1] for i in items))))  # fmt: skip
    return sep[0].join(p[0] for p in parts), sep[1].join(p[1] for p in parts)


def _awards(t: Tables, period: tuple[dt.date | None, dt.date | None]
            ) -> tuple[set[str], set[str], list[tuple[int, str, int]]]:  # fmt: skip
    """Honoured party organizations and persons (keys), and (award, kind, target) pairs."""
    live = _in_period(t.column("Award", "date"), period)
    out: list[tuple[int, str, int]] = []
    honoured: dict[str, set[str]] = {"PartyOrg": set(), "Person": set()}
    for label in ("PartyOrg", "Person"):
        a, x = t.positions(f"HONOURS_Award_{label}")
        keys = t.keys(label)
        for i, j in zip(a.tolist(), x.tolist(), strict=True):
            if live[i]:
                out.append((i, label, j))
                honoured[label].add(keys[j])
    return honoured["PartyOrg"], honoured["Person"], out


def _secretaries(t: Tables, pl: Places, candidates: list[dict[str, Any]],
                 period: tuple[dt.date | None, dt.date | None], min_trainings: int,
                 honoured: set[str]) -> list[dict[str, Any]]:  # fmt: skip
    persons, names = t.keys("Person"), t.column("Person", "name_masked")
    live = _in_period(t.column("Training", "date"), period)
    ap, at = t.positions("ATTENDED_Person_Training")
    trained = np.bincount(ap[live[at]], minlength=len(persons))
    po_keys = t.keys("PartyOrg")
    rank = {c["id"]: c for c in candidates}
    sp, so = t.positions("SECRETARY_OF_Person_PartyOrg")
    rows = []
    for p, o in zip(sp.tolist(), so.tolist(), strict=True):
        c = rank.get(po_keys[o])
        if c is None or trained[p] < min_trainings:
            continue
        n = int(trained[p])
        why = REASONS["secretary"]
        rows.append({"person": persons[p], "name": names[p], "party_org": c["id"],
                     "party_org_name": c["name"], "district": c["district"],
                     "street": c["street"], "trainings": n, "honoured": persons[p] in honoured,
                     "reason": (why[0].format(n=n), why[1].format(n=n)), "_rank": c["rank"]})  # fmt: skip
    rows.sort(key=lambda r: (r["_rank"], -r["trainings"], r["person"]))
    return [{"rank": i, **{k: v for k, v in r.items() if k != "_rank"}}
            for i, r in enumerate(rows, 1)]  # fmt: skip


def _award_rows(t: Tables, awards: list[tuple[int, str, int]], pos: _PartyOrgs,
                candidates: list[dict[str, Any]], secretaries: list[dict[str, Any]]
                ) -> list[dict[str, Any]]:  # fmt: skip
    names, dates = t.column("Award", "name"), t.column("Award", "date")
    persons = t.keys("Person")
    person_names = t.column("Person", "name_masked")
    sp, so = t.positions("SECRETARY_OF_Person_PartyOrg")
    po_of: dict[int, int] = {}
    for p, o in zip(sp.tolist(), so.tolist(), strict=True):
        po_of.setdefault(p, o)
    is_candidate = {c["id"] for c in candidates}
    trained = {s["person"] for s in secretaries}
    rows = []
    for a, label, j in awards:
        date = as_date(dates[a])
        base = {"award": names[a], "date": date.isoformat() if date else None}
        if label == "PartyOrg":
            it = pos.row(j)
            rows.append({**base, "kind": REASONS["party_org"], "id": it["id"], "name": it["name"],
                         "party_org": it["id"], "candidate": it["id"] in is_candidate,
                         "reason": it["reason"]})  # fmt: skip
            continue
        o = po_of.get(j)
        po = pos.row(o) if o is not None else None
        ok = persons[j] in trained
        if po is None or po["id"] not in is_candidate:
            why = REASONS["secretary_not_candidate"]
        else:
            why = REASONS["secretary_trained" if ok else "secretary_untrained"]
        rows.append({**base, "kind": REASONS["person"], "id": persons[j],
                     "name": person_names[j], "party_org": po["id"] if po else None,
                     "candidate": ok, "reason": why})  # fmt: skip
    rows.sort(key=lambda r: (r["date"] or "", r["award"], r["id"]))
    return rows
