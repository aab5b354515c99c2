"""Leadership lines (条块结合, 区域兜底): who leads whom, what is wrong, who carries what.

Every party organization has a superior (上级党组织): a leading body (``LED_BY`` a
``LeadingBody``: the 非公有制经济组织党委, the 社会组织综合党委, a district's 党工委, a street's
综合党委) or another party organization (a 党委 leading its branches); leading bodies are
``UNDER`` one another up to the city's 两新 work committee. The analysis gives

* **problems**: party organizations with no superior (``no_superior``), with a superior
  the ledgers do not have (``unknown_superior``, as written), whose superiors go round in a
  circle (``cycle``), or led on the wrong line (``wrong_line``): a party organization that
  covers only social organizations led, up its chain, by a body of the enterprise line, or
  the other way round (a body of the ``regional`` or ``all`` line takes in both; one that
  covers both kinds is on no single line); and leading bodies with no superior (but the work
  committee) or an unknown one;
* **superiors**: the load of every body and every party organization that leads another:
  the party organizations it leads directly, the branches (党支部) among them, the
  organizations they cover and their members (正式 + 预备, as the organizations ledger
  says; an organization counted once), and the same for everything under it;
* **streets**: each street's 综合党委 and what it takes in (兜底): the party organizations
  it leads (those 挂靠 among them), and what is still to take in — the street's uncovered
  organizations (coverage's rule: :func:`pbgraph.analyses.places.uncovered_codes`) and its
  party organizations with no superior; streets with no committee are listed too;
* **units**: the work committee's member units (委员单位) and their duties.

The line of a body is its ``line``, else the one its kind implies
(:data:`pbgraph.graphmodel.schema.lines.LINE_OF_KIND`); a party organization's superior
party organization passes on the line of the first body up its chain. Numpy over the
projection's tables; the chains are walked once per party organization (a few steps each).

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Organization:s1", label="Organization", kind="social_org", formal_members=3)
>>> G.add_node("PartyOrg:P1", label="PartyOrg", name="s1党支部", level="branch")
>>> _ = G.add_edge("PartyOrg:P1", "Organization:s1", key="COVERS")
>>> G.add_node("LeadingBody:F", label="LeadingBody", name="非公党委", kind="enterprise_committee")
>>> _ = G.add_edge("PartyOrg:P1", "LeadingBody:F", key="LED_BY")
>>> [(p["id"], p["problem_code"]) for p in lines(G).problems]
[('P1', 'wrong_line'), ('F', 'no_superior')]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import place_of, street_place
from ..graphmodel.schema.lines import LINE_OF_KIND
from ..graphmodel.tables import Tables, tables_of
from ..labels import columns as label_columns
from ..labels import fill, lang_index
from ..labels.lines import (
    KIND_OF,
    LINES,
    PROBLEM_COLUMNS,
    PROBLEMS,
    REASONS,
    STREET_COLUMNS,
    STREET_REASONS,
    SUPERIOR_COLUMNS,
    UNIT_COLUMNS,
)
from .coverage import STATE_OF
from .places import inputs as places_inputs
from .places import merge_inputs, places, uncovered_codes, uncovered_inputs

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["LinesResult", "inputs", "lines"]

SHOWS = ("problems", "superiors", "streets", "units")
_COLUMNS = {"problems": PROBLEM_COLUMNS, "superiors": SUPERIOR_COLUMNS,
            "streets": STREET_COLUMNS, "units": UNIT_COLUMNS}  # fmt: skip
_TEXT_KEYS = {"kind", "line", "superior_line", "problem", "reason"}
_MUST = list(STATE_OF).index("must_build")


def inputs() -> dict[str, Any]:
    """What :func:`lines` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["Organization", "PartyOrg", "LeadingBody", "CommitteeUnit", "Region"],
        "rels": ["COVERS_PartyOrg_Organization", "LED_BY_PartyOrg_LeadingBody",
                 "LED_BY_PartyOrg_PartyOrg", "UNDER_LeadingBody_LeadingBody",
                 "IN_LeadingBody_Region", "SERVES_ON_CommitteeUnit_LeadingBody"],
        "props": {"Organization": ["kind", "formal_members", "probationary_members"],
                  "PartyOrg": ["name", "form", "level", "superior"],
                  "LeadingBody": ["name", "kind", "line", "host", "superior"],
                  "CommitteeUnit": ["name", "duty"], "Region": ["level", "name"]},
    }  # fmt: skip
    return merge_inputs(places_inputs(), uncovered_inputs(), own)


