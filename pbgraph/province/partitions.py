"""Partitions of a store (a city's or a district's part) and how a worker reads one.

A worker opens the store itself (:class:`StoreSpec`: a folder or a Bolt URI, nothing held
in memory) and reads only its partition's tables (:func:`read_partition`). The stores'
``tables(..., where={"city"|"district": code})`` does that in the store; a store whose
``tables`` takes no ``where`` yet is read whole and restricted here by the same rules
(:func:`restrict`: the regions under the root and their ancestors, the organizations
located there and what they and those regions reach, the relationships among these).
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import InputError
from ..graphmodel.tables import Tables, column_tables
from ..i18n import _

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["Partition", "StoreSpec", "list_partitions", "read_partition", "restrict"]

LEVELS = ("city", "district")


@dataclass(frozen=True)
class StoreSpec:
    """Where the store is, as a worker opens it: an embedded store's folder (absolute) or
    a Neo4j URI with its credentials."""

    store_dir: str | None = None
    uri: str | None = None
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None

    def open(self, *, write: bool = False) -> Store:
        if self.uri:
            from ..stores.neo4j import Neo4jStore

            return Neo4jStore(self.uri, user=self.user, password=self.password,
                              database=self.database)  # fmt: skip
        from ..stores.sqlite import EmbeddedStore

        return EmbeddedStore(self.store_dir or ".pbgraph", readonly=not write)

    @property
    def where(self) -> str:
        return self.uri or str(self.store_dir)


@dataclass(frozen=True, order=True)
class Partition:
    """One part: a city or a district, by its region's code (``root``)."""

    level: str
    root: str

    @property
    def where(self) -> dict[str, str]:
        return {self.level: self.root}

    def __str__(self) -> str:
        return self.root


def list_partitions(store: Store, level: str) -> list[Partition]:
    """Every city (``level="city"``) or district of the store, by code."""
    if level not in LEVELS:
        raise InputError(_("--partition: give city or district"))
    t = store.tables(["Region"], [], {"Region": ["level"]})
    keys, levels = t.keys("Region"), t.column("Region", "level", "any")
    roots = sorted(k for k, lv in zip(keys, levels, strict=True) if lv == level)
    if not roots:
        if level == "city":
            raise InputError(_("the store has no city level (its regions start at districts): "
                               "give --partition district"))  # fmt: skip
        raise InputError(_("the store has no district: load ledgers first"))
    return [Partition(level, r) for r in roots]


def _takes_where(store: Store) -> bool:
    try:
        return "where" in inspect.signature(store.tables).parameters
    except (TypeError, ValueError):
        return False


def read_partition(store: Store, wanted: Mapping[str, Any], part: Partition) -> Tables:
    """The tables ``wanted`` (``store.tables`` arguments) of partition ``part`` only."""
    if _takes_where(store):
        return store.tables(**wanted, where=part.where)
    from ..analyses.places import merge_inputs

    whole = store.tables(**merge_inputs(wanted, SELECT_INPUTS))
    return restrict(whole, wanted, part.root)


#: what :func:`restrict` reads to decide which nodes are in a partition
SELECT_INPUTS: dict[str, Any] = {
    "labels": ["Region", "Platform"],
    "rels": ["PART_OF_Region_Region", "LOCATED_IN_Organization_Region", "IN_Building_Region",
             "BASED_IN_Instructor_Region", "FOR_VisitReport_Region", "IN_DemoSite_Region",
             "HELD_IN_Member_Region", "AT_Platform_Region", "MEMBER_OF_MemberUnit_Platform",
             "COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization",
             "PAIRED_WITH_MemberUnit_Organization", "WORKS_AT_Member_Organization",
             "VISITED_VisitReport_Organization", "SITE_OF_DemoSite_Organization",
             "IN_BUILDING_Organization_Building", "GUIDES_Instructor_PartyOrg",
             "SITE_OF_DemoSite_PartyOrg"],
    "props": {"Region": ["level"], "Platform": ["level"]},
}  # fmt: skip


