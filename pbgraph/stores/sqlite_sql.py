"""The SQL of the embedded store: its tables from the schema, its upserts, its values.

Internal to :class:`pbgraph.stores.sqlite.EmbeddedStore` (nothing here is API). Table and
column names are spliced into the text only from the schema (:func:`q` quotes them); values
always travel as parameters.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..graphmodel.rows import ColumnRows
from ..graphmodel.schema import (
    NODES,
    RELS,
    RESULT_NODES,
    RESULT_RELS,
    SCHEMA_VERSION,
    NodeType,
    Prop,
    RelType,
)
from .said import newer_store

_SQL_TYPE = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "date": "TEXT"}


def q(name: str) -> str:
    """Quote an identifier that comes from the schema (never from input)."""
    return '"' + name.replace('"', '""') + '"'


def _columns(props: Iterable[Prop]) -> str:
    return ", ".join(f"{q(p.name)} {_SQL_TYPE[p.type]}" for p in props)


# -- the tables ----------------------------------------------------------------------------


def schema_version(db: sqlite3.Connection) -> int | None:
    """The schema version a store file records (``None``: a new or foreign file)."""
    try:
        row = db.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise
    return None if row is None else int(row[0])


def create_tables(db: sqlite3.Connection, path: Path) -> None:
    """Create the meta table and a table per label and relationship type of the schema, or
    add the columns an older store lacks (in the caller's transaction); raises
    :class:`StoreError` for a store (at ``path``) written by a newer pbgraph."""
    db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB)")
    row = db.execute("SELECT value FROM meta WHERE name='schema_version'").fetchone()
    if row is not None and int(row[0]) > SCHEMA_VERSION:
        raise StoreError(newer_store(path, int(row[0]), SCHEMA_VERSION))
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
    for n in (*NODES.values(), *RESULT_NODES.values()):
        others = [p for p in n.props if p.name != n.key]
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {q(n.label)} ("
            f"{q(n.key)} TEXT PRIMARY KEY"
            + "".join(f", {q(p.name)} {_SQL_TYPE[p.type]}" for p in others)
            + ") WITHOUT ROWID"
        )
        _add_missing_columns(db, n.label, others)
    for r in (*RELS, *RESULT_RELS):
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {q(r.name)} (src TEXT NOT NULL, "
            f"dst TEXT NOT NULL{', ' + _columns(r.props) if r.props else ''}, "
            "PRIMARY KEY (src, dst)) WITHOUT ROWID"
        )
        _add_missing_columns(db, r.name, r.props)


def _add_missing_columns(db: sqlite3.Connection, table: str, props: Iterable[Prop]) -> None:
    have = {row[1] for row in db.execute(f"PRAGMA table_info({q(table)})")}
    for p in props:
        if p.name not in have:
            db.execute(f"ALTER TABLE {q(table)} ADD COLUMN {q(p.name)} {_SQL_TYPE[p.type]}")


# -- upserts -------------------------------------------------------------------------------


def upsert_nodes_sql(n: NodeType, cols: Sequence[str], *, new: bool = False) -> str:
    """Insert nodes of ``n`` by key, columns ``cols``; a ``None`` never overwrites a value.
    ``new``: the keys are not in the table (nor twice among the rows): a plain insert."""
    insert = f"INSERT INTO {q(n.label)} ({', '.join(map(q, cols))}) VALUES ({', '.join('?' * len(cols))})"  # fmt: skip
    if new:
        return insert
    sets = ", ".join(f"{q(c)} = coalesce(excluded.{q(c)}, {q(c)})" for c in cols if c != n.key)
    return f"{insert} ON CONFLICT({q(n.key)}) " + (
        f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
    )


def upsert_rels_sql(rel: RelType, props: Sequence[str]) -> str:
    """Insert relationships of ``rel`` by (start, end), then ``props``; a ``None`` never
    overwrites a value."""
    sets = ", ".join(f"{q(c)} = coalesce(excluded.{q(c)}, {q(c)})" for c in props)
    return (
        f"INSERT INTO {q(rel.name)} (src, dst{''.join(', ' + q(c) for c in props)}) "
        f"VALUES ({', '.join('?' * (2 + len(props)))}) ON CONFLICT(src, dst) "
        + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
    )


def row_columns(
    allowed: Sequence[str], rows: Sequence[Mapping[str, Any]], key: str | None
) -> list[str]:
    """Columns present in the rows, in schema order; the key must be among them."""
    present: set[str] = set()
    for r in rows:
        present.update(r)
    unknown = present - set(allowed) - {"start", "end"}
    if unknown:
        raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
    if key is not None and key not in present:
        raise StoreError(f"rows lack the key {key!r}")
    return [c for c in allowed if c in present]


def node_params(
    n: NodeType, rows: Mapping[str, Mapping[str, Any]]
) -> tuple[list[str], Iterable[tuple[Any, ...]]]:
    """The columns and parameters of a bulk write of ``rows`` (``{key: properties}``, the
    key not among the properties; a :class:`~pbgraph.graphmodel.rows.ColumnRows` is taken
    column by column): the key first, then the properties present in some row in schema
    order; the rows sorted by key."""
    if isinstance(rows, ColumnRows):
        present = {c for c, values in rows.columns.items() if values.count(None) < len(values)}
    else:
        present = set()
        for props in rows.values():
            present.update(props)
    unknown = present - set(n.prop_names)
    if unknown:
        raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
    cols = [c for c in n.prop_names if c in present and c != n.key]
    if isinstance(rows, ColumnRows):
        columns = [_converted(n, c, rows.columns[c]) for c in cols]
        return [n.key, *cols], _sorted(list(zip(rows.keys_, *columns, strict=True)), rows.keys_)
    keys = sorted(rows)
    ordered = [rows[k] for k in keys]
    values = (_converted(n, c, [r.get(c) for r in ordered]) for c in cols)
    return [n.key, *cols], zip(keys, *values, strict=True)


def missing_ends(
    nodes: Mapping[str, Collection[str]],
    rels: Mapping[RelType, Mapping[tuple[str, str], Any]],
    known: Mapping[str, Collection[str]],
) -> dict[str, set[str]]:
    """Per label, the keys of relationships' ends that are neither among the batch's own
    ``nodes`` nor ``known`` to be in the store: the nodes to create for them."""
    missing: dict[str, set[str]] = {}
    for r, rel_rows in rels.items():
        for label, ends in ((r.start, {s for s, _ in rel_rows}),
                            (r.end, {e for _, e in rel_rows})):  # fmt: skip
            ends.difference_update(nodes.get(label, ()))
            if ends and label in known:
                ends.difference_update(known[label])
            if ends:
                missing.setdefault(label, set()).update(ends)
    return missing


def rel_params(
    rel: RelType, rows: Mapping[tuple[str, str], Mapping[str, Any]]
) -> tuple[list[str], Iterable[tuple[Any, ...]]]:
    """The property columns and parameters ``(start, end, *properties)`` of a bulk write
    of ``rows`` (``{(start, end): properties}``), sorted by (start, end)."""
    names = [p.name for p in rel.props]
    present: set[str] = set()
    for props in rows.values():
        present.update(props)
    unknown = present - set(names)
    if unknown:
        raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
    cols = [c for c in names if c in present]
    pairs = _sorted(list(rows), [s for s, _ in rows], [e for _, e in rows])
    if not cols:
        return cols, pairs
    ordered = [rows[p] for p in pairs]
    values = ([sql_value(r.get(c)) for r in ordered] for c in cols)
    return cols, ((s, e, *v) for (s, e), *v in zip(pairs, *values, strict=True))


def _sorted(rows: list[Any], *keys: list[str]) -> Sequence[Any]:
    """``rows`` sorted by ``keys`` (the first, then the next; texts, distinct together):
    Arrow sorts them in C, by their UTF-8 bytes, which is by code point as Python sorts
    them, and ``itemgetter`` reorders in C. Python sorts them when one is not a text. (Only
    for speed: SQLite then appends to its B-trees.)"""
    if len(rows) < 2:
        return rows
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        table = pa.table({str(i): pa.array(k, pa.string()) for i, k in enumerate(keys)})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        order = sorted(range(len(rows)), key=list(zip(*keys, strict=True)).__getitem__)
    else:
        by = [(name, "ascending") for name in table.column_names]
        order = pc.sort_indices(table, sort_keys=by).to_pylist()
    got: Sequence[Any] = operator.itemgetter(*order)(rows)
    return got


def _converted(n: NodeType, name: str, values: Sequence[Any]) -> Sequence[Any]:
    """A column's values as SQLite parameters: only flags and dates need converting."""
    if n.prop(name).type in ("bool", "date"):
        return [sql_value(v) for v in values]
    return values


def sql_rows(
    rows: Sequence[Mapping[str, Any]], cols: Sequence[str], n: NodeType
) -> Iterator[list[Any]]:
    """Rows as SQLite parameters; only bool and date columns need converting."""
    convert = {p.name for p in n.props if p.type in ("bool", "date")} & set(cols)
    if not convert:
        for r in rows:
            yield [r.get(c) for c in cols]
    else:
        for r in rows:
            yield [sql_value(r.get(c)) if c in convert else r.get(c) for c in cols]


def sql_value(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


# -- analysis results ----------------------------------------------------------------------


def replace_results(
    db: sqlite3.Connection,
    analysis: str,
    run: Mapping[str, Any],
    rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
) -> None:
    """Replace the runs of ``analysis`` and their results by ``run`` (in the caller's
    transaction; ``rels`` checked by the caller)."""
    import json

    old = [k for (k,) in db.execute('SELECT id FROM "AnalysisRun" WHERE analysis = ?', (analysis,))]
    for r in RESULT_RELS:
        db.executemany(f"DELETE FROM {q(r.name)} WHERE src = ?", ((k,) for k in old))
    db.execute('DELETE FROM "AnalysisRun" WHERE analysis = ?', (analysis,))
    params = json.dumps(run.get("params", {}), ensure_ascii=False)
    db.execute(
        'INSERT INTO "AnalysisRun" (id, analysis, created, params) VALUES (?, ?, ?, ?)',
        (run["id"], analysis, run["created"], params),
    )
    for r, rows in rels.items():
        names = [p.name for p in r.props]
        db.executemany(
            f"INSERT OR REPLACE INTO {q(r.name)} (src, dst{''.join(', ' + q(c) for c in names)}) "
            f"VALUES ({', '.join('?' * (2 + len(names)))})",
            ([x["start"], x["end"], *(x.get(c) for c in names)] for x in rows),
        )


def read_results(db: sqlite3.Connection, analysis: str) -> list[dict[str, Any]]:
    """The results of ``analysis``'s run: one dict per result relationship."""
    out = []
    for r in RESULT_RELS:
        names = [p.name for p in r.props]
        cur = db.execute(
            f"SELECT run.id, x.dst{''.join(', x.' + q(c) for c in names)} FROM {q(r.name)} x "
            'JOIN "AnalysisRun" run ON run.id = x.src WHERE run.analysis = ?',
            (analysis,),
        )
        for run_id, end, *props in cur:
            out.append(
                {"run": run_id, "type": r.type, "end": end, **dict(zip(names, props, strict=True))}
            )
    return out


def texts(db: sqlite3.Connection, table: str, *columns: str) -> list[list[str]] | None:
    """Every value of the text ``columns`` of ``table`` (quoted names), in one scan, each
    column as one ``group_concat`` cut apart: not a row object per value. ``None`` when
    that cannot be exact (a value missing, not text, or with a NUL in it): read row by row."""
    parts = [f"count({c}), sum(typeof({c}) = 'text'), group_concat({c}, char(0))" for c in columns]
    count, *got = db.execute(f"SELECT count(*), {', '.join(parts)} FROM {table}").fetchone()
    out: list[list[str]] = []
    for present, text_, joined in zip(got[0::3], got[1::3], got[2::3], strict=True):
        if not count:
            out.append([])
            continue
        if present != count or text_ != count:
            return None
        values = joined.split("\0")
        if len(values) != count:
            return None
        out.append(values)
    return out
