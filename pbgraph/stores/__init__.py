"""Where the graph is kept: one :class:`Store` protocol, two stores behind it.

* :mod:`pbgraph.stores.base`: the :class:`Store` protocol every caller types against;
* :mod:`pbgraph.stores.sqlite`: :class:`EmbeddedStore`, one SQLite file (the default; its
  SQL text is in :mod:`pbgraph.stores.sqlite_sql`, its column files in
  :mod:`pbgraph.stores.sqlite_columns`, its columnar and partition reads in
  :mod:`pbgraph.stores.sqlite_tables`);
* :mod:`pbgraph.stores.neo4j`: :class:`Neo4jStore`, a Neo4j server over Bolt (all of its
  Cypher is in :mod:`pbgraph.stores.cypher`; writing a load and its marker in
  :mod:`pbgraph.stores.neo4j_load` (its background writer in :mod:`pbgraph.stores.neo4j_bulk`,
  a first load into the local server's empty database by Neo4j's offline importer in
  :mod:`pbgraph.stores.neo4j_import`), reading the graph back in
  :mod:`pbgraph.stores.neo4j_read`);
* :mod:`pbgraph.stores.neo4j_local`: a local Neo4j server that pbgraph starts itself (its
  Java launcher, built with Maven, in :mod:`pbgraph.stores.neo4j_launcher`; its process in
  :mod:`pbgraph.stores.neo4j_process`).

The classes are imported on first use, so ``import pbgraph.stores`` loads neither SQLite's
tables nor the Neo4j driver.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d, open_store(d) as s:
...     s.counts()["Organization"]
0
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .base import DEFAULT_STORE_DIR, Store

if TYPE_CHECKING:
    from .neo4j import Neo4jStore
    from .sqlite import EmbeddedStore

__all__ = ["DEFAULT_STORE_DIR", "EmbeddedStore", "Neo4jStore", "Store", "open_store"]


def open_store(
    where: str | os.PathLike[str] = DEFAULT_STORE_DIR,
    *,
    readonly: bool = False,
    user: str = "neo4j",
    password: str | None = None,
    database: str | None = None,
) -> Store:
    """Open a store: an embedded one in the folder ``where``, or the Neo4j server whose URI
    ``where`` is (a string with ``://``, e.g. ``"bolt://127.0.0.1:7687"``).

    Args:
        where: the folder of an embedded store (created when missing unless ``readonly``),
            or a Neo4j Bolt URI.
        readonly: an embedded store is opened for reading only (it must exist; a write
            reopens it for writing). Neo4j ignores it.
        user, password, database: Neo4j's credentials and database (password ``None``: the
            local server's default, see :mod:`pbgraph.stores.neo4j_local`).

    Use it in a ``with`` block, or call ``close()``.
    """
    if isinstance(where, str) and "://" in where:
        from .neo4j import Neo4jStore

        return Neo4jStore(where, user=user, password=password, database=database)
    from .sqlite import EmbeddedStore

    return EmbeddedStore(where, readonly=readonly)


def __getattr__(name: str) -> Any:
    if name == "EmbeddedStore":
        from .sqlite import EmbeddedStore

        return EmbeddedStore
    if name == "Neo4jStore":
        from .neo4j import Neo4jStore

        return Neo4jStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
