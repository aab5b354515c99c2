"""A first load into the empty local Neo4j with Neo4j's offline bulk importer instead of
Bolt writes.

``pbgraph load … --neo4j URI`` writes through Bolt (:mod:`pbgraph.stores.neo4j_bulk`); the
server's own work of writing a city that way (700 000 nodes, 1.3 million relationships) is
most of two minutes. For the first load into the database of a local server that ``pbgraph
neo4j start`` runs, Neo4j's offline importer (``neo4j-admin database import full``, run by
the server itself: :mod:`pbgraph.stores.neo4j_offline`) writes the same graph in a fraction
of that. :func:`chosen` decides; the load then writes into an :class:`ImportStore`:

* the loader validates and builds its batches exactly as for a Bolt load (same rejects,
  quarantine, pseudonyms and keys); the store keeps them in memory, merged as the Bolt load
  merges them into a database it found empty (:class:`pbgraph.stores.neo4j_bulk.Fresh`: a
  ``None`` never overwrites a value, a missing relationship end is a node with its key
  only, a ``single`` relationship type keeps one relationship per start) and answers the
  loader's reads from them, as the Bolt load does;
* the load is marked on the store's meta node as a Bolt load is (``load_state``
  ``loading`` from the first batch on, its heartbeat; the key's fingerprint), so reads
  meanwhile are refused;
* when the load commits, its nodes and relationships are written as the importer's CSV
  files (:mod:`pbgraph.stores.neo4j_import_csv`), with the meta node as the server holds
  it, into a folder ``import-<token>/`` of the server's home (deleted after); the server
  stops the database, imports them and starts it again (the DBMS keeps running: same port,
  password and memory); then the schema's constraints are created and the load is marked
  ``done``, as the Bolt load leaves them.

A failed import leaves the database as it was (the launcher puts it back) with the load
marked ``failed``, as a Bolt load that failed is, and is an error (exit 2). A value the
importer cannot take as Bolt stores it, or a node someone else wrote meanwhile, makes the
load write its batches over Bolt instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import InputError, StoreError
from ..graphmodel.rows import ColumnRows
from ..graphmodel.schema import NODES, RELS, RelType
from ..i18n import bilingual
from . import cypher
from .base import node_type
from .neo4j_import_csv import Unsupported, write_files
from .neo4j_load import DONE, FAILED

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..graphmodel.tables import Tables
    from .base import Store
    from .neo4j import Neo4jStore

__all__ = ["IMPORT_MIN_BYTES", "ImportStore", "chosen", "local_home"]

#: ledgers this big or bigger load with the importer unless told (``--import/--no-import``):
#: below, Bolt writes them in less time than the server takes to stop and start again
IMPORT_MIN_BYTES = 16 << 20
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_HOME = "SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.neo4j_home' RETURN value"
_ANY_NODE = f"MATCH (n) WHERE NOT n:`{cypher.META_LABEL}` RETURN 1 LIMIT 1"
_META = f"MATCH (m:`{cypher.META_LABEL}`) RETURN properties(m)"


def local_home(neo: Neo4jStore) -> Path | None:
    """The data directory of the local server that ``pbgraph neo4j start`` runs and ``neo``
    talks to (the server says its home; its run files there name the same port and a live
    launcher), else None."""
    from .neo4j_process import alive, read_pid, read_state

    parts = urlsplit(neo.uri)
    if parts.hostname not in _LOOPBACK or neo.database not in (None, "neo4j"):
        return None
    from neo4j.exceptions import Neo4jError

    try:
        rows = neo._read(_HOME)
    except (StoreError, Neo4jError):  # a server that does not say (a user without the right)
        return None
    if not rows or not rows[0][0]:
        return None
    home = Path(str(rows[0][0]))
    state = read_state(home)
    if state.get("port") != (parts.port or 7687) or not alive(read_pid(home), home):
        return None
    return home


def _why_not(neo: Neo4jStore) -> tuple[Path | None, str | None]:
    """The local server's home, or why its database cannot be loaded by the importer."""
    home = local_home(neo)
    if home is None:
        return None, (
            f"{neo.uri} 不是 pbgraph neo4j start 启动的本机 Neo4j (the Neo4j at {neo.uri} is "
            "not a local one that pbgraph neo4j start runs)"
        )
    if neo._read(_ANY_NODE):
        return None, f"{neo.uri} 的数据库不是空的 (the database at {neo.uri} is not empty)"
    return home, None


