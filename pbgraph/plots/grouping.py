"""Charts of joint-formation proposals; every function returns ``(fig, ax)`` and is saved
with :func:`pbgraph.plots.style.save` (Chinese glyphs from the packaged CJK font).
:func:`street_network` takes a networkx graph or the tables of one (the buildings' names
and the organizations' buildings are all it reads)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import networkx as nx

from ..analyses.grouping import GroupingResult
from ..graphmodel.regioncode import short_names
from ..graphmodel.tables import Tables, tables_of
from ..labels import lang_index, pick
from ..labels.grouping import CHART, COLUMNS, JOINT_BRANCH, NODES
from .style import cjk_font

__all__ = ["proposals_by_street", "street_network"]


def proposals_by_street(result: GroupingResult, *, lang: str = "zh", top: int = 30) -> tuple[Any, Any]:  # fmt: skip
    """Stacked bars per area (most candidates first): candidates covered by the proposal,
    left out, and the upper bound marked."""
    cjk_font()
    i = lang_index(lang)
    rows = sorted(result.areas, key=lambda a: (-a["candidates"], a["area"]))[:top]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(rows) + 1.2)))
    labels = short_names([a["area"] for a in rows])
    covered = [a["covered"] for a in rows]
    left = [a["uncovered"] for a in rows]
    ax.barh(labels, covered, color="#2e86c1", label=COLUMNS["covered"][i])
    ax.barh(labels, left, left=covered, color="#c0392b", label=COLUMNS["uncovered"][i])
    ax.scatter([a["upper_bound"] for a in rows], labels, marker="|", s=120, color="black",
               label=COLUMNS["upper_bound"][i], zorder=3)  # fmt: skip
    ax.set_xlabel(CHART["candidates"][i])
    ax.set_title(CHART["title"][i])
    ax.invert_yaxis()
    ax.legend(loc="lower right")
    return fig, ax


def _pick_area(result: GroupingResult) -> str:
    """A readable area: the smallest one with at least three proposed groups (or the most)."""
    n_groups: dict[str, int] = {}
    for g in result.groups:
        n_groups[g.area] = n_groups.get(g.area, 0) + 1
    if not n_groups:
        return result.areas[0]["area"] if result.areas else ""
    size = {a["area"]: a["candidates"] for a in result.areas}
    ok = [a for a, k in n_groups.items() if k >= 3]
    if ok:
        return min(ok, key=lambda a: (size.get(a, 0), a))
    return max(n_groups, key=lambda a: (n_groups[a], a))


def street_network(G: nx.MultiDiGraph | Tables, result: GroupingResult, *,
                   area: str | None = None, lang: str = "zh") -> tuple[Any, Any]:  # fmt: skip
    """One area's proposal as a network: organizations (circles; left-out candidates red,
    units with no member grey), their buildings (squares) and the proposed groups (diamonds).
    ``G``: a graph or its tables (``IN_BUILDING_Organization_Building`` and the buildings'
    names are read)."""
    cjk_font()
    i = lang_index(lang)
    area = area if area is not None else _pick_area(result)
    H = nx.Graph()
    groups = [g for g in result.groups if g.area == area]
    left = [x for x in result.uncovered if x["area"] == area]
    kind: dict[str, str] = {}
    for g in groups:
        gid = f"G:{g.id}"
        H.add_node(gid)
        kind[gid] = "group"
        for c, f in zip(g.codes, g.formal, strict=True):
            H.add_edge(gid, f"O:{c}", rel="member")
            kind[f"O:{c}"] = "member" if f > 0 else "empty"
    for x in left:
        kind[f"O:{x['credit_code']}"] = "left"
        H.add_node(f"O:{x['credit_code']}")
    bname: dict[str, str] = {}
    for o, b, name in _buildings(G, [n for n in kind if n.startswith("O:")]):
        bname[f"B:{b}"] = name
        H.add_edge(o, f"B:{b}", rel="in")
        kind[f"B:{b}"] = "building"
    fig, ax = plt.subplots(figsize=(9, 7))
    if len(H):
        pos = nx.spring_layout(H, seed=7, k=0.6 / max(1, len(H)) ** 0.3)
        edges_in = [(u, v) for u, v, d in H.edges(data=True) if d["rel"] == "in"]
        edges_m = [(u, v) for u, v, d in H.edges(data=True) if d["rel"] == "member"]
        nx.draw_networkx_edges(H, pos, edgelist=edges_in, ax=ax, edge_color="#bbbbbb",
                               style="dashed", width=0.8)  # fmt: skip
        nx.draw_networkx_edges(H, pos, edgelist=edges_m, ax=ax, edge_color="#2e86c1", width=1.2)
        styles = {
            "group": ("D", "#1f618d", 140),
            "building": ("s", "#f5b041", 110),
            "member": ("o", "#5dade2", 50),
            "empty": ("o", "#aab7b8", 40),
            "left": ("o", "#c0392b", 70),
        }
        for k, (shape, color, size) in styles.items():
            nodes = [n for n in H if kind.get(n) == k]
            if nodes:
                nx.draw_networkx_nodes(H, pos, nodelist=nodes, node_shape=shape, node_color=color,
                                       node_size=size, ax=ax, label=NODES[k][i])  # fmt: skip
        street = area.split("/")[-1]
        suffix = pick(JOINT_BRANCH, "zh")  # a branch's name is Chinese in every language
        labels = {f"G:{g.id}": g.name.removeprefix(street).removesuffix(suffix) or g.id
                  for g in groups}  # fmt: skip
        labels.update(bname)
        nx.draw_networkx_labels(H, pos, labels=labels, font_size=7, ax=ax,
                                font_family=cjk_font())  # fmt: skip
        ax.legend(loc="upper left", fontsize=8, markerscale=0.8)
    ax.set_title(CHART["network_title"][i].format(area=area, groups=len(groups), left=len(left)))
    ax.set_axis_off()
    return fig, ax


def _buildings(G: nx.MultiDiGraph | Tables, orgs: list[str]) -> list[tuple[str, str, str]]:
    """``(organization, building node id, building name)`` of the organizations ``orgs``
    (``O:<credit code>``) that are in a building, in their order; a building without a name
    is named by its key's last part (after a ``/``)."""
    t = G if isinstance(G, Tables) else tables_of(G)
    starts, ends = t.positions("IN_BUILDING_Organization_Building")
    o_at, b_keys = t.index("Organization"), t.keys("Building")
    b_names = t.column("Building", "name")
    building = dict(zip(starts.tolist(), ends.tolist(), strict=True))  # one each at most
    out = []
    for o in orgs:
        b = building.get(o_at.get(o[2:], -1))
        if b is not None:
            node = f"Building:{b_keys[b]}"
            name = b_names[b]
            out.append((o, node, node.split("/")[-1] if name is None else name))
    return out
