"""What a Neo4j store records of the pseudonym key: its fingerprint on the store's meta node
(never the key: :mod:`pbgraph.keys`), and the secret an older pbgraph kept in the database,
to be handed over to a key file and dropped. Part of :class:`pbgraph.stores.neo4j.Neo4jStore`
(a mixin of its methods)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from . import cypher

__all__ = ["KeyRecord"]


class KeyRecord:
    """The key's methods of :class:`~pbgraph.stores.neo4j.Neo4jStore`; it gives them its
    URI, sessions and reads."""

    uri: str

    if TYPE_CHECKING:  # what the store gives them (its own methods)

        def _settle(self) -> None: ...

        def _lost(self) -> contextlib.AbstractContextManager[None]: ...

        def _session(self) -> Any: ...

        def _read(self, query: str, **params: Any) -> list[list[Any]]: ...

    def secret(self) -> bytes:
        """Gone: the pseudonym key lives in a file of its own (:mod:`pbgraph.keys`)."""
        raise StoreError("the pseudonym key is not kept in the store; see pbgraph.keys")

    def key_fingerprint(self) -> str | None:
        """The fingerprint of the pseudonym key the store was loaded with (None: not yet)."""
        self._settle()
        with self._lost(), self._session() as s:
            fingerprint = s.execute_read(
                lambda tx: tx.run(cypher.read_meta(), meta=cypher.META_STORE).single(strict=True)[
                    "fingerprint"
                ]
            )
        return fingerprint if isinstance(fingerprint, str) else None

    def set_key_fingerprint(self, fp: str) -> None:
        """Record the fingerprint of the pseudonym key (``Key.fingerprint``); replaces one
        recorded before. Never give it the key itself."""
        if not isinstance(fp, str) or not fp:
            raise StoreError("a key fingerprint is a non-empty string")
        self._settle()
        with self._lost(), self._session() as s:
            s.execute_write(
                lambda tx: tx.run(
                    cypher.set_key_fingerprint(), meta=cypher.META_STORE, fingerprint=fp
                ).consume()
            )

    def legacy_secret(self) -> bytes | None:
        """The pseudonym secret a database loaded by an older pbgraph holds (it kept the key
        in the database); None if there is none. To be moved to a key file, then dropped."""
        rows = self._read(cypher.read_legacy_secret(), meta=cypher.META_SECRET)
        value = rows[0][0] if rows else None
        if isinstance(value, str):
            try:
                return bytes.fromhex(value)
            except ValueError:
                raise StoreError(
                    f"数据库 {self.uri} 中旧版保存的化名密钥不是十六进制 "
                    f"(the old pseudonym secret in {self.uri} is not hexadecimal)"
                ) from None
        return bytes(value) if isinstance(value, bytes | bytearray) else None

    def drop_legacy_secret(self) -> None:
        """Delete the pseudonym secret an older pbgraph kept in the database (if any)."""
        with self._lost(), self._session() as s:
            s.execute_write(
                lambda tx: tx.run(cypher.drop_legacy_secret(), meta=cypher.META_SECRET).consume()
            )
