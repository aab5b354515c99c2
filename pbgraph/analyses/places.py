"""Where and when, for the analyses of progress, funds and demonstration sites: the streets
and districts of a graph (:class:`Places`: where organizations, party organizations,
visit reports and sites are), dates (:func:`as_date`, :func:`days`) and which
organizations are uncovered (:func:`uncovered_codes`, coverage's rule without its flags).

What each reads is a set of ``store.tables`` arguments (:func:`inputs`,
:func:`uncovered_inputs`); an analysis merges the sets it needs (:func:`merge_inputs`) and
reads just those columns, without a graph.

>>> days(["2018-07-31", None]).tolist()
[datetime.date(2018, 7, 31), None]
>>> merge_inputs({"labels": ["Region"], "rels": [], "props": {"Region": ["level"]}},
...              {"labels": ["Region"], "rels": ["PART_OF_Region_Region"],
...               "props": {"Region": ["name"]}})["props"]
{'Region': ['level', 'name']}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..graphmodel.regioncode import street_place
from ..graphmodel.tables import Tables
from .coverage import STATE_OF, STATES, CoverageResult

__all__ = [
    "Places",
    "as_date",
    "days",
    "inputs",
    "merge_inputs",
    "pick_street",
    "places",
    "street_name",
    "uncovered_codes",
    "uncovered_inputs",
]

_NAT = np.datetime64("NaT", "D")


def as_date(value: Any) -> dt.date | None:
    """A date from a ``date``, ``datetime`` or ISO string (``None`` stays ``None``).

    >>> as_date("2018-07-31"), as_date(None)
    (datetime.date(2018, 7, 31), None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(
            f"不是日期（YYYY-MM-DD）：{value!r} (not a date (YYYY-MM-DD): {value!r})"
        ) from None


def days(values: Sequence[Any]) -> np.ndarray:
    """``datetime64[D]`` of dates in any of :func:`as_date`'s forms (NaT where missing),
    parsed by numpy in one call."""
    text = ["NaT" if v is None else str(v)[:10] for v in values]
    return np.array(text, dtype="datetime64[D]") if text else np.full(0, _NAT)


@dataclass
class Places:
    """Streets and districts of a graph, and where organizations and party organizations are.

    ``street_of_org[j]`` / ``street_of_po[k]`` index :attr:`streets` (-1: unknown); a party
    organization is in the street of the first organization it covers.
    """

    streets: list[str]  # Region keys "district/street", sorted
    district_of_street: np.ndarray  # index into districts
    districts: list[str]
    street_of_org: np.ndarray
    street_of_po: np.ndarray
    street_of_region: np.ndarray  # Region table position -> street index (-1: not a street)

    def district_of(self, street: np.ndarray) -> np.ndarray:
        """District index of street indexes (-1 stays -1)."""
        d = np.append(self.district_of_street, -1)
        return d[np.where(street < 0, len(self.district_of_street), street)]


_STREET_RELS = ("LOCATED_IN_Organization_Region", "FOR_VisitReport_Region", "IN_DemoSite_Region")


def inputs() -> dict[str, Any]:
    """What :func:`places` reads: the arguments of ``store.tables`` (the keys of party
    organizations, visit reports and sites come with their relationships)."""
    return {
        "labels": ["Region", "Organization"],
        "rels": ["PART_OF_Region_Region", *_STREET_RELS, "COVERS_PartyOrg_Organization"],
        "props": {"Region": ["level"], "Organization": []},
    }


def uncovered_inputs() -> dict[str, Any]:
    """What :func:`uncovered_codes` reads: the arguments of ``store.tables``."""
    return {
        "labels": ["Organization"],
        "rels": ["COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization"],
        "props": {"Organization": ["formal_members"]},
    }


def merge_inputs(*parts: Mapping[str, Any]) -> dict[str, Any]:
    """The union of several sets of ``store.tables`` arguments, in the order first named."""
    labels: dict[str, None] = {}
    rels: dict[str, None] = {}
    props: dict[str, dict[str, None]] = {}
    for p in parts:
        labels.update(dict.fromkeys(p["labels"]))
        rels.update(dict.fromkeys(p["rels"]))
        for label, names in p["props"].items():
            props.setdefault(label, {}).update(dict.fromkeys(names))
    return {"labels": list(labels), "rels": list(rels),
            "props": {label: list(names) for label, names in props.items()}}  # fmt: skip


_CODE = {c: i for i, c in enumerate(STATE_OF)}


def uncovered_codes(t: Tables, min_members: int = 3) -> np.ndarray:
    """The coverage category code of every organization (an index into
    :data:`~pbgraph.analyses.coverage.STATE_OF`, as ``CoverageResult.codes``) where it is
    uncovered (``must_build``, ``joint_candidate``, ``no_members``), -1 where a party
    organization covers it or an instructor guides it: coverage's rule, without reading
    what only its flags need."""
    n = len(t.keys("Organization"))
    covered = np.zeros(n, dtype=bool)
    covered[t.positions("COVERS_PartyOrg_Organization")[1]] = True
    covered[t.positions("GUIDES_Instructor_Organization")[1]] = True
    formal = t.column("Organization", "formal_members")
    return np.where(
        covered,
        -1,
        np.where(
            formal >= min_members,
            _CODE["must_build"],
            np.where(formal > 0, _CODE["joint_candidate"], _CODE["no_members"]),
        ),
    )


def places(t: Tables) -> Places:
    """The :class:`Places` of the tables of a graph (reading :func:`inputs`)."""
    r_keys = t.keys("Region")
    child, parent = t.positions("PART_OF_Region_Region")
    parent_of = np.full(len(r_keys), -1, dtype=np.int64)
    parent_of[child] = parent
    is_street = np.array([v == "street" for v in t.column("Region", "level")], dtype=bool)
    # a region an organization or a report points at is a street even without a level
    for name in _STREET_RELS:
        is_street[t.positions(name)[1]] = True
    street_pos = np.flatnonzero(is_street)
    order = sorted(street_pos.tolist(), key=lambda p: r_keys[p])
    streets = [r_keys[p] for p in order]
    street_of_region = np.full(len(r_keys), -1, dtype=np.int64)
    street_of_region[order] = np.arange(len(order))
    dist_names = [
        r_keys[parent_of[p]]
        if parent_of[p] >= 0
        else street_place(r_keys[p]).district_code or r_keys[p]
        for p in order
    ]
    districts = sorted(set(dist_names))
    dix = {d: i for i, d in enumerate(districts)}
    district_of_street = np.array([dix[d] for d in dist_names], dtype=np.int64)

    n_org = len(t.keys("Organization"))
    street_of_org = np.full(n_org, -1, dtype=np.int64)
    oj, orr = t.positions("LOCATED_IN_Organization_Region")
    street_of_org[oj] = street_of_region[orr]
    n_po = len(t.keys("PartyOrg"))
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    first = np.full(n_po, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, cs, ce)
    has = first < np.iinfo(np.int64).max
    street_of_po = np.full(n_po, -1, dtype=np.int64)
    street_of_po[has] = street_of_org[first[has]]
    return Places(streets, district_of_street, districts, street_of_org, street_of_po,
                  street_of_region)  # fmt: skip


def pick_street(t: Tables, result: CoverageResult) -> str:
    """The street that shows the most: buildings, instructors, member units and party
    organizations present (as many kinds as any street has), then the most uncovered
    organizations (the street the report's network chart and network view draw by default)."""
    if not result.group_names:
        raise ValueError("图中没有两新组织 (the graph has no organizations)")
    n = len(result.group_names)
    score = np.zeros(n, dtype=np.int64)
    for rel in ("IN_BUILDING_Organization_Building", "GUIDES_Instructor_Organization",
                "PAIRED_WITH_MemberUnit_Organization", "COVERS_PartyOrg_Organization"):  # fmt: skip
        ends = t.positions(rel)[0 if rel.startswith("IN_") else 1]
        present = np.zeros(n, dtype=bool)
        present[result.group_of[ends]] = True
        score += present
    state = np.array([STATES.index(s) for s in STATE_OF.values()])[result.codes]
    unc = np.bincount(result.group_of[state == STATES.index("uncovered")], minlength=n)
    best = max(range(n), key=lambda g: (int(score[g]), int(unc[g]), result.group_names[g]))
    return result.group_names[best]


def street_name(t: Tables, result: CoverageResult, street: str | None) -> str:
    """The code of the street asked for (a unique street name, or its district/street,
    will do), by default :func:`pick_street`."""
    if street is None:
        return pick_street(t, result)
    if street not in result.group_names:
        full = [g for g in result.group_names if g.endswith(f"/{street}")]  # 市中区/X街道 too
        if len(full) != 1:
            raise ValueError(
                f"没有唯一一个名为 {street!r} 的街道 (no single street called {street!r})"
            )
        street = full[0]
    return street
