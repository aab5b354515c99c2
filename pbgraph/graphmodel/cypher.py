"""Moved to pbgraph.stores.cypher; kept for old imports."""

from ..stores.cypher import *  # noqa: F403
from ..stores.cypher import __all__ as __all__
