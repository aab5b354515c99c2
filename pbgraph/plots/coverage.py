"""Charts of coverage: rates per area, the categories, a map of organizations and one
street's network. Every function returns ``(fig, ax)``; save them with
:func:`pbgraph.plots.style.save`.

City-scale graphs stay fast: the map samples at most ``max_points`` organizations, the
network drawing is one street, and nothing here walks the whole graph node by node (the
projection's tables are read with numpy). :func:`street_network` takes a networkx graph or
the tables of one (``store.tables(**pbgraph.report.inputs())``); :func:`coverage_map`
takes the organizations' coordinates already read (``coords``) or reads them from the
coverage result's attributes.

>>> import networkx as nx
>>> from pbgraph.analyses.coverage import coverage
>>> fig, ax = coverage_map(coverage(nx.MultiDiGraph()))
>>> ax.get_xlabel()
'经度'
>>> plt.close(fig)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
from matplotlib.collections import LineCollection, PathCollection

from ..analyses.coverage import STATE_OF, STATES, UNCOVERED_CATEGORIES, CoverageResult, coverage
from ..analyses.places import street_name
from ..graphmodel.regioncode import short_names
from ..graphmodel.schema import RELS
from ..graphmodel.tables import Tables, tables_of
from ..labels import lang_index, pick
from ..labels.coverage import CATEGORIES, CHART_WORDS, NEIGHBOURS
from ..labels.coverage import STATES as STATE_WORDS
from ..loaders.values import mask_name
from .style import STATE_COLORS, cjk_font, place_labels

__all__ = [
    "coordinates",
    "coverage_by_area",
    "coverage_map",
    "street_network",
    "uncovered_categories",
]

Coords = tuple[np.ndarray, np.ndarray]

_STATE_CODE = np.array([STATES.index(s) for s in STATE_OF.values()])  # category code -> state
_UNCOVERED = STATES.index("uncovered")


def _words(lang: str) -> dict[str, str]:
    """The charts' words (:data:`pbgraph.labels.coverage.CHART_WORDS`) in ``lang``."""
    return {k: pick(v, lang) for k, v in CHART_WORDS.items()}


def coverage_by_area(result: CoverageResult, *, lang: str = "zh", top: int = 40) -> tuple[Any, Any]:
    """Horizontal bars of the organizational coverage rate per area (lowest first, the
    ``top`` lowest when there are more), the city rate marked."""
    cjk_font()
    w = _words(lang)
    rows = result.groups()[:top]
    city = result.totals()["rate"]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(rows) + 1.2)))
    labels = short_names([r["group"] for r in rows])  # two cities' 市中区 apart
    rates = [r["rate"] * 100 for r in rows]
    colors = ["#c0392b" if r < city * 100 else "#2e86c1" for r in rates]
    ax.barh(labels, rates, color=colors)
    ax.axvline(city * 100, color="black", linestyle="--", linewidth=1)
    ax.text(city * 100, len(rows) - 0.4, f" {w['city']} {city:.1%}", va="bottom")
    ax.set_xlim(0, 100)
    ax.set_xlabel(w["rate_axis"])
    ax.set_title(w["by_district" if result.by == "district" else "by_area"].format(by=result.by))
    ax.invert_yaxis()
    return fig, ax


def uncovered_categories(result: CoverageResult, *, lang: str = "zh") -> tuple[Any, Any]:
    """Bars of how many organizations fall in each category (uncovered ones in red)."""
    cjk_font()
    t = result.totals()
    i = lang_index(lang)
    keys = list(STATE_OF)
    total_key = {"work": "work_covered", "joint_candidate": "joint_candidates"}
    fig, ax = plt.subplots(figsize=(8, 3.6))
    counts = [t[total_key.get(k, k)] for k in keys]
    bars = ax.bar([CATEGORIES[k][i] for k in keys], counts, color="#5d6d7e")
    for k in UNCOVERED_CATEGORIES:
        bars[keys.index(k)].set_color("#c0392b")
    ax.bar_label(bars)
    ax.set_ylabel(pick(CHART_WORDS["organizations"], lang))
    ax.set_title(pick(CHART_WORDS["categories"], lang))
    ax.tick_params(axis="x", labelrotation=20)
    return fig, ax


# -- maps -----------------------------------------------------------------------------------


