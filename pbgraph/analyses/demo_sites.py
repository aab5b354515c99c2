"""Demonstration sites (示范点): whom each can pull along, and where none is near.

A site is an organization or a party organization (``SITE_OF``); its *anchors* are that
organization, or the organizations the party organization covers. A site reaches, besides
its anchors, the organizations

=============  ==================================================================
building       in the same building, park or market (楼宇/园区/市场) as an anchor
same_street    in the site's street
industry       of an anchor's industry, in the same district (``industry_scope``:
               street, district or city)
instructor     guided by an instructor who guides an anchor or the site's party org
member_unit    paired with a member unit that is paired with an anchor
=============  ==================================================================

and ``reach`` is the union; the ``uncovered`` counts are those the coverage analysis
finds uncovered (应建未建, 联合组建对象, 无党员). Sites are listed with their 三强三好
scores (``score``: the ledger's total, else the sum of the six).

**Gaps**: a street with an *uncovered cluster* — a building, park or market with at least
``cluster_min`` uncovered organizations — and no site nearby (``near``: the same street, or
the same district) is listed with its largest cluster and the closest site there is. The
words of channels, headers and reasons are in :mod:`pbgraph.labels.demo_sites`.

Counts are numpy over the projection's tables (sizes of street/industry sets by
``bincount``, their overlap too); only the few organizations reached through instructors
and member units are handled one by one. :func:`demo_sites` takes a networkx graph or the
tables themselves: ``store.tables(**inputs())`` reads only the columns it needs
(``pbgraph demo-sites`` does, without building a graph). Which organizations are
uncovered is coverage's rule (:func:`pbgraph.analyses.places.uncovered_codes`).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A", label="Region", name="A", level="district")
>>> G.add_node("Region:A/s", label="Region", name="s", level="street")
>>> _ = G.add_edge("Region:A/s", "Region:A", key="PART_OF")
>>> for i in range(3):
...     G.add_node(f"Organization:o{i}", label="Organization", formal_members=0,
...                industry="IT" if i < 2 else "food")
...     _ = G.add_edge(f"Organization:o{i}", "Region:A/s", key="LOCATED_IN")
>>> G.add_node("DemoSite:S1", label="DemoSite", name="示范点", score=500.0)
>>> _ = G.add_edge("DemoSite:S1", "Organization:o0", key="SITE_OF")
>>> _ = G.add_edge("DemoSite:S1", "Region:A/s", key="IN")
>>> site = demo_sites(G).sites[0]
>>> site["reach"], site["reach_uncovered"], site["industry"]
(2, 2, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import Place, district_columns, street_place, with_city
from ..graphmodel.tables import Tables, tables_of
from ..labels import LANGS, Text, lang_index, pick
from ..labels import columns as label_columns
from ..labels.coverage import CATEGORIES
from ..labels.demo_sites import (
    CHANNELS,
    GAP_COLUMNS,
    GAP_REASON,
    GAP_SITE,
    IN_BUILDING,
    NO_SITE,
    REACHED,
    SITE_COLUMNS,
)
from .coverage import STATE_OF
from .places import Places, merge_inputs, places, uncovered_codes, uncovered_inputs
from .places import inputs as places_inputs

if TYPE_CHECKING:
    import networkx as nx  # only to annotate: tables need no graph

__all__ = ["CHANNELS", "DemoSitesResult", "demo_sites", "inputs"]

_SCORES = ("strong_leadership", "strong_members", "strong_role", "good_mechanisms",
           "good_support", "good_standing")  # fmt: skip
_CODES = list(STATE_OF)


@dataclass
class DemoSitesResult:
    """Sites with their reach, and streets with uncovered clusters and no site near."""

    params: dict[str, Any]
    sites: list[dict[str, Any]]
    gaps: list[dict[str, Any]]

    def listing(self, show: str = "sites", *, lang: str = "zh") -> list[dict[str, Any]]:
        """``sites`` (best score first) or ``gaps`` (most uncovered first), reasons in
        ``lang``."""
        i = lang_index(lang)
        if show == "sites":
            return [{**s, "uncovered_list": [{**u, "reason": u["reason"][i]}
                                             for u in s["uncovered_list"]]}
                    for s in self.sites]  # fmt: skip
        if show == "gaps":
            return [{**g, "reason": g["reason"][i]} for g in self.gaps]
        raise ValueError(f"show must be sites or gaps, not {show!r}")

    def rows(self, show: str = "sites", *, lang: str = "zh") -> list[dict[str, Any]]:
        return self.listing(show, lang=lang)

    def columns(self, lang: str = "zh", show: str = "sites") -> list[tuple[str, str]]:
        cols = label_columns(GAP_COLUMNS if show == "gaps" else SITE_COLUMNS, lang)
        return with_city(cols, self.sites if show == "sites" else self.gaps, lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph demo-sites --format json`` (docs/commands/demo-sites.md)."""
        return {"params": self.params, "sites": self.listing("sites", lang=lang),
                "gaps": self.listing("gaps", lang=lang)}  # fmt: skip

    def to_frame(self, show: str = "sites") -> Any:
        import pandas as pd

        return pd.DataFrame([{k: v for k, v in r.items() if k != "uncovered_list"}
                             for r in self.listing(show)])  # fmt: skip


