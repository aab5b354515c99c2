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
  relationships are read per type with keys only; the pages are fetched by two background
  threads (nodes, relationships) while the graph is being built, so the server's work and
  Python's overlap; Python's cyclic garbage collector is paused while the graph is built.

The driver is faster again with ``neo4j-rust-ext`` installed (same API, encoding and decoding
in Rust).
"""

from __future__ import annotations

import contextlib
import gc
import json
import queue
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import Any

import networkx as nx

from ..errors import StoreError, StoreUnreachableError
from . import cypher
from .projection import build_graph
from .schema import NODES, RELS, RESULT_NODES, RESULT_RELS, NodeType, RelType
from .store import _node_type

__all__ = ["Neo4jStore", "DEFAULT_LOCAL_PASSWORD"]

DEFAULT_LOCAL_PASSWORD = "pbgraph-local"  # the password `pbgraph neo4j start` sets
BATCH = 5_000  # rows per write transaction
PAGE = 50_000  # nodes per read page (bounded memory on both sides)

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
    """Pages of rows read by a background thread (with its own session), handed over in order.

    Each of ``sections`` is a function that yields the pages of one section given a session.
    While the consumer builds the graph from one page the thread already waits for the
    server's next one (a socket wait releases the GIL). At most ``depth`` pages wait.
    """

    _END = object()

    def __init__(
        self,
        session: Callable[[], Any],
        sections: Sequence[Callable[[Any], Iterator[list[Any]]]],
        depth: int = 3,
    ) -> None:
        self._q: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(session, sections), name="pbgraph-neo4j-read", daemon=True
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

    def _run(self, session: Callable[[], Any], sections: Sequence[Any]) -> None:
        try:
            with session() as s:
                for fetch in sections:
                    for page in fetch(s):
                        if not self._put(page):
                            return
                    if not self._put(self._END):
                        return
        except BaseException as e:  # handed to the consumer, raised there
            self._put(e)

    def section(self) -> Iterator[list[Any]]:
        """The pages of the next section."""
        while True:
            item = self._q.get()
            if item is self._END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


class Neo4jStore:
    """A store in a Neo4j database (5.x or later)."""

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

        self.uri, self.database, self.batch_size = uri, database or None, batch_size
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password or DEFAULT_LOCAL_PASSWORD),
                notifications_min_severity="OFF",  # "unknown label" hints on an empty store
                max_transaction_retry_time=10.0,  # a server that is gone is reported soon
            )
        except (ConfigurationError, ValueError) as e:
            raise StoreError(f"bad Neo4j URI {uri!r}: {e}") from None
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
        self._driver.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Batches commit one by one; a rerun of an interrupted load completes it."""
        yield

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

        with self._lost(), self._session() as s:
            for batch in _batches(rows, self.batch_size, together):
                s.execute_write(work, batch)

    def _read(self, query: str, **params: Any) -> list[list[Any]]:
        def work(tx: Any) -> list[list[Any]]:
            return [r.values() for r in tx.run(query, **params)]

        with self._lost(), self._session() as s:
            return s.execute_read(work)

    def _create(self) -> None:
        with self._session() as s:
            for q in cypher.constraints():
                s.run(q).consume()
            s.execute_write(
                lambda tx: tx.run(cypher.init_secret(), value=secrets.token_hex(32)).consume()
            )

    # -- writes --------------------------------------------------------------------------
    def upsert_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update nodes by key. A ``None`` value never overwrites a stored one."""
        n = _node_type(label)
        if not rows:
            return 0
        present: set[str] = set().union(*rows)
        unknown = present - set(n.prop_names)
        if unknown:
            raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
        if n.key not in present or any(r.get(n.key) is None for r in rows):
            raise StoreError(f"rows lack the key {n.key!r}")
        cols = [n.key, *(c for c in n.prop_names if c in present and c != n.key)]
        self._write(cypher.merge_nodes(n, cols), _values(rows, cols))
        return len(rows)

    def upsert_rels(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update relationships by (start, end); create missing endpoints by key.

        For a ``single`` type, the start node's other relationship of the type is replaced.
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
        self._write(cypher.merge_rels(rel, cols[2:]), _values(rows, cols), together=rel.single)
        return len(rows)

    def replace_results(
        self,
        analysis: str,
        run: Mapping[str, Any],
        rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
    ) -> None:
        """Replace the previous results of ``analysis`` by this run (see the embedded store)."""
        with self._session() as s:
            s.execute_write(lambda tx: tx.run(cypher.delete_runs(), analysis=analysis).consume())
        node = RESULT_NODES["AnalysisRun"]
        row = {
            **run,
            "analysis": analysis,
            "params": json.dumps(run.get("params", {}), ensure_ascii=False),
        }
        self._write(cypher.merge_nodes(node), _values([row], node.prop_names))
        for r, rows in rels.items():
            if r not in RESULT_RELS:
                raise StoreError(f"{r.name} is not a result relationship of the schema")
            cols = ["start", "end", *(p.name for p in r.props)]
            self._write(cypher.merge_rels(r), _values(rows, cols))

    def results(self, analysis: str) -> list[dict[str, Any]]:
        """The written-back results of ``analysis``: one dict per result relationship."""
        out = []
        for r in RESULT_RELS:
            names = [p.name for p in r.props]
            for run_id, end, *props in self._read(cypher.read_results(r), analysis=analysis):
                out.append(
                    {
                        "run": run_id,
                        "type": r.type,
                        "end": end,
                        **dict(zip(names, props, strict=True)),
                    }
                )
        return out

    # -- reads ---------------------------------------------------------------------------
    def secret(self) -> bytes:
        rows = self._read(cypher.read_secret())
        return bytes.fromhex(rows[0][0])

    def keys(self, label: str) -> set[str]:
        n = _node_type(label)
        with self._lost(), self._session() as s:
            return {row[0] for page in self._node_pages(s, n, ()) for row in page}

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        """``(key, value)`` of one property for every node of ``label``."""
        n = _node_type(label)
        n.prop(prop)  # raises for a property outside the schema
        with self._lost(), self._session() as s:
            if prop == n.key:
                return [(row[0], row[0]) for page in self._node_pages(s, n, ()) for row in page]
            return [(row[0], row[1]) for page in self._node_pages(s, n, (prop,)) for row in page]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for n in NODES.values():
            out[n.label] = self._read(cypher.count_nodes(n))[0][0]
        for r in RELS:
            out[r.name] = self._read(cypher.count_rels(r))[0][0]
        return out

    def _node_pages(
        self, s: Any, n: NodeType, props: Sequence[str] | None = None
    ) -> Iterator[list[list[Any]]]:
        """Every node of a label, a page at a time: lists ``[key, values of props…]``."""
        first, after = cypher.read_node_page(n, props, first=True), None
        rest = cypher.read_node_page(n, props, first=False)
        while True:
            q = first if after is None else rest
            rows = s.execute_read(
                lambda tx, q=q, a=after: tx.run(q, after=a, page=PAGE).single(strict=True)[0]
            )
            if rows:
                yield rows
            if len(rows) < PAGE:
                return
            after = rows[-1][0]

    def _rel_pages(self, s: Any, r: RelType) -> Iterator[list[list[Any]]]:
        """Every relationship of a type, by pages of start nodes: ``[start, end, props…]``."""
        first, after = cypher.read_rel_page(r, first=True), None
        rest = cypher.read_rel_page(r, first=False)
        while True:
            q = first if after is None else rest
            n, after, rows = s.execute_read(
                lambda tx, q=q, a=after: tx.run(q, after=a, page=PAGE).single(strict=True).values()
            )
            if rows:
                yield rows
            if n < PAGE:
                return

    def graph(self) -> nx.MultiDiGraph:
        """The whole ledger graph as a networkx ``MultiDiGraph`` (same shape as embedded).

        Pages are read by two background threads (nodes, relationships) while
        :func:`build_graph` consumes them; Python's cyclic garbage collector is paused meanwhile (it would walk the millions of
        new dicts again and again, and none of them are garbage).
        """
        node_types = list(NODES.values())
        # Two readers, so that the server reads relationships while Python builds nodes.
        node_pages = _Pages(
            self._session, [partial(self._node_pages, n=n) for n in node_types], depth=3
        )
        rel_pages = _Pages(self._session, [partial(self._rel_pages, r=r) for r in RELS], depth=64)
        collecting = gc.isenabled()
        gc.disable()
        try:
            with self._lost():
                return build_graph(
                    ((n.label, _node_rows(n, node_pages.section())) for n in node_types),
                    ((r, _rel_rows(r, rel_pages.section())) for r in RELS),
                )
        finally:
            node_pages.close()
            rel_pages.close()
            if collecting:
                gc.enable()

    def clear(self) -> None:
        """Delete everything (tests and benchmarks use this on a scratch database)."""
        with self._session() as s:
            s.run(cypher.delete_all()).consume()
            s.execute_write(
                lambda tx: tx.run(cypher.init_secret(), value=secrets.token_hex(32)).consume()
            )


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
