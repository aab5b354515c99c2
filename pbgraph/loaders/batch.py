"""What the per-kind builders share: a :class:`Batch` of nodes and relationships to
write (with the region nodes of places made once), the relationship types they write, the
:class:`Context` of lookups in the store, and what one load carries from kind to kind
(:class:`Shared`: a combined ledger's :class:`Inline` rows, and where separate ledgers'
party organizations and instructors are)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..graphmodel.rows import ColumnRows
from ..graphmodel.schema import NODES, RelType, rel
from .names import normalize_org_name, same_name
from .sheet import Sheet

if TYPE_CHECKING:  # networkx comes with the store: reading a ledger needs neither
    from ..stores.base import Store

__all__ = ["NO_PROPS", "Batch", "Context", "Inline", "Shared"]


#: the properties of a relationship that has none (shared: nothing writes into it)
NO_PROPS: Mapping[str, Any] = MappingProxyType({})


class Batch:
    """Nodes and relationships to write: ``nodes[label]`` the nodes of a label (a
    :class:`ColumnRows`: key -> properties, the key not among them; a ``None`` never
    overwrites a value), ``rels[type][(start, end)]`` a relationship's properties."""

    def __init__(self) -> None:
        self.nodes: dict[str, ColumnRows] = defaultdict(ColumnRows)
        self.rels: dict[RelType, dict[tuple[str, str], Mapping[str, Any]]] = defaultdict(dict)
        self._regions: dict[tuple[str, str | None, str | None], str] = {}

    def node(self, label: str, key: str, /, **props: Any) -> str:
        self.nodes[label].set(key, props)
        return key

    def rel(self, r: RelType, start: str, end: str, **props: Any) -> None:
        self.rels[r][(start, end)] = props or NO_PROPS

    def region(
        self, district: str | None, street: str | None = None, community: str | None = None
    ) -> str | None:
        """The region node of a place (creating it and its parents once per batch)."""
        if not district:
            return None
        place = (district, street or None, (community or None) if street else None)
        known = self._regions.get(place)
        if known is not None:
            return known
        key = self._district(district)
        if street and not district.endswith("/"):  # a city-level row has no street
            parent, key = (
                key,
                self.node("Region", f"{district}/{street}", name=street, level="street"),
            )
            self.rel(PART_OF_REGION_REGION, key, parent)
            if community:
                parent, key = (
                    key,
                    self.node("Region", f"{key}/{community}", name=community, level="community"),
                )
                self.rel(PART_OF_REGION_REGION, key, parent)
        self._regions[place] = key
        return key

    def _district(self, district: str) -> str:
        """The district's region; in a province (``"枣庄市/市中区"``, docs/ledgers.md#cities)
        under its city's region, and the city's own (``"枣庄市/"``: a city-level row)."""
        city, sep, name = district.partition("/")
        if not sep:
            return self.node("Region", district, name=district, level="district")
        key = self.node("Region", city, name=city, level="city")
        if name:
            parent, key = key, self.node("Region", district, name=name, level="district")
            self.rel(PART_OF_REGION_REGION, key, parent)
        return key

    def write(self, store: Store, known: Mapping[str, Collection[str]] | None = None) -> None:
        """Write the batch: in bulk where the store can (``write_batch``, the embedded
        store; ``known``: keys per label it is known to hold, whose nodes it need not
        create as relationships' ends), else label by label and type by type (nodes first,
        so that relationships find their ends)."""
        from ..stores.sqlite import EmbeddedStore  # (its import costs nothing more here)

        bulk = getattr(store, "write_batch", None)
        if isinstance(store, EmbeddedStore) and known:
            store.write_batch(self.nodes, self.rels, known)
            return
        if bulk is not None:
            bulk(self.nodes, self.rels)
            return
        for label, rows in self.nodes.items():
            key = NODES[label].key
            store.upsert_nodes(label, [{key: k, **props} for k, props in rows.items()])
        for r, rel_rows in self.rels.items():
            store.upsert_rels(
                r, [{"start": s, "end": e, **props} for (s, e), props in rel_rows.items()]
            )


