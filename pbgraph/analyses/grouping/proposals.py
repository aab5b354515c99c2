"""From solved groups to proposals a person reads: branch names, a reason per organization,
why a candidate is left out, and split proposals for joint branches that outgrew the rules."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from .extract import Units
from .model import Rules
from .result import Group

__all__ = ["left_out", "make_group", "name_groups", "split_proposal"]

_CN = "零一二三四五六七八九十"


def _ordinal(k: int) -> str:
    if k <= 10:
        return _CN[k]
    if k < 20:
        return "十" + _CN[k - 10]
    if k < 100:
        return _CN[k // 10] + "十" + (_CN[k % 10] if k % 10 else "")
    return str(k)


def name_groups(area: str, groups: list[list[int]], units: Units, within: str) -> list[str]:
    """Names of an area's groups (positions of their units), in order: street, then the
    building most of the units share, numbered when the same name comes up twice."""
    street_label = area.split("/")[-1]
    named: Counter[str] = Counter()
    bases: list[str] = []
    for orgs in groups:
        bcount = Counter(units.b_list[units.building[j]] for j in orgs if units.building[j] >= 0)
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
        names.append(f"{base}{'第' + _ordinal(seen[base]) if named[base] > 1 else ''}联合党支部")
    return names


def make_group(gid: str, area: str, name: str, orgs: list[int], method: str, units: Units, N: int) -> Group:  # fmt: skip
    """The proposed group of the units at positions ``orgs``, with a reason for each."""
    w, m, latent, building = units.w, units.m, units.latent, units.building
    b_list, b_name, ind = units.b_list, units.b_name, units.industries
    blds = [b_name.get(b_list[building[j]], "") if building[j] >= 0 else "" for j in orgs]
    inds = [ind[j] for j in orgs]
    W, n_units, members = int(w[orgs].sum()), len(orgs), int(m[orgs].sum())
    reasons = []
    for j, b, i in zip(orgs, blds, inds, strict=True):
        others = n_units - 1
        same_b = b and all(x == b for x in blds)
        same_i = all(x == i for x in inds)
        if same_b and same_i:
            where = (
                f"与同在{b}的{others}家同行业单位",
                f"with {others} unit(s) of the same industry in {b}",
            )
        elif same_b:
            where = (f"与同在{b}的{others}家单位", f"with {others} unit(s) in {b}")
        elif b and blds.count(b) > 1:
            where = (
                f"与同在{b}及本街道邻近的{others}家单位",
                f"with {others} unit(s) in {b} and nearby",
            )
        elif same_i and i:
            where = (f"与本街道{others}家{i}单位", f"with {others} {i} unit(s) of the street")
        else:
            where = (f"与本街道邻近的{others}家单位", f"with {others} nearby unit(s) of the street")
        tail = (f"联合组建后共{n_units}个单位、{W}名正式党员、{members}名党员",
                f"together {n_units} units, {W} formal members, {members} members")  # fmt: skip
        if w[j] == 0:
            zh = f"暂无正式党员，{where[0]}一并纳入联合党支部，实现组织覆盖，需培养发展党员；{tail[0]}"
            en = f"no formal member: joins {where[1]} for organizational coverage, needs member development; {tail[1]}"
        else:
            lat = f"（含组织关系在外、需转接的{int(latent[j])}名）" if latent[j] else ""
            lat_en = f" (incl. {int(latent[j])} held elsewhere, to transfer)" if latent[j] else ""
            zh = f"有{int(w[j])}名正式党员{lat}，不足{N}名，{where[0]}联合组建；{tail[0]}"
            en = f"{int(w[j])} formal member(s){lat_en}, fewer than {N}: joint branch {where[1]}; {tail[1]}"
        reasons.append((zh, en))
    return Group(gid, area, name, [units.keys[j] for j in orgs], [units.names[j] for j in orgs],
                 [int(w[j]) for j in orgs], members, sorted({b for b in blds if b}),
                 sorted(set(inds) - {""}), reasons, method)  # fmt: skip


def left_out(area: str, j: int, units: Units, area_w: int, rules: Rules) -> dict[str, Any]:
    """The candidate at position ``j``, left out of its area's groups, and why."""
    N, U, M = rules.min_members, rules.max_units, rules.max_members
    if area_w < N:
        reason = (
            f"本区域联合组建对象正式党员合计{area_w}名，不足{N}名，无法组成联合党支部；可跨街道联合（--within district）或发展党员",
            f"the area's candidates have {area_w} formal member(s) in all, fewer than {N}: cross streets (--within district) or develop members",
        )  # fmt: skip
    else:
        reason = (
            f"受每个联合党支部至多{U}个单位、{M}名党员的限制，本区域未能编入；建议发展党员或跨街道联合",
            f"left out by the limits of {U} units and {M} members per branch: develop members or cross streets",
        )  # fmt: skip
    return {"area": area, "credit_code": units.keys[j], "name": units.names[j],
            "formal_members": int(units.w[j]), "reason": reason}  # fmt: skip


