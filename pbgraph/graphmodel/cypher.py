"""Every Cypher statement pbgraph sends, in one place.

Values always travel as parameters (``$rows``, ``$keys``...). Labels, relationship types and
property names are spliced into the text, but only from the schema objects: each function
takes a :class:`NodeType`/:class:`RelType` (never a string from input) and checks it is one of
the schema's before building text.

Examples
--------
>>> from pbgraph.graphmodel.schema import NODES
>>> print(merge_nodes(NODES["Region"]))
UNWIND $rows AS row
MERGE (n:`Region` {`code`: row.key})
SET n += row.props
"""

from __future__ import annotations

from .schema import NODES, RELS, RESULT_NODES, RESULT_RELS, NodeType, RelType

__all__ = [
    "constraints",
    "count_nodes",
    "count_rels",
    "delete_other_single",
    "delete_runs",
    "merge_nodes",
    "merge_rels",
    "node_keys",
    "node_key_values",
    "read_nodes",
    "read_rels",
    "META_LABEL",
]

#: The one label outside the schema: the store's own metadata (its pseudonym secret).
META_LABEL = "PbgraphMeta"


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


def merge_nodes(n: NodeType) -> str:
    """Upsert ``$rows`` of ``{key, props}``; ``props`` holds no nulls (nulls never erase)."""
    _node(n)
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{_name(n.label)} {{{_name(n.key)}: row.key}})\n"
        "SET n += row.props"
    )


def merge_rels(r: RelType) -> str:
    """Upsert ``$rows`` of ``{start, end, props}``; missing endpoints are created by key."""
    _rel(r)
    s, e = NODES.get(r.start) or RESULT_NODES[r.start], NODES[r.end]
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (a:{_name(s.label)} {{{_name(s.key)}: row.start}})\n"
        f"MERGE (b:{_name(e.label)} {{{_name(e.key)}: row.end}})\n"
        f"MERGE (a)-[r:{_name(r.type)}]->(b)\n"
        "SET r += row.props"
    )


def delete_other_single(r: RelType) -> str:
    """For a ``single`` relationship type: drop a start node's other relationships."""
    _rel(r)
    s, e = NODES[r.start], NODES[r.end]
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{_name(s.label)} {{{_name(s.key)}: row.start}})"
        f"-[r:{_name(r.type)}]->(b:{_name(e.label)})\n"
        f"WHERE b.{_name(e.key)} <> row.end\n"
        "DELETE r"
    )


def node_keys(n: NodeType) -> str:
    _node(n)
    return f"MATCH (n:{_name(n.label)}) RETURN n.{_name(n.key)} AS key"


def node_key_values(n: NodeType, prop: str) -> str:
    _node(n)
    n.prop(prop)
    return f"MATCH (n:{_name(n.label)}) RETURN n.{_name(n.key)} AS key, n.{_name(prop)} AS value"


def count_nodes(n: NodeType) -> str:
    _node(n)
    return f"MATCH (n:{_name(n.label)}) RETURN count(n) AS c"


def count_rels(r: RelType) -> str:
    _rel(r)
    return f"MATCH (:{_name(r.start)})-[r:{_name(r.type)}]->(:{_name(r.end)}) RETURN count(r) AS c"


def read_nodes(n: NodeType) -> str:
    """Every node of a label as a row of its properties in schema order."""
    _node(n)
    cols = ", ".join(f"n.{_name(p.name)}" for p in n.props)
    return f"MATCH (n:{_name(n.label)}) RETURN {cols}"


def read_rels(r: RelType) -> str:
    """Every relationship of a type as ``start key, end key, properties in schema order``."""
    _rel(r)
    s, e = NODES[r.start], NODES[r.end]
    cols = "".join(f", r.{_name(p.name)}" for p in r.props)
    return (
        f"MATCH (a:{_name(s.label)})-[r:{_name(r.type)}]->(b:{_name(e.label)}) "
        f"RETURN a.{_name(s.key)}, b.{_name(e.key)}{cols}"
    )


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


def read_secret() -> str:
    return f"MATCH (m:{_name(META_LABEL)} {{name: 'secret'}}) RETURN m.value AS value"


def init_secret() -> str:
    return f"MERGE (m:{_name(META_LABEL)} {{name: 'secret'}}) ON CREATE SET m.value = $value"
