"""The Neo4j benchmark: write a whole city into a local Neo4j, read it back into networkx.

    python benchmarks/run.py --orgs 500000 --only neo4j
    python benchmarks/neo4j_bench.py --orgs 500000 --load   # pbgraph load as a process

With ``--load``: ``pbgraph load`` of the city's ledgers as a user runs it, into a fresh
local server with the defaults, by Neo4j's offline importer (the default for a first load
into the empty database) and over Bolt (``--no-import``), back to back, each with the
server's CPU and peak memory and coverage's JSON compared with the embedded store's
(:func:`bench_load_process`). Without it:

What is timed is the store's own work, not the ledger parsing: the city's node and
relationship rows are taken from an embedded store of the same ledgers (the one
``--only embedded`` leaves in ``out/store-<N>``, or a fresh load of the ledgers when it is
missing), then written through :meth:`Neo4jStore.upsert_nodes` / :meth:`upsert_rels`
(nodes first, then relationships, in schema order) into a freshly started local Neo4j, and
read back with :meth:`Neo4jStore.graph` and as the tables coverage reads
(:meth:`Neo4jStore.tables`). The server runs with the memory a user gets from
``pbgraph neo4j start`` (sized to the machine: :func:`neo4j_local.memory_defaults`); the
figures say which.

The baseline, in the same run and on the same server: a naive writer that sends one
``MERGE`` per row, each in its own transaction, on a sample of organizations and of their
``LOCATED_IN`` relationships.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PASSWORD = "pbgraph-bench"
NAIVE_ROWS = 2_000


def _say(text: str) -> None:
    print(f"[neo4j bench] {text}", file=sys.stderr, flush=True)


def _q(name: str) -> str:
    """Quote a table or column name of the schema for SQLite."""
    return '"' + name.replace('"', '""') + '"'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def _hwm_mb(pid: int | str) -> int | None:
    """Peak resident memory (VmHWM) of a process, on Linux."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except (OSError, ValueError):
        return None
    return None


def _reset_hwm() -> bool:
    """Reset this process's VmHWM (Linux >= 4.0), to measure one phase's own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _wait_idle(pid: int | None, limit: float = 60.0) -> float:
    """Wait until the server uses less than a tenth of a core (after a load it samples its
    indexes and compiles); returns the seconds waited."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < limit:
        before = _cpu_s(pid)
        time.sleep(1.0)
        if _cpu_s(pid) - before < 0.1:
            break
    return time.perf_counter() - t0


def _cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _embedded_store(ledgers: Path, n_orgs: int) -> tuple[Path, float | None]:
    """The embedded store of the city: reused if complete, else loaded (not timed)."""
    from pbgraph.stores.sqlite import EmbeddedStore

    store = ledgers.parent / f"store-{n_orgs}"
    db = store / EmbeddedStore.FILENAME
    if db.exists():
        with EmbeddedStore(store) as s:
            if s.counts()["Organization"] > 0:
                return db, None
    from pbgraph.loaders.load import load_ledgers

    _say(f"no embedded store at {store}: loading the ledgers into one first (not timed)")
    shutil.rmtree(store, ignore_errors=True)
    t = time.perf_counter()
    with EmbeddedStore(store) as s:
        load_ledgers(sorted(ledgers.iterdir()), s, quarantine_dir=store)
    return db, round(time.perf_counter() - t, 1)


def _city_rows(db: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[Any, list[dict[str, Any]]]]:
    """Every node row per label and relationship row per type, as the store's writers take
    them (``None`` for a missing value; relationship rows with ``start`` and ``end``)."""
    from pbgraph.graphmodel.schema import NODES, RELS

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    nodes: dict[str, list[dict[str, Any]]] = {}
    for n in NODES.values():
        cols = n.prop_names
        bools = [c for c in cols if n.prop(c).type == "bool"]
        sql = f"SELECT {', '.join(map(_q, cols))} FROM {_q(n.label)}"  # schema names only
        rows = [dict(zip(cols, r, strict=True)) for r in con.execute(sql)]
        for r in rows:
            for c in bools:
                if r[c] is not None:
                    r[c] = bool(r[c])
        nodes[n.label] = rows
    rels: dict[Any, list[dict[str, Any]]] = {}
    for rel in RELS:
        names = [p.name for p in rel.props]
        sql = f"SELECT src, dst{''.join(', ' + _q(c) for c in names)} FROM {_q(rel.name)}"
        rels[rel] = [
            {"start": s, "end": e, **dict(zip(names, props, strict=True))}
            for s, e, *props in con.execute(sql)
        ]
    con.close()
    return nodes, rels


