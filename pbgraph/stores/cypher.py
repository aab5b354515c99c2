"""Every Cypher statement pbgraph sends, in one place.

Values always travel as parameters (``$rows``, ``$keys``...). Labels, relationship types and
property names are spliced into the text, but only from the schema objects: each function
takes a :class:`NodeType`/:class:`RelType` (never a string from input) and checks it is one of
the schema's before building text.

Examples
--------
>>> from pbgraph.graphmodel.schema import NODES
>>> print(merge_nodes(NODES["Region"], ["code", "name"]))
UNWIND $rows AS row
MERGE (n:`Region` {`code`: row[0]})
ON CREATE SET n.`name` = row[1]
ON MATCH SET n.`name` = coalesce(row[1], n.`name`)
"""

from __future__ import annotations

from collections.abc import Sequence

from ..graphmodel.schema import NODES, RELS, RESULT_NODES, RESULT_RELS, NodeType, RelType

__all__ = [
    "beat_load",
    "claim_load",
    "constraints",
    "count_nodes",
    "count_rels",
    "create_nodes",
    "create_rels",
    "delete_all",
    "delete_runs",
    "drop_legacy_secret",
    "end_load",
    "merge_nodes",
    "merge_one_node",
    "merge_one_rel",
    "merge_rels",
    "read_legacy_secret",
    "read_meta",
    "read_node_columns",
    "read_node_page",
    "read_rel_columns",
    "read_rel_page",
    "read_results",
    "server_version",
    "set_key_fingerprint",
    "start_load",
    "META_LABEL",
    "META_STORE",
    "META_SECRET",
]

#: The one label outside the schema: the store's own metadata, nodes named by ``name``.
META_LABEL = "PbgraphMeta"
#: The meta node of the store: the pseudonym key's fingerprint and the load marker.
META_STORE = "store"
#: The meta node in which pbgraph before issue 15 kept the pseudonym secret itself.
META_SECRET = "secret"


def _name(text: str) -> str:
    """Backtick-quote a schema name (schema names never contain backticks; check anyway)."""
    if "`" in text:
        raise ValueError(f"schema name with a backtick: {text!r}")
    return f"`{text}`"


def _node(n: NodeType) -> NodeType:
    if NODES.get(n.label) is not n and RESULT_NODES.get(n.label) is not n:
        raise ValueError(f"{n.label} is not a node type of the schema")
    return n


def _rel(r: RelType) -> RelType:
    if r not in RELS and r not in RESULT_RELS:
        raise ValueError(f"{r.name} is not a relationship type of the schema")
    return r


def constraints() -> list[str]:
    """One uniqueness constraint per node label, on its key (idempotent)."""
    out = [
        f"CREATE CONSTRAINT {_name(f'{n.label}_{n.key}_unique')} IF NOT EXISTS "
        f"FOR (n:{_name(n.label)}) REQUIRE n.{_name(n.key)} IS UNIQUE"
        for n in (*NODES.values(), *RESULT_NODES.values())
    ]
    out.append(
        f"CREATE CONSTRAINT {_name(META_LABEL + '_name_unique')} IF NOT EXISTS "
        f"FOR (n:{_name(META_LABEL)}) REQUIRE n.name IS UNIQUE"
    )
    return out


def _others(n: NodeType, props: Sequence[str] | None) -> list[str]:
    """The properties besides the key a statement writes or reads, each checked."""
    names = [p for p in (n.prop_names if props is None else props) if p != n.key]
    for p in names:
        n.prop(p)  # a KeyError for a name outside the schema
    return names


def _set_clauses(var: str, names: Sequence[str], first: int) -> str:
    """``ON CREATE``/``ON MATCH`` of a ``MERGE`` from ``row[first]``, ``row[first + 1]`` …:
    a null value sets nothing on a new entity and never erases a stored value."""
    if not names:
        return ""
    on_create = ", ".join(f"{var}.{_name(p)} = row[{i}]" for i, p in enumerate(names, first))
    on_match = ", ".join(
        f"{var}.{_name(p)} = coalesce(row[{i}], {var}.{_name(p)})"
        for i, p in enumerate(names, first)
    )
    return f"\nON CREATE SET {on_create}\nON MATCH SET {on_match}"