@dataclass
class LinesResult:
    """Rows of each view (texts as ``(zh, en)`` pairs until listed in a language)."""

    params: dict[str, Any]
    problems: list[dict[str, Any]]
    superiors: list[dict[str, Any]]
    streets: list[dict[str, Any]]
    units: list[dict[str, Any]]

    def listing(self, show: str = "problems", *, lang: str = "zh") -> list[dict[str, Any]]:
        if show not in SHOWS:
            raise ValueError(f"show must be one of {', '.join(SHOWS)}, not {show!r}")
        i = lang_index(lang)
        return [{k: (v[i] if k in _TEXT_KEYS and isinstance(v, tuple) else v)
                 for k, v in r.items()} for r in getattr(self, show)]  # fmt: skip

    def columns(self, lang: str = "zh", show: str = "problems") -> list[tuple[str, str]]:
        return label_columns(_COLUMNS[show], lang)

    def totals(self) -> dict[str, int]:
        counts = {code: 0 for code in PROBLEMS}
        for p in self.problems:
            counts[p["problem_code"]] += 1
        return counts

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph lines --format json`` (docs/commands/lines.md)."""
        return {"params": self.params, "totals": self.totals(),
                **{show: self.listing(show, lang=lang) for show in SHOWS}}  # fmt: skip


@dataclass
class _Graph:
    """The lines as positions: each party organization's and body's superior."""

    t: Tables
    po_keys: list[str]
    body_keys: list[str]
    po_sup_body: np.ndarray  # body position or -1
    po_sup_po: np.ndarray  # party org position or -1
    body_sup: np.ndarray  # body position or -1
    body_line: list[str]
    po_line: list[str]


def _superiors(t: Tables, label: str, rel: str, n: int) -> np.ndarray:
    s, e = t.positions(rel)
    out = np.full(n, -1, dtype=np.int64)
    out[s] = e
    return out


def _read(t: Tables) -> _Graph:
    po_keys, body_keys = t.keys("PartyOrg"), t.keys("LeadingBody")
    n_po, n_b = len(po_keys), len(body_keys)
    body_line = [line or LINE_OF_KIND.get(kind or "", "regional")
                 for line, kind in zip(t.column("LeadingBody", "line"),
                                       t.column("LeadingBody", "kind"), strict=True)]  # fmt: skip
    kinds = t.column("Organization", "kind")
    social = np.array([k == "social_org" for k in kinds], dtype=bool)
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    n_social = np.bincount(cs, weights=social[ce], minlength=n_po)
    n_all = np.bincount(cs, minlength=n_po)
    po_line = [
        "none" if a == 0 else "social_org" if s == a else "enterprise" if s == 0 else "mixed"
        for s, a in zip(n_social.tolist(), n_all.tolist(), strict=True)
    ]
    return _Graph(
        t, po_keys, body_keys,
        _superiors(t, "PartyOrg", "LED_BY_PartyOrg_LeadingBody", n_po),
        _superiors(t, "PartyOrg", "LED_BY_PartyOrg_PartyOrg", n_po),
        _superiors(t, "LeadingBody", "UNDER_LeadingBody_LeadingBody", n_b),
        body_line, po_line,
    )  # fmt: skip


@dataclass
class _Chains:
    """Who is above each party organization: the first body up its chain (-1: none),
    whether its party-organization superiors go round, and (ancestor, party organization)
    pairs, ancestors numbered bodies first (0..), then party organizations (n_bodies..)."""

    first_body: np.ndarray
    cycle: np.ndarray
    anc: np.ndarray
    po: np.ndarray


def _chains(g: _Graph) -> _Chains:
    """The chains of every party organization: a party organization's superiors walked
    one by one (few have one), bodies' chains once per body, the pairs by numpy."""
    n, n_b = len(g.po_keys), len(g.body_keys)
    top = np.arange(n, dtype=np.int64)
    cycle = np.zeros(n, dtype=bool)
    pairs: list[tuple[int, int]] = []
    for k in np.flatnonzero((g.po_sup_body < 0) & (g.po_sup_po >= 0)).tolist():
        seen, p = {k}, k
        while g.po_sup_body[p] < 0 and g.po_sup_po[p] >= 0:
            p = int(g.po_sup_po[p])
            if p in seen:
                cycle[k] = True
                break
            seen.add(p)
            pairs.append((n_b + p, k))
        top[k] = p
    first_body = np.where(cycle, -1, g.po_sup_body[top])
    body_anc: list[list[int]] = []
    for b in range(n_b):
        chain: list[int] = []
        x = b
        while x >= 0 and x not in chain:
            chain.append(x)
            x = int(g.body_sup[x])
        body_anc.append(chain)
    led = np.flatnonzero(first_body >= 0)
    anc, po = _expand(body_anc, first_body[led], led)
    if pairs:
        extra = np.array(pairs, dtype=np.int64)
        anc, po = np.concatenate([anc, extra[:, 0]]), np.concatenate([po, extra[:, 1]])
    return _Chains(first_body, cycle, anc, po)


