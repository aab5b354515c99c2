"""The columnar read of the embedded store: the projection's tables without a graph.

Internal to :meth:`pbgraph.stores.sqlite.EmbeddedStore.tables`. Every column is one
``SELECT column FROM table ORDER BY key`` (the primary key's own order: no sort, and the
same row order as :meth:`~pbgraph.stores.sqlite.EmbeddedStore.graph`), fetched whole
into a list: SQLite has no columnar API, but one value per row costs far less than a dict
per row. Table and column names come from the schema only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from typing import Any

from ..errors import StoreError
from ..graphmodel.schema import NODES, RELS, RelType
from ..graphmodel.tables import Tables, column_tables
from .sqlite_sql import q

__all__ = ["read_tables", "select"]


def select(
    labels: Collection[str] | None,
    rels: Collection[str] | None,
    props: Mapping[str, Collection[str]] | None,
) -> tuple[dict[str, list[str]], list[RelType]]:
    """What to read: ``{label: properties}`` and the relationship types, checked against
    the schema (:class:`StoreError` for a name outside it).

    ``labels`` (default: all) are read with the properties ``props`` names for them (all
    when not named); the end labels of ``rels`` (default: all) are read for their keys at
    least, so that :meth:`Tables.positions` can place every relationship.
    """
    by_name = {r.name: r for r in RELS}
    unknown = [x for x in (labels or ()) if x not in NODES]
    unknown += [x for x in (rels or ()) if x not in by_name]
    unknown += [x for x in (props or {}) if x not in NODES]
    if unknown:
        raise StoreError(f"not in the schema: {', '.join(sorted(unknown))}")
    rel_types = list(RELS) if rels is None else [by_name[r] for r in rels]
    wanted = list(NODES) if labels is None else list(labels)
    out: dict[str, list[str]] = {}
    for label in wanted:
        n = NODES[label]
        names = n.prop_names if props is None or label not in props else props[label]
        bad = [p for p in names if p not in n.prop_names]
        if bad:
            raise StoreError(f"{label} has no property {', '.join(map(repr, bad))}")
        out[label] = [p for p in names if p != n.key]
    for r in rel_types:
        out.setdefault(r.start, [])
        out.setdefault(r.end, [])
    return out, rel_types


def read_tables(
    db: sqlite3.Connection,
    labels: Collection[str] | None = None,
    rels: Collection[str] | None = None,
    props: Mapping[str, Collection[str]] | None = None,
) -> Tables:
    """Column-backed tables of the store behind ``db`` (the caller holds one snapshot)."""
    node_props, rel_types = select(labels, rels, props)
    nodes: dict[str, tuple[list[str], dict[str, list[Any]]]] = {}
    for label, names in node_props.items():
        key = q(NODES[label].key)
        table = q(label)
        keys = _column(db, f"SELECT {key} FROM {table} ORDER BY {key}")
        cols = {p: _column(db, f"SELECT {q(p)} FROM {table} ORDER BY {key}") for p in names}
        nodes[label] = (keys, cols)
    pairs: dict[str, tuple[list[str], list[str]]] = {}
    for r in rel_types:
        table = q(r.name)
        starts = _column(db, f"SELECT src FROM {table} ORDER BY src, dst")
        ends = _column(db, f"SELECT dst FROM {table} ORDER BY src, dst")
        pairs[r.name] = (starts, ends)
    return column_tables(nodes, pairs)


def _column(db: sqlite3.Connection, sql: str) -> list[Any]:
    """The one column a query selects, as a list."""
    cur = db.execute(sql)
    cur.row_factory = None
    return [v for (v,) in cur.fetchall()]
