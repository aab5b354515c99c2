"""End-to-end test of pbgraph.stores.neo4j_local: a real local Neo4j (needs Java 17+ and Maven)."""

from __future__ import annotations

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
    uri = neo4j_local.start(port=port, data_dir=data_dir, password=PASSWORD, heap="384m")
    assert uri == f"bolt://127.0.0.1:{port}"
    assert _query(uri, "RETURN 1 AS x") == [{"x": 1}]

    st = neo4j_local.status(data_dir=data_dir)
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
    r = subprocess.run(  # a CLI start, as a user runs it: the JVM is not our child
        [sys.executable, "-m", "pbgraph", "neo4j", "start", "--port", str(port),
         "--data", str(data_dir), "--password", PASSWORD],
        capture_output=True, text=True,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    uri = r.stdout.strip()
    _query(uri, "CREATE (:Survivor {name: 'before-kill'})")
    pid = neo4j_local.status(data_dir=data_dir)["pid"]
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
