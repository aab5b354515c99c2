"""pbgraph: a graph-based analyzer of a city's regional party-building network (区域化党建网络).

The library's front door. Load ledgers into a store, read the graph back, run the analyses::

    import pbgraph

    with pbgraph.open_store("store/") as store:        # embedded; or "bolt://host:7687"
        pbgraph.load_ledgers(["ledgers/orgs.csv"], store)
        G = store.graph()                               # a networkx MultiDiGraph
    result = pbgraph.coverage(G, by="street")
    result.to_dict(), result.to_frame()                 # plain data; a pandas DataFrame

Every name below is imported on first use, so ``import pbgraph`` stays cheap (no networkx,
numpy or matplotlib until an analysis or a store is used). The names live in:

* :func:`load_ledgers` (alias :func:`load`): :mod:`pbgraph.loaders.load`;
* :func:`open_store`, :class:`EmbeddedStore`, :class:`Neo4jStore`: :mod:`pbgraph.stores`;
* :func:`coverage`, :func:`balance_instructors`, :func:`balance_pairings`, :func:`group`,
  :func:`progress`, :func:`funds`, :func:`demo_sites`: :mod:`pbgraph.analyses`;
* :func:`generate` (a synthetic city's ledgers): :mod:`pbgraph.synth`.

Charts are in :mod:`pbgraph.plots`, the report in :mod:`pbgraph.report`. The guides:
``docs/`` in the repository.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .analyses.balance import balance_instructors, balance_pairings
    from .analyses.coverage import coverage
    from .analyses.demo_sites import demo_sites
    from .analyses.funds import funds
    from .analyses.grouping import group
    from .analyses.progress import progress
    from .loaders.load import load_ledgers
    from .loaders.load import load_ledgers as load
    from .stores import EmbeddedStore, Neo4jStore, open_store
    from .synth import generate

#: public name -> (module, attribute); resolved on first access by :func:`__getattr__`
_EXPORTS: dict[str, tuple[str, str]] = {
    "load_ledgers": ("pbgraph.loaders.load", "load_ledgers"),
    "load": ("pbgraph.loaders.load", "load_ledgers"),
    "open_store": ("pbgraph.stores", "open_store"),
    "EmbeddedStore": ("pbgraph.stores", "EmbeddedStore"),
    "Neo4jStore": ("pbgraph.stores", "Neo4jStore"),
    "coverage": ("pbgraph.analyses.coverage", "coverage"),
    "balance_instructors": ("pbgraph.analyses.balance", "balance_instructors"),
    "balance_pairings": ("pbgraph.analyses.balance", "balance_pairings"),
    "group": ("pbgraph.analyses.grouping", "group"),
    "progress": ("pbgraph.analyses.progress", "progress"),
    "funds": ("pbgraph.analyses.funds", "funds"),
    "demo_sites": ("pbgraph.analyses.demo_sites", "demo_sites"),
    "generate": ("pbgraph.synth", "generate"),
}

__all__ = [
    "EmbeddedStore",
    "Neo4jStore",
    "__version__",
    "balance_instructors",
    "balance_pairings",
    "coverage",
    "demo_sites",
    "funds",
    "generate",
    "group",
    "load",
    "load_ledgers",
    "open_store",
    "progress",
]  # the names of _EXPORTS, and __version__ (tests/unit/test_docs.py checks they agree)


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # the next access skips this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
