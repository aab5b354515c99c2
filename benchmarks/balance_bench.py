"""Balancing at city scale: the instructor and pairing plans on a loaded embedded store.

    python -m pbgraph generate --orgs 500000 --out /tmp/city
    python -m pbgraph load /tmp/city/* --store /tmp/city-store
    python benchmarks/balance_bench.py --store /tmp/city-store

Prints the time of each phase (reading the graph, the plan, its words and street table)
and, as the baseline measured in the same run, networkx's own ``max_flow_min_cost`` on the
plan's aggregated network without the convex load arcs (a plain transportation problem of
the same size): the ratio says what balancing, stability and the hand-out cost on top of a
bare flow solve. Timings never fail anything.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="Folder of a loaded embedded store.")
    args = ap.parse_args()

    from pbgraph.analyses.balance import balance_instructors, balance_pairings
    from pbgraph.analyses.balance.network import Network
    from pbgraph.stores.sqlite import EmbeddedStore

    t0 = time.perf_counter()
    with EmbeddedStore(args.store) as s:
        G = s.graph()
    print(f"read graph            {time.perf_counter() - t0:7.2f} s  ({len(G)} nodes)")
    for name, fn in (("instructors", balance_instructors), ("pairings", balance_pairings)):
        t = time.perf_counter()
        r = fn(G)
        t_plan = time.perf_counter() - t
        t = time.perf_counter()
        r.assignments()
        r.changes()
        r.streets()
        t_words = time.perf_counter() - t
        st = r.stats()
        print(f"{name:12s} plan      {t_plan:7.2f} s  words+streets {t_words:5.2f} s  "
              f"demand {st['after']['demand']}, suppliers {len(r.suppliers)}, "
              f"served {st['before']['served']} -> {st['after']['served']}, "
              f"max load {st['before']['max_load']} -> {st['after']['max_load']}, "
              f"Gini {st['before']['gini']} -> {st['after']['gini']}, "
              f"moves {st['after']['moves']}")  # fmt: skip
        if name == "instructors":
            net = Network(r.suppliers, r.items, r.by_item, (0, 12, 40), True)
            H = nx.DiGraph()
            for u, v, d in net.G.edges(data=True):
                if u != "src":
                    H.add_edge(u, v, **d)
            for k, sp in enumerate(r.suppliers):
                H.add_edge("src", f"i{k}", capacity=sp.capacity, weight=0)
            for (t_, w), lst in net.classes.items():
                H.add_edge(f"c{t_}|{w}", "snk", capacity=len(lst), weight=-w)
            for (sid, t_, w), lst in net.egroups.items():
                H.add_edge(f"e{sid}|{t_}|{w}", "snk", capacity=len(lst), weight=-w)
            for node, e, n, c in net.keep_arcs:
                H.add_edge(node, e, capacity=n, weight=c)
            t = time.perf_counter()
            nx.max_flow_min_cost(H, "src", "snk")
            base = time.perf_counter() - t
            print(f"baseline: bare max_flow_min_cost on the same network {base:7.2f} s "
                  f"(plan / baseline = {t_plan / base:.2f})")  # fmt: skip


if __name__ == "__main__":
    main()
