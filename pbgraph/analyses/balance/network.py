"""The min-cost flow: the aggregated network of an instance, its exact solve (networkx's
network simplex, integer costs), the hand-out of concrete items, and :func:`solve` with the
Lagrangian search for ``max_changes`` (see :mod:`pbgraph.analyses.balance`).

The network is built as :class:`~.simplex.Arcs`, the ``MultiDiGraph`` the same
``add_edge`` calls would build without networkx's dicts (:meth:`Network.arcs`; its
``to_networkx()`` is that graph): the solver numbers both alike, so the flow is the same."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import repeat
from typing import Any, NamedTuple, Unpack

from ...errors import InfeasibleError
from .model import (
    COST_UNIT,
    DemandItem,
    Plan,
    RuleOptions,
    Rules,
    Supplier,
    item_order,
    locality,
    reaches,
)
from .simplex import Arcs, min_cost_flow


def solve(
    suppliers: Sequence[Supplier],
    items: Sequence[DemandItem],
    *,
    rules: Rules | None = None,
    **options: Unpack[RuleOptions],
) -> Plan:
    """The optimal plan of an instance (see the module docstring for the objective) under
    ``rules`` (:class:`Rules`; keyword ``options`` override its fields). Only the plan
    rules matter here: ``keep_existing``, ``max_changes``, ``move_gap`` and the costs.

    Raises :class:`~pbgraph.errors.InfeasibleError` when ``max_changes`` is below the moves
    that capacity and locality force.
    """
    r = Rules.of(rules, options)
    r.check()
    keep_existing = r.keep_existing
    ids = [s.id for s in suppliers]
    if len(set(ids)) != len(ids):
        raise ValueError("supplier ids must be unique")
    by_id = {it.id: it for it in items}
    if len(by_id) != len(items):
        raise ValueError("demand item ids must be unique")
    costs = (0, COST_UNIT * r.cross_street_cost, COST_UNIT * r.cross_district_cost)
    net = Network(suppliers, items, by_id, costs, keep_existing)
    return search(net, r, max((it.weight for it in items), default=1))


def keep_bonus(r: Rules) -> int:
    """The bonus of keeping an existing assignment (part of the secondary cost)."""
    return COST_UNIT * (2 * r.move_gap - 3) + COST_UNIT // 2 if r.keep_existing else 0


def search(net: Network, r: Rules, max_weight: int) -> Plan:
    """The plan of ``net`` under the rules ``r`` (``max_weight``: the heaviest item's
    weight): solved with the keep bonus; under ``max_changes``, the smallest extra bonus
    that keeps the moves within it. ``net.flow`` is then the plan's flow."""
    max_changes, base_bonus = r.max_changes, keep_bonus(r)
    forced = net.forced_moves
    if max_changes is not None and max_changes < forced:
        raise InfeasibleError(
            f"有 {forced} 项现有安排必须调整（超出能力或超出范围）；--max-changes {max_changes} "
            f"太小：至少应为 {forced} "
            f"({forced} existing assignments must move (over capacity or out of reach); "
            f"--max-changes {max_changes} is too small: give at least {forced})"
        )
    plan = net.solve(base_bonus)
    if max_changes is None or plan.moves <= max_changes:
        return plan
    # raise the keep bonus until the cap holds (Lagrangian search over integers); at ``hi``
    # no cycle through a kept assignment can pay for itself, not even by serving more
    hi = net.weight_scale(base_bonus) * (max_weight + 2)
    best = net.solve(base_bonus, hi)
    flow = net.flow
    if best.moves > max_changes:  # keeping everything keepable still moves too much
        raise InfeasibleError(
            f"没有一种安排能只调整至多 {max_changes} 项 "
            f"(no plan moves at most {max_changes} assignments)"
        )
    lo = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        p = net.solve(base_bonus, mid)
        if p.moves <= max_changes:
            best, hi, flow = p, mid, net.flow
        else:
            lo = mid
    net.flow = flow
    best.exact = best.moves == max_changes
    return best


class Flows(NamedTuple):
    """A solved flow, read (:meth:`Network.flows`)."""

    kept: dict[str, str]  #: existing items their supplier keeps: item id -> supplier id
    overflow: dict[str | None, list[DemandItem]]  #: per street: existing items handed on
    incoming: dict[str | None, list[str]]  #: per street: the suppliers' slots, in order
    served: dict[tuple[str | None, int], int]  #: per (street, weight) class: items served


