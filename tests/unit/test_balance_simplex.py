"""The balance plan's network simplex (:mod:`pbgraph.analyses.balance.simplex`) is
networkx's, pivot for pivot: the same cost and the same flow, edge by edge, on random
networks (parallel arcs, arcs of capacity 0, negative costs, infinite capacities, but no
negative arc of infinite capacity: networkx loops forever on a negative cycle of them), on the
plans' own networks, and where it leaves the problem to networkx (floats, numbers too big
for int64, self-loops, unfeasible or unbounded problems)."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.analyses.balance import DemandItem, Supplier, solve
from pbgraph.analyses.balance import network as network_module
from pbgraph.analyses.balance.simplex import Arcs, _Simplex, min_cost_flow, network_simplex


def outcome(f: Any, G: nx.MultiDiGraph) -> Any:
    """``f(G)``, or the type of what it raised."""
    try:
        return f(G)
    except nx.NetworkXException as e:
        return type(e)


@st.composite
def networks(draw: st.DrawFn) -> nx.MultiDiGraph:
    n = draw(st.integers(2, 9))
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(n))
    for _ in range(draw(st.integers(1, 30))):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if u == v:
            continue
        attrs: dict[str, int] = {"weight": draw(st.integers(-20, 50))}
        cap = draw(st.one_of(st.none(), st.integers(0, 6)))
        if cap is None and attrs["weight"] < 0:
            cap = 6  # networkx never stops on a negative cycle of infinite capacity
        if cap is not None:
            attrs["capacity"] = cap
        G.add_edge(u, v, **attrs)
    supply = draw(st.integers(0, 8))
    s, t = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    G.nodes[s]["demand"] = G.nodes[s].get("demand", 0) - supply
    G.nodes[t]["demand"] = G.nodes[t].get("demand", 0) + supply
    return G


@settings(max_examples=150, deadline=None)
@given(networks())
def test_same_flow_as_networkx(G: nx.MultiDiGraph) -> None:
    got, want = outcome(network_simplex, G), outcome(nx.network_simplex, G)
    assert got == want
    if isinstance(want, tuple):  # the same dict, in the same order
        assert [(u, list(d)) for u, d in got[1].items()] == [
            (u, list(d)) for u, d in want[1].items()
        ]


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Supplier], list[DemandItem]]:
    streets = ["A/1", "A/2", "B/1"]
    n_items = draw(st.integers(1, 25))
    items = [
        DemandItem(f"o{k}", "", draw(st.sampled_from(streets)), None,
                   draw(st.sampled_from([4, 8, 16, 66])), size=draw(st.integers(0, 3)))
        for k in range(n_items)
    ]  # fmt: skip
    items = [DemandItem(it.id, "", it.street, it.street.split("/")[0], it.weight, size=it.size)
             for it in items if it.street]  # fmt: skip
    sups = []
    for k in range(draw(st.integers(1, 5))):
        street = draw(st.sampled_from(streets))
        mine = draw(st.lists(st.sampled_from([it.id for it in items]), max_size=4, unique=True))
        sups.append(Supplier(f"s{k}", "", street, street.split("/")[0], draw(st.integers(0, 4)),
                             draw(st.sampled_from(["street", "district", "city"])),
                             tuple(mine)))  # fmt: skip
    return sups, items


@settings(max_examples=40, deadline=None)
@given(instances(), st.sampled_from([None, 0, 1, 3]), st.integers(1, 4))
def test_same_plans_as_with_networkx(
    inst: tuple[list[Supplier], list[DemandItem]], max_changes: int | None, gap: int
) -> None:
    """Whole plans (with the Lagrangian search of ``max_changes``): the same assignment,
    moves and loads as with ``networkx.network_simplex``."""
    sups, items = inst

    def plan() -> Any:
        try:
            p = solve(sups, items, max_changes=max_changes, move_gap=gap)
        except Exception as e:
            return repr(e)
        return (p.assignment, p.kept, p.moved, p.load_after, p.objective, p.exact, p.bonus)

    got = plan()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(network_module, "min_cost_flow",
                   lambda arcs: nx.network_simplex(arcs.to_networkx()))  # fmt: skip
        want = plan()
    assert got == want


@st.composite
def calls(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """``add_node``/``add_edge`` calls: parallel arcs, arcs of capacity 0 or none, nodes
    added again with or without a demand."""
    names = st.sampled_from(["src", "snk", "a", "b", 3, 1])
    out: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(0, 25))):
        if draw(st.booleans()):
            out.append(("node", draw(names), draw(st.one_of(st.none(), st.integers(-5, 5)))))
        else:
            cap, w = draw(st.one_of(st.none(), st.integers(0, 4))), draw(st.integers(-9, 9))
            if cap is None and w < 0:
                cap = 4  # networkx never stops on a negative cycle of infinite capacity
            out.append(("edge", draw(names), draw(names), cap, w))
    return out


@settings(max_examples=150, deadline=None)
@given(calls())
def test_arcs_numbered_as_networkx_numbers_its_graph(ops: list[tuple[Any, ...]]) -> None:
    """:class:`Arcs` without networkx: the same nodes, edges, keys, capacities and weights,
    in the same order, as the ``MultiDiGraph`` of the same calls (built here by networkx
    itself); :meth:`Arcs.copy` is independent of the original."""
    A, G = Arcs(), nx.MultiDiGraph()
    for op in ops:
        if op[0] == "node":
            A.add_node(op[1], demand=op[2])
            G.add_node(op[1], **({} if op[2] is None else {"demand": op[2]}))
        else:
            _, u, v, cap, w = op
            attrs = {"weight": w} | ({} if cap is None else {"capacity": cap})
            A.add_edge(u, v, **attrs)
            G.add_edge(u, v, **attrs)
    H = A.to_networkx()
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    a, g = _Simplex.of_arcs(A), _Simplex.of(G)
    assert (a is None) == (g is None)
    if a is not None and g is not None:
        for attr in ("node_list", "node_demands", "edge_sources", "edge_targets", "edge_keys",
                     "edge_capacities", "edge_weights", "empty"):  # fmt: skip
            assert getattr(a, attr) == getattr(g, attr), attr
    if len(G) and sum(d for _, d in G.nodes(data="demand", default=0)) == 0:
        assert outcome(lambda _: min_cost_flow(A), G) == outcome(network_simplex, G)
    B = A.copy()
    B.add_edge("src", "a", weight=1)
    B.add_node("new", demand=1)
    assert list(A.to_networkx().edges(keys=True, data=True)) == list(H.edges(keys=True, data=True))
    assert "new" not in A.adj and "new" not in A.demand


def test_left_to_networkx() -> None:
    """Floats, numbers that could overflow int64 and self-loops go to networkx (and give
    its answer); plain integers do not."""
    G = nx.MultiDiGraph()
    G.add_node("s", demand=-2)
    G.add_node("t", demand=2)
    G.add_edge("s", "t", capacity=1, weight=3)
    G.add_edge("s", "t", weight=5)
    G.add_edge("s", "m", capacity=0, weight=-1)
    assert _Simplex.of(G) is not None
    assert network_simplex(G) == nx.network_simplex(G) == (8, {
        "s": {"t": {0: 1, 1: 1}, "m": {0: 0}}, "t": {}, "m": {}})  # fmt: skip
    for change in (
        lambda H: H.add_edge("s", "t", weight=0.5),
        lambda H: H.add_edge("s", "t", weight=2**61),
        lambda H: H.add_edge("t", "t", weight=1),
    ):
        H = G.copy()
        change(H)
        assert _Simplex.of(H) is None
        assert network_simplex(H) == nx.network_simplex(H)
    with pytest.raises(nx.NetworkXError):
        network_simplex(nx.MultiDiGraph())
