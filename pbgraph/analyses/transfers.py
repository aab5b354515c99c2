"""Member-relation transfers (组织关系转接) and their follow-up visits (定期回访): what is
pending per district, which follow-ups are overdue, and what each transfer would change in
coverage.

A case (a ``Transfer`` of the transfers ledger) is one member whose relation is held by a
talent centre, an HR market or a community. Its state: ``done`` (a transfer date),
``pending`` (willing, no transfer date yet), ``unwilling`` or ``unknown`` (willingness not
asked). Open cases (pending, unwilling, unknown) are visited again every ``visit_days``
days (default 90: a quarter); one whose last visit (or its registration, if never visited)
is older than that at ``as_of`` (default: the latest date in the ledger) is overdue.

**What a transfer changes.** The receiving organization is the ledger's 转入单位, else the
organization the member works at. The pending cases are applied to a *copy* of the columns
coverage reads — each formal member becomes a formal member of the receiving organization
(its 正式党员 + 1, the member's relation no longer held elsewhere, so no longer latent),
a probationary one a probationary member — and :func:`pbgraph.analyses.coverage.coverage`
runs on the copy with the same rules as on the ledgers (its rules are not restated here).
Each case says its organization's category before and after all pending transfers; the
districts count the organizations whose category changes and those that reach N formal
members (must build their own, 应建未建). The ledger's graph is never changed.

A case is in the district (and street) of its IN region (the ledger's 所属区县/街道), else
in the receiving organization's.

Examples
--------
>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A", label="Region", name="A", level="district")
>>> G.add_node("Region:A/s", label="Region", name="s", level="street")
>>> _ = G.add_edge("Region:A/s", "Region:A", key="PART_OF")
>>> G.add_node("Organization:o1", label="Organization", name="甲公司", formal_members=2)
>>> _ = G.add_edge("Organization:o1", "Region:A/s", key="LOCATED_IN")
>>> G.add_node("Member:M-1", label="Member", status="formal", held_by="talent_centre")
>>> _ = G.add_edge("Member:M-1", "Organization:o1", key="WORKS_AT")
>>> G.add_node("Transfer:M-1", label="Transfer", willing=True, registered="2018-06-01")
>>> _ = G.add_edge("Transfer:M-1", "Member:M-1", key="OF")
>>> r = transfers(G)
>>> c = r.cases()[0]
>>> c["state"], c["before"], c["after"], r.totals()["reach_n"]
('pending', 'joint_candidate', 'must_build', 1)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import place_of
from ..graphmodel.tables import Tables, column_tables, tables_of
from ..labels import columns as label_columns
from ..labels import lang_index, pick
from ..labels.coverage import CATEGORIES
from ..labels.transfers import CASE_COLUMNS, DISTRICT_COLUMNS, HELD_BY, REASONS, STATES
from .coverage import STATE_OF, CoverageResult, coverage
from .coverage import inputs as coverage_inputs
from .places import as_date, days, merge_inputs

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["TransfersResult", "apply_transfers", "inputs", "transfers"]

_CODES = list(STATE_OF)
_UNKNOWN = "(未知)"
_FLOW = ("pending", "done", "unwilling", "unknown")


def inputs() -> dict[str, Any]:
    """What :func:`transfers` reads: the arguments of ``store.tables``."""
    own = {
        "labels": ["Transfer", "Member", "Organization", "Region"],
        "rels": ["OF_Transfer_Member", "TO_Transfer_Organization", "IN_Transfer_Region",
                 "WORKS_AT_Member_Organization", "LOCATED_IN_Organization_Region",
                 "PART_OF_Region_Region"],
        "props": {"Transfer": ["from_kind", "from_at", "willing", "registered", "transferred",
                               "visits", "last_visit"],
                  "Member": ["status", "held_by", "held_at", "name_masked"],
                  "Organization": ["name"], "Region": ["name", "level"]},
    }  # fmt: skip
    return merge_inputs(coverage_inputs("district"), own)


@dataclass
class TransfersResult:
    """The cases, each with its state, follow-up and effect on coverage; per district."""

    params: dict[str, Any]
    as_of: dt.date | None
    _cases: list[dict[str, Any]]
    _districts: list[dict[str, Any]]
    _totals: dict[str, Any]
    before: CoverageResult
    after: CoverageResult

    def cases(self, *, lang: str = "zh", state: str | None = None) -> list[dict[str, Any]]:
        """A row per case (codes, and the reason in ``lang``), by district, street, member;
        only those of ``state`` (``pending``, ``done``, ``unwilling``, ``unknown``,
        ``overdue``) if given."""
        i = lang_index(lang)
        sep = "；" if i == 0 else "; "
        return [
            {**{k: v for k, v in c.items() if k[0] != "_"},
             "reason": sep.join(_said(name, fields, i) for name, fields in c["_why"])}
            for c in self._cases
            if state is None or c["state"] == state or (state == "overdue" and c["overdue"])
        ]  # fmt: skip

    def table(self, *, lang: str = "zh", state: str | None = None) -> list[dict[str, Any]]:
        """:meth:`cases` with words for the codes, as a table shows them."""
        return [
            {**c, "state": pick(STATES[c["state"]], lang),
             "from_kind": pick(HELD_BY[c["from_kind"]], lang) if c["from_kind"] in HELD_BY else "",
             "before": _category(c["before"], lang), "after": _category(c["after"], lang),
             "overdue": ("是" if lang == "zh" else "yes") if c["overdue"] else ""}
            for c in self.cases(lang=lang, state=state)
        ]  # fmt: skip

    def districts(self) -> list[dict[str, Any]]:
        """A row per district, most pending first, then a last row ``"district": "合计"``."""
        rows = sorted(self._districts, key=lambda r: (-r["pending"], r["district"]))
        return [*rows, {"district": "合计", **self._totals}]

    def totals(self) -> dict[str, Any]:
        return dict(self._totals)

    def columns(self, lang: str = "zh", name: str = "cases") -> list[tuple[str, str]]:
        return label_columns(CASE_COLUMNS if name == "cases" else DISTRICT_COLUMNS, lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph transfers --format json``
        (docs/commands/transfers.md)."""
        return {"as_of": self.as_of.isoformat() if self.as_of else None, "params": self.params,
                "totals": self.totals(), "districts": self.districts(),
                "cases": self.cases(lang=lang)}  # fmt: skip


