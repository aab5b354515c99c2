"""Joint-formation grouping at city scale, and the heuristic against the exact MIP.

    python benchmarks/group_bench.py                   # uses benchmarks/out/store-500000
    python benchmarks/group_bench.py --orgs 500000     # generates and loads it first if missing
    python benchmarks/group_bench.py --store S         # an existing store, only read

Prints the time of reading the columns grouping reads (``store.tables(**inputs(...))``, no
graph) and of ``group()`` on them for the whole city (heuristic; with empty units; with
latent members) as a ratio to ``coverage()`` of the same tables in the same run (the
baseline: the classification grouping builds on), then the heuristic's candidates covered
against the exact optimum on small areas: slices of the city's streets and random streets
with tight limits. (``pbgraph group`` end to end, as a process: ``benchmarks/round.py``.)
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.grouping import (
    Instance,
    group,
    inputs,
    score,
    solve_exact,
    solve_heuristic,
)
from pbgraph.stores.sqlite import EmbeddedStore

OUT = Path(__file__).parent / "out"


def timed(f, *a, **k):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = f(*a, **k)
    return r, time.perf_counter() - t


def compare(instances: list[Instance]) -> tuple[int, int, int, float]:
    """(instances, where the heuristic is below the optimum, worst shortfall, worst ratio)."""
    below, worst, ratio = 0, 0, 1.0
    for inst in instances:
        h = score(inst, solve_heuristic(inst))[0]
        e = score(inst, solve_exact(inst, objectives=1, time_limit=20)[0])[0]
        if h < e:
            below += 1
            worst = max(worst, e - h)
            ratio = min(ratio, h / e)
    return len(instances), below, worst, ratio


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=500_000)
    ap.add_argument(
        "--slice", type=int, default=30, help="candidates per city slice solved exactly"
    )
    ap.add_argument("--store", type=Path, help="an existing store to read (default: made here)")
    a = ap.parse_args()
    store = a.store or OUT / f"store-{a.orgs}"
    if not a.store and not (store / "graph.sqlite").exists():
        ledgers = OUT / f"ledgers-{a.orgs}"
        run = [sys.executable, "-m", "pbgraph"]
        subprocess.run([*run, "generate", "--orgs", str(a.orgs), "--out", str(ledgers)], check=True)
        files = sorted(str(p) for p in ledgers.iterdir())
        subprocess.run([*run, "load", *files, "--store", str(store), "--quarantine", str(store)],
                       check=True)  # fmt: skip
    with EmbeddedStore(store, readonly=True) as s:
        T, t_read = timed(s.tables, **inputs())
        T_latent = s.tables(**inputs(count_latent=True))
    print(f"columns read: {t_read:.1f} s ({len(T.keys('Organization'))} organizations)")
    _, t_cov = timed(coverage, T, by="street")
    print(f"baseline coverage(by=street): {t_cov:.2f} s")
    for label, tab, kw in [("heuristic", T, {}), ("with --include-empty", T, {"include_empty": True}),
                           ("with --count-latent", T_latent, {"count_latent": True})]:  # fmt: skip
        r, t = timed(group, tab, **kw)
        tot = r.totals()
        print(f"group {label}: {t:.2f} s = {t / t_cov:.1f} x coverage; {len(r.areas)} areas, "
              f"{tot['candidates']} candidates, {tot['covered']} covered, bound "
              f"{tot['upper_bound']}, gap {tot['gap']}, {tot['groups']} groups, "
              f"{tot['empty_covered']} empty units joined, {len(r.splits)} splits")  # fmt: skip

    # the heuristic against the exact optimum: slices of the city's streets ...
    r = group(T)
    by_area: dict[str, list[Instance]] = {}
    for g in r.groups:
        by_area.setdefault(g.area, [])
    rng = random.Random(1)
    slices = []
    for area in sorted(by_area):
        gs = [g for g in r.groups if g.area == area]
        ws = [f for g in gs for f in g.formal][: a.slice]
        b = [rng.randint(0, 3) for _ in ws]
        slices.append(
            Instance(
                ws, [x + rng.choice((0, 0, 1)) for x in ws], b, [rng.randint(0, 2) for _ in ws]
            )
        )
    (n, below, worst, ratio), t = timed(compare, slices)
    print(f"city slices ({a.slice} candidates each, defaults): {n} instances, heuristic below "
          f"the exact optimum on {below} (worst by {worst}, ratio {ratio:.3f}); {t:.1f} s")  # fmt: skip
    # ... and random streets with unusual or tight limits
    for label, members in [("member limit 20-50", (50, 20)), ("member limit 10-12", (12, 10)), ("member limit 5-8 (binding)", (8, 6, 5))]:  # fmt: skip
        inst = []
        for _ in range(300):
            N, U = rng.choice([2, 3, 3, 4, 5]), rng.randint(2, 6)
            w = [rng.randint(1, N - 1) for _ in range(rng.randint(2, 18))]
            M = max(N, rng.choice(members))
            inst.append(Instance(w, [x + rng.choice((0, 0, 1, 2)) for x in w],
                                 [rng.randint(-1, 2) for _ in w], [rng.randint(0, 2) for _ in w], N, U, M))  # fmt: skip
        (n, below, worst, ratio), t = timed(compare, inst)
        print(f"random streets, {label}: {n} instances, heuristic below the optimum on {below} "
              f"(worst by {worst}, ratio {ratio:.3f}); {t:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
