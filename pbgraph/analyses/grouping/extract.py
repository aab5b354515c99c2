"""What grouping reads: every organization as arrays (:class:`Units`: members, candidacy,
building, industry, area) and the joint branches that exist, from the columns of the
projection's tables (:mod:`pbgraph.graphmodel.tables`), never a dict per row; and which
tables those are (:func:`inputs`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

import networkx as nx
import numpy as np

from ...graphmodel.tables import Tables, tables_of
from ..coverage import NO_PARTY_ORG, coverage
from ..coverage import inputs as coverage_inputs
from .model import Rules

__all__ = ["UnitLists", "Units", "inputs", "joint_branches", "read_units"]

_COVERS = "COVERS_PartyOrg_Organization"
_IN_BUILDING = "IN_BUILDING_Organization_Building"


def inputs(*, count_latent: bool = False) -> dict[str, Any]:
    """What :func:`read_units` and :func:`joint_branches` read: the arguments of
    ``store.tables``. The categories come from :func:`coverage` by street, which reads the
    rest; members held elsewhere (the ``Member`` table) only with ``count_latent``."""
    args = coverage_inputs("street")
    props: dict[str, list[str]] = args["props"]
    rels: list[str] = args["rels"]
    if not count_latent:  # coverage then finds no latent member: grouping does not ask
        props.pop("Member", None)
        rels = [r for r in rels if r != "WORKS_AT_Member_Organization"]
    props["Organization"].append("industry")
    props["Building"] = ["name"]
    rels.append(_IN_BUILDING)
    return {"labels": list(props), "rels": rels, "props": props}


class UnitLists(NamedTuple):
    """Columns of :class:`Units` as lists (an element of a list is read many times faster
    than one of a numpy array)."""

    w: list[int]
    m: list[int]
    latent: list[int]
    building: list[int]
    formal: list[int]
    prob: list[int]


@dataclass
class Units:
    """Every organization of the graph, in the Organization table's order.

    ``w`` counts the formal members that count for a branch (+ latent ones with
    ``count_latent``), ``m`` all members (formal + probationary + latent). Buildings and
    industries are coded (``building`` is ``-1`` outside any building); ``area_of`` gives the
    area (street, or district) a unit is grouped in, ``street_of`` its street.
    """

    tables: Tables
    keys: list[str]  # credit codes
    names: list[str]
    formal: np.ndarray
    prob: np.ndarray
    latent: np.ndarray
    w: np.ndarray
    m: np.ndarray
    is_cand: np.ndarray  # joint-formation candidates: no party org, 1 … N-1 members
    is_empty: np.ndarray  # no party org, no formal member (with include_empty)
    building: np.ndarray  # index into b_list, -1: none
    b_list: list[str]  # building keys
    b_name: dict[str, str]  # building key -> name
    industries: list[str]  # industry name per organization ("" when unknown)
    industry: np.ndarray  # industry code per organization
    street_names: list[str]
    street_of: np.ndarray
    area_names: list[str]
    area_of: np.ndarray

    @property
    def index(self) -> dict[str, int]:
        """``{credit code: position}`` (made when first asked: 500 000 keys at city scale)."""
        return self.tables.index("Organization")

    @cached_property
    def lists(self) -> UnitLists:
        """``w``, ``m``, ``latent``, ``building``, ``formal`` and ``prob`` as lists, for
        reading unit by unit."""
        return UnitLists(self.w.tolist(), self.m.tolist(), self.latent.tolist(),
                         self.building.tolist(), self.formal.tolist(), self.prob.tolist())  # fmt: skip

    def areas(self) -> Iterator[tuple[str, list[int]]]:
        """``(area, positions of its candidates and empty units)`` for every area, in order."""
        sel = np.flatnonzero(self.is_cand | self.is_empty)
        order = sel[np.argsort(self.area_of[sel], kind="stable")]
        bounds = np.searchsorted(self.area_of[order], np.arange(len(self.area_names) + 1))
        for a, area in enumerate(self.area_names):
            yield area, order[bounds[a] : bounds[a + 1]].tolist()


def read_units(G: nx.MultiDiGraph | Tables, rules: Rules) -> Units:
    """The organizations of ``G`` (a graph, or its tables: ``store.tables(**inputs())``) as
    :class:`Units` (categories from :func:`coverage`)."""
    t = G if isinstance(G, Tables) else tables_of(G)
    cov = coverage(t, by="street", min_members=rules.min_members, max_units=rules.max_units,
                   max_members=rules.max_members)  # fmt: skip
    keys = t.keys("Organization")
    n = len(keys)
    formal = cov.formal
    prob = t.column("Organization", "probationary_members")
    latent = np.zeros(n, dtype=np.int64)
    if rules.count_latent and cov.latent is not None:
        latent = cov.latent.count.astype(np.int64)
    w = formal + latent
    no_po = np.isin(cov.codes, NO_PARTY_ORG)
    is_cand = no_po & (w >= 1) & (w < rules.min_members)
    is_empty = no_po & (w == 0) if rules.include_empty else np.zeros(n, dtype=bool)
    building, b_list, b_name = _buildings(t, n)
    industries = ["" if v is None else v for v in t.column("Organization", "industry")]
    i_code = {x: i for i, x in enumerate(sorted(set(industries)))}
    industry = np.fromiter(map(i_code.__getitem__, industries), np.int64, n)
    area_names, area_of = _areas(cov.group_names, cov.group_of, rules.within)
    return Units(
        t, keys, cov.names, formal, prob, latent, w,
        formal + prob + latent, is_cand, is_empty, building, b_list, b_name, industries,
        industry, cov.group_names, cov.group_of, area_names, area_of,
    )  # fmt: skip


def _buildings(t: Tables, n: int) -> tuple[np.ndarray, list[str], dict[str, str]]:
    """Building code per organization (``-1``: none), the keys of the buildings that hold an
    organization (sorted: the codes index them) and every building's name."""
    b_keys = t.keys("Building")
    names = t.column("Building", "name")
    b_name = {k: k if v is None else v for k, v in zip(b_keys, names, strict=True)}
    building = np.full(n, -1, dtype=np.int64)
    orgs, blds = t.positions(_IN_BUILDING)
    used = np.flatnonzero(np.bincount(blds, minlength=len(b_keys))).tolist()  # np.unique's
    b_list = sorted(b_keys[b] for b in used)
    code = np.full(len(b_keys), -1, dtype=np.int64)
    rank = {k: i for i, k in enumerate(b_list)}
    code[used] = [rank[b_keys[b]] for b in used]
    building[orgs] = code[blds]
    return building, b_list, b_name


