"""The grouping problem: the rules of a joint branch (:class:`Rules`), one area's units as
plain arrays (:class:`Instance`) and the measures of a grouping — validity, compactness,
score and the upper bound on the candidates any grouping can cover."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "LISTS",
    "PREFER",
    "WITHIN",
    "Instance",
    "Rules",
    "compactness",
    "score",
    "upper_bound",
    "valid",
]

LISTS = ("groups", "members", "uncovered", "splits")
WITHIN = ("street", "district")
PREFER = ("building", "industry")


@dataclass(frozen=True)
class Rules:
    """The options of :func:`~pbgraph.analyses.grouping.group`, checked when made.

    The limits of one joint branch (``min_members`` formal members, at most ``max_units``
    units and ``max_members`` members), the area a branch stays in (``within``), the order of
    preference for compactness (``prefer``), who joins (``include_empty``, ``count_latent``)
    and the method (``exact`` for areas with up to ``exact_max`` candidates, each MIP stage
    within ``time_limit`` seconds).

    >>> Rules(max_units=4).max_units, Rules(prefer=["industry"]).prefer
    (4, ('industry',))
    >>> Rules(within="city")
    Traceback (most recent call last):
    ...
    ValueError: within must be street or district, not 'city'
    """

    min_members: int = 3
    max_units: int = 5
    max_members: int = 50
    within: str = "street"
    prefer: tuple[str, ...] = PREFER
    include_empty: bool = False
    count_latent: bool = False
    exact: bool = False
    exact_max: int = 40
    time_limit: float = 10.0

    def __post_init__(self) -> None:
        if self.within not in WITHIN:
            raise ValueError(f"within must be street or district, not {self.within!r}")
        prefer = tuple(self.prefer)
        object.__setattr__(self, "prefer", prefer)
        if any(p not in PREFER for p in prefer) or len(set(prefer)) != len(prefer):
            raise ValueError(f"prefer must name building and/or industry, not {','.join(prefer)!r}")
        if self.min_members < 1 or self.max_units < 2 or self.max_members < self.min_members:
            raise ValueError(
                "须满足：--min-members 不小于 1，--max-units 不小于 2，--max-members 不小于 "
                "--min-members (need min_members >= 1, max_units >= 2, max_members >= min_members)"
            )

    def params(self) -> dict[str, Any]:
        """The ``params`` of the result (and of ``--format json``): all but ``time_limit``."""
        return {"min_members": self.min_members, "max_units": self.max_units,
                "max_members": self.max_members, "within": self.within,
                "prefer": list(self.prefer), "include_empty": self.include_empty,
                "count_latent": self.count_latent, "exact": self.exact,
                "exact_max": self.exact_max}  # fmt: skip

    def instance(self, w: list[int], m: list[int], building: list[int], industry: list[int]) -> Instance:  # fmt: skip
        """One area's units under these rules."""
        return Instance(w, m, building, industry, self.min_members, self.max_units,
                        self.max_members, self.prefer)  # fmt: skip


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
        """The place of unit ``i`` at ``level`` (its building and/or industry codes)."""
        return tuple([self.building[i] if k == "building" else self.industry[i] for k in level])


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
