"""Small read-only helpers over the projection shared by the analyses."""

from __future__ import annotations

import networkx as nx

__all__ = ["org_places"]


def org_places(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """``{organization node: (district name, street name)}`` via ``LOCATED_IN``/``PART_OF``."""
    out: dict[str, tuple[str, str]] = {}
    for u, v, key in G.edges(keys=True):
        if key != "LOCATED_IN" or G.nodes[u].get("label") != "Organization":
            continue
        street = G.nodes[v]
        district = next(
            (G.nodes[d].get("name", "") for _, d, k in G.out_edges(v, keys=True) if k == "PART_OF"),
            "",
        )
        out[u] = (district, street.get("name", ""))
    return out
