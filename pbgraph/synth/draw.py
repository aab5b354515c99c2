"""Drawing helpers: weighted picks, unique place names, Poisson counts, recent days."""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Callable, Sequence
from typing import Any

from .vocabulary import SYL


def weighted(
    rng: random.Random, items: Sequence[Any], weights: Sequence[float]
) -> Callable[[], Any]:
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)

    def pick() -> Any:
        return items[bisect.bisect_right(cum, rng.random() * total)]

    return pick


def unique_names(rng: random.Random, n: int, suffix: str, taken: set[str]) -> list[str]:
    """``n`` new names ending in ``suffix``: a place-name piece of 2-3 characters, or two
    pieces once the short ones run out, numbered as a last resort (never loops forever)."""
    out: list[str] = []
    tries = 0
    while len(out) < n:
        tries += 1
        length = rng.choice((2, 2, 3))
        start = rng.randrange(len(SYL) - length)
        name = SYL[start : start + length]
        if tries > 50:
            a, b = rng.randrange(len(SYL) - 1), rng.randrange(len(SYL) - 1)
            name = SYL[a : a + 2] + SYL[b]
        if tries > 5000:
            name += str(tries)
        name += suffix
        if name not in taken:
            taken.add(name)
            out.append(name)
            tries = 0
    return out


def recent(day: int, span: int = 2400) -> int:
    """Founding days skewed towards the campaign (more new party organizations lately),
    from the same single draw as a uniform day, so the rest of the city is unchanged."""
    return min(span - 1, int(span * (day / span) ** 0.75))


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's product of uniforms; normal approximation above 30)."""
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, limit = 0, rng.random(), math.exp(-lam)
    while p > limit:
        k += 1
        p *= rng.random()
    return k
