"""Coverage (两个覆盖): which organizations are covered by a party organization or by party
work, which are not, and what a planner must do about each.

Every organization falls in exactly one category (``DOMAIN.md``; ``min_members`` is the N
of the Party Constitution, default 3):

=================  ==========================================================
own                covered by its own party organization (单独组建)
joint              covered by a joint branch (联合组建)
attached           attached to a regional or industry party organization (挂靠)
work               no party organization, an instructor guides it (工作覆盖)
must_build         uncovered, >= N formal members: must build its own (应建未建)
joint_candidate    uncovered, 1..N-1 formal members (联合组建对象)
no_members         uncovered, no formal member (需选派指导员、发展党员)
=================  ==========================================================

and may carry flags: ``key_unpaired`` (a key organization with no party organization and
no paired member unit), ``joint_grown`` (in a joint branch with >= N formal members of its
own: should build its own), ``latent`` (would reach N formal members if the relations held
by talent centres, HR markets or communities were transferred to it). Party organizations
may carry ``weak_no_instructor`` and ``joint_over_limits``.

The classification is columnar: numpy over the projection's tables
(:mod:`pbgraph.graphmodel.tables`), so a city of 500 000 organizations takes well under a
second once the graph is in memory. The graph is only read.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A", label="Region", name="A", level="district")
>>> G.add_node("Region:A/s", label="Region", name="s", level="street")
>>> _ = G.add_edge("Region:A/s", "Region:A", key="PART_OF")
>>> for code, m in [("o1", 5), ("o2", 1), ("o3", 0)]:
...     G.add_node(f"Organization:{code}", label="Organization", formal_members=m)
...     _ = G.add_edge(f"Organization:{code}", "Region:A/s", key="LOCATED_IN")
>>> G.add_node("PartyOrg:p", label="PartyOrg", form="independent")
>>> _ = G.add_edge("PartyOrg:p", "Organization:o1", key="COVERS")
>>> r = coverage(G)
>>> r.category_of("o2"), r.totals()["org_covered"], r.totals()["rate"]
('joint_candidate', 1, 0.3333)
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import repeat
from operator import methodcaller
from typing import Any

import networkx as nx
import numpy as np

from ..graphmodel.tables import Tables, tables_of

__all__ = ["BY", "CATEGORIES", "FLAGS", "CoverageResult", "coverage"]

CATEGORIES: dict[str, tuple[str, str]] = {
    "own": ("单独组建", "own party organization"),
    "joint": ("联合组建", "joint branch"),
    "attached": ("挂靠组建", "attached"),
    "work": ("工作覆盖", "work coverage only"),
    "must_build": ("应建未建", "must build its own"),
    "joint_candidate": ("联合组建对象", "joint-formation candidate"),
    "no_members": ("无党员", "no members"),
}
FLAGS: dict[str, tuple[str, str]] = {
    "key_unpaired": ("重点单位未包挂", "key organization without a pairing"),
    "joint_grown": ("联建单位已满3人", "grown out of its joint branch"),
    "latent": ("转接后可单建", "would reach N by transferring relations"),
    "weak_no_instructor": ("软弱涣散无指导员", "weak party organization without instructor"),
    "joint_over_limits": ("联合支部超限", "joint branch over the limits"),
}
BY = ("city", "district", "street", "building", "industry", "kind")
_CODES = list(CATEGORIES)  # category code i <-> name
_OWN, _JOINT, _ATTACHED, _WORK, _MUST, _CAND, _NONE = range(7)
_FORM_RANK = {"independent": _OWN, "joint": _JOINT, "attached": _ATTACHED}
_ORG_COVERED = (_OWN, _JOINT, _ATTACHED)
_UNCOVERED = (_MUST, _CAND, _NONE)

_REASONS: dict[str, tuple[str, str]] = {
    "must_build": (
        "有{formal}名正式党员、尚未建立党组织，应单独组建",
        "{formal} formal members and no party organization: must build its own",
    ),
    "joint_candidate": (
        "有{formal}名正式党员，可与邻近单位联合组建",
        "{formal} formal member(s): can form a joint branch with neighbours",
    ),
    "no_members": (
        "暂无正式党员，需选派党建指导员、做好发展党员工作",
        "no formal member: needs an instructor and member development",
    ),
    "work": ("未建党组织，由党建指导员开展工作", "no party organization, an instructor guides it"),
    "key_unpaired": (
        "重点单位尚未建立党组织，也没有成员单位包挂",
        "key organization with no party organization and no paired member unit",
    ),
    "joint_grown": (
        "在联合党支部中，本单位已有{formal}名正式党员，应单独组建",
        "in a joint branch with {formal} formal members of its own: should build its own",
    ),
    "latent": (
        "本单位正式党员{formal}名，另有{latent}名党员组织关系在外，转接后可达{total}名",
        "{formal} formal members here and {latent} held elsewhere: {total} after transfer",
    ),
    "weak_no_instructor": (
        "软弱涣散党组织，尚未选派党建指导员",
        "weak party organization without an instructor",
    ),
    "joint_over_limits": (
        "联合党支部覆盖{units}个单位、{members}名党员，超过{max_units}个单位或{max_members}名党员的上限",
        "joint branch of {units} units and {members} members, over {max_units} units or {max_members} members",
    ),
}


@dataclass
class CoverageResult:
    """Categories of every organization, flags, latent members and counts per group."""

    by: str
    denominator: str
    params: dict[str, Any]
    keys: list[str]  # organization credit codes, in table order
    names: list[str]
    codes: np.ndarray  # category code per organization (index into CATEGORIES)
    formal: np.ndarray
    eligible: np.ndarray  # bool: >= min_members formal members
    group_of: np.ndarray  # group index per organization
    group_names: list[str]
    flags: dict[str, list[dict[str, Any]]]
    latent_members: dict[str, list[str]] = field(default_factory=dict)

    # -- lookups ---------------------------------------------------------------------------
    @property
    def categories(self) -> dict[str, str]:
        """``{"Organization:<code>": category}`` for every organization."""
        return {
            f"Organization:{k}": _CODES[c]
            for k, c in zip(self.keys, self.codes.tolist(), strict=True)
        }

    def category_of(self, credit_code: str) -> str:
        return _CODES[int(self.codes[self.keys.index(credit_code)])]

    # -- numbers ---------------------------------------------------------------------------
    def _counts(self, mask: np.ndarray | None = None) -> dict[str, Any]:
        codes = self.codes if mask is None else self.codes[mask]
        elig = self.eligible if mask is None else self.eligible[mask]
        c = np.bincount(codes, minlength=len(_CODES))
        total = int(codes.size)
        covered = int(c[list(_ORG_COVERED)].sum())
        if self.denominator == "eligible":
            denom = int(elig.sum())
            num = int(np.isin(codes[elig], _ORG_COVERED).sum())
        else:
            denom, num = total, covered
        return {
            "total": total,
            "org_covered": covered,
            "own": int(c[_OWN]),
            "joint": int(c[_JOINT]),
            "attached": int(c[_ATTACHED]),
            "work_covered": int(c[_WORK]),
            "uncovered": int(c[list(_UNCOVERED)].sum()),
            "must_build": int(c[_MUST]),
            "joint_candidates": int(c[_CAND]),
            "no_members": int(c[_NONE]),
            "denominator": denom,
            "rate": round(num / denom, 4) if denom else 0.0,
            "own_rate": round(int(c[_OWN]) / total, 4) if total else 0.0,
        }

    def totals(self) -> dict[str, Any]:
        """City-wide counts; ``rate`` is organizational coverage over ``denominator``."""
        return self._counts()

    def groups(self) -> list[dict[str, Any]]:
        """One entry per group (lowest rate first), with the same fields as :meth:`totals`."""
        out = [
            {"group": name, **self._counts(self.group_of == i)}
            for i, name in enumerate(self.group_names)
        ]
        out.sort(key=lambda g: (g["rate"], g["group"]))
        return out

    def rows(self) -> list[dict[str, Any]]:
        """The groups, then a last row ``"group": "合计"`` for the whole city."""
        return [*self.groups(), {"group": "合计", **self.totals()}]

    # -- lists -----------------------------------------------------------------------------
    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Organizations of a category or flag, each with its reason in a planner's words."""
        i = 0 if lang == "zh" else 1
        if name in self.flags:
            return [{**x, "reason": x["reason"][i]} for x in self.flags[name]]
        if name not in CATEGORIES:
            raise KeyError(name)
        code = _CODES.index(name)
        tmpl = _REASONS.get(name)
        out = []
        for j in np.flatnonzero(self.codes == code).tolist():
            reason = tmpl[i].format(formal=int(self.formal[j])) if tmpl else CATEGORIES[name][i]
            out.append({
                "credit_code": self.keys[j], "name": self.names[j],
                "group": self.group_names[self.group_of[j]], "reason": reason,
            })  # fmt: skip
        return out

    def findings(self) -> list[dict[str, Any]]:
        """Uncovered organizations with their category and reason (for write-back)."""
        return [
            {"end": x["credit_code"], "category": cat, "reason": x["reason"]}
            for cat in ("must_build", "joint_candidate", "no_members")
            for x in self.listing(cat)
        ]

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph coverage --format json`` (see the README)."""
        t = self.totals()

        def lst(name: str) -> list[dict[str, Any]]:
            return [
                {
                    k: x[k]
                    for k in (
                        "credit_code",
                        "name",
                        "reason",
                        *(("latent_members",) if "latent_members" in x else ()),
                    )
                }
                for x in self.listing(name, lang=lang)
            ]

        return {
            "by": self.by,
            "denominator": self.denominator,
            "params": self.params,
            "total": t["total"],
            "org_covered": {k: t[k] for k in ("own", "joint", "attached")}
            | {"count": t["org_covered"]},
            "work_covered": t["work_covered"],
            "uncovered": t["uncovered"],
            "rate": t["rate"],
            "own_rate": t["own_rate"],
            "rate_denominator": t["denominator"],
            "must_build": lst("must_build"),
            "joint_candidates": lst("joint_candidate"),
            "no_members": lst("no_members"),
            "key_unpaired": lst("key_unpaired"),
            "latent": lst("latent"),
            "joint_grown": lst("joint_grown"),
            "weak_no_instructor": [
                {k: x[k] for k in ("party_org", "name", "reason")}
                for x in self.listing("weak_no_instructor", lang=lang)
            ],
            "joint_over_limits": [
                {k: x[k] for k in ("party_org", "name", "units", "members", "reason")}
                for x in self.listing("joint_over_limits", lang=lang)
            ],
            "groups": self.groups(),
        }

    def to_frame(self) -> Any:
        """One row per organization: code, name, group, category (pandas, for notebooks)."""
        import pandas as pd

        return pd.DataFrame({
            "credit_code": self.keys, "name": self.names,
            "group": [self.group_names[g] for g in self.group_of.tolist()],
            "category": [_CODES[c] for c in self.codes.tolist()],
            "formal_members": self.formal,
        })  # fmt: skip

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        """``(key, header)`` of the summary table's columns in ``lang``."""
        i = 0 if lang == "zh" else 1
        group = {"city": ("全市", "city"), "district": ("区县", "district"), "street": ("街道", "street"),
                 "building": ("楼宇园区", "building"), "industry": ("行业", "industry"),
                 "kind": ("单位类型", "kind")}[self.by][i]  # fmt: skip
        return [
            ("group", group),
            ("total", ("单位总数", "organizations")[i]),
            ("own", CATEGORIES["own"][i]),
            ("joint", CATEGORIES["joint"][i]),
            ("attached", CATEGORIES["attached"][i]),
            ("work_covered", CATEGORIES["work"][i]),
            ("must_build", CATEGORIES["must_build"][i]),
            ("joint_candidates", CATEGORIES["joint_candidate"][i]),
            ("no_members", CATEGORIES["no_members"][i]),
            ("org_covered", ("组织覆盖", "organizational coverage")[i]),
            ("rate", ("组织覆盖率", "coverage rate")[i]),
            ("own_rate", ("单独组建率", "own-branch rate")[i]),
        ]


