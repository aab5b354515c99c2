"""The domain schema, as data: the single source of truth for the whole tool.

Neo4j constraints, the embedded store's tables, ledger column aliases, value validation and
the networkx projection are all derived from the objects of this package; nothing restates
them. The objects' kinds are in :mod:`.model`, the node labels in :mod:`.nodes`, the ledger
columns that are not node properties in :mod:`.fields` and the relationship types (and the
analyses' results) in :mod:`.rels`; the lookups are below.

Refinements of the target model (docs/design.md#the-graph-model), with reasons:

* ``Region.code`` is the path of names (``"历下区/泉城路街道"``): ledgers carry names of
  districts and streets, not statistical division codes, so the names are the natural key.
  A real division code, when a ledger has one, is kept as ``division_code``.
* ``Building.id`` is ``"<district>/<name>"``: building, park and market names repeat across
  a city but not within a district.
* ``VisitReport.id`` is ``"<street code>|<YYYY-MM-DD>"``: one report per street per day; a
  late correction for the same street and day replaces the earlier one's figures (a blank
  cell keeps the stored figure). The organizations a report names are ``VISITED``; a
  correction adds to them (a relationship is never removed by a load).
* ``DemoSite`` (示范点) is a node of its own, not a flag on an organization: a site is an
  organization or a party organization (a joint branch is one too), so it points at either
  with ``SITE_OF``, and carries the six 三强三好 scores and the date it was designated.
* Coverage snapshots (``pbgraph load --as-of DATE``) are result runs: ``(:AnalysisRun
  {analysis: "coverage-snapshot-<date>"})-[:SNAPSHOT {category, street}]->(:Organization)``,
  replaced when the same date is loaded again, never part of the ledger graph.
* Where a party member's relation is held (talent centre, HR market, community) is a
  property of the member (``held_by``/``held_at``); the employer is ``WORKS_AT``.
* ``GUIDES`` ends at an ``Organization`` (work coverage) or at a ``PartyOrg`` (joint
  branches, weak organizations): two relationship types share one name.
* Relationship types marked ``single`` allow one relationship per start node: loading a newer
  ledger (an organization moved to another street) replaces the old one instead of adding.

Examples
--------
>>> NODES["Organization"].key
'credit_code'
>>> [r.type for r in rels_from("Organization")]
['LOCATED_IN', 'IN_BUILDING']
>>> node_id("Organization", "91350100M000100Y43")
'Organization:91350100M000100Y43'
"""

from __future__ import annotations

from typing import Any

from .fields import FIELDS
from .model import NodeType, Prop, RelType
from .model import PropType as PropType  # importable here, as before the split
from .nodes import NODES
from .rels import RELS, RESULT_NODES, RESULT_RELS

__all__ = [
    "NODES",
    "RELS",
    "RESULT_NODES",
    "RESULT_RELS",
    "SCHEMA_VERSION",
    "FIELDS",
    "NodeType",
    "Prop",
    "RelType",
    "node_id",
    "rel",
    "rels_from",
    "split_node_id",
]

#: the embedded store's format. 2: every write of the graph's tables stamps a generation,
#: which its column files copy (pbgraph.stores.sqlite_columns); a pbgraph of schema 1 would
#: write without stamping, so it refuses a store of schema 2 ("written by a newer pbgraph").
#: 3 (issue 20): the labels, relationship types and properties of the system's other parts
#: (leadership lines, registrations, transfers, service circle, welfare, training): an older
#: store gets their tables and columns when it is next opened for writing (a load)
SCHEMA_VERSION = 3


def rel(type: str, start: str, end: str) -> RelType:
    """The relationship type ``(start)-[type]->(end)`` of the schema."""
    for r in (*RELS, *RESULT_RELS):
        if (r.type, r.start, r.end) == (type, start, end):
            return r
    raise KeyError(f"no relationship ({start})-[{type}]->({end}) in the schema")


def rels_from(label: str) -> list[RelType]:
    """Relationship types starting at ``label``, in schema order."""
    return [r for r in RELS if r.start == label]


def node_id(label: str, key: Any) -> str:
    """The networkx node id of a node: ``"<label>:<key>"``."""
    return f"{label}:{key}"


def split_node_id(nid: str) -> tuple[str, str]:
    """Inverse of :func:`node_id`.

    >>> split_node_id("Region:历下区/泉城路街道")
    ('Region', '历下区/泉城路街道')
    """
    label, _, key = nid.partition(":")
    return label, key