def _factor(values: list[Any]) -> tuple[np.ndarray, int]:
    """Integer codes of values (-1 for ``None``; the others numbered in order of first
    appearance) and how many distinct there are."""
    uniq = [v for v in dict.fromkeys(values) if v is not None]
    code: dict[Any, int] = {v: i for i, v in enumerate(uniq)}
    code[None] = -1
    return np.fromiter(map(code.__getitem__, values), np.int64, len(values)), len(uniq)


def _member(values: np.ndarray, of: np.ndarray, size: int) -> np.ndarray:
    """``np.isin(values, of)`` for codes in ``-1 .. size - 1`` (-1 is in no set), by a
    lookup table: one pass over ``values`` whatever the size of ``of``."""
    table = np.zeros(size + 1, dtype=bool)  # the last entry is -1's: False
    table[of] = True
    return table[values]


def inputs() -> dict[str, Any]:
    """What :func:`demo_sites` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["Organization", "Building", "DemoSite"],
        "rels": ["IN_BUILDING_Organization_Building", "IN_Building_Region",
                 "GUIDES_Instructor_Organization", "GUIDES_Instructor_PartyOrg",
                 "PAIRED_WITH_MemberUnit_Organization", "COVERS_PartyOrg_Organization",
                 "SITE_OF_DemoSite_Organization", "SITE_OF_DemoSite_PartyOrg",
                 "IN_DemoSite_Region"],
        "props": {"Organization": ["industry", "name"], "Building": ["name"],
                  "DemoSite": ["name", "designated", *_SCORES, "score"]},
    }  # fmt: skip
    return merge_inputs(places_inputs(), uncovered_inputs(), own)


def demo_sites(
    G: nx.MultiDiGraph | Tables,
    *,
    industry_scope: str = "district",
    cluster_min: int = 5,
    near: str = "street",
    top: int = 10,
    min_members: int = 3,
) -> DemoSitesResult:
    """Reach of every demonstration site, and the streets with uncovered clusters and no
    site near.

    Parameters
    ----------
    G : the projection of a store (``store.graph()``) or any graph of the schema's shape;
        or the tables of one (``store.tables(**inputs())``, :func:`tables_of`).
    industry_scope : how far "same industry" reaches: ``street``, ``district`` or ``city``.
    cluster_min : uncovered organizations in one building/park/market that make a cluster.
    near : a site is near a cluster in the same ``street`` or the same ``district``.
    top : uncovered organizations listed per site (nearest first: same building, same
        industry in the street, shared instructor or member unit, the street, then the same
        industry further away).
    min_members : passed to the coverage analysis.
    """
    if industry_scope not in ("street", "district", "city"):
        raise ValueError(f"industry_scope must be street, district or city, not {industry_scope!r}")
    if near not in ("street", "district"):
        raise ValueError(f"near must be street or district, not {near!r}")
    if cluster_min < 1 or top < 0:
        raise ValueError(
            "须满足：--cluster-min 不小于 1，--top 不小于 0 (cluster_min >= 1 and top >= 0, please)"
        )
    c = _read_city(G if isinstance(G, Tables) else tables_of(G), industry_scope, min_members)
    sites = [_site_row(c, k, top) for k in range(len(c.s_keys))]
    sites.sort(key=lambda r: (-(r["score"] or 0), r["id"]))
    gaps = _gaps(c, sites, cluster_min, near)
    params = {"industry_scope": industry_scope, "cluster_min": cluster_min, "near": near,
              "top": top, "min_members": min_members}  # fmt: skip
    return DemoSitesResult(params, sites, gaps)


@dataclass
class _City:
    """What the sites are measured against: every organization's street, district, industry
    and building as positions, whether it is uncovered, the counts of (uncovered)
    organizations per street, building and industry cell, and the relations sites reach
    through."""

    t: Tables
    pl: Places
    industry_scope: str
    codes: np.ndarray  # coverage category code per uncovered organization (-1: covered)
    unc: np.ndarray  # bool: uncovered
    unc_idx: np.ndarray  # the uncovered organizations, in table order
    street: np.ndarray
    district: np.ndarray
    industry: np.ndarray
    ni: int  # industries (at least 1): cells are street * ni + industry
    building: np.ndarray
    names: list[str | None]  # organization names (None: missing)
    b_names: list[str | None]  # building names
    st_all: np.ndarray
    st_unc: np.ndarray
    b_unc: np.ndarray
    si_all: np.ndarray
    si_unc: np.ndarray
    di_all: np.ndarray
    di_unc: np.ndarray
    ci_all: np.ndarray
    ci_unc: np.ndarray
    s_keys: list[str]
    s_cols: dict[str, list[Any]]  # the sites' name, date and scores (None: missing)
    site_street: np.ndarray
    by_street: np.ndarray  # organizations ordered by street
    street_start: np.ndarray  # where each street starts in by_street

    @property
    def n(self) -> int:
        return len(self.street)

    def of_street(self, s: int) -> np.ndarray:
        """The organizations of street ``s`` (none for -1)."""
        if s < 0:
            return np.array([], np.int64)
        return self.by_street[self.street_start[s] : self.street_start[s + 1]]


def _read_city(t: Tables, industry_scope: str, min_members: int) -> _City:
    pl = places(t)
    codes = uncovered_codes(t, min_members)
    n = len(codes)
    unc = codes >= 0
    S, D = len(pl.streets), len(pl.districts)
    street = pl.street_of_org
    district = pl.district_of(street)
    industry, n_ind = _factor(t.column("Organization", "industry"))
    b_keys = t.keys("Building")
    building = np.full(n, -1, dtype=np.int64)
    bo, bb = t.positions("IN_BUILDING_Organization_Building")
    building[bo] = bb

    def counts(group: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
        ok = group >= 0
        return (np.bincount(group[ok], minlength=size),
                np.bincount(group[ok], weights=unc[ok], minlength=size).astype(np.int64))  # fmt: skip

    ni = max(n_ind, 1)
    s_keys = t.keys("DemoSite")
    s_cols = {p: t.column("DemoSite", p, "raw") for p in ("name", "designated", *_SCORES, "score")}
    site_street = np.full(len(s_keys), -1, dtype=np.int64)
    ip, ir = t.positions("IN_DemoSite_Region")
    site_street[ip] = pl.street_of_region[ir]
    by_street = np.argsort(street, kind="stable")
    return _City(
        t, pl, industry_scope, codes, unc, np.flatnonzero(unc), street, district, industry, ni, building,
        t.column("Organization", "name"), t.column("Building", "name"),
        *counts(street, S), counts(building, len(b_keys))[1],
        *counts(np.where((street >= 0) & (industry >= 0), street * ni + industry, -1), S * ni),
        *counts(np.where((district >= 0) & (industry >= 0), district * ni + industry, -1), D * ni),
        *counts(industry, ni), s_keys, s_cols, site_street, by_street,
        np.searchsorted(street[by_street], np.arange(S + 1)),
    )  # fmt: skip


@dataclass
class _Site:
    """One site: its anchors, street ``s`` and district ``dist`` (-1: unknown), the industries
    and buildings of its anchors, and whom it reaches through instructors and member units."""

    c: _City
    anchors: np.ndarray
    s: int
    dist: int
    inds: np.ndarray
    blds: np.ndarray
    via_instr: np.ndarray
    via_units: np.ndarray

    def in_street(self, idx: np.ndarray) -> np.ndarray:
        s = self.s
        return self.c.street[idx] == s if s >= 0 else np.zeros(len(idx), dtype=bool)

    def in_industry(self, idx: np.ndarray) -> np.ndarray:
        c, dist = self.c, self.dist
        m = _member(c.industry[idx], self.inds, c.ni)
        if c.industry_scope == "district":
            m &= c.district[idx] == dist if dist >= 0 else False
        elif c.industry_scope == "street":
            m &= self.in_street(idx)
        return m

    def street_industry(self) -> tuple[int, int]:
        """(Uncovered) organizations of the anchors' industries in the site's street."""
        c, s, inds = self.c, self.s, self.inds.tolist()
        if s < 0:
            return 0, 0
        return (int(sum(c.si_all[s * c.ni + x] for x in inds)),
                int(sum(c.si_unc[s * c.ni + x] for x in inds)))  # fmt: skip

    def industry_reach(self) -> tuple[int, int]:
        """(Uncovered) organizations of the anchors' industries within ``industry_scope``."""
        c, dist, inds = self.c, self.dist, self.inds.tolist()
        if c.industry_scope == "street" or (self.s < 0 and c.industry_scope == "district"):
            return self.street_industry()
        if c.industry_scope == "district":
            return (int(sum(c.di_all[dist * c.ni + x] for x in inds)),
                    int(sum(c.di_unc[dist * c.ni + x] for x in inds)))  # fmt: skip
        return int(sum(c.ci_all[x] for x in inds)), int(sum(c.ci_unc[x] for x in inds))


