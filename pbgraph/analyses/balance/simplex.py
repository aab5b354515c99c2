"""networkx's network simplex, pivot for pivot, with the pricing in numpy.

:func:`network_simplex` is ``networkx.network_simplex`` (networkx 3.x,
``networkx/algorithms/flow/networksimplex.py``) for a ``MultiDiGraph`` with integer
demands, capacities and weights: the same numbering of nodes and edges, the same initial
spanning tree, the same pivot rule (blocks of ⌈√m⌉ edges taken in turn; in a block, the
first edge of the lowest reduced cost), the same leaving edge and tree updates. So it
makes the same pivots and returns the same flow, which matters here: a min-cost flow has
many optimal flows, and the balance plan (which supplier gets which items) is decoded from
the one the solver stops at, so another solver, or another order, gives another plan.

What changes is the arithmetic: networkx prices one edge at a time in Python (about 7
million reduced costs for the city of 500 000 organizations); here a block is priced at
once with numpy over int64 arrays, and a potential update adds to the subtree's nodes in
one step. It is used when every reduced cost provably fits in int64 (``(2n + 3)·faux_inf``
< 2⁶³, ``faux_inf`` being networkx's stand-in for infinity: 3 × the largest of the sums of
finite capacities, absolute weights and absolute demands); otherwise networkx solves it.
"""

from __future__ import annotations

from itertools import chain, islice, repeat
from math import ceil, isinf, sqrt
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # networkx takes 0.3 s to import: only a graph's users pay it
    import networkx as nx

__all__ = ["Arcs", "min_cost_flow", "network_simplex"]

_INF = float("inf")
_LIMIT = 2**62  # int64 headroom: no reduced cost or potential may reach it
_CHUNK = 8  # blocks priced in one numpy step (a pivot looks at a few blocks, typically)


def network_simplex(G: nx.MultiDiGraph) -> tuple[int, dict[Any, dict[Any, dict[Any, int]]]]:
    """``(cost, flow)`` as ``networkx.network_simplex(G)`` gives them (``flow[u][v][key]``),
    with the ``demand``, ``capacity`` and ``weight`` attributes of a ``MultiDiGraph``.

    Exact in integers; raises what networkx raises for an unfeasible or unbounded
    problem. Leaves to networkx what is not all integers, could overflow int64, has a
    self-loop, or is unfeasible at sight (demands not summing to 0, a negative capacity).
    """
    import networkx as nx

    if len(G) == 0:
        raise nx.NetworkXError("graph has no nodes")
    s = _Simplex.of(G)
    if s is None:
        return nx.network_simplex(G)
    s.run()
    return s.result()


class Arcs:
    """A min-cost flow problem as a ``MultiDiGraph`` holds it, without networkx: nodes in
    the order they first appear, each node's arcs by target (in the order of the first
    arc to it) and then in the order added; a node's ``demand``; an arc's ``capacity``
    (``inf`` when not given) and ``weight``. :func:`min_cost_flow` numbers it as
    networkx numbers the graph the same ``add_node``/``add_edge`` calls build
    (:meth:`to_networkx`), so it makes the same pivots. Building it is several times
    faster than building the graph (0.7 s for the city's instructor plan, with the copy
    each solve takes)."""

    __slots__ = ("adj", "demand")

    def __init__(self) -> None:
        self.adj: dict[Any, dict[Any, list[tuple[Any, int]]]] = {}
        self.demand: dict[Any, int] = {}

    def __len__(self) -> int:
        return len(self.adj)

    def add_node(self, u: Any, demand: int | None = None) -> None:
        if u not in self.adj:
            self.adj[u] = {}
        if demand is not None:
            self.demand[u] = demand

    def add_edge(self, u: Any, v: Any, capacity: Any = _INF, weight: int = 0) -> None:
        adj = self.adj
        if u not in adj:
            adj[u] = {}
        if v not in adj:
            adj[v] = {}
        nbrs = adj[u]
        if v in nbrs:
            nbrs[v].append((capacity, weight))
        else:
            nbrs[v] = [(capacity, weight)]

    def copy(self) -> Arcs:
        new = Arcs()
        new.adj = {u: {v: list(a) for v, a in nbrs.items()} for u, nbrs in self.adj.items()}
        new.demand = dict(self.demand)
        return new

    def to_networkx(self) -> nx.MultiDiGraph:
        """The ``MultiDiGraph`` of the same calls (for networkx's own solver, and tests)."""
        import networkx as nx

        G = nx.MultiDiGraph()
        for u in self.adj:
            if u in self.demand:
                G.add_node(u, demand=self.demand[u])
            else:
                G.add_node(u)
        for u, nbrs in self.adj.items():
            for v, arcs in nbrs.items():
                for c, w in arcs:
                    G.add_edge(u, v, weight=w, **({} if c == _INF else {"capacity": c}))
        return G

    def edges(self) -> Any:
        """``(u, v, key, capacity, weight)`` in networkx's ``G.edges(keys=True)`` order."""
        for u, nbrs in self.adj.items():
            for v, arcs in nbrs.items():
                for k, (c, w) in enumerate(arcs):
                    yield u, v, k, c, w