def coverage(
    G: nx.MultiDiGraph,
    *,
    by: str = "district",
    denominator: str = "all",
    min_members: int = 3,
    max_units: int = 5,
    max_members: int = 50,
    key_employees: int = 100,
    key_revenue: float = 2000.0,
) -> CoverageResult:
    """Classify every organization of ``G`` and count the categories per group.

    Parameters
    ----------
    G : the projection of a store (``store.graph()``) or any graph of the schema's shape.
    by : ``city``, ``district``, ``street``, ``building``, ``industry`` or ``kind``.
    denominator : ``all`` (every organization: the usual official rate) or ``eligible``
        (only those with >= ``min_members`` formal members).
    min_members : formal members from which a unit must build its own organization.
    max_units, max_members : limits of a joint branch.
    key_employees, key_revenue : an organization is key (重点, above scale) when its
        ledger says so or it has this many staff or this revenue (万元).
    """
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    if denominator not in ("all", "eligible"):
        raise ValueError(f"denominator must be 'all' or 'eligible', not {denominator!r}")
    t = tables_of(G)
    keys, attrs = t.node_table("Organization")
    n = len(keys)
    index = dict(zip(keys, range(n), strict=True))
    formal = _int_column(attrs, "formal_members")
    prob = _int_column(attrs, "probationary_members")

    # best form of party organization covering each organization (own < joint < attached)
    po_keys, po_attrs = t.node_table("PartyOrg")
    po_form = {
        k: _FORM_RANK.get(d.get("form", ""), _ATTACHED)
        for k, d in zip(po_keys, po_attrs, strict=True)
    }
    cs, ce = t.rel_table("COVERS_PartyOrg_Organization")
    best = np.full(n, 9, dtype=np.int64)
    if cs:
        np.minimum.at(
            best,
            _idx(index, ce),
            np.fromiter(map(po_form.__getitem__, cs), np.int64, len(cs)),
        )
    guided = _mask(n, index, t.rel_table("GUIDES_Instructor_Organization")[1])
    paired = _mask(n, index, t.rel_table("PAIRED_WITH_MemberUnit_Organization")[1])

    codes = np.where(
        best < 9,
        best,
        np.where(
            guided,
            _WORK,
            np.where(formal >= min_members, _MUST, np.where(formal > 0, _CAND, _NONE)),
        ),
    )
    names = list(map(methodcaller("get", "name", ""), attrs))
    group_of, group_names = _groups(t, by, keys, attrs, index)

    params = {"min_members": min_members, "max_units": max_units, "max_members": max_members,
              "key_employees": key_employees, "key_revenue": key_revenue}  # fmt: skip
    flags: dict[str, list[dict[str, Any]]] = {k: [] for k in FLAGS}
    g = group_names

    def org_item(j: int, flag: str, **fmt: Any) -> dict[str, Any]:
        zh, en = _REASONS[flag]
        return {"credit_code": keys[j], "name": names[j], "group": g[group_of[j]],
                "reason": (zh.format(**fmt), en.format(**fmt))}  # fmt: skip

    key = (
        np.fromiter(map(bool, map(methodcaller("get", "key", False), attrs)), dtype=bool, count=n)
        | (_int_column(attrs, "employees") >= key_employees)
        | (np.fromiter(map(methodcaller("get", "revenue", 0.0), attrs), float, n) >= key_revenue)
    )
    for j in np.flatnonzero(key & (best == 9) & ~paired).tolist():
        flags["key_unpaired"].append(org_item(j, "key_unpaired"))
    for j in np.flatnonzero((best == _JOINT) & (formal >= min_members)).tolist():
        flags["joint_grown"].append(org_item(j, "joint_grown", formal=int(formal[j])))

    # latent members: formal members working here whose relation is held elsewhere
    m_keys, m_attrs = t.node_table("Member")
    m_formal = {
        k
        for k, d in zip(m_keys, m_attrs, strict=True)
        if d.get("status") == "formal" and d.get("held_by") != "employer"
    }
    latent: dict[str, list[str]] = defaultdict(list)
    for member, org in zip(*t.rel_table("WORKS_AT_Member_Organization"), strict=True):
        if member in m_formal and org in index:
            latent[org].append(member)
    for org, members in sorted(latent.items()):
        j = index[org]
        total = int(formal[j]) + len(members)
        if formal[j] < min_members <= total and best[j] != _OWN:
            item = org_item(j, "latent", formal=int(formal[j]), latent=len(members), total=total)
            item["latent_members"] = sorted(members)  # pseudonyms, never names
            flags["latent"].append(item)

    # party organizations: weak ones without instructor, joint branches over the limits
    guided_po = set(t.rel_table("GUIDES_Instructor_PartyOrg")[1])
    units: dict[str, list[int]] = defaultdict(list)
    for po, org in zip(cs, ce, strict=True):
        if org in index:
            units[po].append(index[org])
    for k, d in zip(po_keys, po_attrs, strict=True):
        if d.get("status") == "weak" and k not in guided_po:
            zh, en = _REASONS["weak_no_instructor"]
            flags["weak_no_instructor"].append(
                {"party_org": k, "name": d.get("name", ""), "reason": (zh, en)}
            )
        if d.get("form") == "joint":
            u = units.get(k, [])
            n_members = int(formal[u].sum() + prob[u].sum()) if u else 0
            if len(u) > max_units or n_members > max_members:
                zh, en = _REASONS["joint_over_limits"]
                fmt = {
                    "units": len(u),
                    "members": n_members,
                    "max_units": max_units,
                    "max_members": max_members,
                }
                flags["joint_over_limits"].append({"party_org": k, "name": d.get("name", ""), "units": len(u),
                                                   "members": n_members, "reason": (zh.format(**fmt), en.format(**fmt))})  # fmt: skip
    return CoverageResult(by, denominator, params, keys, names, codes, formal, formal >= min_members,
                          group_of, group_names, flags, dict(latent))  # fmt: skip