def _site(c: _City, k: int) -> _Site:
    """The anchors of site ``k`` and whom they reach through instructors and member units."""
    t = c.t
    gi, go = t.positions("GUIDES_Instructor_Organization")
    gpi, gpp = t.positions("GUIDES_Instructor_PartyOrg")
    pm, po_ = t.positions("PAIRED_WITH_MemberUnit_Organization")
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    so, soo = t.positions("SITE_OF_DemoSite_Organization")
    sp, spp = t.positions("SITE_OF_DemoSite_PartyOrg")
    pos = spp[sp == k]
    anchors = np.unique(np.concatenate([soo[so == k], ce[np.isin(cs, pos)]]))
    s = int(c.site_street[k])
    if s < 0 and len(anchors):
        s = int(c.street[anchors[0]])
    dist = int(c.pl.district_of_street[s]) if s >= 0 else -1
    industry, building = c.industry[anchors], c.building[anchors]
    instr = np.unique(np.concatenate([gi[np.isin(go, anchors)], gpi[np.isin(gpp, pos)]]))
    units = np.unique(pm[np.isin(po_, anchors)])
    return _Site(
        c, anchors, s, dist, np.unique(industry[industry >= 0]),
        np.unique(building[building >= 0]), np.unique(go[np.isin(gi, instr)]),
        np.unique(po_[np.isin(pm, units)]),
    )  # fmt: skip