def _category(code: str | None, lang: str) -> str:
    return pick(CATEGORIES[code], lang) if code else ""


def transfers(
    G: nx.MultiDiGraph | Tables,
    *,
    visit_days: int = 90,
    as_of: dt.date | str | None = None,
    min_members: int = 3,
) -> TransfersResult:
    """The transfer cases of ``G`` (see the module docstring).

    Parameters
    ----------
    G : the projection of a store or its tables (``store.tables(**inputs())``).
    visit_days : an open case is visited at least this often (days).
    as_of : the day follow-ups are judged on; default the latest date of the ledger.
    min_members : N, as coverage's (the other coverage rules are its defaults).
    """
    if visit_days < 1:
        raise ValueError(f"回访间隔至少 1 天 (visit_days must be at least 1, not {visit_days})")
    t = G if isinstance(G, Tables) else tables_of(G)
    c = _Cases.of(t)
    day = _as_of(c, as_date(as_of))
    before = coverage(t, min_members=min_members)
    apply = np.flatnonzero((c.state == "pending") & (c.to >= 0))
    after = coverage(apply_transfers(t, c.member[apply], c.to[apply]), min_members=min_members)
    rows = _rows(t, c, day, visit_days, before, after)
    districts, totals = _by_district(rows, before, after, min_members)
    params = {"visit_days": visit_days, "min_members": min_members}
    return TransfersResult(params, day, rows, districts, totals, before, after)


@dataclass
class _Cases:
    """The columns of the cases: member, receiving organization, place, state, dates."""

    keys: list[str]
    member: np.ndarray  # Member position (-1: none)
    to: np.ndarray  # receiving Organization position (-1: none)
    region: np.ndarray  # Region position of the case's place (-1: none)
    state: np.ndarray  # str codes
    registered: np.ndarray  # datetime64[D]
    transferred: np.ndarray
    last_visit: np.ndarray
    visits: np.ndarray

    @classmethod
    def of(cls, t: Tables) -> _Cases:
        n = len(t.keys("Transfer"))
        member = _ends(t, "OF_Transfer_Member", n)
        to = _ends(t, "TO_Transfer_Organization", n)
        works = _ends(t, "WORKS_AT_Member_Organization", len(t.keys("Member")))
        fallback = np.where(member >= 0, works[np.maximum(member, 0)], -1)
        to = np.where(to >= 0, to, fallback)
        transferred = days(t.column("Transfer", "transferred"))
        willing = t.column("Transfer", "willing", "str")
        state = np.array(
            ["done" if not np.isnat(d) else "unknown" if w is None else
             "pending" if w else "unwilling" for d, w in zip(transferred, willing, strict=True)],
            dtype=object,
        )  # fmt: skip
        return cls(t.keys("Transfer"), member, to, _ends(t, "IN_Transfer_Region", n), state,
                   days(t.column("Transfer", "registered")), transferred,
                   days(t.column("Transfer", "last_visit")),
                   t.column("Transfer", "visits"))  # fmt: skip


