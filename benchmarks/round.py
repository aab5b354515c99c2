"""The planner's round (issue 17): each CLI command as its own process, old code and new.

    python benchmarks/round.py --orgs 20000 --old HEAD~3            # quick, against an older rev
    python benchmarks/round.py --old HEAD --new .                   # city scale, fairness check
    python benchmarks/round.py --orgs 20000 --old main --only coverage,group
    python benchmarks/round.py --orgs 20000 --old HEAD --neo4j      # and the local Neo4j part

A user's round on the synthetic city (``pbgraph generate --orgs N --seed S``): ``load city/*
--store S`` on a fresh store, then ``coverage``, ``balance instructors``, ``balance
pairings``, ``group`` and ``progress`` with ``--format json``, and ``report --out R``. Every
command runs as ``python -m pbgraph ...`` in a process of its own, with the defaults a user
gets; its seconds are wall time from process start to exit, its peak memory the process's
own max RSS (from ``wait4``). Old and new alternate command by command, so that a busy spell
of the machine hits both.

``--old`` and ``--new`` each name a folder holding a ``pbgraph`` package, or a git revision
(checked out with ``git worktree add`` into a temporary folder, removed at the end). Both run
with this venv's python and ``PYTHONPATH=<that folder>``, from a neutral working folder; the
script checks and prints which copy of pbgraph each side imports. Both are byte-compiled
first, as ``pip install`` does.

The old and new stdout of each JSON command are compared byte for byte ("same output"); for
``load`` its table with the store's path masked, for ``report`` its files' names and the
bytes of each (a workbook's but for the time it was written, in ``docProps/core.xml``). The
bare baseline, ``csv.reader`` over all the CSV ledgers (a process of its own too), is
measured before and after the round. Timing never fails anything: this prints, it does not
assert. The figures also go to ``OUT/round-N-sS/figures.json`` (the last run) and
``figures-DATE.json``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# issue 17's figures at 500 000 organizations (2 shared cores), the round's total beside them
TODAY_S = {
    "load": 85,
    "coverage": 35,
    "instructors": 46,
    "pairings": 47,
    "group": 31,
    "progress": 22,
    "report": 109,
}
TODAY_TOTAL_S = sum(TODAY_S.values())

# name -> the command's arguments (after ``python -m pbgraph``); {city}, {store}, {report}
# are filled in per side. The stdout of each goes to a file named after the command.
ROUND = {
    "load": ["load", "{city}", "--store", "{store}"],
    "coverage": ["coverage", "--store", "{store}", "--format", "json"],
    "instructors": ["balance", "instructors", "--store", "{store}", "--format", "json"],
    "pairings": ["balance", "pairings", "--store", "{store}", "--format", "json"],
    "group": ["group", "--store", "{store}", "--format", "json"],
    "progress": ["progress", "--store", "{store}", "--format", "json"],
    "report": ["report", "--store", "{store}", "--out", "{report}"],
}
LABELS = {
    "load": "load city/* --store S",
    "coverage": "coverage --format json",
    "instructors": "balance instructors --format json",
    "pairings": "balance pairings --format json",
    "group": "group --format json",
    "progress": "progress --format json",
    "report": "report --out R",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a user's shell gives: none of pbgraph's or Neo4j's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_"))}
    env.pop("PYTHONPATH", None)
    return {**env, **extra}


def timed(cmd: list[str], stdout: Path, cwd: Path, env: dict[str, str]) -> dict[str, object]:
    """Run ``cmd`` as a process of its own: wall seconds, its peak RSS, its exit code."""
    with open(stdout, "wb") as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode(errors="replace")[-2000:]
    if code != 0:
        print(f"  ! exit {code}: {' '.join(cmd[2:6])} ...\n{tail}", file=sys.stderr)
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "exit": code,
    }


class Side:
    """One version of pbgraph (old or new): its source folder, work folder and store."""

    def __init__(self, name: str, spec: str, work: Path, tmp: Path) -> None:
        self.name, self.spec, self.work = name, spec, work
        self.worktree: Path | None = None
        if (Path(spec) / "pbgraph" / "__init__.py").exists():
            self.root = Path(spec).resolve()
        else:  # a git revision
            self.worktree = tmp / f"{name}-src"
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q",
                 str(self.worktree), spec],
                check=True,
            )  # fmt: skip
            self.root = self.worktree
        self.rev = _git(self.root, "rev-parse", "--short", "HEAD")
        self.dirty = bool(_git(self.root, "status", "--porcelain", "--", "pbgraph"))
        work.mkdir(parents=True, exist_ok=True)
        self.store, self.report = work / "store", work / "report"
        self.env = clean_env(PYTHONPATH=str(self.root))
        compileall.compile_dir(self.root / "pbgraph", quiet=1)
        probe = subprocess.run(
            [sys.executable, "-c", "import pbgraph; print(pbgraph.__file__)"],
            cwd=work, env=self.env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        self.imports = probe.stdout.strip()
        if Path(self.imports).resolve().parent != (self.root / "pbgraph").resolve():
            raise SystemExit(f"{name}: imports {self.imports}, not {self.root}/pbgraph")

    def describe(self) -> str:
        dirty = " + uncommitted changes" if self.dirty else ""
        return f"{self.name}: {self.spec} = {self.rev}{dirty}; imports {self.imports}"

    def argv(self, name: str, city: Path) -> list[str]:
        fill = {"{store}": str(self.store), "{report}": str(self.report)}
        args: list[str] = []
        for a in ROUND[name]:
            args += ledger_files(city) if a == "{city}" else [fill.get(a, a)]
        return [sys.executable, "-m", "pbgraph", *args]

    def run(self, name: str, city: Path) -> dict[str, object]:
        if name == "load":
            shutil.rmtree(self.store, ignore_errors=True)
        if name == "report":
            shutil.rmtree(self.report, ignore_errors=True)
        return timed(self.argv(name, city), self.out(name), self.work, self.env)

    def out(self, name: str) -> Path:
        return self.work / (f"{name}.json" if "json" in ROUND[name] else f"{name}.txt")

    def close(self) -> None:
        if self.worktree is not None:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(self.worktree)],
                check=False,
            )


def _git(root: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return proc.stdout.strip()


def ledger_files(city: Path) -> list[str]:
    """``city/*``, as the shell expands it."""
    return sorted(str(p) for p in city.iterdir() if not p.name.startswith("."))


def make_city(n: int, seed: int, out: Path) -> Path:
    """The synthetic city's ledgers, generated once per N and seed (with this checkout's
    generator), then reused."""
    city = out / f"city-{n}-s{seed}"
    done = out / f"city-{n}-s{seed}.done"
    if done.exists() and city.is_dir():
        print(f"city: reusing {city}")
        return city
    shutil.rmtree(city, ignore_errors=True)
    cmd = [sys.executable, "-m", "pbgraph", "generate", "--orgs", str(n), "--seed", str(seed),
           "--out", str(city)]  # fmt: skip
    t = time.perf_counter()
    subprocess.run(
        cmd, check=True, cwd=out, env=clean_env(PYTHONPATH=str(REPO)), stdout=subprocess.DEVNULL
    )
    print(f"city: generated {city} in {time.perf_counter() - t:.0f} s")
    done.write_text(f"{n} {seed}\n")
    return city


def csv_baseline(city: Path, work: Path) -> dict[str, object]:
    """The bare floor: csv.reader over every CSV ledger, in a process of its own."""
    paths = sorted(str(p) for p in city.glob("*.csv"))
    code = (
        "import csv, sys\nn = 0\nfor path in sys.argv[1:]:\n"
        "    with open(path, encoding='utf-8-sig', newline='') as f:\n"
        "        for row in csv.reader(f):\n            n += 1\nprint(n)\n"
    )
    r = timed([sys.executable, "-c", code, *paths], work / "baseline.txt", work, clean_env())
    r["rows"] = int((work / "baseline.txt").read_text() or 0)
    r["files"] = len(paths)
    return r


def same_output(name: str, old: Side, new: Side) -> str:
    """Whether old and new wrote the same output for ``name``, in a few words."""
    if name == "report":
        return same_report(old.report, new.report)
    a, b = old.out(name).read_bytes(), new.out(name).read_bytes()
    if name == "load":  # its table names the store: mask each side's own path
        a = a.replace(str(old.store).encode(), b"S").replace(str(old.work).encode(), b"W")
        b = b.replace(str(new.store).encode(), b"S").replace(str(new.work).encode(), b"W")
    if not a and not b:
        return "empty"
    return "same" if a == b else "DIFFERENT"


def same_report(a: Path, b: Path) -> str:
    """The report folders: the same file names, and which files' bytes differ (a workbook
    or an HTML page may hold the time it was written)."""
    names_a = (
        sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()) if a.exists() else []
    )
    names_b = (
        sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()) if b.exists() else []
    )
    if names_a != names_b:
        return f"DIFFERENT files ({len(names_a)} vs {len(names_b)})"
    differ = [n for n in names_a if not same_file(a / n, b / n)]
    if not differ:
        return f"same ({len(names_a)} files)"
    return f"{len(names_a) - len(differ)}/{len(names_a)} files same; differ: {', '.join(differ)}"


def same_file(a: Path, b: Path) -> bool:
    """Byte for byte; a workbook member by member, but for the time it was written
    (``docProps/core.xml``), or else cell by cell (two writers of the same cells: every
    sheet's name and every cell's value, read back with calamine)."""
    if a.read_bytes() == b.read_bytes():
        return True
    if a.suffix != ".xlsx":
        return False
    import zipfile

    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = sorted(set(za.namelist()) | set(zb.namelist()))
        if all(
            n in za.namelist() and n in zb.namelist() and za.read(n) == zb.read(n)
            for n in names
            if n != "docProps/core.xml"
        ):
            return True
    return workbook_cells(a) == workbook_cells(b)


def workbook_cells(path: Path) -> list[tuple[str, list[list[object]]]]:
    """Every sheet of a workbook: its name and its cells' values, row by row."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return [(name, wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names]


def neo4j_round(side: Side, city: Path) -> dict[str, dict[str, object]]:
    """The Neo4j part as the README runs it: ``pbgraph neo4j start`` with its defaults (from
    the side's work folder, so the data is ``.pbgraph/neo4j`` there, fresh), ``load city/*
    --neo4j URI``, ``coverage --neo4j URI --format json`` twice, ``neo4j stop``."""
    shutil.rmtree(side.work / ".pbgraph" / "neo4j", ignore_errors=True)
    py = [sys.executable, "-m", "pbgraph"]
    out: dict[str, dict[str, object]] = {}
    w = side.work
    out["neo4j start"] = timed([*py, "neo4j", "start"], w / "neo4j-start.txt", w, side.env)
    try:
        text = (w / "neo4j-start.txt").read_text()
        uri = next((t for t in text.split() if t.startswith("bolt://")), "bolt://127.0.0.1:7687")
        steps = {
            "load --neo4j": ["load", *ledger_files(city), "--neo4j", uri],
            "coverage --neo4j": ["coverage", "--neo4j", uri, "--format", "json"],
            "coverage --neo4j (again)": ["coverage", "--neo4j", uri, "--format", "json"],
        }
        for name, args in steps.items():
            if out["neo4j start"]["exit"] != 0:
                break
            stdout = w / (name.replace(" ", "_").replace("(", "").replace(")", "") + ".out")
            out[name] = timed([*py, *args], stdout, w, side.env)
            print(f"  {side.name:3s} {name:34s} {out[name]['seconds']:8.1f} s", flush=True)
    finally:
        out["neo4j stop"] = timed([*py, "neo4j", "stop"], w / "neo4j-stop.txt", w, side.env)
    return out


def fmt_row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def print_table(rows: list[tuple[str, dict, dict, str]]) -> None:
    """command | old s | old peak MB | new s | new peak MB | speed-up | same output"""
    head = ["command", "old s", "old peak MB", "new s", "new peak MB", "speed-up", "same output"]
    body = []
    for label, o, n, same in rows:
        speed = f"{o['seconds'] / n['seconds']:.2f}x" if n["seconds"] else "-"
        flag = lambda r: "" if r["exit"] == 0 else f" (exit {r['exit']})"  # noqa: E731
        body.append([label, f"{o['seconds']:.1f}{flag(o)}", str(o["peak_mb"]),
                     f"{n['seconds']:.1f}{flag(n)}", str(n["peak_mb"]), speed, same])  # fmt: skip
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    print(fmt_row(head, widths))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in body:
        print(fmt_row(r, widths))


def totals(rows: list[tuple[str, dict, dict, str]], names: list[str]) -> dict[str, object]:
    old_s = sum(float(o["seconds"]) for _, o, _, _ in rows)
    new_s = sum(float(n["seconds"]) for _, _, n, _ in rows)
    return {
        "old_seconds": round(old_s, 1),
        "new_seconds": round(new_s, 1),
        "old_peak_mb": max(int(o["peak_mb"]) for _, o, _, _ in rows),
        "new_peak_mb": max(int(n["peak_mb"]) for _, _, n, _ in rows),
        "speedup": round(old_s / new_s, 2) if new_s else None,
        "issue17_seconds": sum(TODAY_S[k] for k in names if k in TODAY_S),
    }


def run_round(sides: list[Side], names: list[str], city: Path) -> list[tuple]:
    """Each command, old then new, as its own process; the rows of the table."""
    rows = []
    for name in names:
        got = {}
        for side in sides:
            got[side.name] = side.run(name, city)
            r = got[side.name]
            print(f"  {side.name:3s} {LABELS[name]:34s} {r['seconds']:8.1f} s "
                  f"{r['peak_mb']:6d} MB  exit {r['exit']}", flush=True)  # fmt: skip
        old, new = got["old"], got["new"]
        ok = old["exit"] == 0 and new["exit"] == 0
        same = same_output(name, sides[0], sides[1]) if ok else "-"
        rows.append((LABELS[name], old, new, same))
    return rows


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--orgs", type=int, default=500_000, help="organizations (default 500000)")
    ap.add_argument("--seed", type=int, default=2018, help="generate's seed (default 2018)")
    ap.add_argument("--out", type=Path, default=HERE / "out", help="city, stores, outputs")
    ap.add_argument("--old", default="HEAD", help="git revision or folder (default HEAD)")
    ap.add_argument(
        "--new", default=str(REPO), help="git revision or folder (default: this checkout)"
    )
    ap.add_argument(
        "--only",
        default=",".join(ROUND),
        help=f"comma list of: {', '.join(ROUND)} (without load, the last run's stores)",
    )
    ap.add_argument(
        "--neo4j",
        nargs="?",
        const="both",
        choices=["both", "new"],
        help="also the local Neo4j part (slow), on both sides or the new one only",
    )
    args = ap.parse_args()
    args.names = [n for n in ROUND if n in args.only.split(",")]
    unknown = set(args.only.split(",")) - set(ROUND)
    if unknown or not args.names:
        ap.error(f"--only: unknown {sorted(unknown)}; choose from {', '.join(ROUND)}")
    return args


def main() -> None:
    args = parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    args.out = args.out.resolve()
    city = make_city(args.orgs, args.seed, args.out)
    out = args.out / f"round-{args.orgs}-s{args.seed}"
    tmp = Path(tempfile.mkdtemp(prefix="pbgraph-round-"))
    sides: list[Side] = []
    try:
        for name, spec in (("old", args.old), ("new", args.new)):
            sides.append(Side(name, spec, out / name, tmp))
            print(sides[-1].describe())
        names = args.names
        if "load" not in names and not all((s.store).exists() for s in sides):
            names = ["load", *names]  # a store to read: loaded first, and shown
        figures: dict[str, object] = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "machine": {
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "load_avg_1m_start": round(os.getloadavg()[0], 2),
            },  # fmt: skip
            "orgs": args.orgs,
            "seed": args.seed,
            "sides": {
                s.name: {"spec": s.spec, "rev": s.rev, "dirty": s.dirty, "imports": s.imports}
                for s in sides
            },  # fmt: skip
        }
        figures["baseline_before"] = csv_baseline(city, out)
        rows = run_round(sides, names, city)
        figures["baseline_after"] = csv_baseline(city, out)
        figures["round"] = {label: {"old": o, "new": n, "same_output": same}
                            for label, o, n, same in rows}  # fmt: skip
        figures["totals"] = totals(rows, names)
        if args.neo4j:
            ran = sides if args.neo4j == "both" else sides[1:]
            figures["neo4j"] = {s.name: neo4j_round(s, city) for s in ran}
        figures["machine"]["load_avg_1m_end"] = round(os.getloadavg()[0], 2)  # type: ignore[index]
        report(figures, rows)
        text = json.dumps(figures, indent=2, ensure_ascii=False)
        stamp = str(figures["date"]).replace(":", "").replace("-", "")[:15]
        for path in (out / "figures.json", out / f"figures-{stamp}.json"):
            path.write_text(text)
        print(f"figures: {out / 'figures.json'} (and figures-{stamp}.json)")
    finally:
        for s in sides:
            s.close()
        shutil.rmtree(tmp, ignore_errors=True)


def report(figures: dict, rows: list[tuple]) -> None:
    """The table, the round's total beside issue 17's figure, the baseline, Neo4j."""
    print(f"\nThe planner's round, {figures['orgs']} organizations (seed {figures['seed']}):\n")
    print_table(rows)
    t = figures["totals"]
    b0, b1 = figures["baseline_before"], figures["baseline_after"]
    print(
        f"\nround total: old {t['old_seconds']:.1f} s (peak {t['old_peak_mb']} MB), "
        f"new {t['new_seconds']:.1f} s (peak {t['new_peak_mb']} MB), speed-up "
        f"{t['speedup']}x; issue 17's figure at 500 000 organizations: {t['issue17_seconds']} s"
    )
    print(
        f"baseline: csv.reader over the {b0['files']} CSV ledgers ({b0['rows']} rows): "
        f"{b0['seconds']:.2f} s before the round, {b1['seconds']:.2f} s after, "
        f"peak {b0['peak_mb']} MB; new round = {t['new_seconds'] / b0['seconds']:.0f}x it"
    )
    for side, steps in figures.get("neo4j", {}).items():
        parts = [
            f"{k} {v['seconds']:.1f} s" + ("" if v["exit"] == 0 else f" (exit {v['exit']})")
            for k, v in steps.items()
        ]
        print(f"neo4j {side}: {', '.join(parts)}")


if __name__ == "__main__":
    main()
