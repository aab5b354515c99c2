"""The network view's data: one street's organizations and everything linked to them —
buildings/parks/markets, party organizations, instructors (by masked name; also those of the
party organizations), member units and the proposed joint branches — placed for drawing.

Organizations are drawn at their coordinates (a local projection in kilometres); the other
nodes beside what they serve (buildings at the centre of their organizations, party
organizations just above theirs, instructors and member units around theirs, a proposed
branch below its units). A street with no coordinates at all gets a force layout.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..analyses.coverage import STATE_OF, STATES, CoverageResult
from ..analyses.grouping import GroupingResult
from ..analyses.grouping.result import Group
from ..graphmodel.tables import Tables
from ..labels import lang_index
from ..labels.coverage import CATEGORIES, NEIGHBOURS
from .mapdata import coordinates, instructor_names, reasons
from .words import KINDS, NETWORK

__all__ = ["KIND_ORDER", "network_data"]

#: the kinds of nodes, in the order of their codes in the page
KIND_ORDER = ("Organization", "Building", "PartyOrg", "Instructor", "MemberUnit", "Branch")
KIND_COLORS = ("#999999", "#7f8c8d", "#1b4f72", "#d35400", "#6c3483", "#16a085")
_STATE_CODE = np.array([STATES.index(s) for s in STATE_OF.values()])
_UNCOVERED = STATES.index("uncovered")


def _sample(result: CoverageResult, idx: np.ndarray, keep: np.ndarray, max_orgs: int,
            seed: int) -> np.ndarray:  # fmt: skip
    """Up to ``max_orgs`` organizations of ``idx``: the uncovered and proposed ones first,
    then the rest, each part at random when it does not fit."""
    if len(idx) <= max_orgs:
        return idx
    rng = np.random.default_rng(seed)
    must = keep[idx] | (_STATE_CODE[result.codes[idx]] == _UNCOVERED)
    first, rest = idx[must], idx[~must]
    if len(first) > max_orgs:
        return np.sort(rng.choice(first, max_orgs, replace=False))
    rest = rng.choice(rest, min(max_orgs - len(first), len(rest)), replace=False)
    return np.sort(np.concatenate([first, rest]))


def _km(lon: np.ndarray, lat: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Kilometres east and south of the street's centre (the few without coordinates
    around it at random)."""
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon0, lat0 = float(np.median(lon[ok])), float(np.median(lat[ok]))
    x = (lon - lon0) * 111.32 * math.cos(math.radians(lat0))
    y = -(lat - lat0) * 110.57
    if not ok.all():
        rng = np.random.default_rng(seed)
        sx, sy = max(float(np.std(x[ok])), 0.05), max(float(np.std(y[ok])), 0.05)
        x[~ok] = rng.normal(0, sx, int((~ok).sum()))
        y[~ok] = rng.normal(0, sy, int((~ok).sum()))
    return x, y