AT_PLATFORM_REGION = rel("AT", "Platform", "Region")
BASED_IN_INSTRUCTOR_REGION = rel("BASED_IN", "Instructor", "Region")
COVERS_PARTYORG_ORGANIZATION = rel("COVERS", "PartyOrg", "Organization")
FOR_VISITREPORT_REGION = rel("FOR", "VisitReport", "Region")
VISITED_VISITREPORT_ORGANIZATION = rel("VISITED", "VisitReport", "Organization")
SITE_OF_DEMOSITE_ORGANIZATION = rel("SITE_OF", "DemoSite", "Organization")
SITE_OF_DEMOSITE_PARTYORG = rel("SITE_OF", "DemoSite", "PartyOrg")
IN_DEMOSITE_REGION = rel("IN", "DemoSite", "Region")
GUIDES_INSTRUCTOR_ORGANIZATION = rel("GUIDES", "Instructor", "Organization")
GUIDES_INSTRUCTOR_PARTYORG = rel("GUIDES", "Instructor", "PartyOrg")
HELD_IN_MEMBER_REGION = rel("HELD_IN", "Member", "Region")
IN_BUILDING_REGION = rel("IN", "Building", "Region")
IN_BUILDING_ORGANIZATION_BUILDING = rel("IN_BUILDING", "Organization", "Building")
LOCATED_IN_ORGANIZATION_REGION = rel("LOCATED_IN", "Organization", "Region")
MEMBER_OF_MEMBERUNIT_PLATFORM = rel("MEMBER_OF", "MemberUnit", "Platform")
PAIRED_WITH_MEMBERUNIT_ORGANIZATION = rel("PAIRED_WITH", "MemberUnit", "Organization")
PART_OF_REGION_REGION = rel("PART_OF", "Region", "Region")
WORKS_AT_MEMBER_ORGANIZATION = rel("WORKS_AT", "Member", "Organization")


@dataclass
class Inline:
    """A combined ledger's row: what it says inline besides the organization."""

    values: dict[str, Any]
    code: str
    district: str
    street: str
    sheet: Sheet
    row: int


@dataclass
class Shared:
    """What one load carries from kind to kind: the combined rows' inline parts, and where
    the party organizations and instructors of separate ledgers are (to match them)."""

    inline: list[Inline] = field(default_factory=list)
    party_org_places: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    instructor_places: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    #: the keys of a label in the store, read once per load and kept up to date by
    #: :meth:`wrote` (every builder asks whether the organizations it names exist)
    keys: dict[str, set[str]] = field(default_factory=dict)

    def wrote(self, batch: Batch) -> None:
        """Count a batch just written into the keys known: its nodes and the ends of its
        relationships (which the store creates when missing)."""
        for label, known in self.keys.items():
            known.update(batch.nodes.get(label, ()))
            for r, rows in batch.rels.items():
                if r.start == label:
                    known.update(s for s, _ in rows)
                if r.end == label:
                    known.update(e for _, e in rows)


class Context:
    """Lookups a builder needs, fetched from the store once and only when needed."""

    def __init__(self, store: Store, secret: bytes, shared: Shared | None = None) -> None:
        self.store, self.secret = store, secret
        self.shared = shared or Shared()
        self.where: tuple[Sheet, int] | None = None
        self._names: dict[str, str] | None = None  # normalized name -> its organization
        self._namesakes: dict[str, list[str]] = defaultdict(list)  # -> theirs, if several
        self._by_name: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._values: dict[tuple[str, str], dict[str, Any]] = {}

    def value_of(self, label: str, prop: str, key: str) -> Any:
        """A stored property of one node (the whole column is fetched once)."""
        table = self._values.get((label, prop))
        if table is None:
            table = self._values[(label, prop)] = dict(self.store.key_values(label, prop))
        return table.get(key)

    def by_name(self, label: str, prop: str = "name") -> dict[str, list[str]]:
        """Keys of ``label`` by normalized ``prop`` (spaces and bracket widths ignored)."""
        table = self._by_name.get((label, prop))
        if table is None:
            table = self._by_name[(label, prop)] = defaultdict(list)
            for key, value in self.store.key_values(label, prop):
                if value:
                    table[same_name(value)].append(key)
        return table

    def has(self, label: str, key: str) -> bool:
        """Whether the store has a node ``label`` of ``key`` (before this batch is written)."""
        return key in self._known(label)

    def has_all(self, label: str, keys: Iterable[str]) -> bool:
        """Whether the store has a node ``label`` of each of ``keys``."""
        return self._known(label).issuperset(keys)

    def _known(self, label: str) -> set[str]:
        known = self.shared.keys.get(label)
        if known is None:
            known = self.shared.keys[label] = self.store.keys(label)
        return known

    def org_by_name(self, name: str) -> list[str]:
        """The credit codes of the organizations of ``name`` (:func:`normalize_org_name`),
        in the store's order."""
        if self._names is None:
            named = [(c, n) for c, n in self.store.key_values("Organization", "name") if n]
            codes = [c for c, _ in named]
            normalized = [normalize_org_name(n) for _, n in named]
            self._names = dict(zip(normalized, codes, strict=True))  # one each: most names
            shared = {k for k, count in Counter(normalized).items() if count > 1}
            for k, code in zip(normalized, codes, strict=True):
                if k in shared:
                    self._namesakes[k].append(code)
        key = normalize_org_name(name)
        if key in self._namesakes:
            return self._namesakes[key]
        return [self._names[key]] if key in self._names else []
