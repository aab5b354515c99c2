"""The balancing plans, partitioned and still exact.

A plan couples partitions wherever a supplier reaches past one: a city-level member unit,
an instructor of ``--scope city``, an instructor who guides across a border. So the
plan is not solved per partition. Instead (docs/province.md):

1. each worker reads its partition and extracts its demand items with the unchanged
   extraction (:mod:`pbgraph.analyses.balance.extract`), and sends only what the flow
   network is made of: how many items of each (street, weight) class, the existing
   assignments it sees, and those items themselves (a few per supplier);
2. one task reads the suppliers (instructors or member units: no organization);
3. the parent builds the aggregated network the single process builds (the same nodes
   and arcs in the same order, so networkx's network simplex makes the same pivots) and
   solves it once, with the same search for ``--max-changes``;
4. each worker gets its streets' share of the flow (how many of each class are served,
   which suppliers' slots come into each street, the existing items handed on), reads and
   extracts its partition again (not kept: a worker would hold the items of every
   partition it extracted) and hands out its concrete items as the single process does;
5. the parent puts the plan together: the same assignments, moves, loads and JSON.

The parent holds the suppliers, the existing assignments and the assigned items (what
the plan lists), and the unmet demand as counts per (street, weight, key), never the
partitions' organizations.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from typing import Any

from ..analyses.balance.model import (
    COST_UNIT,
    DemandItem,
    Plan,
    Rules,
    Supplier,
    item_order,
    locality,
)
from ..analyses.balance.network import Flows, Network, keep_bonus, search
from . import cluster
from .partitions import Partition, StoreSpec

__all__ = ["run_balance"]

_SUPPLY = {
    "instructors": ({"Region": ["level"], "Instructor": ["name_masked", "capacity"]},
                    ["PART_OF_Region_Region", "BASED_IN_Instructor_Region"]),
    "pairings": ({"Region": ["level"], "Platform": ["level"], "MemberUnit": ["name", "capacity"]},
                 ["PART_OF_Region_Region", "AT_Platform_Region",
                  "MEMBER_OF_MemberUnit_Platform"]),
}  # fmt: skip


def _instance(kind: str, t: Any, opts: Mapping[str, Any]) -> tuple[list[Supplier], list[DemandItem]]:  # fmt: skip
    from ..analyses.balance import extract
    from ..analyses.balance.model import PAIRING_CAPACITY, resolve_weights

    r = Rules.of(None, opts["rules"])
    w = resolve_weights(r.weights)
    if kind == "instructors":
        return extract.instructor_instance(t, capacity=opts["capacity"], scope=opts["scope"],
                                           weights=w, rules=r)  # fmt: skip
    caps = {**PAIRING_CAPACITY, **(opts.get("capacities") or {})}
    return extract.pairing_instance(t, capacity=opts["capacity"], caps=caps, weights=w, rules=r)


def supply_task(spec: StoreSpec, kind: str, opts: Mapping[str, Any]) -> list[Supplier]:
    """The suppliers of the whole store, as the single process makes them (existing
    assignments aside): no organization is read."""
    props, rels = _SUPPLY[kind]
    store = spec.open()
    try:
        with store.snapshot():
            t = store.tables(list(props), rels, props)
    finally:
        store.close()
    return _instance(kind, t, opts)[0]


def _extract(part: Partition, spec: StoreSpec, kind: str, opts: Mapping[str, Any]) -> dict[str, Any]:  # fmt: skip
    """A partition's demand items and the existing assignments it sees, read and
    extracted by the unchanged extraction (the same every time: a worker makes them for
    :func:`summary_task` and again for :func:`handout_task`, rather than keep every
    partition's items it extracted until the plan is solved)."""
    from ..analyses.balance import inputs
    from .tasks import tables

    suppliers, items = _instance(kind, tables(spec, inputs(kind), part), opts)
    existing = {s.id: list(s.existing) for s in suppliers if s.existing}
    return {"items": items, "existing": existing}


def summary_task(part: Partition, spec: StoreSpec, kind: str, opts: Mapping[str, Any]) -> dict[str, Any]:  # fmt: skip
    """What the network needs of a partition: its classes' counts, its streets, the
    existing items it holds and its items of no street."""
    ex = _extract(part, spec, kind, opts)
    items: list[DemandItem] = ex["items"]
    wanted = {i for ids in ex["existing"].values() for i in ids}
    classes: dict[tuple[str | None, int], list[Any]] = {}
    streets: dict[str | None, tuple[str, str | None]] = {}
    stubs = {}
    for it in items:  # in table order: the order of their ids
        streets.setdefault(it.street, (it.id, it.district))
        c = classes.setdefault((it.street, it.weight), [0, None, []])
        c[0] += 1
        if it.id in wanted:
            stubs[it.id] = it
            c[2].append(it.id)
        elif c[1] is None:
            c[1] = it.id
    return {"existing": ex["existing"], "stubs": stubs, "classes": classes, "streets": streets,
            "none": [it for it in items if it.street is None],
            "po": [it.id for it in items if it.label == "PartyOrg"]}  # fmt: skip


def handout_task(part: Partition, spec: StoreSpec, kind: str, opts: Mapping[str, Any],
                 share: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """A partition's items handed to the slots of its streets, as the single process's
    decode does; the unmet ones as counts."""
    ex = _extract(part, spec, kind, opts)
    skip, served_n = share["skip"], share["classes"]
    classes: dict[tuple[str | None, int], list[DemandItem]] = defaultdict(list)
    for it in ex["items"]:
        if it.street is not None and it.id not in skip:
            classes[(it.street, it.weight)].append(it)
    to_serve: dict[str | None, list[DemandItem]] = defaultdict(list)
    for t, lst in share["overflow"].items():
        to_serve[t].extend(lst)
    for (t, w), lst in classes.items():
        lst.sort(key=item_order)
        to_serve[t].extend(lst[: served_n.get((t, w), 0)])
    assignment: dict[str, str] = {}
    assigned: list[DemandItem] = []
    for t, lst in to_serve.items():
        lst.sort(key=item_order)
        for it, sid in zip(lst, share["incoming"].get(t, []), strict=True):
            assignment[it.id] = sid
            assigned.append(it)
    unmet: dict[tuple[Any, ...], int] = defaultdict(int)
    for it in ex["items"]:
        if it.id not in assignment and it.id not in share["known"] and it.street is not None:
            unmet[(it.street, it.district, it.weight, it.klass, it.key, it.label)] += 1
    return {"assignment": assignment, "assigned": assigned, "unmet": dict(unmet)}


class _Count:
    """A class of ``n`` interchangeable items, as the network sees it (``len`` only)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n


class AggNetwork(Network):
    """The single process's :class:`Network`, made from the partitions' summaries: the
    same suppliers, streets, existing groups and classes, in the same order."""

    def __init__(self, suppliers: Sequence[Supplier], sums: Sequence[dict[str, Any]],
                 costs: tuple[int, int, int], keep_existing: bool) -> None:  # fmt: skip
        self.suppliers = list(suppliers)
        self._index = {s.id: k for k, s in enumerate(self.suppliers)}
        self.costs, self.keep_existing = costs, keep_existing
        self.bonus_used = 0  # the keep bonus the plan was solved with
        self.full: dict[str, DemandItem] = {}  # the items the plan names, once handed out
        by_id: dict[str, DemandItem] = {}
        for s in sums:
            for iid, it in s["stubs"].items():
                by_id.setdefault(iid, it)
        self.by_id = by_id
        firsts: dict[str | None, tuple[str, str | None]] = {}
        for s in sums:
            for t, first in s["streets"].items():
                firsts[t] = min(firsts.get(t, first), first)
        self.district_of = {t: d for t, (_, d) in firsts.items()}
        self.streets = sorted(self.district_of, key=lambda s: (s is None, s or ""))
        self._existing(by_id)
        self._classes(sums)
        self._build()

    def _classes(self, sums: Sequence[dict[str, Any]]) -> None:
        """The classes of the items nobody keeps, in the order of their first item."""
        acc: dict[tuple[str | None, int], list[Any]] = {}
        for s in sums:
            for key, (n, first, known) in s["classes"].items():
                a = acc.setdefault(key, [0, None])
                taken = [i for i in known if i in self.keepable]
                a[0] += n - len(taken)
                firsts = [x for x in (first, *(i for i in known if i not in self.keepable)) if x]
                if firsts:
                    a[1] = min([a[1], *firsts]) if a[1] else min(firsts)
        ordered = sorted((k for k, a in acc.items() if a[0] > 0), key=lambda k: acc[k][1])
        self.classes = {k: _Count(acc[k][0]) for k in ordered}  # type: ignore[misc]

    def _decode(self, flow: dict[str, Any], bonus: int) -> Plan:
        """The flow and what the search needs of it (the moves); the items are handed out
        by the partitions (:func:`handout_task`)."""
        kept = sum(
            int(sum(flow.get(f"i{self._index[sid]}", {}).get(f"e{sid}|{t}|{w}", {}).values()))
            for (sid, t, w) in self.egroups
        )
        moves = len(self.owner) - kept
        return Plan({}, set(), {}, list(self.released), {}, {}, 0, 0, moves, 0)


def _solve(net: AggNetwork, items_max_weight: int, r: Rules) -> Plan:
    """``pbgraph.analyses.balance.network.solve``'s search, on the aggregated network."""
    net.bonus_used = keep_bonus(r)
    return search(net, r, items_max_weight)


def _no_street(net: AggNetwork, sums: Sequence[dict[str, Any]], fl: Flows) -> dict[str, str]:  # fmt: skip
    """The hand-out of the items of no street (they may be in several partitions)."""
    items = {it.id: it for s in sums for it in s["none"] if it.id not in net.keepable}
    by_w: dict[int, list[DemandItem]] = defaultdict(list)
    for it in items.values():
        by_w[it.weight].append(it)
    lst = list(fl.overflow.get(None, []))
    for w, group in by_w.items():
        group.sort(key=item_order)
        lst.extend(group[: fl.served.get((None, w), 0)])
    lst.sort(key=item_order)
    return {it.id: sid for it, sid in zip(lst, fl.incoming.get(None, []), strict=True)}


class _Items:
    """Every demand item once, for :class:`BalanceResult`: those the plan lists or the
    existing assignments name, in full; the unmet rest as one stand-in per item (no id)."""

    def __init__(self, full: Mapping[str, DemandItem], unmet: Mapping[tuple[Any, ...], int]):
        self.full, self.unmet = dict(full), dict(unmet)
        self._n = len(self.full) + sum(self.unmet.values())

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[DemandItem]:
        yield from self.full.values()
        for (street, district, weight, klass, key, label), n in self.unmet.items():
            yield from repeat(DemandItem("", "", street, district, weight, klass, 0, label, key), n)


def _with_existing(suppliers: Sequence[Supplier], sums: Sequence[dict[str, Any]]) -> list[Supplier]:  # fmt: skip
    """The suppliers with the existing assignments every partition saw (each pair once:
    a party organization in two partitions is seen by both), in key order as a whole
    read gives them."""
    seen: dict[str, list[str]] = defaultdict(list)
    for s in sums:
        mine: dict[str, list[str]] = s["existing"]
        for sid, ids in mine.items():
            have = set(seen[sid])
            seen[sid].extend(i for i in ids if i not in have)
    return [dataclasses.replace(s, existing=tuple(sorted(seen.get(s.id, ())))) for s in suppliers]


def _plan(net: AggNetwork, best: Plan, assignment: dict[str, str], kept: set[str],
          weight: Mapping[str, int]) -> Plan:  # fmt: skip
    """The plan of the merged assignment, with the single process's figures."""
    load_after = dict.fromkeys((s.id for s in net.suppliers), 0)
    for sid in assignment.values():
        load_after[sid] += 1
    load_before = {s.id: len(dict.fromkeys(s.existing)) for s in net.suppliers}
    moved = {iid: (old, assignment.get(iid)) for iid, old in net.owner.items()
             if assignment.get(iid) != old}  # fmt: skip
    bonus = net.bonus_used
    secondary = sum(COST_UNIT * j * j for j in load_after.values())
    for iid, sid in assignment.items():
        s = net.suppliers[net._index[sid]]
        secondary += net.costs[locality(s, net.full[iid])]
        secondary -= bonus if iid in kept else 0
        secondary -= 1 if iid in net.keepable else 0
    return Plan(assignment, kept, moved, list(net.released), load_before, load_after,
                len(assignment), sum(weight[i] for i in assignment), len(moved), secondary,
                best.exact, best.bonus)  # fmt: skip


def run_balance(c: Any, job: Any, *, kind: str, opts: dict[str, Any], lang: str,
                write_back: bool) -> Any:  # fmt: skip
    """The plan of ``kind`` over the partitions of ``job``: the single process's."""
    from ..analyses.balance import BalanceResult
    from ..analyses.balance.model import PAIRING_CAPACITY, resolve_weights
    from .run import outcomes_or_fail

    spec, parts = job.spec, job.parts
    r = Rules.of(None, opts["rules"])
    r.check()
    w = resolve_weights(r.weights)
    supply = c.submit(supply_task, spec, kind, opts, pure=False)
    summaries = [c.submit(summary_task, p, spec, kind, opts, pure=False) for p in parts]
    sums = outcomes_or_fail(f"balance-{kind}", job.out_file, cluster.gather(summaries, parts),
                            lambda v: {})  # fmt: skip
    suppliers = _with_existing(supply.result(), sums)
    costs = (0, COST_UNIT * r.cross_street_cost, COST_UNIT * r.cross_district_cost)
    net = AggNetwork(suppliers, sums, costs, r.keep_existing)
    best = _solve(net, max((k[1] for s in sums for k in s["classes"]), default=1), r)
    fl = net.flows(net.flow)
    kept_at = fl.kept
    known = set(net.by_id)
    shares = []
    for s in sums:
        mine = [t for t in s["streets"] if t is not None]
        shares.append({"skip": net.keepable, "known": known,
                       "classes": {k: n for k, n in fl.served.items() if k[0] in s["streets"]},
                       "overflow": {t: fl.overflow.get(t, []) for t in mine},
                       "incoming": {t: fl.incoming.get(t, []) for t in mine}})  # fmt: skip
    outs = [c.submit(handout_task, p, spec, kind, opts, sh, pure=False)
            for p, sh in zip(parts, shares, strict=True)]  # fmt: skip
    handed = outcomes_or_fail(f"balance-{kind}", job.out_file, cluster.gather(outs, parts),
                              lambda v: {})  # fmt: skip
    assignment = dict(kept_at)
    full: dict[str, DemandItem] = dict(net.by_id)
    unmet: dict[tuple[Any, ...], int] = defaultdict(int)
    for h in handed:
        assignment.update(h["assignment"])
        full.update((it.id, it) for it in h["assigned"])
        for k, n in h["unmet"].items():
            unmet[k] += n
    assignment.update(_no_street(net, sums, fl))
    for s in sums:
        full.update((it.id, it) for it in s["none"])
    net.full = full
    plan = _plan(net, best, assignment, set(kept_at), {i: it.weight for i, it in full.items()})
    if kind == "instructors":
        params = {"capacity": opts["capacity"], "scope": opts["scope"], **r.params(w)}
        extra = Supplier("", "", None, None, opts["capacity"], opts["scope"])
    else:
        caps = {**PAIRING_CAPACITY, **(opts.get("capacities") or {})}
        params = {"capacity": opts["capacity"], "capacities": caps, **r.params(w)}
        extra = Supplier("", "", None, None, opts["capacity"] or caps["street"], "street")
    result = BalanceResult(kind, params, suppliers, _Items(full, unmet), plan, extra)  # type: ignore[arg-type]
    part_of = _partition_of(sums, handed)
    if write_back:
        _write_back(spec, result, parts, part_of)
    if job.out_file:
        _write_parts(job.out_file, result, parts, part_of, handed, lang)
    return result


def _partition_of(sums: Sequence[dict[str, Any]], handed: Sequence[dict[str, Any]]) -> dict[str, int]:  # fmt: skip
    """The partition (index) of every item the plan names."""
    part_of: dict[str, int] = {}
    for k, (s, h) in enumerate(zip(sums, handed, strict=True)):
        for iid in [*s["stubs"], *(it.id for it in s["none"]), *h["assignment"]]:
            part_of.setdefault(iid, k)
    return part_of


def _write_parts(out_file: str, result: Any, parts: Sequence[Partition], part_of: dict[str, int],
                 handed: Sequence[dict[str, Any]], lang: str) -> None:  # fmt: skip
    """Each partition's share of the plan (its items' assignments, its unmet demand) and
    the province summary, beside ``out_file``."""
    from .run import results_dir, write_parts
    from .steps import _summary

    plan: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in result.assignments(lang=lang):
        plan[part_of.get(f"{a['label']}:{a['key']}", 0)].append(a)
    figures = [{"served": len(plan.get(k, [])), "unmet": sum(h["unmet"].values())}
               for k, h in enumerate(handed)]  # fmt: skip
    own = [{**f, "plan": plan.get(k, [])} for k, f in enumerate(figures)]
    write_parts(results_dir(f"balance-{result.kind}", out_file), list(zip(parts, own, strict=True)),
                _summary(f"balance-{result.kind}", parts, figures))  # fmt: skip


class _PartPlan:
    """One partition's share of a plan, as :func:`write_plan` writes a plan."""

    def __init__(self, result: Any, root: str, rows: list[dict[str, Any]]) -> None:
        self.kind, self.params, self.rows = result.kind, result.params | {"partition": root}, rows

    def findings(self) -> list[dict[str, Any]]:
        return self.rows


def _write_back(spec: StoreSpec, result: Any, parts: Sequence[Partition],
                part_of: dict[str, int]) -> None:  # fmt: skip
    """The plan written back per partition: one run for each, tagged with it, holding the
    assignments of the partition's items."""
    from ..graphmodel.results import write_plan

    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for f in result.findings():
        rows[part_of.get(f"{f['label']}:{f['end']}", 0)].append(f)
    store = spec.open(write=True)
    try:
        for k, part in enumerate(parts):
            write_plan(store, _PartPlan(result, part.root, rows.get(k, [])))
    finally:
        store.close()
