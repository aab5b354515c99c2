"""The projection as tables: node attributes by label, relationship endpoints by type.

Analyses that look at every organization (coverage, grouping) work on these columns with
numpy instead of walking the networkx graph node by node. The stores build them while they
build the graph (:func:`pbgraph.graphmodel.projection.build_graph` stores them in
``G.graph["tables"]``, sharing the graph's own attribute dicts, so attributes changed in
place are seen); for any other graph, a copy, or a graph whose nodes or adjacent pairs were
added or removed since, :func:`tables_of` rebuilds them from the graph in one pass.

Relationship endpoints are also kept as integer positions into their label's table
(:meth:`Tables.positions`), computed once and cached: joins become numpy indexing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from .schema import RELS, split_node_id

__all__ = ["Tables", "tables_of"]

_REL_NAME = {(r.type, r.start, r.end): r.name for r in RELS}
_REL_ENDS = {r.name: (r.start, r.end) for r in RELS}


@dataclass
class Tables:
    """``nodes[label] = (keys, attribute dicts)``; ``rels[name] = (start keys, end keys)``."""

    nodes: dict[str, tuple[list[str], list[dict[str, Any]]]] = field(default_factory=dict)
    rels: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    n_nodes: int = 0
    n_pairs: int = 0  # adjacent (u, v) pairs: ``pair_count``
    node_map: Any = None  # the graph's own node dict, to tell a copy from the original
    _index: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    _positions: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)

    def node_table(self, label: str) -> tuple[list[str], list[dict[str, Any]]]:
        return self.nodes.get(label, ([], []))

    def rel_table(self, name: str) -> tuple[list[str], list[str]]:
        return self.rels.get(name, ([], []))

    def index(self, label: str) -> dict[str, int]:
        """``{key: position}`` in the node table of ``label`` (cached)."""
        ix = self._index.get(label)
        if ix is None:
            keys = self.node_table(label)[0]
            ix = self._index[label] = dict(zip(keys, range(len(keys)), strict=True))
        return ix

    def positions(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Start and end positions of relationship ``name`` in their node tables (cached)."""
        pos = self._positions.get(name)
        if pos is None:
            start, end = _REL_ENDS[name]
            s, e = self.rel_table(name)
            si, ei = self.index(start), self.index(end)
            pos = self._positions[name] = (
                np.fromiter(map(si.__getitem__, s), dtype=np.int64, count=len(s)),
                np.fromiter(map(ei.__getitem__, e), dtype=np.int64, count=len(e)),
            )
        return pos

    def matches(self, G: nx.MultiDiGraph) -> bool:
        """Whether the tables were made from ``G`` and it still has the same nodes and
        adjacent pairs (counted: a full edge count is several times slower)."""
        return self.node_map is G._node and self.n_nodes == len(G) and self.n_pairs == pair_count(G)


def pair_count(G: nx.MultiDiGraph) -> int:
    """Number of adjacent ``(u, v)`` pairs of a graph, counted in C."""
    return sum(map(len, G._succ.values()))


def tables_of(G: nx.MultiDiGraph) -> Tables:
    """The tables of ``G``: the store's, when they still describe ``G``; else built now."""
    t = G.graph.get("tables")
    if isinstance(t, Tables) and t.matches(G):
        return t
    nodes: dict[str, tuple[list[str], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
    for n, d in G.nodes(data=True):
        label = d.get("label") or split_node_id(str(n))[0]
        keys, attrs = nodes[label]
        keys.append(split_node_id(str(n))[1])
        attrs.append(d)
    rels: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for u, v, k in G.edges(keys=True):
        (lu, ku), (lv, kv) = split_node_id(str(u)), split_node_id(str(v))
        name = _REL_NAME.get((k, lu, lv))
        if name is not None:
            s, e = rels[name]
            s.append(ku)
            e.append(kv)
    return Tables(dict(nodes), dict(rels), len(G), pair_count(G), G._node)
