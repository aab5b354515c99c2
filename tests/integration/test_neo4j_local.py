"""End-to-end test of pbgraph.stores.neo4j_local: a real local Neo4j (needs Java 17+ and Maven)."""

from __future__ import annotations

import io
import re
import socket
from pathlib import Path

import pytest

neo4j = pytest.importorskip("neo4j")

from pbgraph.stores import neo4j_local  # noqa: E402

PASSWORD = "test-password-123"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _query(uri: str, cypher: str, **params: object) -> list[dict]:
    with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query(cypher, params, database_="neo4j")
        return [record.data() for record in records]


@pytest.fixture
def data_dir(tmp_path: Path):
    data = tmp_path / "neo4j"
    yield data
    neo4j_local.kill(data_dir=data)  # never leave a server behind, whatever happened


@pytest.mark.neo4j
def test_start_query_kill_restart_stop(data_dir: Path) -> None:
    port = _free_port()
    page_cache = neo4j_local.memory_defaults(data_dir)[1]  # no store yet: from the memory
    uri = neo4j_local.start(port=port, data_dir=data_dir, password=PASSWORD, heap="384m")
    assert uri == f"bolt://127.0.0.1:{port}"
    assert _query(uri, "RETURN 1 AS x") == [{"x": 1}]

    st = neo4j_local.status(data_dir=data_dir)
    assert (st["heap"], st["page_cache"]) == ("384m", page_cache)  # what it was told, else sized
    assert st["running"] is True
    assert st["port"] == port and st["uri"] == uri
    assert isinstance(st["pid"], int)
    first_pid = st["pid"]

    # A second start() on the same data dir finds the running server.
    assert neo4j_local.start(port=port, data_dir=data_dir, password=PASSWORD) == uri
    assert neo4j_local.status(data_dir=data_dir)["pid"] == first_pid

    # Committed before the crash (execute_query commits), so it must survive SIGKILL.
    _query(uri, "CREATE (:Survivor {name: $name})", name="before-kill")

    assert neo4j_local.kill(data_dir=data_dir) is True
    assert neo4j_local.status(data_dir=data_dir)["running"] is False

    uri2 = neo4j_local.start(port=port, data_dir=data_dir, password=PASSWORD, heap="384m")
    assert uri2 == uri
    assert neo4j_local.status(data_dir=data_dir)["pid"] != first_pid
    assert _query(uri, "MATCH (n:Survivor) RETURN n.name AS name") == [{"name": "before-kill"}]

    assert neo4j_local.stop(data_dir=data_dir) is True
    st = neo4j_local.status(data_dir=data_dir)
    assert st["running"] is False and st["pid"] is None
    assert neo4j_local.stop(data_dir=data_dir) is False


