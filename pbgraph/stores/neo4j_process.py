"""The local Neo4j's process: its run files, whether it is alive, starting it and waiting
until it answers, stopping it.

The run files (``neo4j.pid``, ``neo4j.json``, ``neo4j.log``) are in the server's data
directory, beside the Neo4j store. Part of :mod:`pbgraph.stores.neo4j_local` (which tells
what they hold and re-exports the public names).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from .neo4j_launcher import MAIN_CLASS, LocalNeo4jError

PID_FILE = "neo4j.pid"
STATE_FILE = "neo4j.json"
LOG_FILE = "neo4j.log"
LOCK_FILE = "neo4j.lock"

# Processes started by this Python process, so that they can be reaped (a dead
# child that nobody waits for stays a zombie and still answers ``kill(pid, 0)``).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


# -- run files ------------------------------------------------------------------------------


def data_path(data_dir: Path | str) -> Path:
    return Path(data_dir).expanduser().resolve()


def read_pid(data: Path) -> int | None:
    try:
        return int((data / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def read_state(data: Path) -> dict[str, Any]:
    try:
        state = json.loads((data / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def remove_run_files(data: Path) -> None:
    for name in (PID_FILE, STATE_FILE):
        (data / name).unlink(missing_ok=True)


def browser_url(http_port: int) -> str:
    """Neo4j Browser's address on the launcher's HTTP connector."""
    return f"http://127.0.0.1:{http_port}/browser/"


def free_port(preferred: int | None) -> int:
    """``preferred`` if 127.0.0.1 can listen on it, else (or when None) a port the system has
    free."""
    if preferred is not None and port_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- is it alive? --------------------------------------------------------------------------


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


def alive(pid: int | None, data: Path) -> bool:
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


def dying(pid: int) -> bool:
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


def wait_gone(pid: int, data: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while alive(pid, data):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def log_tail(log_path: Path, offset: int = 0, lines: int = 40) -> str:
    try:
        with open(log_path, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:]) or "(log is empty)"


def port_free(port: int, wait: float = 0.0) -> bool:
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


# -- starting and stopping it -----------------------------------------------------------------


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
        raise LocalNeo4jError(
            f"位于 {uri} 的 Neo4j 拒绝了用户 neo4j 的密码：{exc} "
            f"(Neo4j at {uri} rejected the password of user neo4j: {exc})"
        ) from exc
    except (DriverError, Neo4jError, OSError):
        return False


class ServerGone(LocalNeo4jError):
    """The server we were waiting for exited."""


def wait_connectable(uri: str, password: str, pid: int, data: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not _connects(uri, password):
        if not alive(pid, data):
            raise ServerGone(
                f"Neo4j (pid {pid}) exited; last lines of {data / LOG_FILE}:\n"
                + log_tail(data / LOG_FILE)
            )
        if time.monotonic() >= deadline:
            raise LocalNeo4jError(
                f"位于 {uri} 的 Neo4j 在 {timeout:g} 秒内没有应答 "
                f"(Neo4j at {uri} did not answer within {timeout:g} s)"
            )
        time.sleep(0.5)


def terminate(pid: int, data: Path, *, timeout: float) -> None:
    """SIGTERM ``pid``, then SIGKILL if it is still alive after ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not wait_gone(pid, data, timeout):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        wait_gone(pid, data, 10)


def spawn(
    cmd: list[str],
    data: Path,
    *,
    password: str,
    port: int,
    uri: str,
    memory: tuple[str, str] | None = None,
    http_port: int | None = None,
) -> tuple[subprocess.Popen[bytes], int]:
    """Run the launcher's ``cmd`` detached (own session, stdout/stderr appended to the log
    in ``data``) and record its pid, port, URI, memory (``memory``: the heap and page cache
    ``cmd`` gives it) and Neo4j Browser's address (``http_port``, when it serves one) in the
    run files.

    Returns the process and the offset in the log where its output starts."""
    env = dict(os.environ, NEO4J_PASSWORD=password)
    heap, page_cache = memory or (None, None)
    with open(data / LOG_FILE, "ab") as log:
        log.write(
            f"--- pbgraph: starting Neo4j on {uri} at "
            f"{time.strftime('%Y-%m-%d %H:%M:%S')} (heap {heap}, page cache {page_cache})\n".encode()
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
            raise LocalNeo4jError(
                f"无法运行 {cmd[0]}：{exc} (could not run {cmd[0]}: {exc})"
            ) from exc
    _CHILDREN[proc.pid] = proc
    _write_atomically(data / PID_FILE, f"{proc.pid}\n")
    _write_atomically(
        data / STATE_FILE,
        json.dumps(
            {
                "pid": proc.pid,
                "port": port,
                "uri": uri,
                "started": time.time(),
                "heap": heap,
                "page_cache": page_cache,
                "http_port": http_port,
                "browser": browser_url(http_port) if http_port else None,
            }
        )
        + "\n",
    )
    return proc, offset


def wait_ready(
    proc: subprocess.Popen[bytes],
    uri: str,
    password: str,
    log_path: Path,
    offset: int,
    *,
    deadline: float,
    timeout: float,
) -> None:
    """Wait until the launcher ``proc`` says READY in its log (from ``offset``) and Bolt at
    ``uri`` accepts the password; raises :class:`LocalNeo4jError` (with the tail of the
    log) if it exits first or the monotonic clock passes ``deadline`` (``timeout`` seconds
    after the start, for the message)."""
    while True:
        returncode = proc.poll()
        if returncode is not None:
            _CHILDREN.pop(proc.pid, None)
            raise LocalNeo4jError(
                f"启动 Neo4j 时其进程退出，退出码 {returncode}"
                f"{_launcher_error(log_path, offset).replace(' (', '（').replace(')', '）')}；"
                f"{log_path} 的最后几行： "
                f"(Neo4j exited with code {returncode} while starting"
                f"{_launcher_error(log_path, offset)}; "
                f"last lines of {log_path}:)\n{log_tail(log_path, offset)}"
            )
        # The launcher prints READY only after setting the password.
        if _ready_in_log(log_path, offset) and _connects(uri, password):
            return
        if time.monotonic() >= deadline:
            raise LocalNeo4jError(
                f"在 {timeout:g} 秒内 Neo4j 没有在 {uri} 上应答；{log_path} 的最后几行： "
                f"(Neo4j did not answer on {uri} within {timeout:g} s; "
                f"last lines of {log_path}:)\n{log_tail(log_path, offset)}"
            )
        time.sleep(0.25)
