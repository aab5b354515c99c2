"""The Neo4j store: the same interface as the embedded one, over Bolt with the official driver.

Writes are batched ``UNWIND $rows … MERGE`` statements run in managed transactions
(``execute_write`` retries transient errors); a rerun of the same load is harmless because
every write is a ``MERGE`` on the schema keys, backed by uniqueness constraints. Reads fetch
pages of rows in a background thread while the graph is built. What makes each quick at city
scale is told in :mod:`pbgraph.stores.neo4j_load` (rows, batches, the load marker) and
:mod:`pbgraph.stores.neo4j_read` (pages, the graph read back); all Cypher is in
:mod:`pbgraph.stores.cypher`.

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
import secrets
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import Any

import networkx as nx

from ..errors import InputError, StoreError, StoreUnreachableError
from ..graphmodel.schema import RELS, RelType
from ..graphmodel.tables import Tables
from . import cypher, said
from .base import node_type
from .neo4j_bulk import Fresh, Job, Writer, by_key, node_jobs, rel_jobs
from .neo4j_keys import KeyRecord
from .neo4j_load import (
    BATCH,
    DONE,
    FAILED,
    Load,
    batches,
    check_marker,
    check_same_load,
    claim_load,
    finish_load,
    node_columns,
    rel_columns,
    result_writes,
)
from .neo4j_load import LOAD_BEAT as LOAD_BEAT  # these four: importable from here, as before
from .neo4j_load import LOAD_STALE as LOAD_STALE
from .neo4j_load import LOADING as LOADING
from .neo4j_lost import execute_read, lost
from .neo4j_read import PAGE as PAGE
from .neo4j_read import node_pages, read_counts, read_graph, read_results, read_tables

__all__ = ["Neo4jStore", "DEFAULT_LOCAL_PASSWORD"]

DEFAULT_LOCAL_PASSWORD = "pbgraph-local"  # the password `pbgraph neo4j start` sets
#: The URI schemes of the Bolt protocol the driver speaks (``+s``: TLS, ``+ssc``: TLS with a
#: self-signed certificate); ``neo4j://`` routes in a cluster.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class Neo4jStore(KeyRecord):
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
            raise InputError(said.neo4j_bad_scheme(uri, tuple(SCHEMES)))
        self.uri, self.database, self.batch_size = uri, database or None, batch_size
        self._depth = 0  # nesting of transaction()
        self._load: Load | None = None  # the load this object is running
        self._fresh = Fresh()  # what that load knows is new (neo4j_bulk)
        self._writer: Writer | None = None  # the load's writes in the background
        self._connect = partial(
            neo4j.GraphDatabase.driver,
            uri,
            auth=(user, password or DEFAULT_LOCAL_PASSWORD),
            notifications_min_severity="OFF",  # "unknown label" hints on an empty store
            max_transaction_retry_time=10.0,  # a server that is gone is reported soon
        )
        try:
            self._driver = self._connect()
        except (ConfigurationError, ValueError) as e:
            raise InputError(said.neo4j_bad_uri(uri, e)) from None
        try:
            self._driver.verify_connectivity()
        except AuthError:
            self._driver.close()
            raise StoreUnreachableError(said.neo4j_refused(uri, user)) from None
        except (ServiceUnavailable, OSError) as e:
            self._driver.close()
            raise StoreUnreachableError(said.neo4j_unreachable(uri, e)) from None
        except Neo4jError as e:
            self._driver.close()
            raise StoreUnreachableError(said.neo4j_says(uri, e.message)) from None
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
            if self._depth == 1:
                self._settle()  # the writer's errors are the load's
        except BaseException as e:
            if self._depth == 1 and self._load is not None:
                if isinstance(e, StoreUnreachableError):  # no server to tell: the marker
                    self._load.stop()  # stays "loading" without a heartbeat: unfinished
                    self._load = None
                    if self._writer is not None:
                        self._writer.close(cancel=True, timeout=30)
                        self._writer = None
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
        with self._lost(), self._session() as s:
            s.execute_write(claim_load, self.uri, token)
        self._load = Load(self._session, token)
        self._fresh = Fresh()

    def end_load(self) -> None:
        """Mark the load begun by :meth:`begin_load` done (once its writes are in); nothing
        if none was begun."""
        if self._load is not None:
            self._settle()
            self._end_load(DONE)

    def _end_load(self, state: str) -> None:
        load, self._load = self._load, None
        if load is None:
            return
        self._fresh = Fresh()
        writer, self._writer = self._writer, None
        if writer is not None:  # settled already if the load is done; else drop the rest
            writer.close(cancel=True, timeout=None if state == DONE else 30)
        load.stop()
        with self._lost(), self._session() as s:
            s.execute_write(finish_load, load.token, state)

    def _settle(self) -> None:
        """Wait until the load's background writes are done (raising what stopped them):
        whatever the store does next sees them."""
        if self._writer is not None:
            self._writer.flush()

    def _session(self) -> Any:
        return self._driver.session(database=self.database)

    @contextlib.contextmanager
    def _lost(self) -> Iterator[None]:
        with lost(self.uri):
            yield

    def _execute_read(self, work: Callable[[Any], Any]) -> Any:
        """``work(tx)`` in a read transaction, once more on a new driver when the driver
        broke its connection (:mod:`pbgraph.stores.neo4j_lost`)."""
        return execute_read(self.uri, self._session, self._renew, work)

    def _renew(self) -> None:
        self._driver.close()
        self._driver = self._connect()

    def _loading(self) -> Load:
        """The load this object runs (begun now if need be; inside :meth:`transaction`)."""
        if self._load is None:
            self.begin_load()
        assert self._load is not None
        return self._load

    def _write(self, query: str, rows: list[list[Any]], *, together: bool = False) -> None:
        self._settle()
        if self._depth and self._load is None:
            self.begin_load()
        with self._lost(), self._session() as s:
            for batch in batches(rows, self.batch_size, together):
                s.execute_write(_run_rows, query, batch)

    def _write_slice(self, query: str, rows: list[list[Any]]) -> None:
        """One transaction of the background writer (its own session)."""
        with self._lost(), self._session() as s:
            s.execute_write(_run_rows, query, rows)

    def _queue(self, jobs: list[Job]) -> None:
        """Hand write jobs to the load's background writer, a transaction per slice."""
        if self._writer is None:
            self._writer = Writer(self._write_slice)
        for query, rows, together in jobs:
            for batch in batches(rows, self.batch_size, together):
                self._writer.put(query, batch)

    def _own(self, label: str) -> dict[Any, Mapping[str, Any]] | None:
        """Inside a load, the nodes of a label it found empty (all it has written there, in
        memory; a label asked for the first time is counted now); else None."""
        if self._load is None:
            return None
        return self._fresh.label(label, self._count)

    def _count(self, label: str) -> int:
        """How many nodes of a label the server holds (no wait for the writer: asked only
        for a label none of the load's writes has touched yet)."""
        n = node_type(label)
        count: int = self._execute_read(
            lambda tx: tx.run(cypher.count_nodes(n)).single(strict=True)[0]
        )
        return count

    def _read(self, query: str, **params: Any) -> list[list[Any]]:
        """Rows of one query, unchecked (the benchmark's Cypher, the server's version)."""

        def work(tx: Any) -> list[list[Any]]:
            return [r.values() for r in tx.run(query, **params)]

        self._settle()
        return self._execute_read(work)

    # -- the load marker, checked by every read --------------------------------------------
    def _marker(self, tx: Any) -> Any:
        """The load marker, checked: raises :class:`StoreError` unless the last load finished
        (or this object is the one loading)."""
        return check_marker(tx, self.uri, own=bool(self._depth))

    def _same_load(self, tx: Any, before: Any) -> None:
        """At the end of a read: raise if a load wrote meanwhile (not inside this object's
        own load)."""
        if not self._depth:
            check_same_load(tx, self.uri, before)

    def _checked_read(self, read: Callable[[Any], Any]) -> Any:
        """``read(tx)`` in one read transaction, the load marker checked before and after."""

        def work(tx: Any) -> Any:
            before = self._marker(tx)
            out = read(tx)
            self._same_load(tx, before)
            return out

        self._settle()
        return self._execute_read(work)

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
        node_columns(n, rows)  # raises for a property outside the schema, a missing key
        with self.transaction():
            self._loading()
            self._settle()
            jobs = node_jobs(self._fresh, n, by_key(rows, itemgetter(n.key), {n.key}), self._count)
            for query, values, together in jobs:
                self._write(query, values, together=together)
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
        rel_columns(rel, rows)  # raises for a property outside the schema, a missing end
        with self.transaction():
            self._loading()
            self._settle()
            pairs = by_key(rows, itemgetter("start", "end"), {"start", "end"})
            for query, values, together in rel_jobs(self._fresh, rel, pairs, self._count):
                self._write(query, values, together=together)
        return len(rows)

    def write_batch(
        self,
        nodes: Mapping[str, Mapping[str, Mapping[str, Any]]],
        rels: Mapping[RelType, Mapping[tuple[str, str], Mapping[str, Any]]],
    ) -> None:
        """Write a loader's batch: ``nodes`` is ``{label: {key: properties}}``, ``rels`` is
        ``{type: {(start, end): properties}}`` (as the embedded store's ``write_batch``).

        The graph it leaves is the one :meth:`upsert_nodes` for each label and then
        :meth:`upsert_rels` for each type would; the writes are queued for the load's
        background writer (:mod:`pbgraph.stores.neo4j_bulk`) and this returns while the
        server writes. A later read, write or the end of the load waits for them, and
        raises what stopped them. Inside :meth:`transaction`, else a load of its own.
        """
        for r in rels:
            if r not in RELS:
                raise StoreError(f"{r.name} is not a relationship of the schema")
        with self.transaction():
            self._loading()
            jobs: list[Job] = []
            for label, rows in nodes.items():
                if rows:
                    jobs += node_jobs(self._fresh, node_type(label), rows, self._count)
            for r, pairs in rels.items():
                if pairs:
                    jobs += rel_jobs(self._fresh, r, pairs, self._count)
            self._queue(jobs)

    def replace_results(
        self,
        analysis: str,
        run: Mapping[str, Any],
        rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
    ) -> None:
        """Replace the previous results of ``analysis`` by this run (see the embedded store),
        in one transaction: a write-back killed part-way leaves the previous run whole."""
        writes = result_writes(analysis, run, rels)
        self._settle()

        def work(tx: Any) -> None:
            tx.run(cypher.delete_runs(), analysis=analysis).consume()
            for query, values in writes:
                for batch in batches(values, self.batch_size, False):
                    tx.run(query, rows=batch).consume()

        with self._lost(), self._session() as s:
            s.execute_write(work)

    def results(self, analysis: str) -> list[dict[str, Any]]:
        """The written-back results of ``analysis``: one dict per result relationship."""
        result: list[dict[str, Any]] = self._checked_read(partial(read_results, analysis=analysis))
        return result

    # -- the pseudonym key: its fingerprint only ---------------------------------------------
    # -- reads ---------------------------------------------------------------------------

    def keys(self, label: str) -> set[str]:
        n = node_type(label)
        known = self._own(label)
        if known is not None:  # the load's own new label: all of it is in memory
            return set(known)
        keys: set[str] = self._checked_read(
            lambda tx: {row[0] for page in node_pages(tx, n, ()) for row in page}
        )
        return keys

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        """``(key, value)`` of one property for every node of ``label``."""
        n = node_type(label)
        n.prop(prop)  # raises for a property outside the schema
        known = self._own(label)
        if known is not None:  # the load's own new label, in key order as the server's
            if prop == n.key:
                return [(k, k) for k in sorted(known)]
            return [(k, known[k].get(prop)) for k in sorted(known)]
        if prop == n.key:
            read = lambda tx: [(r[0], r[0]) for page in node_pages(tx, n, ()) for r in page]  # noqa: E731
        else:
            read = lambda tx: [(r[0], r[1]) for page in node_pages(tx, n, (prop,)) for r in page]  # noqa: E731
        values: list[tuple[str, Any]] = self._checked_read(read)
        return values

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and of relationships per relationship name."""
        counts: dict[str, int] = self._checked_read(read_counts)
        return counts

    def graph(self) -> nx.MultiDiGraph:
        """The whole ledger graph as a networkx ``MultiDiGraph`` (same shape as embedded).

        One read transaction (the load marker checked at its start and end) is read page by
        page by a background thread while the graph is built from the pages
        (:func:`pbgraph.stores.neo4j_read.read_graph`).
        """
        self._settle()
        with self._lost():
            return read_graph(self._session, self.uri, self._marker, self._same_load)

    def tables(
        self,
        labels: Collection[str] | None = None,
        rels: Collection[str] | None = None,
        props: Mapping[str, Collection[str]] | None = None,
        *,
        where: Mapping[str, str] | None = None,
    ) -> Tables:
        """The projection's tables, read as columns with no graph: only the labels,
        relationship types and properties asked for (see
        :func:`pbgraph.stores.sqlite_tables.select`; :class:`StoreError` for a name outside
        the schema), in one read transaction with the load marker checked at its start and
        end. Nodes come in key order and relationships by start key, then end key, as the
        embedded store reads them (:func:`pbgraph.stores.neo4j_read.read_tables`).
        ``where``: one partition only (:mod:`pbgraph.stores.partition`)."""
        from .sqlite_tables import select

        node_props, rel_types = select(labels, rels, props)
        if where is not None:
            from .neo4j_read import read_partition

            part: Tables = self._checked_read(
                partial(read_partition, where=where, node_props=node_props, rel_types=rel_types)
            )
            return part
        tables: Tables = self._checked_read(
            partial(read_tables, node_props=node_props, rel_types=rel_types, uri=self.uri)
        )
        return tables

    def clear(self) -> None:
        """Delete everything, the meta nodes too (tests and benchmarks, on a scratch
        database)."""
        self._settle()
        with self._lost(), self._session() as s:
            s.run(cypher.delete_all()).consume()


def _run_rows(tx: Any, query: str, rows: list[list[Any]]) -> None:
    tx.run(query, rows=rows).consume()
