"""What every store does: the :class:`Store` protocol that callers type against.

A store keeps the nodes and relationships of the schema (:mod:`pbgraph.graphmodel.schema`),
upserts them by key, reads the whole graph back as a networkx ``MultiDiGraph`` (node id
``"<label>:<key>"``, node attribute ``label`` plus the properties; edge key and attribute
``type`` plus the properties), and keeps the written-back results of analysis runs apart
from the ledger graph. :class:`pbgraph.stores.sqlite.EmbeddedStore` (one SQLite file, the
default) and :class:`pbgraph.stores.neo4j.Neo4jStore` (a Neo4j server) both are one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, Self

from ..errors import StoreError
from ..graphmodel.schema import NODES, NodeType, RelType

if TYPE_CHECKING:
    import networkx as nx

    from ..graphmodel.tables import Tables

__all__ = ["DEFAULT_STORE_DIR", "Store", "node_type"]

#: Folder of the embedded store when none is named (relative to the working directory).
DEFAULT_STORE_DIR = ".pbgraph"


class Store(Protocol):
    """What every store does. Rows are plain dicts of schema properties.

    Relationship rows carry ``start`` and ``end`` keys plus the relationship's properties.
    Endpoints that are not in the store yet are created with their key only (as Neo4j's
    ``MERGE`` would), never dropped.
    """

    # -- writes ------------------------------------------------------------------------
    def upsert_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update nodes of ``label`` by key; returns the number of rows."""
        ...

    def upsert_rels(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert or update relationships by (start, end); returns the number of rows."""
        ...

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Group writes into one load (nesting is flattened)."""
        ...

    def replace_results(
        self,
        analysis: str,
        run: Mapping[str, Any],
        rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
    ) -> None:
        """Replace the previous results of ``analysis`` by this run (``id``, ``created``,
        ``params``) and its result relationships (rows ``{start: run id, end, ...}``)."""
        ...

    def clear(self) -> None:
        """Delete everything in the store (tests and benchmarks, on scratch stores)."""
        ...

    # -- reads -------------------------------------------------------------------------
    def keys(self, label: str) -> set[str]:
        """The keys of every node of ``label``."""
        ...

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        """``(key, value)`` of one property for every node of ``label``."""
        ...

    def counts(self) -> dict[str, int]:
        """Number of nodes per label and of relationships per relationship name."""
        ...

    def graph(self) -> nx.MultiDiGraph:
        """The whole ledger graph as a networkx ``MultiDiGraph`` (a fresh copy every call)."""
        ...

    def tables(
        self,
        labels: Collection[str] | None = None,
        rels: Collection[str] | None = None,
        props: Mapping[str, Collection[str]] | None = None,
        *,
        where: Mapping[str, str] | None = None,
    ) -> Tables:
        """The projection's tables (:mod:`pbgraph.graphmodel.tables`) without the graph:
        the nodes of ``labels`` (default: all) with the properties ``props`` names for a
        label (default: all), the relationships named in ``rels`` (default: all) and the
        keys of their end labels; what an analysis reads through ``Tables.column`` and
        ``Tables.positions``, giving the same results as from :meth:`graph`.

        ``where={"city": "枣庄市"}`` or ``{"district": "枣庄市/市中区"}`` (a unique district
        name will do; ``{"city": …, "district": …}`` too): one partition only — its regions,
        its organizations, what they and its regions reach, and the relationships among
        these (:mod:`pbgraph.stores.partition` says exactly which)."""
        ...

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Reads inside see the store as of one moment, where the store can promise it."""
        ...

    def results(self, analysis: str) -> list[dict[str, Any]]:
        """The written-back results of ``analysis``: one dict per result relationship."""
        ...

    # -- the pseudonym key (its fingerprint only; see pbgraph.keys) --------------------
    def key_fingerprint(self) -> str | None:
        """The fingerprint of the key the store was loaded with (``None``: not yet)."""
        ...

    def set_key_fingerprint(self, fp: str) -> None:
        """Record the fingerprint of the key a load uses."""
        ...

    def legacy_secret(self) -> bytes | None:
        """The pseudonym key a store written before keys were kept apart holds, if any."""
        ...

    def drop_legacy_secret(self) -> None:
        """Remove such an old store's key."""
        ...

    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def node_type(label: str) -> NodeType:
    """The schema's node type of ``label`` (:class:`StoreError` for a label outside it)."""
    try:
        return NODES[label]
    except KeyError:
        raise StoreError(f"{label!r} is not a label of the schema") from None
