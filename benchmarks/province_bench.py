"""A province on Dask (issue 19): time and peak memory of the partitioned commands
against the single process, each a process of its own with the defaults a user gets.

    python benchmarks/province_bench.py --store STORE [--workers 2] [--partition district]
        [--commands coverage,balance instructors,group]

For every command: the single process (its wall time and peak RSS), then the same command
with ``--partition P --workers N`` (wall time; peak RSS of the parent and of each worker
process, polled every 0.1 s over the process tree: the nanny's children), and whether
the JSON is the same bytes. Not a test: figures depend on the machine and its load
(``os.getloadavg()`` is printed before and after).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil


def measure(cmd: list[str], out: Path) -> dict[str, float]:
    """Run ``cmd`` (stdout to ``out``); wall seconds and the peak RSS (MB) of the process
    itself and of the largest descendant (a Dask worker)."""
    t0 = time.perf_counter()
    with out.open("wb") as f:
        p = subprocess.Popen(cmd, stdout=f, stderr=subprocess.DEVNULL)
        root = psutil.Process(p.pid)
        peak: dict[int, int] = {}
        names: dict[int, str] = {}
        while p.poll() is None:
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for q in procs:
                try:
                    rss = q.memory_info().rss
                    names.setdefault(q.pid, " ".join(q.cmdline()[-2:]))
                except psutil.Error:
                    continue
                peak[q.pid] = max(peak.get(q.pid, 0), rss)
            time.sleep(0.1)
    wall = time.perf_counter() - t0
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)}: exit {p.returncode}")
    own = peak.pop(p.pid, 0)
    workers = sorted((v for k, v in peak.items() if "nanny" not in names.get(k, "")), reverse=True)
    return {"wall": wall, "peak": own / 2**20, "worker_peak": (workers[0] / 2**20) if workers else 0.0,
            "processes": len(peak) + 1}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition", default="district")
    ap.add_argument("--commands", default="coverage,balance instructors,balance pairings,group")
    a = ap.parse_args()
    base = [sys.executable, "-m", "pbgraph"]
    print(f"load average before: {os.getloadavg()}")
    print("| command | single s | single peak MB | partitioned s | parent peak MB | "
          "largest worker peak MB | same JSON |\n|---|---|---|---|---|---|---|")  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        for c in a.commands.split(","):
            args = [*c.split(), "--store", a.store, "--format", "json"]
            one = measure([*base, *args], Path(d) / "one.json")
            part = measure([*base, *args, "--partition", a.partition, "--workers",
                            str(a.workers)], Path(d) / "part.json")  # fmt: skip
            same = (Path(d) / "one.json").read_bytes() == (Path(d) / "part.json").read_bytes()
            print(f"| `{c}` | {one['wall']:.1f} | {one['peak']:.0f} | {part['wall']:.1f} | "
                  f"{part['peak']:.0f} | {part['worker_peak']:.0f} | {same} |", flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
