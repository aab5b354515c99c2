"""Building the networkx projection fast: both stores hand their rows to :func:`build_graph`.

``MultiDiGraph.add_edges_from`` checks and copies every edge; a city has over a million.
Here the adjacency dicts are filled directly, in the layout networkx itself uses
(``G._succ[u][v][key] is G._pred[v][u][key]``), which ``tests/test_store.py`` compares against
the graph ``add_edges_from`` builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

__all__ = ["build_graph"]


def build_graph(
    nodes: Iterable[tuple[str, dict[str, Any]]],
    edges: Iterable[tuple[str, str, str, dict[str, Any]]],
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of ``(id, attrs)`` nodes and ``(u, v, key, attrs)`` edges.

    Edge endpoints missing from ``nodes`` are added without attributes, as networkx would.
    Each ``(u, v, key)`` appears once (the stores' keys guarantee it).
    """
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes)
    succ, pred, node = G._succ, G._pred, G._node
    for u, v, key, data in edges:
        if u not in node:
            G.add_node(u)
        if v not in node:
            G.add_node(v)
        su = succ[u]
        keys = su.get(v)
        if keys is None:
            keys = su[v] = {}
            pred[v][u] = keys
        keys[key] = data
    return G
