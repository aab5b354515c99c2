"""The grouping algorithm for one area: the packing heuristic (:func:`solve_heuristic`) and
the exact set-assignment MIP solved by HiGHS (:func:`solve_exact`); see the package
docstring for the method."""

from __future__ import annotations

import math
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .model import Instance, Rules, score, upper_bound

__all__ = ["solve_area", "solve_exact", "solve_heuristic"]


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


def _absorb(inst: Instance, groups: list[list[int]], left: list[int], *, free_only: bool = False) -> list[int]:  # fmt: skip
    """Put leftover units into groups with room, cheapest first; returns what is still left.

    The cost of adding a unit to a group is what it adds to the group's
    :func:`~.model.compactness`: the weight of each preference whose place (building,
    industry) the group does not have yet. Each group's size, members and places are kept
    as units join, so a unit is weighed against every group in constant time."""
    U, M, m = inst.max_units, inst.max_members, inst.m
    # (weight, column) of the two preferences; a missing one weighs 0 and is everywhere
    cols = [(wt, inst.building if k == "building" else inst.industry)
            for wt, k in zip((2, 1), inst.prefer, strict=False)]  # fmt: skip
    cols += [(0, [0] * inst.n)] * (2 - len(cols))
    (w1, c1), (w2, c2) = cols
    size = [len(g) for g in groups]
    mm = [sum(m[j] for j in g) for g in groups]
    places = [({c1[j] for j in g}, {c2[j] for j in g}) for g in groups]
    rest = []
    for i in sorted(left, key=lambda i: -inst.w[i]):
        mi, v1, v2 = m[i], c1[i], c2[i]
        best: tuple[int, int, int] | None = None
        for gi, (s1, s2) in enumerate(places):
            if size[gi] >= U or mm[gi] + mi > M:
                continue
            c = (0 if v1 in s1 else w1) + (0 if v2 in s2 else w2)
            if not free_only or c == 0:
                cand = (c, size[gi], gi)
                if best is None or cand < best:
                    best = cand
        if best is None:
            rest.append(i)
        else:
            gi = best[2]
            groups[gi].append(i)
            size[gi] += 1
            mm[gi] += mi
            places[gi][0].add(v1)
            places[gi][1].add(v2)
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
            # most of the group's units first; ties by the place's code (codes index
            # sorted keys: the same order in any subset of the city, e.g. a partition)
            keys = sorted(
                {inst.key(j, level) for j in g},
                key=lambda k: (-sum(inst.key(j, level) == k for j in g), k),
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


def solve_area(inst: Instance, rules: Rules) -> tuple[list[list[int]], str]:
    """Groups for one area and the method that found them: the heuristic, or the exact MIP
    when ``rules.exact`` asks for it, the area is small enough and it scores no worse."""
    sol = solve_heuristic(inst, include_empty=rules.include_empty)
    if rules.exact and len(inst.cands()) <= rules.exact_max:
        ex, optimal = solve_exact(inst, include_empty=rules.include_empty,
                                  time_limit=rules.time_limit)  # fmt: skip
        if score(inst, ex) >= score(inst, sol):
            return ex, "exact" if optimal else "exact-limit"
    return sol, "heuristic"
