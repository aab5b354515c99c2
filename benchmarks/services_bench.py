"""Transfers and the service circle at city scale, on a loaded embedded store.

    python -m pbgraph generate --orgs 500000 --out /tmp/city
    python -m pbgraph load /tmp/city/* --store /tmp/city-store
    python benchmarks/services_bench.py --store /tmp/city-store

Prints the time of each phase of ``pbgraph transfers`` (reading the columns it reads; the
analysis, which runs coverage twice: on the ledgers and on the copy with the pending
transfers applied; the rows) with one coverage run measured alone in the same run as the
baseline, and of ``pbgraph services`` (reading; the whole analysis; the flow solve alone)
with networkx's own ``network_simplex`` on the same network as the baseline (the solver the
plan uses reproduces it pivot for pivot, so the costs must be equal: checked). Timings never
fail anything.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any


def timed(label: str, f: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    out = f()
    print(f"{label:<46} {time.perf_counter() - t0:7.2f} s")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="Folder of a loaded embedded store.")
    args = ap.parse_args()

    import networkx as nx

    from pbgraph.analyses import service_match
    from pbgraph.analyses.coverage import coverage
    from pbgraph.analyses.services import inputs as service_inputs
    from pbgraph.analyses.services import services
    from pbgraph.analyses.transfers import inputs, transfers
    from pbgraph.stores.sqlite import EmbeddedStore

    with EmbeddedStore(args.store) as s:
        t = timed("transfers: read the columns", lambda: s.tables(**inputs()))
        timed("  baseline: one coverage run alone", lambda: coverage(t))
        r = timed("transfers: the analysis (2 coverage runs)", lambda: transfers(t))
        timed("transfers: the case rows as a table", lambda: r.table())
        print(f"  {r.totals()}")
        ts = timed("services: read the columns", lambda: s.tables(**service_inputs()))
    solved: list[nx.MultiDiGraph] = []
    real = service_match.network_simplex

    def keep(G: nx.MultiDiGraph) -> Any:
        solved[:] = [G]
        t0 = time.perf_counter()
        out = real(G)
        print(
            f"{'  of which the flow solve (numpy simplex)':<46} {time.perf_counter() - t0:7.2f} s"
        )
        return out

    service_match.network_simplex = keep  # type: ignore[assignment]
    try:
        sv = timed("services: the analysis", lambda: services(ts))
    finally:
        service_match.network_simplex = real
    print(f"  {sv.totals()}")
    if solved:
        G = solved[0]
        print(f"  network: {G.number_of_nodes()} nodes, {G.number_of_edges()} arcs")
        ours = real(G)[0]
        theirs = timed("  baseline: networkx.network_simplex", lambda: nx.network_simplex(G))[0]
        assert ours == theirs, (ours, theirs)


if __name__ == "__main__":
    main()