def coordinates(t: Tables) -> Coords:
    """Longitude and latitude of every organization of ``t``, in table order (NaN where the
    ledger has none): the ``coords`` of :func:`coverage_map` and :func:`street_network`."""

    def col(name: str) -> np.ndarray:
        vals = t.column("Organization", name, "object")
        return np.fromiter((np.nan if v is None else v for v in vals), float, len(vals))

    return col("lon"), col("lat")


def _lonlat(
    attrs: Sequence[dict[str, Any]], idx: np.ndarray, coords: Coords | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of the organizations ``idx`` (NaN where the ledger has none),
    from ``coords`` when given, else from their attributes."""
    if coords is not None:
        return coords[0][idx], coords[1][idx]

    def col(name: str) -> np.ndarray:
        vals = (attrs[j].get(name) for j in idx.tolist())
        return np.fromiter((np.nan if v is None else v for v in vals), float, len(idx))

    return col("lon"), col("lat")


def _geo_aspect(ax: Any, lat: np.ndarray) -> None:
    """Equal distances on both axes at this latitude (a local equirectangular view)."""
    ok = lat[np.isfinite(lat)]
    if ok.size:
        ax.set_aspect(1 / max(0.1, math.cos(math.radians(float(np.median(ok))))))


#: The note on a map of numbered branches.
_NUMBERED = ("数字为建议支部编号（见工作簿“建议联合支部”表）",
             "numbers: the proposed branches' ids (the workbook's groups)")  # fmt: skip
_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def _number(label: str) -> str:
    """The number of a group's id (``G00012`` → ``12``), or the id."""
    digits = label.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").lstrip("0")
    return digits if digits.isdigit() else label


def _draw_highlight(ax: Any, result: CoverageResult, highlight: dict[str, Any], lang: str,
                    coords: Coords | None) -> list[tuple[float, float, str]]:  # fmt: skip
    """The highlighted organizations of :func:`coverage_map`, joined to their label's centre,
    each label a colour and marker of its own (20 colours × 7 markers before one repeats);
    returns the labels' numbers at their centres, to be placed once the axes are final."""
    where = dict(zip(result.keys, range(len(result.keys)), strict=True))
    codes = [c for c in highlight if c in where]
    js = np.fromiter((where[c] for c in codes), np.int64, len(codes))
    hx, hy = _lonlat(result.attrs, js, coords)
    ok = np.isfinite(hx) & np.isfinite(hy)
    groups_of = np.array([str(highlight[c]) for c in codes], dtype=object)[ok]
    hl_names, lab = np.unique(groups_of, return_inverse=True)
    hx, hy = hx[ok], hy[ok]
    if not len(hx):
        return []
    colors = plt.get_cmap("tab20")(lab % 20)
    n_lab = len(hl_names)
    n_in = np.bincount(lab, minlength=n_lab)
    cx = np.bincount(lab, weights=hx, minlength=n_lab) / n_in
    cy = np.bincount(lab, weights=hy, minlength=n_lab) / n_in
    segs = np.stack([np.column_stack([cx[lab], cy[lab]]), np.column_stack([hx, hy])], 1)
    ax.add_collection(LineCollection(list(segs), colors=colors, linewidths=0.8, zorder=2))
    legend = pick(CHART_WORDS["proposed"], lang).format(groups=n_lab, orgs=len(hx))
    if n_lab > 1:
        legend += "\n" + pick(_NUMBERED, lang)
    size = max(8.0, min(30.0, 3000 / len(hx)))
    shape = (lab // 20) % len(_MARKERS)
    for k, m in enumerate(_MARKERS):
        sel = shape == k
        if sel.any():
            ax.scatter(hx[sel], hy[sel], s=size, c=colors[sel], marker=m, edgecolors="black",
                       linewidths=0.5, zorder=3, label=legend if k == 0 else None)  # fmt: skip
    return [(float(x), float(y), _number(str(name)))
            for x, y, name in zip(cx, cy, hl_names, strict=True)]  # fmt: skip


def coverage_map(
    result: CoverageResult,
    *,
    lang: str = "zh",
    area: str | None = None,
    max_points: int = 20_000,
    seed: int = 0,
    highlight: dict[str, Any] | None = None,
    coords: Coords | None = None,
) -> tuple[Any, Any]:
    """A map-style scatter of organizations by their coordinates, coloured by coverage
    (organizational, work, uncovered on top).

    ``area``: only organizations whose group in ``result`` (a district, or ``district/street``)
    is or starts with it. At most ``max_points`` organizations are drawn (a uniform random
    sample, fixed by ``seed``; the title says so). ``highlight``: ``{credit code: label}`` of
    organizations drawn over the rest (sampled or not), outlined, coloured by label and
    joined to their label's centre (e.g. the proposed joint branches: ``{code: group id}``);
    organizations without coordinates are left out. ``coords``: the coordinates of every
    organization of ``result`` (:func:`coordinates`), when they have been read.
    """
    cjk_font()
    w = _words(lang)
    groups = np.asarray(result.group_names, dtype=object)
    idx = np.arange(len(result.keys))
    if area is not None:
        names = [g for g in result.group_names if g == area or g.startswith(f"{area}/")]
        idx = np.flatnonzero(np.isin(groups[result.group_of], names)) if names else idx[:0]
    lon, lat = _lonlat(result.attrs, idx, coords)
    placed = np.isfinite(lon) & np.isfinite(lat)
    idx, lon, lat = idx[placed], lon[placed], lat[placed]
    n_all = len(idx)
    if n_all > max_points:
        sampled = np.sort(np.random.default_rng(seed).choice(n_all, max_points, replace=False))
        idx, lon, lat = idx[sampled], lon[sampled], lat[sampled]
    state = _STATE_CODE[result.codes[idx]] if len(idx) else np.zeros(0, dtype=np.int64)
    fig, ax = plt.subplots(figsize=(9, 8))
    size = max(2.0, min(12.0, 8000 / max(1, len(idx))))
    for st, key in enumerate(STATES):
        m = state == st
        ax.scatter(lon[m], lat[m], s=size * (1.6 if key == "uncovered" else 1), linewidths=0,
                   color=STATE_COLORS[key], alpha=0.7, rasterized=True,
                   label=f"{pick(STATE_WORDS[key], lang)} ({int(m.sum())})")  # fmt: skip
    numbers: list[tuple[float, float, str]] = []
    if highlight:  # drawn whether or not the sample kept them
        numbers = _draw_highlight(ax, result, highlight, lang, coords)
    ax.set_xlabel(w["longitude"])
    ax.set_ylabel(w["latitude"])
    ax.ticklabel_format(useOffset=False, style="plain")  # 117.02, not 0.02 + 1.17e2
    sample = w["map_sample"].format(shown=len(idx), all=n_all) if len(idx) < n_all else ""
    ax.set_title(w["map_title"].format(where=area.split("/")[-1] if area else w["map_city"],
                                       what=w["map_proposals" if highlight else "map"],
                                       sample=sample))  # fmt: skip
    _geo_aspect(ax, lat)
    if len(idx) or numbers:
        leg = ax.legend(loc="best", fontsize=8)
        for h in leg.legend_handles:  # dots of one readable size, whatever was drawn
            if isinstance(h, PathCollection):
                h.set_sizes([24])
    if numbers:  # every branch's number at its centre, none over another
        place_labels(ax, numbers, fontsize=7, offset=(2, 2))
    return fig, ax


# -- one street's network ----------------------------------------------------------------


def street_network(
    G: nx.MultiDiGraph | Tables,
    street: str | None = None,
    *,
    result: CoverageResult | None = None,
    lang: str = "zh",
    max_orgs: int = 4000,
    seed: int = 0,
    coords: Coords | None = None,
) -> tuple[Any, Any]:
    """A drawing of one street's network: its organizations (by their coordinates; uncovered
    ones large and red), the buildings/parks/markets they are in, the party organizations
    that cover them, the instructors who guide them or their party organizations, and the
    member units paired with them.

    ``G`` is a graph or the tables of one (``store.tables(**pbgraph.report.inputs())``).
    ``street`` is ``"district/street"`` as in ``coverage(G, by="street")``'s groups, or only
    the street's name when it is unique; by default the street that shows the most (every
    kind of node present, then the most uncovered organizations). ``result`` is that coverage, when it has
    been computed already; ``coords`` the organizations' coordinates (:func:`coordinates`).
    Streets with more than ``max_orgs`` organizations draw a sample
    (every uncovered one, the rest at random). Instructors appear by masked name.
    """
    cjk_font()
    w = _words(lang)
    t = G if isinstance(G, Tables) else tables_of(G)
    if result is None or result.by != "street":
        result = coverage(t, by="street")
    street = street_name(t, result, street)
    idx, n_all = _street_sample(result, street, max_orgs, seed)
    state = _STATE_CODE[result.codes[idx]]
    orgs = [f"Organization:{result.keys[j]}" for j in idx.tolist()]
    lon, lat = _org_positions(t, result, idx, orgs, seed, coords)
    pos: dict[str, tuple[float, float]] = {}
    for o, x, y in zip(orgs, lon, lat, strict=True):
        pos[o] = (float(x), float(y))
    links = _street_links(t, idx)
    nodes = _place_neighbours(links, pos, lon, lat)

    fig, ax = plt.subplots(figsize=(10, 9))
    _draw_links(ax, links, pos)
    size = max(4.0, min(14.0, 6000 / max(1, len(idx))))  # smaller dots in a crowded street
    for st, key in enumerate(STATES):
        m = state == st
        ax.scatter(lon[m], lat[m], s=size * (2.2 if key == "uncovered" else 1), zorder=3,
                   color=STATE_COLORS[key], edgecolors="white", linewidths=0.2, alpha=0.85,
                   label=f"{w['organization']}{pick(STATE_WORDS[key], lang)} ({int(m.sum())})")  # fmt: skip
    labels = _draw_neighbours(ax, t, nodes, pos, links, lang)
    sample = w["network_sample"].format(shown=len(idx), all=n_all) if len(idx) < n_all else ""
    ax.set_title(w["network"].format(name=street.split("/")[-1], sample=sample))
    ax.set_xticks([])
    ax.set_yticks([])
    _geo_aspect(ax, lat)
    ax.margins(0.16)  # room for the labels of the outer ring
    ax.autoscale_view()
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, fontsize=9,
              markerscale=0.8, frameon=False)  # fmt: skip
    place_labels(ax, labels, fontsize=8, limit=LABELS)
    return fig, ax


def _street_sample(
    result: CoverageResult, street: str, max_orgs: int, seed: int
) -> tuple[np.ndarray, int]:
    """The organizations of the street to draw (every uncovered one, the rest at random up to
    ``max_orgs``) and how many the street has."""
    g = result.group_names.index(street)
    idx = np.flatnonzero(result.group_of == g)
    n_all = len(idx)
    if n_all > max_orgs:
        state = _STATE_CODE[result.codes[idx]]
        unc = idx[state == _UNCOVERED]
        rest = idx[state != _UNCOVERED]
        room = max(0, max_orgs - len(unc))
        rest = np.random.default_rng(seed).choice(rest, min(room, len(rest)), replace=False)
        idx = np.sort(np.concatenate([unc[:max_orgs], rest]))
    return idx, n_all


# the relationships that end at an organization, in the schema's order (the order a store's
# graph lists an organization's neighbours in), but a member's employer
_TO_ORG = [r for r in RELS if r.end == "Organization" and r.start != "Member"]
_IN_BUILDING = "IN_BUILDING_Organization_Building"


def _linked(t: Tables, rel: str, idx: np.ndarray, *, to_end: bool) -> dict[int, list[int]]:
    """``{position of a node of idx: positions of the nodes rel links to it}`` (the start
    nodes when ``to_end``, else the end nodes), in the relationship table's order."""
    starts, ends = t.positions(rel)
    mine, other = (ends, starts) if to_end else (starts, ends)
    n = int(max(mine.max(initial=-1), idx.max(initial=-1))) + 1
    chosen = np.zeros(n, dtype=bool)
    chosen[idx] = True
    keep = chosen[mine]
    out: dict[int, list[int]] = defaultdict(list)
    for j, x in zip(mine[keep].tolist(), other[keep].tolist(), strict=True):
        out[j].append(x)
    return out


def _org_positions(
    t: Tables, result: CoverageResult, idx: np.ndarray, orgs: list[str], seed: int,
    coords: Coords | None,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Longitude and latitude of the organizations drawn: a force layout of the street when
    none has coordinates, the few without them around the street's centre."""
    lon, lat = _lonlat(result.attrs, idx, coords)
    missing = ~(np.isfinite(lon) & np.isfinite(lat))
    if missing.all():  # no coordinates at all: a force layout of the street instead
        H = nx.Graph()
        H.add_nodes_from(orgs)
        preds = [(r.start, t.keys(r.start), _linked(t, r.name, idx, to_end=True))
                 for r in _TO_ORG]  # fmt: skip
        in_b = _linked(t, _IN_BUILDING, idx, to_end=False)
        b_keys = t.keys("Building")
        for o, j in zip(orgs, idx.tolist(), strict=True):
            H.add_edges_from((o, f"{label}:{keys[x]}") for label, keys, by in preds
                             for x in by.get(j, ()))  # fmt: skip
            H.add_edges_from((o, f"Building:{b_keys[b]}") for b in in_b.get(j, ()))
        lay = nx.spring_layout(H, seed=seed, iterations=30)
        lon = np.array([lay[o][0] for o in orgs])
        lat = np.array([lay[o][1] for o in orgs])
    elif missing.any():  # the few without coordinates around the street's centre
        rng = np.random.default_rng(seed)
        cx, cy = np.nanmedian(lon), np.nanmedian(lat)
        sx, sy = max(np.nanstd(lon), 1e-3), max(np.nanstd(lat), 1e-3)
        lon[missing] = cx + rng.normal(0, sx, missing.sum())
        lat[missing] = cy + rng.normal(0, sy, missing.sum())
    return lon, lat


_NEIGHBOUR_RELS = ("COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization",
                   "PAIRED_WITH_MemberUnit_Organization")  # fmt: skip


def _street_links(t: Tables, idx: np.ndarray) -> dict[str, list[str]]:
    """Neighbours of the organizations ``idx``: buildings, party organizations, instructors
    (also of their party organizations), member units; each with the nodes it links to
    (node ids, ``Label:key``), in the order a store's graph lists them."""
    o_keys, b_keys = t.keys("Organization"), t.keys("Building")
    in_b = _linked(t, _IN_BUILDING, idx, to_end=False)
    preds = []
    for name in _NEIGHBOUR_RELS:
        label = name.split("_")[-2]
        preds.append((label, t.keys(label), _linked(t, name, idx, to_end=True)))
    links: dict[str, list[str]] = defaultdict(list)  # other node -> organizations / POs
    po_at: dict[str, int] = {}
    for j in idx.tolist():
        o = f"Organization:{o_keys[j]}"
        for b in in_b.get(j, ()):
            links[f"Building:{b_keys[b]}"].append(o)
        for label, keys, by in preds:
            for x in by.get(j, ()):
                links[f"{label}:{keys[x]}"].append(o)
                if label == "PartyOrg":
                    po_at[f"{label}:{keys[x]}"] = x
    pos = np.fromiter(po_at.values(), np.int64, len(po_at))
    guides = _linked(t, "GUIDES_Instructor_PartyOrg", pos, to_end=True)
    i_keys = t.keys("Instructor")
    for p in [n for n in links if n.startswith("PartyOrg:")]:
        for u in guides.get(po_at[p], ()):
            links[f"Instructor:{i_keys[u]}"].append(p)
    return links


_KINDS = ("Building", "PartyOrg", "Instructor", "MemberUnit")
_RING_STEPS = math.ceil(2 * math.pi / 0.13)  # the places on the ring a neighbour may try


def _place_neighbours(
    links: dict[str, list[str]],
    pos: dict[str, tuple[float, float]],
    lon: np.ndarray,
    lat: np.ndarray,
) -> dict[str, list[str]]:
    """Positions of the neighbours (added to ``pos``): buildings at the centre of their
    organizations, party organizations just above, instructors and member units on a ring
    around the street facing what they serve. Returns the neighbours by kind."""
    cx, cy = float(np.median(lon)), float(np.median(lat))
    span = max(
        float(np.ptp(lon)) if len(lon) else 0.0, float(np.ptp(lat)) if len(lat) else 0.0, 0.01
    )

    def centroid(ns: list[str]) -> tuple[float, float]:
        pts = np.array([pos[n] for n in ns if n in pos])
        return (float(pts[:, 0].mean()), float(pts[:, 1].mean())) if len(pts) else (cx, cy)

    nodes = {k: sorted(n for n in links if n.startswith(f"{k}:")) for k in _KINDS}
    for b in nodes["Building"]:
        pos[b] = centroid(links[b])
    for p in nodes["PartyOrg"]:
        x, y = centroid(links[p])
        pos[p] = (x, y + 0.03 * span)
    # instructors and member units on a ring around the street, facing what they serve
    # (a free place at least 0.12 rad from the others, if the ring has one left: about
    # 48 fit; the next ones keep the angle they face — once, a street of 济宁 with more
    # than that made this search turn for ever)
    taken: list[float] = []
    for kind, radius in (("Instructor", 0.62), ("MemberUnit", 0.72)):
        for n in nodes[kind]:
            x, y = centroid(links[n])
            a = math.atan2(y - cy, x - cx) if (x, y) != (cx, cy) else -math.pi / 2
            for step in range(_RING_STEPS):
                tried = a + 0.13 * step
                if not any(abs(math.remainder(tried - t, 2 * math.pi)) < 0.12 for t in taken):
                    a = tried
                    break
            taken.append(a)
            pos[n] = (cx + radius * span * math.cos(a), cy + radius * span * math.sin(a))
    return nodes


def _draw_links(ax: Any, links: dict[str, list[str]], pos: dict[str, tuple[float, float]]) -> None:
    """The links, faint: a party organization's only to the organizations of a joint branch
    (2 to 10; its own organization is where it is drawn, a regional one's are too many to
    draw), a building's to its
    organizations, an instructor's and a member unit's to what they serve."""
    segs: dict[str, list[Any]] = defaultdict(list)
    for n, ends in links.items():
        kind = n.partition(":")[0]
        if kind == "PartyOrg" and not 2 <= len(ends) <= 10:
            continue  # its own organization, or a regional one's many: its marker says it
        segs[kind].extend((pos[n], pos[e]) for e in ends if e in pos)
    style = {"Building": ("#95a5a6", 0.4, 0.35), "PartyOrg": ("#2e86c1", 0.4, 0.3),
             "Instructor": ("#f39c12", 0.8, 0.55), "MemberUnit": ("#8e44ad", 0.8, 0.55)}  # fmt: skip
    for kind, lines in segs.items():
        colour, width, alpha = style[kind]
        ax.add_collection(LineCollection(lines, colors=colour, linewidths=width, alpha=alpha,
                                         zorder=1))  # fmt: skip


#: Labels at most on one street's network (instructors, member units, then the buildings
#: with the most organizations), none overlapping another.
LABELS = 40


def _draw_neighbours(ax: Any, t: Tables, nodes: dict[str, list[str]],
                     pos: dict[str, tuple[float, float]], links: dict[str, list[str]],
                     lang: str) -> list[tuple[float, float, str]]:  # fmt: skip
    """Markers of the neighbours; returns their labels ``(x, y, text)``, most important
    first: instructors (masked), member units, then buildings by their organizations."""
    marker = {"Building": ("s", "#7f8c8d", 60), "PartyOrg": ("^", "#1b4f72", 22),
              "Instructor": ("*", "#d35400", 170), "MemberUnit": ("D", "#6c3483", 60)}  # fmt: skip
    labels: list[tuple[float, float, str]] = []
    for k in _KINDS:
        ns = nodes[k]
        if not ns:
            continue
        m, c, sz = marker[k]
        xy = np.array([pos[n] for n in ns])
        ax.scatter(xy[:, 0], xy[:, 1], marker=m, color=c, s=sz, zorder=4, edgecolors="white",
                   linewidths=0.5, label=f"{pick(NEIGHBOURS[k], lang)} ({len(ns)})")  # fmt: skip
    for k in ("Instructor", "MemberUnit", "Building"):
        where = t.index(k)
        names = t.column(k, "name_masked" if k == "Instructor" else "name")
        ns = sorted(nodes[k], key=lambda n: -len(links[n])) if k == "Building" else nodes[k]
        for n in ns:
            name = names[where[n.partition(":")[2]]]
            if k == "Instructor":  # stored masked; masked again in case a graph was not
                text = f"{n.partition(':')[2]} {mask_name(name or '')}"
            else:
                text = name or ""
            labels.append((*pos[n], text or n.partition(":")[2]))
    return labels