def min_cost_flow(arcs: Arcs) -> tuple[int, dict[Any, dict[Any, dict[Any, int]]]]:
    """:func:`network_simplex` of the graph :meth:`Arcs.to_networkx` would build, without
    building it (but where networkx must solve it)."""
    if len(arcs) == 0:
        import networkx as nx

        raise nx.NetworkXError("graph has no nodes")
    s = _Simplex.of_arcs(arcs)
    if s is None:
        import networkx as nx

        return nx.network_simplex(arcs.to_networkx())
    s.run()
    return s.result()


class _Simplex:
    """The spanning-tree structures of networkx's ``_DataEssentialsAndFunctions``, with
    flows and potentials as numpy arrays."""

    def __init__(self, nodes: list[Any], demands: list[int], sources: list[int],
                 targets: list[int], keys: list[Any], caps: list[float],
                 weights: list[int]) -> None:  # fmt: skip
        self.node_list = nodes
        self.node_demands = demands
        self.empty: list[tuple[Any, Any, Any]] = []
        self.edge_keys = keys
        self.edge_count = m = len(sources)
        n = len(nodes)
        # artificial edges to and from the root (node -1, i.e. the last slot)
        for i, d in enumerate(demands):
            if d > 0:
                sources.append(-1)
                targets.append(i)
            else:
                sources.append(i)
                targets.append(-1)
        faux_inf = (
            3
            * max(  # integers: checked by of()
                int(sum(c for c in caps if c < _INF)),
                sum(abs(w) for w in weights),
                sum(abs(d) for d in demands),
            )
            or 1
        )
        self.faux_inf = faux_inf
        weights = weights + [faux_inf] * n
        caps = caps + [faux_inf] * n
        self.edge_sources, self.edge_targets = sources, targets
        self.edge_capacities, self.edge_weights = caps, weights
        self.S = np.array(sources, dtype=np.int64)
        self.T = np.array(targets, dtype=np.int64)
        self.C = np.array(weights, dtype=np.int64)
        self.x = list(chain(repeat(0, m), (abs(d) for d in demands)))  # flows
        # pricing's view of the flows: a reduced cost counts as is on an edge with no
        # flow, negated on one with flow (networkx's ``c if flow == 0 else -c``)
        self.sign = np.array([1 if f == 0 else -1 for f in self.x], dtype=np.int64)
        self.P = np.array([faux_inf if d <= 0 else -faux_inf for d in demands], dtype=np.int64)
        self.parent: list[Any] = list(chain(repeat(-1, n), [None]))
        self.parent_edge: list[Any] = list(range(m, m + n))
        self.subtree_size = list(chain(repeat(1, n), [n + 1]))
        # the tree in preorder (networkx's "thread"): the root (slot n, node -1), 0 .. n-1
        self.order = np.r_[n, np.arange(n)].astype(np.int64)
        self.pos = np.r_[np.arange(1, n + 1), 0].astype(np.int64)  # node -> its place
        self.places = np.arange(n + 1, dtype=np.int64)

    @classmethod
    def of(cls, G: nx.MultiDiGraph) -> _Simplex | None:
        """The problem of ``G`` numbered as networkx numbers it, checked as networkx checks
        it; ``None`` when it is not all integers or could overflow int64."""
        nodes = list(G)
        demands = [G.nodes[u].get("demand", 0) for u in nodes]
        edges = (
            (u, v, k, d.get("capacity", _INF), d.get("weight", 0))
            for u, v, k, d in G.edges(data=True, keys=True)
        )
        return cls._numbered(nodes, demands, edges)

    @classmethod
    def of_arcs(cls, arcs: Arcs) -> _Simplex | None:
        """:meth:`of` the graph of ``arcs`` (:meth:`Arcs.to_networkx`), without it."""
        nodes = list(arcs.adj)
        demand = arcs.demand
        return cls._numbered(nodes, [demand.get(u, 0) for u in nodes], arcs.edges())

    @classmethod
    def _numbered(cls, nodes: list[Any], demands: list[Any], edges: Any) -> _Simplex | None:
        """The problem of ``edges`` (``(u, v, key, capacity, weight)`` in networkx's edge
        order) between ``nodes`` (in its node order), or ``None`` (see :meth:`of`)."""
        index = {u: i for i, u in enumerate(nodes)}
        sources: list[int] = []
        targets: list[int] = []
        keys: list[Any] = []
        caps: list[float] = []
        weights: list[int] = []
        empty: list[tuple[Any, Any, Any]] = []  # edges of capacity 0: flow 0, no variable
        for u, v, k, c, w in edges:
            if u == v:  # self-loops: rare, networkx's own rules
                return None
            if c == 0:
                empty.append((u, v, k))
                continue
            sources.append(index[u])
            targets.append(index[v])
            keys.append(k)
            caps.append(c)
            weights.append(w)
        ints = (int, np.integer)
        if (
            sum(demands) != 0
            or any(c < 0 for c in caps)  # unfeasible: networkx says so
            or not all(isinstance(x, ints) for x in chain(demands, weights))
            or not all(isinstance(c, ints) or (isinstance(c, float) and isinf(c)) for c in caps)
        ):
            return None
        s = cls(nodes, demands, sources, targets, keys, caps, weights)
        s.empty = empty
        if (2 * len(nodes) + 3) * s.faux_inf >= _LIMIT:
            return None
        return s

    # -- the spanning tree (networkx's code, unchanged but for the arrays) ---------------
    def find_apex(self, p: int, q: int) -> int:
        size, parent = self.subtree_size, self.parent
        size_p, size_q = size[p], size[q]
        while True:
            while size_p < size_q:
                p = parent[p]
                size_p = size[p]
            while size_p > size_q:
                q = parent[q]
                size_q = size[q]
            if size_p == size_q:
                if p != q:
                    p = parent[p]
                    size_p = size[p]
                    q = parent[q]
                    size_q = size[q]
                else:
                    return p

    def trace_path(self, p: int, w: int) -> tuple[list[int], list[int]]:
        Wn, We = [p], []
        parent, parent_edge = self.parent, self.parent_edge
        while p != w:
            We.append(parent_edge[p])
            p = parent[p]
            Wn.append(p)
        return Wn, We

    def find_cycle(self, i: int, p: int, q: int) -> tuple[list[int], list[int]]:
        w = self.find_apex(p, q)
        Wn, We = self.trace_path(p, w)
        Wn.reverse()
        We.reverse()
        if We != [i]:
            We.append(i)
        WnR, WeR = self.trace_path(q, w)
        del WnR[-1]
        Wn += WnR
        We += WeR
        return Wn, We

    def residual_capacity(self, i: int, p: int) -> Any:
        x = self.x[i]
        return self.edge_capacities[i] - x if self.edge_sources[i] == p else x

    def find_leaving_edge(self, Wn: list[int], We: list[int]) -> tuple[int, int, int]:
        """The first edge of least residual capacity, walking the cycle backwards (as
        networkx's ``min(zip(reversed(We), reversed(Wn)), key=residual_capacity)``)."""
        x, caps, sources = self.x, self.edge_capacities, self.edge_sources
        j, s, least = -1, -1, None
        for i, p in zip(reversed(We), reversed(Wn), strict=False):
            r = caps[i] - x[i] if sources[i] == p else x[i]
            if least is None or r < least:
                j, s, least = i, p, r
        t = self.edge_targets[j] if sources[j] == s else sources[j]
        return j, s, t

    def augment_flow(self, Wn: list[int], We: list[int], f: Any) -> None:
        x, sources = self.x, self.edge_sources
        for i, p in zip(We, Wn, strict=False):
            if sources[i] == p:
                x[i] += f
            else:
                x[i] -= f
        self.sign[We] = [1 if x[i] == 0 else -1 for i in We]

    def remove_edge(self, s: Any, t: int) -> None:
        """Cut the edge from ``s`` to its child ``t`` (sizes and parents only)."""
        size_t = self.subtree_size[t]
        self.parent[t] = None
        self.parent_edge[t] = None
        while s is not None:
            self.subtree_size[s] -= size_t
            s = self.parent[s]

    def make_root(self, q: Any) -> None:
        """Make ``q`` the root of its (cut off) subtree (sizes and parents only)."""
        ancestors = []
        while q is not None:
            ancestors.append(q)
            q = self.parent[q]
        ancestors.reverse()
        parent, parent_edge, size = self.parent, self.parent_edge, self.subtree_size
        for p, q in zip(ancestors, islice(ancestors, 1, None), strict=False):
            size_p = size[p]
            parent[p] = q
            parent[q] = None
            parent_edge[p] = parent_edge[q]
            parent_edge[q] = None
            size[p] = size_p - size[q]
            size[q] = size_p

    def add_edge(self, i: int, p: Any, q: int) -> None:
        """Hang the subtree rooted at ``q`` under ``p`` by edge ``i`` (sizes and parents)."""
        size_q = self.subtree_size[q]
        self.parent[q] = p
        self.parent_edge[q] = i
        while p is not None:
            self.subtree_size[p] += size_q
            p = self.parent[p]

    def move_subtree(self, i: int, s: Any, t: int, p: Any, q: int) -> None:
        """The pivot's tree update: cut ``s``-``t``, re-root ``t``'s subtree at ``q``, hang
        it under ``p`` by edge ``i``; and the same in the preorder (``order``, ``pos``),
        where a subtree is a contiguous range: the moved range is rebuilt from pieces
        and only the positions between its old and new place are rewritten."""
        order, pos, size, parent = self.order, self.pos, self.subtree_size, self.parent
        n_t, at = size[t], int(pos[t])
        self.remove_edge(s, t)
        seg = order[at : at + n_t]  # t's subtree; re-rooted at q: q's own range first,
        x = q  # then each ancestor up to t without the range of the child on the path
        pieces = [seg[int(pos[q]) - at : int(pos[q]) - at + size[q]]]
        while parent[x] is not None:
            a = parent[x]
            ra, rx = int(pos[a]) - at, int(pos[x]) - at
            pieces += [seg[ra:rx], seg[rx + size[x] : ra + size[a]]]
            x = a
        moved = np.concatenate(pieces)
        pp = int(pos[p])
        ins = (pp if pp < at else pp - n_t) + size[p]  # after p's subtree, t's range taken out
        self.make_root(q)
        self.add_edge(i, p, q)
        if ins <= at:
            lo, hi = ins, at + n_t
            order[lo:hi] = np.concatenate([moved, order[ins:at]])
        else:
            lo, hi = at, ins + n_t
            order[lo:hi] = np.concatenate([order[at + n_t : ins + n_t], moved])
        pos[order[lo:hi]] = self.places[lo:hi]

    def update_potentials(self, i: int, p: int, q: int) -> None:
        """Add the same amount to the potential of every node of the subtree rooted at
        ``q`` (connected to its parent ``p`` by edge ``i``): one numpy step."""
        P = self.P
        w = -self.edge_weights[i] if q == self.edge_targets[i] else self.edge_weights[i]
        d = int(P[p]) + w - int(P[q])
        start = int(self.pos[q])
        P[self.order[start : start + self.subtree_size[q]]] += d

    # -- pricing: several blocks at once ------------------------------------------------
    def find_entering_edges(self) -> Any:
        """Yield entering edges until none can be found: blocks of ⌈√m⌉ edges in turn,
        cyclically (Bland), the first edge of the lowest reduced cost in the first block
        that has a negative one (Dantzig), exactly as networkx. Reduced costs change only
        at a pivot, so :data:`_CHUNK` blocks are priced in one numpy step and the first
        block with a negative reduced cost is found among them."""
        m = self.edge_count
        if m == 0:
            return
        B = int(ceil(sqrt(m)))
        M = (m + B - 1) // B  # M blocks in a row with no entering edge cover every edge
        S, T, C, P, sign = self.S, self.T, self.C, self.P, self.sign
        span = np.arange(_CHUNK * B, dtype=np.int64)
        empty = 0  # blocks in a row without an entering edge
        f = 0  # first edge of the next block
        while empty < M:
            if f + span.size <= m:
                edges: Any = slice(f, f + span.size)
            else:
                edges = (span + f) % m
            c = (C[edges] - P[S[edges]] + P[T[edges]]) * sign[edges]
            negative = c < 0
            first = int(negative.argmax())
            if not negative[first]:
                empty += _CHUNK
                f = (f + _CHUNK * B) % m
                continue
            k = first // B  # the first block with an entering edge
            at = k * B + int(c[k * B : (k + 1) * B].argmin())
            i = f + at if isinstance(edges, slice) else int(edges[at])
            f = (f + (k + 1) * B) % m
            if self.x[i] == 0:
                yield i, self.edge_sources[i], self.edge_targets[i]
            else:
                yield i, self.edge_targets[i], self.edge_sources[i]
            empty = 0

    def run(self) -> None:
        """The pivot loop of networkx's ``network_simplex``."""
        for i, p, q in self.find_entering_edges():
            Wn, We = self.find_cycle(i, p, q)
            j, s, t = self.find_leaving_edge(Wn, We)
            self.augment_flow(Wn, We, self.residual_capacity(j, s))
            if i != j:
                if self.parent[t] != s:
                    s, t = t, s
                if We.index(i) > We.index(j):
                    p, q = q, p
                self.move_subtree(i, s, t, p, q)
                self.update_potentials(i, p, q)

    def result(self) -> tuple[int, dict[Any, dict[Any, dict[Any, int]]]]:
        """networkx's checks after the loop, then ``(cost, flow dict)`` as it builds them."""
        m = self.edge_count
        if any(f != 0 for f in self.x[m:]):
            import networkx as nx

            raise nx.NetworkXUnfeasible("no flow satisfies all node demands")
        flows = self.x[:m]
        if any(f * 2 >= self.faux_inf for f in flows):
            import networkx as nx

            raise nx.NetworkXUnbounded("negative cycle with infinite capacity found")
        cost = sum(w * f for w, f in zip(self.edge_weights[:m], flows, strict=True))
        nodes = self.node_list
        flow: dict[Any, dict[Any, dict[Any, int]]] = {u: {} for u in nodes}
        for s, t, k, f in zip(self.edge_sources[:m], self.edge_targets[:m], self.edge_keys,
                              flows, strict=True):  # fmt: skip
            flow[nodes[s]].setdefault(nodes[t], {})[k] = f
        for u, v, k in self.empty:  # then 0 on the edges of capacity 0
            flow[u].setdefault(v, {})[k] = 0
        return cost, flow
