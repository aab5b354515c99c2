"""What the export of issue 20's ledgers (:mod:`.services_export`, :mod:`.welfare_export`)
needs of :mod:`.export`'s view of the graph, as a protocol (importing ``export`` itself
from them would be circular: it imports them)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

__all__ = ["ExportView"]


class ExportView(Protocol):  # pbgraph.loaders.export._View
    G: Any
    out: Any

    def nodes(self, label: str) -> Iterator[tuple[str, dict[str, Any]]]: ...
    def one(self, n: str, rel: str) -> str | None: ...
    def key(self, n: str | None) -> str | None: ...
    def place(self, region: str | None) -> dict[str, Any]: ...