def split_proposal(p: str, attrs: dict[str, Any], u: list[int], units: Units, rules: Rules) -> dict[str, Any] | None:  # fmt: skip
    """How to split the joint branch ``p`` (covering the units at positions ``u``) when it is
    over the limits or a unit has grown to N formal members; None when it keeps the rules."""
    N, U, M = rules.min_members, rules.max_units, rules.max_members
    formal, prob = units.formal, units.prob
    grown = [j for j in u if formal[j] >= N]
    members = int((formal[u] + prob[u]).sum())
    if not grown and len(u) <= U and members <= M:
        return None
    rest = [j for j in u if formal[j] < N]
    parts_idx = _spread(rest, units, U, M)
    name = attrs.get("name", p)
    parts = _split_parts(p, name, grown, parts_idx, units, N)
    why_zh, why_en = _split_why(len(u), members, len(grown), rules)
    summary = "；".join(
        f"{x['name']}：{'、'.join(o['credit_code'] + ' ' + o['name'] for o in x['organizations'])}"
        for x in parts
    )
    summary_en = "; ".join(
        f"{x['name']}: {', '.join(o['credit_code'] for o in x['organizations'])}" for x in parts
    )
    return {
        "party_org": p, "name": name, "units": len(u), "members": members,
        "reason": ("；".join(why_zh) + "，建议拆分", "; ".join(why_en) + ": split"),
        "proposal": (summary, summary_en), "parts": parts,
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
            "part": f"{p}-own-{keys[j]}", "name": f"{names[j]}党支部",
            "organizations": [{"credit_code": keys[j], "name": names[j]}],
            "action": (f"已有{int(formal[j])}名正式党员，单独组建党支部",
                       f"{int(formal[j])} formal members: build its own branch"),
        })  # fmt: skip
    for q, part in enumerate(parts_idx, start=1):
        if not part:
            continue
        wq = int(formal[part].sum())
        ok = wq >= N
        parts.append({
            "part": f"{p}-{q}", "name": f"{name}（拆分{q}）" if len(parts_idx) > 1 else name,
            "organizations": [{"credit_code": keys[j], "name": names[j]} for j in part],
            "action": (
                f"{len(part)}个单位、{wq}名正式党员组成联合党支部" if ok
                else f"{len(part)}个单位仅{wq}名正式党员，不足{N}名，需并入邻近联合党支部或发展党员",
                f"{len(part)} units, {wq} formal members: a joint branch" if ok
                else f"{len(part)} units with {wq} formal members (< {N}): join a neighbouring branch or develop members",
            ),
        })  # fmt: skip
    return parts


def _split_why(n_units: int, members: int, n_grown: int, rules: Rules) -> tuple[list[str], list[str]]:  # fmt: skip
    """Why a joint branch is to be split (zh, en)."""
    N, U, M = rules.min_members, rules.max_units, rules.max_members
    why_zh, why_en = [], []
    if n_units > U:
        why_zh.append(f"覆盖{n_units}个单位，超过{U}个")
        why_en.append(f"{n_units} units > {U}")
    if members > M:
        why_zh.append(f"共{members}名党员，超过{M}名")
        why_en.append(f"{members} members > {M}")
    if n_grown:
        why_zh.append(f"{n_grown}个单位已有{N}名以上正式党员")
        why_en.append(f"{n_grown} unit(s) grown to {N}+ formal members")
    return why_zh, why_en