def _ends(t: Tables, rel: str, n: int) -> np.ndarray:
    """The end position of a single relationship per start position (-1: none)."""
    out = np.full(n, -1, dtype=np.int64)
    s, e = t.positions(rel)
    out[s] = e
    return out


def _as_of(c: _Cases, given: dt.date | None) -> dt.date | None:
    if given is not None:
        return given
    known = np.concatenate([c.registered, c.transferred, c.last_visit])
    known = known[~np.isnat(known)]
    return known.max().astype(object) if len(known) else None


def apply_transfers(t: Tables, members: np.ndarray, orgs: np.ndarray) -> Tables:
    """A copy of the columns :func:`coverage` reads, with each of ``members`` (Member
    positions) a member of the organization at the same place of ``orgs`` (Organization
    positions) through its own relation: formal members add to its 正式党员, probationary ones
    to its 预备党员, and their relations are no longer held elsewhere. ``t`` is unchanged."""
    want = coverage_inputs("district")
    nodes: dict[str, tuple[list[str], dict[str, Any]]] = {}
    for label in want["labels"]:
        cols = {p: t.column(label, p) for p in want["props"].get(label, [])}
        nodes[label] = (t.keys(label), cols)
    org = nodes["Organization"][1]
    status = t.column("Member", "status")
    formal = np.array([status[m] == "formal" for m in members.tolist()], dtype=bool)
    org["formal_members"] = org["formal_members"] + np.bincount(
        orgs[formal], minlength=len(t.keys("Organization"))
    )
    org["probationary_members"] = org["probationary_members"] + np.bincount(
        orgs[~formal], minlength=len(t.keys("Organization"))
    )
    held = list(t.column("Member", "held_by"))
    for m in members.tolist():
        held[m] = "employer"
    nodes["Member"][1]["held_by"] = held
    rels = {name: t.rel_table(name) for name in want["rels"]}
    positions = {name: t.positions(name) for name in want["rels"]}
    works = "WORKS_AT_Member_Organization"
    wm, wo = positions[works]
    moved = np.zeros(len(t.keys("Member")), dtype=bool)
    moved[members] = True
    keep = ~moved[wm]
    wm, wo = np.concatenate([wm[keep], members]), np.concatenate([wo[keep], orgs])
    order = np.lexsort((wo, wm))
    wm, wo = wm[order], wo[order]
    m_keys, o_keys = t.keys("Member"), t.keys("Organization")
    rels[works] = ([m_keys[i] for i in wm.tolist()], [o_keys[i] for i in wo.tolist()])
    positions[works] = (wm, wo)
    return column_tables(nodes, rels, positions)


