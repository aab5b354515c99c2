"""A local Neo4j server that pbgraph starts and stops itself.

The server is an embedded Neo4j Community DBMS (5.26 LTS) with a Bolt connector on
127.0.0.1, run by a small Java program whose Maven project (``launcher/`` beside this
module) is package data: it is built with Maven on first use into a per-user cache
(``$XDG_CACHE_HOME/pbgraph/launcher-<fingerprint>/``, by default under ``~/.cache``), never
into the installed package, so an installed pbgraph starts Neo4j as a checkout does. Each
server lives in a data directory that holds the Neo4j store plus three files of ours:

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

import collections
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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

#: The Maven project of the Java launcher (package data: pom.xml and src/).
LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
#: Default data directory, relative to the current working directory.
DEFAULT_DATA_DIR = Path(".pbgraph/neo4j")
MAIN_CLASS = "pbgraph.launcher.Neo4jLauncher"

PID_FILE = "neo4j.pid"
STATE_FILE = "neo4j.json"
LOG_FILE = "neo4j.log"
_LOCK_FILE = "neo4j.lock"
_BUILD_STAMP = ".pbgraph-build-stamp"

#: JVM options besides the heap size: the defaults of Neo4j 5.26's neo4j.conf
#: (``server.jvm.additional``) plus the module opens that embedded Neo4j needs on
#: Java 17+ (no ``neo4j`` start script sets them for us here).
JVM_FLAGS: tuple[str, ...] = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.util=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# Processes started by this Python process, so that they can be reaped (a dead
# child that nobody waits for stays a zombie and still answers ``kill(pid, 0)``).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


class LocalNeo4jError(Exception):
    """The local Neo4j server could not be built, started or stopped."""


# --------------------------------------------------------------------- build


def _fingerprint(launcher_dir: Path) -> str:
    """Hash of the launcher's pom.xml and sources (what a build depends on)."""
    digest = hashlib.sha256()
    files = [launcher_dir / "pom.xml", *sorted((launcher_dir / "src").rglob("*"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(launcher_dir)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def build_dir(fingerprint: str | None = None) -> Path:
    """Where the launcher of these sources is built: ``launcher-<fingerprint>/`` in
    ``$XDG_CACHE_HOME/pbgraph`` (``~/.cache/pbgraph``), a copy of :data:`LAUNCHER_DIR` with
    Maven's ``target/`` beside it. One folder per version of the sources, shared by every
    install of them."""
    fingerprint = fingerprint or _fingerprint(LAUNCHER_DIR)
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser() / "pbgraph" / f"launcher-{fingerprint[:16]}"


def _copy_project(project: Path) -> None:
    """A fresh copy of the launcher's Maven project (pom.xml and src/) in ``project``."""
    shutil.rmtree(project, ignore_errors=True)  # what a build that did not finish left
    project.mkdir(parents=True)
    shutil.copy2(LAUNCHER_DIR / "pom.xml", project / "pom.xml")
    shutil.copytree(LAUNCHER_DIR / "src", project / "src")


def _built(target: Path, fingerprint: str) -> bool:
    stamp = target / _BUILD_STAMP
    return (
        stamp.is_file()
        and stamp.read_text().strip() == fingerprint
        and (target / "neo4j-launcher.jar").is_file()
        and any((target / "dependency").glob("*.jar"))
    )


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``lock_path`` (created if needed)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build(*, quiet: bool = True) -> Path:
    """Build the Java launcher with Maven unless it is already built.

    Copies :data:`LAUNCHER_DIR` into :func:`build_dir` and runs ``mvn -B -q package``
    there, which compiles the launcher into ``target/neo4j-launcher.jar`` and copies its
    dependencies into ``target/dependency/``. A stamp (hash of pom.xml and sources) makes
    repeated calls return at once; concurrent calls are serialised with a file lock.

    Args:
        quiet: if False, Maven's output is echoed to stderr as it runs.

    Returns:
        The path of the launcher jar (its dependencies are in ``dependency/`` beside it).

    Raises:
        LocalNeo4jError: if the Maven project or ``mvn`` is missing, or Maven fails
            (the message ends with the last lines of Maven's output).
    """
    pom = LAUNCHER_DIR / "pom.xml"
    if not pom.is_file():
        raise LocalNeo4jError(f"Neo4j launcher project not found: {pom} is missing")
    fingerprint = _fingerprint(LAUNCHER_DIR)
    project = build_dir(fingerprint)
    target = project / "target"
    jar = target / "neo4j-launcher.jar"
    if _built(target, fingerprint):
        return jar

    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError(
            "Maven ('mvn') is not on PATH; it is needed to build the local Neo4j "
            "launcher (e.g. apt-get install maven)"
        )
    with _locked(project.with_name(project.name + ".lock")):
        if _built(target, fingerprint):  # built by someone else while we waited
            return jar
        try:
            _copy_project(project)
        except OSError as exc:
            raise LocalNeo4jError(
                f"cannot prepare the launcher's build in {project}: {exc}"
            ) from exc
        cmd = [mvn, "-B", "-Dstyle.color=never", "-f", str(project / "pom.xml"), "package"]
        if quiet:
            cmd.insert(2, "-q")
        tail: collections.deque[str] = collections.deque(maxlen=25)
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=project,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                errors="replace",
            )
        except OSError as exc:
            raise LocalNeo4jError(f"could not run Maven ({mvn}): {exc}") from exc
        assert proc.stdout is not None
        with proc:
            for line in proc.stdout:
                line = _ANSI.sub("", line).rstrip()
                if not quiet:
                    print(line, file=sys.stderr, flush=True)
                if line:
                    tail.append(line)
        if proc.returncode != 0 or not jar.is_file():
            details = "\n".join(tail) or "(no output)"
            raise LocalNeo4jError(
                f"Maven build of {project} failed (exit code {proc.returncode}); "
                f"last lines of its output:\n{details}"
            )
        (target / _BUILD_STAMP).write_text(fingerprint + "\n")
    return jar


def _java_binary() -> str:
    """The java to run: ``$JAVA_HOME/bin/java`` if JAVA_HOME is set, else ``java``."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        java = Path(java_home) / "bin" / "java"
        if not java.is_file():
            raise LocalNeo4jError(f"JAVA_HOME is {java_home!r} but {java} does not exist")
        return str(java)
    java_path = shutil.which("java")
    if java_path is None:
        raise LocalNeo4jError("'java' is not on PATH and JAVA_HOME is not set; Java 17+ is needed")
    return java_path


# ------------------------------------------------------- process bookkeeping


def _data_path(data_dir: Path | str) -> Path:
    return Path(data_dir).expanduser().resolve()


def _read_pid(data: Path) -> int | None:
    try:
        return int((data / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _read_state(data: Path) -> dict[str, Any]:
    try:
        state = json.loads((data / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _remove_run_files(data: Path) -> None:
    for name in (PID_FILE, STATE_FILE):
        (data / name).unlink(missing_ok=True)


def _reap(pid: int) -> None:
    """Collect ``pid`` if it is a dead child of ours, so it does not linger as a zombie."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is not None:
            del _CHILDREN[pid]
        return
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


def _proc_status(pid: int) -> dict[str, str]:
    """``/proc/<pid>/status`` as a dict (empty where there is no ``/proc``)."""
    try:
        text = (Path("/proc") / str(pid) / "status").read_text()
    except OSError:
        return {}
    return dict(
        (k.strip(), v.strip()) for k, _, v in (line.partition(":") for line in text.splitlines())
    )


def _serves(pid: int, data: Path) -> bool | None:
    """Whether ``pid``'s command line is our launcher's for ``data`` (a pid can be recycled);
    None when it cannot be read."""
    main, home = MAIN_CLASS.encode(), str(data).encode()
    proc_dir = Path("/proc") / str(pid)
    if proc_dir.is_dir():
        try:
            args = (proc_dir / "cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        return main in args and home in args
    try:  # macOS and other systems without /proc: one line, arguments joined by spaces
        line = subprocess.run(
            ["ps", "-ww", "-o", "command=", "-p", str(pid)],
            capture_output=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return (f" {MAIN_CLASS} ".encode() in line and f" {data} ".encode() in line) if line else None


def _alive(pid: int | None, data: Path) -> bool:
    """Whether ``pid`` is a live launcher process serving ``data`` (a killed one that is
    still exiting counts: it may hold the port and the store lock a moment longer)."""
    if pid is None or pid <= 0:
        return False
    _reap(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    status = _proc_status(pid)
    if status.get("State", "").startswith(("Z", "X")):
        # A killed JVM's main thread is a zombie while its other threads
        # are still exiting (and holding the store lock and the port).
        try:
            return int(status.get("Threads", "1")) > 1
        except ValueError:
            return False
    ours = _serves(pid, data)
    if ours is None:
        return not status  # no way to tell (no /proc, no ps): a pid that exists is ours
    return ours


def _dying(pid: int) -> bool:
    """Whether ``pid`` was killed and is exiting (a zombie, or SIGKILL pending)."""
    status = _proc_status(pid)
    if status.get("State", "").startswith(("Z", "X")):
        return True
    kill_bit = 1 << (signal.SIGKILL - 1)
    for field in ("ShdPnd", "SigPnd"):
        with contextlib.suppress(ValueError):
            if int(status.get(field, "0"), 16) & kill_bit:
                return True
    return False


def _wait_gone(pid: int, data: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid, data):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _log_tail(log_path: Path, offset: int = 0, lines: int = 40) -> str:
    try:
        with open(log_path, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


def _port_free(port: int, wait: float = 0.0) -> bool:
    """Whether 127.0.0.1:``port`` can be listened on, waiting up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            # Like Neo4j's Netty: sockets in TIME_WAIT from an earlier server are no obstacle.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            with contextlib.suppress(OSError):  # taken: try again until the deadline
                sock.bind(("127.0.0.1", port))
                return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def _launcher_error(log_path: Path, offset: int) -> str:
    """The launcher's own one-line ``ERROR: ...`` summary from the log, if it printed one."""
    try:
        with open(log_path, "rb") as handle:
            handle.seek(offset)
            lines = handle.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    errors = [line.strip() for line in lines if line.startswith("ERROR: ")]
    return f" ({errors[-1]})" if errors else ""


def _ready_in_log(log_path: Path, offset: int) -> bool:
    try:
        with open(log_path, "rb") as handle:
            handle.seek(offset)
            return b"READY bolt://" in handle.read()
    except OSError:
        return False


def _connects(uri: str, password: str) -> bool:
    """True once Bolt answers and accepts the password; False while not up yet."""
    import neo4j
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    try:
        with neo4j.GraphDatabase.driver(
            uri, auth=("neo4j", password), connection_timeout=5.0
        ) as driver:
            driver.verify_connectivity()
        return True
    except AuthError as exc:
        raise LocalNeo4jError(f"Neo4j at {uri} rejected the password of user neo4j: {exc}") from exc
    except (DriverError, Neo4jError, OSError):
        return False


class _ServerGone(LocalNeo4jError):
    """The server we were waiting for exited."""


def _wait_connectable(uri: str, password: str, pid: int, data: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _connects(uri, password):
        if not _alive(pid, data):
            raise _ServerGone(
                f"Neo4j (pid {pid}) exited; last lines of {data / LOG_FILE}:\n"
                + _log_tail(data / LOG_FILE)
            )
        if time.monotonic() >= deadline:
            raise LocalNeo4jError(f"Neo4j at {uri} did not answer within {timeout:g} s")
        time.sleep(0.5)


# ------------------------------------------------------------------ public


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
        LocalNeo4jError: if the build fails, java is missing, the port is taken,
            the server dies while starting (the message has the tail of its log)
            or does not answer within ``timeout``.
    """
    data = _data_path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    with _locked(data / _LOCK_FILE):
        pid = _read_pid(data)
        if pid is not None and _alive(pid, data) and not _dying(pid):
            state = _read_state(data)
            uri = str(state.get("uri") or f"bolt://127.0.0.1:{state.get('port', port)}")
            try:
                _wait_connectable(uri, password, pid, data, max(deadline - time.monotonic(), 1.0))
                return uri
            except _ServerGone:
                pass  # killed a moment ago: its run files are stale, start a new one
        # Stale run files: the server was killed (``kill -9``), or the pid is now another
        # process's. One that is still exiting holds the port and the store lock.
        if pid is not None and not _wait_gone(pid, data, 30):
            raise LocalNeo4jError(
                f"Neo4j (pid {pid}) of {data} was killed but has not exited after 30 s"
            )
        _remove_run_files(data)

        jar = build(quiet=True)
        java = _java_binary()
        if not _port_free(port, wait=5.0):  # 5 s: a server killed a moment ago
            raise LocalNeo4jError(f"port {port} on 127.0.0.1 is already in use")

        uri = f"bolt://127.0.0.1:{port}"
        classpath = os.pathsep.join([str(jar), str(jar.parent / "dependency" / "*")])
        cmd = [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            "-cp",
            classpath,
            MAIN_CLASS,
            str(data),
            str(port),
            page_cache,
        ]
        env = dict(os.environ, NEO4J_PASSWORD=password)
        log_path = data / LOG_FILE
        with open(log_path, "ab") as log:
            log.write(
                f"--- pbgraph: starting Neo4j on {uri} at "
                f"{time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode()
            )
            log.flush()
            offset = log.tell()
            try:
                proc = subprocess.Popen(
                    cmd,
                    cwd=data,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    close_fds=True,
                )
            except OSError as exc:
                raise LocalNeo4jError(f"could not run {java}: {exc}") from exc
        _CHILDREN[proc.pid] = proc
        _write_atomically(data / PID_FILE, f"{proc.pid}\n")
        _write_atomically(
            data / STATE_FILE,
            json.dumps({"pid": proc.pid, "port": port, "uri": uri, "started": time.time()}) + "\n",
        )

        try:
            while True:
                returncode = proc.poll()
                if returncode is not None:
                    _CHILDREN.pop(proc.pid, None)
                    raise LocalNeo4jError(
                        f"Neo4j exited with code {returncode} while starting"
                        f"{_launcher_error(log_path, offset)}; "
                        f"last lines of {log_path}:\n{_log_tail(log_path, offset)}"
                    )
                # The launcher prints READY only after setting the password.
                if _ready_in_log(log_path, offset) and _connects(uri, password):
                    return uri
                if time.monotonic() >= deadline:
                    raise LocalNeo4jError(
                        f"Neo4j did not answer on {uri} within {timeout:g} s; "
                        f"last lines of {log_path}:\n{_log_tail(log_path, offset)}"
                    )
                time.sleep(0.25)
        except BaseException:
            _terminate(proc.pid, data, timeout=30)
            _remove_run_files(data)
            raise


def _terminate(pid: int, data: Path, *, timeout: float) -> None:
    """SIGTERM ``pid``, then SIGKILL if it is still alive after ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_gone(pid, data, timeout):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, data, 10)


def stop(*, data_dir: Path | str = DEFAULT_DATA_DIR, timeout: float = 60) -> bool:
    """Stop the local Neo4j server of ``data_dir`` cleanly.

    Sends SIGTERM (the launcher then shuts the DBMS down, checkpointing the
    store), waits up to ``timeout`` seconds, sends SIGKILL if it is still running,
    and removes the pid and state files.

    Returns:
        Whether a server was running.
    """
    data = _data_path(data_dir)
    pid = _read_pid(data)
    running = _alive(pid, data)
    if running:
        assert pid is not None
        _terminate(pid, data, timeout=timeout)
    _remove_run_files(data)
    return running


def kill(*, data_dir: Path | str = DEFAULT_DATA_DIR) -> bool:
    """SIGKILL the local Neo4j server of ``data_dir`` (no clean shutdown).

    Meant for fault-injection tests ("server killed during a load"); the next
    :func:`start` on the same ``data_dir`` recovers the store from its
    transaction logs.

    Returns:
        Whether a server was running.
    """
    data = _data_path(data_dir)
    pid = _read_pid(data)
    running = _alive(pid, data)
    if running:
        assert pid is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_gone(pid, data, 10)
    _remove_run_files(data)
    return running


def status(*, data_dir: Path | str = DEFAULT_DATA_DIR) -> dict[str, Any]:
    """Report on the local Neo4j server of ``data_dir``.

    Returns:
        ``{"running": bool, "pid": int | None, "uri": str | None,
        "port": int | None, "data_dir": str, "log": str}``; pid, uri and port
        are None when no server is running. Does not check that Bolt answers.
    """
    data = _data_path(data_dir)
    pid = _read_pid(data)
    running = _alive(pid, data)
    state = _read_state(data) if running else {}
    port = state.get("port")
    return {
        "running": running,
        "pid": pid if running else None,
        "uri": state.get("uri") if running else None,
        "port": int(port) if running and port is not None else None,
        "data_dir": str(data),
        "log": str(data / LOG_FILE),
    }