def _naive(store: Any, nodes: list[dict[str, Any]], rels: list[dict[str, Any]]) -> dict[str, Any]:
    """One MERGE per row, each in its own managed transaction (``execute_write`` per row)."""
    from pbgraph.graphmodel.schema import NODES, rel
    from pbgraph.stores import cypher

    org, located_in = NODES["Organization"], rel("LOCATED_IN", "Organization", "Region")
    node_q, rel_q = cypher.merge_one_node(org), cypher.merge_one_rel(located_in)
    with store._driver.session(database=store.database) as s:
        t = time.perf_counter()
        for r in nodes:
            props = {k: v for k, v in r.items() if v is not None}
            s.execute_write(
                lambda tx, r=r, p=props: tx.run(node_q, key=r[org.key], props=p).consume()
            )
        node_s = time.perf_counter() - t
        t = time.perf_counter()
        for r in rels:
            s.execute_write(
                lambda tx, r=r: tx.run(rel_q, start=r["start"], end=r["end"], props={}).consume()
            )
        rel_s = time.perf_counter() - t
    n = len(nodes) + len(rels)
    return {
        "rows": n,
        "seconds": round(node_s + rel_s, 2),
        "nodes_per_s": round(len(nodes) / node_s),
        "rels_per_s": round(len(rels) / rel_s),
        "rows_per_s": round(n / (node_s + rel_s)),
    }


# The baseline for the coverage classification: the same categories counted by one direct
# Cypher query on the server (the best form of party organization covering each
# organization, else an instructor, else by formal members), as a Neo4j user would write it.
COVERAGE_CYPHER = """
MATCH (o:Organization)
OPTIONAL MATCH (p:PartyOrg)-[:COVERS]->(o)
WITH o, collect(p.form) AS forms
WITH o, forms, EXISTS { MATCH (:Instructor)-[:GUIDES]->(o) } AS guided,
     coalesce(o.formal_members, 0) AS formal
RETURN CASE
         WHEN 'independent' IN forms THEN 'own'
         WHEN 'joint' IN forms THEN 'joint'
         WHEN size(forms) > 0 THEN 'attached'
         WHEN guided THEN 'work'
         WHEN formal >= $min_members THEN 'must_build'
         WHEN formal > 0 THEN 'joint_candidate'
         ELSE 'no_members'
       END AS category, count(*) AS n
"""


def _coverage_vs_cypher(store: Any, G: Any) -> dict[str, Any]:
    """pbgraph's columnar classification of the graph read back, against the Cypher query."""
    from collections import Counter

    from pbgraph.analyses.coverage import coverage

    t = time.perf_counter()
    result = coverage(G, by="street")
    result.groups()
    fast = time.perf_counter() - t
    t = time.perf_counter()
    ref = dict(store._read(COVERAGE_CYPHER, min_members=3))
    slow = time.perf_counter() - t
    t = time.perf_counter()
    ref = dict(store._read(COVERAGE_CYPHER, min_members=3))  # again, plan cached and warm
    slow_warm = time.perf_counter() - t
    same = dict(Counter(result.categories.values())) == ref
    _say(f"coverage: columnar {fast:.2f} s, Cypher {slow:.1f} s / warm {slow_warm:.1f} s")
    return {
        "columnar_seconds": round(fast, 3),
        "cypher_seconds": round(slow, 2),
        "cypher_warm_seconds": round(slow_warm, 2),
        "x_columnar": round(slow_warm / fast, 1),
        "counts_match": same,
    }