@pytest.mark.neo4j
def test_start_right_after_the_server_was_killed(data_dir: Path) -> None:
    """``kill -9`` of the java process leaves its pid and state files behind; the next start
    (straight away, while the killed JVM may still be exiting) clears them and starts anew."""
    import os
    import signal
    import subprocess
    import sys

    port = _free_port()
    sizes = neo4j_local.memory_defaults(data_dir)
    r = subprocess.run(  # a CLI start, as a user runs it: the JVM is not our child
        [sys.executable, "-m", "pbgraph", "neo4j", "start", "--port", str(port),
         "--data", str(data_dir), "--password", PASSWORD],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    uri = r.stdout.strip()
    assert r.stdout == f"bolt://127.0.0.1:{port}\n"  # stdout: the URI alone (scripts read it)
    # progress on stderr, plain lines (not a terminal), Chinese by default, with seconds
    lines = r.stderr.splitlines()
    assert any(line.startswith("正在启动 Neo4j（堆内存 ") for line in lines), r.stderr
    assert f"正在等待 {uri} 上的 Bolt 应答" in r.stderr
    assert re.search(rf"^Neo4j 已在 {uri} 上应答（\d+ 秒）$", r.stderr, re.M), r.stderr
    r = subprocess.run([sys.executable, "-m", "pbgraph", "--lang", "en", "neo4j", "start",
                        "--port", str(port), "--data", str(data_dir), "--password", PASSWORD],
                       capture_output=True, text=True)  # fmt: skip
    assert r.stdout == uri + "\n"
    assert re.fullmatch(rf"Neo4j already runs on {uri} \(\d+ s\)\n", r.stderr), r.stderr
    r = subprocess.run([sys.executable, "-m", "pbgraph", "-q", "neo4j", "start", "--port",
                        str(port), "--data", str(data_dir), "--password", PASSWORD],
                       capture_output=True, text=True)  # fmt: skip
    assert (r.stdout, r.stderr) == (uri + "\n", "")  # -q: nothing on stderr
    _query(uri, "CREATE (:Survivor {name: 'before-kill'})")
    st = neo4j_local.status(data_dir=data_dir)
    pid = st["pid"]
    assert (st["heap"], st["page_cache"]) == sizes  # the defaults a user gets
    r = subprocess.run([sys.executable, "-m", "pbgraph", "--lang", "en", "neo4j", "status", "--data", str(data_dir)],
                       capture_output=True, text=True)  # fmt: skip
    assert f"heap {sizes[0]}, page cache {sizes[1]}" in r.stdout
    os.kill(pid, signal.SIGKILL)  # not neo4j_local.kill: nobody waits, nothing is cleared
    assert (data_dir / neo4j_local.PID_FILE).read_text().strip() == str(pid)

    assert neo4j_local.start(port=port, data_dir=data_dir, password=PASSWORD, heap="384m") == uri
    st = neo4j_local.status(data_dir=data_dir)
    assert st["running"] and st["pid"] != pid
    assert _query(uri, "MATCH (n:Survivor) RETURN n.name AS name") == [{"name": "before-kill"}]

    # a pid file naming a live process that is not our server (here: this test) is stale too
    assert neo4j_local.stop(data_dir=data_dir) is True
    (data_dir / neo4j_local.PID_FILE).write_text(f"{os.getpid()}\n")
    assert neo4j_local.status(data_dir=data_dir)["running"] is False
    assert neo4j_local.start(port=port, data_dir=data_dir, password=PASSWORD, heap="384m") == uri
    assert neo4j_local.status(data_dir=data_dir)["pid"] != os.getpid()


def test_memory_is_sized_to_the_machine_and_the_store(tmp_path: Path) -> None:
    gib, mib = 1 << 30, 1 << 20
    assert neo4j_local.memory_defaults(tmp_path, total=24 * gib) == ("1536m", "1536m")
    assert neo4j_local.memory_defaults(tmp_path, total=64 * gib) == ("2048m", "4096m")
    assert neo4j_local.memory_defaults(tmp_path, total=2 * gib) == ("512m", "256m")
    store = tmp_path / "data" / "databases" / "neo4j"
    store.mkdir(parents=True)
    with open(store / "neostore.nodestore.db", "wb") as f:
        f.truncate(4 * gib)  # sparse: counted by its size
    assert neo4j_local.store_bytes(tmp_path) == 4 * gib
    assert neo4j_local.memory_defaults(tmp_path, total=24 * gib) == ("1536m", "5120m")
    assert neo4j_local.memory_defaults(tmp_path, total=8 * gib) == ("512m", "2048m")  # 1/4
    assert neo4j_local.parse_size("2g") == 2 * gib and neo4j_local.parse_size("96M") == 96 * mib
    for bad in ("lots", "2 gb", "1m", ""):
        with pytest.raises(neo4j_local.LocalNeo4jError):
            neo4j_local.start(port=1, data_dir=tmp_path / "x", password=PASSWORD, heap=bad)
    with pytest.raises(neo4j_local.LocalNeo4jError, match="not a size"):
        neo4j_local.start(port=1, data_dir=tmp_path / "x", password=PASSWORD, page_cache="1x")
    assert not (tmp_path / "x").exists()  # refused before anything was made


def test_start_progress_on_a_terminal_is_one_changing_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a terminal the start's progress is one line that changes (rich), in the language in
    force; the Maven build counts the jars it fetches."""
    from pbgraph import i18n
    from pbgraph.commands.neo4j import StartProgress

    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    monkeypatch.setenv("TERM", "xterm")
    with i18n.using("en"), StartProgress(tty=True) as progress:
        progress("build")
        for n in range(1, 4):
            progress("fetch", jars=n)
        progress("start", heap="512m", page_cache="256m")
        progress("wait", uri="bolt://127.0.0.1:7687")
        progress.done("bolt://127.0.0.1:7687")
    shown = err.getvalue()
    assert "\r" in shown or "\x1b[" in shown  # redrawn in place, not a line per step
    assert "Neo4j answers on bolt://127.0.0.1:7687" in shown
    assert len(shown.rstrip("\n").split("\n")) <= 12  # no line per step
    with i18n.using("zh"):
        assert (
            StartProgress.message("fetch", jars=3)
            == "正在从 Maven Central 下载 Neo4j 的 jar 包：已下载 3 个"
        )
    quiet = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet)
    with StartProgress(quiet=True, tty=True) as progress:
        progress("wait", uri="bolt://127.0.0.1:7687")
    assert quiet.getvalue() == ""


# -- an installed pbgraph (a wheel, not the checkout) -------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER_FILES = (
    "pbgraph/stores/launcher/pom.xml",
    "pbgraph/stores/launcher/src/main/java/pbgraph/launcher/Neo4jLauncher.java",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of the checkout, built as ``pip install .`` builds it (from a copy, so that
    setuptools' build folders stay out of the checkout)."""
    import shutil
    import subprocess
    import sys

    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "pbgraph", src / "pbgraph", ignore=shutil.ignore_patterns("__pycache__", "target")
    )
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
         "-w", str(out), str(src)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    (whl,) = out.glob("pbgraph-*.whl")
    return whl


