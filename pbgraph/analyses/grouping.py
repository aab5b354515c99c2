"""Joint-formation grouping (联合组建): proposals for joint party branches that cover the most
small organizations, within the rules, with a bound that says how good they are.

Candidates are organizations with no party organization and 1 … N-1 formal members (N is
``min_members``, default 3; members held by talent centres, HR markets or communities count
only with ``count_latent``). A proposed group is *valid* when it has at least N formal members,
at most ``max_units`` units, at most ``max_members`` members (formal + probationary) and stays
within one street (or district, ``within="district"``). With ``include_empty``, organizations
with no formal member join groups with room left as extra units (they never make a group
invalid: they add no formal member, and units and members are checked).

The objective, in order (docs/design.md#joint-branches, Branch Work Regulations 2018):

1. the number of member-bearing candidates covered;
2. the number of organizations covered (with ``include_empty``: more groups, more room);
3. compactness: fewer buildings (楼宇/园区/市场), then fewer industries per group
   (``cost`` = 2 x (buildings - 1) + (industries - 1) per group, by ``prefer``).

Method. Areas are independent, so the city is solved area by area:

* **heuristic** (default, the whole city in about a second): candidates are packed level by
  level — same building and industry, same building, the whole area — each level's
  leftovers passed up; packing opens a group with its heaviest unit and completes it with the
  lightest unit that reaches N (best fit), so groups stay small and many; what is left is
  absorbed by groups with room (same building and industry first), then surplus units are
  moved out of groups that keep N without them to form a new group. If packing the area as
  one pool covers more candidates, that packing is used. With the defaults (N = 3, 5 units:
  any 3 units reach 3 members, 2 leftover units fit any group) every candidate of an area
  with at least 3 formal members is covered, so the heuristic is optimal for objective 1
  whenever the member limit does not bind;
* **exact** (``exact=True``, areas with up to ``exact_max`` candidates): a set-assignment MIP
  solved by HiGHS in three lexicographic stages (objective 1, then 2 with 1 fixed, then 3);
* **upper bound** per area, for both: with g groups at most ``min(n, g*max_units)``
  candidates are covered, and the heaviest that many must carry ``g*N`` formal members; the
  bound is the largest such count (the member limit is relaxed). ``gap`` = bound - covered.

Existing joint branches over the limits, or with a unit grown to N formal members, get a
split proposal: grown units build their own, the rest is spread over as few valid parts as
the limits allow.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:D", label="Region", name="历下区", level="district")
>>> G.add_node("Region:D/s", label="Region", name="泉城路街道", level="street")
>>> _ = G.add_edge("Region:D/s", "Region:D", key="PART_OF")
>>> G.add_node("Building:D/b", label="Building", name="恒隆广场")
>>> for code, m in [("o1", 2), ("o2", 1), ("o3", 1), ("o4", 0)]:
...     G.add_node(f"Organization:{code}", label="Organization", name=code, formal_members=m,
...                industry="批发和零售业")
...     _ = G.add_edge(f"Organization:{code}", "Region:D/s", key="LOCATED_IN")
...     _ = G.add_edge(f"Organization:{code}", "Building:D/b", key="IN_BUILDING")
>>> r = group(G)
>>> [(g.name, g.codes) for g in r.groups]
[('泉城路街道恒隆广场联合党支部', ['o1', 'o2', 'o3'])]
>>> r.totals()["covered"], r.totals()["upper_bound"]
(3, 3)
>>> group(G, include_empty=True).groups[0].codes
['o1', 'o2', 'o3', 'o4']
"""

from __future__ import annotations

import math
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from ..graphmodel.tables import tables_of
from .coverage import _CAND, _MUST, _NONE, _WORK, coverage

__all__ = [
    "LISTS",
    "Group",
    "GroupingResult",
    "Instance",
    "compactness",
    "group",
    "solve_exact",
    "solve_heuristic",
    "upper_bound",
    "valid",
]

LISTS = ("groups", "members", "uncovered", "splits")
WITHIN = ("street", "district")
PREFER = ("building", "industry")
_NO_PO = (_WORK, _MUST, _CAND, _NONE)


# -- the problem of one area, as plain arrays ------------------------------------------------


@dataclass
class Instance:
    """One area's units: formal members ``w`` (0 for an empty unit), members ``m`` (formal +
    probationary), building and industry codes (``-1``: none) and the limits."""

    w: list[int]
    m: list[int]
    building: list[int]
    industry: list[int]
    min_members: int = 3
    max_units: int = 5
    max_members: int = 50
    prefer: tuple[str, ...] = PREFER

    @property
    def n(self) -> int:
        return len(self.w)

    def cands(self) -> list[int]:
        return [i for i, x in enumerate(self.w) if x > 0]

    def empties(self) -> list[int]:
        return [i for i, x in enumerate(self.w) if x == 0]

    def key(self, i: int, level: Sequence[str]) -> tuple[int, ...]:
        return tuple(self.building[i] if k == "building" else self.industry[i] for k in level)


def valid(inst: Instance, g: Sequence[int]) -> bool:
    """Whether a group keeps every rule: >= N formal members, <= max units, <= max members."""
    return (
        sum(inst.w[i] for i in g) >= inst.min_members
        and len(g) <= inst.max_units
        and sum(inst.m[i] for i in g) <= inst.max_members
    )


