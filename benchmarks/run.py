"""pbgraph benchmarks: figures and ratios against baselines measured in the same run.

    python benchmarks/run.py                  # city scale: 500 000 organizations
    python benchmarks/run.py --orgs 50000     # quicker
    python benchmarks/run.py --only generate,embedded
    python benchmarks/run.py --only loader-combined   # `pbgraph load`: combined vs normalized

Each phase runs in its own process so that its peak memory (max RSS) is its own. Timing
never fails anything: this prints, it does not assert. pbgraph is byte-compiled first, as
pip does when it installs a package.

``loader-combined`` writes the same city (same seed) in the combined layout too (a
workbook per district, a sheet per street, party organization, instructors and paired
units inline: ``pbgraph generate --layout combined``) and runs ``pbgraph load`` as a
command, on a fresh store each time, on the normalized files and on the combined ones,
alternating, three times each: the median run's seconds and peak memory (the command's own
max RSS) and the ratio combined / normalized. At city scale (2 cores): generate 40-53 s,
--layout combined 183-186 s (openpyxl's write-only mode, 0.5 GB); pbgraph load of the
normalized files 54.5 s, peak 1.5 GB; of the combined ones 73 s, peak 2.1 GB (1.34x the
time, 1.38x the memory); no rejected row in either.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _phase(name: str, code: str, **env: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it prints a JSON dict of its own figures."""
    wrapper = (
        "import json, resource, time\n"
        "t0 = time.perf_counter()\n"
        f"{code}\n"
        "out = dict(locals().get('figures', {}))\n"
        "out['seconds'] = round(time.perf_counter() - t0, 2)\n"
        "out['peak_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
        "print('BENCH ' + json.dumps(out))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"benchmark phase {name} failed")
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH "))
    return json.loads(line[6:])


def bench_generate(n: int, out: Path, layout: str = "normalized") -> dict[str, float]:
    r = _phase(
        f"generate {layout}",
        f"from pbgraph.synth import generate\ngenerate({n}, {str(out)!r}, seed=2018, layout={layout!r})",
    )
    r["files_mb"] = round(sum(p.stat().st_size for p in out.iterdir()) / 1e6, 1)
    r["sizes"] = {p.name: round(p.stat().st_size / 1e6, 2) for p in sorted(out.iterdir())}  # type: ignore[assignment]
    return r


def bench_csv_baseline(ledgers: Path, pattern: str = "01_*.csv") -> dict[str, float]:
    """The bare floor: csv.reader over the ledger files, no validation."""
    paths = [str(p) for p in sorted(ledgers.glob(pattern))]
    return _phase(
        "csv.reader",
        f"import csv\nn = 0\nfor path in {paths!r}:\n"
        "    with open(path, encoding='utf-8-sig', newline='') as f:\n"
        "        for row in csv.reader(f):\n            n += 1\nfigures = {'rows': n}",
    )


def bench_validate(paths: list[Path], name: str) -> dict[str, float]:
    """Read + normalize + validate, no store: the loader's part that csv.reader is the floor of."""
    return _phase(
        name,
        "import sys\nfrom pbgraph.loaders.load import validate_ledgers\n"
        "t1 = time.perf_counter()\n"
        f"v = validate_ledgers({[str(p) for p in paths]!r})\n"
        "figures = {'rows': sum(s.read for s in v.summaries.values()), 'rejected': len(v.rejects),"
        " 'without_imports_s': round(time.perf_counter() - t1, 2),"
        # pyarrow imports pandas (a third of a second), when installed, at its first
        # conversion of a Python object; the loader builds its arrays so as never to ask
        " 'pandas_imported': 'pandas' in sys.modules}",
    )


def bench_cli_load(paths: list[Path], store: Path) -> dict[str, float]:
    """``python -m pbgraph load PATHS --store STORE --quarantine STORE`` as a command of its
    own on a fresh embedded store: wall seconds and the command's own peak memory (its max
    RSS, from ``wait4``), rows read and rejected from its ``--format json``."""
    import shutil
    import tempfile

    shutil.rmtree(store, ignore_errors=True)
    store.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_"))}
    cmd = [sys.executable, "-m", "pbgraph", "-q", "load", *map(str, paths),
           "--store", str(store), "--quarantine", str(store), "--format", "json"]  # fmt: skip
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            print(err.read().decode(errors="replace"), file=sys.stderr)
            raise SystemExit(f"pbgraph load failed ({proc.returncode}): {' '.join(cmd[:8])} ...")
        out.seek(0)
        result = json.loads(out.read())
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss / 1024),
        "files": len(paths),
        "rows": sum(k["read"] for k in result["kinds"].values()),
        "rejected": result["rejected"],
        "nodes": sum(v for k, v in result["store"].items() if "_" not in k),
    }


