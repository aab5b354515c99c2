"""What grouping reads from the graph: every organization as arrays (:class:`Units`: members,
candidacy, building, industry, area) and the joint branches that exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from ...graphmodel.tables import Tables, tables_of
from ..coverage import NO_PARTY_ORG, coverage
from .model import Rules

__all__ = ["Units", "joint_branches", "read_units"]


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
    index: dict[str, int]  # credit code -> position
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

    def areas(self) -> Iterator[tuple[str, list[int]]]:
        """``(area, positions of its candidates and empty units)`` for every area, in order."""
        sel = np.flatnonzero(self.is_cand | self.is_empty)
        order = sel[np.argsort(self.area_of[sel], kind="stable")]
        bounds = np.searchsorted(self.area_of[order], np.arange(len(self.area_names) + 1))
        for a, area in enumerate(self.area_names):
            yield area, order[bounds[a] : bounds[a + 1]].tolist()


def read_units(G: nx.MultiDiGraph, rules: Rules) -> Units:
    """The organizations of ``G`` as :class:`Units` (categories from :func:`coverage`)."""
    cov = coverage(G, by="street", min_members=rules.min_members, max_units=rules.max_units,
                   max_members=rules.max_members)  # fmt: skip
    t = tables_of(G)
    keys, attrs = t.node_table("Organization")
    n = len(keys)
    index = dict(zip(keys, range(n), strict=True))
    formal = cov.formal
    prob = np.fromiter(map(methodcaller("get", "probationary_members", 0), attrs), np.int64, n)
    latent = np.zeros(n, dtype=np.int64)
    if rules.count_latent:
        for org, ms in cov.latent_members.items():
            latent[index[org]] = len(ms)
    w = formal + latent
    no_po = np.isin(cov.codes, NO_PARTY_ORG)
    is_cand = no_po & (w >= 1) & (w < rules.min_members)
    is_empty = no_po & (w == 0) if rules.include_empty else np.zeros(n, dtype=bool)
    building, b_list, b_name = _buildings(t, index, n)
    industries = list(map(methodcaller("get", "industry", ""), attrs))
    i_code = {x: i for i, x in enumerate(sorted(set(industries)))}
    industry = np.fromiter(map(i_code.__getitem__, industries), np.int64, n)
    area_names, area_of = _areas(cov.group_names, cov.group_of, rules.within)
    return Units(
        t, keys, cov.names, index, formal, prob, latent, w, formal + prob + latent, is_cand,
        is_empty, building, b_list, b_name, industries, industry, cov.group_names,
        cov.group_of, area_names, area_of,
    )  # fmt: skip


def _buildings(t: Tables, index: dict[str, int], n: int) -> tuple[np.ndarray, list[str], dict[str, str]]:  # fmt: skip
    """Building code per organization (``-1``: none), the building keys and their names."""
    b_keys, b_attrs = t.node_table("Building")
    b_name = {k: d.get("name", k) for k, d in zip(b_keys, b_attrs, strict=True)}
    building = np.full(n, -1, dtype=np.int64)
    bs, be = t.rel_table("IN_BUILDING_Organization_Building")
    b_list = sorted(set(be))
    b_code = {b: i for i, b in enumerate(b_list)}
    if bs:
        pos = np.fromiter(map(index.get, bs, repeat(-1)), np.int64, len(bs))
        code = np.fromiter(map(b_code.__getitem__, be), np.int64, len(be))
        building[pos[pos >= 0]] = code[pos >= 0]
    return building, b_list, b_name


def _areas(street_names: list[str], street_of: np.ndarray, within: str) -> tuple[list[str], np.ndarray]:  # fmt: skip
    """The areas (streets, or districts) and the area of every organization."""
    if within == "street":
        return street_names, street_of
    dist = [s.split("/")[0] for s in street_names]
    area_names = sorted(set(dist))
    pos_of = {d: i for i, d in enumerate(area_names)}
    return area_names, np.array([pos_of[d] for d in dist], dtype=np.int64)[street_of]


def joint_branches(units: Units) -> Iterator[tuple[str, dict[str, Any], list[int]]]:
    """``(party org key, its attributes, positions of the units it covers)`` for every joint
    branch that covers an organization, by key."""
    po_keys, po_attrs = units.tables.node_table("PartyOrg")
    po = dict(zip(po_keys, po_attrs, strict=True))
    covered: dict[str, list[int]] = defaultdict(list)
    for p, org in zip(*units.tables.rel_table("COVERS_PartyOrg_Organization"), strict=True):
        if org in units.index and po.get(p, {}).get("form") == "joint":
            covered[p].append(units.index[org])
    for p in sorted(covered):
        yield p, po[p], sorted(set(covered[p]))
