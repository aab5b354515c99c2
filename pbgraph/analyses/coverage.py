"""Coverage (两个覆盖): which organizations are covered by a party organization or by party
work, which are not, and what a planner must do about each.

Every organization falls in exactly one category (docs/design.md#coverage; ``min_members`` is the N
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
may carry ``weak_no_instructor`` and ``joint_over_limits``. A category's coverage state
(by a party organization, by work only, uncovered) is :data:`STATE_OF`; the words for
categories, flags and reasons are in :mod:`pbgraph.labels.coverage`.

The classification is columnar: numpy over the projection's tables
(:mod:`pbgraph.graphmodel.tables`), so a city of 500 000 organizations takes well under a
second once the graph is in memory. The graph is only read. :func:`coverage` takes a
networkx graph or the tables themselves: ``store.tables(**inputs(by))`` reads only the
columns it needs, without building a graph (``pbgraph coverage`` does).

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

from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.tables import Tables, tables_of
from ..labels import Text, fill, lang_index, pick
from ..labels import columns as label_columns
from ..labels.coverage import CATEGORIES, FLAGS, GROUP_BY, REASONS, SUMMARY_COLUMNS

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BY",
    "CATEGORIES",
    "FLAGS",
    "NO_PARTY_ORG",
    "ORG_COVERED",
    "STATES",
    "STATE_OF",
    "UNCOVERED",
    "UNCOVERED_CATEGORIES",
    "CoverageResult",
    "coverage",
    "inputs",
]

#: the coverage states: by a party organization, by party work only, not at all
STATES = ("org", "work", "uncovered")
#: every category, in the order of ``CoverageResult.codes``, and its coverage state
STATE_OF: dict[str, str] = {
    "own": "org",
    "joint": "org",
    "attached": "org",
    "work": "work",
    "must_build": "uncovered",
    "joint_candidate": "uncovered",
    "no_members": "uncovered",
}
BY = ("city", "district", "street", "building", "industry", "kind")
_CODES = list(STATE_OF)  # category code i <-> name
_OWN, _JOINT, _ATTACHED, _WORK, _MUST, _CAND, _NONE = range(len(_CODES))
_FORM_RANK = {"independent": _OWN, "joint": _JOINT, "attached": _ATTACHED}


def _codes_in(*states: str) -> tuple[int, ...]:
    """The category codes (``CoverageResult.codes``) of the categories in ``states``."""
    return tuple(i for i, c in enumerate(_CODES) if STATE_OF[c] in states)


#: category codes of organizations covered by a party organization
ORG_COVERED = _codes_in("org")
#: category codes of uncovered organizations, and their categories
UNCOVERED = _codes_in("uncovered")
UNCOVERED_CATEGORIES = tuple(_CODES[i] for i in UNCOVERED)
#: category codes of organizations with no party organization
NO_PARTY_ORG = _codes_in("work", "uncovered")


@dataclass
class CoverageResult:
    """Categories of every organization, flags, latent members and counts per group."""

    by: str
    denominator: str
    params: dict[str, Any]
    keys: list[str]  # organization credit codes, in table order
    attrs: list[dict[str, Any]]  # their attributes (the graph's own dicts, or made on demand)
    codes: np.ndarray  # category code per organization (index into STATE_OF)
    formal: np.ndarray
    eligible: np.ndarray  # bool: >= min_members formal members
    group_of: np.ndarray  # group index per organization
    group_names: list[str]
    flags: dict[str, list[dict[str, Any]]]
    latent: _Latent | None = None
    _names: list[str] | None = field(default=None, repr=False)

    @property
    def names(self) -> list[str]:
        """Organization names, in table order."""
        if self._names is None:
            self._names = [d.get("name", "") for d in self.attrs]
        return self._names

    @property
    def latent_members(self) -> dict[str, list[str]]:
        """``{credit code: pseudonyms}`` of formal members held elsewhere, per employer."""
        if self.latent is None:
            return {}
        return {self.keys[j]: self.latent.of(j) for j in np.flatnonzero(self.latent.count).tolist()}

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
    def _table(self, group_of: np.ndarray, n_groups: int) -> list[dict[str, Any]]:
        """The counts of every group at once: one ``bincount`` over (group, category)."""
        k = len(_CODES)
        c = np.bincount(group_of * k + self.codes, minlength=n_groups * k).reshape(n_groups, k)
        covered_mask = np.isin(self.codes, ORG_COVERED)
        if self.denominator == "eligible":
            denom = np.bincount(group_of[self.eligible], minlength=n_groups)
            num = np.bincount(group_of[self.eligible & covered_mask], minlength=n_groups)
        else:
            denom = c.sum(axis=1)
            num = c[:, list(ORG_COVERED)].sum(axis=1)
        out = []
        for g in range(n_groups):
            row = c[g].tolist()
            total = sum(row)
            d, own = int(denom[g]), row[_OWN]
            out.append({
                "total": total,
                "org_covered": sum(row[i] for i in ORG_COVERED),
                "own": own,
                "joint": row[_JOINT],
                "attached": row[_ATTACHED],
                "work_covered": row[_WORK],
                "uncovered": sum(row[i] for i in UNCOVERED),
                "must_build": row[_MUST],
                "joint_candidates": row[_CAND],
                "no_members": row[_NONE],
                "denominator": d,
                "rate": round(int(num[g]) / d, 4) if d else 0.0,
                "own_rate": round(own / total, 4) if total else 0.0,
            })  # fmt: skip
        return out

    def totals(self) -> dict[str, Any]:
        """City-wide counts; ``rate`` is organizational coverage over ``denominator``."""
        return self._table(np.zeros(len(self.codes), dtype=np.int64), 1)[0]

    def groups(self) -> list[dict[str, Any]]:
        """One entry per group (lowest rate first), with the same fields as :meth:`totals`."""
        out = [
            {"group": name, **counts}
            for name, counts in zip(
                self.group_names, self._table(self.group_of, len(self.group_names)), strict=True
            )
        ]
        out.sort(key=lambda g: (g["rate"], g["group"]))
        return out

    def rows(self) -> list[dict[str, Any]]:
        """The groups, then a last row ``"group": "合计"`` for the whole city."""
        return [*self.groups(), {"group": "合计", **self.totals()}]

    # -- lists -----------------------------------------------------------------------------
    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Organizations of a category or flag, each with its reason in a planner's words."""
        i = lang_index(lang)
        if name in self.flags:
            return [{**x, "reason": x["reason"][i]} for x in self.flags[name]]
        if name not in CATEGORIES:
            raise KeyError(name)
        at, reasons = self._in_category(name, i)
        keys, names, g, group_of = self.keys, self.names, self.group_names, self.group_of
        return [
            {"credit_code": keys[j], "name": names[j], "group": g[k], "reason": r}
            for j, k, r in zip(at, group_of[at].tolist(), reasons, strict=True)
        ]

    def _in_category(self, category: str, i: int) -> tuple[list[int], list[str]]:
        """The positions of the organizations of ``category`` and their reasons in language
        ``i`` (made once per number of formal members)."""
        at = np.flatnonzero(self.codes == _CODES.index(category)).tolist()
        tmpl = REASONS.get(category)
        if not tmpl:
            return at, [CATEGORIES[category][i]] * len(at)
        made: dict[int, str] = {}
        reasons = [
            made.get(f) or made.setdefault(f, tmpl[i].format(formal=f))
            for f in self.formal[at].tolist()
        ]
        return at, reasons

    def findings(self) -> list[dict[str, Any]]:
        """Uncovered organizations with their category and reason (for write-back)."""
        return [
            {"end": x["credit_code"], "category": cat, "reason": x["reason"]}
            for cat in UNCOVERED_CATEGORIES
            for x in self.listing(cat)
        ]

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph coverage --format json`` (docs/commands/coverage.md)."""
        t = self.totals()

        def lst(name: str) -> list[dict[str, Any]]:
            if name in CATEGORIES:  # made here: a city has hundreds of thousands
                at, reasons = self._in_category(name, lang_index(lang))
                keys, names = self.keys, self.names
                return [
                    {"credit_code": keys[j], "name": names[j], "reason": r}
                    for j, r in zip(at, reasons, strict=True)
                ]
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
        return [("group", pick(GROUP_BY[self.by], lang)), *label_columns(SUMMARY_COLUMNS, lang)]


def inputs(by: str = "district") -> dict[str, Any]:
    """What :func:`coverage` grouped ``by`` reads: the arguments of ``store.tables``."""
    org = ["name", "formal_members", "probationary_members", "employees", "revenue", "key"]
    props = {"Organization": org + ([by] if by in ("industry", "kind") else []),
             "PartyOrg": ["form", "status", "name"], "Member": ["status", "held_by"]}  # fmt: skip
    rels = ["COVERS_PartyOrg_Organization", "GUIDES_Instructor_Organization",
            "PAIRED_WITH_MemberUnit_Organization", "GUIDES_Instructor_PartyOrg",
            "WORKS_AT_Member_Organization"]  # fmt: skip
    if by == "building":
        props["Building"] = ["name"]
        rels.append("IN_BUILDING_Organization_Building")
    elif by in ("district", "street"):
        props["Region"] = ["name"]
        rels += ["PART_OF_Region_Region", "LOCATED_IN_Organization_Region"]
    return {"labels": list(props), "rels": rels, "props": props}


def coverage(
    G: nx.MultiDiGraph | Tables,
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
    G : the projection of a store (``store.graph()``) or any graph of the schema's shape;
        or the tables of one (``store.tables(**inputs(by))``, :func:`tables_of`).
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
    t = G if isinstance(G, Tables) else tables_of(G)
    (keys, attrs), column = t.node_table("Organization"), partial(t.column, "Organization")
    n = len(keys)
    formal, prob = column("formal_members"), column("probationary_members")
    names = ["" if v is None else v for v in column("name")]
    best, po_form = _best_form(t, n)
    guided = np.zeros(n, dtype=bool)
    guided[t.positions("GUIDES_Instructor_Organization")[1]] = True
    paired = np.zeros(n, dtype=bool)
    paired[t.positions("PAIRED_WITH_MemberUnit_Organization")[1]] = True

    codes = np.where(
        best < 9,
        best,
        np.where(
            guided,
            _WORK,
            np.where(formal >= min_members, _MUST, np.where(formal > 0, _CAND, _NONE)),
        ),
    )
    group_of, group_names = _groups(t, by, n)

    params = {"min_members": min_members, "max_units": max_units, "max_members": max_members,
              "key_employees": key_employees, "key_revenue": key_revenue}  # fmt: skip
    flags: dict[str, list[dict[str, Any]]] = {k: [] for k in FLAGS}
    g = group_names

    def org_item(j: int, flag: str, **fmt: Any) -> dict[str, Any]:
        return {"credit_code": keys[j], "name": names[j], "group": g[group_of[j]],
                "reason": _reason(flag, **fmt)}  # fmt: skip

    key = (
        column("key") | (column("employees") >= key_employees) | (column("revenue") >= key_revenue)
    )
    for j in np.flatnonzero(key & (best == 9) & ~paired).tolist():
        flags["key_unpaired"].append(org_item(j, "key_unpaired"))
    for j in np.flatnonzero((best == _JOINT) & (formal >= min_members)).tolist():
        flags["joint_grown"].append(org_item(j, "joint_grown", formal=int(formal[j])))
    latent = _latent(t, n)
    total = formal + latent.count
    flagged = np.flatnonzero((formal < min_members) & (total >= min_members) & (best != _OWN))
    for j, members in zip(flagged.tolist(), latent.of_each(flagged), strict=True):
        item = org_item(
            j, "latent", formal=int(formal[j]), latent=len(members), total=int(total[j])
        )
        item["latent_members"] = members  # pseudonyms, never names
        flags["latent"].append(item)
    _flag_party_orgs(flags, t, po_form, formal + prob, max_units, max_members)
    return CoverageResult(by, denominator, params, keys, attrs, codes, formal, formal >= min_members,
                          group_of, group_names, flags, latent, names)  # fmt: skip


def _best_form(t: Tables, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The best form of party organization covering each organization (own < joint <
    attached; 9: none) and the form of every party organization."""
    forms = t.column("PartyOrg", "form")
    po_form = np.fromiter((_FORM_RANK.get(f, _ATTACHED) for f in forms), np.int64, len(forms))
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    best = np.full(n, 9, dtype=np.int64)
    np.minimum.at(best, ce, po_form[cs])
    return best, po_form


