"""The Neo4j store: the same interface as the embedded one, over Bolt with the official driver.

Writes are batched ``UNWIND $rows … MERGE`` statements run in managed transactions
(``execute_write`` retries transient errors); a rerun of the same load is harmless because
every write is a ``MERGE`` on the schema keys, backed by uniqueness constraints.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import networkx as nx

from ..errors import StoreError, StoreUnreachableError
from . import cypher
from .schema import NODES, RELS, RESULT_NODES, RESULT_RELS, NodeType, RelType, node_id
from .store import _node_type

__all__ = ["Neo4jStore", "DEFAULT_LOCAL_PASSWORD"]

DEFAULT_LOCAL_PASSWORD = "pbgraph-local"  # the password `pbgraph neo4j start` sets
BATCH = 10_000


def _plain(v: Any) -> Any:
    return v.isoformat() if hasattr(v, "isoformat") else v


class Neo4jStore:
    """A store in a Neo4j database (5.x or later)."""

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        batch_size: int = BATCH,
    ) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

        self.uri, self.database, self.batch_size = uri, database or None, batch_size
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password or DEFAULT_LOCAL_PASSWORD),
                notifications_min_severity="OFF",  # "unknown label" hints on an empty store
                max_transaction_retry_time=10.0,  # a server that is gone is reported soon
            )
        except (ConfigurationError, ValueError) as e:
            raise StoreError(f"bad Neo4j URI {uri!r}: {e}") from None
        try:
            self._driver.verify_connectivity()
        except AuthError:
            self._driver.close()
            raise StoreUnreachableError(
                f"Neo4j at {uri} refused user {user!r} with that password; "
                "set NEO4J_PASSWORD (or --neo4j-password) and NEO4J_USERNAME"
            ) from None
        except (ServiceUnavailable, OSError) as e:
            self._driver.close()
            raise StoreUnreachableError(
                f"cannot reach Neo4j at {uri} ({type(e).__name__}); is it running? "
                "`pbgraph neo4j start` runs a local one, or set NEO4J_URI"
            ) from None
        except Neo4jError as e:
            self._driver.close()
            raise StoreUnreachableError(f"Neo4j at {uri}: {e.message}") from None
        self._create()

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    def __repr__(self) -> str:
        return f"Neo4jStore({self.uri!r}, database={self.database!r})"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Batches commit one by one; a rerun of an interrupted load completes it."""
        yield

    def _session(self) -> Any:
        return self._driver.session(database=self.database)

    @contextlib.contextmanager
    def _lost(self) -> Iterator[None]:
        """A server that goes away mid-work is 'unreachable' (exit 3), not a traceback."""
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        try:
            yield
        except (ServiceUnavailable, SessionExpired, OSError) as e:
            raise StoreUnreachableError(
                f"lost the connection to Neo4j at {self.uri} ({type(e).__name__}); "
                "what was written is kept: rerun the same command once the server is back"
            ) from None

    def _write(self, query: str, rows: Sequence[Mapping[str, Any]]) -> None:
        def work(tx: Any, batch: Sequence[Mapping[str, Any]]) -> None:
            tx.run(query, rows=batch).consume()

        with self._lost(), self._session() as s:
            for i in range(0, len(rows), self.batch_size):
                s.execute_write(work, rows[i : i + self.batch_size])

    def _read(self, query: str, **params: Any) -> list[list[Any]]:
        def work(tx: Any) -> list[list[Any]]:
            return [r.values() for r in tx.run(query, **params)]

        with self._lost(), self._session() as s:
            return s.execute_read(work)

    def _create(self) -> None:
        with self._session() as s:
            for q in cypher.constraints():
                s.run(q).consume()
            s.execute_write(
                lambda tx: tx.run(cypher.init_secret(), value=secrets.token_hex(32)).consume()
            )

    # -- writes --------------------------------------------------------------------------
    def upsert_nodes(self, label: str, rows: Sequence[Mapping[str, Any]]) -> int:
        n = _node_type(label)
        allowed = set(n.prop_names)
        payload = []
        for r in rows:
            unknown = set(r) - allowed
            if unknown:
                raise StoreError(f"properties not in the schema: {', '.join(sorted(unknown))}")
            if r.get(n.key) is None:
                raise StoreError(f"rows lack the key {n.key!r}")
            props = {k: _plain(v) for k, v in r.items() if v is not None}
            payload.append({"key": r[n.key], "props": props})
        self._write(cypher.merge_nodes(n), payload)
        return len(rows)

    def upsert_rels(self, rel: RelType, rows: Sequence[Mapping[str, Any]]) -> int:
        if rel not in RELS:
            raise StoreError(f"{rel.name} is not a relationship of the schema")
        allowed = {p.name for p in rel.props}
        payload = []
        for r in rows:
            props = {
                k: _plain(v) for k, v in r.items() if k not in ("start", "end") and v is not None
            }
            if set(props) - allowed:
                raise StoreError(f"properties not in the schema: {sorted(set(props) - allowed)}")
            payload.append({"start": r["start"], "end": r["end"], "props": props})
        if rel.single:
            self._write(cypher.delete_other_single(rel), payload)
        self._write(cypher.merge_rels(rel), payload)
        return len(rows)

    def replace_results(
        self,
        analysis: str,
        run: Mapping[str, Any],
        rels: Mapping[RelType, Sequence[Mapping[str, Any]]],
    ) -> None:
        """Replace the previous results of ``analysis`` by this run (see the embedded store)."""
        with self._session() as s:
            s.execute_write(lambda tx: tx.run(cypher.delete_runs(), analysis=analysis).consume())
        node = RESULT_NODES["AnalysisRun"]
        row = {
            **run,
            "analysis": analysis,
            "params": json.dumps(run.get("params", {}), ensure_ascii=False),
        }
        self._write(cypher.merge_nodes(node), [{"key": row["id"], "props": row}])
        for r, rows in rels.items():
            if r not in RESULT_RELS:
                raise StoreError(f"{r.name} is not a result relationship of the schema")
            payload = [
                {
                    "start": x["start"],
                    "end": x["end"],
                    "props": {
                        k: v for k, v in x.items() if k not in ("start", "end") and v is not None
                    },
                }
                for x in rows
            ]
            self._write(cypher.merge_rels(r), payload)

    def results(self, analysis: str) -> list[dict[str, Any]]:
        """The written-back results of ``analysis``: one dict per result relationship."""
        out = []
        for r in RESULT_RELS:
            names = [p.name for p in r.props]
            for run_id, end, *props in self._read(cypher.read_results(r), analysis=analysis):
                out.append(
                    {
                        "run": run_id,
                        "type": r.type,
                        "end": end,
                        **dict(zip(names, props, strict=True)),
                    }
                )
        return out

    # -- reads ---------------------------------------------------------------------------
    def secret(self) -> bytes:
        rows = self._read(cypher.read_secret())
        return bytes.fromhex(rows[0][0])

    def keys(self, label: str) -> set[str]:
        return {r[0] for r in self._read(cypher.node_keys(_node_type(label)))}

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        return [(r[0], r[1]) for r in self._read(cypher.node_key_values(_node_type(label), prop))]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for n in NODES.values():
            out[n.label] = self._read(cypher.count_nodes(n))[0][0]
        for r in RELS:
            out[r.name] = self._read(cypher.count_rels(r))[0][0]
        return out

    def graph(self) -> nx.MultiDiGraph:
        """The whole ledger graph as a networkx ``MultiDiGraph`` (same shape as embedded)."""
        G = nx.MultiDiGraph()
        for n in NODES.values():
            G.add_nodes_from(self._node_rows(n))
        for r in RELS:
            G.add_edges_from(self._rel_rows(r))
        return G

    def _node_rows(self, n: NodeType) -> Iterator[tuple[str, dict[str, Any]]]:
        names = n.prop_names
        label = n.label
        for row in self._read(cypher.read_nodes(n)):
            attrs: dict[str, Any] = {"label": label}
            for name, v in zip(names, row, strict=True):
                if v is not None:
                    attrs[name] = v
            yield node_id(label, row[0]), attrs

    def _rel_rows(self, r: RelType) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        names = [p.name for p in r.props]
        for start, end, *props in self._read(cypher.read_rels(r)):
            attrs: dict[str, Any] = {"type": r.type}
            for name, v in zip(names, props, strict=True):
                if v is not None:
                    attrs[name] = v
            yield node_id(r.start, start), node_id(r.end, end), r.type, attrs

    def clear(self) -> None:
        """Delete everything (tests and benchmarks use this on a scratch database)."""
        with self._session() as s:
            s.run(cypher.delete_all()).consume()
            s.execute_write(
                lambda tx: tx.run(cypher.init_secret(), value=secrets.token_hex(32)).consume()
            )