def merge_nodes(n: NodeType, props: Sequence[str] | None = None) -> str:
    """Upsert ``$rows`` of lists ``[key, value, …]``: the key, then the values of ``props``
    (default: every other property of the label, in schema order).

    Rows are lists, not maps: the driver encodes them faster and the server builds fewer
    objects; explicit ``SET`` clauses (instead of ``SET n += map``) spare the planner's
    ``Eager`` (a full copy of the batch).
    """
    _node(n)
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{_name(n.label)} {{{_name(n.key)}: row[0]}})"
        + _set_clauses("n", _others(n, props), 1)
    )


def merge_rels(r: RelType, props: Sequence[str] | None = None) -> str:
    """Upsert ``$rows`` of lists ``[start key, end key, value, …]`` (values of ``props``,
    default all of the type's properties). Missing endpoints are created by key.

    For a ``single`` type the start node's other relationships of the type (to the same end
    label) are deleted by the same statement. Cypher runs a statement clause by clause, so
    every row's deletion happens before any row's ``MERGE``: rows of one batch never delete
    each other (the store keeps rows with the same start in one batch).
    """
    _rel(r)
    s, e = NODES.get(r.start) or RESULT_NODES[r.start], NODES[r.end]
    names = [p.name for p in r.props] if props is None else list(props)
    known = {p.name for p in r.props}
    for p in names:
        if p not in known:
            raise KeyError(f"{r.name} has no property {p!r}")
    text = (
        "UNWIND $rows AS row\n"
        f"MERGE (a:{_name(s.label)} {{{_name(s.key)}: row[0]}})\n"
        f"MERGE (b:{_name(e.label)} {{{_name(e.key)}: row[1]}})\n"
    )
    if r.single:
        text += (
            f"WITH a, b{', row' if names else ''}\n"
            f"CALL (a, b) {{ MATCH (a)-[old:{_name(r.type)}]->(x:{_name(e.label)}) "
            "WHERE x <> b DELETE old }\n"
        )
    return text + f"MERGE (a)-[r:{_name(r.type)}]->(b)" + _set_clauses("r", names, 2)


def create_nodes(n: NodeType, props: Sequence[str]) -> str:
    """Create ``$rows`` of lists ``[key, value, …]`` (values of ``props``, the key aside)
    that the caller knows do not exist yet (a load that found the label empty); a null value
    sets no property, as on a node :func:`merge_nodes` creates.

    >>> from pbgraph.graphmodel.schema import NODES
    >>> print(create_nodes(NODES["Region"], ["name"]))
    UNWIND $rows AS row
    CREATE (n:`Region` {`code`: row[0], `name`: row[1]})
    """
    _node(n)
    names = [n.key, *_others(n, props)]
    values = ", ".join(f"{_name(p)}: row[{i}]" for i, p in enumerate(names))
    return f"UNWIND $rows AS row\nCREATE (n:{_name(n.label)} {{{values}}})"


def create_rels(r: RelType, props: Sequence[str], *, ends_exist: bool = False) -> str:
    """Create ``$rows`` of lists ``[start key, end key, value, …]`` (values of ``props``)
    that the caller knows do not exist yet: the start node exists, a missing end node is
    created by key (``ends_exist``: the caller knows every end node exists, so it is
    matched, not merged); a null value sets no property."""
    _rel(r)
    s, e = NODES.get(r.start) or RESULT_NODES[r.start], NODES[r.end]
    known = {p.name for p in r.props}
    for p in props:
        if p not in known:
            raise KeyError(f"{r.name} has no property {p!r}")
    values = ", ".join(f"{_name(p)}: row[{i}]" for i, p in enumerate(props, 2))
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_name(s.label)} {{{_name(s.key)}: row[0]}})\n"
        f"{'MATCH' if ends_exist else 'MERGE'} (b:{_name(e.label)} {{{_name(e.key)}: row[1]}})\n"
        f"CREATE (a)-[r:{_name(r.type)}{f' {{{values}}}' if values else ''}]->(b)"
    )


def _page_start(n: NodeType, var: str, first: bool) -> str:
    """Nodes of a label in key order, one page (``$page`` nodes after the key ``$after``):
    the key's uniqueness index gives the order, so a page costs its own size."""
    key = f"{var}.{_name(n.key)}"
    cond = f"{key} IS NOT NULL" if first else f"{key} > $after"
    return f"MATCH ({var}:{_name(n.label)}) WHERE {cond}\nWITH {var} ORDER BY {key} LIMIT $page\n"