def _latent(t: Tables, n: int) -> _Latent:
    """Latent members: formal members working here whose relation is held elsewhere."""
    m_keys = t.keys("Member")
    status = np.array(t.column("Member", "status"), dtype=object)
    held_by = np.array(t.column("Member", "held_by"), dtype=object)
    held_elsewhere = (status == "formal") & (held_by != "employer")
    wm, wo = t.positions("WORKS_AT_Member_Organization")
    sel = held_elsewhere[wm]
    return _Latent(m_keys, wm[sel], wo[sel], n)


def _flag_party_orgs(flags: dict[str, list[dict[str, Any]]], t: Tables, po_form: np.ndarray, members: np.ndarray, max_units: int, max_members: int) -> None:  # fmt: skip
    """Flag party organizations: weak ones without instructor, joint branches over the
    limits (``members``: formal + probationary members per organization)."""
    po_keys = t.keys("PartyOrg")
    status = t.column("PartyOrg", "status")
    names = ["" if v is None else v for v in t.column("PartyOrg", "name")]
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    n_po = len(po_keys)
    guided_po = np.zeros(n_po, dtype=bool)
    guided_po[t.positions("GUIDES_Instructor_PartyOrg")[1]] = True
    n_units = np.bincount(cs, minlength=n_po)
    n_members = np.bincount(cs, weights=members[ce], minlength=n_po).astype(np.int64)
    for k in np.flatnonzero(~guided_po).tolist():
        if status[k] == "weak":
            flags["weak_no_instructor"].append(
                {"party_org": po_keys[k], "name": names[k],
                 "reason": _reason("weak_no_instructor")}
            )  # fmt: skip
    over = (po_form == _JOINT) & ((n_units > max_units) | (n_members > max_members))
    for k in np.flatnonzero(over).tolist():
        fmt = {"units": int(n_units[k]), "members": int(n_members[k]),
               "max_units": max_units, "max_members": max_members}  # fmt: skip
        flags["joint_over_limits"].append({"party_org": po_keys[k], "name": names[k],
                                           "units": fmt["units"], "members": fmt["members"],
                                           "reason": _reason("joint_over_limits", **fmt)})  # fmt: skip