def _step(t: Tables, name: str, side: str, keys: set[str]) -> set[str]:
    starts, ends = t.rel_table(name)
    if side == "end":
        return {s for s, e in zip(starts, ends, strict=True) if e in keys}
    return {e for s, e in zip(starts, ends, strict=True) if s in keys}


def select(t: Tables, root: str) -> dict[str, set[str]]:
    """The keys of every label in the partition under ``root`` (the stores' rules)."""
    under = {k for k in t.keys("Region") if k == root or k.startswith(root + "/")}
    regions, top = set(under), {root}
    while top:
        top = _step(t, "PART_OF_Region_Region", "start", top) - regions
        regions |= top
    sel: dict[str, set[str]] = {label: set() for label in t.nodes}
    sel["Region"] = regions
    sel["Organization"] = _step(t, "LOCATED_IN_Organization_Region", "end", under)
    for name in ("IN_Building_Region", "BASED_IN_Instructor_Region", "FOR_VisitReport_Region",
                 "IN_DemoSite_Region", "HELD_IN_Member_Region"):  # fmt: skip
        sel.setdefault(name.split("_")[-2], set()).update(_step(t, name, "end", under))
    sel.setdefault("Platform", set()).update(_step(t, "AT_Platform_Region", "end", regions))
    sel.setdefault("MemberUnit", set()).update(
        _step(t, "MEMBER_OF_MemberUnit_Platform", "end", sel["Platform"])
    )
    orgs = sel["Organization"]
    for name in ("COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization",
                 "PAIRED_WITH_MemberUnit_Organization", "WORKS_AT_Member_Organization",
                 "VISITED_VisitReport_Organization", "SITE_OF_DemoSite_Organization"):  # fmt: skip
        sel.setdefault(name.split("_")[-2], set()).update(_step(t, name, "end", orgs))
    sel.setdefault("Building", set()).update(
        _step(t, "IN_BUILDING_Organization_Building", "start", orgs)
    )
    for name in ("GUIDES_Instructor_PartyOrg", "SITE_OF_DemoSite_PartyOrg"):
        sel[name.split("_")[-2]] |= _step(t, name, "end", sel.get("PartyOrg", set()))
    sel["Platform"] |= _step(t, "MEMBER_OF_MemberUnit_Platform", "start", sel["MemberUnit"])
    return sel


def restrict(whole: Tables, wanted: Mapping[str, Any], root: str) -> Tables:
    """The tables of ``whole`` (read with :data:`SELECT_INPUTS` too) restricted to the
    partition under ``root``, with only what ``wanted`` names: what ``store.tables(**wanted,
    where=...)`` gives."""
    from ..stores.sqlite_tables import select as what

    node_props, rel_types = what(wanted.get("labels"), wanted.get("rels"), wanted.get("props"))
    sel = select(whole, root)
    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for label, props in node_props.items():
        keys = whole.keys(label)
        keep = sel.get(label, set())
        at = [j for j, k in enumerate(keys) if k in keep]
        cols = {}
        for p in props:
            col = whole.columns.get(label, {}).get(p)
            if col is None:
                col = list(whole.column(label, p, "any"))
            cols[p] = (
                col[np.asarray(at, dtype=np.int64)]
                if isinstance(col, np.ndarray)
                else [col[j] for j in at]
            )
        nodes[label] = ([keys[j] for j in at], cols)
    rels = {}
    for r in rel_types:
        s_keep, e_keep = set(nodes[r.start][0]), set(nodes[r.end][0])
        starts, ends = whole.rel_table(r.name)
        whole.positions(r.name)  # puts the pairs in the store's order
        starts, ends = whole.rel_table(r.name)
        pairs = [(s, e) for s, e in zip(starts, ends, strict=True) if s in s_keep and e in e_keep]
        rels[r.name] = ([s for s, _ in pairs], [e for _, e in pairs])
    return column_tables(nodes, rels)
