"""Funds (经费): what the current ledgers imply against the year's budget, by district.

The seed article funds every newly founded party organization with a start-up sum (2 000
yuan) and every demonstration site (示范点) with 100 000 yuan, from a yearly budget of
10 M yuan (docs/design.md#funds; all three are parameters). Here:

* **new organizations** are the party organizations whose founding date (成立日期) falls in
  the period; one with no founding date is not counted (``undated_orgs`` says how many);
* **demonstration sites** are the sites whose designation date (认定日期) falls in the
  period; a site with no date is counted (it is in the current ledger of sites), and
  ``undated_sites`` says how many were;
* the period defaults to the calendar year of the latest founding or designation date in the
  graph, so the figures follow the ledgers rather than the machine's clock.

A party organization is in the district of the first organization it covers; a site in the
district of its street. :func:`funds` takes a networkx graph or the tables themselves:
``store.tables(**inputs())`` reads only the columns it needs (``pbgraph funds`` does). The
seed article's own arithmetic: 177 new organizations × 2 000 =
354 000 yuan; 53 sites × 100 000 = 5 300 000 yuan; 5 654 000 of 10 000 000 yuan. The words
(headers, the budget in a planner's words) are in :mod:`pbgraph.labels.progress`.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for k in range(3):
...     G.add_node(f"PartyOrg:p{k}", label="PartyOrg", founded=f"2018-0{k + 1}-15")
>>> r = funds(G, budget=5000)
>>> t = r.totals()
>>> t["new_orgs"], t["new_org_funds"], t["remaining"], t["over_budget"]
(3, 6000, -1000, True)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.tables import Tables, tables_of
from ..labels import columns as label_columns
from ..labels import pick
from ..labels.progress import FUNDS_COLUMNS, FUNDS_REASONS
from .places import as_date, days, merge_inputs, places
from .places import inputs as places_inputs

if TYPE_CHECKING:
    import networkx as nx  # only to annotate: tables need no graph

__all__ = ["FundsResult", "funds", "inputs"]

_UNKNOWN = "(未知)"


@dataclass
class FundsResult:
    """New organizations and demonstration sites of the period, in yuan, by district."""

    params: dict[str, Any]
    since: dt.date
    until: dt.date
    districts: list[dict[str, Any]]
    _totals: dict[str, Any]

    def totals(self) -> dict[str, Any]:
        """City-wide figures against the budget (``remaining`` < 0: over budget)."""
        return dict(self._totals)

    def groups(self) -> list[dict[str, Any]]:
        """One row per district, most money first."""
        return sorted(self.districts, key=lambda r: (-r["total"], r["group"]))

    def rows(self) -> list[dict[str, Any]]:
        """The districts, then a last row ``"group": "合计"``."""
        t = self._totals
        return [*self.groups(), {"group": "合计", **{k: t[k] for k in _ROW}}]

    def reason(self, *, lang: str = "zh") -> str:
        """The budget in a planner's words."""
        t, p = self._totals, self.params
        if t["over_budget"]:
            return pick(FUNDS_REASONS["over"], lang).format(**t, over=-t["remaining"])
        more_orgs = t["remaining"] // p["new_org"] if p["new_org"] else 0
        more_sites = t["remaining"] // p["demo_site"] if p["demo_site"] else 0
        return pick(FUNDS_REASONS["within"], lang).format(
            **t, more_orgs=more_orgs, more_sites=more_sites
        )

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        return label_columns(FUNDS_COLUMNS, lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph funds --format json`` (docs/commands/progress-funds.md)."""
        return {"since": self.since.isoformat(), "until": self.until.isoformat(),
                "params": self.params, "totals": self.totals(), "reason": self.reason(lang=lang),
                "districts": self.groups()}  # fmt: skip

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.groups())


_ROW = ("new_orgs", "new_org_funds", "demo_sites", "demo_site_funds", "total", "budget_share")


def inputs() -> dict[str, Any]:
    """What :func:`funds` reads: the arguments of ``store.tables``."""
    own = {"labels": ["PartyOrg", "DemoSite"], "rels": ["IN_DemoSite_Region"],
           "props": {"PartyOrg": ["founded"], "DemoSite": ["designated"]}}  # fmt: skip
    return merge_inputs(places_inputs(), own)


def funds(
    G: nx.MultiDiGraph | Tables,
    *,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    budget: int = 10_000_000,
    new_org: int = 2_000,
    demo_site: int = 100_000,
) -> FundsResult:
    """Funds the ledgers imply for the period, by district, against ``budget`` (yuan).

    Parameters
    ----------
    G : the projection of a store (``store.graph()``) or any graph of the schema's shape;
        or the tables of one (``store.tables(**inputs())``, :func:`tables_of`).
    since, until : the period; default the calendar year of the latest founding or
        designation date in the graph (this year when there is none).
    budget : the year's budget; new_org : start-up fund per new party organization;
        demo_site : fund per demonstration site (all in yuan, docs/design.md#funds defaults).
    """
    if min(budget, new_org, demo_site) < 0:
        raise ValueError("预算和经费不能为负数 (budget and funds cannot be negative)")
    t = G if isinstance(G, Tables) else tables_of(G)
    pl = places(t)
    founded = days(t.column("PartyOrg", "founded"))
    site_keys = t.keys("DemoSite")
    designated = days(t.column("DemoSite", "designated"))
    since_d, until_d = as_date(since), as_date(until)
    if since_d is None or until_d is None:
        known = np.concatenate([founded, designated])
        known = known[~np.isnat(known)]
        year = known.max().astype(object).year if len(known) else dt.date.today().year
        if since_d is None:
            since_d = dt.date(until_d.year if until_d else year, 1, 1)
        if until_d is None:
            until_d = dt.date(since_d.year, 12, 31)
    if since_d > until_d:
        raise ValueError(
            f"起始日期 {since_d} 晚于截止日期 {until_d} (since ({since_d}) is after until ({until_d}))"
        )
    lo, hi = np.datetime64(since_d, "D"), np.datetime64(until_d, "D")

    D = len(pl.districts)
    names = [*pl.districts, _UNKNOWN]

    def per_district(mask: np.ndarray, street: np.ndarray) -> np.ndarray:
        d = pl.district_of(street)
        return np.bincount(np.where(d < 0, D, d)[mask], minlength=D + 1)

    new_mask = ~np.isnat(founded) & (founded >= lo) & (founded <= hi)
    site_street = np.full(len(site_keys), -1, dtype=np.int64)
    sp, sr = t.positions("IN_DemoSite_Region")
    site_street[sp] = pl.street_of_region[sr]
    site_mask = np.isnat(designated) | ((designated >= lo) & (designated <= hi))
    n_new = per_district(new_mask, pl.street_of_po)
    n_sites = per_district(site_mask, site_street)

    rows = []
    for g in range(D + 1):
        if g == D and not (n_new[g] or n_sites[g]):
            continue
        rows.append(_row(names[g], int(n_new[g]), int(n_sites[g]), new_org, demo_site, budget))
    tot = _row("合计", int(n_new.sum()), int(n_sites.sum()), new_org, demo_site, budget)
    tot.update({
        "budget": budget, "remaining": budget - tot["total"],
        "over_budget": tot["total"] > budget,
        "undated_orgs": int(np.isnat(founded).sum()),
        "undated_sites": int(np.isnat(designated).sum()),
    })  # fmt: skip
    params = {"budget": budget, "new_org": new_org, "demo_site": demo_site}
    return FundsResult(params, since_d, until_d, rows, tot)


def _row(group: str, n_new: int, n_sites: int, new_org: int, demo_site: int,
         budget: int) -> dict[str, Any]:  # fmt: skip
    total = n_new * new_org + n_sites * demo_site
    return {"group": group, "new_orgs": n_new, "new_org_funds": n_new * new_org,
            "demo_sites": n_sites, "demo_site_funds": n_sites * demo_site, "total": total,
            "budget_share": round(total / budget, 4) if budget else None}  # fmt: skip