def ledger_files(folder: Path) -> list[Path]:
    """The ledgers ``generate`` wrote in ``folder`` (not the files benchmarks add there)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".csv", ".xlsx"))


def _same_city(a: Path, b: Path) -> bool:
    """Whether two ledger folders describe the same city: both layouts write the same
    members ledger, byte for byte, for the same city."""
    name = "03_人才中心人才市场党员台账.csv"
    return (
        (a / name).exists()
        and (b / name).exists()
        and ((a / name).read_bytes() == (b / name).read_bytes())
    )


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    """The run with the median time (its other figures with it)."""
    return dict(sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2])


def orgs_xlsx(ledgers: Path) -> Path:
    """The organization ledger as one XLSX sheet (written once, then reused)."""
    path = ledgers / "orgs_as_xlsx" / "01_两新组织台账.xlsx"
    if not path.exists():
        _phase(
            "write xlsx",
            "import csv\nfrom openpyxl import Workbook\n"
            f"src = next(__import__('pathlib').Path({str(ledgers)!r}).glob('01_*.csv'))\n"
            "wb = Workbook(write_only=True)\nws = wb.create_sheet('两新组织台账')\n"
            "with open(src, encoding='utf-8-sig', newline='') as f:\n"
            "    for row in csv.reader(f):\n        ws.append(row)\n"
            f"__import__('os').makedirs({str(path.parent)!r}, exist_ok=True)\n"
            f"wb.save({str(path)!r})",
        )
    return path


def bench_openpyxl_baseline(path: Path) -> dict[str, float]:
    return _phase(
        "openpyxl",
        f"from openpyxl import load_workbook\nwb = load_workbook({str(path)!r}, read_only=True)\n"
        "n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))\nwb.close()\n"
        "figures = {'rows': n}",
    )


def bench_embedded_load(ledgers: Path, store: Path) -> dict[str, float]:
    return _phase(
        "embedded load",
        "import glob\nfrom pbgraph.stores.sqlite import EmbeddedStore\n"
        "from pbgraph.loaders.load import load_ledgers\n"
        f"s = EmbeddedStore({str(store)!r})\n"
        f"files = sorted(p for p in glob.glob({str(ledgers / '*')!r}) if p.endswith(('.csv', '.xlsx')))\n"
        f"r = load_ledgers(files, s, quarantine_dir={str(store)!r})\n"
        "figures = {'nodes': sum(v for k, v in r.counts.items() if '_' not in k),"
        " 'relationships': sum(v for k, v in r.counts.items() if '_' in k),"
        " 'rejected': len(r.rejects)}",
    )


def bench_embedded_read(store: Path) -> dict[str, float]:
    return _phase(
        "embedded read",
        "from pbgraph.stores.sqlite import EmbeddedStore\n"
        f"G = EmbeddedStore({str(store)!r}).graph()\n"
        "figures = {'nodes': G.number_of_nodes(), 'edges': G.number_of_edges()}",
    )


def bench_coverage(store: Path) -> dict[str, float]:
    """The full classification on a graph in memory, against a per-organization networkx
    loop computing the same counts (the baseline), in the same process."""
    return _phase(
        "coverage",
        "from collections import Counter\n"
        "from pbgraph.stores.sqlite import EmbeddedStore\n"
        "from pbgraph.analyses.coverage import coverage\n"
        f"G = EmbeddedStore({str(store)!r}).graph()\n"
        "t = time.perf_counter()\nr = coverage(G, by='street')\nr.groups()\n"
        "fast = time.perf_counter() - t\n"
        "t = time.perf_counter()\n"
        "ref = Counter()\n"
        "rank = {'independent': 'own', 'joint': 'joint', 'attached': 'attached'}\n"
        "for o, d in G.nodes(data=True):\n"
        "    if d['label'] != 'Organization':\n        continue\n"
        "    forms = {G.nodes[u].get('form') for u, _, k in G.in_edges(o, keys=True) if k == 'COVERS'}\n"
        "    cat = next((rank[f] for f in ('independent', 'joint', 'attached') if f in forms), None)\n"
        "    if cat is None:\n"
        "        if any(k == 'GUIDES' for _, _, k in G.in_edges(o, keys=True)):\n            cat = 'work'\n"
        "        else:\n            m = d.get('formal_members') or 0\n"
        "            cat = 'must_build' if m >= 3 else 'joint_candidate' if m else 'no_members'\n"
        "    ref[cat] += 1\n"
        "slow = time.perf_counter() - t\n"
        "assert ref == Counter(r.categories.values()), (ref, Counter(r.categories.values()))\n"
        "figures = {'columnar_seconds': round(fast, 3), 'networkx_loop_seconds': round(slow, 2),"
        " 'speedup': round(slow / fast, 1), 'rate': r.totals()['rate']}",
    )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--orgs", type=int, default=500_000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument(
        "--only",
        default="generate,embedded",
        help="comma list: generate, embedded, coverage, loader (CSV and XLSX), loader-csv, "
        "loader-combined (pbgraph load, combined vs normalized layout), neo4j",
    )
    args = ap.parse_args()
    # byte-compiled as pip does on install: the phases' imports then read .pyc files, even
    # where PYTHONDONTWRITEBYTECODE keeps an editable install compiling on every start
    compileall.compile_dir(HERE.parent / "pbgraph", quiet=1)
    only = set(args.only.split(","))
    ledgers = args.out / f"ledgers-{args.orgs}"
    store = args.out / f"store-{args.orgs}"
    results: dict[str, dict[str, float]] = {}
    if "generate" in only or not ledgers.exists():
        import shutil

        shutil.rmtree(ledgers, ignore_errors=True)
        results["generate"] = bench_generate(args.orgs, ledgers)
    if "embedded" in only:
        import shutil

        shutil.rmtree(store, ignore_errors=True)
        results["csv.reader (baseline)"] = bench_csv_baseline(ledgers)
        results["load -> embedded"] = bench_embedded_load(ledgers, store)
        results["read embedded -> networkx"] = bench_embedded_read(store)
        results["coverage"] = bench_coverage(store)
        base = results["csv.reader (baseline)"]["seconds"]
        results["load -> embedded"]["x_csv_reader"] = round(
            results["load -> embedded"]["seconds"] / base, 1
        )
        results["load -> embedded"]["store_mb"] = round(
            (store / "graph.sqlite").stat().st_size / 1e6, 1
        )
    if "coverage" in only and "embedded" not in only:
        results["coverage"] = bench_coverage(store)
    if "loader" in only or "loader-csv" in only:
        # baseline and loader side by side, three times over: the medians and their ratio
        for label, pattern in (("orgs", "01_*.csv"), ("members", "0[34]_*.csv"), ("all", "*.csv")):
            files = sorted(ledgers.glob(pattern))
            base_runs, runs = [], []
            for _ in range(3):
                base_runs.append(bench_csv_baseline(ledgers, pattern))
                runs.append(bench_validate(files, f"validate {label}"))
            base, r = _median(base_runs), _median(runs)
            r["x_csv_reader"] = round(r["seconds"] / base["seconds"], 2)
            r["x_csv_reader_without_imports"] = round(r["without_imports_s"] / base["seconds"], 2)
            r["runs_s"] = [x["seconds"] for x in runs]  # type: ignore[assignment]
            base["runs_s"] = [x["seconds"] for x in base_runs]  # type: ignore[assignment]
            results[f"csv.reader {label} (baseline)"] = base
            results[f"validate {label} CSV"] = r
        if "loader" in only:
            xlsx = orgs_xlsx(ledgers)
            results["openpyxl read-only (baseline)"] = bench_openpyxl_baseline(xlsx)
            results["validate orgs XLSX"] = bench_validate([xlsx], "validate xlsx")
            ob = results["openpyxl read-only (baseline)"]["seconds"]
            results["validate orgs XLSX"]["speedup_vs_openpyxl"] = round(
                ob / results["validate orgs XLSX"]["seconds"], 1
            )
        for k in (
            "validate orgs CSV",
            "validate members CSV",
            "validate all CSV",
            "validate orgs XLSX",
        ):
            if k in results:
                r = results[k]
                r["rows_per_s"] = round(r["rows"] / r["seconds"])
    if "loader-combined" in only:
        import shutil

        combined = args.out / f"ledgers-{args.orgs}-combined"
        if "generate" in only or not _same_city(ledgers, combined):
            shutil.rmtree(combined, ignore_errors=True)
            results["generate combined"] = bench_generate(args.orgs, combined, "combined")
            if not _same_city(ledgers, combined):
                # the normalized files came from another version of the generator
                shutil.rmtree(ledgers, ignore_errors=True)
                results["generate"] = bench_generate(args.orgs, ledgers)
        cli_store = args.out / f"store-{args.orgs}-cli"
        by_layout: dict[str, list[dict[str, float]]] = {"normalized": [], "combined": []}
        for _ in range(3):  # alternating, so that a busy spell of the machine hits both
            for layout, folder in (("normalized", ledgers), ("combined", combined)):
                by_layout[layout].append(bench_cli_load(ledger_files(folder), cli_store))
        shutil.rmtree(cli_store, ignore_errors=True)
        for layout, rs in by_layout.items():
            r = _median(rs)
            r["runs_s"] = [x["seconds"] for x in rs]  # type: ignore[assignment]
            results[f"pbgraph load {layout}"] = r
        n, c = results["pbgraph load normalized"], results["pbgraph load combined"]
        c["x_normalized"] = round(c["seconds"] / n["seconds"], 2)
        c["peak_x_normalized"] = round(c["peak_mb"] / n["peak_mb"], 2)
    if "neo4j" in only:
        from neo4j_bench import bench_neo4j  # type: ignore[import-not-found]

        results.update(bench_neo4j(ledgers, args.orgs))
    print(f"pbgraph benchmarks, {args.orgs} organizations, {time.strftime('%Y-%m-%d %H:%M')}")
    for name, figs in results.items():
        print(f"  {name:28s} " + "  ".join(f"{k}={v}" for k, v in figs.items()))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
