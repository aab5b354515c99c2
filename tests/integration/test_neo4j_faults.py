"""Faults around a Neo4j store, against the real server (``NEO4J_URI``), through the CLI.

A ``pbgraph load --neo4j`` killed with ``kill -9`` in the middle leaves part of the graph
(a load is many write transactions): what reads the store must refuse it, not analyse it,
until a load completes. The pseudonym key stays in its own file: the database holds its
fingerprint, never the key, and a load with another key is refused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pbgraph.keys import KEY_ENV, Key, new_key
from pbgraph.synth import generate

pytestmark = pytest.mark.neo4j

#: Organizations of the city that is killed while loading: a load of a few seconds.
KILLED_CITY = 20_000


def _env(tmp_path: Path, neo4j_auth: tuple[str, str], key: Key | Path) -> dict[str, str]:
    uri, password = neo4j_auth
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_"))}
    env.update(
        NEO4J_URI=uri,
        NEO4J_PASSWORD=password,
        XDG_CONFIG_HOME=str(tmp_path / "config"),  # never the user's own key
        PBGRAPH_LANG="en",  # the messages these tests read
        **{KEY_ENV: str(key.path if isinstance(key, Key) else key)},
    )
    if os.environ.get("NEO4J_DATABASE"):
        env["NEO4J_DATABASE"] = os.environ["NEO4J_DATABASE"]
    return env


def _pbgraph(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", "-q", *args],  # -q: no progress lines, errors only
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def _meta(neo: Any) -> dict[str, dict[str, Any]]:
    """Every meta node's properties, by name."""
    rows = neo._read("MATCH (m:PbgraphMeta) RETURN m.name, properties(m)")
    return {name: props for name, props in rows}


