"""Public-welfare accounts, awards and training reach (issue 20) at city scale.

    python benchmarks/welfare_bench.py --store S         # an existing store, only read
    python benchmarks/welfare_bench.py --orgs 500000     # generates and loads it first if missing

Prints the time of reading the columns each analysis reads (``store.tables(**inputs())``, no
graph) and of ``welfare()`` and ``reach()`` on them, with the sizes (organizations, party
organizations, activities, persons, attendances, candidates, secretaries never reached).
The store must hold the welfare, trainings and awards ledgers (``pbgraph generate`` writes
them since issue 20); the commands end to end: ``time pbgraph welfare --store S``
(docs/commands/welfare-training.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from pbgraph.analyses import training, welfare
from pbgraph.stores.sqlite import EmbeddedStore

OUT = Path(__file__).parent / "out"


def timed(f, *a, **k):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = f(*a, **k)
    return r, time.perf_counter() - t


def ensure_store(orgs: int) -> Path:
    """A store of a generated city of ``orgs`` organizations under benchmarks/out."""
    store, ledgers = OUT / f"welfare-store-{orgs}", OUT / f"welfare-city-{orgs}"
    if not store.exists():
        run = [sys.executable, "-m", "pbgraph"]
        subprocess.run([*run, "generate", "--orgs", str(orgs), "--out", str(ledgers)], check=True)
        files = sorted(str(p) for p in ledgers.iterdir())
        subprocess.run([*run, "load", "--store", str(store), *files], check=True)
    return store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--orgs", type=int, default=500_000)
    ap.add_argument("--store", type=Path, help="an existing store (only read)")
    args = ap.parse_args()
    store = args.store or ensure_store(args.orgs)
    with EmbeddedStore(store, readonly=True) as s:
        t_w, read_w = timed(s.tables, **welfare.inputs())
        t_t, read_t = timed(s.tables, **training.inputs())
    w, run_w = timed(welfare.welfare, t_w)
    r, run_t = timed(training.reach, t_t)
    print(f"store {store}: {len(t_w.keys('Organization'))} organizations, "
          f"{len(t_w.keys('PartyOrg'))} party organizations, "
          f"{len(t_w.keys('WelfareActivity'))} activities, {len(t_t.keys('Person'))} persons, "
          f"{len(t_t.rel_table('ATTENDED_Person_Training')[0])} attendances")  # fmt: skip
    print(f"welfare:  read {read_w:.2f} s, analysis {run_w:.2f} s; "
          f"{len(w.orgs)} ranked, {w.totals['candidates']} candidates")  # fmt: skip
    print(f"training: read {read_t:.2f} s, analysis {run_t:.2f} s; {r.totals}")


if __name__ == "__main__":
    main()
