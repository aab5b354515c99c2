"""A province on Dask (issue 19): the commands with --partition give the single process's
output, byte for byte, on a LocalCluster of 2 worker processes (one cluster for the
module: the commands reach it with --scheduler), on the embedded store and on a real
Neo4j; a worker killed mid-run changes nothing; a partition with bad data is named (exit 2)
and the others' results are written. Integration tests: worker processes, killed ones."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::ResourceWarning",
                                        "ignore::pytest.PytestUnraisableExceptionWarning")  # fmt: skip


def _cluster() -> Any:
    import logging

    return distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                    dashboard_address=":0", silence_logs=logging.ERROR)  # fmt: skip


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A local cluster of 2 worker processes (one thread each) for the module."""
    cluster = _cluster()
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def doomed() -> Iterator[str]:
    """Another such cluster, whose workers the tests kill."""
    cluster = _cluster()
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def same(args: list[str], store: Path, scheduler: str, level: str = "district") -> bytes:
    """The command's JSON alone and partitioned; asserts they are the same bytes."""
    one = run(*args, "--store", str(store), "--format", "json")
    assert one.exit_code == 0, one.output
    part = run(*args, "--store", str(store), "--format", "json", "--partition", level,
               "--scheduler", scheduler)  # fmt: skip
    assert part.exit_code == 0, part.output
    assert part.stdout_bytes == one.stdout_bytes
    return one.stdout_bytes


@pytest.mark.parametrize("by", ["district", "street", "city", "building", "industry"])
def test_coverage_is_the_same_partitioned(loaded_city: Path, scheduler: str, by: str) -> None:
    out = json.loads(same(["coverage", "--by", by], loaded_city, scheduler))
    assert out["total"] == 1500 and out["groups"]


def test_coverage_eligible_and_a_list(loaded_city: Path, scheduler: str) -> None:
    same(["coverage", "--denominator", "eligible", "--min-members", "2"], loaded_city, scheduler)
    same(["coverage", "--list", "must_build"], loaded_city, scheduler)
    same(["coverage", "--list", "joint_over_limits", "--max-units", "2"], loaded_city, scheduler)


@pytest.mark.parametrize("args", [
    ["balance", "instructors"],
    ["balance", "instructors", "--scope", "city"],  # every instructor couples every district
    ["balance", "instructors", "--scope", "street", "--replan", "--capacity", "5"],
    ["balance", "instructors", "--show", "streets"],
    ["balance", "pairings"],  # the city-level member units couple the districts
    ["balance", "pairings", "--move-gap", "1"],
])  # fmt: skip
def test_balance_plan_is_the_same_partitioned(loaded_city: Path, scheduler: str,
                                              args: list[str]) -> None:  # fmt: skip
    out = json.loads(same(args, loaded_city, scheduler))
    assert out["plan"] and out["stats"]["after"]["served"] > 0


def test_balance_with_max_changes(loaded_city: Path, scheduler: str) -> None:
    one = run("balance", "instructors", "--store", str(loaded_city), "--format", "json")
    forced = json.loads(one.stdout_bytes)["stats"]["after"]["moves"]
    out = json.loads(same(["balance", "instructors", "--max-changes", str(forced + 1)],
                          loaded_city, scheduler))  # fmt: skip
    assert out["stats"]["after"]["moves"] <= forced + 1


@pytest.mark.parametrize("args", [
    ["group"], ["group", "--max-units", "4", "--prefer", "industry"], ["group", "--within", "district"],
    ["group", "--include-empty"], ["group", "--include-empty", "--max-units", "4"],
    ["progress"], ["progress", "--by", "district", "--since", "2018-07-01"], ["funds"],
    ["funds", "--budget", "100000"],
])  # fmt: skip
def test_the_others_are_the_same_partitioned(loaded_city: Path, scheduler: str,
                                             args: list[str]) -> None:  # fmt: skip
    assert json.loads(same(args, loaded_city, scheduler))