def _one_line_error(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    return r.stderr


def test_a_load_killed_midway_is_refused_until_loaded_again(
    neo: Any, neo4j_auth: tuple[str, str], tmp_path: Path
) -> None:
    ledgers = [str(p) for p in generate(KILLED_CITY, tmp_path / "city", seed=23)]
    env = _env(tmp_path, neo4j_auth, new_key(tmp_path / "keys" / "pseudonym.key"))
    load = subprocess.Popen(
        [sys.executable, "-m", "pbgraph", "load", *ledgers, "--quarantine", str(tmp_path)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while _meta(neo).get("store", {}).get("load_state") != "loading":
            assert load.poll() is None, load.communicate()[1]
            time.sleep(0.1)
        deadline = time.monotonic() + 120  # until part of the graph is written (a load
        while not neo._read("MATCH (o:Organization) RETURN count(o)")[0][0]:  # builds its
            assert load.poll() is None and time.monotonic() < deadline  # first batch first)
            time.sleep(0.1)

        r = _pbgraph("coverage", env=env, cwd=tmp_path)
        assert r.returncode == 2
        assert "is in progress" in _one_line_error(r)
        assert load.poll() is None, "the load finished too soon for this test: a bigger city"
    finally:
        load.send_signal(signal.SIGKILL)
        load.communicate(timeout=60)
    assert load.returncode == -signal.SIGKILL
    written = neo._read("MATCH (o:Organization) RETURN count(o)")[0][0]
    assert written > 0  # a part of the graph is in the database

    for command in (["coverage"], ["coverage", "--by", "street"], ["report", "--out", "rep"]):
        r = _pbgraph(*command, env=env, cwd=tmp_path)
        assert r.returncode == 2, (command, r.stdout[-500:])
        assert f"the last load into {neo4j_auth[0]} did not finish (started " in _one_line_error(r)
        assert "run the load again" in r.stderr
        assert "(未知)" not in r.stdout and "合计" not in r.stdout

    r = _pbgraph("load", *ledgers, "--quarantine", str(tmp_path), env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _meta(neo)["store"]["load_state"] == "done"
    r = _pbgraph("coverage", "--format", "json", env=env, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "(未知)" not in r.stdout
    assert neo.counts()["Organization"] == KILLED_CITY


def test_the_database_holds_the_key_fingerprint_never_the_key(
    neo: Any, neo4j_auth: tuple[str, str], small_city: list[Path], tmp_path: Path
) -> None:
    key = new_key(tmp_path / "keys" / "pseudonym.key")
    env = _env(tmp_path, neo4j_auth, key)
    r = _pbgraph("load", *map(str, small_city), "--quarantine", str(tmp_path), env=env,
                 cwd=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr
    meta = _meta(neo)
    assert "secret" not in meta  # where pbgraph used to keep it
    assert meta["store"]["key_fingerprint"] == key.fingerprint == neo.key_fingerprint()
    assert neo.legacy_secret() is None
    values = [str(v) for props in meta.values() for v in props.values()]
    assert not [v for v in values if key.secret.hex() in v.lower()]
    # nor anywhere else in the database
    hits = neo._read(
        "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v WHERE toString(v) CONTAINS $hex "
        "RETURN count(*)",
        hex=key.secret.hex(),
    )
    assert hits == [[0]]


def test_a_load_with_another_key_is_refused(
    neo: Any, neo4j_auth: tuple[str, str], small_city: list[Path], tmp_path: Path
) -> None:
    first = new_key(tmp_path / "keys" / "first.key")
    ledgers = [*map(str, small_city), "--quarantine", str(tmp_path)]
    r = _pbgraph("load", *ledgers, env=_env(tmp_path, neo4j_auth, first), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    counts = neo.counts()

    other = new_key(tmp_path / "keys" / "other.key")
    r = _pbgraph("load", *ledgers, env=_env(tmp_path, neo4j_auth, other), cwd=tmp_path)
    assert r.returncode == 2
    assert "key" in _one_line_error(r).lower()
    # nothing was written: the store is as the first load left it, and readable
    assert _meta(neo)["store"]["key_fingerprint"] == first.fingerprint
    assert neo.counts() == counts
    r = _pbgraph("coverage", env=_env(tmp_path, neo4j_auth, first), cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def _buffer_held_from(call: int, monkeypatch: pytest.MonkeyPatch, *,
                      every: bool = False) -> list[memoryview]:  # fmt: skip
    """At the driver's ``call``-th receive, that connection's buffer is held (exported, cut
    to what it holds; ``every``: each connection's from then on): the driver's own code
    then fails to grow it with a ``BufferError``, as when a read timed out in CI and the
    timeout's traceback held the buffer while the driver cleaned up. Returns the views
    held."""
    from neo4j._sync.io._bolt import _common

    real, held, seen = _common.receive_into_buffer, [], [0]

    def receive(sock: Any, buffer: Any, n_bytes: int) -> None:
        seen[0] += 1
        if seen[0] >= call and (every or not held) and all(v.obj is not buffer.data for v in held):
            buffer.data = buffer.data[: buffer.used]  # what it holds, unchanged
            held.append(memoryview(buffer.data))
        real(sock, buffer, n_bytes)

    monkeypatch.setattr(_common, "receive_into_buffer", receive)
    return held


def test_a_read_whose_connection_the_driver_broke_is_read_again(
    neo: Any, small_city: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    """The driver breaks a connection it is reading from (its buffer cannot grow): the read
    runs again on a new connection, with the same result, and says so in the log."""
    import logging

    from pbgraph.analyses.coverage import coverage, inputs
    from pbgraph.loaders.load import load_ledgers

    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    want = coverage(neo.tables(**inputs("street")), by="street").to_dict()
    held = _buffer_held_from(3, monkeypatch)
    with caplog.at_level(logging.WARNING, logger="pbgraph.stores.neo4j"):
        got = coverage(neo.tables(**inputs("street")), by="street").to_dict()
    assert held, "no buffer was held: the fault was not injected"
    assert got == want
    assert "lost the connection to Neo4j" in caplog.text and "reading again" in caplog.text


def test_a_read_broken_twice_is_a_lost_connection(
    neo: Any, small_city: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Broken on the new connection too: a lost connection (exit 3 from the CLI), never the
    driver's BufferError."""
    from pbgraph.errors import StoreUnreachableError
    from pbgraph.loaders.load import load_ledgers

    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    _buffer_held_from(1, monkeypatch, every=True)
    with pytest.raises(StoreUnreachableError, match="lost the connection to Neo4j"):
        neo.tables(labels=["Organization"])


def test_a_buffer_error_of_pbgraphs_own_is_not_a_lost_connection() -> None:
    from pbgraph.stores.neo4j_lost import driver_broke

    try:
        memoryview(b := bytearray(1))
        view = memoryview(b)
        b += bytearray(1)
    except BufferError as e:
        view.release()
        assert not driver_broke(e)
    else:
        raise AssertionError("no BufferError")
