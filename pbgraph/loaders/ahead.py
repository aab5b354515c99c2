"""The party organizations' and members' rows built on the second core while this process
writes the organizations into the store (issue 17: at 500 000 organizations the
organizations' SQLite inserts take about 4 s, building the other two kinds 4-5 s).

What their builders read of the store is the organizations' keys and names. Those are
known before the organizations are written: what the store held before this load (read
here, before the fork) and the organizations' batch just built. So a forked child
(:func:`pbgraph.parallel.beside`) builds the kinds that follow the organizations against a
:class:`View` of the store as it will be, while this process writes; then this process
writes the child's batches in their turn. The child never touches SQLite.

The store, the load's summary and its rejects are the same as when each kind is built in
its turn (``tests/unit/test_ahead.py``): the child counts and rejects into its own lists,
handed back in the kinds' order. A child that fails for any reason (a builder asks the
view for something it was not given, an error, a child that dies) is forgotten, and each
kind is built here in its turn, as without it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from ..graphmodel.rows import ColumnRows
from ..graphmodel.schema import NODES
from ..parallel import beside
from .batch import NO_PROPS, Batch, Shared
from .build import build_kind, load_kind
from .ledgers import KINDS
from .validate import KindSummary, Reject, Rows

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["Ahead", "View"]

#: the kinds that can be built ahead (those that follow the organizations, in a run), and
#: what their builders read of the store: a label's keys (``None``) or a text property
READS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "leading-bodies": (),  # issue 20's leadership lines: reads nothing
    "party-orgs": (("Organization", None),),
    "members": (("Organization", None), ("Organization", "name")),
}


class Unseen(LookupError):
    """A builder asked the view for what it was not given."""


class View:
    """The store as the builders ahead see it: ``keys`` and ``values`` (``{label: keys}``,
    ``{(label, property): [(key, value)]}``) it held before, read before the fork, and
    the ``pending`` batches as if they were written (nodes upserted, a ``None`` never
    overwriting a value, relationships' missing ends created by their keys)."""

    def __init__(
        self,
        keys: Mapping[str, set[str]],
        values: Mapping[tuple[str, str], list[tuple[str, Any]]],
        pending: list[Batch],
    ) -> None:
        self._keys, self._values, self.pending = keys, values, pending

    def keys(self, label: str) -> set[str]:
        if label not in self._keys:
            raise Unseen(label)
        got = set(self._keys[label])
        for b in self.pending:
            got.update(b.nodes.get(label, ()))
            for r, rows in b.rels.items():
                if r.start == label:
                    got.update(s for s, _ in rows)
                if r.end == label:
                    got.update(e for _, e in rows)
        return got

    def key_values(self, label: str, prop: str) -> list[tuple[str, Any]]:
        """As the embedded store gives them: every node's ``(key, value)`` in key order."""
        if (label, prop) not in self._values or NODES[label].prop(prop).type != "str":
            raise Unseen(f"{label}.{prop}")
        got: dict[str, Any] = dict(self._values[(label, prop)])
        for b in self.pending:
            rows = b.nodes.get(label)
            if rows is not None:
                column = rows.columns.get(prop) or repeat(None)
                for key, value in zip(rows.keys_, column):  # noqa: B905 (repeat)
                    if value is None:
                        got.setdefault(key, None)
                    elif isinstance(value, str):
                        got[key] = value
                    else:  # the store would keep another type as it is: not here
                        raise Unseen(f"{label}.{prop}: {type(value).__name__}")
        got.update((k, None) for k in self.keys(label) if k not in got)
        return sorted(got.items())

    def __getattr__(self, name: str) -> Any:
        raise Unseen(name)


def kinds_ahead(names: Sequence[str], store: Store) -> list[str]:
    """The kinds of a load (``names``, in load order) to build ahead: those right after the
    organizations that :data:`READS` knows, where this process can fork and the store is
    the embedded store (whose reads :class:`View` answers as it does)."""
    from ..stores.sqlite import EmbeddedStore

    if sys.platform != "linux" or not isinstance(store, EmbeddedStore):
        return []
    if "organizations" not in names:
        return []
    out = []
    for name in names[names.index("organizations") + 1 :]:
        if name not in READS:
            break
        out.append(name)
    return out


_Built = tuple[int, int, list[Reject], Any]  # loaded, rejected, rejects, packed batch


class Ahead:
    """Kinds being built in a child process; :meth:`load` writes one when its turn comes."""

    def __init__(self, names: list[str], wait: Callable[[], Any]) -> None:
        self.names = names
        self._wait: Callable[[], Any] | None = wait
        self._built: dict[str, _Built] | None = None

    def __contains__(self, name: object) -> bool:
        return name in self.names

    @classmethod
    def start(
        cls,
        names: list[str],
        records: Mapping[str, list[Rows]],
        store: Store,
        secret: bytes,
        shared: Shared,
        written: Batch,
    ) -> Ahead:
        """Start building ``names`` from ``records`` in a child process, against the store
        as it will be once ``written`` (the organizations' batch, not yet written) is."""
        reads = {read for name in names for read in READS[name]}
        keys = {label: store.keys(label) for label, prop in reads if prop is None}
        values = {(label, prop): store.key_values(label, prop) for label, prop in reads if prop}
        for label, known in keys.items():  # read from the store: known to be there, as when
            shared.keys.setdefault(label, set(known))  # the kinds are built in turn

        def build() -> tuple[dict[str, _Built], Any]:
            view = View(keys, values, [written])
            shared.wrote(written)
            out: dict[str, _Built] = {}
            for name in names:
                summary, rejects = KindSummary(name), list[Reject]()
                batch = build_kind(KINDS[name], list(records[name]), summary, view, secret,
                                   rejects, shared)  # fmt: skip
                shared.wrote(batch)
                view.pending.append(batch)
                out[name] = (summary.loaded, summary.rejected, rejects, _pack(batch))
            return out, (shared.party_org_places, shared.instructor_places)

        return cls(names, beside(build))

    def load(
        self,
        name: str,
        batches: list[Rows],
        summary: KindSummary,
        store: Store,
        secret: bytes,
        rejects: list[Reject],
        shared: Shared,
    ) -> None:
        """Write kind ``name`` as built ahead (its counts and rejects into ``summary`` and
        ``rejects``); built here and now if the child failed."""
        if self._wait is not None:
            wait, self._wait = self._wait, None
            try:
                self._built, places = wait()
            except Exception:  # whatever it was, building here gives the same or says it
                self._built = None
            else:
                shared.party_org_places, shared.instructor_places = places
        if self._built is None:
            load_kind(KINDS[name], batches, summary, store, secret, rejects, shared)
            return
        loaded, rejected, its_rejects, packed = self._built.pop(name)
        summary.loaded += loaded
        summary.rejected += rejected
        rejects.extend(its_rejects)
        batch = _unpack(packed)
        batch.write(store, shared.keys)
        shared.wrote(batch)


def _pack(b: Batch) -> tuple[dict[str, Any], dict[Any, Any]]:
    """A batch to hand to another process: its nodes' keys and columns, and each
    relationship type's starts and ends (their properties only when some have any); a list
    of texts as one text (:func:`_joined`)."""
    rels: dict[Any, Any] = {}
    for r, rows in b.rels.items():
        props = list(rows.values())
        plain = not any(props)
        rels[r] = (_joined([s for s, _ in rows]), _joined([e for _, e in rows]),
                   None if plain else [dict(p) for p in props])  # fmt: skip
    nodes = {
        label: (_joined(rows.keys_), {c: _joined(v) for c, v in rows.columns.items()})
        for label, rows in b.nodes.items()
    }
    return nodes, rels


def _unpack(packed: tuple[dict[str, Any], dict[Any, Any]]) -> Batch:
    nodes, rels = packed
    b = Batch()
    for label, (keys, columns) in nodes.items():
        rows = ColumnRows()
        rows.__setstate__((_split(keys), {c: _split(v) for c, v in columns.items()}))
        b.nodes[label] = rows
    for r, (starts, ends, props) in rels.items():
        values = repeat(NO_PROPS) if props is None else (p or NO_PROPS for p in props)
        b.rels[r] = dict(zip(zip(_split(starts), _split(ends), strict=True), values))  # noqa: B905 (repeat)
    return b


def _joined(values: list[Any]) -> Any:
    """Texts as one text between NULs (pickled as one object, not one per text: a tenth of
    the time), other values as they are."""
    if values and all(type(v) is str for v in values):
        text = "\0".join(values)
        if text.count("\0") == len(values) - 1:
            return (text, len(values))
    return values


def _split(packed: Any) -> list[Any]:
    if isinstance(packed, tuple):
        text, n = packed
        return text.split("\0") if n else []
    return list(packed)
