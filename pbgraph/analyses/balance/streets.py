"""Unmet demand by street, and what one more supplier based in a street would add: exact,
by augmenting paths in the street-level residual graph of a plan."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .model import DemandItem, Plan, Supplier, reaches


def street_rows(
    suppliers: Sequence[Supplier], items: Sequence[DemandItem], p: Plan, extra: Supplier,
    by_id: Mapping[str, DemandItem] | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Unmet demand per street, and the exact gain of one more supplier (``extra``, based
    in the street) there: augmenting paths in the street-level residual graph of the plan
    ``p`` (served weight is all that matters for the gain: every other cost is secondary).
    ``by_id``: ``{item id: item}`` of ``items`` when the caller has it already."""
    sup = {s.id: s for s in suppliers}
    district = {it.street: it.district for it in items}
    streets = sorted(t for t in district if t is not None)
    assignment = p.assignment
    # counted in C, items by street and the unmet ones by (street, weight, key)
    demand = Counter([it.street for it in items])
    served = Counter([it.street for it in items if it.id in assignment])
    unmet: dict[str | None, dict[tuple[int, bool], int]] = defaultdict(lambda: defaultdict(int))
    missed = Counter([(it.street, it.weight, it.key) for it in items if it.id not in assignment])
    for (t, w, key), n in missed.items():
        unmet[t][(w, key)] = n
    # hubs: suppliers of one (reach, street, district); flow hub -> street
    flow: dict[tuple[Any, ...], dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    if by_id is None:
        by_id = {it.id: it for it in items}
    for iid, sid in p.assignment.items():
        flow[sup[sid].hub][by_id[iid].street] += 1
    all_streets: list[str | None] = [*streets, *([None] if None in demand else [])]
    reach_cache: dict[tuple[Any, ...], list[str | None]] = {}

    def reach(hk: tuple[Any, ...]) -> list[str | None]:
        if hk not in reach_cache:
            stub = Supplier("", "", hk[1], hk[2], 0, hk[0], city=hk[3])
            reach_cache[hk] = [t for t in all_streets if reaches(stub, t, district.get(t))]
        return reach_cache[hk]

    into: dict[str | None, set[tuple[Any, ...]]] = defaultdict(set)
    for hk, per_street in flow.items():
        for t, n in per_street.items():
            if n:
                into[t].add(hk)
    cap = extra.capacity
    ordered: dict[str | None, list[tuple[Any, ...]]] = {}  # into[t] sorted, while unchanged
    tops = {t: _top(v) for t, v in unmet.items()}  # each street's heaviest unmet (weight, key)
    out: list[dict[str, Any]] = []
    # in a province, a street's city: the suppliers' cities whose code is over its own
    cities = sorted({x.city for x in suppliers if x.city is not None})
    for s in streets:
        city = next((c for c in cities if s.startswith(c + "/")), None)
        new = (extra.reach, s, district[s], city)
        fl = {hk: dict(v) for hk, v in flow.items()}
        um = {t: dict(v) for t, v in unmet.items()}
        top = dict(tops)  # kept up to date as um changes
        gained = [0, 0, 0]  # count, key, weight
        for _ in range(cap):
            found = _augment(new, fl, um, top, reach, into, ordered)
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


def _top(unmet: dict[tuple[int, bool], int]) -> tuple[int, bool] | None:
    """The heaviest ``(weight, key)`` a street still has unmet (``None``: nothing)."""
    return max((wk for wk, n in unmet.items() if n > 0), default=None)


def _augment(  # noqa: PLR0913 (the search's state, shared by the calls of one street)
    start: tuple[Any, ...],
    flow: dict[tuple[Any, ...], dict[str | None, int]],
    unmet: dict[str | None, dict[tuple[int, bool], int]],
    tops: dict[str | None, tuple[int, bool] | None],
    reach: Callable[[tuple[Any, ...]], list[str | None]],
    into: dict[str | None, set[tuple[Any, ...]]],
    ordered: dict[str | None, list[tuple[Any, ...]]],
) -> tuple[int, bool] | None:
    """One augmenting path from a new unit of supply at hub ``start`` to the heaviest
    unmet item it can reach (forward: hub -> street in reach; backward: street -> a hub
    that serves something there). Applies it; returns (weight, key) of the item served.
    ``tops[t]`` is :func:`_top` of ``unmet[t]`` (kept up to date here: the search looks
    at every street in reach, each time); ``ordered[t]`` caches ``into[t]`` in its search
    order (dropped when it grows)."""
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
                    top = tops.get(t)
                    if top is not None and (best is None or top > best[0]):
                        best = (top, nt)
        else:
            for hk in _hubs_into(x, into, ordered):
                nh = ("h", hk)
                if nh not in parent and flow.get(hk, {}).get(x, 0) > 0:
                    parent[nh] = node
                    queue.append(nh)
    if best is None:
        return None
    wk, node = best
    unmet[node[1]][wk] -= 1
    tops[node[1]] = _top(unmet[node[1]])
    _apply(node, parent, flow, into, ordered)
    return wk


def _apply(
    node: Any,
    parent: dict[Any, Any],
    flow: dict[tuple[Any, ...], dict[str | None, int]],
    into: dict[str | None, set[tuple[Any, ...]]],
    ordered: dict[str | None, list[tuple[Any, ...]]],
) -> None:
    """Push one unit along the path found, from its end ``node`` back to its start."""
    while parent[node] is not None:
        prev = parent[node]
        if prev[0] == "h":  # forward hub -> street: one more served there by that hub
            flow.setdefault(prev[1], {})
            flow[prev[1]][node[1]] = flow[prev[1]].get(node[1], 0) + 1
            if prev[1] not in into[node[1]]:  # a new hub there: its order is made again
                into[node[1]].add(prev[1])
                ordered.pop(node[1], None)
        else:  # backward street -> hub: that hub serves one less there
            flow[node[1]][prev[1]] -= 1
        node = prev


def _hubs_into(
    t: str | None,
    into: dict[str | None, set[tuple[Any, ...]]],
    ordered: dict[str | None, list[tuple[Any, ...]]],
) -> list[tuple[Any, ...]]:
    """The hubs serving something in street ``t``, in the search's order (by ``repr``)."""
    hubs = ordered.get(t)
    if hubs is None:
        hubs = ordered[t] = sorted(into.get(t, ()), key=repr)
    return hubs
