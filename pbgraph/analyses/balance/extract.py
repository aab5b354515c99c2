"""Reading an instance from the graph: regions (street, district), organizations and party
organizations as demand items, instructors and member units as suppliers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import repeat
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from ...graphmodel.tables import Tables, tables_of
from .model import DemandItem, Rules, Supplier


@dataclass
class _Places:
    """Regions of the graph: the street and district of any region code."""

    street: dict[str, str | None]
    district: dict[str, str | None]

    @classmethod
    def of(cls, t: Tables) -> _Places:
        keys, attrs = t.node_table("Region")
        level = {k: d.get("level") for k, d in zip(keys, attrs, strict=True)}
        parent = dict(zip(*t.rel_table("PART_OF_Region_Region"), strict=True))
        street: dict[str, str | None] = {}
        district: dict[str, str | None] = {}
        for k in keys:
            lv = level.get(k)
            s: str | None
            if lv == "street":
                s = k
            elif lv == "community":
                s = parent.get(k)
            else:
                s = None
            street[k] = s
            if lv == "district":
                district[k] = k
            elif lv == "city":
                district[k] = None
            else:
                district[k] = parent.get(s) if s is not None else None
        return cls(street, district)


def _org_columns(t: Tables, rules: Rules) -> dict[str, Any]:
    keys, attrs = t.node_table("Organization")
    n = len(keys)
    index = dict(zip(keys, range(n), strict=True))

    def col(prop: str, dtype: Any = np.int64) -> np.ndarray:
        return np.fromiter(map(methodcaller("get", prop, 0), attrs), dtype=dtype, count=n)

    covered = np.zeros(n, dtype=bool)
    ce = t.rel_table("COVERS_PartyOrg_Organization")[1]
    if ce:
        pos = np.fromiter(map(index.get, ce, repeat(-1)), dtype=np.int64, count=len(ce))
        covered[pos[pos >= 0]] = True
    employees = col("employees")
    key = (
        np.fromiter(map(bool, map(methodcaller("get", "key", False), attrs)), dtype=bool, count=n)
        | (employees >= rules.key_employees)
        | (
            np.fromiter(map(methodcaller("get", "revenue", 0.0), attrs), float, n)
            >= rules.key_revenue
        )
    )
    return {"keys": keys, "attrs": attrs, "index": index, "covered": covered, "key": key,
            "employees": employees, "formal": col("formal_members")}  # fmt: skip


def _org_items(
    t: Tables, places: _Places, cols: dict[str, Any], select: np.ndarray, *,
    weights: Mapping[str, int], rules: Rules,
) -> list[DemandItem]:  # fmt: skip
    keys, attrs = cols["keys"], cols["attrs"]
    located = dict(zip(*t.rel_table("LOCATED_IN_Organization_Region"), strict=True))
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
    names = ("must_build", "joint_candidate", "no_members")
    out = []
    for j in np.flatnonzero(select).tolist():
        region = located.get(keys[j])
        street = places.street.get(region) if region else None
        out.append(DemandItem(
            f"Organization:{keys[j]}", attrs[j].get("name", ""), street,
            places.district.get(region) if region else None, int(w[j]),
            "key" if key[j] else names[klass[j]], int(employees[j]), "Organization", bool(key[j]),
        ))  # fmt: skip
    return out


def _party_org_items(
    t: Tables, places: _Places, cols: dict[str, Any], weights: Mapping[str, int]
) -> list[DemandItem]:
    keys, attrs = t.node_table("PartyOrg")
    wanted = {
        k for k, d in zip(keys, attrs, strict=True)
        if d.get("status") == "weak" or d.get("form") == "joint"
    }  # fmt: skip
    located = dict(zip(*t.rel_table("LOCATED_IN_Organization_Region"), strict=True))
    streets: dict[str, Counter[str]] = defaultdict(Counter)
    size: dict[str, int] = defaultdict(int)
    index, formal = cols["index"], cols["formal"]
    for po, org in zip(*t.rel_table("COVERS_PartyOrg_Organization"), strict=True):
        if po not in wanted:
            continue
        region = located.get(org)
        if region is not None:
            streets[po][region] += 1
        j = index.get(org)
        if j is not None:
            size[po] += int(formal[j])
    out = []
    for k, d in zip(keys, attrs, strict=True):
        weak, joint = d.get("status") == "weak", d.get("form") == "joint"
        if not (weak or joint):
            continue
        counts = streets.get(k)
        region = min(counts, key=lambda r: (-counts[r], r)) if counts else None
        out.append(DemandItem(
            f"PartyOrg:{k}", d.get("name", ""), places.street.get(region) if region else None,
            places.district.get(region) if region else None,
            weights["weak"] if weak else weights["joint_branch"],
            "weak" if weak else "joint_branch", size.get(k, 0), "PartyOrg",
        ))  # fmt: skip
    return out


def instructor_instance(
    G: nx.MultiDiGraph, *, capacity: int, scope: str, weights: Mapping[str, int], rules: Rules
) -> tuple[list[Supplier], list[DemandItem]]:
    """The instructors (ledger capacity, else ``capacity``; reach ``scope``) and what they
    may guide: organizations with no party organization, weak party organizations and
    joint branches (see :func:`pbgraph.analyses.balance.balance_instructors`)."""
    t = tables_of(G)
    places = _Places.of(t)
    cols = _org_columns(t, rules)
    items = _org_items(t, places, cols, ~cols["covered"], weights=weights, rules=rules)
    items += _party_org_items(t, places, cols, weights)
    based = dict(zip(*t.rel_table("BASED_IN_Instructor_Region"), strict=True))
    guides: dict[str, list[str]] = defaultdict(list)
    for i, o in zip(*t.rel_table("GUIDES_Instructor_Organization"), strict=True):
        guides[i].append(f"Organization:{o}")
    for i, p in zip(*t.rel_table("GUIDES_Instructor_PartyOrg"), strict=True):
        guides[i].append(f"PartyOrg:{p}")
    keys, attrs = t.node_table("Instructor")
    suppliers = []
    for k, d in sorted(zip(keys, attrs, strict=True), key=lambda kd: kd[0]):
        region = based.get(k)
        cap = d.get("capacity")
        suppliers.append(Supplier(
            k, _mask(d.get("name_masked") or ""), places.street.get(region) if region else None,
            places.district.get(region) if region else None,
            int(cap) if cap is not None else capacity, scope, tuple(guides.get(k, ())),
        ))  # fmt: skip
    return suppliers, items


def pairing_instance(
    G: nx.MultiDiGraph,
    *,
    capacity: int | None,
    caps: Mapping[str, int],
    weights: Mapping[str, int],
    rules: Rules,
) -> tuple[list[Supplier], list[DemandItem]]:
    """The member units (ledger capacity, else ``capacity``, else ``caps`` by their widest
    platform's level; reach that platform's area) and the key organizations with no party
    organization (see :func:`pbgraph.analyses.balance.balance_pairings`)."""
    t = tables_of(G)
    places = _Places.of(t)
    cols = _org_columns(t, rules)
    select = ~cols["covered"] & cols["key"]
    items = _org_items(t, places, cols, select, weights=weights, rules=rules)
    p_keys, p_attrs = t.node_table("Platform")
    p_level = {k: d.get("level") for k, d in zip(p_keys, p_attrs, strict=True)}
    p_region = dict(zip(*t.rel_table("AT_Platform_Region"), strict=True))
    rank = {"city": 0, "district": 1, "street": 2, "community": 3}
    best: dict[str, str] = {}  # unit -> its widest platform
    for u, p in zip(*t.rel_table("MEMBER_OF_MemberUnit_Platform"), strict=True):
        if u not in best or rank.get(p_level.get(p) or "", 9) < rank.get(
            p_level.get(best[u]) or "", 9
        ):
            best[u] = p
    paired: dict[str, list[str]] = defaultdict(list)
    for u, o in zip(*t.rel_table("PAIRED_WITH_MemberUnit_Organization"), strict=True):
        paired[u].append(f"Organization:{o}")
    keys, attrs = t.node_table("MemberUnit")
    suppliers = []
    for k, d in sorted(zip(keys, attrs, strict=True), key=lambda kd: kd[0]):
        plat = best.get(k)
        level = (p_level.get(plat) if plat else None) or "city"
        region = p_region.get(plat) if plat else None
        reach = {"city": "city", "district": "district"}.get(level, "street")
        cap = d.get("capacity")
        cap = int(cap) if cap is not None else capacity if capacity is not None else caps[level]
        suppliers.append(Supplier(
            k, d.get("name", ""), places.street.get(region) if region else None,
            places.district.get(region) if region else None, cap, reach,
            tuple(paired.get(k, ())),
        ))  # fmt: skip
    return suppliers, items


def _mask(name: str) -> str:
    from ...loaders.values import mask_name

    return mask_name(name)
