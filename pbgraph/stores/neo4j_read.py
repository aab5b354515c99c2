"""Reading the graph back from Neo4j, a page at a time.

Internal to :class:`pbgraph.stores.neo4j.Neo4jStore` (nothing here is API). What makes a read
of a city quick, measured on it (``benchmarks/neo4j_bench.py``): reads return one list per
page of 50 000 nodes (in key order, from the key's index) instead of a record per node: the
driver's per-record work was most of a read; relationships are read per type with keys only;
the pages are fetched by a background thread while the graph is being built, so the server's
work and Python's overlap; Python's cyclic garbage collector is paused while the graph is
built.

The projection's tables (:func:`read_tables`) are read as columns instead, with no graph:
per label, pages of flat lists (internal ids, keys, then each property asked for) cut
apart on the server; per relationship type, pages of start and end node ids, which
Python places in key order. Measured on the city's 500 000 organizations: flat lists are
what the driver's Rust extension decodes fastest (a record per node cost 20 s of Python,
one list of rows per page about 1 s, columns 0.4 s); the server's work is reading
properties, so a map projection reads each node's in one walk and relationships return
node ids instead of the end node's key (COVERS: 0.7 s of server CPU instead of 1.2).
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any

import networkx as nx
import numpy as np

from ..errors import StoreError
from ..graphmodel.projection import build_graph
from ..graphmodel.schema import NODES, RELS, RESULT_RELS, NodeType, RelType
from ..graphmodel.tables import Tables, column_tables
from . import cypher
from .partition import KeySets, induced, resolve
from .partition import select as select_partition

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


def node_columns(
    tx: Any, n: NodeType, props: Sequence[str]
) -> tuple[list[int], list[Any], list[list[Any]]]:
    """Every node of a label in key order, as columns: internal ids, keys and one list per
    property of ``props`` (``None`` where a node has none), read a page at a time."""
    first, after = cypher.read_node_columns(n, props, first=True), None
    rest = cypher.read_node_columns(n, props, first=False)
    ids: list[int] = []
    keys: list[Any] = []
    cols: list[list[Any]] = [[] for _ in props]
    while True:
        q = first if after is None else rest
        page_ids, page_keys, *page_cols = tx.run(q, after=after, page=PAGE).single(strict=True)
        ids += page_ids
        keys += page_keys
        for col, values in zip(cols, page_cols, strict=True):
            col += values
        if len(page_keys) < PAGE:
            return ids, keys, cols
        after = page_keys[-1]


def rel_columns(tx: Any, r: RelType) -> tuple[list[int], list[int]]:
    """Internal ids of the start and end nodes of every relationship of a type, read by
    pages of start nodes."""
    first, after = cypher.read_rel_columns(r, first=True), None
    rest = cypher.read_rel_columns(r, first=False)
    starts: list[int] = []
    ends: list[int] = []
    while True:
        q = first if after is None else rest
        n, after, page_starts, page_ends = tx.run(q, after=after, page=PAGE).single(strict=True)
        starts += page_starts
        ends += page_ends
        if n < PAGE:
            return starts, ends


def _positions(ids: list[int], where: dict[int, int], uri: str) -> np.ndarray:
    """Positions of node ids in their label's table."""
    try:
        return np.fromiter(map(where.__getitem__, ids), dtype=np.int64, count=len(ids))
    except KeyError:  # a node written by something else than a load, while reading
        raise StoreError(
            f"读取时 {uri} 中的图被改动了，请重新运行 (the graph in {uri} changed while it was "
            "read; run this again)"
        ) from None


def read_tables(
    tx: Any,
    node_props: Mapping[str, Sequence[str]],
    rel_types: Iterable[RelType],
    uri: str,
) -> Tables:
    """Column-backed tables (:func:`pbgraph.graphmodel.tables.column_tables`) of the labels
    ``node_props`` names, with its properties for each (the key aside), and of
    ``rel_types``, in the transaction ``tx``: nodes in key order, relationships by start
    key, then end key (the embedded store's orders, so that nothing an analysis does can
    tell the stores apart). Relationships come as node ids, placed in key order here."""
    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    where: dict[str, dict[int, int]] = {}
    for label, props in node_props.items():
        n = NODES[label]
        names = [p for p in props if p != n.key]
        ids, keys, cols = node_columns(tx, n, names)
        nodes[label] = (keys, dict(zip(names, cols, strict=True)))
        where[label] = dict(zip(ids, range(len(ids)), strict=True))
    pairs: dict[str, tuple[list[str], list[str]]] = {}
    positions: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for r in rel_types:
        starts, ends = rel_columns(tx, r)
        s = _positions(starts, where[r.start], uri)
        e = _positions(ends, where[r.end], uri)
        order = np.lexsort((e, s))  # by start key, then end key: positions are in key order
        s, e = s[order], e[order]
        s_keys, e_keys = nodes[r.start][0], nodes[r.end][0]
        pairs[r.name] = (
            list(map(s_keys.__getitem__, s.tolist())),
            list(map(e_keys.__getitem__, e.tolist())),
        )
        positions[r.name] = (s.astype(np.int64, copy=False), e.astype(np.int64, copy=False))
    return column_tables(nodes, pairs, positions)  # positions known: no key lookups again


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
                raise StoreError(
                    f"读取 {uri} 上的 Neo4j 时被中断，请重新运行 (reading from Neo4j at {uri} was "
                    "interrupted; run this again)"
                )
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


