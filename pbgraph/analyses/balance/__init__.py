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

**Input.** A networkx graph of the schema's shape or the projection's tables: the command
reads only the columns :func:`inputs` names (``store.tables(**inputs(kind))``), no graph,
and the extraction (:mod:`.extract`) joins them with numpy; the same instance either way.

**Solver.** A min-cost flow with integer costs, solved exactly by networkx's network
simplex (integer arithmetic: no tolerance can blur a cost of 1 against a weight of 10⁸),
pivot for pivot as networkx makes them but priced with numpy (:mod:`.simplex`): the same
flow, so the same plan, of all the optimal ones, that networkx gives.
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

The rules both plans share are one :class:`Rules`; keywords override its fields:

>>> solve(inst, items, rules=Rules(move_gap=2)).moves, solve(inst, items, move_gap=2).moves
(1, 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

from ...graphmodel.tables import Tables
from .extract import READS, instructor_instance, pairing_instance
from .model import (
    INSTRUCTOR_WEIGHTS,
    PAIRING_CAPACITY,
    SCOPES,
    DemandItem,
    Plan,
    RuleOptions,
    Rules,
    Supplier,
    resolve_weights,
)
from .network import solve
from .result import BalanceResult, load_stats

if TYPE_CHECKING:  # only to annotate: tables need no graph
    import networkx as nx

__all__ = [
    "INSTRUCTOR_WEIGHTS",
    "PAIRING_CAPACITY",
    "SCOPES",
    "BalanceResult",
    "DemandItem",
    "Plan",
    "RuleOptions",
    "Rules",
    "Supplier",
    "balance_instructors",
    "balance_pairings",
    "inputs",
    "load_stats",
    "solve",
]


def inputs(kind: str) -> dict[str, Any]:
    """What :func:`balance_instructors` (``kind="instructors"``) or :func:`balance_pairings`
    (``"pairings"``) reads: the arguments of ``store.tables``, whatever the other
    parameters.

    >>> sorted(inputs("pairings")["props"])
    ['MemberUnit', 'Organization', 'Platform', 'Region']
    """
    if kind not in READS:
        raise ValueError(f"kind must be one of {', '.join(READS)}, not {kind!r}")
    props, rels = READS[kind]
    return {"labels": list(props), "rels": list(rels),
            "props": {label: list(p) for label, p in props.items()}}  # fmt: skip


def balance_instructors(
    G: nx.MultiDiGraph | Tables,
    *,
    capacity: int = 3,
    scope: str = "district",
    rules: Rules | None = None,
    **options: Unpack[RuleOptions],
) -> BalanceResult:
    """The instructor plan: who guides which organization or party organization, and why.

    ``G``: the projection of a store (``store.graph()``) or any graph of the schema's
    shape, or the tables of one (``store.tables(**inputs("instructors"))``, read without
    building a graph; :func:`~pbgraph.graphmodel.tables.tables_of`): the same plan.

    Demand: organizations with no party organization, joint branches and weak party
    organizations, weighted by :data:`INSTRUCTOR_WEIGHTS` (``weights`` overrides entries).
    Supply: every instructor with the ledger's capacity, else ``capacity``
    (docs/design.md#instructors-and-pairings: 2-4 per instructor, 3 by default), reaching
    ``scope`` around the street it is based in. The thresholds, weights and costs are
    ``rules`` (:class:`Rules`); its fields given as keywords (``keep_existing``,
    ``max_changes``, ``weights``, ``min_members``, ``large_staff``, ``key_employees``,
    ``key_revenue``, ``cross_street_cost``, ``cross_district_cost``, ``move_gap``) override
    it. The rest: :func:`solve`.
    """
    r = Rules.of(rules, options)
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if capacity < 0:
        raise ValueError("能力不能为负数 (capacity must not be negative)")
    w = resolve_weights(r.weights)
    suppliers, items = instructor_instance(G, capacity=capacity, scope=scope, weights=w, rules=r)
    params = {"capacity": capacity, "scope": scope, **r.params(w)}
    plan = solve(suppliers, items, rules=r)
    extra = Supplier("", "", None, None, capacity, scope)
    return BalanceResult("instructors", params, suppliers, items, plan, extra)


def balance_pairings(
    G: nx.MultiDiGraph | Tables,
    *,
    capacity: int | None = None,
    capacities: Mapping[str, int] | None = None,
    rules: Rules | None = None,
    **options: Unpack[RuleOptions],
) -> BalanceResult:
    """The pairing plan (包挂): which member unit pairs with which key organization.

    ``G``: a graph or its tables (``store.tables(**inputs("pairings"))``), as in
    :func:`balance_instructors`.

    Demand: key organizations with no party organization. Supply: the member units of the
    platforms, with the ledger's 包挂能力, else ``capacity`` when given, else the default of
    their platform's level (:data:`PAIRING_CAPACITY`, ``capacities`` overrides entries); a
    city-level unit reaches the whole city (in a province, its own city only), a
    district-level one its district, a street- or community-level one its street.
    ``rules`` and the keywords as in :func:`balance_instructors`.
    """
    r = Rules.of(rules, options)
    if capacity is not None and capacity < 0:
        raise ValueError("能力不能为负数 (capacity must not be negative)")
    w = resolve_weights(r.weights)
    caps = {**PAIRING_CAPACITY, **(capacities or {})}
    suppliers, items = pairing_instance(G, capacity=capacity, caps=caps, weights=w, rules=r)
    params = {"capacity": capacity, "capacities": caps, **r.params(w)}
    plan = solve(suppliers, items, rules=r)
    extra = Supplier("", "", None, None, capacity or caps["street"], "street")
    return BalanceResult("pairings", params, suppliers, items, plan, extra)
