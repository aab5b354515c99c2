"""The map's data: every organization's position, category, street, reason and instructors,
as compact arrays (numpy over the projection's tables; nothing walks the graph node by node).

Per organization the page gets 2 + 2 bytes of position (longitude and latitude quantized to
1/65534 of the city's extent: under 2 m in a city 1° across), one byte of category, two of
street, two of reason (an index into the reasons made: a reason depends only on the category
and the formal members), its count of instructors and their indices, and its name. Names are
most of the size; everything is gzip-compressed in the page (:func:`pbgraph.views.page.pack`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..analyses.coverage import STATE_OF, CoverageResult
from ..graphmodel.regioncode import street_place
from ..graphmodel.tables import Tables
from ..labels import lang_index
from ..labels.coverage import CATEGORIES, REASONS
from ..loaders.values import mask_name

__all__ = ["coordinates", "guides", "instructor_names", "map_data", "reasons"]

#: the order points are drawn in: covered first, uncovered last (on top)
_DRAW_RANK = {"org": 0, "work": 1, "uncovered": 2}
_MISSING = 65535


def coordinates(t: Tables) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of every organization (NaN where the ledger has none)."""

    def col(name: str) -> np.ndarray:
        vals = t.column("Organization", name, "object")
        return np.fromiter((np.nan if v is None else v for v in vals), float, len(vals))

    return col("lon"), col("lat")


