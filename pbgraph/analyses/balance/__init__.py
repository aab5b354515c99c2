"""Load balancing: an optimal, explainable plan for instructors (党建指导员) and for the
member units (成员单位) that pair with key organizations (包挂).

Both plans are one problem. *Suppliers* (instructors, member units) have a capacity, a home
(street, district) and a reach (their street, their district, the city); *demand items*
(organizations, party organizations) have a street and a weight. The plan maximises, in
this order (lexicographically):

1. **served demand**, the sum of the weights of the items that get a supplier. The weights
   are a parameter table (:data:`INSTRUCTOR_WEIGHTS`): a key organization outweighs every
   non-key one, so key organizations are served first when capacity is short;
2. then minimises **load imbalance + distance + moves**: the k-th item on a supplier costs
   ``2k - 1`` (so the sum is ``Σ load²``: among plans that serve the same demand, the most
   even loads), an item in another street of the same district costs ``cross_street_cost``,
   another district ``cross_district_cost``; keeping an existing assignment earns a bonus
   worth a load gap of ``move_gap``: an assignment moves only to serve more demand, or when
   moving it evens two loads that differ by ``move_gap`` or more (4 and 1 become 3 and 2).

Locality is a hard rule too: an instructor serves items within ``scope`` of home (street,
district — the default — or city); a member unit within its platform's area (a city-level
unit anywhere, a district-level one in its district, a street-level one in its street).

**Solver.** A min-cost flow with integer costs, solved exactly by networkx's network
simplex (integer arithmetic: no tolerance can blur a cost of 1 against a weight of 10⁸).
The lexicographic order is one cost: served weight is multiplied by ``W`` = 1 + the sum of
every secondary arc cost, so a cycle that serves more weight always beats any change of the
secondary cost a simple cycle can make. The convex load cost is ``capacity`` parallel unit
arcs per supplier with costs 1, 3, 5, … (exact for integer flows). At city scale
(500 000 organizations, 2 000 instructors) one arc per (organization, instructor) pair would
be hundreds of millions of arcs; items of one street with the same weight are
interchangeable, so demand is aggregated into (street, weight) class nodes, suppliers reach
street hubs, and the flow is solved on that network of a few tens of thousands of arcs.
Existing assignments are supplier-specific nodes (kept by the supplier's own arc, or taken
over by anyone through the street hub). Concrete items are then handed out within each
class deterministically (heaviest and biggest first, ties by key). networkx is already a
dependency; HiGHS would be faster on the LP but works in floating point, where the ``W``
scaling is unsafe, and an LP solution needs the same aggregation anyway.

``max_changes`` caps the moves. A cap is a side constraint (a resource-constrained flow,
NP-hard in general), so it is met by raising the keep bonus by the smallest amount that
brings the moves within the cap (a Lagrangian search over integers): the result is optimal
for the raised bonus, and optimal under the cap whenever the cap is met exactly or not
binding (``result.exact`` says which).

Examples
--------
Two instructors in one street; the first guides three organizations, the second none:

>>> inst = [Supplier("I1", "张*", "A/s", "A", 3, existing=("o1", "o2", "o3")),
...         Supplier("I2", "李*", "A/s", "A", 3)]
>>> items = [DemandItem(f"o{i}", f"o{i}", "A/s", "A", 4) for i in range(1, 5)]
>>> plan = solve(inst, items)  # loads 3 and 1 differ by less than move_gap=3: nothing moves
>>> sorted(plan.load_after.items()), plan.served_count, plan.moves
([('I1', 3), ('I2', 1)], 4, 0)
>>> plan = solve(inst, items, move_gap=2)
>>> sorted(plan.load_after.items()), plan.served_count, plan.moves
([('I1', 2), ('I2', 2)], 4, 1)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from ...errors import InfeasibleError
from ...graphmodel.tables import Tables, tables_of

__all__ = [
    "INSTRUCTOR_WEIGHTS",
    "PAIRING_CAPACITY",
    "SCOPES",
    "BalanceResult",
    "DemandItem",
    "Plan",
    "Supplier",
    "balance_instructors",
    "balance_pairings",
    "solve",
]

SCOPES = ("street", "district", "city")

#: Weight of a demand item (additive). A key organization outweighs every non-key item, so
#: key organizations are served first; then weak party organizations, units that must build
#: their own (应建未建), joint-formation candidates and joint branches, units with no member.
INSTRUCTOR_WEIGHTS: dict[str, int] = {
    "key": 64,  # 重点单位 (ledger's 是否重点, or >= 100 staff, or >= 2 000 万元 revenue)
    "weak": 32,  # 软弱涣散党组织
    "must_build": 16,  # >= 3 formal members, no party organization (应建未建)
    "joint_candidate": 8,  # 1..2 formal members (联合组建对象)
    "joint_branch": 8,  # 联合党支部
    "no_members": 4,  # no formal member: an instructor and member development
    "large": 2,  # >= large_staff employees (Hefei: each instructor has one of >= 50 staff)
}
#: Default pairing capacity of a member unit by its platform's level (local practice: the
#: synthetic city's ledgers give city units 12, district units 6; a ledger's 包挂能力 wins).
PAIRING_CAPACITY: dict[str, int] = {"city": 10, "district": 6, "street": 4, "community": 2}

_S = 4  # secondary cost unit: all secondary costs are multiples of 4, the continuity bonus 1
_CLASS_WORDS: dict[str, tuple[str, str]] = {
    "key": ("重点单位", "key organization"),
    "weak": ("软弱涣散党组织", "weak party organization"),
    "must_build": ("应建未建单位", "must build its own"),
    "joint_candidate": ("联合组建对象", "joint-formation candidate"),
    "joint_branch": ("联合党支部", "joint branch"),
    "no_members": ("无党员单位", "no members"),
}


# -- the instance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Supplier:
    """An instructor or a member unit: home street and district (``None`` when unknown or
    above that level), capacity, reach (``street``, ``district`` or ``city``) and the
    demand items it serves now."""

    id: str
    name: str
    street: str | None
    district: str | None
    capacity: int
    reach: str = "district"
    existing: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemandItem:
    """Something that needs a supplier: an organization or a party organization."""

    id: str
    name: str
    street: str | None
    district: str | None
    weight: int
    klass: str = "no_members"
    size: int = 0  # for the order within a class: bigger first
    label: str = "Organization"
    key: bool = False


@dataclass
class Plan:
    """The solved plan of an instance (no words yet: :class:`BalanceResult` adds them)."""

    assignment: dict[str, str]  # item id -> supplier id
    kept: set[str]  # item ids whose existing supplier keeps them
    moved: dict[str, tuple[str, str | None]]  # item id -> (old supplier, new supplier|None)
    released: list[tuple[str, str, str]]  # (supplier, item, "not_needed"|"duplicate")
    load_before: dict[str, int]
    load_after: dict[str, int]
    served_count: int
    served_weight: int
    moves: int
    objective: int  # the secondary cost of the plan (see the module docstring)
    exact: bool = True
    bonus: int = 0  # extra keep bonus that --max-changes needed


def _locality(s: Supplier, it: DemandItem) -> int:
    """0 same street, 1 same district (or a city-wide supplier with no home), 2 elsewhere."""
    if s.street is not None and s.street == it.street:
        return 0
    if s.district is not None and s.district == it.district:
        return 1
    if s.street is None and s.district is None and s.reach == "city":
        return 1
    return 2


def _reaches(s: Supplier, street: str | None, district: str | None) -> bool:
    if s.reach == "city":
        return True
    if s.reach == "district":
        return s.district is not None and s.district == district
    return s.street is not None and s.street == street


def solve(
    suppliers: Sequence[Supplier],
    items: Sequence[DemandItem],
    *,
    keep_existing: bool = True,
    max_changes: int | None = None,
    cross_street_cost: int = 3,
    cross_district_cost: int = 10,
    move_gap: int = 3,
) -> Plan:
    """The optimal plan of an instance (see the module docstring for the objective).

    Raises :class:`~pbgraph.errors.InfeasibleError` when ``max_changes`` is below the moves
    that capacity and locality force.
    """
    if move_gap < 1:
        raise ValueError("move_gap must be at least 1")
    if cross_street_cost < 0 or cross_district_cost < 0:
        raise ValueError("locality costs must not be negative")
    if max_changes is not None and not keep_existing:
        raise ValueError("max_changes needs keep_existing: a replan moves what it moves")
    ids = [s.id for s in suppliers]
    if len(set(ids)) != len(ids):
        raise ValueError("supplier ids must be unique")
    by_id = {it.id: it for it in items}
    if len(by_id) != len(items):
        raise ValueError("demand item ids must be unique")
    base_bonus = _S * (2 * move_gap - 3) + _S // 2 if keep_existing else 0
    costs = (0, _S * cross_street_cost, _S * cross_district_cost)
    net = _Network(suppliers, items, by_id, costs, keep_existing)
    forced = net.forced_moves
    if max_changes is not None and max_changes < forced:
        raise InfeasibleError(
            f"{forced} existing assignments must move (over capacity or out of reach); "
            f"--max-changes {max_changes} is too small: give at least {forced}"
        )
    plan = net.solve(base_bonus)
    if max_changes is None or plan.moves <= max_changes:
        return plan
    # raise the keep bonus until the cap holds (Lagrangian search over integers); at ``hi``
    # no cycle through a kept assignment can pay for itself, not even by serving more
    hi = net.weight_scale(base_bonus) * (max((it.weight for it in items), default=1) + 2)
    best = net.solve(base_bonus, hi)
    if best.moves > max_changes:  # keeping everything keepable still moves too much
        raise InfeasibleError(f"no plan moves at most {max_changes} assignments")
    lo = 0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        p = net.solve(base_bonus, mid)
        if p.moves <= max_changes:
            best, hi = p, mid
        else:
            lo = mid
    best.exact = best.moves == max_changes
    return best


class _Network:
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
        # existing pairs: in demand (keepable or forced to move) or no longer needed
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
                elif not _reaches(s, found.street, found.district):
                    owner[iid] = s.id
                    forced += 1
                else:
                    owner[iid] = s.id
                    keep.append(iid)
            forced += max(0, len(keep) - s.capacity) if keep_existing else 0
            self.existing[s.id] = keep
        self.owner = owner
        self.forced_moves = forced if keep_existing else 0
        # demand classes of items nobody keeps: (street, weight) -> items, best first
        classes: dict[tuple[str | None, int], list[DemandItem]] = defaultdict(list)
        kept_possible = {i for v in self.existing.values() for i in v} if keep_existing else set()
        self.keepable = kept_possible  # items with a continuity bonus of 1
        for it in items:
            if it.id not in kept_possible:
                classes[(it.street, it.weight)].append(it)
        for group in classes.values():
            group.sort(key=_order)
        self.classes = classes
        # existing groups: (supplier, street, weight) -> items, best first
        egroups: dict[tuple[str, str | None, int], list[DemandItem]] = defaultdict(list)
        for sid, ids in self.existing.items():
            if keep_existing:
                for iid in ids:
                    it = by_id[iid]
                    egroups[(sid, it.street, it.weight)].append(it)
        for lst in egroups.values():
            lst.sort(key=_order)
        self.egroups = egroups
        self._build()

    def _build(self) -> None:
        G = nx.MultiDiGraph()
        sec = 0  # sum of |secondary cost| over arcs
        total = sum(s.capacity for s in self.suppliers)
        hubs: dict[tuple[str, str | None, str | None], str] = {}
        self.hub_of: dict[str, str] = {}
        self.hub_streets: dict[str, list[tuple[str | None, int]]] = {}
        for k, s in enumerate(self.suppliers):
            node = f"i{k}"
            for j in range(1, s.capacity + 1):
                G.add_edge("src", node, capacity=1, weight=_S * (2 * j - 1))
                sec += _S * (2 * j - 1)
            hk = (s.reach, s.street, s.district)
            if hk not in hubs:
                h = hubs[hk] = f"h{len(hubs)}"
                reach = []
                for t in self.streets:
                    dt = self.district_of[t]
                    if _reaches(s, t, dt):
                        c = self.costs[_locality(s, DemandItem("", "", t, dt, 0))]
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
            c = self.costs[_locality(self.suppliers[k], lst[0])]
            self.keep_arcs.append((f"i{k}", e, len(lst), c))
            G.add_edge(f"d{t}", e, weight=0)
        for t, w in self.classes:
            G.add_edge(f"d{t}", f"c{t}|{w}", weight=0)
        self.sec = sec
        self.G = G
        self.total = total

    def weight_scale(self, bonus: int) -> int:
        """``W``: 1 + the sum of |secondary cost| over all arcs, so that no simple cycle's
        secondary cost can outweigh one unit of served weight."""
        keep = sum(abs(c - bonus) for *_, c in self.keep_arcs)
        return 1 + self.sec + keep + len(self.egroups)

    def solve(self, bonus: int, lam: int = 0) -> Plan:
        """Solve with keep bonus ``bonus`` (part of the secondary cost) and the Lagrangian
        extra ``lam`` for ``max_changes`` (outside the lexicographic scaling)."""
        G = self.G.copy()
        W = self.weight_scale(bonus)
        for node, e, n, c in self.keep_arcs:
            G.add_edge(node, e, capacity=n, weight=c - bonus - lam)
        for (sid, t, w), lst in self.egroups.items():
            G.add_edge(f"e{sid}|{t}|{w}", "snk", capacity=len(lst), weight=-W * w - 1)
        for (t, w), lst in self.classes.items():
            G.add_edge(f"c{t}|{w}", "snk", capacity=len(lst), weight=-W * w)
        G.add_edge("src", "snk", weight=0)
        G.nodes["src"]["demand"] = -self.total
        G.add_node("snk", demand=self.total)
        cost, flow = nx.network_simplex(G)
        self.flow = flow
        plan = self._decode(flow, bonus)
        plan.bonus = lam
        return plan

    def _decode(self, flow: dict[str, Any], bonus: int) -> Plan:
        def f(u: str, v: str) -> int:
            return int(sum(flow.get(u, {}).get(v, {}).values()))

        index = self._index
        assignment: dict[str, str] = {}
        kept: set[str] = set()
        # existing groups: keep the best ones, hand the next ones to others, drop the rest
        to_serve: dict[str | None, list[DemandItem]] = defaultdict(list)
        # (a supplier keeps its heaviest: within one supplier and street, swapping which
        # served item it keeps and which another takes changes no cost)
        pools: dict[tuple[str, str | None], tuple[list[DemandItem], list[int]]] = {}
        for (sid, t, w), lst in self.egroups.items():
            e = f"e{sid}|{t}|{w}"
            k = f(f"i{index[sid]}", e)
            r = f(f"d{t}", e)
            served, n_kept = pools.setdefault((sid, t), ([], [0]))
            served.extend(lst[: k + r])
            n_kept[0] += k
        for (sid, t), (served, n_kept) in pools.items():
            served.sort(key=_order)
            for it in served[: n_kept[0]]:
                assignment[it.id] = sid
                kept.add(it.id)
            to_serve[t].extend(served[n_kept[0] :])
        for (t, w), lst in self.classes.items():
            to_serve[t].extend(lst[: f(f"d{t}", f"c{t}|{w}")])
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
        for t, lst in to_serve.items():
            lst.sort(key=_order)
            for it, sid in zip(lst, incoming[t], strict=True):
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
            _S * j * j for j in load_after.values()
        )  # Σ load² part; plus locality, minus bonuses
        for iid, sid in assignment.items():
            s = self.suppliers[index[sid]]
            secondary += self.costs[_locality(s, self.by_id[iid])]
            if iid in kept:
                secondary -= bonus
            if iid in self.keepable:
                secondary -= 1
        return Plan(assignment, kept, moved, list(self.released), load_before, load_after,
                    len(assignment), served_weight, len(moved), secondary)  # fmt: skip


def _order(it: DemandItem) -> tuple[int, int, str]:
    return (-it.weight, -it.size, it.id)


# -- from the graph -------------------------------------------------------------------------


@dataclass
class _Places:
    """Regions of the graph: the street and district of any region code."""

    street: dict[str, str | None]
    district: dict[str, str | None]

    @classmethod
    def of(cls, t: Tables) -> _Places:
        keys, attrs = t.node_table("Region")
        level = {k: d.get("level") for k, d in zip(keys, attrs, strict=True)}
        parent = dict(zip(*t.rel_table("PART_OF_Region_Region"), strict=True))
        street: dict[str, str | None] = {}
        district: dict[str, str | None] = {}
        for k in keys:
            lv = level.get(k)
            s: str | None
            if lv == "street":
                s = k
            elif lv == "community":
                s = parent.get(k)
            else:
                s = None
            street[k] = s
            if lv == "district":
                district[k] = k
            elif lv == "city":
                district[k] = None
            else:
                district[k] = parent.get(s) if s is not None else None
        return cls(street, district)


def _org_columns(
    t: Tables, *, min_members: int, key_employees: int, key_revenue: float
) -> dict[str, Any]:
    keys, attrs = t.node_table("Organization")
    n = len(keys)
    index = dict(zip(keys, range(n), strict=True))

    def col(prop: str, dtype: Any = np.int64) -> np.ndarray:
        return np.fromiter(map(methodcaller("get", prop, 0), attrs), dtype=dtype, count=n)

    covered = np.zeros(n, dtype=bool)
    ce = t.rel_table("COVERS_PartyOrg_Organization")[1]
    if ce:
        pos = np.fromiter(map(index.get, ce, repeat(-1)), dtype=np.int64, count=len(ce))
        covered[pos[pos >= 0]] = True
    employees = col("employees")
    key = (
        np.fromiter(map(bool, map(methodcaller("get", "key", False), attrs)), dtype=bool, count=n)
        | (employees >= key_employees)
        | (np.fromiter(map(methodcaller("get", "revenue", 0.0), attrs), float, n) >= key_revenue)
    )
    return {"keys": keys, "attrs": attrs, "index": index, "covered": covered, "key": key,
            "employees": employees, "formal": col("formal_members")}  # fmt: skip


def _org_items(
    t: Tables, places: _Places, cols: dict[str, Any], select: np.ndarray, *,
    weights: Mapping[str, int], min_members: int, large_staff: int,
) -> list[DemandItem]:  # fmt: skip
    keys, attrs = cols["keys"], cols["attrs"]
    located = dict(zip(*t.rel_table("LOCATED_IN_Organization_Region"), strict=True))
    formal, employees, key = cols["formal"], cols["employees"], cols["key"]
    klass = np.where(
        formal >= min_members, 0, np.where(formal > 0, 1, 2)
    )  # must_build, joint_candidate, no_members
    base = np.array([weights["must_build"], weights["joint_candidate"], weights["no_members"]])
    w = (
        base[klass]
        + np.where(key, weights["key"], 0)
        + np.where(employees >= large_staff, weights["large"], 0)
    )
    names = ("must_build", "joint_candidate", "no_members")
    out = []
    for j in np.flatnonzero(select).tolist():
        region = located.get(keys[j])
        street = places.street.get(region) if region else None
        out.append(DemandItem(
            f"Organization:{keys[j]}", attrs[j].get("name", ""), street,
            places.district.get(region) if region else None, int(w[j]),
            "key" if key[j] else names[klass[j]], int(employees[j]), "Organization", bool(key[j]),
        ))  # fmt: skip
    return out


def _party_org_items(
    t: Tables, places: _Places, cols: dict[str, Any], weights: Mapping[str, int]
) -> list[DemandItem]:
    keys, attrs = t.node_table("PartyOrg")
    wanted = {
        k for k, d in zip(keys, attrs, strict=True)
        if d.get("status") == "weak" or d.get("form") == "joint"
    }  # fmt: skip
    located = dict(zip(*t.rel_table("LOCATED_IN_Organization_Region"), strict=True))
    streets: dict[str, Counter[str]] = defaultdict(Counter)
    size: dict[str, int] = defaultdict(int)
    index, formal = cols["index"], cols["formal"]
    for po, org in zip(*t.rel_table("COVERS_PartyOrg_Organization"), strict=True):
        if po not in wanted:
            continue
        region = located.get(org)
        if region is not None:
            streets[po][region] += 1
        j = index.get(org)
        if j is not None:
            size[po] += int(formal[j])
    out = []
    for k, d in zip(keys, attrs, strict=True):
        weak, joint = d.get("status") == "weak", d.get("form") == "joint"
        if not (weak or joint):
            continue
        counts = streets.get(k)
        region = min(counts, key=lambda r: (-counts[r], r)) if counts else None
        out.append(DemandItem(
            f"PartyOrg:{k}", d.get("name", ""), places.street.get(region) if region else None,
            places.district.get(region) if region else None,
            weights["weak"] if weak else weights["joint_branch"],
            "weak" if weak else "joint_branch", size.get(k, 0), "PartyOrg",
        ))  # fmt: skip
    return out


def balance_instructors(
    G: nx.MultiDiGraph,
    *,
    capacity: int = 3,
    scope: str = "district",
    keep_existing: bool = True,
    max_changes: int | None = None,
    weights: Mapping[str, int] | None = None,
    min_members: int = 3,
    large_staff: int = 50,
    key_employees: int = 100,
    key_revenue: float = 2000.0,
    cross_street_cost: int = 3,
    cross_district_cost: int = 10,
    move_gap: int = 3,
) -> BalanceResult:
    """The instructor plan: who guides which organization or party organization, and why.

    Demand: organizations with no party organization, joint branches and weak party
    organizations, weighted by :data:`INSTRUCTOR_WEIGHTS` (``weights`` overrides entries).
    Supply: every instructor with the ledger's capacity, else ``capacity`` (docs/design.md#instructors-and-pairings: 2-4
    per instructor, 3 by default), reaching ``scope`` around the street it is based in.
    ``min_members``, ``key_employees``, ``key_revenue`` are the coverage thresholds
    (3 formal members; a key organization has >= 100 staff or >= 2 000 万元 revenue),
    ``large_staff`` the size that earns a bonus (Hefei's 50). The rest: :func:`solve`.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if capacity < 0:
        raise ValueError("capacity must not be negative")
    w = _weights(weights)
    t = tables_of(G)
    places = _Places.of(t)
    cols = _org_columns(t, min_members=min_members, key_employees=key_employees,
                        key_revenue=key_revenue)  # fmt: skip
    items = _org_items(t, places, cols, ~cols["covered"], weights=w, min_members=min_members,
                       large_staff=large_staff)  # fmt: skip
    items += _party_org_items(t, places, cols, w)
    based = dict(zip(*t.rel_table("BASED_IN_Instructor_Region"), strict=True))
    guides: dict[str, list[str]] = defaultdict(list)
    for i, o in zip(*t.rel_table("GUIDES_Instructor_Organization"), strict=True):
        guides[i].append(f"Organization:{o}")
    for i, p in zip(*t.rel_table("GUIDES_Instructor_PartyOrg"), strict=True):
        guides[i].append(f"PartyOrg:{p}")
    keys, attrs = t.node_table("Instructor")
    suppliers = []
    for k, d in sorted(zip(keys, attrs, strict=True), key=lambda kd: kd[0]):
        region = based.get(k)
        cap = d.get("capacity")
        suppliers.append(Supplier(
            k, _mask(d.get("name_masked") or ""), places.street.get(region) if region else None,
            places.district.get(region) if region else None,
            int(cap) if cap is not None else capacity, scope, tuple(guides.get(k, ())),
        ))  # fmt: skip
    params = {"capacity": capacity, "scope": scope, "keep_existing": keep_existing,
              "max_changes": max_changes, "weights": w, "min_members": min_members,
              "large_staff": large_staff, "key_employees": key_employees,
              "key_revenue": key_revenue, "cross_street_cost": cross_street_cost,
              "cross_district_cost": cross_district_cost, "move_gap": move_gap}  # fmt: skip
    plan = solve(suppliers, items, keep_existing=keep_existing, max_changes=max_changes,
                 cross_street_cost=cross_street_cost, cross_district_cost=cross_district_cost,
                 move_gap=move_gap)  # fmt: skip
    extra = Supplier("", "", None, None, capacity, scope)
    return BalanceResult("instructors", params, suppliers, items, plan, extra)


def balance_pairings(
    G: nx.MultiDiGraph,
    *,
    capacity: int | None = None,
    capacities: Mapping[str, int] | None = None,
    keep_existing: bool = True,
    max_changes: int | None = None,
    weights: Mapping[str, int] | None = None,
    min_members: int = 3,
    large_staff: int = 50,
    key_employees: int = 100,
    key_revenue: float = 2000.0,
    cross_street_cost: int = 3,
    cross_district_cost: int = 10,
    move_gap: int = 3,
) -> BalanceResult:
    """The pairing plan (包挂): which member unit pairs with which key organization.

    Demand: key organizations with no party organization. Supply: the member units of the
    platforms, with the ledger's 包挂能力, else ``capacity`` when given, else the default of
    their platform's level (:data:`PAIRING_CAPACITY`, ``capacities`` overrides entries); a
    city-level unit reaches the whole city, a district-level one its district, a street- or
    community-level one its street. The rest as in :func:`balance_instructors`.
    """
    if capacity is not None and capacity < 0:
        raise ValueError("capacity must not be negative")
    w = _weights(weights)
    caps = {**PAIRING_CAPACITY, **(capacities or {})}
    t = tables_of(G)
    places = _Places.of(t)
    cols = _org_columns(t, min_members=min_members, key_employees=key_employees,
                        key_revenue=key_revenue)  # fmt: skip
    items = _org_items(t, places, cols, ~cols["covered"] & cols["key"], weights=w,
                       min_members=min_members, large_staff=large_staff)  # fmt: skip
    p_keys, p_attrs = t.node_table("Platform")
    p_level = {k: d.get("level") for k, d in zip(p_keys, p_attrs, strict=True)}
    p_region = dict(zip(*t.rel_table("AT_Platform_Region"), strict=True))
    rank = {"city": 0, "district": 1, "street": 2, "community": 3}
    best: dict[str, str] = {}  # unit -> its widest platform
    for u, p in zip(*t.rel_table("MEMBER_OF_MemberUnit_Platform"), strict=True):
        if u not in best or rank.get(p_level.get(p) or "", 9) < rank.get(
            p_level.get(best[u]) or "", 9
        ):
            best[u] = p
    paired: dict[str, list[str]] = defaultdict(list)
    for u, o in zip(*t.rel_table("PAIRED_WITH_MemberUnit_Organization"), strict=True):
        paired[u].append(f"Organization:{o}")
    keys, attrs = t.node_table("MemberUnit")
    suppliers = []
    for k, d in sorted(zip(keys, attrs, strict=True), key=lambda kd: kd[0]):
        plat = best.get(k)
        level = (p_level.get(plat) if plat else None) or "city"
        region = p_region.get(plat) if plat else None
        reach = {"city": "city", "district": "district"}.get(level, "street")
        cap = d.get("capacity")
        cap = int(cap) if cap is not None else capacity if capacity is not None else caps[level]
        suppliers.append(Supplier(
            k, d.get("name", ""), places.street.get(region) if region else None,
            places.district.get(region) if region else None, cap, reach,
            tuple(paired.get(k, ())),
        ))  # fmt: skip
    params = {"capacity": capacity, "capacities": caps, "keep_existing": keep_existing,
              "max_changes": max_changes, "weights": w, "min_members": min_members,
              "large_staff": large_staff, "key_employees": key_employees,
              "key_revenue": key_revenue, "cross_street_cost": cross_street_cost,
              "cross_district_cost": cross_district_cost, "move_gap": move_gap}  # fmt: skip
    plan = solve(suppliers, items, keep_existing=keep_existing, max_changes=max_changes,
                 cross_street_cost=cross_street_cost, cross_district_cost=cross_district_cost,
                 move_gap=move_gap)  # fmt: skip
    extra = Supplier("", "", None, None, capacity or caps["street"], "street")
    return BalanceResult("pairings", params, suppliers, items, plan, extra)


def _weights(weights: Mapping[str, int] | None) -> dict[str, int]:
    w = {**INSTRUCTOR_WEIGHTS, **(weights or {})}
    unknown = set(w) - set(INSTRUCTOR_WEIGHTS)
    if unknown:
        raise ValueError(f"unknown weight(s) {sorted(unknown)}; known: {list(INSTRUCTOR_WEIGHTS)}")
    if any(not isinstance(v, int) or v < 1 for v in w.values()):
        raise ValueError("weights must be positive integers")
    return w


def _mask(name: str) -> str:
    from ...loaders.values import mask_name

    return mask_name(name)


# -- the result -----------------------------------------------------------------------------

_ROLE = {"instructors": ("指导员", "instructor"), "pairings": ("成员单位", "member unit")}
_LOC = (("同街道", "same street"), ("同区县跨街道", "same district, another street"),
        ("跨区县", "another district"), ("市级统筹", "city-wide unit"))  # fmt: skip


_MEASURES: dict[str, tuple[str, str]] = {
    "demand": ("需求单位数", "demand"), "demand_weight": ("需求权重", "demand weight"),
    "served": ("已安排单位数", "served"), "served_weight": ("已安排权重", "served weight"),
    "key_demand": ("重点单位需求", "key demand"), "key_served": ("重点单位已安排", "key served"),
    "suppliers": ("人数/单位数", "suppliers"), "max_load": ("最大负荷", "max load"),
    "mean_load": ("平均负荷", "mean load"), "std_load": ("负荷标准差", "load std"),
    "gini": ("负荷基尼系数", "load Gini"), "over_capacity": ("超出能力", "over capacity"),
    "moves": ("调整(移出)", "moves"), "kept": ("保持不变", "kept"),
    "released": ("不再需要", "released"), "new": ("新安排", "new"),
}  # fmt: skip


def load_stats(loads: Sequence[int]) -> dict[str, float]:
    """Max, mean, standard deviation and Gini coefficient of a list of loads.

    >>> load_stats([0, 2, 2, 4])
    {'suppliers': 4, 'max_load': 4, 'mean_load': 2.0, 'std_load': 1.4142, 'gini': 0.375}
    """
    a = np.asarray(sorted(loads), dtype=float)
    n = a.size
    if n == 0 or a.sum() == 0:
        return {"suppliers": n, "max_load": 0, "mean_load": 0.0, "std_load": 0.0, "gini": 0.0}
    gini = float((2 * np.arange(1, n + 1) - n - 1) @ a / (n * a.sum()))
    return {"suppliers": n, "max_load": int(a.max()), "mean_load": round(float(a.mean()), 4),
            "std_load": round(float(a.std()), 4), "gini": round(gini, 4)}  # fmt: skip


@dataclass
class BalanceResult:
    """A plan with its reasons, before/after statistics and unmet demand by street."""

    kind: str  # instructors | pairings
    params: dict[str, Any]
    suppliers: list[Supplier]
    items: list[DemandItem]
    plan: Plan
    extra: Supplier  # the supplier "one more in each street" would be
    _streets: list[dict[str, Any]] | None = field(default=None, repr=False)
    by_supplier: dict[str, Supplier] = field(init=False, repr=False)
    by_item: dict[str, DemandItem] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_supplier = {s.id: s for s in self.suppliers}
        self.by_item = {it.id: it for it in self.items}

    @property
    def exact(self) -> bool:
        return self.plan.exact

    # -- numbers ---------------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, Any]]:
        """``{"before": {...}, "after": {...}}``: demand, served count and weight, key
        served, loads (max, mean, std, Gini), suppliers over capacity; moves after."""
        p = self.plan
        by_id = self.by_item
        before_served = {i for s in self.suppliers for i in s.existing if i in by_id}
        cap = {s.id: s.capacity for s in self.suppliers}

        def block(served: Iterable[str], loads: Mapping[str, int]) -> dict[str, Any]:
            served = list(served)
            return {
                "demand": len(self.items),
                "demand_weight": sum(it.weight for it in self.items),
                "served": len(served),
                "served_weight": sum(by_id[i].weight for i in served),
                "key_demand": sum(it.key for it in self.items),
                "key_served": sum(by_id[i].key for i in served),
                **load_stats(list(loads.values())),
                "over_capacity": sum(v > cap[k] for k, v in loads.items()),
            }

        after = block(p.assignment, p.load_after)
        after |= {"moves": p.moves, "kept": len(p.kept), "released": len(p.released),
                  "new": len(p.assignment) - len(p.kept) - sum(
                      1 for i in p.moved if p.moved[i][1] is not None)}  # fmt: skip
        return {"before": block(before_served, p.load_before), "after": after}

    def loads(self) -> tuple[list[int], list[int]]:
        """Loads of every supplier before and after (for the histogram)."""
        ids = [s.id for s in self.suppliers]
        return [self.plan.load_before[i] for i in ids], [self.plan.load_after[i] for i in ids]

    def streets(self) -> list[dict[str, Any]]:
        """Unmet demand by street (most unmet first): demand, served, unmet (count, key,
        weight), the shortfall in suppliers (unmet ÷ the default capacity, rounded up) and
        what one more supplier based in the street would add (``extra_*``)."""
        if self._streets is None:
            self._streets = _street_rows(self)
        return self._streets

    # -- lists -----------------------------------------------------------------------------
    def assignments(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Who serves whom after the plan, and why (sorted by supplier, then item)."""
        i = 0 if lang == "zh" else 1
        p = self.plan
        role = _ROLE[self.kind][i]
        sup, by_id = self.by_supplier, self.by_item
        hub_min: dict[tuple[Any, ...], int] = defaultdict(lambda: 10**9)
        for s in self.suppliers:
            k = (s.reach, s.street, s.district)
            hub_min[k] = min(hub_min[k], p.load_after[s.id])
        out = []
        for iid, sid in sorted(p.assignment.items(), key=lambda x: (x[1], x[0])):
            s, it = sup[sid], by_id[iid]
            load = p.load_after[sid]
            loc = _loc_words(s, it)[i]
            if iid in p.kept:
                status = "kept"
                reason = (f"保持原{role}（{loc}），{role}负荷{load}/{s.capacity}家",
                          f"kept with its {role} ({loc}); load {load}/{s.capacity}")[i]  # fmt: skip
            else:
                status = "moved" if iid in p.moved else "new"
                lowest = load == hub_min[(s.reach, s.street, s.district)]
                cls = _CLASS_WORDS[it.klass][i]
                first = ("优先" if it.key else "", " first" if it.key else "")[i]
                low = ("、负荷最低", ", lowest load")[i] if lowest else ""
                reason = (f"{cls}{first}；{loc}{low}；{role}调整后负荷{load}/{s.capacity}家",
                          f"{cls}{first}; {loc}{low}; {role} load {load}/{s.capacity}")[i]  # fmt: skip
                if status == "moved":
                    reason += ("；" if i == 0 else "; ") + self._why(iid, lang)
            out.append({
                "supplier": sid, "supplier_name": s.name, "label": it.label,
                "key": it.id.partition(":")[2], "name": it.name, "street": it.street or "",
                "class": it.klass, "weight": it.weight, "status": status, "reason": reason,
                "previous": p.moved.get(iid, ("", None))[0] if status == "moved" else "",
            })  # fmt: skip
        return out

    def _why(self, iid: str, lang: str) -> str:
        i = 0 if lang == "zh" else 1
        p = self.plan
        role = _ROLE[self.kind][i]
        old, new = p.moved[iid]
        s, it = self.by_supplier[old], self.by_item[iid]
        n_in = sum(1 for x in s.existing if x in p.moved or x in p.kept)
        if not _reaches(s, it.street, it.district):
            return (f"原{role}{old}超出就近范围", f"out of reach of {role} {old}")[i]
        if n_in > s.capacity:
            return (f"原{role}{old}指导{n_in}家、超出能力{s.capacity}家",
                    f"{role} {old} had {n_in}, over its capacity {s.capacity}")[i]  # fmt: skip
        if new is None:
            return (f"原{role}{old}的名额让给更优先的单位",
                    f"{role} {old}'s place went to a higher-priority unit")[i]  # fmt: skip
        ns = self.by_supplier[new]
        if _locality(ns, it) < _locality(s, it):
            loc = _loc_words(ns, it)[i]
            return (
                f"改由更近的{role}（{loc}），原{role}{old}",
                f"a closer {role} ({loc}) than {old}",
            )[i]
        return (f"均衡负荷：原{role}{old}负荷{p.load_before[old]}家",
                f"evening loads: {role} {old} had {p.load_before[old]}")[i]  # fmt: skip

    def changes(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Existing assignments the plan changes: moved, dropped, released."""
        i = 0 if lang == "zh" else 1
        p = self.plan
        role = _ROLE[self.kind][i]
        names = {it.id: it.name for it in self.items}
        out = []
        for iid, (old, new) in sorted(p.moved.items(), key=lambda x: (x[1][0], x[0])):
            out.append({"change": "moved" if new else "dropped", "label": iid.partition(":")[0],
                        "key": iid.partition(":")[2], "name": names[iid], "from": old,
                        "to": new or "", "reason": self._why(iid, lang)})  # fmt: skip
        for sid, iid, why in sorted(p.released):
            reason = (
                (f"已建立党组织或不再需要{role}", f"no longer needs a {role}")
                if why == "not_needed"
                else (f"已由其他{role}负责", f"already served by another {role}")
            )[i]
            out.append({"change": "released", "label": iid.partition(":")[0],
                        "key": iid.partition(":")[2], "name": "", "from": sid, "to": "",
                        "reason": reason})  # fmt: skip
        return out

    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """``plan`` (the assignments), ``changes``, ``streets`` or ``stats`` as rows."""
        if name == "plan":
            return self.assignments(lang=lang)
        if name == "changes":
            return self.changes(lang=lang)
        if name == "streets":
            return self.streets()
        if name == "stats":
            st = self.stats()
            i = 0 if lang == "zh" else 1
            return [{"measure": _MEASURES[k][i], "before": st["before"].get(k, ""), "after": v}
                    for k, v in st["after"].items()]  # fmt: skip
        raise KeyError(name)

    def rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """The plan's assignments (the main table)."""
        return self.assignments(lang=lang)

    def columns(self, lang: str = "zh", name: str = "plan") -> list[tuple[str, str]]:
        """``(key, header)`` of the table ``name`` in ``lang``."""
        i = 0 if lang == "zh" else 1
        role = _ROLE[self.kind][i]
        words: dict[str, tuple[str, str]] = {
            "supplier": (f"{role}编号", f"{role} id"), "supplier_name": (f"{role}名称", f"{role} name")
            if self.kind == "pairings" else ("姓名", "name"), "label": ("类型", "label"),
            "key": ("统一社会信用代码/党组织编号", "credit code / party org"),
            "name": ("单位名称", "name"), "street": ("所属街道", "street"),
            "class": ("类别", "class"), "weight": ("权重", "weight"), "status": ("状态", "status"),
            "previous": (f"原{role}", f"previous {role}"), "reason": ("原因", "reason"),
            "change": ("调整", "change"), "from": (f"原{role}", f"from {role}"),
            "to": (f"新{role}", f"to {role}"), "demand": ("需求数", "demand"),
            "served": ("已安排", "served"), "unmet": ("未满足", "unmet"),
            "unmet_key": ("未满足重点单位", "unmet key"), "unmet_weight": ("未满足权重", "unmet weight"),
            "shortfall": (f"缺{role}(名)", f"{role}s short"),
            "extra_served": (f"增加1名{role}可多安排", f"one more {role} adds"),
            "extra_key": ("其中重点单位", "of which key"), "extra_weight": ("增加权重", "weight added"),
            "measure": ("指标", "measure"), "before": ("调整前", "before"), "after": ("调整后", "after"),
        }  # fmt: skip
        keys = {
            "plan": ("supplier", "supplier_name", "label", "key", "name", "street", "class",
                     "weight", "status", "previous", "reason"),
            "changes": ("change", "label", "key", "name", "from", "to", "reason"),
            "streets": ("street", "demand", "served", "unmet", "unmet_key", "unmet_weight",
                        "shortfall", "extra_served", "extra_key", "extra_weight"),
            "stats": ("measure", "before", "after"),
        }[name]  # fmt: skip
        return [(k, words[k][i]) for k in keys]

    def findings(self) -> list[dict[str, Any]]:
        """The plan as write-back rows ``{label, end, supplier, reason, kept}``."""
        return [
            {"label": a["label"], "end": a["key"], "supplier": a["supplier"],
             "reason": a["reason"], "kept": a["status"] == "kept"}
            for a in self.assignments()
        ]  # fmt: skip

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph balance --format json`` (docs/commands/balance.md)."""
        return {
            "kind": self.kind, "params": self.params, "exact": self.exact,
            "stats": self.stats(), "plan": self.assignments(lang=lang),
            "changes": self.changes(lang=lang), "streets": self.streets(),
        }  # fmt: skip

    def to_frame(self, name: str = "plan", *, lang: str = "zh") -> Any:
        """A table of :meth:`listing` as a pandas DataFrame (for notebooks)."""
        import pandas as pd

        return pd.DataFrame(self.listing(name, lang=lang))


def _loc_words(s: Supplier, it: DemandItem) -> tuple[str, str]:
    if s.street is None and s.district is None and s.reach == "city":
        return _LOC[3]
    return _LOC[_locality(s, it)]


def _street_rows(r: BalanceResult) -> list[dict[str, Any]]:
    """Unmet demand per street, and the exact gain of one more supplier there: augmenting
    paths in the street-level residual graph of the plan (served weight is all that
    matters for the gain: every other cost is secondary)."""
    p = r.plan
    sup = {s.id: s for s in r.suppliers}
    streets = sorted({it.street for it in r.items if it.street is not None})
    district = {it.street: it.district for it in r.items}
    demand: dict[str | None, int] = defaultdict(int)
    served: dict[str | None, int] = defaultdict(int)
    unmet: dict[str | None, dict[tuple[int, bool], int]] = defaultdict(lambda: defaultdict(int))
    for it in r.items:
        demand[it.street] += 1
        if it.id in p.assignment:
            served[it.street] += 1
        else:
            unmet[it.street][(it.weight, it.key)] += 1
    # hubs: suppliers of one (reach, street, district); flow hub -> street
    hub_key: Callable[[Supplier], tuple[Any, ...]] = lambda s: (s.reach, s.street, s.district)  # noqa: E731
    flow: dict[tuple[Any, ...], dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    by_id = {it.id: it for it in r.items}
    for iid, sid in p.assignment.items():
        flow[hub_key(sup[sid])][by_id[iid].street] += 1
    all_streets: list[str | None] = [*streets, *([None] if None in demand else [])]
    reach_cache: dict[tuple[Any, ...], list[str | None]] = {}

    def reach(hk: tuple[Any, ...]) -> list[str | None]:
        if hk not in reach_cache:
            stub = Supplier("", "", hk[1], hk[2], 0, hk[0])
            reach_cache[hk] = [t for t in all_streets if _reaches(stub, t, district.get(t))]
        return reach_cache[hk]

    into: dict[str | None, set[tuple[Any, ...]]] = defaultdict(set)
    for hk, per_street in flow.items():
        for t, n in per_street.items():
            if n:
                into[t].add(hk)
    cap = r.extra.capacity
    out: list[dict[str, Any]] = []
    for s in streets:
        new = (r.extra.reach, s, district[s])
        fl = {hk: dict(v) for hk, v in flow.items()}
        um = {t: dict(v) for t, v in unmet.items()}
        gained = [0, 0, 0]  # count, key, weight
        for _ in range(cap):
            found = _augment(new, fl, um, reach, into)
            if found is None:
                break
            w, key = found
            gained[0] += 1
            gained[1] += key
            gained[2] += w
        n_unmet = sum(unmet[s].values())
        out.append({
            "street": s, "demand": demand[s], "served": served[s], "unmet": n_unmet,
            "unmet_key": sum(v for (_w, k), v in unmet[s].items() if k),
            "unmet_weight": sum(w * v for (w, _k), v in unmet[s].items()),
            "shortfall": math.ceil(n_unmet / cap) if cap else 0,
            "extra_served": gained[0], "extra_key": gained[1], "extra_weight": gained[2],
        })  # fmt: skip
    out.sort(key=lambda x: (-x["unmet_weight"], x["street"]))
    return out


def _augment(
    start: tuple[Any, ...],
    flow: dict[tuple[Any, ...], dict[str | None, int]],
    unmet: dict[str | None, dict[tuple[int, bool], int]],
    reach: Callable[[tuple[Any, ...]], list[str | None]],
    into: dict[str | None, set[tuple[Any, ...]]],
) -> tuple[int, bool] | None:
    """One augmenting path from a new unit of supply at hub ``start`` to the heaviest
    unmet item it can reach (forward: hub -> street in reach; backward: street -> a hub
    that serves something there). Applies it; returns (weight, key) of the item served."""
    parent: dict[Any, Any] = {("h", start): None}
    queue: list[Any] = [("h", start)]
    best: tuple[tuple[int, bool], Any] | None = None
    for node in queue:
        kind, x = node
        if kind == "h":
            for t in reach(x):
                nt = ("t", t)
                if nt not in parent:
                    parent[nt] = node
                    queue.append(nt)
                    um = unmet.get(t)
                    if um:
                        top = max((wk for wk, n in um.items() if n > 0), default=None)
                        if top is not None and (best is None or top > best[0]):
                            best = (top, nt)
        else:
            for hk in sorted(into.get(x, ()), key=repr):
                nh = ("h", hk)
                if nh not in parent and flow.get(hk, {}).get(x, 0) > 0:
                    parent[nh] = node
                    queue.append(nh)
    if best is None:
        return None
    wk, node = best
    unmet[node[1]][wk] -= 1
    while parent[node] is not None:
        prev = parent[node]
        if prev[0] == "h":  # forward hub -> street: one more served there by that hub
            flow.setdefault(prev[1], {})
            flow[prev[1]][node[1]] = flow[prev[1]].get(node[1], 0) + 1
            into[node[1]].add(prev[1])
        else:  # backward street -> hub: that hub serves one less there
            flow[node[1]][prev[1]] -= 1
        node = prev
    return wk
