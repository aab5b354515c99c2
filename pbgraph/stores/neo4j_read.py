"""Reading the graph back from Neo4j, a page at a time.

Internal to :class:`pbgraph.stores.neo4j.Neo4jStore` (nothing here is API). What makes a read
of a city quick, measured on it (``benchmarks/neo4j_bench.py``): reads return one list per
page of 50 000 nodes (in key order, from the key's index) instead of a record per node: the
driver's per-record work was most of a read; relationships are read per type with keys only;
the pages are fetched by a background thread while the graph is being built, so the server's
work and Python's overlap; Python's cyclic garbage collector is paused while the graph is
built.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

import networkx as nx

from ..errors import StoreError
from ..graphmodel.projection import build_graph
from ..graphmodel.schema import NODES, RELS, RESULT_RELS, NodeType, RelType
from . import cypher

PAGE = 50_000  # nodes per read page (bounded memory on both sides)


class Pages:
    """Pages of rows read by a background thread, handed over in order.

    ``read(put)`` runs in the thread and hands over every page with ``put(page)``, ending each
    section with ``put(Pages.END)``; ``put`` returns False once the consumer has stopped.
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


def node_pages(tx: Any, n: NodeType, props: Sequence[str] | None = None) -> Iterator[list[Any]]:
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


def rel_pages(tx: Any, r: RelType) -> Iterator[list[Any]]:
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


def node_rows(
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


def rel_rows(
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


def read_counts(tx: Any) -> dict[str, int]:
    """Number of nodes per label and of relationships per relationship name."""
    out: dict[str, int] = {}
    for n in NODES.values():
        out[n.label] = tx.run(cypher.count_nodes(n)).single(strict=True)[0]
    for r in RELS:
        out[r.name] = tx.run(cypher.count_rels(r)).single(strict=True)[0]
    return out


def read_results(tx: Any, analysis: str) -> list[dict[str, Any]]:
    """The written-back results of ``analysis``: one dict per result relationship."""
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


def read_graph(
    session: Callable[[], Any],
    uri: str,
    before: Callable[[Any], Any],
    after: Callable[[Any, Any], None],
) -> nx.MultiDiGraph:
    """The whole ledger graph, read in one read transaction of a ``session()``.

    ``before(tx)`` checks the load marker at the start and returns it, ``after(tx, marker)``
    checks it again at the end. The transaction is read page by page by a background
    thread while :func:`build_graph` consumes the pages; Python's cyclic garbage collector
    is paused meanwhile (it would walk the millions of new dicts again and again, and none
    of them are garbage).
    """
    node_types = list(NODES.values())

    def read(put: Callable[[Any], bool]) -> None:
        handed = False

        def work(tx: Any) -> None:
            nonlocal handed
            if handed:  # a retry of the driver's after pages were used: start over
                raise StoreError(f"reading from Neo4j at {uri} was interrupted; run this again")
            marker = before(tx)
            sections = [partial(node_pages, n=n) for n in node_types]
            sections += [partial(rel_pages, r=r) for r in RELS]
            for fetch in sections:
                for page in fetch(tx):
                    handed = True
                    if not put(page):
                        return
                if not put(Pages.END):
                    return
            after(tx, marker)

        with session() as s:
            s.execute_read(work)

    pages = Pages(read)
    collecting = gc.isenabled()
    gc.disable()
    try:
        G = build_graph(
            ((n.label, node_rows(n, pages.section())) for n in node_types),
            ((r, rel_rows(r, pages.section())) for r in RELS),
        )
        pages.finish()
        return G
    finally:
        pages.close()
        if collecting:
            gc.enable()
