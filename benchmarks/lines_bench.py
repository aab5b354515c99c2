"""Leadership lines and new registrations (issue 20) at city scale.

    python benchmarks/lines_bench.py --store S         # an existing store, only read
    python benchmarks/lines_bench.py --orgs 500000     # generates and loads it first if missing

Prints the time of reading the columns each analysis reads (``store.tables(**inputs())``, no
graph) and of ``lines()`` and ``newregs()`` on them, with the sizes (party organizations,
leading bodies, problems found, new registrations). The store must hold the leading bodies'
ledger and registration dates (``pbgraph generate`` writes them since issue 20); the
commands end to end: ``time pbgraph lines --store S`` (docs/commands/lines-newregs.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from pbgraph.analyses.lines import inputs as lines_inputs
from pbgraph.analyses.lines import lines
from pbgraph.analyses.newregs import inputs as newregs_inputs
from pbgraph.analyses.newregs import newregs
from pbgraph.stores.sqlite import EmbeddedStore

OUT = Path(__file__).parent / "out"


def timed(f, *a, **k):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    r = f(*a, **k)
    return r, time.perf_counter() - t


def ensure_store(orgs: int) -> Path:
    """A store of a generated city of ``orgs`` organizations under benchmarks/out."""
    store, ledgers = OUT / f"lines-store-{orgs}", OUT / f"lines-city-{orgs}"
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
        t_lines, read_lines = timed(s.tables, **lines_inputs())
        t_regs, read_regs = timed(s.tables, **newregs_inputs())
    result, run_lines = timed(lines, t_lines)
    regs, run_regs = timed(newregs, t_regs)
    print(f"store {store}: {len(t_lines.keys('Organization'))} organizations, "
          f"{len(t_lines.keys('PartyOrg'))} party organizations, "
          f"{len(t_lines.keys('LeadingBody'))} leading bodies")  # fmt: skip
    print(f"lines:   read {read_lines:.2f} s, analysis {run_lines:.2f} s; {result.totals()}")
    print(f"newregs: read {read_regs:.2f} s, analysis {run_regs:.2f} s; {regs.totals()}")


if __name__ == "__main__":
    main()