@contextlib.contextmanager
def chosen(
    store: Store,
    *,
    use: bool | None,
    ledgers: Sequence[str | os.PathLike[str]],
    say: Callable[[str], None] | None = None,
) -> Iterator[Store]:
    """The store a load writes into: ``store`` itself, or an :class:`ImportStore` over it
    when ``store`` is the empty database of the local server ``pbgraph neo4j start`` runs
    and ``use`` is True, or None (the default) and the ``ledgers`` are
    :data:`IMPORT_MIN_BYTES` or more; ``use`` True where that cannot be is told to ``say``
    (and the load writes over Bolt), as is what the import does. ``use`` True for a store
    that is not Neo4j is an :class:`InputError`."""
    from .neo4j import Neo4jStore

    if use is False or not isinstance(store, Neo4jStore):
        if use and not isinstance(store, Neo4jStore):
            raise InputError(bilingual("--import 只用于 --neo4j (--import is for --neo4j only)"))
        yield store
        return
    if use is None and sum(os.path.getsize(p) for p in ledgers) < IMPORT_MIN_BYTES:
        yield store
        return
    home, why = _why_not(store)
    if home is None:
        if use and say is not None:
            say(bilingual(f"不能离线导入：{why}；改用 Bolt 写入 (no offline import: {why}; "
                          "writing over Bolt)"))  # fmt: skip
        yield store
        return
    yield ImportStore(store, home, say=say)


