"""Building the networkx projection fast: both stores hand their rows to :func:`build_graph`.

``MultiDiGraph.add_edges_from`` checks and copies every edge; a city has over a million.
Here the adjacency dicts are filled directly, in the layout networkx itself uses
(``G._succ[u][v][key] is G._pred[v][u][key]``), which ``tests/unit/test_store.py`` compares against
the graph ``add_edges_from`` builds.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

import networkx as nx

from .schema import RelType
from .tables import Tables, pair_count

__all__ = ["build_graph"]


def build_graph(
    nodes: Iterable[tuple[str, Iterable[tuple[str, dict[str, Any]]]]],
    rels: Iterable[tuple[RelType, Iterable[tuple[str, str, dict[str, Any]]]]],
) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` from rows grouped by label and by relationship type.

    ``nodes`` yields ``(label, rows of (key, attrs))``; ``rels`` yields ``(RelType, rows of
    (start key, end key, attrs))``. Node ids are ``"<label>:<key>"``; an endpoint missing
    from ``nodes`` is added without attributes, as networkx would. Each ``(u, v, type)``
    appears once (the stores' keys guarantee it). The same rows, as columns, are kept in
    ``G.graph["tables"]`` (:mod:`pbgraph.graphmodel.tables`).
    """
    collecting = gc.isenabled()
    gc.disable()  # millions of new dicts, none of them garbage: nothing for the collector
    try:
        G = _build(nodes, rels)
    finally:
        if collecting:
            gc.enable()
    # One full collection now, while loading: the graph's millions of objects are then
    # old, and the collector leaves them alone until as many new ones have survived.
    # (Left to chance, the first collections would walk them during the first analysis.)
    gc.collect()
    return G


def _build(
    nodes: Iterable[tuple[str, Iterable[tuple[str, dict[str, Any]]]]],
    rels: Iterable[tuple[RelType, Iterable[tuple[str, str, dict[str, Any]]]]],
) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    tables = Tables()
    node = G._node
    succ, pred = G._succ, G._pred
    for label, rows in nodes:
        keys, attrs = tables.nodes.setdefault(label, ([], []))
        for key, data in rows:
            nid = f"{label}:{key}"
            if nid not in node:
                node[nid] = data
                succ[nid] = {}
                pred[nid] = {}
                keys.append(key)
                attrs.append(data)
    for r, rel_rows in rels:
        starts, ends = tables.rels.setdefault(r.name, ([], []))
        t, sp, ep = r.type, f"{r.start}:", f"{r.end}:"
        for a, b, data in rel_rows:
            u, v = sp + a, ep + b
            su = succ.get(u)
            pv = pred.get(v)
            if su is None or pv is None:  # an endpoint the node rows did not have
                for nid, label, key in ((u, r.start, a), (v, r.end, b)):
                    if nid not in node:
                        G.add_node(nid)
                        keys_, attrs_ = tables.nodes.setdefault(label, ([], []))
                        keys_.append(key)
                        attrs_.append(node[nid])
                su, pv = succ[u], pred[v]
            keyed = su.get(v)
            if keyed is None:
                keyed = su[v] = {}
                pv[u] = keyed
            keyed[t] = data
            starts.append(a)
            ends.append(b)
    tables.n_nodes, tables.n_pairs, tables.node_map = len(G), pair_count(G), node
    for name in tables.rels:  # joins by position, ready for the analyses
        tables.positions(name)
    G.graph["tables"] = tables
    return G
