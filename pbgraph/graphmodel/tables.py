"""The projection as tables: node attributes by label, relationship endpoints by type.

Analyses that look at every organization (coverage, grouping) work on these columns with
numpy instead of walking the networkx graph node by node. The stores build them while they
build the graph (:func:`pbgraph.graphmodel.projection.build_graph` stores them in
``G.graph["tables"]``, sharing the graph's own attribute dicts, so attributes changed in
place are seen); for any other graph, a copy, or a graph whose nodes or adjacent pairs were
added or removed since, :func:`tables_of` rebuilds them from the graph in one pass.

Relationship endpoints are also kept as integer positions into their label's table
(:meth:`Tables.positions`), computed once and cached: joins become numpy indexing.

Tables come in two kinds that analyses read alike, through :meth:`Tables.column` (one
property of every node of a label, typed by the schema) and :meth:`Tables.positions`:
*dict-backed*, derived from a networkx graph as above, and *column-backed*, read straight
from a store (``store.tables(...)``: :func:`column_tables`) with only the labels,
relationship types and properties an analysis asks for, and no dict per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast, overload

import numpy as np

from .schema import NODES, RELS, split_node_id

if TYPE_CHECKING:  # networkx takes 0.1-0.8 s to import: only the graph's users pay it
    import networkx as nx

__all__ = ["ColumnRows", "Tables", "column_tables", "column_type", "tables_of"]

_REL_NAME = {(r.type, r.start, r.end): r.name for r in RELS}
_REL_ENDS = {r.name: (r.start, r.end) for r in RELS}


@dataclass
class Tables:
    """``nodes[label] = (keys, attribute dicts)``; ``rels[name] = (start keys, end keys)``."""

    nodes: dict[str, tuple[list[str], list[dict[str, Any]]]] = field(default_factory=dict)
    rels: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    n_nodes: int = 0
    n_pairs: int = 0  # adjacent (u, v) pairs: ``pair_count``
    node_map: Any = None  # the graph's own node dict, to tell a copy from the original
    #: column-backed: ``columns[label][prop]``, the values read: a list (``None``:
    #: missing) or a numpy array of numbers (none missing)
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)
    _index: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    _positions: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, repr=False)
    _typed: dict[tuple[str, str, str], Any] = field(default_factory=dict, repr=False)

    def node_table(self, label: str) -> tuple[list[str], list[dict[str, Any]]]:
        return self.nodes.get(label, ([], []))

    def keys(self, label: str) -> list[str]:
        """The keys of the nodes of ``label``, in table order."""
        return self.node_table(label)[0]

    def column(self, label: str, prop: str, kind: str | None = None) -> Any:
        """Property ``prop`` of every node of ``label``, in table order (read from the
        graph's dicts at every call, as they may change in place; cached when column-backed).

        ``kind`` (default: the schema's type, :func:`column_type`) decides the form:
        ``int``, ``float`` and ``bool`` give a numpy array with 0, 0.0 and ``False`` for a
        missing or empty value (as ``d.get(prop) or 0`` would); anything else a list of
        the values, ``None`` where missing. A column-backed table raises ``KeyError`` for a
        schema property it was not asked to read.
        """
        kind = kind or column_type(label, prop)
        if label not in self.columns:  # the graph's dicts, maybe changed in place: read now
            return _as_kind(self._raw(label, prop), kind)
        col = self._typed.get((label, prop, kind))
        if col is None:
            col = self._typed[label, prop, kind] = _as_kind(self._raw(label, prop), kind)
        return col

    def _raw(self, label: str, prop: str) -> Sequence[Any] | Iterable[Any]:
        cols = self.columns.get(label)
        if cols is None:
            return [d.get(prop) for d in self.node_table(label)[1]]
        if prop in cols:
            return cols[prop]
        n = NODES.get(label)
        if n is not None and prop in n.prop_names:
            raise KeyError(f"{label}.{prop} was not read into these tables")
        return [None] * len(self.keys(label))  # outside the schema: in no store

    def rel_table(self, name: str) -> tuple[list[str], list[str]]:
        return self.rels.get(name, ([], []))

    def index(self, label: str) -> dict[str, int]:
        """``{key: position}`` in the node table of ``label`` (cached)."""
        ix = self._index.get(label)
        if ix is None:
            keys = self.node_table(label)[0]
            ix = self._index[label] = dict(zip(keys, range(len(keys)), strict=True))
        return ix

    def positions(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Start and end positions of relationship ``name`` in their node tables (cached),
        ordered by start then end position: the order a store keeps them in, whatever order
        a graph's edges came in, so that no analysis depends on it (the relationship's keys,
        :meth:`rel_table`, are put in the same order)."""
        pos = self._positions.get(name)
        if pos is None:
            start, end = _REL_ENDS[name]
            s, e = self.rel_table(name)
            if not s:  # none (or not read): no index of either label is needed
                pos = self._positions[name] = (np.zeros(0, np.int64), np.zeros(0, np.int64))
                return pos
            si, ei = self.index(start), self.index(end)
            ps = np.fromiter(map(si.__getitem__, s), dtype=np.int64, count=len(s))
            pe = np.fromiter(map(ei.__getitem__, e), dtype=np.int64, count=len(e))
            pair = ps * max(len(ei), 1) + pe
            if len(pair) > 1 and bool((pair[1:] < pair[:-1]).any()):  # a graph's edge order
                order = np.argsort(pair, kind="stable")
                ps, pe = ps[order], pe[order]
                at = order.tolist()
                self.rels[name] = ([s[i] for i in at], [e[i] for i in at])
            pos = self._positions[name] = (ps, pe)
        return pos

    def to_networkx(self) -> nx.MultiDiGraph:
        """The networkx ``MultiDiGraph`` of these tables, for researchers: what
        ``store.graph()`` gives, for the labels, relationship types and properties read
        (``store.tables().to_networkx()`` is the whole graph)."""
        from .projection import build_graph

        by_name = {r.name: r for r in RELS}
        return build_graph(
            ((label, zip(keys, attrs, strict=True)) for label, (keys, attrs) in self.nodes.items()),
            (
                (r, ((a, b, {"type": r.type}) for a, b in zip(*self.rel_table(name), strict=True)))
                for name, r in ((name, by_name[name]) for name in self.rels)
            ),
        )

    def matches(self, G: nx.MultiDiGraph) -> bool:
        """Whether the tables were made from ``G`` and it still has the same nodes and
        adjacent pairs (counted: a full edge count is several times slower)."""
        return self.node_map is G._node and self.n_nodes == len(G) and self.n_pairs == pair_count(G)


def column_type(label: str, prop: str) -> str:
    """The schema's type of ``label``'s property ``prop`` (``str`` outside the schema)."""
    n = NODES.get(label)
    for p in n.props if n is not None else ():
        if p.name == prop:
            return p.type
    return "str"


_DTYPES = {"int": np.int64, "float": np.float64, "bool": np.bool_}


def _as_kind(values: Sequence[Any] | Iterable[Any], kind: str) -> Any:
    dtype = _DTYPES.get(kind)
    if isinstance(values, np.ndarray):  # read as numbers, none missing
        return values.tolist() if dtype is None else values.astype(dtype)
    if dtype is None:
        return values if isinstance(values, list) else list(values)
    if kind == "bool":
        return np.fromiter(map(bool, values), dtype)
    zero = 0.0 if kind == "float" else 0
    return np.array([v or zero for v in values], dtype)


class ColumnRows(Sequence[dict[str, Any]]):
    """The rows of a column-backed node table as attribute dicts, made on demand (for
    code that still reads ``attrs[j].get(prop)``): the label, the key and the properties
    read, missing ones left out, as a store's graph has them."""

    def __init__(self, label: str, keys: list[str], columns: Mapping[str, Any]) -> None:
        self._label, self._keys, self._columns = label, keys, columns
        n = NODES.get(label)
        self._key = n.key if n is not None else "key"
        self._bools = {p.name for p in n.props if p.type == "bool"} if n is not None else set()

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, j: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, j: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, j: int | slice) -> Any:
        if isinstance(j, slice):
            return [self[i] for i in range(*j.indices(len(self)))]
        d: dict[str, Any] = {"label": self._label, self._key: self._keys[j]}
        for p, col in self._columns.items():
            v = col[j]
            if v is None:
                continue
            if isinstance(v, np.generic):
                v = v.item()
            d[p] = bool(v) if p in self._bools else v
        return d

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self[j] for j in range(len(self)))