def test_a_local_cluster_and_the_province_summary(loaded_city: Path, tmp_path: Path) -> None:
    """--workers 2 starts a cluster of its own; --out writes every partition's result and
    the province summary beside the output."""
    out = tmp_path / "coverage.json"
    r = run("coverage", "--store", str(loaded_city), "--partition", "district", "--workers",
            "2", "--out", str(out))  # fmt: skip
    assert r.exit_code == 0, r.output
    whole = json.loads(out.read_text(encoding="utf-8"))
    folder = tmp_path / "coverage.partitions"
    summary = json.loads((folder / "province.json").read_text(encoding="utf-8"))
    rows = summary["partitions"]
    assert summary["level"] == "district" and len(rows) == len(whole["groups"])
    assert sum(p["total"] for p in rows) == whole["total"]
    assert sum(p["uncovered"] for p in rows) == whole["uncovered"]
    one = json.loads((folder / f"{rows[0]['partition']}.json").read_text(encoding="utf-8"))
    assert one["partition"] == rows[0]["partition"] and one["result"]["total"] == rows[0]["total"]


def test_options_without_partition_and_no_city_level(loaded_city: Path, scheduler: str) -> None:
    r = run("coverage", "--store", str(loaded_city), "--workers", "2")
    assert r.exit_code == 2 and "--partition" in r.output
    r = run("coverage", "--store", str(loaded_city), "--partition", "city", "--scheduler",
            scheduler)  # fmt: skip
    assert r.exit_code == 2 and "--partition district" in r.output


class KillOnce(distributed.WorkerPlugin):  # type: ignore[misc]
    """A worker plugin: the first worker to start a task whose key begins with ``prefix``
    kills its own process (SIGKILL), once (a marker file says it happened)."""

    def __init__(self, prefix: str, marker: str) -> None:
        self.prefix, self.marker = prefix, marker

    def setup(self, worker: Any) -> None:
        pass

    def transition(self, key: Any, start: str, finish: str, **kw: Any) -> None:
        name = key if isinstance(key, str) else str(key[0] if isinstance(key, tuple) else key)
        if finish == "executing" and name.startswith(self.prefix):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("args,prefix", [(["coverage"], "coverage_task"),
                                         (["balance", "pairings"], "handout_task")])  # fmt: skip
def test_a_worker_killed_mid_run_changes_nothing(loaded_city: Path, doomed: str,
                                                 tmp_path: Path, args: list[str],
                                                 prefix: str) -> None:  # fmt: skip
    import sys

    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers need not import it
    marker = tmp_path / "killed"
    with distributed.Client(doomed) as c:
        c.wait_for_workers(2, timeout=120)
        c.register_plugin(KillOnce(prefix, str(marker)), name=f"kill-{prefix}")
        try:
            same(args, loaded_city, doomed)
        finally:
            c.unregister_worker_plugin(f"kill-{prefix}")
        assert marker.exists()  # a worker was killed while it ran a partition's task
        killed = int(marker.read_text())
        assert killed not in c.run(os.getpid).values()  # gone: its tasks ran elsewhere


def test_a_partition_with_bad_data_is_named(loaded_city: Path, scheduler: str,
                                            tmp_path: Path) -> None:  # fmt: skip
    """One district's visit report has a date that is none: that partition fails (exit 2,
    named), the others' results are written where the message says."""
    store = tmp_path / "store"
    shutil.copytree(loaded_city, store)
    shutil.rmtree(store / "columns", ignore_errors=True)  # read from SQLite
    db = sqlite3.connect(store / "graph.sqlite")
    report, region = db.execute(
        'SELECT src, dst FROM "FOR_VisitReport_Region" ORDER BY src'
    ).fetchone()
    db.execute('UPDATE "VisitReport" SET "date" = ? WHERE "id" = ?', ("2018-13-45", report))
    db.commit()
    db.close()
    district = region.split("/")[0]
    out = tmp_path / "progress.json"
    r = run("progress", "--store", str(store), "--partition", "district", "--scheduler",
            scheduler, "--out", str(out), "--lang", "en")  # fmt: skip
    assert r.exit_code == 2
    assert "1 of " in r.output and district in r.output and "progress.partitions" in r.output
    assert not out.exists()
    written = sorted(p.stem for p in (tmp_path / "progress.partitions").glob("*.json"))
    assert written and district not in written


