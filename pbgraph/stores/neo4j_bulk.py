"""A load's writes into Neo4j: planned in the loader's thread, run by a background one.

Internal to :class:`pbgraph.stores.neo4j.Neo4jStore` (nothing here is API). What makes a
load of a city quick, measured on it (docs/stores.md, ``benchmarks/neo4j_bench.py``):

* **the loader and the server work at once**: a loader's batch
  (:meth:`Neo4jStore.write_batch`) is planned into write statements and handed to a
  :class:`Writer`, one thread that runs them in order, one transaction per slice of rows,
  while the loader builds its next batch. Anything else the store does (a read, a sync
  write, the end of the load) waits for the writer to finish first and raises what
  stopped it;
* **what the load knows is new is created, not merged**: a label the load finds empty the
  first time it touches it (Neo4j counts a label's nodes at no cost) holds only what this
  load writes, so the load keeps those nodes in memory (:class:`Fresh`, their properties as
  merged so far): a key it has not written yet is new (``CREATE``, no lookup, no lock on the
  key's index entry before the write), a missing relationship end of such a label is created
  once by key before the relationships, and a relationship from one of its nodes that this
  load has not written yet is created too (``MATCH`` its ends, ``CREATE``). The loader's
  reads of such a label (keys, a property by key) are answered from memory, so they neither
  wait for the writer nor ask the server. Everything else is merged, so a second load of
  the same ledgers (which finds the labels full) changes nothing;
* rows travel as lists, built column-wise from the batch (no dict per row), 20 000 to a
  transaction.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..errors import StoreError
from ..graphmodel.schema import NODES, NodeType, RelType
from . import cypher
from .neo4j_load import NATIVE, plain

#: a write statement and its rows; ``together``: rows with the same start in one slice
Job = tuple[str, list[list[Any]], bool]


class Fresh:
    """What a load knows of the labels it found empty: every node of such a label is one it
    wrote (or is writing), with its properties as merged so far (a ``None`` never
    overwrites a value), and the relationships it wrote, by start."""

    def __init__(self) -> None:
        self.seen: set[str] = set()  # labels counted by this load
        self.nodes: dict[str, dict[Any, Mapping[str, Any]]] = {}  # the empty ones, filled
        self.linked: dict[str, set[Any]] = {}  # start keys written, by relationship name

    def label(self, label: str, count: Callable[[str], int]) -> dict[Any, Mapping[str, Any]] | None:
        """The nodes of ``label`` if the load found it empty, else None. ``count`` is asked
        once per label, before any write of the load touches it."""
        if label not in self.seen:
            self.seen.add(label)
            if not count(label):
                self.nodes[label] = {}
        return self.nodes.get(label)

    def known(self, label: str) -> dict[Any, Mapping[str, Any]] | None:
        """The nodes of ``label`` if the load found it empty (None: ask the server)."""
        return self.nodes.get(label)


def lists(items: Iterable[tuple[Any, Mapping[str, Any]]], cols: list[str]) -> list[list[Any]]:
    """Rows ``[key, value of each of cols…]`` from ``(key, properties)``; a key may be a
    tuple (a relationship's start and end: ``[start, end, values…]``). Dates (anything with
    ``isoformat``) become ISO strings, as the embedded store keeps them; the types are
    checked column by column, not row by row."""
    rows = [
        [*k, *map(p.get, cols)] if isinstance(k, tuple) else [k, *map(p.get, cols)]
        for k, p in items
    ]
    if rows:
        for i, col in enumerate(zip(*rows, strict=True)):
            if not NATIVE.issuperset(set(map(type, col))):
                for r in rows:
                    r[i] = plain(r[i])
    return rows


def present(rows: Iterable[Mapping[str, Any]]) -> set[str]:
    """The property names that have a value in any row."""
    out: set[str] = set()
    for p in rows:
        if not out.issuperset(p):
            out.update(k for k, v in p.items() if v is not None)
    return out


def node_jobs(
    fresh: Fresh, n: NodeType, rows: Mapping[Any, Mapping[str, Any]], count: Callable[[str], int]
) -> list[Job]:
    """The writes of ``rows`` (``{key: properties}``) of label ``n``: created where the
    load knows the key is new, merged otherwise."""
    names = present(rows.values())
    unknown = names - set(n.prop_names)
    if unknown:
        raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
    cols = [c for c in n.prop_names if c in names and c != n.key]
    known = fresh.label(n.label, count)
    if known is None:
        return [(cypher.merge_nodes(n, cols), lists(rows.items(), cols), False)]
    new = [(k, p) for k, p in rows.items() if k not in known]
    old = [(k, p) for k, p in rows.items() if k in known]
    for k, p in old:
        known[k] = {**known[k], **{c: v for c, v in p.items() if v is not None}}
    known.update(new)
    jobs: list[Job] = []
    if new:
        jobs.append((cypher.create_nodes(n, cols), lists(new, cols), False))
    if old:
        jobs.append((cypher.merge_nodes(n, cols), lists(old, cols), False))
    return jobs


def rel_jobs(
    fresh: Fresh,
    r: RelType,
    rows: Mapping[tuple[Any, Any], Mapping[str, Any]],
    count: Callable[[str], int],
) -> list[Job]:
    """The writes of ``rows`` (``{(start, end): properties}``) of ``r``: the missing ends
    of labels the load found empty created by key; relationships from a node of such a
    label that the load has not linked by ``r`` yet created (they cannot exist); the rest
    merged (for a ``single`` type, with the start's other relationship deleted)."""
    names = present(rows.values())
    allowed = [p.name for p in r.props]
    if not names.issubset(allowed):
        raise StoreError(f"properties not in the schema: {sorted(names - set(allowed))}")
    cols = [c for c in allowed if c in names]
    jobs: list[Job] = []
    ends: dict[str, set[Any]] = {}
    ends.setdefault(r.start, set()).update(s for s, _ in rows)
    ends.setdefault(r.end, set()).update(e for _, e in rows)
    for label, keys in ends.items():
        known = fresh.label(label, count)
        if known is not None:
            missing = sorted(k for k in keys if k not in known)
            if missing:
                known.update((k, {}) for k in missing)
                jobs.append((cypher.create_nodes(NODES[label], []), [[k] for k in missing], False))
    starts_new = fresh.known(r.start) is not None
    ends_exist = fresh.known(r.end) is not None
    linked = fresh.linked.setdefault(r.name, set())
    if starts_new:
        new = [(k, p) for k, p in rows.items() if k[0] not in linked]
        rest = [(k, p) for k, p in rows.items() if k[0] in linked]
    else:
        new, rest = [], list(rows.items())
    linked.update(s for s, _ in rows)
    if new:
        jobs.append((cypher.create_rels(r, cols, ends_exist=ends_exist), lists(new, cols), False))
    if rest:
        jobs.append((cypher.merge_rels(r, cols), lists(rest, cols), r.single))
    return jobs


def by_key(
    rows: Iterable[Mapping[str, Any]], key: Callable[[Mapping[str, Any]], Any], skip: set[str]
) -> dict[Any, dict[str, Any]]:
    """Rows of dicts as ``{key: properties}`` (``skip``: the key's own fields); a key given
    twice gets the values of both, a later ``None`` never replacing a value (as merging
    them one after the other would)."""
    out: dict[Any, dict[str, Any]] = {}
    for row in rows:
        k = key(row)
        props = {c: v for c, v in row.items() if c not in skip}
        old = out.get(k)
        if old is None:
            out[k] = props
        else:
            old.update((c, v) for c, v in props.items() if v is not None)
    return out


class Writer:
    """One thread running write statements in the order given, a transaction per slice.

    ``run(query, rows)`` writes one slice (in a managed transaction of its own, in the
    writer's thread). The first error stops the writer: later slices are dropped, and
    :meth:`put`, :meth:`flush` and :meth:`close` raise it in the caller's thread.
    """

    _END = object()

    def __init__(self, run: Callable[[str, list[list[Any]]], None]) -> None:
        self._run = run
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._error: BaseException | None = None
        self._cancel = False
        self._thread = threading.Thread(target=self._work, name="pbgraph-neo4j-writer", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is self._END:
                    return
                if self._error is None and not self._cancel:
                    self._run(*job)
            except BaseException as e:  # handed to the caller's thread
                self._error = e
            finally:
                self._jobs.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def put(self, query: str, rows: list[list[Any]]) -> None:
        """Queue one slice (raises what stopped the writer, if anything did)."""
        self._raise()
        self._jobs.put((query, rows))

    def flush(self) -> None:
        """Wait until every queued slice is written; raise what stopped the writer."""
        self._jobs.join()
        self._raise()

    def close(self, *, cancel: bool = False, timeout: float | None = None) -> None:
        """Stop the thread once the queue is done (``cancel``: drop what is still queued)."""
        self._cancel = cancel or self._cancel
        self._jobs.put(self._END)
        self._thread.join(timeout)
