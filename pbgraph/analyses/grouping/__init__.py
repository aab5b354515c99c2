"""Joint-formation grouping (联合组建): proposals for joint party branches that cover the most
small organizations, within the rules, with a bound that says how good they are.

Candidates are organizations with no party organization and 1 … N-1 formal members (N is
``min_members``, default 3; members held by talent centres, HR markets or communities count
only with ``count_latent``). A proposed group is *valid* when it has at least N formal members,
at most ``max_units`` units, at most ``max_members`` members (formal + probationary) and stays
within one street (or district, ``within="district"``). With ``include_empty``, organizations
with no formal member join groups with room left as extra units (they never make a group
invalid: they add no formal member, and units and members are checked).

The objective, in order (`docs/design.md`, Branch Work Regulations 2018):

1. the number of member-bearing candidates covered;
2. the number of organizations covered (with ``include_empty``: more groups, more room);
3. compactness: fewer buildings (楼宇/园区/市场), then fewer industries per group
   (``cost`` = 2 x (buildings - 1) + (industries - 1) per group, by ``prefer``).

Method. Areas are independent, so the city is solved area by area:

* **heuristic** (default, the whole city in about a second): candidates are packed level by
  level — same building and industry, same building, the whole area — each level's
  leftovers passed up; packing opens a group with its heaviest unit and completes it with the
  lightest unit that reaches N (best fit), so groups stay small and many; what is left is
  absorbed by groups with room (same building and industry first), then surplus units are
  moved out of groups that keep N without them to form a new group. If packing the area as
  one pool covers more candidates, that packing is used. With the defaults (N = 3, 5 units:
  any 3 units reach 3 members, 2 leftover units fit any group) every candidate of an area
  with at least 3 formal members is covered, so the heuristic is optimal for objective 1
  whenever the member limit does not bind;
* **exact** (``exact=True``, areas with up to ``exact_max`` candidates): a set-assignment MIP
  solved by HiGHS in three lexicographic stages (objective 1, then 2 with 1 fixed, then 3);
* **upper bound** per area, for both: with g groups at most ``min(n, g*max_units)``
  candidates are covered, and the heaviest that many must carry ``g*N`` formal members; the
  bound is the largest such count (the member limit is relaxed). ``gap`` = bound - covered.

Input. :func:`group` takes a networkx graph of the schema's shape (``store.graph()``) or
its tables: ``store.tables(**inputs(within=..., count_latent=...))`` reads only the columns
grouping needs (``pbgraph group`` does, without building a graph); both give the same
result, byte for byte.

Existing joint branches over the limits, or with a unit grown to N formal members, get a
split proposal: grown units build their own, the rest is spread over as few valid parts as
the limits allow.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:D", label="Region", name="历下区", level="district")
>>> G.add_node("Region:D/s", label="Region", name="泉城路街道", level="street")
>>> _ = G.add_edge("Region:D/s", "Region:D", key="PART_OF")
>>> G.add_node("Building:D/b", label="Building", name="恒隆广场")
>>> for code, m in [("o1", 2), ("o2", 1), ("o3", 1), ("o4", 0)]:
...     G.add_node(f"Organization:{code}", label="Organization", name=code, formal_members=m,
...                industry="批发和零售业")
...     _ = G.add_edge(f"Organization:{code}", "Region:D/s", key="LOCATED_IN")
...     _ = G.add_edge(f"Organization:{code}", "Building:D/b", key="IN_BUILDING")
>>> r = group(G)
>>> [(g.name, g.codes) for g in r.groups]
[('泉城路街道恒隆广场联合党支部', ['o1', 'o2', 'o3'])]
>>> r.totals()["covered"], r.totals()["upper_bound"]
(3, 3)
>>> group(G, include_empty=True).groups[0].codes
['o1', 'o2', 'o3', 'o4']

The package, in the order the data flows: :mod:`.model` (the rules, one area's units, the
measures and the bound), :mod:`.extract` (the organizations as arrays, read from the columns),
:mod:`.solver` (heuristic and exact), :mod:`.proposals` (names, reasons, splits) and
:mod:`.result` (the result with its tables and listings).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from ...graphmodel.tables import Tables
from .extract import Units, joint_branches, read_units
from .extract import inputs as _read_inputs
from .model import (
    LISTS,
    PREFER,
    WITHIN,
    Instance,
    Rules,
    compactness,
    score,
    upper_bound,
    valid,
)
from .proposals import left_out, make_group, name_groups, split_proposal
from .result import Group, GroupingResult
from .solver import solve_area, solve_exact, solve_heuristic

__all__ = [
    "LISTS",
    "PREFER",
    "WITHIN",
    "Group",
    "GroupingResult",
    "Instance",
    "Rules",
    "compactness",
    "group",
    "inputs",
    "score",
    "solve_exact",
    "solve_heuristic",
    "upper_bound",
    "valid",
]


def inputs(*, within: str = "street", count_latent: bool = False) -> dict[str, Any]:
    """What :func:`group` reads with these options: the arguments of ``store.tables``
    (``within`` is checked and needs nothing more: districts are read with the streets).

    >>> inputs()["labels"], "Member" in inputs(count_latent=True)["labels"]
    (['Organization', 'PartyOrg', 'Region', 'Building'], True)
    """
    if within not in WITHIN:
        raise ValueError(f"within must be street or district, not {within!r}")
    return _read_inputs(count_latent=count_latent)


def group(
    G: nx.MultiDiGraph | Tables,
    rules: Rules | None = None,
    *,
    min_members: int = 3,
    max_units: int = 5,
    max_members: int = 50,
    within: str = "street",
    prefer: Sequence[str] = PREFER,
    include_empty: bool = False,
    count_latent: bool = False,
    exact: bool = False,
    exact_max: int = 40,
    time_limit: float = 10.0,
) -> GroupingResult:
    """Propose joint branches for the joint-formation candidates of ``G``.

    Parameters
    ----------
    G : the projection of a store (``store.graph()``), or its tables
        (``store.tables(**inputs(within=..., count_latent=...))``, :func:`tables_of`); only
        read.
    rules : all the options below at once (a :class:`Rules`); then give no keyword.
    min_members : N, the formal members a branch needs (and from which a unit builds its own).
    max_units, max_members : limits of one joint branch (units; formal + probationary members).
    within : ``street`` (the rule) or ``district`` (groups may cross streets).
    prefer : order of preference for compactness: ``building``, ``industry`` (or fewer).
    include_empty : let units with no formal member join groups with room.
    count_latent : count members whose relation is held by a talent centre, HR market or
        community as the employer's (they would have to be transferred).
    exact : solve areas with up to ``exact_max`` candidates by the MIP (HiGHS), each stage
        within ``time_limit`` seconds; larger areas use the heuristic.
    """
    given = Rules(min_members, max_units, max_members, within, tuple(prefer), include_empty,
                  count_latent, exact, exact_max, time_limit)  # fmt: skip
    if rules is None:
        rules = given
    elif given != Rules():
        raise TypeError("group() takes rules or keyword options, not both")
    units = read_units(G, rules)
    groups: list[Group] = []
    areas: list[dict[str, Any]] = []
    uncovered: list[dict[str, Any]] = []
    for area, idx in units.areas():
        if idx and units.is_cand[idx].any():
            row, area_groups, left = _group_area(area, idx, units, rules, len(groups))
            areas.append(row)
            groups += area_groups
            uncovered += left
    areas.sort(key=lambda r: (-r["gap"], -r["candidates"], r["area"]))
    splits = [
        s
        for p, name, u in joint_branches(units)
        if (s := split_proposal(p, name, u, units, rules)) is not None
    ]
    return GroupingResult(rules.params(), groups, areas, uncovered, splits)


def _group_area(area: str, idx: list[int], units: Units, rules: Rules, n_before: int) -> tuple[dict[str, Any], list[Group], list[dict[str, Any]]]:  # fmt: skip
    """One area (its candidates and empty units at positions ``idx``): its row of figures,
    its proposed groups (numbered after the ``n_before`` of earlier areas) and who is left."""
    inst = rules.instance(units.w[idx].tolist(), units.m[idx].tolist(),
                          units.building[idx].tolist(), units.industry[idx].tolist())  # fmt: skip
    n_cand = int(units.is_cand[idx].sum())
    sol, method = solve_area(inst, rules)
    bound = upper_bound(inst.w, rules.min_members, rules.max_units)
    covered_set = {i for g in sol for i in g}
    covered = sum(1 for i in covered_set if inst.w[i] > 0)
    row = {
        "area": area, "candidates": n_cand, "covered": covered,
        "uncovered": n_cand - covered, "upper_bound": bound, "gap": bound - covered,
        "groups": len(sol), "empty_covered": len(covered_set) - covered, "method": method,
    }  # fmt: skip
    ordered = [[idx[i] for i in g] for g in sorted(sol, key=lambda g: (-len(g), g))]
    names = name_groups(area, ordered, units, rules.within)
    groups = [
        make_group(f"G{n_before + k:05d}", area, name, orgs, method, units, rules.min_members)
        for k, (orgs, name) in enumerate(zip(ordered, names, strict=True), start=1)
    ]
    area_w = sum(inst.w)
    in_group = {idx[j] for j in covered_set}
    left = [
        left_out(area, i, units, area_w, rules)
        for i in idx
        if units.is_cand[i] and i not in in_group
    ]
    return row, groups, left