@pytest.mark.neo4j
def test_the_same_partitioned_on_neo4j(neo: Any, neo4j_auth: tuple[str, str],
                                        small_city: list[Path], loaded_city: Path,
                                        scheduler: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Each worker reads its partition from the Neo4j server itself: the same JSON as the
    single process on Neo4j, and as the embedded store's."""
    from pbgraph.loaders.load import load_ledgers

    monkeypatch.chdir(tmp_path)  # a failed partition's results would be written here

    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    runs = [(args, "district") for args in (
        ["coverage", "--by", "street"], ["balance", "pairings"],
        ["balance", "instructors", "--scope", "city"], ["group"], ["progress"], ["funds"])]  # fmt: skip
    same_on_neo4j(neo4j_auth, runs, loaded_city, scheduler)


def same_on_neo4j(neo4j_auth: tuple[str, str], runs: list[tuple[list[str], str]],
                  embedded_store: Path, scheduler: str) -> None:  # fmt: skip
    """Each command on Neo4j alone and partitioned at its level (a process of its own,
    on the cluster), and on the embedded store: the same JSON."""
    uri, password = neo4j_auth
    where = ["--neo4j", uri, "--neo4j-password", password]
    if os.environ.get("NEO4J_DATABASE"):
        where += ["--neo4j-database", os.environ["NEO4J_DATABASE"]]
    for args, level in runs:
        one = run(*args, *where, "--format", "json")
        assert one.exit_code == 0, one.output
        part = subprocess.run(
            [sys.executable, "-m", "pbgraph", *args, *where, "--format", "json", "--partition",
             level, "--scheduler", scheduler], capture_output=True, check=False,
        )  # fmt: skip
        assert part.returncode == 0, part.stderr.decode()
        assert part.stdout == one.stdout_bytes
        embedded = run(*args, "--store", str(embedded_store), "--format", "json")
        assert part.stdout == embedded.stdout_bytes


@pytest.fixture(scope="module")
def province_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The ledgers of a synthetic province of 2 cities (济南, 青岛), 600 organizations
    each (``pbgraph generate --cities 2``)."""
    from pbgraph.synth.province import generate_province

    return generate_province(2, 600, tmp_path_factory.mktemp("province") / "ledgers", seed=7)


@pytest.fixture(scope="module")
def small_province(province_files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store of that province."""
    from pbgraph.loaders.load import load_ledgers
    from pbgraph.stores.sqlite import EmbeddedStore

    d = tmp_path_factory.mktemp("province-store")
    with EmbeddedStore(d / "store") as s:
        load_ledgers(province_files, s, quarantine_dir=d)
    return d / "store"


@pytest.mark.neo4j
def test_a_province_partitioned_on_neo4j(neo: Any, neo4j_auth: tuple[str, str],
                                         province_files: list[Path], small_province: Path,
                                         scheduler: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The 2-city province in Neo4j, each worker reading its city (or district) from the
    server: the same JSON as the single process on Neo4j, and as the embedded store's."""
    from pbgraph.loaders.load import load_ledgers

    monkeypatch.chdir(tmp_path)  # a failed partition's results would be written here
    load_ledgers(province_files, neo, quarantine_dir=tmp_path)
    runs = [(["coverage", "--by", "city"], "city"), (["balance", "pairings"], "city"),
            (["balance", "instructors", "--scope", "city"], "city"), (["group"], "district")]  # fmt: skip
    same_on_neo4j(neo4j_auth, runs, small_province, scheduler)


@pytest.mark.parametrize("level", ["city", "district"])
@pytest.mark.parametrize("args", [
    ["coverage", "--by", "district"], ["coverage", "--by", "city"],
    ["balance", "instructors"], ["balance", "instructors", "--scope", "city"],
    ["balance", "pairings"], ["group"], ["progress", "--by", "district"], ["funds"],
])  # fmt: skip
def test_a_province_by_city_and_by_district(small_province: Path, scheduler: str,
                                            level: str, args: list[str]) -> None:  # fmt: skip
    """Partitioned by city (each city's districts together) or by district of either city:
    the single process's JSON."""
    out = json.loads(same(args, small_province, scheduler, level))
    assert out


def test_the_province_summary_names_the_cities(small_province: Path, scheduler: str,
                                               tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "c.json"
    r = run("coverage", "--store", str(small_province), "--partition", "district",
            "--scheduler", scheduler, "--out", str(out))  # fmt: skip
    assert r.exit_code == 0, r.output
    rows = json.loads((tmp_path / "c.partitions" / "province.json").read_text(encoding="utf-8"))
    cities = {p["city"] for p in rows["partitions"]}
    assert cities == {"济南市", "青岛市"}
    assert all(p["partition"].startswith(p["city"] + "/") for p in rows["partitions"])
    assert sum(p["total"] for p in rows["partitions"]) == 1200


def test_balance_parts_and_a_report_per_city(small_province: Path, scheduler: str,
                                             tmp_path: Path) -> None:  # fmt: skip
    """balance --out writes each partition's share of the plan; report --partition city
    writes a whole report per city and the province summary."""
    out = tmp_path / "plan.json"
    r = run("balance", "instructors", "--store", str(small_province), "--partition", "city",
            "--scheduler", scheduler, "--out", str(out))  # fmt: skip
    assert r.exit_code == 0, r.output
    whole = json.loads(out.read_text(encoding="utf-8"))
    folder = tmp_path / "plan.partitions"
    shares = [json.loads((folder / f"{c}.json").read_text(encoding="utf-8"))
              for c in ("济南市", "青岛市")]  # fmt: skip
    assert sum(len(s["result"]["plan"]) for s in shares) == len(whole["plan"])
    r = run("report", "--store", str(small_province), "--partition", "city", "--scheduler",
            scheduler, "--out", str(tmp_path / "report"))  # fmt: skip
    assert r.exit_code == 0, r.output
    summary = json.loads((tmp_path / "report" / "province.json").read_text(encoding="utf-8"))
    assert [p["partition"] for p in summary["partitions"]] == ["济南市", "青岛市"]
    for p in summary["partitions"]:
        assert Path(p["html"]).is_file() and p["total"] == 600


@pytest.mark.parametrize("kind", ["pairings", "instructors --scope city"])
def test_a_city_wide_supplier_stays_in_its_city(small_province: Path, kind: str) -> None:
    """In a province, a city-level member unit (or an instructor under --scope city)
    reaches its own city, never another: every pair of the plan is within one city. Read
    as a one-city store would be (no supplier's city), the same province pairs across."""
    import dataclasses

    from pbgraph.analyses.balance import balance_instructors, balance_pairings, inputs
    from pbgraph.analyses.balance.network import solve
    from pbgraph.stores.sqlite import EmbeddedStore

    with EmbeddedStore(small_province, readonly=True) as s:
        t = s.tables(**inputs(kind.split()[0]))
    result = (balance_pairings(t) if kind == "pairings"
              else balance_instructors(t, scope="city"))  # fmt: skip
    sup = {x.id: x for x in result.suppliers}
    item = {it.id: it for it in result.items}
    assert {x.city for x in result.suppliers} == {"济南市", "青岛市"}
    assert any(x.reach == "city" for x in result.suppliers)

    def crossing(assignment: dict[str, str], suppliers: dict[str, Any]) -> int:
        city = {x.id: x.city or x.district.partition("/")[0] for x in suppliers.values()}
        return sum(not (item[i].district or "").startswith(city[s] + "/")
                   for i, s in assignment.items())  # fmt: skip

    assert result.plan.assignment and crossing(result.plan.assignment, sup) == 0
    cityless = [dataclasses.replace(x, city=None) for x in result.suppliers]
    before = solve(cityless, list(item.values()))  # the same (default) rules
    assert crossing(before.assignment, sup) > 0