class _Reached(set[str]):
    """Keys found by following the partition's rules from its root, with the Cypher that
    finds them again (``pattern`` binds ``a`` to exactly these nodes; ``params`` its
    values): a step from them traverses the graph from the root rather than looking every
    key up (a city of 500 000 organizations: eight steps from its organizations were four
    million index lookups). Set operations give plain sets (no pattern)."""

    pattern: str = ""
    params: dict[str, Any]

    @classmethod
    def of(cls, keys: Iterable[str], pattern: str, params: dict[str, Any]) -> _Reached:
        out = cls(keys)
        out.pattern, out.params = pattern, params
        return out


class _Finder(KeySets):
    """:class:`pbgraph.stores.partition.Finder` of a read transaction (labels and types from
    the schema, values as parameters)."""

    def __init__(self, tx: Any) -> None:
        self.tx = tx

    def regions(self, code: str, name: str) -> list[tuple[str, str | None]]:
        q = "MATCH (r:`Region`) WHERE r.`code` = $code OR r.`name` = $name RETURN r.`code`, r.`level`"
        return [(c, lv) for c, lv in self.tx.run(q, code=code, name=name).values()]

    def under(self, code: str) -> list[str]:
        where = "MATCH (a:`Region`) WHERE a.`code` = $root OR a.`code` STARTS WITH $prefix"
        params = {"root": code, "prefix": code + "/"}
        codes: list[str] = self.tx.run(f"{where} RETURN collect(a.`code`)", params).single(
            strict=True
        )[0]
        return _Reached.of(codes, where, params)  # type: ignore[return-value]

    def keys(self, label: str, keys: Iterable[str]) -> set[str]:
        return keys if isinstance(keys, _Reached) else set(keys)

    def step(self, r: RelType, side: str, keys: Iterable[str]) -> set[str]:
        cypher._rel(r)  # a type of the schema: its names may be spliced in
        this, other = (NODES[r.start], NODES[r.end])
        if side != "start":
            this, other = other, this
        if isinstance(keys, _Reached) and keys.pattern:
            rel = (f"(a)-[:`{r.type}`]->(b:`{other.label}`)" if side == "start"
                   else f"(b:`{other.label}`)-[:`{r.type}`]->(a)")  # fmt: skip
            q = f"{keys.pattern} MATCH {rel} RETURN collect(DISTINCT b.`{other.key}`)"
            found = self.tx.run(q, keys.params).single(strict=True)[0]
            return _Reached.of(found, f"{keys.pattern} MATCH {rel} WITH DISTINCT b AS a",
                               keys.params)  # fmt: skip
        pattern = (
            f"(a:`{this.label}` {{`{this.key}`: k}})-[:`{r.type}`]->(b:`{other.label}`)"
            if side == "start"
            else f"(b:`{other.label}`)-[:`{r.type}`]->(a:`{this.label}` {{`{this.key}`: k}})"
        )
        q = f"UNWIND $keys AS k MATCH {pattern} RETURN collect(DISTINCT b.`{other.key}`)"
        out: set[str] = set()
        ordered = sorted(keys)
        for i in range(0, len(ordered), PAGE):
            out.update(self.tx.run(q, keys=ordered[i : i + PAGE]).single(strict=True)[0])
        return out


def _partition_nodes(tx: Any, n: NodeType, props: Sequence[str], keys: set[str]) -> Any:
    """The nodes ``keys`` of a label, in key order, as columns (keys, one list per prop)."""
    names = cypher._others(cypher._node(n), props)  # of the schema: may be spliced in
    project = ", ".join(f".`{p}`" for p in names)
    values = "".join(f", m.`{p}`" for p in names)
    q = (
        f"UNWIND $keys AS k MATCH (n:`{n.label}` {{`{n.key}`: k}})\n"
        + (f"WITH n, n {{{project}}} AS m\n" if names else "")
        + f"RETURN collect([n.`{n.key}`{values}])"
    )
    ordered = sorted(keys)
    rows: list[list[Any]] = []
    for i in range(0, len(ordered), PAGE):
        rows += tx.run(q, keys=ordered[i : i + PAGE]).single(strict=True)[0]
    rows.sort(key=lambda row: row[0])
    cols = {p: [row[j + 1] for row in rows] for j, p in enumerate(names)}
    return [row[0] for row in rows], cols


def _partition_rels(tx: Any, r: RelType, starts: set[str], ends: set[str]) -> Any:
    """The relationships of ``r`` between ``starts`` and ``ends``, by start then end key."""
    s, e = NODES[cypher._rel(r).start], NODES[r.end]
    q = (
        f"UNWIND $keys AS k MATCH (a:`{s.label}` {{`{s.key}`: k}})-[:`{r.type}`]->"
        f"(b:`{e.label}`) RETURN collect(a.`{s.key}`), collect(b.`{e.key}`)"
    )
    ordered = sorted(starts)
    pairs: list[tuple[str, str]] = []
    for i in range(0, len(ordered), PAGE):
        a, b = tx.run(q, keys=ordered[i : i + PAGE]).single(strict=True)
        pairs += zip(a, b, strict=True)
    return induced(pairs, starts, ends)


def read_partition(
    tx: Any,
    where: Mapping[str, Any],
    node_props: Mapping[str, Sequence[str]],
    rel_types: Iterable[RelType],
) -> Tables:
    """Column-backed tables of one partition (``where``: :mod:`pbgraph.stores.partition`)
    in the transaction ``tx``: the labels, properties and relationship types asked for,
    restricted to the partition's nodes, in the orders :func:`read_tables` gives."""
    find = _Finder(tx)
    sel = select_partition(resolve(where, find), find)
    nodes = {
        label: _partition_nodes(tx, NODES[label], props, sel[label])
        for label, props in node_props.items()
    }
    pairs = {r.name: _partition_rels(tx, r, sel[r.start], sel[r.end]) for r in rel_types}
    return column_tables(nodes, pairs)