def read_node_page(n: NodeType, props: Sequence[str] | None = None, *, first: bool) -> str:
    """One page of nodes as a single list of rows ``[key, value of each of props…]``
    (default props: all but the key). ``first``: the first page, else the one after
    ``$after``. One list per page instead of a record per node: the driver's per-record
    work is what reading a city costs otherwise."""
    _node(n)
    cols = "".join(f", n.{_name(p)}" for p in _others(n, props))
    return _page_start(n, "n", first) + f"RETURN collect([n.{_name(n.key)}{cols}]) AS rows"


def read_rel_page(r: RelType, *, first: bool) -> str:
    """The relationships of one page of start nodes (``$page`` after ``$after`` in key
    order): ``n`` start nodes, the ``last`` start key, and ``rows`` of
    ``[start key, end key, property values…]``."""
    _rel(r)
    s, e = NODES[r.start], NODES[r.end]
    cols = "".join(f", r.{_name(p.name)}" for p in r.props)
    return (
        _page_start(s, "a", first) + "WITH collect(a) AS starts\n"
        "CALL (starts) {\n"
        "  UNWIND starts AS a\n"
        f"  MATCH (a)-[r:{_name(r.type)}]->(b:{_name(e.label)})\n"
        f"  RETURN collect([a.{_name(s.key)}, b.{_name(e.key)}{cols}]) AS rows\n"
        "}\n"
        f"RETURN size(starts) AS n, last(starts).{_name(s.key)} AS last, rows"
    )


def read_node_columns(n: NodeType, props: Sequence[str], *, first: bool) -> str:
    """One page of nodes (as :func:`read_node_page`) as columns: ``ids`` (the nodes'
    internal ids, valid in this transaction: :func:`read_rel_columns` gives ids), ``keys``,
    then one list per property of ``props`` (``c0``, ``c1`` …; ``null`` where a node has
    none). Flat lists are what the driver decodes fastest; ``collect()`` would skip the
    nulls, so the page is collected as rows and cut into columns on the server. A map
    projection reads a node's properties in one walk of its property chain (cheaper for
    the server than one lookup per property)."""
    _node(n)
    names = _others(n, props)
    project = ", ".join(f".{_name(p)}" for p in names)
    values = "".join(f", m.{_name(p)}" for p in names)
    split = "".join(f", [r IN rows | r[{i}]] AS c{i - 2}" for i in range(2, len(names) + 2))
    return (
        _page_start(n, "n", first)
        + (f"WITH n, n {{{project}}} AS m\n" if names else "")
        + f"WITH collect([id(n), n.{_name(n.key)}{values}]) AS rows\n"
        + f"RETURN [r IN rows | r[0]] AS ids, [r IN rows | r[1]] AS keys{split}"
    )


def read_rel_columns(r: RelType, *, first: bool) -> str:
    """The relationships of one page of start nodes (``$page`` after the key ``$after``)
    as two columns of internal node ids: ``n`` start nodes, the ``last`` start key,
    ``starts`` and ``ends``. Ids, not keys: reading the end node's key property was most
    of the server's work."""
    _rel(r)
    s, e = NODES[r.start], NODES[r.end]
    return (
        _page_start(s, "a", first) + "WITH collect(a) AS page\n"
        "CALL (page) {\n"
        "  UNWIND page AS a\n"
        f"  MATCH (a)-[:{_name(r.type)}]->(b:{_name(e.label)})\n"
        "  RETURN collect(id(a)) AS starts, collect(id(b)) AS ends\n"
        "}\n"
        f"RETURN size(page) AS n, last(page).{_name(s.key)} AS last, starts, ends"
    )


def count_nodes(n: NodeType) -> str:
    _node(n)
    return f"MATCH (n:{_name(n.label)}) RETURN count(n) AS c"


def count_rels(r: RelType) -> str:
    _rel(r)
    return f"MATCH (:{_name(r.start)})-[r:{_name(r.type)}]->(:{_name(r.end)}) RETURN count(r) AS c"


def delete_runs() -> str:
    """Delete the result runs of ``$analysis`` and everything hanging off them."""
    return "MATCH (run:`AnalysisRun` {analysis: $analysis}) DETACH DELETE run"


def read_results(r: RelType) -> str:
    """The result relationships of ``$analysis`` as ``run id, end key, properties``."""
    _rel(r)
    e = NODES[r.end]
    cols = "".join(f", x.{_name(p.name)}" for p in r.props)
    return (
        f"MATCH (run:`AnalysisRun` {{analysis: $analysis}})-[x:{_name(r.type)}]->"
        f"(b:{_name(e.label)}) RETURN run.id, b.{_name(e.key)}{cols}"
    )