def _reason(name: str, **fmt: Any) -> Text:
    """The reason of a flag (zh, en), its fields filled (made once per name and fields)."""
    return _filled(name, tuple(fmt.items()))


@lru_cache(maxsize=4096)
def _filled(name: str, fmt: tuple[tuple[str, Any], ...]) -> Text:
    return fill(REASONS[name], **dict(fmt))


class _Latent:
    """Formal members held elsewhere, per employer: counts for all, pseudonyms on demand."""

    def __init__(self, member_keys: list[str], members: np.ndarray, orgs: np.ndarray, n: int):
        self.count = np.bincount(orgs, minlength=n)
        order = np.argsort(orgs, kind="stable")
        self._orgs, self._members, self._keys = orgs[order], members[order], member_keys

    def of(self, j: int) -> list[str]:
        """The pseudonyms of organization ``j``'s latent members, sorted."""
        lo, hi = np.searchsorted(self._orgs, [j, j + 1])
        return sorted(self._keys[m] for m in self._members[lo:hi].tolist())

    def of_each(self, js: np.ndarray) -> list[list[str]]:
        """:meth:`of` each organization of ``js`` (one search for all)."""
        lo = np.searchsorted(self._orgs, js).tolist()
        hi = np.searchsorted(self._orgs, js + 1).tolist()
        members, keys = self._members.tolist(), self._keys
        return [sorted([keys[m] for m in members[a:b]]) for a, b in zip(lo, hi, strict=True)]