def _site_row(c: _City, k: int, top: int) -> dict[str, Any]:
    """The row of site ``k``: its reach by channel, in all, and the nearest uncovered."""
    site = _site(c, k)
    anchors, s, unc = site.anchors, site.s, c.unc
    in_street, in_industry = site.in_street, site.in_industry
    # sizes of street ∪ industry-scope, then the few others outside both
    a_all = int(c.st_all[s]) if s >= 0 else 0
    a_unc = int(c.st_unc[s]) if s >= 0 else 0
    ind_all, ind_unc = site.industry_reach()
    both_all, both_unc = site.street_industry()
    bld_orgs = (
        np.flatnonzero(_member(c.building, site.blds, len(c.b_unc)))
        if len(site.blds)
        else np.array([], np.int64)
    )
    extra = np.unique(np.concatenate([site.via_instr, site.via_units, bld_orgs]))
    outside = extra[~in_street(extra) & ~in_industry(extra)]
    reach_all = a_all + ind_all - both_all + len(outside)
    reach_unc = a_unc + ind_unc - both_unc + int(unc[outside].sum())
    # anchors do not reach themselves
    a_mask = np.zeros(c.n, dtype=bool)
    a_mask[anchors] = True
    a_in = in_street(anchors) | in_industry(anchors) | np.isin(anchors, extra)
    reach_all -= int(a_in.sum())
    reach_unc -= int(unc[anchors[a_in]].sum())
    d = {p: col[k] for p, col in c.s_cols.items()}
    place = street_place(c.pl.streets[s]) if s >= 0 else Place("", "", "")
    row = {
        "id": c.s_keys[k], "name": "" if d["name"] is None else d["name"],
        **district_columns(place), "street": place.street,
        "designated": str(d["designated"])[:10] if d["designated"] else None,
        **{x: d[x] for x in _SCORES},
        "score": d["score"] if d["score"] is not None
        else round(sum(d[x] or 0 for x in _SCORES), 1),
        "anchors": len(anchors),
        "building": int((~a_mask[bld_orgs]).sum()),
        "same_street": a_all - int(in_street(anchors).sum()),
        "industry": ind_all - int(in_industry(anchors).sum()),
        "instructor": int((~a_mask[site.via_instr]).sum()),
        "member_unit": int((~a_mask[site.via_units]).sum()),
        "reach": reach_all, "reach_uncovered": reach_unc,
    }  # fmt: skip
    ind_pool = c.unc_idx[in_industry(c.unc_idx)] if top and len(site.inds) else bld_orgs[:0]
    near_ind = in_street(ind_pool)
    tiers = (
        ("building", bld_orgs),
        ("industry", ind_pool[near_ind]),
        ("instructor", site.via_instr),
        ("member_unit", site.via_units),
        ("same_street", c.of_street(s)),
        ("industry", ind_pool[~near_ind]),
    )
    row["uncovered_list"] = _nearest_uncovered(c, tiers, a_mask, top)
    return row


