"""Writing into Neo4j: rows as lists in batches, and the load marker.

Internal to :class:`pbgraph.stores.neo4j.Neo4jStore` (nothing here is API). What makes a
load of a city (700 000 nodes, 1.2 million relationships) quick, measured on it
(``benchmarks/neo4j_bench.py``; the bulk path of a loader's batches is in
:mod:`pbgraph.stores.neo4j_bulk`):

* rows travel as lists, not maps, with explicit ``SET`` clauses: fewer objects for the driver
  to encode and for the server to build and collect (its garbage collection was a third of
  its time with maps); batches of 20 000 rows (a fifth less of the server's time per
  relationship than 5 000, measured);
* a ``single`` relationship type is one statement (delete the start node's other
  relationship, merge the new one), not two passes over the rows;
* what cannot exist yet is created, not merged (:mod:`pbgraph.stores.neo4j_bulk`).
  Everything else is merged, so a second load of the same ledgers changes nothing.

A load is many write transactions, so a load that is killed leaves part of the graph. A load
is therefore marked on the store's meta node (``load_state``: ``loading``, then ``done``;
who loads, since when, a heartbeat), and every read checks the marker in its read
transaction, before and after reading (:func:`check_marker`, :func:`check_same_load`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..graphmodel.schema import RESULT_NODES, RESULT_RELS, NodeType, RelType
from . import cypher

BATCH = 20_000  # rows per write transaction
LOAD_BEAT = 5.0  # seconds between the heartbeats of a running load
LOAD_STALE = 30.0  # a load whose heartbeat is older than this (seconds) is not running
LOADING, DONE, FAILED = "loading", "done", "failed"  # states of the load marker

#: Values the driver sends as they are; anything else goes through :func:`plain`.
NATIVE = frozenset({str, int, float, bool, type(None)})


# -- rows and batches ---------------------------------------------------------------------


def plain(v: Any) -> Any:
    """A value as the driver sends it: dates (anything with ``isoformat``) as ISO text."""
    return v.isoformat() if hasattr(v, "isoformat") else v


def row_lists(rows: Iterable[Mapping[str, Any]], cols: Sequence[str]) -> list[list[Any]]:
    """Each row as the list of its values of ``cols`` (``None`` where absent); dates (and
    anything else with ``isoformat``) as ISO strings, as the embedded store keeps them."""
    out = []
    native = NATIVE.issuperset
    for r in rows:
        vals = list(map(r.get, cols))
        if not native(map(type, vals)):
            vals = [plain(v) for v in vals]
        out.append(vals)
    return out


def batches(rows: list[list[Any]], size: int, together: bool) -> Iterator[list[list[Any]]]:
    """Slices of ``size`` rows; ``together``: rows with the same first value (start key) in
    the same slice, so that one batch of a ``single`` type never deletes another's rows."""
    if not together or len({r[0] for r in rows}) == len(rows):
        for i in range(0, len(rows), size):
            yield rows[i : i + size]
        return
    rows = sorted(rows, key=itemgetter(0))
    i = 0
    while i < len(rows):
        j = min(i + size, len(rows))
        while j < len(rows) and rows[j][0] == rows[j - 1][0]:
            j += 1
        yield rows[i:j]
        i = j


def node_columns(n: NodeType, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The columns of node rows to write, the key first; raises :class:`StoreError` for a
    property outside the schema or a row without its key."""
    present: set[str] = set().union(*rows)
    unknown = present - set(n.prop_names)
    if unknown:
        raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
    if n.key not in present or any(r.get(n.key) is None for r in rows):
        raise StoreError(f"rows lack the key {n.key!r}")
    return [n.key, *(c for c in n.prop_names if c in present and c != n.key)]


def rel_columns(rel: RelType, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The columns of relationship rows to write: ``start``, ``end``, then the properties
    present; raises :class:`StoreError` for a property outside the schema (unless only
    ever ``None``) or a row without both ends."""
    names = [p.name for p in rel.props]
    present: set[str] = set().union(*rows)
    present -= {"start", "end"}
    if not present.issubset(names):  # a property outside the schema, unless only None
        bad = {k for r in rows for k, v in r.items() if k not in names and v is not None}
        bad -= {"start", "end"}
        if bad:
            raise StoreError(f"properties not in the schema: {sorted(bad)}")
    if any(r.get("start") is None or r.get("end") is None for r in rows):
        raise StoreError("relationship rows need a 'start' and an 'end' key")
    return ["start", "end", *(c for c in names if c in present)]


def result_writes(
    analysis: str,
    run: Mapping[str, Any],
    rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
) -> list[tuple[str, list[list[Any]]]]:
    """The statements and rows that write one run of ``analysis`` and its results."""
    node = RESULT_NODES["AnalysisRun"]
    row = {
        **run,
        "analysis": analysis,
        "params": json.dumps(run.get("params", {}), ensure_ascii=False),
    }
    writes = [(cypher.merge_nodes(node), row_lists([row], node.prop_names))]
    for r, rows in rels.items():
        if r not in RESULT_RELS:
            raise StoreError(f"{r.name} is not a result relationship of the schema")
        cols = ["start", "end", *(p.name for p in r.props)]
        writes.append((cypher.merge_rels(r), row_lists(rows, cols)))
    return writes


# -- who loads: this machine, its processes -----------------------------------------------


def proc_field(pid: int, index: int) -> str | None:
    """A field of ``/proc/<pid>/stat`` after the command name (0: state, 19: start time)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[index] if index < len(fields) else None


def _this_machine() -> str:
    """Who can tell whether a process id is running: this host, boot and pid namespace."""
    parts = [socket.gethostname()]
    with contextlib.suppress(OSError):
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip())
    with contextlib.suppress(OSError):
        parts.append(os.readlink("/proc/self/ns/pid"))
    return "/".join(parts)


def _running(pid: Any, start: Any) -> bool:
    """Whether process ``pid`` (started at ``start``, ``/proc`` clock ticks) is running here."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, someone else's
    if proc_field(pid, 0) in ("Z", "X"):  # killed, not yet reaped by its parent
        return False
    now = proc_field(pid, 19)
    return start is None or now is None or now == start  # else the pid was recycled


def when(t: Any) -> str:
    """A server timestamp as local time, e.g. ``2026-11-30 23:10:02 CST``."""
    if t is None:
        return "at an unknown time"
    native = t.to_native() if hasattr(t, "to_native") else t
    if isinstance(native, dt.datetime):
        return native.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    return str(native)


HERE = _this_machine()
_LOADS: set[str] = set()  # tokens of the loads this process is running


# -- the load marker ----------------------------------------------------------------------


class Load:
    """The load a store object is running: its token and the heartbeat thread.

    ``session`` opens a session of the store's database (for the heartbeat's writes).
    """

    def __init__(self, session: Callable[[], Any], token: str) -> None:
        self.token = token
        _LOADS.add(token)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, args=(session,), name="pbgraph-neo4j-load-beat", daemon=True
        )
        self._thread.start()

    def _beat(self, session: Callable[[], Any]) -> None:
        while not self._stop.wait(LOAD_BEAT):
            # a beat lost to a server that went away: the load's own writes report it
            with contextlib.suppress(Exception), session() as s:
                s.execute_write(
                    lambda tx: tx.run(
                        cypher.beat_load(), meta=cypher.META_STORE, token=self.token
                    ).consume()
                )

    def stop(self) -> None:
        _LOADS.discard(self.token)
        self._stop.set()
        self._thread.join(timeout=1)  # a beat under way ends by itself (a daemon thread)