def _links(t: Tables, rel: str, mine: np.ndarray, *, at_end: bool) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Pairs of ``rel`` whose end (``at_end``) or start is among the nodes ``mine`` (a bool
    mask): ``(position among mine's label, position of the other)``."""
    s, e = t.positions(rel)
    here, other = (e, s) if at_end else (s, e)
    keep = mine[here] if len(here) else np.zeros(0, dtype=bool)
    return here[keep], other[keep]


class _Nodes:
    """The nodes of the view as they are added (organizations first) and their links."""

    def __init__(self, labels: list[str], info: list[str]) -> None:
        self.kinds, self.labels, self.info = [0] * len(labels), labels, info
        self.a: list[np.ndarray] = []
        self.b: list[np.ndarray] = []

    def add(self, kind: int, other: np.ndarray, targets: np.ndarray, names: Sequence[str]) -> dict[int, int]:  # fmt: skip
        """Nodes of ``kind`` for the distinct positions ``other`` (named ``names[p]``),
        linked to the node ids ``targets``; returns the node id of each position."""
        uniq, inv = np.unique(other, return_inverse=True)
        first = len(self.kinds)
        self.kinds.extend([kind] * len(uniq))
        self.labels.extend(names[p] for p in uniq.tolist())
        self.info.extend([""] * len(uniq))
        self.a.append(first + inv.reshape(-1))
        self.b.append(targets)
        return {p: first + k for k, p in enumerate(uniq.tolist())}

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        if not self.a:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(self.a), np.concatenate(self.b)


def _named(t: Tables, label: str) -> list[str]:
    """The names of ``label``'s nodes (their key where a name is missing)."""
    return [n or k for n, k in zip(t.column(label, "name"), t.keys(label), strict=True)]


def _neighbours(t: Tables, nodes: _Nodes, mine: np.ndarray, node_of_org: np.ndarray) -> None:
    """Add the buildings, party organizations, instructors (of the organizations and of
    their party organizations) and member units of the organizations ``mine``."""
    org, bld = _links(t, "IN_BUILDING_Organization_Building", mine, at_end=False)
    nodes.add(1, bld, node_of_org[org], _named(t, "Building"))
    org, po = _links(t, "COVERS_PartyOrg_Organization", mine, at_end=True)
    po_node = nodes.add(2, po, node_of_org[org], _named(t, "PartyOrg"))
    org, ins = _links(t, "GUIDES_Instructor_Organization", mine, at_end=True)
    po_mine = np.zeros(len(t.keys("PartyOrg")), dtype=bool)
    po_mine[po] = True
    p2, i2 = _links(t, "GUIDES_Instructor_PartyOrg", po_mine, at_end=True)
    to_po = np.array([po_node[p] for p in p2.tolist()], dtype=np.int64)
    nodes.add(3, np.concatenate([ins, i2]), np.concatenate([node_of_org[org], to_po]),
              instructor_names(t))  # fmt: skip
    org, mu = _links(t, "PAIRED_WITH_MemberUnit_Organization", mine, at_end=True)
    nodes.add(4, mu, node_of_org[org], _named(t, "MemberUnit"))


def _branches(nodes: _Nodes, branches: list[Group], o_ix: dict[str, int],
              node_of_org: np.ndarray, words: dict[str, str]) -> None:  # fmt: skip
    """Add the proposed branches, linked to their units drawn."""
    names = [br.name for br in branches]
    for k, br in enumerate(branches):
        members = node_of_org[[o_ix[c] for c in br.codes if c in o_ix]]
        members = members[members >= 0]
        if len(members):
            nodes.add(5, np.full(len(members), k), members, names)
            nodes.info[-1] = words["branch_info"].format(units=br.units, formal=sum(br.formal))


def network_data(t: Tables, result: CoverageResult, street: str,
                 proposals: GroupingResult | None, lang: str, *, max_orgs: int = 3000,
                 seed: int = 0) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, Any]]:  # fmt: skip
    """The view's header and arrays (:func:`pbgraph.views.page.pack`), and what the title
    says (the street, organizations drawn and in all)."""
    i = lang_index(lang)
    o_keys = t.keys("Organization")
    n_org = len(o_keys)
    idx_all = np.flatnonzero(result.group_of == result.group_names.index(street))
    branches = [b for b in (proposals.groups if proposals else []) if b.area == street]
    o_ix = t.index("Organization")
    proposed = np.zeros(n_org, dtype=bool)
    for b in branches:
        proposed[[o_ix[c] for c in b.codes if c in o_ix]] = True
    idx = _sample(result, idx_all, proposed, max_orgs, seed)
    mine = np.zeros(n_org, dtype=bool)
    mine[idx] = True
    node_of_org = np.full(n_org, -1, dtype=np.int64)
    node_of_org[idx] = np.arange(len(idx))

    lon, lat = coordinates(t)
    lon, lat = lon[idx], lat[idx]
    if len(idx) and not (np.isfinite(lon) & np.isfinite(lat)).any():
        x, y = _force_layout(t, idx, mine, seed)
    else:
        x, y = _km(lon, lat, seed)
    why, why_texts = reasons(result, lang)
    nodes = _Nodes([result.names[j] or o_keys[j] for j in idx.tolist()],
                   [why_texts[k] for k in why[idx].tolist()])  # fmt: skip
    _neighbours(t, nodes, mine, node_of_org)
    _branches(nodes, branches, o_ix, node_of_org, {k: v[i] for k, v in NETWORK.items()})
    a, b_ = nodes.edges()
    kind = np.array(nodes.kinds, dtype=np.uint8)
    xs, ys = _place(kind, x, y, a, b_)
    meta = {
        "lang": lang, "street": street,
        "kinds": [(KINDS.get(k) or NEIGHBOURS[k])[i] for k in KIND_ORDER],
        "kind_colors": list(KIND_COLORS),
        "categories": [CATEGORIES[c][i] for c in STATE_OF],
        "states": list(STATE_OF.values()),
        "labels": nodes.labels, "info": nodes.info,
    }  # fmt: skip
    cat = np.full(len(kind), 255, dtype=np.uint8)
    cat[: len(idx)] = result.codes[idx]
    arrays: dict[str, np.ndarray] = {
        "x": xs.astype(np.float32), "y": ys.astype(np.float32), "kind": kind, "cat": cat,
        "a": a.astype(np.uint32), "b": b_.astype(np.uint32),
    }  # fmt: skip
    return meta, arrays, {"street": street, "shown": len(idx), "all": len(idx_all)}