def _groups(t: Tables, by: str, n: int) -> tuple[np.ndarray, list[str]]:
    """The group of each organization, as an index into sorted group names."""
    unknown = "(未知)"
    if by == "city":
        return np.zeros(n, dtype=np.int64), ["全市"]
    if by in ("industry", "kind"):
        return _factorize([v or unknown for v in t.column("Organization", by)])
    if by == "building":
        p_keys = t.keys("Building")
        labels = [v or k for k, v in zip(p_keys, t.column("Building", "name"), strict=True)]
        default, rel_name = "(不在楼宇园区)", "IN_BUILDING_Organization_Building"
    else:
        p_keys = t.keys("Region")
        name = [v or k for k, v in zip(p_keys, t.column("Region", "name"), strict=True)]
        parent = dict(zip(*(x.tolist() for x in t.positions("PART_OF_Region_Region")), strict=True))
        labels = []
        for r in range(len(p_keys)):
            d = parent.get(r)  # a district under a city is named with it: 济南市/市中区
            district = unknown if d is None else name[d]
            if d in parent:
                district = f"{name[parent[d]]}/{district}"
            labels.append(district if by == "district" else f"{district}/{name[r]}")
        default, rel_name = unknown, "LOCATED_IN_Organization_Region"
    # factorize the few places, then place every organization with numpy
    place, names = _factorize([*labels, default])
    group_of = np.full(n, place[-1], dtype=np.int64)
    starts, ends = t.positions(rel_name)
    group_of[starts] = place[ends]
    used = np.flatnonzero(np.bincount(group_of, minlength=len(names)))  # np.unique's, in O(n)
    remap = np.zeros(len(names), dtype=np.int64)
    remap[used] = np.arange(len(used))
    return remap[group_of], [names[i] for i in used.tolist()]


def _factorize(labels: list[str]) -> tuple[np.ndarray, list[str]]:
    uniq = sorted(set(labels))
    code = {u: i for i, u in enumerate(uniq)}
    return np.fromiter(map(code.__getitem__, labels), dtype=np.int64, count=len(labels)), uniq