class Network:
    """The aggregated flow network of an instance, and the hand-out of concrete items."""

    def __init__(self, suppliers: Sequence[Supplier], items: Sequence[DemandItem],
                 by_id: Mapping[str, DemandItem], costs: tuple[int, int, int],
                 keep_existing: bool) -> None:  # fmt: skip
        self.suppliers = list(suppliers)
        self._index = {s.id: k for k, s in enumerate(self.suppliers)}
        self.items = items
        self.by_id = by_id
        self.costs = costs
        self.keep_existing = keep_existing
        district_of: dict[str | None, str | None] = {}
        for it in items:
            district_of.setdefault(it.street, it.district)
        self.streets = sorted(district_of, key=lambda s: (s is None, s or ""))
        self.district_of = district_of
        self._existing(by_id)
        # demand classes of items nobody keeps: (street, weight) -> items, best first
        classes: dict[tuple[str | None, int], list[DemandItem]] = defaultdict(list)
        kept_possible = self.keepable
        for it in items:
            if it.id not in kept_possible:
                classes[(it.street, it.weight)].append(it)
        for group in classes.values():
            group.sort(key=item_order)
        self.classes = classes
        self._build()

    def _existing(self, by_id: Mapping[str, DemandItem]) -> None:
        """The existing pairs: in demand (keepable or forced to move: the owners, the
        forced moves) or no longer needed (released); the keepable items and their groups
        by supplier, street and weight."""
        keep_existing = self.keep_existing
        self.existing: dict[str, list[str]] = {}
        self.released: list[tuple[str, str, str]] = []
        owner: dict[str, str] = {}
        forced = 0
        for s in self.suppliers:
            keep: list[str] = []
            for iid in dict.fromkeys(s.existing):
                found = by_id.get(iid)
                if found is None:
                    self.released.append((s.id, iid, "not_needed"))
                elif iid in owner:  # guided twice: the first supplier keeps it
                    self.released.append((s.id, iid, "duplicate"))
                elif not reaches(s, found.street, found.district):
                    owner[iid] = s.id
                    forced += 1
                else:
                    owner[iid] = s.id
                    keep.append(iid)
            forced += max(0, len(keep) - s.capacity) if keep_existing else 0
            self.existing[s.id] = keep
        self.owner = owner
        self.forced_moves = forced if keep_existing else 0
        kept_possible = {i for v in self.existing.values() for i in v} if keep_existing else set()
        self.keepable = kept_possible  # items with a continuity bonus of 1
        # existing groups: (supplier, street, weight) -> items, best first
        egroups: dict[tuple[str, str | None, int], list[DemandItem]] = defaultdict(list)
        for sid, ids in self.existing.items():
            if keep_existing:
                for iid in ids:
                    it = by_id[iid]
                    egroups[(sid, it.street, it.weight)].append(it)
        for lst in egroups.values():
            lst.sort(key=item_order)
        self.egroups = egroups

    def _build(self) -> None:
        G = Arcs()
        sec = 0  # sum of |secondary cost| over arcs
        total = sum(s.capacity for s in self.suppliers)
        hubs: dict[tuple[str, str | None, str | None, str | None], str] = {}
        self.hub_of: dict[str, str] = {}
        self.hub_streets: dict[str, list[tuple[str | None, int]]] = {}
        for k, s in enumerate(self.suppliers):
            node = f"i{k}"
            for j in range(1, s.capacity + 1):
                G.add_edge("src", node, capacity=1, weight=COST_UNIT * (2 * j - 1))
                sec += COST_UNIT * (2 * j - 1)
            hk = s.hub
            if hk not in hubs:
                h = hubs[hk] = f"h{len(hubs)}"
                reach = []
                for t in self.streets:
                    dt = self.district_of[t]
                    if reaches(s, t, dt):
                        c = self.costs[locality(s, DemandItem("", "", t, dt, 0))]
                        G.add_edge(h, f"d{t}", weight=c)
                        sec += c
                        reach.append((t, c))
                self.hub_streets[h] = reach
            self.hub_of[s.id] = hubs[hk]
            G.add_edge(node, hubs[hk], capacity=s.capacity, weight=0)
        self.keep_arcs: list[tuple[str, str, int, int]] = []  # (supplier node, e node, n, cost)
        for (sid, t, w), lst in self.egroups.items():
            k = self._index[sid]
            e = f"e{sid}|{t}|{w}"
            c = self.costs[locality(self.suppliers[k], lst[0])]
            self.keep_arcs.append((f"i{k}", e, len(lst), c))
            G.add_edge(f"d{t}", e, weight=0)
        for t, w in self.classes:
            G.add_edge(f"d{t}", f"c{t}|{w}", weight=0)
        self.sec = sec
        self.base = G  # what every solve shares
        self.total = total

    def weight_scale(self, bonus: int) -> int:
        """``W``: 1 + the sum of |secondary cost| over all arcs, so that no simple cycle's
        secondary cost can outweigh one unit of served weight."""
        keep = sum(abs(c - bonus) for *_, c in self.keep_arcs)
        return 1 + self.sec + keep + len(self.egroups)

    def arcs(self, bonus: int, lam: int = 0) -> Arcs:
        """The network of one solve: keep bonus ``bonus`` (part of the secondary cost) and
        the Lagrangian extra ``lam`` for ``max_changes`` (outside the lexicographic
        scaling)."""
        G = self.base.copy()
        W = self.weight_scale(bonus)
        for node, e, n, c in self.keep_arcs:
            G.add_edge(node, e, capacity=n, weight=c - bonus - lam)
        for (sid, t, w), lst in self.egroups.items():
            G.add_edge(f"e{sid}|{t}|{w}", "snk", capacity=len(lst), weight=-W * w - 1)
        for (t, w), lst in self.classes.items():
            G.add_edge(f"c{t}|{w}", "snk", capacity=len(lst), weight=-W * w)
        G.add_edge("src", "snk", weight=0)
        G.add_node("src", demand=-self.total)
        G.add_node("snk", demand=self.total)
        return G

    def solve(self, bonus: int, lam: int = 0) -> Plan:
        """Solve :meth:`arcs` ``(bonus, lam)`` exactly; the plan of its flow."""
        cost, flow = min_cost_flow(self.arcs(bonus, lam))
        self.flow = flow
        plan = self._decode(flow, bonus)
        plan.bonus = lam
        return plan

    def flows(self, flow: dict[str, Any]) -> Flows:
        """What a solved ``flow`` says, before any item is handed out (the single
        process's decode, and a province's: :mod:`pbgraph.province.balance`)."""

        def f(u: str, v: str) -> int:
            return int(sum(flow.get(u, {}).get(v, {}).values()))

        # existing groups: keep the best ones, hand the next ones to others, drop the rest
        # (a supplier keeps its heaviest: within one supplier and street, swapping which
        # served item it keeps and which another takes changes no cost)
        pools: dict[tuple[str, str | None], tuple[list[DemandItem], list[int]]] = {}
        for (sid, t, w), lst in self.egroups.items():
            e = f"e{sid}|{t}|{w}"
            k, r = f(f"i{self._index[sid]}", e), f(f"d{t}", e)
            served, n_kept = pools.setdefault((sid, t), ([], [0]))
            served.extend(lst[: k + r])
            n_kept[0] += k
        kept: dict[str, str] = {}
        overflow: dict[str | None, list[DemandItem]] = defaultdict(list)
        for (sid, t), (served, n_kept) in pools.items():
            served.sort(key=item_order)
            for it in served[: n_kept[0]]:
                kept[it.id] = sid
            overflow[t].extend(served[n_kept[0] :])
        # slots: each supplier's flow into its hub, hubs' flows into streets
        slots: dict[str, list[str]] = defaultdict(list)
        for k, s in enumerate(self.suppliers):
            slots[self.hub_of[s.id]].extend(repeat(s.id, f(f"i{k}", self.hub_of[s.id])))
        taken: dict[str, int] = defaultdict(int)
        incoming: dict[str | None, list[str]] = defaultdict(list)
        for h, reach in self.hub_streets.items():
            # a hub's own street first, then the others in order
            for t, _c in sorted(reach, key=lambda tc: tc[1]):
                n = f(h, f"d{t}")
                incoming[t].extend(slots[h][taken[h] : taken[h] + n])
                taken[h] += n
        served_n = {(t, w): f(f"d{t}", f"c{t}|{w}") for (t, w) in self.classes}
        return Flows(kept, overflow, incoming, served_n)

    def _decode(self, flow: dict[str, Any], bonus: int) -> Plan:
        index = self._index
        fl = self.flows(flow)
        assignment = dict(fl.kept)
        kept = set(fl.kept)
        to_serve = fl.overflow
        for (t, w), lst in self.classes.items():
            to_serve[t].extend(lst[: fl.served[(t, w)]])
        for t, lst in to_serve.items():
            lst.sort(key=item_order)
            for it, sid in zip(lst, fl.incoming[t], strict=True):
                assignment[it.id] = sid
        load_after = {s.id: 0 for s in self.suppliers}
        for sid in assignment.values():
            load_after[sid] += 1
        load_before = {s.id: len(dict.fromkeys(s.existing)) for s in self.suppliers}
        moved: dict[str, tuple[str, str | None]] = {}
        for iid, old in self.owner.items():
            new = assignment.get(iid)
            if new != old:
                moved[iid] = (old, new)
        served_weight = sum(self.by_id[i].weight for i in assignment)
        secondary = sum(
            COST_UNIT * j * j for j in load_after.values()
        )  # Σ load² part; plus locality, minus bonuses
        for iid, sid in assignment.items():
            s = self.suppliers[index[sid]]
            secondary += self.costs[locality(s, self.by_id[iid])]
            if iid in kept:
                secondary -= bonus
            if iid in self.keepable:
                secondary -= 1
        return Plan(assignment, kept, moved, list(self.released), load_before, load_after,
                    len(assignment), served_weight, len(moved), secondary)  # fmt: skip