def _expand(lists: list[list[int]], which: np.ndarray, owner: np.ndarray) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """``(value, owner)`` for every value of ``lists[which[i]]``, ``owner[i]`` each."""
    lens = np.array([len(x) for x in lists], dtype=np.int64)
    flat = np.array([v for x in lists for v in x], dtype=np.int64)
    offs = np.concatenate([[0], np.cumsum(lens)[:-1]]) if len(lens) else lens
    count = lens[which] if len(which) else np.zeros(0, dtype=np.int64)
    rep = np.repeat(owner, count)
    idx = np.repeat(offs[which] - np.cumsum(np.r_[0, count[:-1]]), count) + np.arange(count.sum())
    return (flat[idx] if len(idx) else np.zeros(0, dtype=np.int64)), rep


def lines(G: nx.MultiDiGraph | Tables, *, min_members: int = 3) -> LinesResult:
    """Problems, superiors' loads, streets' 兜底 loads and the work committee's units.

    ``G`` is the projection of a store or the tables of one (``store.tables(**inputs())``);
    ``min_members`` is coverage's N (which uncovered organizations must build their own).
    """
    t = G if isinstance(G, Tables) else tables_of(G)
    g = _read(t)
    pl = places(t)
    ch = _chains(g)
    problems = _po_problems(g, pl, ch) + _body_problems(g)
    superiors = _loads(g, pl, ch)
    streets = _streets(g, pl, min_members)
    return LinesResult({"min_members": min_members}, problems, superiors, streets, _units(t))


def _place(pl: Any, street: int) -> tuple[str, str]:
    if street < 0:
        return "", ""
    place = street_place(pl.streets[street])  # the district 枣庄市/市中区 where there are cities
    return place.district_code, place.street


def _po_problems(g: _Graph, pl: Any, ch: _Chains) -> list[dict[str, Any]]:
    t = g.t
    names, written = t.column("PartyOrg", "name"), t.column("PartyOrg", "superior")
    b_names, p_names = t.column("LeadingBody", "name"), names
    has_sup = (g.po_sup_body >= 0) | (g.po_sup_po >= 0)
    sup_line = [g.body_line[b] if b >= 0 else "none" for b in ch.first_body.tolist()]
    one = {"enterprise", "social_org"}
    wrong = [g.po_line[k] in one and sup_line[k] in one and g.po_line[k] != sup_line[k]
             for k in range(len(g.po_keys))]  # fmt: skip
    rows = []
    for k in np.flatnonzero(~has_sup | ch.cycle | np.array(wrong, dtype=bool)).tolist():
        b, p = int(g.po_sup_body[k]), int(g.po_sup_po[k])
        superior = (b_names[b] or g.body_keys[b] if b >= 0 else
                    p_names[p] or g.po_keys[p] if p >= 0 else written[k] or "")  # fmt: skip
        if not has_sup[k]:
            code = "unknown_superior" if written[k] else "no_superior"
        else:
            code = "cycle" if ch.cycle[k] else "wrong_line"
        line = g.po_line[k]
        reason = fill(REASONS[code], superior=superior, line=LINES[line],
                      superior_line=LINES[sup_line[k]])  # fmt: skip
        district, street = _place(pl, int(pl.street_of_po[k]))
        rows.append({"kind": KIND_OF["PartyOrg"], "id": g.po_keys[k], "name": names[k],
                     "district": district, "street": street, "line": LINES[line],
                     "superior": superior, "superior_line": LINES[sup_line[k]],
                     "problem": PROBLEMS[code], "problem_code": code, "reason": reason})  # fmt: skip
    return rows


def _body_place(t: Tables) -> dict[int, tuple[str, str]]:
    """Where each body is: (district, street) of the region it is ``IN``."""
    s, e = t.positions("IN_LeadingBody_Region")
    keys, levels = t.keys("Region"), t.column("Region", "level")
    out = {}
    for b, r in zip(s.tolist(), e.tolist(), strict=True):
        place = place_of(keys[r], levels[r])  # a city's, a district's or a street's region
        out[b] = (place.district_code, place.street)
    return out