def delete_all() -> str:
    """Empty the database in batches (an auto-commit statement: tests and benchmarks)."""
    return "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def server_version() -> str:
    """The server's name and version, e.g. ``Neo4j Kernel 5.26.30``."""
    return "CALL dbms.components() YIELD name, versions RETURN name + ' ' + versions[0]"


def merge_one_node(n: NodeType) -> str:
    """The naive writer of the benchmark's baseline: one node per statement."""
    _node(n)
    return f"MERGE (n:{_name(n.label)} {{{_name(n.key)}: $key}})\nSET n += $props"


def merge_one_rel(r: RelType) -> str:
    """The naive writer of the benchmark's baseline: one relationship per statement."""
    _rel(r)
    s, e = NODES[r.start], NODES[r.end]
    drop = (
        f"WITH a, b\nCALL (a, b) {{ MATCH (a)-[old:{_name(r.type)}]->(x:{_name(e.label)}) "
        "WHERE x <> b DELETE old }\n"
        if r.single
        else ""
    )
    return (
        f"MERGE (a:{_name(s.label)} {{{_name(s.key)}: $start}})\n"
        f"MERGE (b:{_name(e.label)} {{{_name(e.key)}: $end}})\n"
        f"{drop}MERGE (a)-[r:{_name(r.type)}]->(b)\n"
        "SET r += $props"
    )


# -- the store's meta node (name ``$meta``) ---------------------------------------------------

_META_COLUMNS = (
    "RETURN m.load_state AS state, m.load_token AS token, m.load_started AS started, "
    "m.load_ended AS ended, m.load_host AS host, m.load_pid AS pid, "
    "m.load_pid_start AS pid_start, "
    "duration.inSeconds(m.load_beat, datetime.realtime()).seconds AS age, "
    "m.key_fingerprint AS fingerprint"
)


def read_meta() -> str:
    """The store's meta node (one record, all null when it does not exist yet): the load
    marker, ``age`` (seconds since the running load's last heartbeat, by the server's
    clock) and the key's fingerprint."""
    return f"OPTIONAL MATCH (m:{_name(META_LABEL)} {{name: $meta}})\n" + _META_COLUMNS


def claim_load() -> str:
    """Create the meta node if needed and take its write lock (held until the transaction
    ends, so that two loads starting at once are serialized), then read it as
    :func:`read_meta` does."""
    return (
        f"MERGE (m:{_name(META_LABEL)} {{name: $meta}})\n"
        "SET m.load_claim = $token\n"
        "WITH m\n" + _META_COLUMNS
    )


def start_load() -> str:
    """Mark a load begun: ``$state``, ``$token``, who runs it (``$host``, ``$pid``,
    ``$pid_start``), start time and first heartbeat (the server's clock)."""
    return (
        f"MATCH (m:{_name(META_LABEL)} {{name: $meta}})\n"
        "WITH m, datetime.realtime() AS now\n"
        "SET m.load_state = $state, m.load_token = $token, m.load_started = now, "
        "m.load_beat = now, m.load_host = $host, m.load_pid = $pid, "
        "m.load_pid_start = $pid_start\n"
        "REMOVE m.load_claim, m.load_ended"
    )


def beat_load() -> str:
    """The heartbeat of the load ``$token`` (nothing if another load took the marker)."""
    return (
        f"MATCH (m:{_name(META_LABEL)} {{name: $meta}}) WHERE m.load_token = $token\n"
        "SET m.load_beat = datetime.realtime()"
    )


def end_load() -> str:
    """Mark the load ``$token`` ended with ``$state``; returns how many markers were its."""
    return (
        f"MATCH (m:{_name(META_LABEL)} {{name: $meta}}) WHERE m.load_token = $token\n"
        "SET m.load_state = $state, m.load_ended = datetime.realtime()\n"
        "REMOVE m.load_beat\n"
        "RETURN count(m) AS n"
    )


def set_key_fingerprint() -> str:
    return f"MERGE (m:{_name(META_LABEL)} {{name: $meta}})\nSET m.key_fingerprint = $fingerprint"


def read_legacy_secret() -> str:
    """The pseudonym secret an older pbgraph kept in the database (``$meta``: its node)."""
    return f"MATCH (m:{_name(META_LABEL)} {{name: $meta}}) RETURN m.value AS value"


def drop_legacy_secret() -> str:
    return f"MATCH (m:{_name(META_LABEL)} {{name: $meta}}) DETACH DELETE m"
