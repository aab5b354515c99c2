"""The projection as tables: node attributes by label, relationship endpoints by type.

Analyses that look at every organization (coverage, grouping) work on these columns with
numpy instead of walking the networkx graph node by node. The stores build them while they
build the graph (:func:`pbgraph.graphmodel.projection.build_graph` stores them in
``G.graph["tables"]``, sharing the graph's own attribute dicts); for any other graph, or a
graph changed since, :func:`tables_of` rebuilds them from the graph in one pass.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import networkx as nx

from .schema import RELS, split_node_id

__all__ = ["Tables", "tables_of"]

_REL_NAME = {(r.type, r.start, r.end): r.name for r in RELS}


@dataclass
class Tables:
    """``nodes[label] = (keys, attribute dicts)``; ``rels[name] = (start keys, end keys)``."""

    nodes: dict[str, tuple[list[str], list[dict[str, Any]]]] = field(default_factory=dict)
    rels: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    n_nodes: int = 0
    n_edges: int = 0

    def node_table(self, label: str) -> tuple[list[str], list[dict[str, Any]]]:
        return self.nodes.get(label, ([], []))

    def rel_table(self, name: str) -> tuple[list[str], list[str]]:
        return self.rels.get(name, ([], []))

    def matches(self, G: nx.MultiDiGraph) -> bool:
        """Whether the graph still has the nodes and edges the tables were made from
        (counted; networkx's own ``number_of_edges`` is several times slower)."""
        return self.n_nodes == len(G) and self.n_edges == edge_count(G)


def edge_count(G: nx.MultiDiGraph) -> int:
    """Number of edges of a multigraph, counted in C over its adjacency."""
    return sum(map(len, chain.from_iterable(nbrs.values() for nbrs in G._adj.values())))


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
    return Tables(dict(nodes), dict(rels), len(G), edge_count(G))
