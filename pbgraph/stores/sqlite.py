"""The embedded store: a :class:`~pbgraph.stores.base.Store` in one SQLite file.

The embedded store is one SQLite file (``<dir>/graph.sqlite``) with a table per label and per
relationship type, columns derived from :mod:`pbgraph.graphmodel.schema`. SQLite gives what
the design asks of it without a server: a load is one transaction, so a crash (``kill -9``)
leaves the store as it was before or after, never half written; nothing is pickled; the
file is readable by any SQLite tool. Its SQL text (tables from the schema, upserts) is in
:mod:`pbgraph.stores.sqlite_sql`.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d, EmbeddedStore(d) as s:
...     _ = s.upsert_nodes("Region", [{"code": "历下区", "name": "历下区", "level": "district"}])
...     _ = s.upsert_nodes("Region", [{"code": "历下区", "name": "历下区", "level": "district"}])
...     G = s.graph()
...     G.nodes["Region:历下区"]["level"], G.number_of_nodes()
('district', 1)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DiskError, PbgraphError, StoreError
from ..graphmodel.schema import (
    NODES,
    RELS,
    RESULT_NODES,
    RESULT_RELS,
    SCHEMA_VERSION,
    RelType,
)
from ..graphmodel.tables import Tables
from . import said
from .base import DEFAULT_STORE_DIR, node_type
from .sqlite_columns import (
    CORE_TABLES,
    ColumnFiles,
    generation,
    new_generation,
    watch_writes,
    write_columns,
)
from .sqlite_sql import (
    create_tables,
    missing_ends,
    node_params,
    q,
    read_results,
    rel_params,
    replace_results,
    row_columns,
    schema_version,
    sql_rows,
    sql_value,
    texts,
    upsert_nodes_sql,
    upsert_rels_sql,
)
from .sqlite_tables import read_partition, read_tables

#: the oldest schema read without bringing the store up to date first: schema 2 only adds
#: the generation of the column files, which a reader does without (it reads SQLite); the
#: first write brings it up to date (_connect_rw)
READS_AS_IS = 1

if TYPE_CHECKING:  # the graph's users pay networkx's import, not every command
    import networkx as nx

__all__ = ["EmbeddedStore"]


class EmbeddedStore:
    """The default store: a SQLite file in ``directory``.

    ``readonly=True`` opens an existing store for reading: nothing is written or locked (a
    load may commit meanwhile; :meth:`snapshot` keeps one consistent view), a folder without
    a store is an error rather than a new empty store, and a store on read-only media can
    be read. The first write (a write-back of results) reopens it for writing. Otherwise
    the folder and the store are created when missing, readable by their owner only.
    """

    FILENAME = "graph.sqlite"
    #: seconds a write waits for another writer (a load) before giving up with exit 3
    BUSY_TIMEOUT = 10.0
    #: SQLite's page cache of a connection that writes, in KiB
    CACHE_KIB = 131072

    def __init__(
        self, directory: str | os.PathLike[str] = DEFAULT_STORE_DIR, *, readonly: bool = False
    ) -> None:
        self.directory = Path(directory)
        self.path = self.directory / self.FILENAME
        self.readonly = readonly
        self._in_tx = False
        self._written: set[str] = set()  # the tables the transaction writes
        self._snapshots = 0
        self._db = self._connect_ro() if readonly else self._connect_rw()

    def _connect_rw(self) -> sqlite3.Connection:
        try:
            if not self.directory.is_dir():
                self.directory.mkdir(parents=True, mode=0o700)
            if not self.path.exists():  # owner-only; SQLite gives -wal and -shm the same mode
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            db = sqlite3.connect(self.path, isolation_level=None, timeout=self.BUSY_TIMEOUT)
        except OSError as e:
            raise DiskError(said.store_cannot_create(self.path, e.strerror or e)) from e
        except sqlite3.Error as e:
            raise self._error(e, "cannot open the store") from e
        self._db = db
        if self.path.exists() and _read_only_media(self.directory):
            db.close()
            raise DiskError(said.store_read_only(self.path))
        try:
            if schema_version(db) != SCHEMA_VERSION:
                db.execute("PRAGMA journal_mode=WAL")
                self._create()
            db.execute("PRAGMA synchronous=NORMAL")
            # a load writes every page of its tables: with SQLite's default of 2 MB, dirty
            # pages spill to the log and are read back many times (memory is taken as used)
            db.execute(f"PRAGMA cache_size=-{self.CACHE_KIB}")
        except sqlite3.Error as e:
            db.close()
            raise self._error(e, "cannot open the store") from e
        except BaseException:
            db.close()
            raise
        return db

    def _connect_ro(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise StoreError(said.no_store_here(self.directory))
        uri = self.path.resolve().as_uri()
        try:
            try:
                db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                                     timeout=self.BUSY_TIMEOUT)  # fmt: skip
                version = schema_version(db)
            except sqlite3.OperationalError as e:
                if "lock" in str(e) or not _read_only_media(self.directory):
                    raise
                # read-only media: WAL's shared-memory file cannot be made, nobody can write
                db = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
                version = schema_version(db)
        except sqlite3.Error as e:
            raise self._error(e, "cannot read the store") from e
        if version is None:
            db.close()
            raise StoreError(said.not_a_store(self.path))
        if version > SCHEMA_VERSION:
            db.close()
            raise StoreError(said.newer_store(self.path, version, SCHEMA_VERSION))
        if version < READS_AS_IS:  # an older store: bring its tables up to date once
            db.close()
            self.readonly = False  # for this one write
            try:
                self._connect_rw().close()
            finally:
                self.readonly = True
            return self._connect_ro()
        return db

    def _error(self, e: sqlite3.Error, doing: str) -> PbgraphError:
        """A SQLite error as one of pbgraph's errors, naming the store."""
        return said.sqlite_error(self.path, str(e), doing)

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.directory)!r})"

    def _writable(self) -> None:
        """Reopen a store opened for reading so that it can be written (ends a snapshot)."""
        if self.readonly:
            self._db.close()
            self._snapshots = 0
            self._db = self._connect_rw()
            self.readonly = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic transaction (nesting is flattened).

        A SQLite error (disk full, busy) rolls everything back and becomes one of pbgraph's
        errors naming the store.
        """
        if self._in_tx:
            yield
            return
        self._writable()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            raise self._error(e, "cannot write the store") from e
        self._in_tx = True
        written = self._written = set()
        token = None
        # which tables this transaction's statements write, told by SQLite as it prepares
        # them (setting an authorizer re-prepares cached statements): a write to the graph's
        # tables stamps a new generation for its column files (sqlite_columns)
        self._db.set_authorizer(watch_writes(written))
        try:
            yield
            self._db.set_authorizer(None)
            if written & CORE_TABLES:
                token = new_generation()
                self._db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (token,))
            self._db.execute("COMMIT")
        except BaseException as e:
            self._db.set_authorizer(None)
            if self._db.in_transaction:  # SQLite may have rolled back already (disk full)
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise self._error(e, "nothing of this write was kept") from e
            raise
        finally:
            self._in_tx = False
        if token is not None:
            self._write_columns(token)

    def _write_columns(self, token: str) -> None:
        """The column files of generation ``token``, if no other write came after it. A
        copy that cannot be made is left out: readers then read SQLite, which has it all."""
        with contextlib.suppress(sqlite3.Error, PbgraphError), self.snapshot():
            if generation(self._db) == token:
                write_columns(self._db, self.directory, token)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read everything inside as of one moment: a load committing meanwhile is either
        wholly seen or not at all (one read transaction; nesting is flattened)."""
        if self._in_tx or self._snapshots:
            yield
            return
        db = self._db
        try:
            db.execute("BEGIN")
            db.execute("SELECT count(*) FROM meta").fetchone()  # the snapshot starts here
        except sqlite3.Error as e:
            raise self._error(e, "cannot read the store") from e
        self._snapshots = 1
        try:
            yield
        finally:
            self._snapshots = 0
            if db is self._db and db.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("COMMIT")

    def _create(self) -> None:
        with self.transaction():
            create_tables(self._db, self.path)
            if generation(self._db) is None:  # new, or written by pbgraph before schema 2
                self._written |= CORE_TABLES  # its first generation, and its column files

    # -- writes --------------------------------------------------------------------------
    def upsert_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update nodes by key. A ``None`` value never overwrites a stored one."""
        n = node_type(label)
        if not rows:
            return 0
        cols = row_columns(n.prop_names, rows, n.key)
        sql = upsert_nodes_sql(n, cols)
        with self.transaction():
            self._db.executemany(sql, sql_rows(rows, cols, n))
        return len(rows)

    def upsert_rels(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update relationships by (start, end); create missing endpoints by key."""
        if rel not in RELS:
            raise StoreError(f"{rel.name} is not a relationship of the schema")
        if not rows:
            return 0
        names = tuple(p.name for p in rel.props)
        props = [c for c in row_columns(names, rows, None) if c in names]
        cols = ["start", "end", *props]
        sql = upsert_rels_sql(rel, props)
        start_key, end_key = NODES[rel.start].key, NODES[rel.end].key
        with self.transaction():
            for label, key, field in ((rel.start, start_key, "start"), (rel.end, end_key, "end")):
                self._db.executemany(
                    f"INSERT OR IGNORE INTO {q(label)} ({q(key)}) VALUES (?)",
                    ((r[field],) for r in rows),
                )
            if rel.single:
                self._db.executemany(
                    f"DELETE FROM {q(rel.name)} WHERE src = ? AND dst <> ?",
                    ((r["start"], r["end"]) for r in rows),
                )
            self._db.executemany(sql, ([sql_value(r.get(c)) for c in cols] for r in rows))
        return len(rows)

    def write_batch(
        self,
        nodes: Mapping[str, Mapping[str, Mapping[str, Any]]],
        rels: Mapping[RelType, Mapping[tuple[str, str], Mapping[str, Any]]],
        known: Mapping[str, Collection[str]] | None = None,
    ) -> None:
        """Write a loader's batch in bulk, in one transaction: ``nodes`` is
        ``{label: {key: properties}}``, ``rels`` is ``{type: {(start, end): properties}}``;
        ``known`` names keys per label that the caller knows the store holds (read from it
        or written to it before), whose nodes need not be created as relationships' ends.

        The store it leaves is the one :meth:`upsert_nodes` for each label and then
        :meth:`upsert_rels` for each type would (a ``None`` never overwrites a value, a
        missing endpoint is created by its key, a ``single`` type's other relationships of
        a start node are deleted first), written faster: rows sorted by key (SQLite then
        appends to its B-trees instead of inserting at random pages), parameters built
        column by column rather than row by row, endpoints created only for the keys that
        are neither among the batch's own nodes nor ``known``, a ``single`` type's deletes
        only when its table has rows, and nodes inserted without an upsert's conflict clause
        into a table that has none yet (their keys are distinct: about a fifth less time).
        """
        for r in rels:
            if r not in RELS:
                raise StoreError(f"{r.name} is not a relationship of the schema")
        db = self._db
        with self.transaction():
            for label, rows in nodes.items():
                if rows:
                    n = node_type(label)
                    cols, params = node_params(n, rows)
                    empty = not db.execute(f"SELECT 1 FROM {q(label)} LIMIT 1").fetchone()
                    db.executemany(upsert_nodes_sql(n, cols, new=empty), params)
            for label, keys in missing_ends(nodes, rels, known or {}).items():
                db.executemany(
                    f"INSERT OR IGNORE INTO {q(label)} ({q(NODES[label].key)}) VALUES (?)",
                    zip(sorted(keys)),
                )
            for r, rel_rows in rels.items():
                if not rel_rows:
                    continue
                props, params = rel_params(r, rel_rows)
                if r.single and db.execute(f"SELECT 1 FROM {q(r.name)} LIMIT 1").fetchone():
                    db.executemany(
                        f"DELETE FROM {q(r.name)} WHERE src = ? AND dst <> ?", sorted(rel_rows)
                    )
                db.executemany(upsert_rels_sql(r, props), params)

    def replace_results(
        self,
        analysis: str,
        run: Mapping[str, Any],
        rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
    ) -> None:
        """Replace the previous results of ``analysis`` by this run.

        ``run`` has ``id``, ``created`` and ``params`` (a dict, stored as JSON); ``rels``
        maps result relationship types of the schema to rows ``{start: run id, end, ...}``.
        """
        for r in rels:
            if r not in RESULT_RELS:
                raise StoreError(f"{r.name} is not a result relationship of the schema")
        with self.transaction():
            replace_results(self._db, analysis, run, rels)

    def results(self, analysis: str) -> list[dict[str, Any]]:
        """The written-back results of ``analysis``: one dict per result relationship."""
        with self.snapshot():
            return read_results(self._db, analysis)

    def clear(self) -> None:
        """Delete every node, relationship and result run, and the key's fingerprint: the
        store is as new (tests and benchmarks, on a scratch store)."""
        tables = [*NODES, *RESULT_NODES, *(r.name for r in (*RELS, *RESULT_RELS))]
        with self.transaction():
            for table in tables:
                self._db.execute(f"DELETE FROM {q(table)}")
            self._db.execute("DELETE FROM meta WHERE name <> 'schema_version'")

    # -- reads ---------------------------------------------------------------------------
    def key_fingerprint(self) -> str | None:
        """The fingerprint of the pseudonym key this store was loaded with (``None``: none
        yet). The key itself is never in the store (:mod:`pbgraph.keys`)."""
        value = self._meta("key_fingerprint")
        return None if value is None else str(value)

    def set_key_fingerprint(self, fp: str) -> None:
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('key_fingerprint', ?)", (fp,))

    def legacy_secret(self) -> bytes | None:
        """The pseudonym key a store written before keys were kept apart holds, if any."""
        value = self._meta("secret")
        return None if value is None else bytes(value)

    def drop_legacy_secret(self) -> None:
        """Remove an old store's key, overwriting its bytes in the file."""
        with self.transaction():
            self._db.execute("PRAGMA secure_delete=ON")
            self._db.execute("DELETE FROM meta WHERE name = 'secret'")
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _meta(self, name: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else row[0]

    def keys(self, label: str) -> set[str]:
        n = node_type(label)
        got = texts(self._db, q(label), q(n.key))
        if got is None:
            return {k for (k,) in self._db.execute(f"SELECT {q(n.key)} FROM {q(label)}")}
        return set(got[0])

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        """``(key, value)`` of one property for every node of ``label``."""
        n = node_type(label)
        if n.prop(prop).type in ("str", "date"):  # (raises for a property outside the schema)
            got = texts(self._db, q(label), q(n.key), q(prop))
            if got is not None:
                return list(zip(*got, strict=True))
        return self._db.execute(f"SELECT {q(n.key)}, {q(prop)} FROM {q(label)}").fetchall()

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and of relationships per relationship name."""
        out: dict[str, int] = {}
        with self.snapshot():
            for table in [*NODES, *(r.name for r in RELS)]:
                (out[table],) = self._db.execute(f"SELECT count(*) FROM {q(table)}").fetchone()
        return out

    def graph(self) -> nx.MultiDiGraph:
        """The whole store as a networkx ``MultiDiGraph`` (a fresh copy every call), read as
        of one moment: built from the projection's tables (:meth:`tables`,
        :meth:`~pbgraph.graphmodel.tables.Tables.to_networkx`)."""
        return self.tables().to_networkx()

    def tables(
        self,
        labels: Collection[str] | None = None,
        rels: Collection[str] | None = None,
        props: Mapping[str, Collection[str]] | None = None,
        *,
        where: Mapping[str, str] | None = None,
    ) -> Tables:
        """The projection's tables read column by column, as of one moment: only
        ``labels`` (default: all) with the properties ``props`` names per label (default:
        all), the relationship types ``rels`` (names; default: all) and their end labels'
        keys (:func:`pbgraph.stores.sqlite_tables.read_tables`). No graph is built.
        ``where`` (``{"city": …}``/``{"district": …}``): one partition's tables only
        (:mod:`pbgraph.stores.partition`)."""
        with self.snapshot():
            try:
                files = ColumnFiles.of(self._db, self.directory)
                if where is not None:
                    return read_partition(self._db, where, labels, rels, props, files)
                return read_tables(self._db, labels, rels, props, files)
            except sqlite3.Error as e:
                raise self._error(e, "cannot read the store") from e

    def integrity_ok(self) -> bool:
        """SQLite's own ``PRAGMA integrity_check``."""
        return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _read_only_media(directory: Path) -> bool:
    """Whether a folder cannot be written (read-only media or permissions)."""
    return not os.access(directory, os.W_OK)
