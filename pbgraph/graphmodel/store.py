"""Moved to pbgraph.stores.sqlite; kept for old imports."""

from ..stores.base import DEFAULT_STORE_DIR, Store
from ..stores.sqlite import EmbeddedStore

__all__ = ["DEFAULT_STORE_DIR", "EmbeddedStore", "Store"]