def _int_column(attrs: list[dict[str, Any]], prop: str) -> np.ndarray:
    """One integer property of every node (0 where it is missing), read in C."""
    return np.fromiter(map(methodcaller("get", prop, 0), attrs), dtype=np.int64, count=len(attrs))


def _idx(index: dict[str, int], keys: list[str]) -> np.ndarray:
    """Positions of ``keys`` in the node table (-1 for a key of another label)."""
    return np.fromiter(map(index.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))


def _mask(n: int, index: dict[str, int], keys: list[str]) -> np.ndarray:
    m = np.zeros(n, dtype=bool)
    if keys:
        i = _idx(index, keys)
        m[i[i >= 0]] = True
    return m


def _groups(
    t: Tables, by: str, keys: list[str], attrs: list[dict[str, Any]], index: dict[str, int]
) -> tuple[np.ndarray, list[str]]:
    """The group of each organization, as an index into sorted group names."""
    n = len(keys)
    unknown = "(未知)"
    if by == "city":
        return np.zeros(n, dtype=np.int64), ["全市"]
    if by in ("industry", "kind"):
        return _factorize(list(map(methodcaller("get", by, unknown), attrs)))
    if by == "building":
        b_keys, b_attrs = t.node_table("Building")
        label_of = {k: d.get("name", k) for k, d in zip(b_keys, b_attrs, strict=True)}
        default, rel_name = "(不在楼宇园区)", "IN_BUILDING_Organization_Building"
    else:
        r_keys, r_attrs = t.node_table("Region")
        name = {k: d.get("name", k) for k, d in zip(r_keys, r_attrs, strict=True)}
        parent = dict(zip(*t.rel_table("PART_OF_Region_Region"), strict=True))
        label_of = {}
        for street in set(t.rel_table("LOCATED_IN_Organization_Region")[1]):
            district = name.get(parent.get(street, ""), unknown)
            label_of[street] = (
                district if by == "district" else f"{district}/{name.get(street, street)}"
            )
        default, rel_name = unknown, "LOCATED_IN_Organization_Region"
    # factorize the few places, then place every organization with numpy
    names = sorted({*label_of.values(), default})
    code = {nm: i for i, nm in enumerate(names)}
    place = {k: code[v] for k, v in label_of.items()}
    group_of = np.full(n, code[default], dtype=np.int64)
    starts, ends = t.rel_table(rel_name)
    if starts:
        pos = _idx(index, starts)
        grp = np.fromiter(map(place.__getitem__, ends), dtype=np.int64, count=len(ends))
        group_of[pos[pos >= 0]] = grp[pos >= 0]
    used = np.unique(group_of)
    remap = np.zeros(len(names), dtype=np.int64)
    remap[used] = np.arange(len(used))
    return remap[group_of], [names[i] for i in used.tolist()]


def _factorize(labels: list[str]) -> tuple[np.ndarray, list[str]]:
    uniq = sorted(set(labels))
    code = {u: i for i, u in enumerate(uniq)}
    return np.fromiter(map(code.__getitem__, labels), dtype=np.int64, count=len(labels)), uniq
