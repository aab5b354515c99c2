"""From solved groups to proposals a person reads: branch names, a reason per organization,
why a candidate is left out, and split proposals for joint branches that outgrew the rules."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from ...labels import Text, fill, join
from ...labels.grouping import (
    LATENT,
    LEFT_OUT,
    OWN_ACTION,
    OWN_BRANCH,
    PART_ACTION,
    REASON,
    SEP,
    SPLIT_PART,
    SPLIT_REASON,
    SPLIT_WHY,
    TAIL,
    WHERE,
    branch_name,
    proposal,
)
from .extract import Units
from .model import Rules
from .result import Group

__all__ = ["left_out", "make_group", "name_groups", "split_proposal"]


def name_groups(area: str, groups: list[list[int]], units: Units, within: str) -> list[str]:
    """Names of an area's groups (positions of their units), in order: street, then the
    building most of the units share, numbered when the same name comes up twice."""
    street_label = area.split("/")[-1]
    building = units.lists.building
    named: Counter[str] = Counter()
    bases: list[str] = []
    for orgs in groups:
        bcount = Counter(units.b_list[b] for b in (building[j] for j in orgs) if b >= 0)
        place = units.b_name.get(bcount.most_common(1)[0][0], "") if bcount else ""
        if within == "district":
            st = Counter(units.street_names[units.street_of[j]].split("/")[-1] for j in orgs)
            street_label = st.most_common(1)[0][0]
        base = f"{street_label}{place}"
        named[base] += 1
        bases.append(base)
    seen: Counter[str] = Counter()
    names = []
    for base in bases:
        seen[base] += 1
        names.append(branch_name(base, seen[base] if named[base] > 1 else 0))
    return names


def make_group(gid: str, area: str, name: str, orgs: list[int], method: str, units: Units, N: int) -> Group:  # fmt: skip
    """The proposed group of the units at positions ``orgs``, with a reason for each."""
    b_list, b_name, ind, col = units.b_list, units.b_name, units.industries, units.lists
    ws, lats = [col.w[j] for j in orgs], [col.latent[j] for j in orgs]
    blds = [b_name.get(b_list[b], "") if b >= 0 else "" for b in (col.building[j] for j in orgs)]
    inds = [ind[j] for j in orgs]
    W, n_units, members = sum(ws), len(orgs), sum(col.m[j] for j in orgs)
    tail = (TAIL[0].format(units=n_units, formal=W, members=members),
            TAIL[1].format(units=n_units, formal=W, members=members))  # fmt: skip
    alike = _Alike(blds, inds)
    reasons = []
    made: dict[tuple[str, str, int, int], Text] = {}  # units alike have the same reason
    for b, i, wj, lj in zip(blds, inds, ws, lats, strict=True):
        reason = made.get((b, i, wj, lj))
        if reason is None:
            wz, we = WHERE[alike.where(b, i)]
            where = (wz.format(others=n_units - 1, building=b, industry=i),
                     we.format(others=n_units - 1, building=b, industry=i))  # fmt: skip
            lat = fill(LATENT, n=lj) if lj else ("", "")
            reason = made[b, i, wj, lj] = _reason("few" if wj else "empty", where, lat, tail,
                                                  formal=wj, min_members=N)  # fmt: skip
        reasons.append(reason)
    return Group(gid, area, name, [units.keys[j] for j in orgs], [units.names[j] for j in orgs],
                 ws, members, sorted({b for b in blds if b}), sorted(set(inds) - {""}), reasons,
                 method)  # fmt: skip


def _reason(code: str, where: Text, latent: Text, tail: Text, **fields: int) -> Text:
    """``REASON[code]`` filled as :func:`~pbgraph.labels.fill` would, written out language
    by language (the reasons of a city's proposals are its hot spot)."""
    zh, en = REASON[code]
    return (zh.format(where=where[0], latent=latent[0], tail=tail[0], **fields),
            en.format(where=where[1], latent=latent[1], tail=tail[1], **fields))  # fmt: skip


class _Alike:
    """The buildings (names, ``""``: none) and industries of a group's units, to say how
    alike the group of one of them is (:meth:`where`)."""

    def __init__(self, blds: list[str], inds: list[str]) -> None:
        self.blds = blds
        self.one_building, self.one_industry = len(set(blds)) == 1, len(set(inds)) == 1

    def where(self, b: str, i: str) -> str:
        """How alike the group of a unit in building ``b`` (or none) and industry ``i`` is:
        the code of its :data:`~pbgraph.labels.grouping.WHERE`."""
        same_b = b and self.one_building
        same_i = self.one_industry
        if same_b and same_i:
            return "building_industry"
        if same_b:
            return "building"
        if b and self.blds.count(b) > 1:
            return "building_nearby"
        if same_i and i:
            return "industry"
        return "nearby"


def left_out(area: str, j: int, units: Units, area_w: int, rules: Rules) -> dict[str, Any]:
    """The candidate at position ``j``, left out of its area's groups, and why."""
    code = "few_members" if area_w < rules.min_members else "limits"
    reason = fill(LEFT_OUT[code], area_formal=area_w, min_members=rules.min_members,
                  max_units=rules.max_units, max_members=rules.max_members)  # fmt: skip
    return {"area": area, "credit_code": units.keys[j], "name": units.names[j],
            "formal_members": int(units.w[j]), "reason": reason}  # fmt: skip


def split_proposal(p: str, name: str, u: list[int], units: Units, rules: Rules) -> dict[str, Any] | None:  # fmt: skip
    """How to split the joint branch ``p`` named ``name`` (covering the units at positions
    ``u``) when it is over the limits or a unit has grown to N formal members; None when it
    keeps the rules."""
    N, U, M = rules.min_members, rules.max_units, rules.max_members
    formal, prob = units.lists.formal, units.lists.prob
    grown = [j for j in u if formal[j] >= N]
    members = sum(formal[j] + prob[j] for j in u)
    if not grown and len(u) <= U and members <= M:
        return None
    rest = [j for j in u if formal[j] < N]
    parts_idx = _spread(rest, units, U, M)
    parts = _split_parts(p, name, grown, parts_idx, units, N)
    reason = fill(SPLIT_REASON, why=join(SEP, _split_why(len(u), members, len(grown), rules)))
    return {
        "party_org": p, "name": name, "units": len(u), "members": members,
        "reason": reason, "proposal": proposal(parts), "parts": parts,
    }  # fmt: skip


def _spread(rest: list[int], units: Units, U: int, M: int) -> list[list[int]]:
    """The units that stay joint over as few parts as the limits allow, heaviest first (LPT)."""
    formal, prob, keys = units.formal, units.prob, units.keys
    rest_m = int((formal[rest] + prob[rest]).sum()) if rest else 0
    k = max(1, math.ceil(len(rest) / U), math.ceil(rest_m / M)) if rest else 0
    parts_idx: list[list[int]] = [[] for _ in range(k)]
    for j in sorted(rest, key=lambda j: (-formal[j], keys[j])):  # heaviest first, LPT
        room = [q for q in range(k) if len(parts_idx[q]) < U] or list(range(k))
        q = min(room, key=lambda q: (int(formal[parts_idx[q]].sum()), len(parts_idx[q])))
        parts_idx[q].append(j)
    return parts_idx


def _split_parts(p: str, name: str, grown: list[int], parts_idx: list[list[int]], units: Units, N: int) -> list[dict[str, Any]]:  # fmt: skip
    """The parts of a split: a branch of its own per grown unit, then the joint parts."""
    formal, keys, names = units.formal, units.keys, units.names
    parts: list[dict[str, Any]] = []
    for j in grown:
        parts.append({
            "part": f"{p}-own-{keys[j]}", "name": OWN_BRANCH[0].format(name=names[j]),
            "organizations": [{"credit_code": keys[j], "name": names[j]}],
            "action": fill(OWN_ACTION, formal=int(formal[j])),
        })  # fmt: skip
    for q, part in enumerate(parts_idx, start=1):
        if not part:
            continue
        wq = int(formal[part].sum())
        parts.append({
            "part": f"{p}-{q}",
            "name": SPLIT_PART[0].format(name=name, q=q) if len(parts_idx) > 1 else name,
            "organizations": [{"credit_code": keys[j], "name": names[j]} for j in part],
            "action": fill(PART_ACTION["ok" if wq >= N else "short"], units=len(part),
                           formal=wq, min_members=N),
        })  # fmt: skip
    return parts


def _split_why(n_units: int, members: int, n_grown: int, rules: Rules) -> list[Text]:
    """Why a joint branch is to be split."""
    over = {"units": n_units > rules.max_units, "members": members > rules.max_members,
            "grown": n_grown > 0}  # fmt: skip
    return [
        fill(SPLIT_WHY[code], units=n_units, members=members, grown=n_grown,
             min_members=rules.min_members, max_units=rules.max_units,
             max_members=rules.max_members)
        for code, yes in over.items() if yes
    ]  # fmt: skip