def _place(kind: np.ndarray, x: np.ndarray, y: np.ndarray, a: np.ndarray,
           b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Positions of every node: organizations at ``x, y``; buildings at the centre of their
    organizations, then party organizations above theirs, then instructors and member
    units around what they serve (a golden-angle spiral), branches below their units."""
    n, n_org = len(kind), len(x)
    xs, ys = np.zeros(n), np.zeros(n)
    xs[:n_org], ys[:n_org] = x, y
    span = max(float(np.ptp(x)) if n_org else 0.0, float(np.ptp(y)) if n_org else 0.0, 0.2)
    lift = {2: -0.012, 5: 0.02}  # party organizations above, branches below
    for k in (1, 2, 3, 4, 5):  # in this order: a node's targets are placed before it
        nodes = np.flatnonzero(kind == k)
        if not len(nodes):
            continue
        m = kind[a] == k
        cnt = np.maximum(np.bincount(a[m], minlength=n), 1)[nodes]
        cx = np.bincount(a[m], weights=xs[b[m]], minlength=n)[nodes] / cnt
        cy = np.bincount(a[m], weights=ys[b[m]], minlength=n)[nodes] / cnt
        # instructors and member units on golden-angle spirals around their centres
        step = np.arange(len(nodes))
        r = span * {3: 0.025, 4: 0.03}.get(k, 0.0) * np.sqrt(step + 1)
        xs[nodes] = cx + r * np.cos(step * 2.39996)
        ys[nodes] = cy + span * lift.get(k, 0.0) + r * np.sin(step * 2.39996)
    return xs, ys


def _force_layout(t: Tables, idx: np.ndarray, mine: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """A force layout of a street with no coordinates: organizations linked by their
    buildings, party organizations, instructors and member units (networkx)."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(range(len(idx)))
    node_of = {int(j): k for k, j in enumerate(idx.tolist())}
    for rel, at_end, label in (("IN_BUILDING_Organization_Building", False, "B"),
                               ("COVERS_PartyOrg_Organization", True, "P"),
                               ("GUIDES_Instructor_Organization", True, "I"),
                               ("PAIRED_WITH_MemberUnit_Organization", True, "M")):  # fmt: skip
        org, other = _links(t, rel, mine, at_end=at_end)
        H.add_edges_from((node_of[o], f"{label}{p}") for o, p in zip(org.tolist(), other.tolist(), strict=True))  # fmt: skip
    lay = nx.spring_layout(H, seed=seed, iterations=40)
    return (np.array([lay[k][0] for k in range(len(idx))]) * 2,
            np.array([lay[k][1] for k in range(len(idx))]) * 2)  # fmt: skip