def _late(c: _Cases, day: dt.date | None, every: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per case: days since the last visit (or the registration) at ``day``, whether an open
    case is overdue, and whether it was never visited."""
    n = len(c.keys)
    if day is None:
        return np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    never = np.isnat(c.last_visit)
    last = np.where(never, c.registered, c.last_visit)
    known = ~np.isnat(last)
    days_since = (np.datetime64(day, "D") - last).astype("timedelta64[D]")
    gap = np.where(known, days_since.astype(np.int64), 0)
    late = (c.state != "done") & known & (gap > every)
    return gap, late, late & never & (c.visits == 0)


def _rows(t: Tables, c: _Cases, day: dt.date | None, every: int, before: CoverageResult,
          after: CoverageResult) -> list[dict[str, Any]]:  # fmt: skip
    """A row per case: who, where, the state, the follow-up, the effect and the reason's
    parts (``_why``: names of :data:`REASONS` and their fields; ``_o``: the receiving
    organization's position), by district, street, member."""
    r_keys, o_keys = t.keys("Region"), t.keys("Organization")
    o_names = t.column("Organization", "name")
    names, held = t.column("Member", "name_masked"), t.column("Member", "held_by")
    from_kind, from_at = t.column("Transfer", "from_kind"), t.column("Transfer", "from_at")
    status = t.column("Member", "status")
    street_of_org = _org_regions(t)
    level_of = dict(zip(r_keys, t.column("Region", "level"), strict=True))
    gap, late, never = (x.tolist() for x in _late(c, day, every))
    registered, transferred, last = _isos(c.registered), _isos(c.transferred), _isos(c.last_visit)
    codes_before, codes_after = before.codes.tolist(), after.codes.tolist()
    formal_before, formal_after = before.formal.tolist(), after.formal.tolist()
    places: dict[str, tuple[str, str]] = {}
    rows = []
    for k, (key, m, o, r, state, visits) in enumerate(zip(
        c.keys, c.member.tolist(), c.to.tolist(), c.region.tolist(), c.state.tolist(),
        c.visits.tolist(), strict=True,
    )):  # fmt: skip
        region = r_keys[r] if r >= 0 else street_of_org.get(o) or _UNKNOWN
        if region not in places:  # the district 枣庄市/市中区 where there are cities
            place = place_of(region, level_of.get(region))
            places[region] = (place.district_code, place.street)
        district, street = places[region]
        org = (o_names[o] or o_keys[o]) if o >= 0 else ""
        was = _CODES[codes_before[o]] if o >= 0 else None
        becomes = _CODES[codes_after[o]] if o >= 0 and state == "pending" else was
        why = _reasons(state, org, transferred[k], m >= 0 and status[m] == "probationary",
                       (formal_before[o], formal_after[o], was, becomes) if o >= 0 else None)  # fmt: skip
        if late[k]:
            why.append(
                ("never_visited" if never[k] else "overdue", {"days": gap[k], "every": every})
            )
        rows.append({
            "member": key, "name": names[m] if m >= 0 else None, "district": district,
            "street": street, "from_kind": from_kind[k] or (held[m] if m >= 0 else None),
            "from_at": from_at[k], "to_code": o_keys[o] if o >= 0 else None, "to_name": org,
            "state": state, "registered": registered[k], "transferred": transferred[k],
            "visits": visits, "last_visit": last[k], "overdue": late[k], "before": was,
            "after": becomes,
            "formal_added": int(state == "pending" and o >= 0 and status[m] == "formal"),
            "_why": why, "_o": o,
        })  # fmt: skip
    rows.sort(key=lambda x: (x["district"], x["street"], x["member"]))
    return rows


def _reasons(state: str, org: str, transferred: str | None, probationary: bool,
             effect: tuple[int, int, str | None, str | None] | None) -> list[tuple[str, dict[str, Any]]]:  # fmt: skip
    """The reason's parts of a case: ``effect`` is its organization's formal members and
    categories before and after all pending transfers (``None``: no organization)."""
    if state == "done":
        return [("done", {"date": transferred, "org": org or "—"})]
    if state in ("unwilling", "unknown"):
        return [(state, {})]
    if effect is None:
        return [("no_org", {})]
    if probationary:
        return [("probationary", {"org": org})]
    before, after, was, becomes = effect
    fields = {"org": org, "before": before, "after": after,
              "was": CATEGORIES[was or "no_members"], "becomes": CATEGORIES[becomes or "no_members"]}  # fmt: skip
    return [("change" if was != becomes else "same", fields)]


def _said(name: str, fields: dict[str, Any], i: int) -> str:
    """A reason's part in language ``i`` (a field given as a Text in its word)."""
    return REASONS[name][i].format(**{k: v[i] if isinstance(v, tuple) else v
                                      for k, v in fields.items()})  # fmt: skip


def _org_regions(t: Tables) -> dict[int, str]:
    s, e = t.positions("LOCATED_IN_Organization_Region")
    r_keys = t.keys("Region")
    return dict(zip(s.tolist(), (r_keys[i] for i in e.tolist()), strict=True))


def _isos(d: np.ndarray) -> list[str | None]:
    """ISO dates of a ``datetime64[D]`` column, ``None`` where missing."""
    return [None if v == "NaT" else v for v in np.datetime_as_string(d, unit="D").tolist()]


def _by_district(rows: list[dict[str, Any]], before: CoverageResult, after: CoverageResult,
                 n: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:  # fmt: skip
    """Counts per district (of the cases' places), and for the city."""
    zero = dict.fromkeys(("cases", "willing", *_FLOW, "overdue", "formal_added",
                          "orgs_changed", "reach_n"), 0)  # fmt: skip
    per: dict[str, dict[str, Any]] = {}
    changed: dict[str, set[str]] = {}
    reach: dict[str, set[str]] = {}
    for r in rows:
        d = per.setdefault(r["district"], {"district": r["district"], **zero})
        d["cases"] += 1
        d[r["state"]] += 1
        d["willing"] += r["state"] in ("pending", "done")
        d["overdue"] += r["overdue"]
        d["formal_added"] += r["formal_added"]
        o = r["_o"]
        if r["state"] != "pending" or o < 0:
            continue
        if r["before"] != r["after"]:
            changed.setdefault(r["district"], set()).add(r["to_code"])
        if before.formal[o] < n <= after.formal[o]:
            reach.setdefault(r["district"], set()).add(r["to_code"])
    for name, row in per.items():
        row["orgs_changed"] = len(changed.get(name, ()))
        row["reach_n"] = len(reach.get(name, ()))
    totals = {k: sum(r[k] for r in per.values()) for k in zero}
    totals["orgs_changed"] = len(set().union(*changed.values()))
    totals["reach_n"] = len(set().union(*reach.values()))
    return list(per.values()), totals