@pytest.mark.slow
def test_the_wheel_carries_the_launcher_sources(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert all(f in names for f in LAUNCHER_FILES), [n for n in names if "launcher" in n]
    assert not [n for n in names if "/target/" in n or n.endswith(".jar")]


@pytest.mark.neo4j
@pytest.mark.slow
def test_an_installed_pbgraph_starts_neo4j(wheel: Path, tmp_path: Path) -> None:
    """``pbgraph neo4j start`` from a wheel installed elsewhere, run from another folder: the
    launcher is built into the user's cache (here a fresh one), never into the package."""
    import os
    import subprocess
    import sys

    site, cache, elsewhere = tmp_path / "site", tmp_path / "cache", tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--disable-pip-version-check",
         "--target", str(site), str(wheel)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    env = dict(os.environ, PYTHONPATH=str(site), XDG_CACHE_HOME=str(cache))

    def pbgraph(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pbgraph", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=600)  # fmt: skip

    where = subprocess.run(
        [sys.executable, "-c", "import pbgraph; print(pbgraph.__file__)"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert where.startswith(str(site)), where  # the installed copy, not the checkout
    data, port = tmp_path / "neo4j", _free_port()
    try:
        r = pbgraph("neo4j", "start", "--port", str(port), "--data", str(data),
                    "--password", PASSWORD)  # fmt: skip
        assert r.returncode == 0, r.stderr
        assert r.stdout.strip() == f"bolt://127.0.0.1:{port}"
        assert "正在用 Maven 构建 Neo4j 启动器" in r.stderr  # a fresh cache: it says it builds
        assert _query(r.stdout.strip(), "RETURN 1 AS x") == [{"x": 1}]
    finally:
        stop = pbgraph("--lang", "en", "neo4j", "stop", "--data", str(data))
        neo4j_local.kill(data_dir=data)  # whatever happened, no server is left behind
    assert stop.stdout.strip() == "stopped", stop.stderr
    assert len(list((cache / "pbgraph").glob("launcher-*/target/neo4j-launcher.jar"))) == 1
    assert not (site / "pbgraph" / "stores" / "launcher" / "target").exists()
