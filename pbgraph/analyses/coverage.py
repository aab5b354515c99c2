"""Coverage (两个覆盖): which organizations are covered by a party organization or by party
work, and which are not, sorted into what a planner must do about them.

Categories (``DOMAIN.md``; ``min_members`` is the N of the Party Constitution, default 3):

=================  ==========================================================
own                covered by its own party organization (单独组建)
joint              covered by a joint branch (联合组建)
attached           attached to a regional or industry party organization (挂靠)
work               no party organization, an instructor guides it (工作覆盖)
must_build         uncovered, >= N formal members: must build its own (应建未建)
joint_candidate    uncovered, 1..N-1 formal members (联合组建对象)
no_members         uncovered, no formal member (需选派指导员、发展党员)
=================  ==========================================================

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A", label="Region", name="A", level="district")
>>> G.add_node("Region:A/s", label="Region", name="s", level="street")
>>> _ = G.add_edge("Region:A/s", "Region:A", key="PART_OF")
>>> for code, m in [("o1", 5), ("o2", 1), ("o3", 0)]:
...     G.add_node(f"Organization:{code}", label="Organization", formal_members=m)
...     _ = G.add_edge(f"Organization:{code}", "Region:A/s", key="LOCATED_IN")
>>> G.add_node("PartyOrg:p", label="PartyOrg", form="independent")
>>> _ = G.add_edge("PartyOrg:p", "Organization:o1", key="COVERS")
>>> r = coverage(G)
>>> r.categories["Organization:o2"], r.totals()["organizational"], r.totals()["rate"]
('joint_candidate', 1, 0.3333)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ._graph import org_places

__all__ = ["CATEGORIES", "CoverageResult", "coverage"]

CATEGORIES: dict[str, tuple[str, str]] = {
    "own": ("单独组建", "own party organization"),
    "joint": ("联合组建", "joint branch"),
    "attached": ("挂靠组建", "attached"),
    "work": ("工作覆盖", "work coverage only"),
    "must_build": ("应建未建", "must build its own"),
    "joint_candidate": ("联合组建对象", "joint-formation candidate"),
    "no_members": ("无党员", "no members"),
}
_ORGANIZATIONAL = ("own", "joint", "attached")
_UNCOVERED = ("must_build", "joint_candidate", "no_members")
_REASONS = {
    "must_build": "正式党员{n}名以上、尚未建立党组织，应单独组建",
    "joint_candidate": "有1至{m}名正式党员，可与邻近单位联合组建",
    "no_members": "暂无正式党员，需选派党建指导员、做好发展党员工作",
}
_FORM_CATEGORY = {"independent": "own", "joint": "joint", "attached": "attached"}
_PRECEDENCE = {"own": 0, "joint": 1, "attached": 2}


@dataclass
class CoverageResult:
    """Per-organization categories and their counts by area.

    ``categories`` maps an organization's node id to its category; ``groups`` maps an
    area name (district or street, per ``by``) to a Counter of categories.
    """

    by: str
    min_members: int
    categories: dict[str, str]
    groups: dict[str, Counter[str]]

    def totals(self) -> dict[str, Any]:
        """City-wide counts and the organizational coverage rate over all organizations."""
        c: Counter[str] = Counter(self.categories.values())
        return _summary(c)

    def rows(self) -> list[dict[str, Any]]:
        """One row per area (sorted by rate, lowest first), then the city total."""
        out = [{"area": area, **_summary(c)} for area, c in self.groups.items()]
        out.sort(key=lambda r: (r["rate"], r["area"]))
        out.append({"area": "合计", **self.totals()})
        return out

    def findings(self) -> list[dict[str, Any]]:
        """Uncovered organizations with the reason in a planner's words (for write-back)."""
        out = []
        for n, cat in sorted(self.categories.items()):
            if cat in _UNCOVERED:
                reason = _REASONS[cat].format(n=self.min_members, m=self.min_members - 1)
                out.append({"end": n.partition(":")[2], "category": cat, "reason": reason})
        return out

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (pandas must be installed: it is for notebooks)."""
        import pandas as pd

        return pd.DataFrame(self.rows())

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        """``(key, header)`` of the table columns in ``lang`` (``zh`` or ``en``)."""
        i = 0 if lang == "zh" else 1
        area = ("区县" if self.by == "district" else "街道") if i == 0 else self.by
        return [
            ("area", area),
            ("organizations", ("单位总数", "organizations")[i]),
            *((k, CATEGORIES[k][i]) for k in CATEGORIES),
            ("organizational", ("组织覆盖", "organizational coverage")[i]),
            ("rate", ("组织覆盖率", "coverage rate")[i]),
        ]


def _summary(c: Counter[str]) -> dict[str, Any]:
    total = sum(c.values())
    organizational = sum(c[k] for k in _ORGANIZATIONAL)
    return {
        "organizations": total,
        **{k: c[k] for k in CATEGORIES},
        "organizational": organizational,
        "rate": round(organizational / total, 4) if total else 0.0,
    }


def coverage(G: nx.MultiDiGraph, *, by: str = "district", min_members: int = 3) -> CoverageResult:
    """Classify every organization of ``G`` and count the categories per area.

    Parameters
    ----------
    G : the projection of a store (:meth:`pbgraph.graphmodel.store.EmbeddedStore.graph`).
    by : ``"district"`` or ``"street"``.
    min_members : formal members from which a unit must build its own organization.

    The graph is only read, never changed.
    """
    if by not in ("district", "street"):
        raise ValueError(f"by must be 'district' or 'street', not {by!r}")
    places = org_places(G)
    categories: dict[str, str] = {}
    groups: dict[str, Counter[str]] = {}
    for n, data in G.nodes(data=True):
        if data.get("label") != "Organization":
            continue
        cat = _category(G, n, data, min_members)
        categories[n] = cat
        district, street = places.get(n, ("(未知)", "(未知)"))
        area = district if by == "district" else f"{district}/{street}"
        groups.setdefault(area, Counter())[cat] += 1
    return CoverageResult(by, min_members, categories, groups)


def _category(G: nx.MultiDiGraph, n: str, data: dict[str, Any], min_members: int) -> str:
    best: str | None = None
    guided = False
    for u, _, key in G.in_edges(n, keys=True):
        if key == "COVERS":
            cat = _FORM_CATEGORY.get(G.nodes[u].get("form", ""), "attached")
            if best is None or _PRECEDENCE[cat] < _PRECEDENCE[best]:
                best = cat
        elif key == "GUIDES":
            guided = True
    if best is not None:
        return best
    if guided:
        return "work"
    formal = data.get("formal_members") or 0
    if formal >= min_members:
        return "must_build"
    return "joint_candidate" if formal > 0 else "no_members"