def running_load(marker: Any) -> bool:
    """Whether the marker is a load running now: its heartbeat is recent and, on this
    machine, its process is alive (so that a killed load is known at once here)."""
    if marker is None or marker["state"] != LOADING:
        return False
    if marker["host"] == HERE:
        if marker["pid"] == os.getpid():  # this process: one of its store objects?
            return marker["token"] in _LOADS
        if not _running(marker["pid"], marker["pid_start"]):
            return False
    return marker["age"] is not None and marker["age"] <= LOAD_STALE


def _who(marker: Any) -> str:
    return f", process {marker['pid']} on this machine" if marker["host"] == HERE else ""


def _who_zh(marker: Any) -> str:
    return f"，本机进程 {marker['pid']}" if marker["host"] == HERE else ""


def _when_zh(t: Any) -> str:
    return "时间不明" if t is None else when(t)


def claim_load(tx: Any, uri: str, token: str) -> None:
    """Mark a load begun under ``token`` (in the write transaction ``tx``); raises
    :class:`StoreError` if another load into the database is running."""
    marker = tx.run(cypher.claim_load(), meta=cypher.META_STORE, token=token).single()
    if running_load(marker):
        raise StoreError(
            f"向 {uri} 的导入正在进行（开始于 {_when_zh(marker['started'])}{_who_zh(marker)}）；"
            "请在其结束后再导入 "
            f"(a load into {uri} is in progress (started {when(marker['started'])}"
            f"{_who(marker)}); load again when it has finished)"
        )
    tx.run(
        cypher.start_load(),
        meta=cypher.META_STORE,
        token=token,
        state=LOADING,
        host=HERE,
        pid=os.getpid(),
        pid_start=proc_field(os.getpid(), 19),
    ).consume()


def finish_load(tx: Any, token: str, state: str) -> None:
    """Mark the load of ``token`` ended in ``state`` (``done`` or ``failed``)."""
    tx.run(cypher.end_load(), meta=cypher.META_STORE, token=token, state=state).consume()


def check_marker(tx: Any, uri: str, *, own: bool = False) -> Any:
    """The load marker, checked: raises :class:`StoreError` unless the last load finished
    (or ``own``: the reader is the one loading)."""
    marker = tx.run(cypher.read_meta(), meta=cypher.META_STORE).single()
    if own or marker is None or marker["state"] in (None, DONE):
        return marker
    started, started_zh = when(marker["started"]), _when_zh(marker["started"])
    if running_load(marker):
        raise StoreError(
            f"向 {uri} 的导入正在进行（开始于 {started_zh}{_who_zh(marker)}）；请在其结束后再运行 "
            f"(a load into {uri} is in progress (started {started}{_who(marker)}); "
            "run this again when it has finished)"
        )
    raise StoreError(
        f"向 {uri} 的上一次导入没有完成（开始于 {started_zh}）；请重新导入 "
        f"(the last load into {uri} did not finish (started {started}); run the load again)"
    )


def check_same_load(tx: Any, uri: str, before: Any) -> None:
    """At the end of a read: raise if a load wrote meanwhile (Neo4j reads see what
    others commit, even within one transaction)."""
    after = check_marker(tx, uri)  # raises for a load that started meanwhile
    if after["token"] != before["token"]:
        raise StoreError(
            f"读取期间有一次向 {uri} 的导入（结束于 {_when_zh(after['ended'])}）；请重新运行 "
            f"(a load into {uri} ran while this was reading "
            f"(it ended {when(after['ended'])}); run this again)"
        )