class ImportStore:
    """A first load into the empty database of a local server, kept in memory and written
    by Neo4j's offline importer when the load commits (see the module). Before that it
    answers the loader's reads (:meth:`keys`, :meth:`key_values`) as the Bolt load does;
    anything else, before and after, is the Bolt store's (``neo``)."""

    def __init__(
        self,
        neo: Neo4jStore,
        home: Path,
        *,
        say: Callable[[str], None] | None = None,
        options: Sequence[str] = (),
    ) -> None:
        self.neo, self.home = neo, home
        self.options = list(options)  # the importer's own, e.g. --threads=N
        self._say = say or (lambda message: None)
        self._depth = 0
        self._imported = False  # the importer wrote the nodes and relationships in memory
        self.nodes: dict[str, ColumnRows] = {}
        self.rels: dict[RelType, dict[tuple[str, str], Mapping[str, Any]]] = {}
        self._linked: dict[str, set[str]] = {}  # start keys written, by relationship name

    def __getattr__(self, name: str) -> Any:
        return getattr(self.neo, name)

    def __enter__(self) -> ImportStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.neo.close()

    # -- the load ------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """The load: written by the importer on a clean exit of the outermost block; an
        exception marks the load ``failed`` (nothing was written into the graph)."""
        self._depth += 1
        try:
            yield
            if self._depth == 1:
                self._commit()
        except BaseException:
            if self._depth == 1 and self.neo._load is not None:
                with contextlib.suppress(Exception):
                    self.neo._end_load(FAILED)
            raise
        finally:
            self._depth -= 1

    def write_batch(
        self,
        nodes: Mapping[str, Mapping[str, Mapping[str, Any]]],
        rels: Mapping[RelType, Mapping[tuple[str, str], Mapping[str, Any]]],
        known: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        """Keep a loader's batch, merged into what the load has as the Bolt load merges it
        into a database it found empty (:func:`pbgraph.stores.neo4j_bulk.node_jobs` and
        :func:`~pbgraph.stores.neo4j_bulk.rel_jobs`). ``known`` (keys the caller knows the
        store holds) changes nothing: the store has every key in memory."""
        for r in rels:
            if r not in RELS:
                raise StoreError(f"{r.name} is not a relationship of the schema")
        with self.transaction():
            self.neo.begin_load()  # the marker, as the Bolt load's first batch sets it
            for label, rows in nodes.items():
                if rows:
                    self._nodes(label, rows)
            for r, pairs in rels.items():
                if pairs:
                    self._rels(r, pairs)

    def upsert_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        key = node_type(label).key
        batch = ColumnRows()
        for row in rows:
            if row.get(key) is None:
                raise StoreError(f"rows lack the key {key!r}")
            batch.set(row[key], {c: v for c, v in row.items() if c != key})
        self.write_batch({label: batch}, {})
        return len(rows)

    def upsert_rels(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        pairs: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            old = pairs.setdefault((row["start"], row["end"]), {})
            old.update(
                (c, v) for c, v in row.items() if c not in ("start", "end") and v is not None
            )
        self.write_batch({}, {rel: pairs})
        return len(rows)

    def _label(self, label: str) -> ColumnRows:
        rows = self.nodes.get(label)
        if rows is None:
            rows = self.nodes[label] = ColumnRows()
        return rows

    def _nodes(self, label: str, rows: Mapping[str, Mapping[str, Any]]) -> None:
        n = node_type(label)
        names = set(rows.columns) if isinstance(rows, ColumnRows) else set().union(*rows.values())
        unknown = names - set(n.prop_names)
        if unknown:
            raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
        if label not in self.nodes and isinstance(rows, ColumnRows):
            self.nodes[label] = rows  # the batch's columns, as they are
            return
        known = self._label(label)
        for k in rows:
            known.set(k, rows[k])

    def _rels(self, r: RelType, pairs: Mapping[tuple[str, str], Mapping[str, Any]]) -> None:
        allowed = {p.name for p in r.props}
        for props in pairs.values():
            if props and not allowed.issuperset(props):
                raise StoreError(f"properties not in the schema: {sorted(set(props) - allowed)}")
        starts = {s for s, _ in pairs}
        for label, keys in ((r.start, starts), (r.end, {e for _, e in pairs})):
            known = self._label(label)
            for k in sorted(k for k in keys if k not in known):
                known.set(k, {})  # a missing end: a node with its key only
        linked = self._linked.setdefault(r.name, set())
        if r not in self.rels and not linked:  # all new: the batch's rows, as they are
            self.rels[r] = dict(pairs)  # (a None property is no property in the files)
            linked.update(starts)
            return
        have = self.rels.setdefault(r, {})
        rest: dict[str, list[tuple[str, Mapping[str, Any]]]] = {}
        for (s, e), props in pairs.items():
            if s in linked:
                rest.setdefault(s, []).append((e, props))
            else:  # created: the load has not linked this start by r yet
                have[(s, e)] = props
        if rest:
            _merge(r, have, rest)
        linked.update(starts)

    # -- the loader's reads, from memory as the Bolt load answers them -------------------
    def keys(self, label: str) -> set[str]:
        node_type(label)
        return set(self.nodes.get(label, ()))

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        n = node_type(label)
        n.prop(prop)  # raises for a property outside the schema
        rows = self.nodes.get(label)
        if rows is None:
            return []
        if prop == n.key:
            return [(k, k) for k in sorted(rows.keys_)]
        col = rows.columns.get(prop) or [None] * len(rows.keys_)
        return sorted(zip(rows.keys_, col, strict=True), key=lambda kv: kv[0])

    def tables(self, *args: Any, **kwargs: Any) -> Tables:
        return self.neo.tables(*args, **kwargs)

    def counts(self) -> dict[str, int]:
        """After the import: what it wrote, from memory (the server holds exactly that, and
        counting a city's relationships by their ends' labels is seconds of its time);
        else the server's counts."""
        if not self._imported:
            return self.neo.counts()
        out = {label: len(self.nodes.get(label, ())) for label in NODES}
        out.update((r.name, len(self.rels.get(r, ()))) for r in RELS)
        return out

    # -- the commit: files, importer, restart ----------------------------------------------
    def _commit(self) -> None:
        load = self.neo._load
        if load is None:  # no batch: nothing to write, nothing marked
            return
        folder = self.home / f"import-{load.token}"
        try:
            try:
                if self.neo._read(_ANY_NODE):  # someone wrote meanwhile
                    raise Unsupported("the database is no longer empty")
                meta = [dict(row[0]) for row in self.neo._read(_META)]
                args, multiline = write_files(folder, self.nodes, self.rels, meta)
            except Unsupported as why:
                self._say(bilingual(f"改用 Bolt 写入：{why} (writing over Bolt instead: {why})"))
                self.neo.write_batch(self.nodes, self.rels)  # a load of its own: ends done
                return
            self._import([*args, f"--multiline-fields={str(multiline).lower()}"])
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _import(self, args: list[str]) -> None:
        """The launcher's importer into the database (stopped meanwhile, the server runs on),
        then the constraints and the load marked done; or, if it failed, the database as it
        was and the load marked failed."""
        from neo4j.exceptions import Neo4jError

        from .neo4j_offline import PROCEDURE, log_tail

        self._say(bilingual("正在离线导入 (importing offline)"))
        failed = None
        driver_log = logging.getLogger("neo4j")  # the heartbeat's retries while the database
        level = driver_log.level  # is stopped: expected, not worth a warning
        driver_log.setLevel(logging.ERROR)
        try:
            try:
                with self.neo._lost(), self.neo._driver.session(database="system") as s:
                    s.run(PROCEDURE, options=[*args, *self.options]).consume()
            except Neo4jError as e:
                failed = e.message or str(e)
            self.neo._create()  # the constraints: the new store has none
            self.neo._end_load(FAILED if failed else DONE)  # and the heartbeat stops
        finally:
            driver_log.setLevel(level)
        if failed is not None:
            raise StoreError(
                f"Neo4j 的离线导入失败：{failed}；数据库已恢复为导入前的样子，这次导入被标记为未完成；"
                f"{self.home / 'import.log'} 的最后几行： (Neo4j's offline import failed: "
                f"{failed}; the database is as it was before and this load is marked as not "
                f"finished; last lines of {self.home / 'import.log'}:)\n{log_tail(self.home)}"
            )
        self._imported = True
        self._say(bilingual("离线导入完成 (imported)"))


def _merge(
    r: RelType,
    have: dict[tuple[str, str], Mapping[str, Any]],
    rest: dict[str, list[tuple[str, Mapping[str, Any]]]],
) -> None:
    """Merge relationships from starts the load has linked by ``r`` already, as
    :func:`pbgraph.stores.cypher.merge_rels` does: for a ``single`` type each row first
    deletes its start's other relationships of the type that were there before the batch,
    then every row is merged (a ``None`` never overwrites a value)."""
    if r.single:
        ends: dict[str, list[str]] = {}
        for s, e in have:
            if s in rest:
                ends.setdefault(s, []).append(e)
        for s, rows in rest.items():
            new = {e for e, _ in rows}
            for x in ends.get(s, ()):
                if new - {x}:  # a row of this start names another end
                    del have[(s, x)]
    for s, rows in rest.items():
        for e, props in rows:
            old = have.get((s, e))
            values = {c: v for c, v in props.items() if v is not None}
            have[(s, e)] = {**old, **values} if old is not None else values
