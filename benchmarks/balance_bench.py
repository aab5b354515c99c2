"""Balancing at city scale: the instructor and pairing plans on a loaded embedded store.

    python -m pbgraph generate --orgs 500000 --out /tmp/city
    python -m pbgraph load /tmp/city/* --store /tmp/city-store
    python benchmarks/balance_bench.py --store /tmp/city-store

Prints the time of each phase (reading the columns each plan reads, ``store.tables(
**inputs(kind))``, as ``pbgraph balance`` does; the plan; its words and street table) and
two baselines measured in the same run: ``networkx.network_simplex`` on the plan's own
network (the solver :mod:`pbgraph.analyses.balance.simplex` reproduces pivot for pivot,
so the flows must be equal: checked) and networkx's ``max_flow_min_cost`` on the plan's
aggregated network without the convex load arcs (a plain transportation problem of the
same size): the ratios say what the numpy pricing saves, and what balancing, stability and
the hand-out cost on top of a bare flow solve. Timings never fail anything.
"""

from __future__ import annotations

import argparse
import time

import networkx as nx


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", required=True, help="Folder of a loaded embedded store.")
    args = ap.parse_args()

    from pbgraph.analyses.balance import balance_instructors, balance_pairings, inputs
    from pbgraph.analyses.balance import network as network_module
    from pbgraph.analyses.balance.network import Network
    from pbgraph.analyses.balance.simplex import Arcs, min_cost_flow, network_simplex
    from pbgraph.stores.sqlite import EmbeddedStore

    solved: list[nx.MultiDiGraph] = []

    def keep(arcs: Arcs) -> tuple[int, dict]:  # the network solved, as networkx's graph
        solved[:] = [arcs.to_networkx()]
        return min_cost_flow(arcs)

    for name, fn in (("instructors", balance_instructors), ("pairings", balance_pairings)):
        t = time.perf_counter()
        with EmbeddedStore(args.store, readonly=True) as s:
            tables = s.tables(**inputs(name))
        print(f"{name:12s} read      {time.perf_counter() - t:7.2f} s  (the columns it reads)")
        network_module.min_cost_flow = keep  # type: ignore[assignment]
        t = time.perf_counter()
        r = fn(tables)
        t_plan = time.perf_counter() - t  # with the graph made for the baselines: a bit more
        network_module.min_cost_flow = min_cost_flow
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
        t = time.perf_counter()
        ours = network_simplex(solved[0])
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        same = nx.network_simplex(solved[0]) == ours
        t_nx = time.perf_counter() - t
        print(f"{name:12s} simplex   {t_ours:7.2f} s, networkx's {t_nx:.2f} s on the same network "
              f"(networkx / ours = {t_nx / t_ours:.2f}; same flow: {same})")  # fmt: skip
        if name == "instructors":
            net = Network(r.suppliers, r.items, r.by_item, (0, 12, 40), True)
            H = nx.DiGraph()
            for u, v, d in net.base.to_networkx().edges(data=True):
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
