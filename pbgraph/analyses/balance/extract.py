"""Reading an instance from the projection's tables: regions (street, district),
organizations and party organizations as demand items, instructors and member units as
suppliers.

Columnar: the organizations' numbers, flags and joins are numpy over
:meth:`Tables.column <pbgraph.graphmodel.tables.Tables.column>` and
:meth:`Tables.positions <pbgraph.graphmodel.tables.Tables.positions>`; Python objects are
made only for the demand items and suppliers themselves. The same tables come from a
networkx graph (:func:`~pbgraph.graphmodel.tables.tables_of`) or straight from a store
(``store.tables(**inputs(kind))``), with the same instance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...graphmodel.tables import Tables, tables_of
from .model import DemandItem, Rules, Supplier, demand_item

if TYPE_CHECKING:  # only to annotate: tables need no graph
    import networkx as nx

#: what each instance reads: ``{label: properties}`` and the relationship types (the end
#: labels of a relationship are read for their keys at least)
READS: dict[str, tuple[dict[str, list[str]], list[str]]] = {
    "instructors": (
        {"Organization": ["name", "employees", "key", "revenue", "formal_members"],
         "PartyOrg": ["name", "status", "form"], "Region": ["level"],
         "Instructor": ["name_masked", "capacity"]},
        ["PART_OF_Region_Region", "LOCATED_IN_Organization_Region",
         "COVERS_PartyOrg_Organization", "BASED_IN_Instructor_Region",
         "GUIDES_Instructor_Organization", "GUIDES_Instructor_PartyOrg"],
    ),
    "pairings": (
        {"Organization": ["name", "employees", "key", "revenue", "formal_members"],
         "Region": ["level"], "Platform": ["level"], "MemberUnit": ["name", "capacity"]},
        ["PART_OF_Region_Region", "LOCATED_IN_Organization_Region",
         "COVERS_PartyOrg_Organization", "AT_Platform_Region",
         "MEMBER_OF_MemberUnit_Platform", "PAIRED_WITH_MemberUnit_Organization"],
    ),
}  # fmt: skip


def as_tables(G: nx.MultiDiGraph | Tables) -> Tables:
    """``G`` itself when it is tables already, else the tables of the graph ``G``."""
    return G if isinstance(G, Tables) else tables_of(G)


def _last(start: np.ndarray, end: np.ndarray, n: int) -> np.ndarray:
    """``out[s] = e`` for each pair in order, the last pair of a start winning (as a dict
    of the pairs would); -1 where a start has none."""
    out = np.full(n, -1, dtype=np.int64)
    if len(start):
        first, at = np.unique(start[::-1], return_index=True)
        out[first] = end[::-1][at]
    return out


def _texts(t: Tables, label: str, prop: str) -> list[Any]:
    """A text column of ``label`` (a list, ``None`` where missing)."""
    return list(t.column(label, prop, "any"))


@dataclass
class _Places:
    """Regions of the tables: the street, district and city (in a store with a city
    level) of each region, by position."""

    street: list[str | None]
    district: list[str | None]
    city: list[str | None]

    @classmethod
    def of(cls, t: Tables) -> _Places:
        keys = t.keys("Region")
        level = _texts(t, "Region", "level")
        child, up = t.positions("PART_OF_Region_Region")
        parent = _last(child, up, len(keys)).tolist()
        street_at: list[int] = []
        for j, lv in enumerate(level):
            street_at.append(j if lv == "street" else parent[j] if lv == "community" else -1)
        street = [keys[s] if s >= 0 else None for s in street_at]
        district: list[str | None] = []
        for j, lv in enumerate(level):
            if lv == "district":
                district.append(keys[j])
            elif lv == "city":
                district.append(None)
            else:
                s = street_at[j]
                d = parent[s] if s >= 0 else -1
                district.append(keys[d] if d >= 0 else None)
        city: list[str | None] = []
        for j in range(len(keys)):
            at, seen = j, 0
            while at >= 0 and level[at] != "city" and seen < len(_RANK):
                at, seen = parent[at], seen + 1
            city.append(keys[at] if at >= 0 and level[at] == "city" else None)
        return cls(street, district, city)

    def at(self, region: int) -> tuple[str | None, str | None]:
        """Street and district of the region at position ``region`` (-1: none)."""
        return (self.street[region], self.district[region]) if region >= 0 else (None, None)

    def city_at(self, region: int) -> str | None:
        """The city of the region at position ``region`` (-1 or no city level: none)."""
        return self.city[region] if region >= 0 else None


def _org_columns(t: Tables, rules: Rules) -> dict[str, Any]:
    column = t.column
    n = len(t.keys("Organization"))
    covered = np.zeros(n, dtype=bool)
    covered[t.positions("COVERS_PartyOrg_Organization")[1]] = True
    employees = column("Organization", "employees", "int")
    key = (
        column("Organization", "key", "bool")
        | (employees >= rules.key_employees)
        | (column("Organization", "revenue", "float") >= rules.key_revenue)
    )
    region = _last(*t.positions("LOCATED_IN_Organization_Region"), n)
    return {"covered": covered, "key": key, "employees": employees, "region": region,
            "formal": column("Organization", "formal_members", "int")}  # fmt: skip


def _org_items(
    t: Tables, places: _Places, cols: dict[str, Any], select: np.ndarray, *,
    weights: Mapping[str, int], rules: Rules,
) -> list[DemandItem]:  # fmt: skip
    formal, employees, key = cols["formal"], cols["employees"], cols["key"]
    klass = np.where(
        formal >= rules.min_members, 0, np.where(formal > 0, 1, 2)
    )  # must_build, joint_candidate, no_members
    base = np.array([weights["must_build"], weights["joint_candidate"], weights["no_members"]])
    w = (
        base[klass]
        + np.where(key, weights["key"], 0)
        + np.where(employees >= rules.large_staff, weights["large"], 0)
    )
    js = np.flatnonzero(select)
    keys, names = t.keys("Organization"), t.column("Organization", "name", "any")
    words = ("must_build", "joint_candidate", "no_members")
    at = [*zip(places.street, places.district, strict=True), (None, None)]  # [-1]: none
    rows = zip(
        js.tolist(), map(at.__getitem__, cols["region"][js].tolist()), w[js].tolist(),
        key[js].tolist(), klass[js].tolist(), employees[js].tolist(), strict=True,
    )  # fmt: skip
    return [
        demand_item(
            f"Organization:{keys[j]}",
            "" if names[j] is None else names[j],
            s,
            d,
            wj,
            "key" if kj else words[c],
            e,
            "Organization",
            kj,
        )  # fmt: skip
        for j, (s, d), wj, kj, c, e in rows
    ]


def _party_org_items(
    t: Tables, places: _Places, cols: dict[str, Any], weights: Mapping[str, int]
) -> list[DemandItem]:
    keys = t.keys("PartyOrg")
    status, form = _texts(t, "PartyOrg", "status"), _texts(t, "PartyOrg", "form")
    weak = np.array([s == "weak" for s in status], dtype=bool)
    wanted = weak | np.array([f == "joint" for f in form], dtype=bool)
    po, org = t.positions("COVERS_PartyOrg_Organization")
    mask = wanted[po]
    po, org = po[mask], org[mask]
    size = np.zeros(len(keys), dtype=np.int64)
    np.add.at(size, po, cols["formal"][org])
    # each party organization's region: where most of its organizations are, ties by code
    region = cols["region"][org]
    po, region = po[region >= 0], region[region >= 0]
    best = np.full(len(keys), -1, dtype=np.int64)
    if len(po):
        rkeys = t.keys("Region")
        rank = np.empty(len(rkeys), dtype=np.int64)
        rank[sorted(range(len(rkeys)), key=rkeys.__getitem__)] = np.arange(len(rkeys))
        pairs, counts = np.unique(np.stack([po, rank[region]]), axis=1, return_counts=True)
        order = np.lexsort((pairs[1], -counts, pairs[0]))  # by po, most first, lowest code
        first = order[np.r_[True, pairs[0][order][1:] != pairs[0][order][:-1]]]
        by_rank = np.argsort(rank)
        best[pairs[0][first]] = by_rank[pairs[1][first]]
    names = _texts(t, "PartyOrg", "name")
    out = []
    for j in np.flatnonzero(wanted).tolist():
        is_weak = bool(weak[j])
        street, district = places.at(int(best[j]))
        out.append(DemandItem(
            f"PartyOrg:{keys[j]}", "" if names[j] is None else names[j], street, district,
            weights["weak"] if is_weak else weights["joint_branch"],
            "weak" if is_weak else "joint_branch", int(size[j]), "PartyOrg",
        ))  # fmt: skip
    return out


def _assigned(t: Tables, *names: str) -> dict[str, list[str]]:
    """``{supplier key: ["Label:key", ...]}`` of the relationships ``names``, in order."""
    out: dict[str, list[str]] = defaultdict(list)
    for name in names:
        end = name.rsplit("_", 1)[1]
        for s, e in zip(*t.rel_table(name), strict=True):
            out[s].append(f"{end}:{e}")
    return out


def _capacities(t: Tables, label: str) -> list[int | None]:
    """The ledger capacity of every node of ``label`` (``None`` where it gives none)."""
    return [None if c is None else int(c) for c in t.column(label, "capacity", "any")]


def instructor_instance(
    G: nx.MultiDiGraph | Tables,
    *,
    capacity: int,
    scope: str,
    weights: Mapping[str, int],
    rules: Rules,
) -> tuple[list[Supplier], list[DemandItem]]:
    """The instructors (ledger capacity, else ``capacity``; reach ``scope``) and what they
    may guide: organizations with no party organization, weak party organizations and
    joint branches (see :func:`pbgraph.analyses.balance.balance_instructors`)."""
    t = as_tables(G)
    places = _Places.of(t)
    cols = _org_columns(t, rules)
    items = _org_items(t, places, cols, ~cols["covered"], weights=weights, rules=rules)
    items += _party_org_items(t, places, cols, weights)
    keys = t.keys("Instructor")
    based = _last(*t.positions("BASED_IN_Instructor_Region"), len(keys)).tolist()
    guides = _assigned(t, "GUIDES_Instructor_Organization", "GUIDES_Instructor_PartyOrg")
    names, caps = _texts(t, "Instructor", "name_masked"), _capacities(t, "Instructor")
    suppliers = []
    for j in sorted(range(len(keys)), key=keys.__getitem__):
        k, cap = keys[j], caps[j]
        suppliers.append(Supplier(
            k, _mask(names[j] or ""), *places.at(based[j]),
            cap if cap is not None else capacity, scope, tuple(guides.get(k, ())),
            places.city_at(based[j]),
        ))  # fmt: skip
    return suppliers, items


_RANK = {"city": 0, "district": 1, "street": 2, "community": 3}


def pairing_instance(
    G: nx.MultiDiGraph | Tables,
    *,
    capacity: int | None,
    caps: Mapping[str, int],
    weights: Mapping[str, int],
    rules: Rules,
) -> tuple[list[Supplier], list[DemandItem]]:
    """The member units (ledger capacity, else ``capacity``, else ``caps`` by their widest
    platform's level; reach that platform's area) and the key organizations with no party
    organization (see :func:`pbgraph.analyses.balance.balance_pairings`)."""
    t = as_tables(G)
    places = _Places.of(t)
    cols = _org_columns(t, rules)
    select = ~cols["covered"] & cols["key"]
    items = _org_items(t, places, cols, select, weights=weights, rules=rules)
    p_level = _texts(t, "Platform", "level")
    p_region = _last(*t.positions("AT_Platform_Region"), len(p_level)).tolist()
    keys = t.keys("MemberUnit")
    best: dict[int, int] = {}  # unit -> its widest platform (the first of equals)
    for u, p in zip(*map(np.ndarray.tolist, t.positions("MEMBER_OF_MemberUnit_Platform")),
                    strict=True):  # fmt: skip
        if u not in best or _RANK.get(p_level[p] or "", 9) < _RANK.get(p_level[best[u]] or "", 9):
            best[u] = p
    paired = _assigned(t, "PAIRED_WITH_MemberUnit_Organization")
    names, unit_caps = _texts(t, "MemberUnit", "name"), _capacities(t, "MemberUnit")
    suppliers = []
    for j in sorted(range(len(keys)), key=keys.__getitem__):
        k, plat = keys[j], best.get(j)
        level = (p_level[plat] if plat is not None else None) or "city"
        region = p_region[plat] if plat is not None else -1
        reach = {"city": "city", "district": "district"}.get(level, "street")
        cap = unit_caps[j]
        cap = cap if cap is not None else capacity if capacity is not None else caps[level]
        suppliers.append(Supplier(
            k, "" if names[j] is None else names[j], *places.at(region), cap, reach,
            tuple(paired.get(k, ())), places.city_at(region),
        ))  # fmt: skip
    return suppliers, items


def _mask(name: str) -> str:
    from ...loaders.values import mask_name

    return mask_name(name)