def bench_neo4j(ledgers: Path, n_orgs: int) -> dict[str, dict[str, Any]]:
    """Start a local Neo4j, load the city into it, read it back; a naive writer as baseline."""
    from pbgraph.graphmodel.schema import RELS
    from pbgraph.stores import cypher, neo4j_local
    from pbgraph.stores.neo4j import Neo4jStore

    out: dict[str, dict[str, Any]] = {}
    db, prepared = _embedded_store(ledgers, n_orgs)
    t = time.perf_counter()
    nodes, rels = _city_rows(db)
    n_nodes = sum(map(len, nodes.values()))
    n_rels = sum(map(len, rels.values()))
    _say(
        f"{n_nodes} nodes, {n_rels} relationships read from {db} in "
        f"{time.perf_counter() - t:.1f} s (not timed)"
    )

    data = ledgers.parent / "neo4j-data"
    neo4j_local.stop(data_dir=data)  # a server left over by an interrupted run
    shutil.rmtree(data, ignore_errors=True)  # a fresh database every run
    port = _free_port()
    t = time.perf_counter()
    uri = neo4j_local.start(port=port, data_dir=data, password=PASSWORD)  # a user's defaults
    start_s = time.perf_counter() - t
    server = neo4j_local.status(data_dir=data)
    jvm = server["pid"]
    try:
        with Neo4jStore(uri, password=PASSWORD) as store:
            version = store._read(cypher.server_version())[0][0]
            _say(f"{version} at {uri}, started in {start_s:.1f} s")
            out["neo4j server"] = {
                "version": version,
                "start_seconds": round(start_s, 1),
                "heap": server["heap"],
                "page_cache": server["page_cache"],
                "load_avg_1m": round(os.getloadavg()[0], 2),
            }
            if prepared is not None:
                out["neo4j server"]["embedded_load_seconds"] = prepared

            # The baseline first, on the empty database (with the constraints), so that
            # it creates what it writes, as the batched load does; then it is cleared.
            sample = nodes["Organization"][:NAIVE_ROWS]
            located = next(r for r in RELS if r.type == "LOCATED_IN")
            naive = _naive(store, sample, rels[located][:NAIVE_ROWS])
            store.clear()
            _say(f"naive: {naive['rows_per_s']} rows/s")

            per: dict[str, float] = {}
            cpu0, jvm0 = time.process_time(), _cpu_s(jvm)
            t0 = time.perf_counter()
            for label, rows in nodes.items():
                t = time.perf_counter()
                store.upsert_nodes(label, rows)
                per[label] = time.perf_counter() - t
            nodes_s = time.perf_counter() - t0
            _say(f"nodes: {n_nodes} in {nodes_s:.1f} s")
            for r, rows in rels.items():
                t = time.perf_counter()
                store.upsert_rels(r, rows)
                per[r.name] = time.perf_counter() - t
            load_s = time.perf_counter() - t0
            rate = (n_nodes + n_rels) / load_s
            _say(f"load: {n_nodes + n_rels} entities in {load_s:.1f} s = {rate:.0f} entities/s")
            slowest = sorted(per.items(), key=lambda kv: -kv[1])[:4]
            _say("slowest: " + ", ".join(f"{k} {v:.1f} s" for k, v in slowest))
            out["load -> neo4j"] = {
                "nodes": n_nodes,
                "relationships": n_rels,
                "seconds": round(load_s, 1),
                "nodes_seconds": round(nodes_s, 1),
                "rels_seconds": round(load_s - nodes_s, 1),
                "entities_per_s": round(rate),
                "python_cpu_s": round(time.process_time() - cpu0, 1),
                "server_cpu_s": round(_cpu_s(jvm) - jvm0, 1),
                "load_avg_1m": round(os.getloadavg()[0], 2),
            }
            out["neo4j memory"] = {"python_peak_mb_load": _peak_mb()}
            counts = store.counts()
            expected = {k: len(v) for k, v in nodes.items()}
            expected.update({r.name: len(v) for r, v in rels.items()})
            if counts != expected:
                diff = {k: (counts.get(k), v) for k, v in expected.items() if counts.get(k) != v}
                _say(f"WARNING: counts differ from the embedded store: {diff}")
            out["load -> neo4j"]["counts_match"] = counts == expected
            out["naive MERGE per tx (baseline)"] = {
                **naive,
                "x_batched": round(rate / naive["rows_per_s"], 1),
            }

            # What the read must give back, for a sample of organizations.
            check = {
                r["credit_code"]: {
                    "label": "Organization",
                    **{k: v for k, v in r.items() if v is not None},
                }
                for r in nodes["Organization"][:: max(1, len(nodes["Organization"]) // 1000)]
            }
            del nodes, rels, sample
            import gc

            gc.collect()
            # The first read after the load runs the server's read paths for the first time
            # (its JIT compiles them); the second is what a server that has been up a while
            # gives. Both are reported.
            for name in ("read neo4j -> networkx", "read again (warm, idle server)"):
                if name.startswith("read again"):
                    idle = _wait_idle(jvm)
                    _say(f"server idle after {idle:.1f} s")
                reset = _reset_hwm()
                cpu0, jvm0 = time.process_time(), _cpu_s(jvm)
                t = time.perf_counter()
                G = store.graph()
                read_s = time.perf_counter() - t
                _say(
                    f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges "
                    f"in {read_s:.1f} s"
                )
                ok = all(G.nodes.get(f"Organization:{k}") == v for k, v in check.items())
                out[name] = {
                    "nodes": G.number_of_nodes(),
                    "edges": G.number_of_edges(),
                    "seconds": round(read_s, 1),
                    "python_cpu_s": round(time.process_time() - cpu0, 1),
                    "server_cpu_s": round(_cpu_s(jvm) - jvm0, 1),
                    "sample_matches": ok,
                    "load_avg_1m": round(os.getloadavg()[0], 2),
                }
                if reset:
                    out[name]["python_peak_mb"] = _hwm_mb("self")
                if name.startswith("read again"):
                    out["coverage: columnar vs Cypher"] = _coverage_vs_cypher(store, G)
                del G
                gc.collect()
            from pbgraph.analyses.coverage import inputs

            for name in ("read tables (coverage's)", "read tables again (warm)"):
                cpu0, jvm0 = time.process_time(), _cpu_s(jvm)
                t = time.perf_counter()
                tables = store.tables(**inputs("city"))
                out[name] = {
                    "organizations": len(tables.keys("Organization")),
                    "seconds": round(time.perf_counter() - t, 1),
                    "python_cpu_s": round(time.process_time() - cpu0, 1),
                    "server_cpu_s": round(_cpu_s(jvm) - jvm0, 1),
                    "load_avg_1m": round(os.getloadavg()[0], 2),
                }
                _say(f"{name}: {out[name]['seconds']} s")
                del tables
            out["neo4j memory"]["python_peak_mb"] = _peak_mb()
            out["neo4j memory"]["server_peak_mb"] = _hwm_mb(jvm) if jvm else "?"
    finally:
        neo4j_local.stop(data_dir=data)
    return out


def _timed_process(cmd: list[str], out: Path) -> dict[str, Any]:
    """Run ``cmd`` (stdout to ``out``, stderr beside it) as its own process: wall seconds,
    CPU and peak RSS of that process (``wait4``: not of the servers this one reaped)."""
    import subprocess

    t = time.perf_counter()
    with open(out, "wb") as f, open(out.with_suffix(".err"), "wb") as err:
        proc = subprocess.Popen(cmd, stdout=f, stderr=err)
        _, status, ru = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    code = proc.returncode
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {code}, see {out.with_suffix('.err')}")
    return {
        "seconds": round(wall, 1),
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 1),
        "peak_mb": round(ru.ru_maxrss / 1024),
    }


def bench_load_process(ledgers: Path, n_orgs: int) -> dict[str, dict[str, Any]]:
    """``pbgraph load ledgers/* --neo4j URI`` as a user runs it, each way into a fresh local
    server started with the defaults (``pbgraph neo4j start``): with ``--import`` (Neo4j's
    offline importer; what a first load of a city's ledgers, 16 MiB or more, gets by
    default) and ``--no-import`` (Bolt), back to back; then ``pbgraph coverage --format json`` from each,
    which must be byte-identical to the embedded store's."""
    from pbgraph.stores import neo4j_local

    db, _ = _embedded_store(ledgers, n_orgs)
    files = sorted(str(f) for f in ledgers.iterdir() if f.suffix in (".csv", ".xlsx"))
    pb = [sys.executable, "-m", "pbgraph"]
    work = ledgers.parent / "neo4j-load"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    _timed_process([*pb, "coverage", "--store", str(db.parent), "--format", "json"],
                   work / "coverage-embedded.json")  # fmt: skip
    out: dict[str, dict[str, Any]] = {}
    for name, flags in (
        ("load -> neo4j, offline import", ["--import"]),
        ("load -> neo4j, Bolt", ["--no-import"]),
    ):
        data = work / f"data{len(out)}"
        uri = neo4j_local.start(port=_free_port(), data_dir=data, password=PASSWORD)
        jvm = neo4j_local.status(data_dir=data)["pid"]
        try:
            cpu0, load_avg = _cpu_s(jvm), os.getloadavg()[0]
            figs = _timed_process([*pb, "load", *files, "--neo4j", uri, "--neo4j-password",
                                   PASSWORD, "--quarantine", str(work), *flags],
                                  work / "load.txt")  # fmt: skip
            figs.update(server_cpu_s=round(_cpu_s(jvm) - cpu0, 1), server_peak_mb=_hwm_mb(jvm),
                        load_avg_1m=round(load_avg, 2))  # fmt: skip
            got = work / f"coverage-{len(out)}.json"
            _timed_process([*pb, "coverage", "--neo4j", uri, "--neo4j-password", PASSWORD,
                            "--format", "json"], got)  # fmt: skip
            figs["coverage_same_as_embedded"] = (
                got.read_bytes() == (work / "coverage-embedded.json").read_bytes()
            )
        finally:
            neo4j_local.stop(data_dir=data)
        _say(f"{name}: {figs}")
        out[name] = figs
    return out


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--orgs", type=int, default=500_000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--load", action="store_true",
                    help="pbgraph load as a process: offline import vs Bolt, back to back")  # fmt: skip
    a = ap.parse_args()
    bench = bench_load_process if a.load else bench_neo4j
    for name, figs in bench(a.out / f"ledgers-{a.orgs}", a.orgs).items():
        print(f"  {name:28s} " + "  ".join(f"{k}={v}" for k, v in figs.items()))
