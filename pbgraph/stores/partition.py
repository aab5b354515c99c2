"""One partition of the graph — a city's or a district's part — as both stores select it.

``store.tables(labels, rels, props, where={"city": "枣庄市"})`` (or ``where={"district":
…}``) reads the tables of one partition only: what this module decides is *which* nodes
and relationships that is; each store reads them (:func:`pbgraph.stores.sqlite_tables.
read_partition` — from the column files, :mod:`pbgraph.stores.partition_files`, or from
SQLite —, :func:`pbgraph.stores.neo4j_read.read_partition`) through the primitives of a
:class:`Finder`, with every value a query parameter; a finder's sets are Python sets of
keys, or, over the column files, a boolean per row.

The partition ``where`` names
-----------------------------
``{"city": C}``
    the Region whose code is ``C`` and whose level is ``city`` (``枣庄市``).
``{"district": D}``
    the Region whose code is ``D`` and whose level is ``district`` (``枣庄市/市中区`` in a
    store with cities, ``历下区`` in a one-city store without them); else the one district
    whose *name* is ``D`` (``市中区``). A name two cities share is refused (ambiguous),
    naming the codes to use instead.
``{"city": C, "district": D}``
    the district ``C/D``.

Any other key, a value that is not a non-empty string, or no such city or district is a
:class:`~pbgraph.errors.StoreError`. The partition's *root* is that Region's code.

What the partition holds (:func:`select`)
------------------------------------------
* Regions: the root and every region under it (code ``root`` or starting ``root/``), and
  the root's ancestors (``PART_OF`` upwards: a district's city), nothing else.
* Organizations: those ``LOCATED_IN`` a region under the root.
* Attached to a region under the root: its Buildings (``IN``), Instructors (``BASED_IN``:
  idle ones too), VisitReports (``FOR``), DemoSites (``IN``) and Members (``HELD_IN``).
* Attached to a region under the root or to one of its ancestors: Platforms (``AT``: the
  city's platform comes with each of its districts), and all their MemberUnits
  (``MEMBER_OF``: idle ones too).
* Attached to the partition's organizations: PartyOrgs (``COVERS``), Instructors
  (``GUIDES``), MemberUnits (``PAIRED_WITH``) and the Platforms they are members of
  (without those platforms' other units), Members (``WORKS_AT``), VisitReports
  (``VISITED``), DemoSites (``SITE_OF``) and Buildings (``IN_BUILDING``).
* Attached to the partition's PartyOrgs: Instructors (``GUIDES``) and DemoSites
  (``SITE_OF``).
* Labels these rules do not name (none of the analyses' today) are read empty.
* Relationships: of each type asked for, those whose two ends are both in the partition
  (the induced subgraph). So a relationship that leaves the partition is not read: an
  instructor of the partition who also guides an organization of another district has
  only this district's ``GUIDES``; an instructor based elsewhere who guides one of its
  organizations comes without ``BASED_IN``; a joint branch covering units of two
  districts covers, in each, that district's units. Whoever merges partitions' results
  must account for these (they are where partitions couple).

Nodes come in key order and relationships by start key, then end key, as a whole read
gives them; a partition's tables are exactly the whole tables restricted to the nodes
above (``tests/unit/test_city_level_partition.py`` checks it, and the Neo4j store against
the embedded one in ``tests/integration/test_city_level_neo4j.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ..errors import StoreError
from ..graphmodel.schema import RelType, rel

__all__ = ["PARTITION_KEYS", "Finder", "KeySets", "resolve", "select"]

#: the names ``where`` may give
PARTITION_KEYS = ("city", "district")


class Finder(Protocol):
    """What a store answers for :func:`select` (values as parameters, in one snapshot)."""

    def regions(self, code: str, name: str) -> list[tuple[str, str | None]]:
        """``(code, level)`` of the Regions whose code is ``code`` or whose name is
        ``name``."""
        ...

    def under(self, code: str) -> list[str]:
        """The codes of ``code`` and of every Region whose code starts with ``code/``."""
        ...

    def keys(self, label: str, keys: Iterable[str]) -> Any:
        """``keys`` of ``label`` as the finder's sets: a ``set`` of keys, or anything with
        ``|``, ``-`` and truth (the column files' masks)."""
        ...

    def step(self, r: RelType, side: str, keys: Any) -> Any:
        """The keys at the other end of the relationships of ``r`` whose ``side`` end
        (``"start"`` or ``"end"``) has one of ``keys`` (sets as :meth:`keys` makes)."""
        ...


class KeySets:
    """A finder's sets as Python sets of keys (SQLite's, Neo4j's)."""

    def keys(self, label: str, keys: Iterable[str]) -> set[str]:
        return set(keys)


def _error(zh: str, en: str) -> StoreError:
    return StoreError(f"{zh} ({en})")


def resolve(where: Mapping[str, Any], find: Finder) -> str:
    """The code of the partition's root Region (rules in the module's docstring)."""
    bad = [k for k in where if k not in PARTITION_KEYS]
    if bad or not where:
        raise _error(
            f"分区只能按 city 或 district 指定，不能是 {', '.join(map(repr, bad)) or '空'}",
            f"a partition is named by city or district, not {', '.join(map(repr, bad)) or 'nothing'}",
        )
    for k, v in where.items():
        if not isinstance(v, str) or not v.strip("/ "):
            raise _error(f"分区 {k} 的值无效：{v!r}", f"not a {k} to partition on: {v!r}")
    city, district = where.get("city"), where.get("district")
    if city and district:
        return _exact(find, f"{city}/{district}", "district")
    if city:
        return _exact(find, city, "city")
    assert district is not None
    found = find.regions(district, district)
    exact = [c for c, level in found if c == district and level == "district"]
    if exact:
        return exact[0]
    named = sorted(c for c, level in found if level == "district")
    if len(named) == 1:
        return named[0]
    if named:
        raise _error(
            f"区县 {district} 不止一个：{'、'.join(named)}；请同时给出城市，或给出完整代码",
            f"more than one district is called {district}: {', '.join(named)}; give the city "
            "too, or the whole code",
        )
    raise _error(f"库中没有区县 {district}", f"no district {district} in the store")


def _exact(find: Finder, code: str, level: str) -> str:
    if any(c == code and lv == level for c, lv in find.regions(code, code)):
        return code
    zh = "城市" if level == "city" else "区县"
    raise _error(f"库中没有{zh} {code}", f"no {level} {code} in the store")


# (relationship, the side already in the partition): the other side joins it, in this order
_FROM_REGIONS = (
    ("IN", "Building", "Region"),
    ("BASED_IN", "Instructor", "Region"),
    ("FOR", "VisitReport", "Region"),
    ("IN", "DemoSite", "Region"),
    ("HELD_IN", "Member", "Region"),
)
_FROM_ORGS = (
    ("COVERS", "PartyOrg", "Organization"),
    ("GUIDES", "Instructor", "Organization"),
    ("PAIRED_WITH", "MemberUnit", "Organization"),
    ("WORKS_AT", "Member", "Organization"),
    ("VISITED", "VisitReport", "Organization"),
    ("SITE_OF", "DemoSite", "Organization"),
)
_FROM_PARTY_ORGS = (("GUIDES", "Instructor", "PartyOrg"), ("SITE_OF", "DemoSite", "PartyOrg"))


def select(root: str, find: Finder) -> defaultdict[str, Any]:
    """The keys of every label in the partition under ``root`` (rules in the module's
    docstring), as the finder's sets; any other label has none (an empty ``set``)."""
    part_of = rel("PART_OF", "Region", "Region")
    under = find.keys("Region", find.under(root))
    regions = under
    top = find.keys("Region", [root])
    while top:  # the root's ancestors
        top = find.step(part_of, "start", top) - regions
        regions = regions | top
    sel: defaultdict[str, Any] = defaultdict(set)

    def add(label: str, found: Any) -> None:
        sel[label] = sel[label] | found if label in sel else found

    sel["Region"] = regions
    add("Organization", find.step(rel("LOCATED_IN", "Organization", "Region"), "end", under))
    for t, start, end in _FROM_REGIONS:
        add(start, find.step(rel(t, start, end), "end", under))
    add("Platform", find.step(rel("AT", "Platform", "Region"), "end", regions))
    member_of = rel("MEMBER_OF", "MemberUnit", "Platform")
    add("MemberUnit", find.step(member_of, "end", sel["Platform"]))
    orgs = sel["Organization"]
    for t, start, end in _FROM_ORGS:
        add(start, find.step(rel(t, start, end), "end", orgs))
    add("Building", find.step(rel("IN_BUILDING", "Organization", "Building"), "start", orgs))
    for t, start, end in _FROM_PARTY_ORGS:
        add(start, find.step(rel(t, start, end), "end", sel["PartyOrg"]))
    add("Platform", find.step(member_of, "start", sel["MemberUnit"]))
    return sel


def induced(
    pairs: Iterable[tuple[str, str]], starts: set[str], ends: set[str]
) -> tuple[list[str], list[str]]:
    """The pairs whose two ends are in the partition, by start key then end key."""
    kept = sorted((s, e) for s, e in pairs if s in starts and e in ends)
    return [s for s, _ in kept], [e for _, e in kept]
