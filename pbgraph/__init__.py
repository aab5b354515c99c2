"""pbgraph: a graph-based analyzer of a city's regional party-building network (区域化党建网络).

Load ledgers with :func:`pbgraph.loaders.load.load_ledgers` into a store
(:class:`pbgraph.stores.sqlite.EmbeddedStore`), read the graph back with ``store.graph()``
and run the analyses of :mod:`pbgraph.analyses` on it.
"""

__version__ = "0.1.0"