def _body_problems(g: _Graph) -> list[dict[str, Any]]:
    t = g.t
    names, kinds, written = (t.column("LeadingBody", p) for p in ("name", "kind", "superior"))
    where = _body_place(t)
    rows = []
    for b, key in enumerate(g.body_keys):
        if g.body_sup[b] >= 0 or kinds[b] == "work_committee" or g.body_line[b] == "all":
            continue
        code = "unknown_superior" if written[b] else "no_superior"
        reason = (fill(REASONS[code], superior=written[b]) if written[b]
                  else REASONS["no_superior_body"])  # fmt: skip
        district, street = where.get(b, ("", ""))
        rows.append({"kind": KIND_OF["LeadingBody"], "id": key, "name": names[b],
                     "district": district, "street": street, "line": LINES[g.body_line[b]],
                     "superior": written[b] or "", "superior_line": LINES["none"],
                     "problem": PROBLEMS[code], "problem_code": code, "reason": reason})  # fmt: skip
    return rows


def _members(t: Tables) -> np.ndarray:
    return (t.column("Organization", "formal_members")
            + t.column("Organization", "probationary_members")).astype(np.int64)  # fmt: skip


def _loads(g: _Graph, pl: Any, ch: _Chains) -> list[dict[str, Any]]:
    """A row per body and per party organization that leads another: direct and in all."""
    t = g.t
    n_po, n_b = len(g.po_keys), len(g.body_keys)
    anc, po = ch.anc, ch.po
    direct = np.where(g.po_sup_body >= 0, g.po_sup_body,
                      np.where(g.po_sup_po >= 0, n_b + g.po_sup_po, -1))  # fmt: skip
    branch = np.array([lv == "branch" for lv in t.column("PartyOrg", "level")], dtype=bool)
    members = _members(t)
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    n = n_b + n_po
    d_mask = direct >= 0
    d_po = np.bincount(direct[d_mask], minlength=n)
    d_br = np.bincount(direct[d_mask], weights=branch[d_mask], minlength=n)
    t_po = np.bincount(anc, minlength=n)
    t_br = np.bincount(anc, weights=branch[po], minlength=n) if len(po) else np.zeros(n)
    d_orgs, d_mem = _org_sums(direct[d_mask], np.flatnonzero(d_mask), cs, ce, members, n)
    _t_orgs, t_mem = _org_sums(anc, po, cs, ce, members, n)
    rows = []
    b_names, b_kinds, b_hosts = (t.column("LeadingBody", p) for p in ("name", "kind", "host"))
    p_names = t.column("PartyOrg", "name")
    where = _body_place(t)
    for a in np.flatnonzero((t_po > 0) | (np.arange(n) < n_b)).tolist():
        if a < n_b:
            kind, key, name, line, host = (KIND_OF["LeadingBody"], g.body_keys[a], b_names[a],
                                           LINES[g.body_line[a]], b_hosts[a] or "")  # fmt: skip
            district, street = where.get(a, ("", ""))
        else:
            k = a - n_b
            kind, key, name, line, host = (KIND_OF["PartyOrg"], g.po_keys[k], p_names[k],
                                           LINES[g.po_line[k]], "")  # fmt: skip
            district, street = _place(pl, int(pl.street_of_po[k]))
        rows.append({"kind": kind, "id": key, "name": name, "line": line, "host": host,
                     "district": district, "street": street, "party_orgs": int(d_po[a]),
                     "branches": int(d_br[a]), "orgs": int(d_orgs[a]), "members": int(d_mem[a]),
                     "total_party_orgs": int(t_po[a]), "total_branches": int(t_br[a]),
                     "total_members": int(t_mem[a])})  # fmt: skip
    rows.sort(key=lambda r: (-r["total_party_orgs"], r["id"]))
    return rows


