"""Moved to pbgraph.stores.neo4j; kept for old imports."""

from ..stores.neo4j import DEFAULT_LOCAL_PASSWORD, Neo4jStore

__all__ = ["DEFAULT_LOCAL_PASSWORD", "Neo4jStore"]