def _areas(street_names: list[str], street_of: np.ndarray, within: str) -> tuple[list[str], np.ndarray]:  # fmt: skip
    """The areas (streets, or districts) and the area of every organization."""
    if within == "street":
        return street_names, street_of
    dist = [s.rpartition("/")[0] for s in street_names]  # 枣庄市/市中区/… in a province
    area_names = sorted(set(dist))
    pos_of = {d: i for i, d in enumerate(area_names)}
    return area_names, np.array([pos_of[d] for d in dist], dtype=np.int64)[street_of]


def joint_branches(units: Units) -> Iterator[tuple[str, str, list[int]]]:
    """``(party org key, its name, positions of the units it covers)`` for every joint
    branch that covers an organization, by key (the key stands for a missing name)."""
    t = units.tables
    po_keys = t.keys("PartyOrg")
    joint = np.array([f == "joint" for f in t.column("PartyOrg", "form")], dtype=bool)
    cs, ce = t.positions(_COVERS)
    sel = joint[cs]
    cs, ce = cs[sel], ce[sel]
    order = np.lexsort((ce, cs))  # by party org, then unit
    cs, ce = cs[order], ce[order]
    new = np.ones(len(cs), dtype=bool)  # the first of each (party org, unit) pair
    new[1:] = (cs[1:] != cs[:-1]) | (ce[1:] != ce[:-1])
    cs, units_of = cs[new], ce[new].tolist()
    ps, first = np.unique(cs, return_index=True)
    bounds = [*first.tolist(), len(cs)]
    po_names = t.column("PartyOrg", "name")
    for k in sorted(range(len(ps)), key=lambda k: po_keys[ps[k]]):
        p = int(ps[k])
        name = po_names[p]
        yield po_keys[p], po_keys[p] if name is None else name, units_of[bounds[k] : bounds[k + 1]]