def compactness(inst: Instance, g: Sequence[int]) -> int:
    """Cost of a group: the first preference counts twice as much as the second.

    A unit outside any building is its own place (``-1`` is a place like any other)."""
    cost = 0
    for weight, k in zip((2, 1), inst.prefer, strict=False):
        col = inst.building if k == "building" else inst.industry
        cost += weight * (len({col[i] for i in g}) - 1)
    return cost


def score(inst: Instance, groups: Sequence[Sequence[int]]) -> tuple[int, int, int]:
    """``(candidates covered, organizations covered, -compactness)``: larger is better."""
    return (
        sum(1 for g in groups for i in g if inst.w[i] > 0),
        sum(len(g) for g in groups),
        -sum(compactness(inst, g) for g in groups),
    )


def upper_bound(weights: Sequence[int], min_members: int, max_units: int) -> int:
    """Most candidates any grouping can cover (the member limit relaxed).

    With g groups at most ``min(n, g * max_units)`` candidates are covered, and then the
    heaviest that many must hold ``g * min_members`` formal members.

    >>> upper_bound([1, 1], 3, 5), upper_bound([2, 1, 1, 1, 1, 1], 3, 2), upper_bound([1] * 7, 3, 3)
    (0, 2, 6)
    """
    ws = sorted((x for x in weights if x > 0), reverse=True)
    prefix = [0, *np.cumsum(ws).tolist()] if ws else [0]
    best = 0
    for g in range(1, prefix[-1] // min_members + 1):
        k = min(len(ws), g * max_units)
        if prefix[k] >= g * min_members:
            best = max(best, k)
        if k == len(ws) and best == k:
            break
    return best


# -- the heuristic ----------------------------------------------------------------------------


def _pack(inst: Instance, items: list[int]) -> tuple[list[list[int]], list[int]]:
    """Best-fit packing: open with the heaviest unit, complete with the lightest unit that
    reaches N (else add the heaviest and go on), within the unit and member limits."""
    N, U, M = inst.min_members, inst.max_units, inst.max_members
    w, m = inst.w, inst.m
    by_w: dict[int, list[int]] = defaultdict(list)
    for i in sorted(items, key=lambda i: (m[i], i), reverse=True):  # pop() = fewest members
        by_w[w[i]].append(i)
    weights = sorted(by_w, reverse=True)
    groups: list[list[int]] = []

    def take(x: int, room: int) -> int | None:
        stack = by_w[x]
        if stack and m[stack[-1]] <= room:
            return stack.pop()
        return None

    while True:
        live = [x for x in weights if by_w[x]]
        if not live:
            break
        first = by_w[live[0]].pop()
        g, s, mm = [first], w[first], m[first]
        while s < N and len(g) < U:
            room = M - mm
            live = [x for x in weights if by_w[x]]
            pick = None
            for x in sorted(x for x in live if x >= N - s):  # lightest that completes
                if (pick := take(x, room)) is not None:
                    break
            if pick is None:
                for x in live:  # heaviest that fits
                    if (pick := take(x, room)) is not None:
                        break
            if pick is None:
                break
            g.append(pick)
            s += w[pick]
            mm += m[pick]
        if s >= N:
            groups.append(g)
        else:
            rest = [i for x in weights for i in by_w[x]]
            return groups, sorted(g + rest)
    return groups, []


def _fit(inst: Instance, g: list[int], i: int) -> int | None:
    """Added cost of putting unit ``i`` in group ``g`` (None when it does not fit)."""
    if len(g) >= inst.max_units or sum(inst.m[j] for j in g) + inst.m[i] > inst.max_members:
        return None
    return compactness(inst, [*g, i]) - compactness(inst, g)


def _absorb(inst: Instance, groups: list[list[int]], left: list[int], *, free_only: bool = False) -> list[int]:  # fmt: skip
    """Put leftover units into groups with room, cheapest first; returns what is still left."""
    rest = []
    for i in sorted(left, key=lambda i: -inst.w[i]):
        best: tuple[int, int, int] | None = None
        for gi, g in enumerate(groups):
            c = _fit(inst, g, i)
            if c is not None and (not free_only or c == 0):
                cand = (c, len(g), gi)
                if best is None or cand < best:
                    best = cand
        if best is None:
            rest.append(i)
        else:
            groups[best[2]].append(i)
    return rest


def _steal(inst: Instance, groups: list[list[int]], left: list[int]) -> list[int]:
    """Form a new group of leftovers and surplus units of groups that keep N without them."""
    N, U, M = inst.min_members, inst.max_units, inst.max_members
    w, m = inst.w, inst.m
    left = sorted(left, key=lambda i: (-w[i], m[i]))
    while left:
        new = left[: U - 1] if len(left) >= U else list(left)
        while new and sum(m[i] for i in new) > M:
            new.pop()
        s = sum(w[i] for i in new)
        if not new:
            return left
        moved: list[tuple[int, int]] = []
        for gi, g in enumerate(groups):
            for j in sorted(g, key=lambda j: -w[j]):
                if s >= N or len(new) >= U:
                    break
                gs = sum(w[k] for k in g)
                if (
                    gs - w[j] >= N
                    and len(g) > 1
                    and sum(m[k] for k in new) + m[j] <= M
                    and w[j] > 0
                ):
                    g.remove(j)
                    new.append(j)
                    moved.append((gi, j))
                    s += w[j]
            if s >= N:
                break
        if s >= N and len(new) <= U:
            groups.append(new)
            taken = set(new)
            left = [i for i in left if i not in taken]
        else:
            for gi, j in moved:  # undo
                groups[gi].append(j)
            return left
    return left


def _levels(prefer: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [prefer[:k] for k in range(len(prefer), -1, -1)]


def _heuristic_cands(inst: Instance, items: list[int], *, hierarchical: bool) -> tuple[list[list[int]], list[int]]:  # fmt: skip
    groups: list[list[int]] = []
    pool = list(items)
    levels = _levels(inst.prefer) if hierarchical else [()]
    for level in levels[:-1]:
        cells: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for i in pool:
            cells[inst.key(i, level)].append(i)
        pool = []
        for _, cell in sorted(cells.items()):
            gs, left = _pack(inst, cell)
            groups += gs
            pool += left
    # the whole area: leftovers that join a group at no cost first, then pack, absorb, steal
    pool = _absorb(inst, groups, pool, free_only=True) if hierarchical else pool
    gs, left = _pack(inst, pool)
    groups += gs
    left = _absorb(inst, groups, left)
    left = _steal(inst, groups, left)
    left = _absorb(inst, groups, left)
    return groups, left


def _fill_empties(inst: Instance, groups: list[list[int]], empties: list[int]) -> None:
    """Empty units join groups with room: same place first, then anywhere in the area."""
    U, M = inst.max_units, inst.max_members
    taken: set[int] = set()
    buckets: dict[tuple[str, tuple[int, ...]], list[int]] = defaultdict(list)
    levels = _levels(inst.prefer)
    for i in sorted(empties, key=lambda i: (inst.m[i], i), reverse=True):
        for level in levels:
            buckets[(",".join(level), inst.key(i, level))].append(i)
    for g in sorted(groups, key=len):
        mm = sum(inst.m[j] for j in g)
        for level in levels:
            keys = sorted(
                {inst.key(j, level) for j in g},
                key=lambda k: -sum(inst.key(j, level) == k for j in g),
            )
            for k in keys:
                stack = buckets.get((",".join(level), k), [])
                while stack and len(g) < U:
                    i = stack[-1]
                    if i in taken:
                        stack.pop()
                        continue
                    if mm + inst.m[i] > M:
                        break
                    stack.pop()
                    taken.add(i)
                    g.append(i)
                    mm += inst.m[i]


def _pack_members(inst: Instance, items: list[int], rng: Any) -> tuple[list[list[int]], list[int]]:  # fmt: skip
    """Packing when the member limit binds: complete a group with the unit that reaches N
    with the fewest members, else add the unit with most formal members per member; the
    opening unit is drawn at random among the heaviest (a few tries are made)."""
    N, U, M = inst.min_members, inst.max_units, inst.max_members
    w, m = inst.w, inst.m
    rest = sorted(items, key=lambda i: (-w[i], m[i], rng.random()))
    thrifty = rng.random() < 0.5
    groups: list[list[int]] = []
    left: list[int] = []
    while rest:
        first = rest.pop(min(len(rest) - 1, int(rng.random() * 3)))
        g, s, mm = [first], w[first], m[first]
        while s < N and len(g) < U:
            fit = [i for i in rest if mm + m[i] <= M]
            if not fit:
                break
            done = [i for i in fit if s + w[i] >= N]
            top = max(w[i] for i in fit)
            # half the tries fill with the lightest units that still let the group reach N
            small = [i for i in fit if s + w[i] + (U - len(g) - 1) * top >= N] if thrifty else []
            if small and not (done and min(w[i] for i in done) <= min(w[i] for i in small)):
                pick = min(small, key=lambda i: (w[i], m[i]))
            elif done:
                pick = min(done, key=lambda i: (m[i], w[i]))
            else:
                pick = max(fit, key=lambda i: (w[i] / (m[i] + 1), w[i]))
            rest.remove(pick)
            g.append(pick)
            s += w[pick]
            mm += m[pick]
        if s >= N:
            groups.append(g)
        else:
            left.append(first)
            rest += g[1:]
            rest.sort(key=lambda i: (-w[i], m[i]))
    left = _absorb(inst, groups, left)
    left = _steal(inst, groups, left)
    return groups, _absorb(inst, groups, left)


def solve_heuristic(
    inst: Instance, *, include_empty: bool = False, tries: int = 24
) -> list[list[int]]:
    """Groups (lists of unit indices) for one area, by the heuristic of the module docstring.

    When candidates are left out although the bound says more could be covered (the member
    limit binds, or unusual limits), ``tries`` member-aware packings are made as well
    (seeded: the same input gives the same groups) and the best is kept."""
    import random

    cands = inst.cands()
    if sum(inst.w[i] for i in cands) < inst.min_members:
        return []
    groups, left = _heuristic_cands(inst, cands, hierarchical=bool(inst.prefer))
    if left and inst.prefer:
        flat, flat_left = _heuristic_cands(inst, cands, hierarchical=False)
        if len(flat_left) < len(left):
            groups, left = flat, flat_left
    bound = upper_bound(inst.w, inst.min_members, inst.max_units) if left else 0
    rng = random.Random(len(cands))
    for _ in range(tries if len(cands) - len(left) < bound else 0):
        alt, alt_left = _pack_members(inst, cands, rng)
        if len(alt_left) < len(left):
            groups, left = alt, alt_left
        if len(cands) - len(left) >= bound:
            break
    if include_empty:
        _fill_empties(inst, groups, inst.empties())
    return [sorted(g) for g in groups]


# -- the exact method -------------------------------------------------------------------------


@contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints its banner on stdout from C when a solver is made: keep it off ours."""
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (pytest, click's runner)
        yield
        return
    saved = os.dup(fd)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
        os.close(devnull)


class _Mip:
    """A small MIP built row by row and solved by HiGHS (integer columns)."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def var(self, lo: float = 0, hi: float = 1) -> int:
        self.lower.append(lo)
        self.upper.append(hi)
        return len(self.lower) - 1

    def row(self, coefs: dict[int, float], lo: float = -math.inf, hi: float = math.inf) -> None:
        self.rows.append((coefs, lo, hi))

    def solve(self, obj: dict[int, float], *, maximize: bool, time_limit: float) -> tuple[list[float], bool] | None:  # fmt: skip
        import highspy

        with _quiet_stdout():
            h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", float(time_limit))
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("threads", 1)
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        n = len(self.lower)
        lp.num_col_, lp.num_row_ = n, len(self.rows)
        lp.col_cost_ = [float(obj.get(j, 0.0)) for j in range(n)]
        lp.col_lower_, lp.col_upper_ = list(self.lower), list(self.upper)
        lp.row_lower_ = [lo if lo > -math.inf else -inf for _, lo, _ in self.rows]
        lp.row_upper_ = [hi if hi < math.inf else inf for _, _, hi in self.rows]
        start, index, value = [0], [], []
        for coefs, _, _ in self.rows:
            for j, c in sorted(coefs.items()):
                index.append(j)
                value.append(float(c))
            start.append(len(index))
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = start, index, value
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
        lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        h.passModel(lp)
        h.run()
        status = h.getModelStatus()
        if h.getInfo().primal_solution_status != 2:  # no feasible solution found
            return None
        return list(h.getSolution().col_value), status == highspy.HighsModelStatus.kOptimal


def solve_exact(inst: Instance, *, include_empty: bool = False, time_limit: float = 10.0,
                objectives: int = 3) -> tuple[list[list[int]], bool]:  # fmt: skip
    """Optimal groups for one area by a set-assignment MIP (HiGHS), in lexicographic stages.

    Returns the groups and whether every stage was proven optimal within ``time_limit``
    seconds each. ``objectives`` = 1 stops after the number of candidates covered. Empty
    units enter the model as a count per group (they add no formal member; their members
    are checked when they are placed), then are placed as the heuristic places them.
    """
    N, U, M = inst.min_members, inst.max_units, inst.max_members
    cands = inst.cands()
    W = sum(inst.w[i] for i in cands)
    n_groups = min(W // N, len(cands) // 2)  # every candidate has fewer than N members
    if n_groups == 0:
        return [], True
    mip = _Mip()
    x = {(i, g): mip.var() for a, i in enumerate(cands) for g in range(min(a + 1, n_groups))}
    y = [mip.var() for _ in range(n_groups)]
    n_empty = len(inst.empties()) if include_empty else 0
    e = [mip.var(0, min(U, n_empty)) for _ in range(n_groups)] if n_empty else []
    for i in cands:
        mip.row({x[i, g]: 1 for g in range(n_groups) if (i, g) in x}, hi=1)
    for g in range(n_groups):
        members = [i for i in cands if (i, g) in x]
        mip.row({**{x[i, g]: inst.w[i] for i in members}, y[g]: -N}, lo=0)
        mip.row({**{x[i, g]: 1 for i in members}, y[g]: -U, **({e[g]: 1} if e else {})}, hi=0)
        mip.row({**{x[i, g]: inst.m[i] for i in members}, y[g]: -M}, hi=0)
        for i in members:
            mip.row({x[i, g]: 1, y[g]: -1}, hi=0)
        if g + 1 < n_groups:
            mip.row({y[g]: 1, y[g + 1]: -1}, lo=0)
    if e:
        mip.row(dict.fromkeys(e, 1), hi=n_empty)
    obj1 = dict.fromkeys(x.values(), 1.0)
    optimal = True
    sol = mip.solve(obj1, maximize=True, time_limit=time_limit)
    if sol is None:
        return [], False
    values, opt = sol
    optimal &= opt
    if objectives >= 2 and e:
        best1 = round(sum(values[j] for j in x.values()))
        mip.row(dict.fromkeys(x.values(), 1), lo=best1)
        obj2 = {**obj1, **dict.fromkeys(e, 1.0)}
        if (sol := mip.solve(obj2, maximize=True, time_limit=time_limit)) is not None:
            values, opt = sol
            optimal &= opt
    if objectives >= 3:
        best2 = round(sum(values[j] for j in (*x.values(), *e)))
        mip.row({**dict.fromkeys(x.values(), 1), **dict.fromkeys(e, 1)}, lo=best2)
        cost: dict[int, float] = {}
        for weight, k in zip((2, 1), inst.prefer, strict=False):
            col = inst.building if k == "building" else inst.industry
            for g in range(n_groups):
                for v in sorted({col[i] for i in cands if (i, g) in x}):
                    z = mip.var()
                    cost[z] = weight
                    for i in cands:
                        if (i, g) in x and col[i] == v:
                            mip.row({z: 1, x[i, g]: -1}, lo=0)
                cost[y[g]] = cost.get(y[g], 0) - weight
        if cost and (sol := mip.solve(cost, maximize=False, time_limit=time_limit)) is not None:
            values, opt = sol
            optimal &= opt
    groups: list[list[int]] = [[] for _ in range(n_groups)]
    for (i, g), j in x.items():
        if values[j] > 0.5:
            groups[g].append(i)
    groups = [g for g in groups if g]
    if include_empty:
        _fill_empties(inst, groups, inst.empties())
    return [sorted(g) for g in groups], optimal


# -- the result -------------------------------------------------------------------------------


@dataclass
class Group:
    """A proposed joint branch."""

    id: str
    area: str
    name: str
    codes: list[str]
    names: list[str]
    formal: list[int]
    members: int
    buildings: list[str]
    industries: list[str]
    reasons: list[tuple[str, str]]
    method: str

    @property
    def units(self) -> int:
        return len(self.codes)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        i = 0 if lang == "zh" else 1
        return {
            "group_id": self.id, "area": self.area, "name": self.name, "units": self.units,
            "formal_members": sum(self.formal), "members": self.members,
            "buildings": self.buildings, "industries": self.industries, "method": self.method,
            "organizations": [
                {"credit_code": c, "name": n, "formal_members": f, "reason": r[i]}
                for c, n, f, r in zip(self.codes, self.names, self.formal, self.reasons, strict=True)
            ],
        }  # fmt: skip


_COLUMNS = {
    "area": ("区域", "area"),
    "candidates": ("联合组建对象", "candidates"),
    "covered": ("建议覆盖", "covered"),
    "uncovered": ("未能编入", "left out"),
    "upper_bound": ("覆盖上限", "upper bound"),
    "gap": ("与上限差距", "gap to bound"),
    "groups": ("建议联合支部数", "groups"),
    "empty_covered": ("随同纳入(无党员)", "empty units joined"),
    "method": ("方法", "method"),
}
_METHOD = {"heuristic": ("启发式", "heuristic"), "exact": ("精确(最优)", "exact (optimal)"),
           "exact-limit": ("精确(时限内)", "exact (time limit)")}  # fmt: skip


@dataclass
class GroupingResult:
    """Proposed groups, per-area figures with bound and gap, uncovered candidates, splits."""

    params: dict[str, Any]
    groups: list[Group]
    areas: list[dict[str, Any]]
    uncovered: list[dict[str, Any]]
    splits: list[dict[str, Any]] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        keys = (
            "candidates",
            "covered",
            "uncovered",
            "upper_bound",
            "gap",
            "groups",
            "empty_covered",
        )
        return {k: sum(a[k] for a in self.areas) for k in keys}

    def rows(self) -> list[dict[str, Any]]:
        """One row per area (largest gap, then most candidates first), then ``合计``."""
        return [*self.areas, {"area": "合计", "method": "", **self.totals()}]

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        i = 0 if lang == "zh" else 1
        return [(k, v[i]) for k, v in _COLUMNS.items()]

    def method_label(self, method: str, lang: str = "zh") -> str:
        return _METHOD.get(method, (method, method))[0 if lang == "zh" else 1]

    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """``groups`` (one row per group), ``members`` (one row per organization in a group,
        with its reason), ``uncovered`` (candidates left out, with why) or ``splits``."""
        i = 0 if lang == "zh" else 1
        if name == "groups":
            return [
                {**{k: v for k, v in g.to_dict(lang).items() if k != "organizations"},
                 "buildings": "；".join(g.buildings), "industries": "；".join(g.industries),
                 "organizations": "；".join(f"{c} {n}" for c, n in zip(g.codes, g.names, strict=True))}
                for g in self.groups
            ]  # fmt: skip
        if name == "members":
            return [
                {"group_id": g.id, "group_name": g.name, "area": g.area, **o}
                for g in self.groups for o in g.to_dict(lang)["organizations"]
            ]  # fmt: skip
        if name == "uncovered":
            return [{**x, "reason": x["reason"][i]} for x in self.uncovered]
        if name == "splits":
            return [
                {**s, "reason": s["reason"][i], "proposal": s["proposal"][i],
                 "parts": [{**p, "action": p["action"][i]} for p in s["parts"]]}
                for s in self.splits
            ]  # fmt: skip
        raise KeyError(name)

    def list_columns(self, name: str, lang: str = "zh") -> list[tuple[str, str]]:
        i = 0 if lang == "zh" else 1
        words = {
            "group_id": ("编号", "group"), "group_name": ("建议支部名称", "proposed branch"),
            "name": ("名称", "name"), "area": ("区域", "area"), "units": ("单位数", "units"),
            "formal_members": ("正式党员", "formal members"), "members": ("党员数", "members"),
            "buildings": ("楼宇园区", "buildings"), "industries": ("行业", "industries"),
            "organizations": ("单位(信用代码 名称)", "organizations (credit code, name)"),
            "credit_code": ("统一社会信用代码", "credit code"), "reason": ("理由", "reason"),
            "method": ("方法", "method"), "party_org": ("党组织编号", "party org"),
            "proposal": ("拆分建议", "proposal"),
        }  # fmt: skip
        keys = {
            "groups": ("group_id", "area", "name", "units", "formal_members", "members",
                       "buildings", "industries", "organizations"),
            "members": ("group_id", "group_name", "credit_code", "name", "formal_members", "reason"),
            "uncovered": ("area", "credit_code", "name", "formal_members", "reason"),
            "splits": ("party_org", "name", "units", "members", "reason", "proposal"),
        }[name]  # fmt: skip
        return [(k, words[k][i]) for k in keys]

    def findings(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """``{end, group_id, group_name, reason}`` per proposed member (for write-back)."""
        i = 0 if lang == "zh" else 1
        out = [
            {"end": c, "group_id": g.id, "group_name": g.name, "reason": r[i]}
            for g in self.groups for c, r in zip(g.codes, g.reasons, strict=True)
        ]  # fmt: skip
        for s in self.splits:
            for p in s["parts"]:
                for o in p["organizations"]:
                    out.append({"end": o["credit_code"], "group_id": p["part"],
                                "group_name": p["name"], "reason": p["action"][i]})  # fmt: skip
        return out

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph group --format json`` (docs/commands/group.md)."""
        return {
            "params": self.params,
            "totals": self.totals(),
            "areas": self.areas,
            "groups": [g.to_dict(lang) for g in self.groups],
            "uncovered": self.listing("uncovered", lang=lang),
            "splits": self.listing("splits", lang=lang),
        }

    def to_frame(self) -> Any:
        """One row per organization in a proposed group (pandas, for notebooks)."""
        import pandas as pd

        return pd.DataFrame(self.listing("members"))


# -- from the graph ---------------------------------------------------------------------------

_CN = "零一二三四五六七八九十"


def _ordinal(k: int) -> str:
    if k <= 10:
        return _CN[k]
    if k < 20:
        return "十" + _CN[k - 10]
    if k < 100:
        return _CN[k // 10] + "十" + (_CN[k % 10] if k % 10 else "")
    return str(k)


def group(
    G: nx.MultiDiGraph,
    *,
    min_members: int = 3,
    max_units: int = 5,
    max_members: int = 50,
    within: str = "street",
    prefer: Sequence[str] = PREFER,
    include_empty: bool = False,
    count_latent: bool = False,
    exact: bool = False,
    exact_max: int = 40,
    time_limit: float = 10.0,
) -> GroupingResult:
    """Propose joint branches for the joint-formation candidates of ``G``.

    Parameters
    ----------
    G : the projection of a store (``store.graph()``); only read.
    min_members : N, the formal members a branch needs (and from which a unit builds its own).
    max_units, max_members : limits of one joint branch (units; formal + probationary members).
    within : ``street`` (the rule) or ``district`` (groups may cross streets).
    prefer : order of preference for compactness: ``building``, ``industry`` (or fewer).
    include_empty : let units with no formal member join groups with room.
    count_latent : count members whose relation is held by a talent centre, HR market or
        community as the employer's (they would have to be transferred).
    exact : solve areas with up to ``exact_max`` candidates by the MIP (HiGHS), each stage
        within ``time_limit`` seconds; larger areas use the heuristic.
    """
    if within not in WITHIN:
        raise ValueError(f"within must be street or district, not {within!r}")
    prefer = tuple(prefer)
    if any(p not in PREFER for p in prefer) or len(set(prefer)) != len(prefer):
        raise ValueError(f"prefer must name building and/or industry, not {','.join(prefer)!r}")
    if min_members < 1 or max_units < 2 or max_members < min_members:
        raise ValueError("need min_members >= 1, max_units >= 2, max_members >= min_members")
    cov = coverage(G, by="street", min_members=min_members, max_units=max_units,
                   max_members=max_members)  # fmt: skip
    t = tables_of(G)
    keys, attrs = t.node_table("Organization")
    n = len(keys)
    index = dict(zip(keys, range(n), strict=True))
    formal = cov.formal
    names = cov.names  # a list made on each access: once
    prob = np.fromiter(map(methodcaller("get", "probationary_members", 0), attrs), np.int64, n)
    latent = np.zeros(n, dtype=np.int64)
    if count_latent:
        for org, ms in cov.latent_members.items():
            latent[index[org]] = len(ms)
    w_all = formal + latent
    m_all = formal + prob + latent
    no_po = np.isin(cov.codes, _NO_PO)
    is_cand = no_po & (w_all >= 1) & (w_all < min_members)
    is_empty = no_po & (w_all == 0) if include_empty else np.zeros(n, dtype=bool)

    # building and industry of every organization
    b_keys, b_attrs = t.node_table("Building")
    b_name = {k: d.get("name", k) for k, d in zip(b_keys, b_attrs, strict=True)}
    building = np.full(n, -1, dtype=np.int64)
    bs, be = t.rel_table("IN_BUILDING_Organization_Building")
    b_list = sorted(set(be))
    b_code = {b: i for i, b in enumerate(b_list)}
    if bs:
        pos = np.fromiter(map(index.get, bs, repeat(-1)), np.int64, len(bs))
        code = np.fromiter(map(b_code.__getitem__, be), np.int64, len(be))
        building[pos[pos >= 0]] = code[pos >= 0]
    ind_names = list(map(methodcaller("get", "industry", ""), attrs))
    i_list = sorted(set(ind_names))
    i_code = {x: i for i, x in enumerate(i_list)}
    industry = np.fromiter(map(i_code.__getitem__, ind_names), np.int64, n)

    street_names = cov.group_names
    street_of = cov.group_of
    if within == "street":
        area_names, area_of = street_names, street_of
    else:
        dist = [s.split("/")[0] for s in street_names]
        area_names = sorted(set(dist))
        pos_of = {d: i for i, d in enumerate(area_names)}
        area_of = np.array([pos_of[d] for d in dist], dtype=np.int64)[street_of]

    sel = np.flatnonzero(is_cand | is_empty)
    order = sel[np.argsort(area_of[sel], kind="stable")]
    bounds = np.searchsorted(area_of[order], np.arange(len(area_names) + 1))
    params = {"min_members": min_members, "max_units": max_units, "max_members": max_members,
              "within": within, "prefer": list(prefer), "include_empty": include_empty,
              "count_latent": count_latent, "exact": exact, "exact_max": exact_max}  # fmt: skip

    groups: list[Group] = []
    areas: list[dict[str, Any]] = []
    uncovered: list[dict[str, Any]] = []
    for a, area in enumerate(area_names):
        idx = order[bounds[a] : bounds[a + 1]].tolist()
        n_cand = int(is_cand[idx].sum()) if idx else 0
        if n_cand == 0:
            continue
        inst = Instance(w_all[idx].tolist(), m_all[idx].tolist(), building[idx].tolist(),
                        industry[idx].tolist(), min_members, max_units, max_members, prefer)  # fmt: skip
        method = "heuristic"
        sol = solve_heuristic(inst, include_empty=include_empty)
        if exact and n_cand <= exact_max:
            ex, optimal = solve_exact(inst, include_empty=include_empty, time_limit=time_limit)
            if score(inst, ex) >= score(inst, sol):
                sol, method = ex, "exact" if optimal else "exact-limit"
        bound = upper_bound(inst.w, min_members, max_units)
        covered_set = {i for g in sol for i in g}
        covered = sum(1 for i in covered_set if inst.w[i] > 0)
        areas.append({
            "area": area, "candidates": n_cand, "covered": covered,
            "uncovered": n_cand - covered, "upper_bound": bound, "gap": bound - covered,
            "groups": len(sol), "empty_covered": len(covered_set) - covered, "method": method,
        })  # fmt: skip
        # names and reasons
        street_label = area.split("/")[-1]
        named: Counter[str] = Counter()
        area_groups: list[tuple[list[int], str]] = []
        for g in sorted(sol, key=lambda g: (-len(g), g)):
            orgs = [idx[i] for i in g]
            bcount = Counter(b_list[building[j]] for j in orgs if building[j] >= 0)
            place = b_name.get(bcount.most_common(1)[0][0], "") if bcount else ""
            if within == "district":
                st = Counter(street_names[street_of[j]].split("/")[-1] for j in orgs)
                street_label = st.most_common(1)[0][0]
            base = f"{street_label}{place}"
            named[base] += 1
            area_groups.append((orgs, base))
        seen: Counter[str] = Counter()
        for orgs, base in area_groups:
            seen[base] += 1
            name = f"{base}{'第' + _ordinal(seen[base]) if named[base] > 1 else ''}联合党支部"
            gid = f"G{len(groups) + 1:05d}"
            groups.append(_make_group(gid, area, name, orgs, method, keys, names, w_all,
                                      m_all, latent, building, b_list, b_name, ind_names,
                                      min_members))  # fmt: skip
        area_w = sum(inst.w)
        in_group = {idx[j] for j in covered_set}
        for i in idx:
            if is_cand[i] and i not in in_group:
                uncovered.append(_left_out(area, i, keys, names, int(w_all[i]), area_w,
                                           n_cand, min_members, max_units, max_members))  # fmt: skip
    areas.sort(key=lambda r: (-r["gap"], -r["candidates"], r["area"]))
    splits = _splits(names, t, index, formal, prob, keys, min_members, max_units, max_members)
    return GroupingResult(params, groups, areas, uncovered, splits)


def _make_group(gid: str, area: str, name: str, orgs: list[int], method: str, keys: list[str],
                names: list[str], w: np.ndarray, m: np.ndarray, latent: np.ndarray,
                building: np.ndarray, b_list: list[str], b_name: dict[str, str],
                ind: list[str], N: int) -> Group:  # fmt: skip
    blds = [b_name.get(b_list[building[j]], "") if building[j] >= 0 else "" for j in orgs]
    inds = [ind[j] for j in orgs]
    W, units, members = int(w[orgs].sum()), len(orgs), int(m[orgs].sum())
    reasons = []
    for j, b, i in zip(orgs, blds, inds, strict=True):
        others = units - 1
        same_b = b and all(x == b for x in blds)
        same_i = all(x == i for x in inds)
        if same_b and same_i:
            where = (
                f"与同在{b}的{others}家同行业单位",
                f"with {others} unit(s) of the same industry in {b}",
            )
        elif same_b:
            where = (f"与同在{b}的{others}家单位", f"with {others} unit(s) in {b}")
        elif b and blds.count(b) > 1:
            where = (
                f"与同在{b}及本街道邻近的{others}家单位",
                f"with {others} unit(s) in {b} and nearby",
            )
        elif same_i and i:
            where = (f"与本街道{others}家{i}单位", f"with {others} {i} unit(s) of the street")
        else:
            where = (f"与本街道邻近的{others}家单位", f"with {others} nearby unit(s) of the street")
        tail = (f"联合组建后共{units}个单位、{W}名正式党员、{members}名党员",
                f"together {units} units, {W} formal members, {members} members")  # fmt: skip
        if w[j] == 0:
            zh = f"暂无正式党员，{where[0]}一并纳入联合党支部，实现组织覆盖，需培养发展党员；{tail[0]}"
            en = f"no formal member: joins {where[1]} for organizational coverage, needs member development; {tail[1]}"
        else:
            lat = f"（含组织关系在外、需转接的{int(latent[j])}名）" if latent[j] else ""
            lat_en = f" (incl. {int(latent[j])} held elsewhere, to transfer)" if latent[j] else ""
            zh = f"有{int(w[j])}名正式党员{lat}，不足{N}名，{where[0]}联合组建；{tail[0]}"
            en = f"{int(w[j])} formal member(s){lat_en}, fewer than {N}: joint branch {where[1]}; {tail[1]}"
        reasons.append((zh, en))
    return Group(gid, area, name, [keys[j] for j in orgs], [names[j] for j in orgs],
                 [int(w[j]) for j in orgs], members, sorted({b for b in blds if b}),
                 sorted(set(inds) - {""}), reasons, method)  # fmt: skip


def _left_out(area: str, j: int, keys: list[str], names: list[str], wj: int, area_w: int,
              n_cand: int, N: int, U: int, M: int) -> dict[str, Any]:  # fmt: skip
    if area_w < N:
        reason = (
            f"本区域联合组建对象正式党员合计{area_w}名，不足{N}名，无法组成联合党支部；可跨街道联合（--within district）或发展党员",
            f"the area's candidates have {area_w} formal member(s) in all, fewer than {N}: cross streets (--within district) or develop members",
        )  # fmt: skip
    else:
        reason = (
            f"受每个联合党支部至多{U}个单位、{M}名党员的限制，本区域未能编入；建议发展党员或跨街道联合",
            f"left out by the limits of {U} units and {M} members per branch: develop members or cross streets",
        )  # fmt: skip
    return {"area": area, "credit_code": keys[j], "name": names[j], "formal_members": wj,
            "reason": reason}  # fmt: skip


def _splits(names: list[str], t: Any, index: dict[str, int], formal: np.ndarray, prob: np.ndarray,
            keys: list[str], N: int, U: int, M: int) -> list[dict[str, Any]]:  # fmt: skip
    """Split proposals for joint branches over the limits or with a unit grown to N."""
    po_keys, po_attrs = t.node_table("PartyOrg")
    po = dict(zip(po_keys, po_attrs, strict=True))
    units: dict[str, list[int]] = defaultdict(list)
    for p, org in zip(*t.rel_table("COVERS_PartyOrg_Organization"), strict=True):
        if org in index and po.get(p, {}).get("form") == "joint":
            units[p].append(index[org])
    out = []
    for p in sorted(units):
        u = sorted(set(units[p]))
        grown = [j for j in u if formal[j] >= N]
        members = int((formal[u] + prob[u]).sum())
        if not grown and len(u) <= U and members <= M:
            continue
        rest = [j for j in u if formal[j] < N]
        rest_m = int((formal[rest] + prob[rest]).sum()) if rest else 0
        k = max(1, math.ceil(len(rest) / U), math.ceil(rest_m / M)) if rest else 0
        parts_idx: list[list[int]] = [[] for _ in range(k)]
        for j in sorted(rest, key=lambda j: (-formal[j], keys[j])):  # heaviest first, LPT
            room = [q for q in range(k) if len(parts_idx[q]) < U] or list(range(k))
            q = min(room, key=lambda q: (int(formal[parts_idx[q]].sum()), len(parts_idx[q])))
            parts_idx[q].append(j)
        name = po[p].get("name", p)
        parts: list[dict[str, Any]] = []
        for j in grown:
            parts.append({
                "part": f"{p}-own-{keys[j]}", "name": f"{names[j]}党支部",
                "organizations": [{"credit_code": keys[j], "name": names[j]}],
                "action": (f"已有{int(formal[j])}名正式党员，单独组建党支部",
                           f"{int(formal[j])} formal members: build its own branch"),
            })  # fmt: skip
        for q, part in enumerate(parts_idx, start=1):
            if not part:
                continue
            wq = int(formal[part].sum())
            ok = wq >= N
            parts.append({
                "part": f"{p}-{q}", "name": f"{name}（拆分{q}）" if k > 1 else name,
                "organizations": [{"credit_code": keys[j], "name": names[j]} for j in part],
                "action": (
                    f"{len(part)}个单位、{wq}名正式党员组成联合党支部" if ok
                    else f"{len(part)}个单位仅{wq}名正式党员，不足{N}名，需并入邻近联合党支部或发展党员",
                    f"{len(part)} units, {wq} formal members: a joint branch" if ok
                    else f"{len(part)} units with {wq} formal members (< {N}): join a neighbouring branch or develop members",
                ),
            })  # fmt: skip
        why_zh, why_en = [], []
        if len(u) > U:
            why_zh.append(f"覆盖{len(u)}个单位，超过{U}个")
            why_en.append(f"{len(u)} units > {U}")
        if members > M:
            why_zh.append(f"共{members}名党员，超过{M}名")
            why_en.append(f"{members} members > {M}")
        if grown:
            why_zh.append(f"{len(grown)}个单位已有{N}名以上正式党员")
            why_en.append(f"{len(grown)} unit(s) grown to {N}+ formal members")
        summary = "；".join(
            f"{x['name']}：{'、'.join(o['credit_code'] + ' ' + o['name'] for o in x['organizations'])}"
            for x in parts
        )
        summary_en = "; ".join(
            f"{x['name']}: {', '.join(o['credit_code'] for o in x['organizations'])}" for x in parts
        )
        out.append({
            "party_org": p, "name": name, "units": len(u), "members": members,
            "reason": ("；".join(why_zh) + "，建议拆分", "; ".join(why_en) + ": split"),
            "proposal": (summary, summary_en), "parts": parts,
        })  # fmt: skip
    return out
