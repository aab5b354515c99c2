"""A local Neo4j server that pbgraph starts and stops itself.

The server is an embedded Neo4j Community DBMS (5.26 LTS) with a Bolt connector on
127.0.0.1, run by a small Java program whose Maven project (``launcher/`` beside this
module) is package data: it is built with Maven on first use into a per-user cache
(``$XDG_CACHE_HOME/pbgraph/launcher-<fingerprint>/``, by default under ``~/.cache``), never
into the installed package, so an installed pbgraph starts Neo4j as a checkout does
(:mod:`pbgraph.stores.neo4j_launcher`). Each server lives in a data directory that holds the
Neo4j store plus three files of ours (:mod:`pbgraph.stores.neo4j_process`):

* ``neo4j.pid``  - the process id of the running server;
* ``neo4j.json`` - its port, URI, memory and Neo4j Browser's address (read by :func:`status`
  and :func:`stop`);
* ``neo4j.log``  - the server's stdout/stderr, appended to across runs
  (Neo4j's own logs go to ``logs/debug.log`` in the same directory).

Typical use::

    uri = start(port=7687, data_dir=".pbgraph/neo4j", password="pbgraph-local")
    ...  # neo4j.GraphDatabase.driver(uri, auth=("neo4j", "pbgraph-local"))
    stop(data_dir=".pbgraph/neo4j")

Memory: unless told (``heap``, ``page_cache``), :func:`start` sizes the server to the machine
and to the store it opens (:func:`memory_defaults`): the JVM heap a sixteenth of the
machine's memory, between 512 MiB and 2 GiB; the page cache big enough for the store files
found in the data directory and a quarter again for what a load adds (at least a sixteenth
of the memory, at least 256 MiB), never more than a quarter of the memory. "The machine's
memory" is the physical memory, or a container's (cgroup) limit when lower. Neo4j takes the
pages of either only as it uses them.

Neo4j Browser (``browser=True``, ``pbgraph neo4j start --browser``): the launcher then also
opens Neo4j's HTTP connector on 127.0.0.1 (port 7474, or one the system has free when 7474 is
taken), which serves Neo4j Browser (its jar from Maven Central is on the launcher's class
path) at ``/browser/`` and the HTTP API (``/db/neo4j/tx/commit``), both behind the password of
user ``neo4j``; :func:`status` gives its address (``browser``).

A first load into the server's empty database can be written by Neo4j's offline importer,
which the launcher runs on its database while it keeps running (``CALL
pbgraph.importOffline``: :mod:`pbgraph.stores.neo4j_import`, :mod:`pbgraph.stores.neo4j_offline`);
a server killed during such an import leaves ``import.json``, and the next :func:`start`
puts the database that was there back before it starts the server.

Only the standard library and the ``neo4j`` driver are used; Java 17+ and Maven
must be installed.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

from .neo4j_launcher import (
    JVM_FLAGS,
    LAUNCHER_DIR,
    LocalNeo4jError,
    Progress,
    build,
    build_dir,
    java_binary,
    launcher_command,
    locked,
)
from .neo4j_launcher import MAIN_CLASS as MAIN_CLASS  # and the run files: importable here
from .neo4j_offline import recover
from .neo4j_process import (
    LOCK_FILE,
    LOG_FILE,
    ServerGone,
    alive,
    data_path,
    dying,
    free_port,
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
    "machine_memory",
    "memory_defaults",
    "parse_size",
    "store_bytes",
]

#: Neo4j Browser's port unless taken (Neo4j's own default for its HTTP connector).
BROWSER_PORT = 7474
#: Default data directory, relative to the current working directory.
DEFAULT_DATA_DIR = Path(".pbgraph/neo4j")
#: The shortest password Neo4j accepts (``dbms.security.auth_minimum_password_length``).
MIN_PASSWORD = 8

MIB = 1 << 20
#: Bounds of the default heap and page cache (bytes); see :func:`memory_defaults`.
HEAP_MIN, HEAP_MAX = 512 * MIB, 2048 * MIB
PAGE_CACHE_MIN = 256 * MIB
_SIZE = re.compile(r"([0-9]+)([kmg]?)", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": MIB, "g": 1 << 30}


def parse_size(text: str) -> int:
    """Bytes of a size as the JVM and Neo4j write it: ``"512m"``, ``"2g"``, ``"1048576"``.

    Raises:
        LocalNeo4jError: for anything else, or a size under 64 MiB (Neo4j does not start).
    """
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        raise LocalNeo4jError(
            f"大小 {text!r} 无效：应写作 512m 或 2g ({text!r} is not a size: write it as 512m or 2g)"
        )
    size = int(m.group(1)) * _UNITS[m.group(2).lower()]
    if size < 64 * MIB:
        raise LocalNeo4jError(
            f"大小 {text!r} 对 Neo4j 太小：至少 64m ({text!r} is too small for Neo4j: at least 64m)"
        )
    return size


def _mib(size: int) -> str:
    return f"{size // MIB}m"


def machine_memory() -> int:
    """Bytes of memory the server may use: the physical memory, or the limit of the cgroup
    this process runs in (a container's) when that is lower."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        with contextlib.suppress(OSError, ValueError):
            limit = int(Path(limit_file).read_text().strip())  # "max": no limit (ValueError)
            total = min(total, limit) if limit > 0 else total
    return total


def store_bytes(data: Path) -> int:
    """Bytes of the Neo4j store files (``data/databases/*``, transaction logs aside) under
    the server's home ``data``; 0 when there is no store yet."""
    total = 0
    for path in (data / "data" / "databases").rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                total += path.stat().st_size
    return total


def memory_defaults(data: Path, total: int | None = None) -> tuple[str, str]:
    """The heap and page cache a server for the home ``data`` gets unless told, e.g.
    ``("1536m", "1536m")`` on a machine of 24 GiB with no store yet.

    ``total`` is the machine's memory (default :func:`machine_memory`). The heap is a
    sixteenth of it, between 512 MiB and 2 GiB (a load's transactions and a read's
    results live there; more only makes the collector's pauses longer). The page cache
    holds the store: the size of its files and a quarter again (for what a load adds), at
    least a sixteenth of the memory and 256 MiB, at most a quarter of the memory.

    >>> memory_defaults(Path("/nonexistent"), total=24 << 30)
    ('1536m', '1536m')
    >>> memory_defaults(Path("/nonexistent"), total=4 << 30)
    ('512m', '256m')
    """
    total = machine_memory() if total is None else total
    heap = min(max(total // 16, HEAP_MIN), HEAP_MAX)
    wanted = max(store_bytes(data) * 5 // 4, total // 16, PAGE_CACHE_MIN)
    page_cache = max(min(wanted, total // 4), PAGE_CACHE_MIN)
    return _mib(heap), _mib(page_cache)


def start(  # noqa: PLR0913 (the keywords are `pbgraph neo4j start`'s options)
    *,
    port: int = 7687,
    data_dir: Path | str = DEFAULT_DATA_DIR,
    password: str = "pbgraph-local",
    heap: str | None = None,
    page_cache: str | None = None,
    timeout: float = 180,
    browser: bool = False,
    http_port: int | None = None,
    progress: Progress | None = None,
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
        heap: JVM heap size (``-Xms``/``-Xmx``), e.g. ``"512m"`` or ``"2g"``; default
            from the machine's memory (:func:`memory_defaults`).
        page_cache: Neo4j page cache size (``server.memory.pagecache.size``); default
            from the machine's memory and the store's size (:func:`memory_defaults`).
        timeout: seconds to wait for the server to answer.
        browser: also serve Neo4j Browser (and the HTTP API) on 127.0.0.1, on ``http_port``
            (default :data:`BROWSER_PORT`, or a free port when that is taken); its address
            is ``status()["browser"]``. A server already running without it is an error.
        http_port: the Browser's port (implies ``browser``).
        progress: told what the start is doing (``build``, ``fetch``, ``start``, ``wait``,
            ``running``: :data:`pbgraph.stores.neo4j_launcher.Progress`).

    Returns:
        The Bolt URI, ``"bolt://127.0.0.1:PORT"``.

    Raises:
        LocalNeo4jError: if the password is too short, a size is not one, the build
            fails, java is missing,
            the port is taken, the server dies while starting (the message has the tail of
            its log) or does not answer within ``timeout``.
    """
    _check(password, heap, page_cache)
    data = data_path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    browser = browser or http_port is not None
    say = progress or (lambda event, **fields: None)
    with locked(data / LOCK_FILE):
        uri = _running_uri(data, port, password, deadline)
        if uri is not None:
            if browser and not read_state(data).get("browser"):
                raise LocalNeo4jError(
                    f"数据文件夹 {data} 的 Neo4j 正在运行，但未提供 Neo4j Browser；请先停止"
                    f"（pbgraph neo4j stop --data {data}），再加 --browser 启动 "
                    f"(the Neo4j of {data} runs without Neo4j Browser; stop it "
                    f"(pbgraph neo4j stop --data {data}) and start it with --browser)"
                )
            say("running", uri=uri)
            return uri
        return _launch(data, port, password, heap, page_cache,
                       _http_port(http_port, port) if browser else None, deadline, timeout,
                       progress)  # fmt: skip


def _check(password: str, heap: str | None, page_cache: str | None) -> None:
    """What Neo4j would refuse, told now rather than after starting a JVM."""
    if len(password) < MIN_PASSWORD:  # Neo4j's own rule
        raise LocalNeo4jError(
            f"用户 neo4j 的密码至少要 {MIN_PASSWORD} 个字符（Neo4j 不接受更短的密码） "
            f"(the password of user neo4j must be at least {MIN_PASSWORD} characters "
            "(Neo4j refuses shorter ones))"
        )
    for size in (heap, page_cache):
        if size is not None:
            parse_size(size)


def _launch(  # noqa: PLR0913 (start's options, checked)
    data: Path,
    port: int,
    password: str,
    heap: str | None,
    page_cache: str | None,
    http_port: int | None,
    deadline: float,
    timeout: float,
    progress: Progress | None,
) -> str:
    """Build the launcher if needed, run the server for ``data`` and wait until it answers
    (start's part once no server runs; the caller holds the lock)."""
    say = progress or (lambda event, **fields: None)
    jar = build(quiet=True, progress=progress)
    java = java_binary()
    if not port_free(port, wait=5.0):  # 5 s: a server killed a moment ago
        raise LocalNeo4jError(
            f"端口 {port}（127.0.0.1）已被占用 (port {port} on 127.0.0.1 is already in use)"
        )

    recover(data)  # what an offline import that was killed left (neo4j_offline)
    uri = f"bolt://127.0.0.1:{port}"
    default_heap, default_page_cache = memory_defaults(data)
    heap, page_cache = heap or default_heap, page_cache or default_page_cache
    cmd = launcher_command(java, jar, data=data, port=port, heap=heap, page_cache=page_cache,
                           http_port=http_port)  # fmt: skip
    say("start", heap=heap, page_cache=page_cache)
    proc, offset = spawn(cmd, data, password=password, port=port, uri=uri,
                         memory=(heap, page_cache), http_port=http_port)  # fmt: skip
    say("wait", uri=uri)
    try:
        wait_ready(proc, uri, password, data / LOG_FILE, offset, deadline=deadline, timeout=timeout)
    except BaseException:
        terminate(proc.pid, data, timeout=30)
        remove_run_files(data)
        raise
    return uri


def _http_port(asked: int | None, bolt_port: int) -> int:
    """The Browser's port: ``asked`` (which must be free), else :data:`BROWSER_PORT` or a
    free one."""
    if asked is None:
        return free_port(BROWSER_PORT if bolt_port != BROWSER_PORT else None)
    if asked == bolt_port or not port_free(asked, wait=5.0):
        raise LocalNeo4jError(
            f"端口 {asked}（127.0.0.1）已被占用（供 Neo4j Browser 使用的端口） "
            f"(port {asked} on 127.0.0.1 is already in use (for Neo4j Browser))"
        )
    return asked


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
            f"数据文件夹 {data} 的 Neo4j（进程 {pid}）已被终止，但 30 秒后仍未退出 "
            f"(Neo4j (pid {pid}) of {data} was killed but has not exited after 30 s)"
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
        "port": int | None, "heap": str | None, "page_cache": str | None,
        "browser": str | None, "data_dir": str, "log": str}``; pid, uri, port, the memory
        and ``browser`` (Neo4j Browser's address, when it serves one) are None when no
        server is running. Does not check that Bolt answers.
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
        "heap": state.get("heap"),
        "page_cache": state.get("page_cache"),
        "browser": state.get("browser"),
        "data_dir": str(data),
        "log": str(data / LOG_FILE),
    }
