"""A province on Dask (issue 19): time and peak memory of the partitioned commands
against the single process, each a process of its own with the defaults a user gets.

    python benchmarks/province_bench.py --store STORE|--neo4j URI [--workers 2] [--partition district]
        [--commands coverage,balance instructors,group]

For every command: the single process (its wall time and peak RSS), then the same command
with ``--partition P --workers N`` (wall time; peak RSS of the parent and of each worker
process, polled every 0.1 s over the process tree: the nanny's children), and whether
the JSON is the same bytes (``report``: one report, then one per partition, not
compared). Beside each peak RSS, in brackets, the peak of the process's
own memory (``RssAnon``): RSS also counts the pages of the store's column files it maps,
which the page cache holds and the processes of a machine share. Not a test: figures depend on the machine and its load
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
        anon: dict[int, int] = {}
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
                    own = rss_anon(q.pid)
                except (psutil.Error, OSError):
                    continue
                peak[q.pid] = max(peak.get(q.pid, 0), rss)
                anon[q.pid] = max(anon.get(q.pid, 0), own)
            time.sleep(0.1)
    wall = time.perf_counter() - t0
    if p.returncode:
        raise SystemExit(f"{' '.join(cmd)}: exit {p.returncode}")
    mine, mine_anon = peak.pop(p.pid, 0), anon.pop(p.pid, 0)
    workers = [k for k in peak if "nanny" not in names.get(k, "")]
    top = max(workers, key=peak.__getitem__, default=None)
    mb = 2**20
    return {"wall": wall, "peak": mine / mb, "anon": mine_anon / mb,
            "worker_peak": peak[top] / mb if top else 0.0,
            "worker_anon": max((anon[k] for k in workers), default=0) / mb,
            "processes": len(peak) + 1}  # fmt: skip


def rss_anon(pid: int) -> int:
    """A process's own resident memory in bytes (``RssAnon``: not the mapped files, which
    the page cache holds and every process mapping them shares)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="an embedded store")
    where.add_argument("--neo4j", metavar="URI",
                       help="a Neo4j server (its password: NEO4J_PASSWORD)")  # fmt: skip
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition", default="district")
    ap.add_argument("--commands", default="coverage,balance instructors,balance pairings,group")
    a = ap.parse_args()
    base = [sys.executable, "-m", "pbgraph"]
    print(f"load average before: {os.getloadavg()}")
    print("| command | single s | single peak MB (own) | partitioned s | parent peak MB (own) | "
          "largest worker peak MB (own) | same JSON |\n|---|---|---|---|---|---|---|")  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        for c in a.commands.split(","):
            source = ["--store", a.store] if a.store else ["--neo4j", a.neo4j]
            report = c.split()[0] == "report"  # a folder: one report, or one per partition
            args = [*c.split(), *source, *(() if report else ("--format", "json"))]
            one = measure([*base, *args, *(("--out", f"{d}/one") if report else ())],
                          Path(d) / "one.json")  # fmt: skip
            part = measure([*base, *args, "--partition", a.partition, "--workers",
                            str(a.workers), *(("--out", f"{d}/part") if report else ())],
                           Path(d) / "part.json")  # fmt: skip
            same: object = (Path(d) / "one.json").read_bytes() == (
                Path(d) / "part.json"
            ).read_bytes()
            if report:  # not the same output: a report per partition and a summary
                same = "n/a"
            print(f"| `{c}` | {one['wall']:.1f} | {one['peak']:.0f} ({one['anon']:.0f}) | "
                  f"{part['wall']:.1f} | {part['peak']:.0f} ({part['anon']:.0f}) | "
                  f"{part['worker_peak']:.0f} ({part['worker_anon']:.0f}) | {same} |", flush=True)  # fmt: skip
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