def _gaps(c: _City, sites: list[dict[str, Any]], cluster_min: int, near: str) -> list[dict[str, Any]]:  # fmt: skip
    """Streets with an uncovered cluster and no site near, most uncovered first."""
    pl = c.pl
    S, D = len(pl.streets), len(pl.districts)
    has_site = np.zeros(S, dtype=bool)
    has_site[[r for r in c.site_street.tolist() if r >= 0]] = True
    site_district = np.zeros(D, dtype=bool)
    site_district[pl.district_of_street[has_site]] = True
    b_keys, b_names = c.t.keys("Building"), c.b_names
    b_street = np.full(len(b_keys), -1, dtype=np.int64)
    bs, br = c.t.positions("IN_Building_Region")
    b_street[bs] = pl.street_of_region[br]
    cluster = np.flatnonzero(c.b_unc >= cluster_min)
    best_site: dict[int, str] = {}
    for r in sorted(sites, key=lambda r: -(r["score"] or 0)):
        code = Place(r.get("city", ""), r["district"], "").district_code
        best_site.setdefault(pl.districts.index(code) if r["district"] else -1,
                             r["name"])  # fmt: skip
    gaps = []
    for s in sorted(set(b_street[cluster].tolist()) - {-1}):
        dist = int(pl.district_of_street[s])
        if has_site[s] or (near == "district" and site_district[dist]):
            continue
        cl = cluster[b_street[cluster] == s]
        big = cl[np.argmax(c.b_unc[cl])]
        bname = b_names[big] or b_keys[big]
        nearest = best_site.get(dist)
        place = street_place(pl.streets[s])
        gaps.append({**district_columns(place), "street": place.street,
                     "uncovered": int(c.st_unc[s]), "clusters": len(cl), "largest": bname,
                     "largest_uncovered": int(c.b_unc[big]), "nearest_site": nearest,
                     "reason": _gap_reason(len(cl), bname, int(c.b_unc[big]), near, nearest)})  # fmt: skip
    gaps.sort(key=lambda g: (-g["largest_uncovered"], -g["uncovered"], g.get("city", ""), g["district"],
                         g["street"]))  # fmt: skip
    return gaps


def _gap_reason(clusters: int, bname: str, largest: int, near: str, nearest: str | None) -> tuple[str, str]:  # fmt: skip
    """Why a street is a gap (zh, en)."""

    def say(lang: str) -> str:
        site = pick(GAP_SITE["site" if nearest else "none"], lang).format(site=nearest)
        return pick(GAP_REASON, lang).format(
            clusters=clusters, largest=bname, largest_uncovered=largest,
            no_site=pick(NO_SITE[near], lang), in_district=site,
        )  # fmt: skip

    zh, en = map(say, LANGS)
    return zh, en


def _nearest_uncovered(
    c: _City, tiers: tuple[tuple[str, np.ndarray], ...], anchor: np.ndarray, top: int
) -> list[dict[str, Any]]:
    """Up to ``top`` uncovered organizations a site reaches, nearest first: through the
    channels of ``tiers`` in order (each with the organizations it reaches), anchors not."""
    if top == 0:
        return []
    unc, codes, building = c.unc, c.codes, c.building
    keys, names, b_names = c.t.keys("Organization"), c.names, c.b_names
    seen: set[int] = set()
    out = []
    for channel, pool in tiers:
        cand = pool[unc[pool] & ~anchor[pool]]
        cand = cand[np.lexsort((cand, codes[cand]))]  # must_build first, then table order
        for j in cand.tolist():
            if j in seen:
                continue
            seen.add(j)
            category = _CODES[int(codes[j])]
            in_building = channel == "building" and building[j] >= 0
            where = (b_names[building[j]] or "") if in_building else None
            out.append({"credit_code": keys[j], "name": "" if names[j] is None else names[j],
                        "channel": channel, "category": category,
                        "reason": _reached(channel, where, category)})  # fmt: skip
            if len(out) >= top:
                return out
    return out


def _reached(channel: str, building: str | None, category: str) -> Text:
    """Why an uncovered organization is reached (zh, en): the channel (with the building's
    name when it is ``building`` and the organization is in one) and its category."""

    def say(lang: str) -> str:
        how = pick(CHANNELS[channel], lang)
        if building is not None:
            how = pick(IN_BUILDING, lang).format(channel=how, building=building)
        return pick(REACHED, lang).format(channel=how, category=pick(CATEGORIES[category], lang))

    zh, en = map(say, LANGS)
    return zh, en