def reasons(result: CoverageResult, lang: str) -> tuple[np.ndarray, list[str]]:
    """Each organization's reason as an index into the reasons made: the words of
    ``result.listing(category)`` (a category's reason with its formal members filled in, or
    the category's name where it has none)."""
    i = lang_index(lang)
    cats = list(STATE_OF)
    has = np.array([c in REASONS for c in cats])
    codes = result.codes.astype(np.int64)
    formal = np.where(has[codes], result.formal.astype(np.int64), -1)
    span = int(formal.max(initial=0)) + 2
    uniq, inv = np.unique(codes * span + formal + 1, return_inverse=True)
    texts = []
    for k in uniq.tolist():
        cat, f = cats[k // span], k % span - 1
        texts.append(REASONS[cat][i].format(formal=f) if cat in REASONS else CATEGORIES[cat][i])
    return inv.reshape(-1).astype(np.int64), texts


def guides(t: Tables) -> tuple[np.ndarray, np.ndarray]:
    """``(organization, instructor)`` positions of who guides each organization: directly,
    or its party organization (the party organizations that cover it); unique, sorted."""
    io, oo = t.positions("GUIDES_Instructor_Organization")
    ip, pp = t.positions("GUIDES_Instructor_PartyOrg")
    cs, ce = t.positions("COVERS_PartyOrg_Organization")  # ordered by party organization
    n_po = len(t.keys("PartyOrg"))
    count = np.bincount(cs, minlength=n_po)
    start = np.concatenate([[0], np.cumsum(count)])[:-1]
    reps = count[pp]
    # for every (instructor, party org) pair, every organization that party org covers
    first = np.repeat(start[pp] - np.concatenate([[0], np.cumsum(reps)])[:-1], reps)
    via_org = ce[first + np.arange(int(reps.sum()))] if len(first) else first
    org = np.concatenate([oo, via_org]).astype(np.int64)
    inst = np.concatenate([io, np.repeat(ip, reps)]).astype(np.int64)
    n_inst = max(len(t.keys("Instructor")), 1)
    pair = np.unique(org * n_inst + inst)
    return pair // n_inst, pair % n_inst


def instructor_names(t: Tables) -> list[str]:
    """Every instructor as a planner sees them: masked name and ledger id (never more)."""
    keys = t.keys("Instructor")
    names = t.column("Instructor", "name_masked")
    # stored masked; masked again in case a graph was not
    return [f"{mask_name(n or '')} ({k})".strip() for k, n in zip(keys, names, strict=True)]


def _hulls(qx: np.ndarray, qy: np.ndarray, district: np.ndarray, n: int) -> list[list[int]]:
    """The convex hull of each district's points (quantized coordinates, flat x, y list),
    made from the points of a 512 x 512 grid (at most one per cell: within a cell of exact)."""
    out: list[list[int]] = []
    for d in range(n):
        m = district == d
        cell = np.unique((qx[m] >> 7).astype(np.int64) * 512 + (qy[m] >> 7))
        pts = sorted({(int(c // 512) << 7, int(c % 512) << 7) for c in cell.tolist()}
                     | {((int(c // 512) << 7) + 127, (int(c % 512) << 7) + 127)
                        for c in cell.tolist()})  # fmt: skip
        out.append([v for p in _convex_hull(pts) for v in p])
    return out


def _convex_hull(pts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Andrew's monotone chain over sorted points."""
    if len(pts) < 3:
        return pts

    def half(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
        h: list[tuple[int, int]] = []
        for p in points:
            while (
                len(h) >= 2
                and (
                    (h[-1][0] - h[-2][0]) * (p[1] - h[-2][1])
                    - (h[-1][1] - h[-2][1]) * (p[0] - h[-2][0])
                )
                <= 0
            ):
                h.pop()
            h.append(p)
        return h[:-1]

    return half(pts) + half(pts[::-1])


def map_data(t: Tables, result: CoverageResult, lang: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:  # fmt: skip
    """The map's header and arrays (:func:`pbgraph.views.page.pack`), organizations in the
    order they are drawn (uncovered last)."""
    if result.by != "street":
        raise ValueError("the map needs coverage by street: coverage(tables, by='street')")
    i = lang_index(lang)
    n = len(result.keys)
    lon, lat = coordinates(t)
    if len(lon) != n:
        raise ValueError("the coverage result is not of these tables")
    cats = list(STATE_OF)
    rank = np.array([_DRAW_RANK[STATE_OF[c]] for c in cats])[result.codes]
    order = np.argsort(rank, kind="stable")
    ok = np.isfinite(lon) & np.isfinite(lat)
    box = [float(lon[ok].min()), float(lat[ok].min()), float(lon[ok].max()), float(lat[ok].max())] if ok.any() else [0.0, 0.0, 1.0, 1.0]  # fmt: skip
    wx, wy = max(box[2] - box[0], 1e-9), max(box[3] - box[1], 1e-9)
    qx = np.full(n, _MISSING, dtype=np.uint16)
    qy = np.full(n, _MISSING, dtype=np.uint16)
    qx[ok] = np.rint((lon[ok] - box[0]) / wx * 65534).astype(np.uint16)
    qy[ok] = np.rint((lat[ok] - box[1]) / wy * 65534).astype(np.uint16)

    streets = result.group_names
    d_codes = [street_place(s).district_code or s for s in streets]  # 枣庄市/市中区 with cities
    districts = sorted(set(d_codes))
    d_of_s = np.array([districts.index(d) for d in d_codes], dtype=np.int64)
    street = result.group_of.astype(np.int64)
    why, why_texts = reasons(result, lang)
    g_org, g_inst = guides(t)
    n_guides = np.bincount(g_org, minlength=n)
    # instructors in the drawing order of their organizations
    pos_in_order = np.empty(n, dtype=np.int64)
    pos_in_order[order] = np.arange(n)
    by_order = np.argsort(pos_in_order[g_org], kind="stable")
    inst_names = instructor_names(t)
    wide = np.uint16 if len(inst_names) < 65536 else np.uint32

    s_of = street[order]
    hull_ok = ok[order]
    hulls = _hulls(qx[order][hull_ok], qy[order][hull_ok], d_of_s[s_of][hull_ok], len(districts))
    meta = {
        "lang": lang, "box": box, "n": n,
        "categories": [CATEGORIES[c][i] for c in cats], "codes": cats,
        "states": [STATE_OF[c] for c in cats],
        "streets": [street_place(s).street for s in streets],
        "districts": districts, "hulls": hulls, "reasons": why_texts,
        "instructors": inst_names,
        "names": [result.names[j] for j in order.tolist()],
    }  # fmt: skip
    arrays: dict[str, np.ndarray] = {
        "x": qx[order], "y": qy[order],
        "cat": result.codes[order].astype(np.uint8),
        "street": s_of.astype(np.uint16 if len(streets) < 65536 else np.uint32),
        "district_of_street": d_of_s.astype(np.uint16),
        "reason": why[order].astype(np.uint16 if len(why_texts) < 65536 else np.uint32),
        "n_guides": n_guides[order].astype(wide),  # at most every instructor
        "guides": g_inst[by_order].astype(wide),
    }  # fmt: skip
    return meta, arrays
