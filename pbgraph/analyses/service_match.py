"""The exact assignment of service needs to service projects (服务圈): a min-cost flow solved
by the balance plans' network simplex (:func:`pbgraph.analyses.balance.simplex.network_simplex`,
integer arithmetic, exact).

A need goes to a project of its type with capacity left. The plan maximises, in this order:

1. the number of needs met;
2. then minimises the distance: a project in the need's street costs 0, in its district 1,
   elsewhere in the city 2 (so the same street first, then the district, then the city).

Both are one cost: an unmet need costs ``W = 2·(open needs) + 1``, more than any change of
distance a plan can make. Needs of one street (or of one district when the street is not
known) and type are interchangeable, so they are one class node; a project reaches its own
street's class directly (0), its district's classes through a district hub (1) and every
class through the city hub (2). Each unit of flow from a project to a class is one need; a
path's cost is the true distance of the pair it makes (any decomposition of an optimal flow
is an optimal assignment: its pairs' distances are at most their paths' costs, whose sum is
the optimum). Within a class the needs stated first are met first (date, then id).

>>> needs = [Need("n1", "legal", "A", "A/s"), Need("n2", "legal", "A", "A/t")]
>>> plan = match(needs, [Project("p1", "legal", 1, "A", "A/t")])
>>> plan
{'n2': 'p1'}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .balance.simplex import network_simplex

__all__ = ["Need", "Project", "distance", "match"]


@dataclass(frozen=True)
class Need:
    """An open need: its type and place (``street`` is ``"district/street"``, or ``None``)."""

    id: str
    type: str
    district: str | None
    street: str | None
    date: str = ""


@dataclass(frozen=True)
class Project:
    """A project's capacity left, its type and place (``street`` may be ``None``)."""

    id: str
    type: str
    capacity: int
    district: str | None
    street: str | None


def distance(n: Need, p: Project) -> int:
    """0 in the need's street, 1 in its district, 2 elsewhere."""
    if p.street is not None and p.street == n.street:
        return 0
    if p.district is not None and p.district == n.district:
        return 1
    return 2


Class = tuple[str, str | None, str | None]  # (type, district, street)


def match(needs: Sequence[Need], projects: Sequence[Project]) -> dict[str, str]:
    """``{need id: project id}`` of an optimal plan (see the module docstring)."""
    classes: dict[Class, list[Need]] = defaultdict(list)
    for n in needs:
        classes[(n.type, n.district, n.street)].append(n)
    types = {c[0] for c in classes}
    useful = [p for p in projects if p.capacity > 0 and p.type in types]
    if not useful:
        return {}
    G, total = _network(classes, useful)
    _, flow = network_simplex(G)
    units = _decompose(G, flow, classes, useful)
    plan: dict[str, str] = {}
    for c, got in units.items():
        queue = sorted(classes[c], key=lambda n: (n.date, n.id))
        i = 0
        for pid, count in sorted(got.items(), key=lambda kv: (kv[1][1], kv[0])):
            for n in queue[i : i + count[0]]:
                plan[n.id] = pid
            i += count[0]
    assert len(plan) <= total
    return plan


def _network(classes: dict[Class, list[Need]],
             projects: Sequence[Project]) -> tuple[nx.MultiDiGraph, int]:  # fmt: skip
    total = sum(len(v) for v in classes.values())
    G = nx.MultiDiGraph()
    G.add_node("s", demand=-total)
    G.add_node("z", demand=total)
    G.add_edge("s", "z", key="unmet", capacity=total, weight=2 * total + 1)
    by_type: dict[str, set[Class]] = defaultdict(set)
    for c, members in classes.items():
        G.add_edge(("c", c), "z", key="need", capacity=len(members), weight=0)
        by_type[c[0]].add(c)
        if c[1] is not None:
            G.add_edge(("d", c[0], c[1]), ("c", c), key="in", weight=0)
            G.add_edge(("city", c[0]), ("d", c[0], c[1]), key="in", weight=0)
        else:
            G.add_edge(("city", c[0]), ("c", c), key="in", weight=0)
    for k, p in enumerate(projects):
        node = ("p", k)
        G.add_edge("s", node, key="cap", capacity=p.capacity, weight=0)
        own = (p.type, p.district, p.street)
        if p.street is not None and own in classes:
            G.add_edge(node, ("c", own), key="street", weight=0)
        if p.district is not None and G.has_node(("d", p.type, p.district)):
            G.add_edge(node, ("d", p.type, p.district), key="district", weight=1)
        G.add_edge(node, ("city", p.type), key="city", weight=2)
    return G, total


def _decompose(G: nx.MultiDiGraph, flow: dict[Any, Any], classes: dict[Class, list[Need]],
               projects: Sequence[Project]) -> dict[Class, dict[str, list[int]]]:  # fmt: skip
    """``{class: {project id: [needs, distance]}}`` from the flow, hub by hub."""
    out: dict[Class, dict[str, list[int]]] = defaultdict(dict)
    at_hub: dict[Any, list[tuple[str, int, int]]] = defaultdict(list)  # hub -> (project, n, cost)

    def give(c: Class, pid: str, n: int, cost: int) -> None:
        got = out[c].setdefault(pid, [0, cost])
        got[0] += n

    for k, p in enumerate(projects):
        for (v, key), f in _out_flows(flow, ("p", k)):
            if key == "street":
                give(v[1], p.id, f, 0)
            else:
                at_hub[v].append((p.id, f, 1 if key == "district" else 2))
    for hub in sorted((h for h in at_hub if h[0] == "city"), key=str):
        _hand_out(flow, hub, at_hub, give)
    for hub in sorted((h for h in at_hub if h[0] == "d"), key=str):
        _hand_out(flow, hub, at_hub, give)
    return out


def _out_flows(flow: dict[Any, Any], u: Any) -> list[tuple[tuple[Any, str], int]]:
    return [((v, key), f) for v, keys in flow.get(u, {}).items() for key, f in keys.items() if f]


def _hand_out(flow: dict[Any, Any], hub: Any, at_hub: dict[Any, list[tuple[str, int, int]]],
              give: Any) -> None:  # fmt: skip
    """Pass a hub's incoming units (first in, first out) on along its outgoing flow."""
    queue = at_hub.pop(hub, [])
    for (v, _key), f in sorted(_out_flows(flow, hub), key=lambda x: str(x[0][0])):
        while f:
            pid, n, cost = queue[0]
            take = min(n, f)
            if v[0] == "c":
                give(v[1], pid, take, cost)
            else:
                at_hub[v].append((pid, take, cost))
            f -= take
            queue[0] = (pid, n - take, cost)
            if n == take:
                queue.pop(0)
