"""A local Neo4j server that pbgraph starts and stops itself.

The server is an embedded Neo4j Community DBMS (5.26 LTS) with a Bolt connector on
127.0.0.1, run by a small Java program whose Maven project (``launcher/`` beside this
module) is package data: it is built with Maven on first use into a per-user cache
(``$XDG_CACHE_HOME/pbgraph/launcher-<fingerprint>/``, by default under ``~/.cache``), never
into the installed package, so an installed pbgraph starts Neo4j as a checkout does
(:mod:`pbgraph.stores.neo4j_launcher`). Each server lives in a data directory that holds the
Neo4j store plus three files of ours (:mod:`pbgraph.stores.neo4j_process`):

* ``neo4j.pid``  - the process id of the running server;
* ``neo4j.json`` - its port and URI (read by :func:`status` and :func:`stop`);
* ``neo4j.log``  - the server's stdout/stderr, appended to across runs
  (Neo4j's own logs go to ``logs/debug.log`` in the same directory).

Typical use::

    uri = start(port=7687, data_dir=".pbgraph/neo4j", password="pbgraph-local")
    ...  # neo4j.GraphDatabase.driver(uri, auth=("neo4j", "pbgraph-local"))
    stop(data_dir=".pbgraph/neo4j")

Only the standard library and the ``neo4j`` driver are used; Java 17+ and Maven
must be installed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path
from typing import Any

from .neo4j_launcher import (
    JVM_FLAGS,
    LAUNCHER_DIR,
    LocalNeo4jError,
    build,
    build_dir,
    java_binary,
    launcher_command,
    locked,
)
from .neo4j_launcher import MAIN_CLASS as MAIN_CLASS  # and the run files: importable here
from .neo4j_process import (
    LOCK_FILE,
    LOG_FILE,
    ServerGone,
    alive,
    data_path,
    dying,
    port_free,
    read_pid,
    read_state,
    remove_run_files,
    spawn,
    terminate,
    wait_connectable,
    wait_gone,
    wait_ready,
)
from .neo4j_process import PID_FILE as PID_FILE
from .neo4j_process import STATE_FILE as STATE_FILE

__all__ = [
    "LocalNeo4jError",
    "LAUNCHER_DIR",
    "DEFAULT_DATA_DIR",
    "build_dir",
    "JVM_FLAGS",
    "build",
    "start",
    "stop",
    "status",
    "kill",
]

#: Default data directory, relative to the current working directory.
DEFAULT_DATA_DIR = Path(".pbgraph/neo4j")
#: The shortest password Neo4j accepts (``dbms.security.auth_minimum_password_length``).
MIN_PASSWORD = 8


def start(
    *,
    port: int = 7687,
    data_dir: Path | str = DEFAULT_DATA_DIR,
    password: str = "pbgraph-local",
    heap: str = "512m",
    page_cache: str = "256m",
    timeout: float = 180,
) -> str:
    """Start a local Neo4j server in the background, or find the one already running.

    Builds the launcher if needed (:func:`build`), then runs it detached (own
    session, stdout/stderr appended to ``<data_dir>/neo4j.log``), records its pid,
    port and URI in ``data_dir``, and waits until Bolt accepts
    ``("neo4j", password)``. The password is (re)set on every start, so an existing
    data directory works with any password. If a server is already running for
    ``data_dir``, its URI is returned (once it answers) and nothing is started. Run files
    left by a server that was killed (``kill -9``), or whose pid is now another process's,
    are cleared (after waiting for a killed server that is still exiting to let go of
    the port and the store) and a new server is started.

    Args:
        port: Bolt port on 127.0.0.1.
        data_dir: the Neo4j home directory (store, logs and our run files);
            relative paths are taken from the current working directory.
        password: password of user ``neo4j`` (at least 8 characters).
        heap: JVM heap size (``-Xms``/``-Xmx``), e.g. ``"512m"`` or ``"2g"``.
        page_cache: Neo4j page cache size (``server.memory.pagecache.size``).
        timeout: seconds to wait for the server to answer.

    Returns:
        The Bolt URI, ``"bolt://127.0.0.1:PORT"``.

    Raises:
        LocalNeo4jError: if the password is too short, the build fails, java is missing,
            the port is taken, the server dies while starting (the message has the tail of
            its log) or does not answer within ``timeout``.
    """
    if len(password) < MIN_PASSWORD:  # Neo4j's own rule; told now, not after starting a JVM
        raise LocalNeo4jError(
            f"the password of user neo4j must be at least {MIN_PASSWORD} characters "
            "(Neo4j refuses shorter ones)"
        )
    data = data_path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with locked(data / LOCK_FILE):
        uri = _running_uri(data, port, password, deadline)
        if uri is not None:
            return uri
        jar = build(quiet=True)
        java = java_binary()
        if not port_free(port, wait=5.0):  # 5 s: a server killed a moment ago
            raise LocalNeo4jError(f"port {port} on 127.0.0.1 is already in use")

        uri = f"bolt://127.0.0.1:{port}"
        cmd = launcher_command(java, jar, data=data, port=port, heap=heap, page_cache=page_cache)
        proc, offset = spawn(cmd, data, password=password, port=port, uri=uri)
        try:
            wait_ready(
                proc, uri, password, data / LOG_FILE, offset, deadline=deadline, timeout=timeout
            )
        except BaseException:
            terminate(proc.pid, data, timeout=30)
            remove_run_files(data)
            raise
        return uri


def _running_uri(data: Path, port: int, password: str, deadline: float) -> str | None:
    """The URI of the server already running for ``data`` once it answers; None if there is
    none, after clearing the run files of one that is gone."""
    pid = read_pid(data)
    if pid is not None and alive(pid, data) and not dying(pid):
        state = read_state(data)
        uri = str(state.get("uri") or f"bolt://127.0.0.1:{state.get('port', port)}")
        try:
            wait_connectable(uri, password, pid, data, max(deadline - time.monotonic(), 1.0))
            return uri
        except ServerGone:
            pass  # killed a moment ago: its run files are stale, start a new one
    # Stale run files: the server was killed (``kill -9``), or the pid is now another
    # process's. One that is still exiting holds the port and the store lock.
    if pid is not None and not wait_gone(pid, data, 30):
        raise LocalNeo4jError(
            f"Neo4j (pid {pid}) of {data} was killed but has not exited after 30 s"
        )
    remove_run_files(data)
    return None


def stop(*, data_dir: Path | str = DEFAULT_DATA_DIR, timeout: float = 60) -> bool:
    """Stop the local Neo4j server of ``data_dir`` cleanly.

    Sends SIGTERM (the launcher then shuts the DBMS down, checkpointing the
    store), waits up to ``timeout`` seconds, sends SIGKILL if it is still running,
    and removes the pid and state files.

    Returns:
        Whether a server was running.
    """
    data = data_path(data_dir)
    pid = read_pid(data)
    running = alive(pid, data)
    if running:
        assert pid is not None
        terminate(pid, data, timeout=timeout)
    remove_run_files(data)
    return running


def kill(*, data_dir: Path | str = DEFAULT_DATA_DIR) -> bool:
    """SIGKILL the local Neo4j server of ``data_dir`` (no clean shutdown).

    Meant for fault-injection tests ("server killed during a load"); the next
    :func:`start` on the same ``data_dir`` recovers the store from its
    transaction logs.

    Returns:
        Whether a server was running.
    """
    data = data_path(data_dir)
    pid = read_pid(data)
    running = alive(pid, data)
    if running:
        assert pid is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        wait_gone(pid, data, 10)
    remove_run_files(data)
    return running


def status(*, data_dir: Path | str = DEFAULT_DATA_DIR) -> dict[str, Any]:
    """Report on the local Neo4j server of ``data_dir``.

    Returns:
        ``{"running": bool, "pid": int | None, "uri": str | None,
        "port": int | None, "data_dir": str, "log": str}``; pid, uri and port
        are None when no server is running. Does not check that Bolt answers.
    """
    data = data_path(data_dir)
    pid = read_pid(data)
    running = alive(pid, data)
    state = read_state(data) if running else {}
    port = state.get("port")
    return {
        "running": running,
        "pid": pid if running else None,
        "uri": state.get("uri") if running else None,
        "port": int(port) if running and port is not None else None,
        "data_dir": str(data),
        "log": str(data / LOG_FILE),
    }