def _org_sums(anc: np.ndarray, po: np.ndarray, cs: np.ndarray, ce: np.ndarray,
              members: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Per ancestor (``anc[i]`` above party organization ``po[i]``, each pair once): the
    distinct organizations its party organizations cover, and their members (an
    organization covered by two of them counted once)."""
    zero = np.zeros(n, dtype=np.int64)
    if len(po) == 0 or len(cs) == 0:
        return zero, zero
    order = np.argsort(cs, kind="stable")
    cs, ce = cs[order], ce[order]
    start = np.searchsorted(cs, po, side="left")
    count = np.searchsorted(cs, po, side="right") - start
    rep_anc = np.repeat(anc, count)
    idx = np.repeat(start - np.cumsum(np.r_[0, count[:-1]]), count) + np.arange(count.sum())
    orgs = ce[idx]
    # an organization one party organization covers comes once per ancestor: only those
    # several cover need the distinct pairs
    multi = np.bincount(ce, minlength=len(members))[orgs] > 1
    one_a, one_o = rep_anc[~multi], orgs[~multi]
    key = np.unique(rep_anc[multi] * (len(members) + 1) + orgs[multi])
    a_u, o_u = key // (len(members) + 1), key % (len(members) + 1)
    count_orgs = np.bincount(one_a, minlength=n) + np.bincount(a_u, minlength=n)
    mem = np.bincount(one_a, weights=members[one_o], minlength=n) + np.bincount(
        a_u, weights=members[o_u], minlength=n)  # fmt: skip
    return count_orgs.astype(np.int64), mem.astype(np.int64)


def _committees(t: Tables, pl: Any) -> np.ndarray:
    """The street (index into ``pl.streets``) of each street committee, -1 for other bodies;
    a street's first committee only."""
    kinds = t.column("LeadingBody", "kind")
    index = {full: s for s, full in enumerate(pl.streets)}
    out = np.full(len(kinds), -1, dtype=np.int64)
    taken: set[int] = set()
    for b, (district, street) in sorted(_body_place(t).items()):
        s = index.get(f"{district}/{street}", -1) if street else -1
        if s >= 0 and s not in taken and kinds[b] in ("street_committee", None):
            out[b] = s
            taken.add(s)
    return out


def _streets(g: _Graph, pl: Any, min_members: int) -> list[dict[str, Any]]:
    """Each street's committee and its 兜底 load; a street with no committee too."""
    t = g.t
    n_s = len(pl.streets)
    street_of_body = _committees(t, pl)
    committee = {int(s): b for b, s in enumerate(street_of_body.tolist()) if s >= 0}
    codes = uncovered_codes(t, min_members)
    ok = pl.street_of_org >= 0
    uncovered = np.bincount(pl.street_of_org[ok & (codes >= 0)], minlength=n_s)
    must = np.bincount(pl.street_of_org[ok & (codes == _MUST)], minlength=n_s)
    sp = pl.street_of_po
    orphan = (g.po_sup_body < 0) & (g.po_sup_po < 0) & (sp >= 0)
    orphans = np.bincount(sp[orphan], minlength=n_s)
    # the party organizations each committee leads directly, by the committee's street
    led = np.flatnonzero(g.po_sup_body >= 0)
    s_led = street_of_body[g.po_sup_body[led]]
    led, s_led = led[s_led >= 0], s_led[s_led >= 0]
    attached = np.array([f == "attached" for f in t.column("PartyOrg", "form")], dtype=bool)
    n_led = np.bincount(s_led, minlength=n_s)
    n_att = np.bincount(s_led, weights=attached[led], minlength=n_s)
    cs, ce = t.positions("COVERS_PartyOrg_Organization")
    orgs, mem = _org_sums(s_led, led, cs, ce, _members(t), n_s)
    names = t.column("LeadingBody", "name")
    rows = []
    for s in range(len(pl.streets)):
        district, street = _place(pl, s)
        b = committee.get(s)
        row: dict[str, Any] = {"district": district, "street": street,
               "committee": names[b] if b is not None else "",
               "party_orgs": int(n_led[s]), "attached": int(n_att[s]), "orgs": int(orgs[s]),
               "members": int(mem[s]), "uncovered": int(uncovered[s]), "must_build": int(must[s]),
               "orphans": int(orphans[s])}  # fmt: skip
        row["load"] = row["orgs"] + row["uncovered"] + row["orphans"]
        row["reason"] = (fill(STREET_REASONS["load"], **row) if b is not None
                         else STREET_REASONS["no_committee"])  # fmt: skip
        rows.append(row)
    rows.sort(key=lambda r: (-r["load"], r["district"], r["street"]))
    return rows


def _units(t: Tables) -> list[dict[str, Any]]:
    s, e = t.positions("SERVES_ON_CommitteeUnit_LeadingBody")
    u_keys, b_keys = t.keys("CommitteeUnit"), t.keys("LeadingBody")
    u_names, b_names = t.column("CommitteeUnit", "name"), t.column("LeadingBody", "name")
    duties = t.column("CommitteeUnit", "duty")
    rows = [{"body": b_keys[b], "body_name": b_names[b], "unit": u_keys[u],
             "unit_name": u_names[u], "duty": duties[u] or ""}
            for u, b in zip(s.tolist(), e.tolist(), strict=True)]  # fmt: skip
    rows.sort(key=lambda r: (r["body"], r["unit"]))
    return rows
