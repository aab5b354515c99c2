"""The Neo4j store: the same interface as the embedded one, over Bolt with the official driver.

Writes are batched ``UNWIND $rows … MERGE`` statements run in managed transactions
(``execute_write`` retries transient errors); a rerun of the same load is harmless because
every write is a ``MERGE`` on the schema keys, backed by uniqueness constraints.

What makes a city (700 000 nodes, 1.2 million relationships) quick, measured on it
(``benchmarks/neo4j_bench.py``):

* rows travel as lists, not maps, with explicit ``SET`` clauses: fewer objects for the driver
  to encode and for the server to build and collect (its garbage collection was a third of
  its time with maps); batches of 5 000 rows;
* a ``single`` relationship type is one statement (delete the start node's other
  relationship, merge the new one), not two passes over the rows;
* reads return one list per page of 50 000 nodes (in key order, from the key's index)
  instead of a record per node: the driver's per-record work was most of a read;
  relationships are read per type with keys only; the pages are fetched by a background
  thread while the graph is being built, so the server's work and Python's overlap; Python's
  cyclic garbage collector is paused while the graph is built.

A load is many write transactions, so a load that is killed leaves part of the graph. A load
is therefore marked on the store's meta node (``load_state``: ``loading``, then ``done``;
who loads, since when, a heartbeat), and every read checks the marker in its read
transaction, before and after reading: the graph of a load that did not finish, or that is
being written, is refused with a message that says what to do, never analysed. Reading all
labels in one transaction does not make the read a snapshot (Neo4j reads what others
commit meanwhile); the check after the read is what catches a load that started meanwhile.

The pseudonym key is never sent to Neo4j (see :mod:`pbgraph.keys`): the meta node holds its
fingerprint only (``key_fingerprint``), so that a load with another key can be refused.

The driver is faster again with ``neo4j-rust-ext`` installed (same API, encoding and decoding
in Rust).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import os
import queue
import secrets
import socket
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError, StoreError, StoreUnreachableError
from ..graphmodel.projection import build_graph
from ..graphmodel.schema import NODES, RELS, RESULT_NODES, RESULT_RELS, NodeType, RelType
from . import cypher
from .base import node_type

__all__ = ["Neo4jStore", "DEFAULT_LOCAL_PASSWORD"]

DEFAULT_LOCAL_PASSWORD = "pbgraph-local"  # the password `pbgraph neo4j start` sets
BATCH = 5_000  # rows per write transaction
PAGE = 50_000  # nodes per read page (bounded memory on both sides)
#: The URI schemes of the Bolt protocol the driver speaks (``+s``: TLS, ``+ssc``: TLS with a
#: self-signed certificate); ``neo4j://`` routes in a cluster.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
LOAD_BEAT = 5.0  # seconds between the heartbeats of a running load
LOAD_STALE = 30.0  # a load whose heartbeat is older than this (seconds) is not running
LOADING, DONE, FAILED = "loading", "done", "failed"  # states of the load marker

#: Values the driver sends as they are; anything else goes through :func:`_plain`.
_NATIVE = frozenset({str, int, float, bool, type(None)})


def _plain(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


def _values(rows: Iterable[Mapping[str, Any]], cols: Sequence[str]) -> list[list[Any]]:
    """Each row as the list of its values of ``cols`` (``None`` where absent); dates (and
    anything else with ``isoformat``) as ISO strings, as the embedded store keeps them."""
    out = []
    native = _NATIVE.issuperset
    for r in rows:
        vals = list(map(r.get, cols))
        if not native(map(type, vals)):
            vals = [_plain(v) for v in vals]
        out.append(vals)
    return out


def _batches(rows: list[list[Any]], size: int, together: bool) -> Iterator[list[list[Any]]]:
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


class _Pages:
    """Pages of rows read by a background thread, handed over in order.

    ``read(put)`` runs in the thread and hands over every page with ``put(page)``, ending each
    section with ``put(_Pages.END)``; ``put`` returns False once the consumer has stopped.
    While the consumer builds the graph from one page the thread already waits for the
    server's next one (a socket wait releases the GIL). At most ``depth`` pages wait.
    """

    END = object()
    _FINISHED = object()

    def __init__(self, read: Callable[[Callable[[Any], bool]], None], depth: int = 8) -> None:
        self._q: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(read,), name="pbgraph-neo4j-read", daemon=True
        )
        self._thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, read: Callable[[Callable[[Any], bool]], None]) -> None:
        try:
            read(self._put)
            self._put(self._FINISHED)
        except BaseException as e:  # handed to the consumer, raised there
            self._put(e)

    def _get(self) -> Any:
        item = self._q.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def section(self) -> Iterator[list[Any]]:
        """The pages of the next section."""
        while (item := self._get()) is not self.END:
            if item is self._FINISHED:
                raise StoreError("the reader ended before the graph was complete")
            yield item

    def finish(self) -> None:
        """Wait until the reader is done (raising what it raised at the end, if anything)."""
        while self._get() is not self._FINISHED:  # _get blocks until the reader hands on
            continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def _proc_field(pid: int, index: int) -> str | None:
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
    if _proc_field(pid, 0) in ("Z", "X"):  # killed, not yet reaped by its parent
        return False
    now = _proc_field(pid, 19)
    return start is None or now is None or now == start  # else the pid was recycled


def _when(t: Any) -> str:
    """A server timestamp as local time, e.g. ``2026-11-30 23:10:02 CST``."""
    if t is None:
        return "at an unknown time"
    native = t.to_native() if hasattr(t, "to_native") else t
    if isinstance(native, dt.datetime):
        return native.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    return str(native)


_LOADS: set[str] = set()  # tokens of the loads this process is running


class _Load:
    """The load a store object is running: its token and the heartbeat thread."""

    def __init__(self, store: Neo4jStore, token: str) -> None:
        self.token = token
        _LOADS.add(token)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, args=(store,), name="pbgraph-neo4j-load-beat", daemon=True
        )
        self._thread.start()

    def _beat(self, store: Neo4jStore) -> None:
        while not self._stop.wait(LOAD_BEAT):
            # a beat lost to a server that went away: the load's own writes report it
            with contextlib.suppress(Exception), store._session() as s:
                s.execute_write(
                    lambda tx: tx.run(
                        cypher.beat_load(), meta=cypher.META_STORE, token=self.token
                    ).consume()
                )

    def stop(self) -> None:
        _LOADS.discard(self.token)
        self._stop.set()
        self._thread.join(timeout=1)  # a beat under way ends by itself (a daemon thread)


class Neo4jStore:
    """A store in a Neo4j database (5.x or later).

    A load is marked in the database (a property ``load_state`` of the meta node): set to
    ``loading`` before its first write, ``done`` after its last. A load is many write
    transactions, so one that was killed leaves part of the graph; every read checks the
    marker in its own read transaction and refuses such a graph (and one that a load is
    writing right now) with a :class:`StoreError` that says what to do.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        batch_size: int = BATCH,
    ) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

        scheme, sep, _ = uri.partition("://")
        if not sep or scheme.lower() not in SCHEMES:
            raise InputError(
                f"{uri!r} is not a Neo4j Bolt URI: use bolt://host:7687 or neo4j://host:7687 "
                f"(schemes {', '.join(SCHEMES)}; Neo4j's http:// port is not for drivers)"
            )
        self.uri, self.database, self.batch_size = uri, database or None, batch_size
        self._depth = 0  # nesting of transaction()
        self._load: _Load | None = None  # the load this object is running
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password or DEFAULT_LOCAL_PASSWORD),
                notifications_min_severity="OFF",  # "unknown label" hints on an empty store
                max_transaction_retry_time=10.0,  # a server that is gone is reported soon
            )
        except (ConfigurationError, ValueError) as e:
            raise InputError(f"bad Neo4j URI {uri!r}: {e}") from None
        try:
            self._driver.verify_connectivity()
        except AuthError:
            self._driver.close()
            raise StoreUnreachableError(
                f"Neo4j at {uri} refused user {user!r} with that password; "
                "set NEO4J_PASSWORD (or --neo4j-password) and NEO4J_USERNAME"
            ) from None
        except (ServiceUnavailable, OSError) as e:
            self._driver.close()
            raise StoreUnreachableError(
                f"cannot reach Neo4j at {uri} ({type(e).__name__}); is it running? "
                "`pbgraph neo4j start` runs a local one, or set NEO4J_URI"
            ) from None
        except Neo4jError as e:
            self._driver.close()
            raise StoreUnreachableError(f"Neo4j at {uri}: {e.message}") from None
        self._create()

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._load is not None:  # closed in the middle of a load: it did not finish
            with contextlib.suppress(Exception):
                self._end_load(FAILED)
        self._driver.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Nothing: Neo4j reads what others commit meanwhile, so there is no snapshot to
        hold. Each read instead checks the load marker before and after reading and refuses
        a graph that a load is writing (see the module's docstring)."""
        yield

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """A load: its writes are marked in the database as one load.

        Batches still commit one by one (a load is too big for one Neo4j transaction); the
        first write inside the outermost ``transaction()`` calls :meth:`begin_load`, a clean
        exit :meth:`end_load`, an exception marks the load ``failed`` (reads then refuse the
        store until a load completes). No write, no mark: a load refused before writing
        leaves the store as it was. Reads inside are the load's own and are not refused.
        Nesting is flattened.
        """
        self._depth += 1
        try:
            yield
        except BaseException as e:
            if self._depth == 1 and self._load is not None:
                if isinstance(e, StoreUnreachableError):  # no server to tell: the marker
                    self._load.stop()  # stays "loading" without a heartbeat: unfinished
                    self._load = None
                else:
                    with contextlib.suppress(Exception):  # the error that stopped the load wins
                        self._end_load(FAILED)
            raise
        else:
            if self._depth == 1:
                self.end_load()
        finally:
            self._depth -= 1

    def begin_load(self) -> None:
        """Mark a load begun (``load_state = "loading"``, a token, start time, who loads) and
        start its heartbeat; nothing if this object has a load begun already.

        Raises :class:`StoreError` if another load into the database is running. A marker
        left by a load that did not finish is taken over: loading again completes it.
        """
        if self._load is not None:
            return
        token = secrets.token_hex(8)

        def work(tx: Any) -> None:
            marker = tx.run(cypher.claim_load(), meta=cypher.META_STORE, token=token).single()
            if self._running_load(marker):
                raise StoreError(
                    f"a load into {self.uri} is in progress (started {_when(marker['started'])}"
                    f"{self._who(marker)}); load again when it has finished"
                )
            tx.run(
                cypher.start_load(),
                meta=cypher.META_STORE,
                token=token,
                state=LOADING,
                host=_HERE,
                pid=os.getpid(),
                pid_start=_proc_field(os.getpid(), 19),
            ).consume()

        with self._lost(), self._session() as s:
            s.execute_write(work)
        self._load = _Load(self, token)

    def end_load(self) -> None:
        """Mark the load begun by :meth:`begin_load` done; nothing if none was begun."""
        if self._load is not None:
            self._end_load(DONE)

    def _end_load(self, state: str) -> None:
        load, self._load = self._load, None
        if load is None:
            return
        load.stop()
        with self._lost(), self._session() as s:
            s.execute_write(
                lambda tx: tx.run(
                    cypher.end_load(), meta=cypher.META_STORE, token=load.token, state=state
                ).consume()
            )

    def _session(self) -> Any:
        return self._driver.session(database=self.database)

    @contextlib.contextmanager
    def _lost(self) -> Iterator[None]:
        """A server that goes away mid-work is 'unreachable' (exit 3), not a traceback."""
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        try:
            yield
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnreachableError(
                f"lost the connection to Neo4j at {self.uri} ({type(e).__name__}); "
                "what was written is kept: rerun the same command once the server is back"
            ) from None

    def _write(self, query: str, rows: list[list[Any]], *, together: bool = False) -> None:
        def work(tx: Any, batch: list[list[Any]]) -> None:
            tx.run(query, rows=batch).consume()

        if self._depth and self._load is None:
            self.begin_load()
        with self._lost(), self._session() as s:
            for batch in _batches(rows, self.batch_size, together):
                s.execute_write(work, batch)

    def _read(self, query: str, **params: Any) -> list[list[Any]]:
        """Rows of one query, unchecked (the benchmark's Cypher, the server's version)."""

        def work(tx: Any) -> list[list[Any]]:
            return [r.values() for r in tx.run(query, **params)]

        with self._lost(), self._session() as s:
            return s.execute_read(work)

    # -- the load marker, checked by every read --------------------------------------------
    def _running_load(self, marker: Any) -> bool:
        """Whether the marker is a load running now: its heartbeat is recent and, on this
        machine, its process is alive (so that a killed load is known at once here)."""
        if marker is None or marker["state"] != LOADING:
            return False
        if marker["host"] == _HERE:
            if marker["pid"] == os.getpid():  # this process: one of its store objects?
                return marker["token"] in _LOADS
            if not _running(marker["pid"], marker["pid_start"]):
                return False
        return marker["age"] is not None and marker["age"] <= LOAD_STALE

    def _who(self, marker: Any) -> str:
        return f", process {marker['pid']} on this machine" if marker["host"] == _HERE else ""

    def _marker(self, tx: Any) -> Any:
        """The load marker, checked: raises :class:`StoreError` unless the last load finished
        (or this object is the one loading)."""
        marker = tx.run(cypher.read_meta(), meta=cypher.META_STORE).single()
        if self._depth or marker is None or marker["state"] in (None, DONE):
            return marker
        started = _when(marker["started"])
        if self._running_load(marker):
            raise StoreError(
                f"a load into {self.uri} is in progress (started {started}{self._who(marker)}); "
                "run this again when it has finished"
            )
        raise StoreError(
            f"the last load into {self.uri} did not finish (started {started}); run the load again"
        )

    def _same_load(self, tx: Any, before: Any) -> None:
        """At the end of a read: raise if a load wrote meanwhile (Neo4j reads see what
        others commit, even within one transaction)."""
        if self._depth:
            return
        after = self._marker(tx)  # raises for a load that started meanwhile
        if after["token"] != before["token"]:
            raise StoreError(
                f"a load into {self.uri} ran while this was reading "
                f"(it ended {_when(after['ended'])}); run this again"
            )

    def _checked_read(self, read: Callable[[Any], Any]) -> Any:
        """``read(tx)`` in one read transaction, the load marker checked before and after."""

        def work(tx: Any) -> Any:
            before = self._marker(tx)
            out = read(tx)
            self._same_load(tx, before)
            return out

        with self._lost(), self._session() as s:
            return s.execute_read(work)

    def _create(self) -> None:
        with self._session() as s:
            for q in cypher.constraints():
                s.run(q).consume()

    # -- writes --------------------------------------------------------------------------
    def upsert_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update nodes by key. A ``None`` value never overwrites a stored one.

        Outside :meth:`transaction` the call is a load of its own (marked as one)."""
        n = node_type(label)
        if not rows:
            return 0
        present: set[str] = set().union(*rows)
        unknown = present - set(n.prop_names)
        if unknown:
            raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
        if n.key not in present or any(r.get(n.key) is None for r in rows):
            raise StoreError(f"rows lack the key {n.key!r}")
        cols = [n.key, *(c for c in n.prop_names if c in present and c != n.key)]
        with self.transaction():
            self._write(cypher.merge_nodes(n, cols), _values(rows, cols))
        return len(rows)

    def upsert_rels(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update relationships by (start, end); create missing endpoints by key.

        For a ``single`` type, the start node's other relationship of the type is replaced.
        Outside :meth:`transaction` the call is a load of its own (marked as one).
        """
        if rel not in RELS:
            raise StoreError(f"{rel.name} is not a relationship of the schema")
        if not rows:
            return 0
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
        cols = ["start", "end", *(c for c in names if c in present)]
        with self.transaction():
            self._write(cypher.merge_rels(rel, cols[2:]), _values(rows, cols), together=rel.single)
        return len(rows)

    def replace_results(
        self,
        analysis: str,
        run: Mapping[str, Any],
        rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
    ) -> None:
        """Replace the previous results of ``analysis`` by this run (see the embedded store),
        in one transaction: a write-back killed part-way leaves the previous run whole."""
        node = RESULT_NODES["AnalysisRun"]
        row = {
            **run,
            "analysis": analysis,
            "params": json.dumps(run.get("params", {}), ensure_ascii=False),
        }
        writes = [(cypher.merge_nodes(node), _values([row], node.prop_names))]
        for r, rows in rels.items():
            if r not in RESULT_RELS:
                raise StoreError(f"{r.name} is not a result relationship of the schema")
            cols = ["start", "end", *(p.name for p in r.props)]
            writes.append((cypher.merge_rels(r), _values(rows, cols)))

        def work(tx: Any) -> None:
            tx.run(cypher.delete_runs(), analysis=analysis).consume()
            for query, values in writes:
                for batch in _batches(values, self.batch_size, False):
                    tx.run(query, rows=batch).consume()

        with self._lost(), self._session() as s:
            s.execute_write(work)

    def results(self, analysis: str) -> list[dict[str, Any]]:
        """The written-back results of ``analysis``: one dict per result relationship."""

        def read(tx: Any) -> list[dict[str, Any]]:
            out = []
            for r in RESULT_RELS:
                names = [p.name for p in r.props]
                for rec in tx.run(cypher.read_results(r), analysis=analysis):
                    run_id, end, *props = rec.values()
                    out.append(
                        {
                            "run": run_id,
                            "type": r.type,
                            "end": end,
                            **dict(zip(names, props, strict=True)),
                        }
                    )
            return out

        result: list[dict[str, Any]] = self._checked_read(read)
        return result

    # -- the pseudonym key: its fingerprint only ---------------------------------------------
    def secret(self) -> bytes:
        """Gone: the pseudonym key lives in a file of its own (:mod:`pbgraph.keys`)."""
        raise StoreError("the pseudonym key is not kept in the store; see pbgraph.keys")

    def key_fingerprint(self) -> str | None:
        """The fingerprint of the pseudonym key the store was loaded with (None: not yet)."""
        with self._lost(), self._session() as s:
            fingerprint = s.execute_read(
                lambda tx: tx.run(cypher.read_meta(), meta=cypher.META_STORE).single(strict=True)[
                    "fingerprint"
                ]
            )
        return fingerprint if isinstance(fingerprint, str) else None

    def set_key_fingerprint(self, fp: str) -> None:
        """Record the fingerprint of the pseudonym key (``Key.fingerprint``); replaces one
        recorded before. Never give it the key itself."""
        if not isinstance(fp, str) or not fp:
            raise StoreError("a key fingerprint is a non-empty string")
        with self._lost(), self._session() as s:
            s.execute_write(
                lambda tx: tx.run(
                    cypher.set_key_fingerprint(), meta=cypher.META_STORE, fingerprint=fp
                ).consume()
            )

    def legacy_secret(self) -> bytes | None:
        """The pseudonym secret a database loaded by an older pbgraph holds (it kept the key
        in the database); None if there is none. To be moved to a key file, then dropped."""
        rows = self._read(cypher.read_legacy_secret(), meta=cypher.META_SECRET)
        value = rows[0][0] if rows else None
        if isinstance(value, str):
            try:
                return bytes.fromhex(value)
            except ValueError:
                raise StoreError(
                    f"the old pseudonym secret in {self.uri} is not hexadecimal"
                ) from None
        return bytes(value) if isinstance(value, bytes | bytearray) else None

    def drop_legacy_secret(self) -> None:
        """Delete the pseudonym secret an older pbgraph kept in the database (if any)."""
        with self._lost(), self._session() as s:
            s.execute_write(
                lambda tx: tx.run(cypher.drop_legacy_secret(), meta=cypher.META_SECRET).consume()
            )

    # -- reads ---------------------------------------------------------------------------

    def keys(self, label: str) -> set[str]:
        n = node_type(label)
        keys: set[str] = self._checked_read(
            lambda tx: {row[0] for page in _node_pages(tx, n, ()) for row in page}
        )
        return keys

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        """``(key, value)`` of one property for every node of ``label``."""
        n = node_type(label)
        n.prop(prop)  # raises for a property outside the schema
        if prop == n.key:
            read = lambda tx: [(r[0], r[0]) for page in _node_pages(tx, n, ()) for r in page]  # noqa: E731
        else:
            read = lambda tx: [(r[0], r[1]) for page in _node_pages(tx, n, (prop,)) for r in page]  # noqa: E731
        values: list[tuple[str, Any]] = self._checked_read(read)
        return values

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and of relationships per relationship name."""

        def read(tx: Any) -> dict[str, int]:
            out: dict[str, int] = {}
            for n in NODES.values():
                out[n.label] = tx.run(cypher.count_nodes(n)).single(strict=True)[0]
            for r in RELS:
                out[r.name] = tx.run(cypher.count_rels(r)).single(strict=True)[0]
            return out

        counts: dict[str, int] = self._checked_read(read)
        return counts

    def graph(self) -> nx.MultiDiGraph:
        """The whole ledger graph as a networkx ``MultiDiGraph`` (same shape as embedded).

        One read transaction (the load marker checked at its start and end) is read page by
        page by a background thread while :func:`build_graph` consumes the pages; Python's
        cyclic garbage collector is paused meanwhile (it would walk the millions of new
        dicts again and again, and none of them are garbage).
        """
        node_types = list(NODES.values())

        def read(put: Callable[[Any], bool]) -> None:
            handed = False

            def work(tx: Any) -> None:
                nonlocal handed
                if handed:  # a retry of the driver's after pages were used: start over
                    raise StoreError(
                        f"reading from Neo4j at {self.uri} was interrupted; run this again"
                    )
                before = self._marker(tx)
                sections = [partial(_node_pages, n=n) for n in node_types]
                sections += [partial(_rel_pages, r=r) for r in RELS]
                for fetch in sections:
                    for page in fetch(tx):
                        handed = True
                        if not put(page):
                            return
                    if not put(_Pages.END):
                        return
                self._same_load(tx, before)

            with self._session() as s:
                s.execute_read(work)

        pages = _Pages(read)
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self._lost():
                G = build_graph(
                    ((n.label, _node_rows(n, pages.section())) for n in node_types),
                    ((r, _rel_rows(r, pages.section())) for r in RELS),
                )
                pages.finish()
                return G
        finally:
            pages.close()
            if collecting:
                gc.enable()

    def clear(self) -> None:
        """Delete everything, the meta nodes too (tests and benchmarks, on a scratch
        database)."""
        with self._lost(), self._session() as s:
            s.run(cypher.delete_all()).consume()


def _node_pages(tx: Any, n: NodeType, props: Sequence[str] | None = None) -> Iterator[list[Any]]:
    """Every node of a label, a page at a time: lists ``[key, values of props…]``."""
    first, after = cypher.read_node_page(n, props, first=True), None
    rest = cypher.read_node_page(n, props, first=False)
    while True:
        q = first if after is None else rest
        rows = tx.run(q, after=after, page=PAGE).single(strict=True)[0]
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        after = rows[-1][0]


def _rel_pages(tx: Any, r: RelType) -> Iterator[list[Any]]:
    """Every relationship of a type, by pages of start nodes: ``[start, end, props…]``."""
    first, after = cypher.read_rel_page(r, first=True), None
    rest = cypher.read_rel_page(r, first=False)
    while True:
        q = first if after is None else rest
        n, after, rows = tx.run(q, after=after, page=PAGE).single(strict=True).values()
        if rows:
            yield rows
        if n < PAGE:
            return


_HERE = _this_machine()


def _node_rows(
    n: NodeType, pages: Iterable[list[list[Any]]]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(key, attributes)`` from pages of ``[key, values in schema order]``; no ``None``."""
    label, names = n.label, n.prop_names
    for page in pages:
        for row in page:
            attrs = {"label": label}
            if None in row:
                attrs.update([(k, v) for k, v in zip(names, row, strict=False) if v is not None])
            else:
                attrs.update(zip(names, row, strict=False))
            yield row[0], attrs


def _rel_rows(
    r: RelType, pages: Iterable[list[list[Any]]]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(start key, end key, attributes)`` from pages of ``[start, end, values…]``."""
    t, names = r.type, [p.name for p in r.props]
    for page in pages:
        if not names:
            for start, end in page:
                yield start, end, {"type": t}
            continue
        for start, end, *props in page:
            attrs = {"type": t}
            attrs.update([(k, v) for k, v in zip(names, props, strict=False) if v is not None])
            yield start, end, attrs