def column_tables(
    nodes: Mapping[str, tuple[list[str], dict[str, Any]]],
    rels: Mapping[str, tuple[list[str], list[str]]],
    positions: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> Tables:
    """Column-backed tables: ``nodes[label] = (keys, {prop: values})`` (values as in
    :attr:`Tables.columns`), ``rels[name] = (start keys, end keys)``; ``positions`` of
    relationships already known (as :meth:`Tables.positions` would compute them)."""
    t = Tables(columns={label: cols for label, (_, cols) in nodes.items()})
    t._positions.update(positions or {})
    for label, (keys, cols) in nodes.items():
        # rows as dicts on demand, for the readers of ``attrs[j]`` (read-only: not a list)
        t.nodes[label] = (keys, cast(list[dict[str, Any]], ColumnRows(label, keys, cols)))
    t.rels = dict(rels)
    t.n_nodes = sum(len(k) for k, _ in nodes.values())
    t.n_pairs = sum(len(s) for s, _ in rels.values())
    return t


def pair_count(G: nx.MultiDiGraph) -> int:
    """Number of adjacent ``(u, v)`` pairs of a graph, counted in C."""
    return sum(map(len, G._succ.values()))


def tables_of(G: nx.MultiDiGraph) -> Tables:
    """The tables of ``G``: the store's, when they still describe ``G``; else built now."""
    t = G.graph.get("tables")
    if isinstance(t, Tables) and t.matches(G):
        return t
    nodes: dict[str, tuple[list[str], list[dict[str, Any]]]] = defaultdict(lambda: ([], []))
    for n, d in G.nodes(data=True):
        label = d.get("label") or split_node_id(str(n))[0]
        keys, attrs = nodes[label]
        keys.append(split_node_id(str(n))[1])
        attrs.append(d)
    rels: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for u, v, k in G.edges(keys=True):
        (lu, ku), (lv, kv) = split_node_id(str(u)), split_node_id(str(v))
        name = _REL_NAME.get((k, lu, lv))
        if name is not None:
            s, e = rels[name]
            s.append(ku)
            e.append(kv)
    return Tables(dict(nodes), dict(rels), len(G), pair_count(G), G._node)
