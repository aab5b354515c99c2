"""The service circle (服务圈, 党建服务项目): organizations' needs matched to the projects
member units and organizations offer, with the needs still unmet by street and the
participants' feedback per project.

A need already met (对接项目编号 in the ledger) takes a place of its project's capacity; the
other needs are *open* and are matched to the places left by :func:`.service_match.match`:
an exact plan that meets as many needs as the capacities allow, the same street first, then
the district, then the city (docs/commands/services.md). A need is in the street of its IN
region (the ledger's 所属区县/街道), else in its organization's; a project in the street or
district of its IN region. Feedback is the scores (评价得分, 0-100) of the needs a project met.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("Region:A/s", label="Region", name="s", level="street")
>>> G.add_node("ServiceNeed:n1", label="ServiceNeed", type="legal", date="2018-05-01")
>>> _ = G.add_edge("ServiceNeed:n1", "Region:A/s", key="IN")
>>> G.add_node("ServiceProject:p1", label="ServiceProject", name="法律体检", type="legal",
...            capacity=1)
>>> _ = G.add_edge("ServiceProject:p1", "Region:A/s", key="IN")
>>> r = services(G)
>>> [(x["need"], x["project"], x["near"]) for x in r.needs()]
[('n1', 'p1', 'street')]
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..graphmodel.regioncode import place_of
from ..graphmodel.tables import Tables, tables_of
from ..labels import columns as label_columns
from ..labels import lang_index, pick
from ..labels.services import NEAR, NEED_COLUMNS, PROJECT_COLUMNS, REASONS, STREET_COLUMNS, TYPES
from .service_match import Need, Project, distance, match

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["ServicesResult", "inputs", "services"]

_NEAR = ("street", "district", "city")
_UNKNOWN = "(未知)"


def inputs() -> dict[str, Any]:
    """What :func:`services` reads: the arguments of ``store.tables``."""
    return {
        "labels": ["ServiceNeed", "ServiceProject", "MemberUnit", "Organization", "Region"],
        "rels": ["RAISED_BY_ServiceNeed_Organization", "IN_ServiceNeed_Region",
                 "SERVED_BY_ServiceNeed_ServiceProject", "OFFERED_BY_ServiceProject_MemberUnit",
                 "OFFERED_BY_ServiceProject_Organization", "IN_ServiceProject_Region",
                 "LOCATED_IN_Organization_Region"],
        "props": {"ServiceNeed": ["type", "date", "content", "score"],
                  "ServiceProject": ["name", "type", "capacity", "date", "place"],
                  "MemberUnit": ["name"], "Organization": ["name"], "Region": []},
    }  # fmt: skip


@dataclass
class ServicesResult:
    """The open needs with their match (or why none), per street, per project."""

    _needs: list[dict[str, Any]]
    _streets: list[dict[str, Any]]
    _projects: list[dict[str, Any]]
    _totals: dict[str, Any]

    def needs(self, *, lang: str = "zh", unmet: bool = False) -> list[dict[str, Any]]:
        """A row per open need (only the unmet ones with ``unmet``), codes and the reason in
        ``lang``, by street, date, id."""
        i = lang_index(lang)
        return [{**{k: v for k, v in n.items() if k != "_why"}, "reason": _said(n["_why"][0], n["_why"][1], i)}
                for n in self._needs if not unmet or n["project"] is None]  # fmt: skip

    def table(self, *, lang: str = "zh", unmet: bool = False) -> list[dict[str, Any]]:
        """:meth:`needs` with words for the codes."""
        return [{**n, "type": pick(TYPES[n["type"]], lang),
                 "near": pick(NEAR[n["near"]], lang) if n["near"] else ""}
                for n in self.needs(lang=lang, unmet=unmet)]  # fmt: skip

    def streets(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """A row per street with needs, most unmet first, then ``"street": "合计"``."""
        rows = sorted(self._streets, key=lambda r: (-r["unmet"], r["street"]))
        out = [{**r, "unmet_types": _types(r["unmet_types"], lang)} for r in rows]
        return [*out, {"street": "合计", **self._totals, "unmet_types": ""}]

    def projects(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """A row per project, by id, with its use and its participants' mean score."""
        return [{**p, "type": pick(TYPES[p["type"]], lang)} for p in self._projects]

    def totals(self) -> dict[str, Any]:
        return dict(self._totals)

    def columns(self, lang: str = "zh", name: str = "needs") -> list[tuple[str, str]]:
        words = {"needs": NEED_COLUMNS, "streets": STREET_COLUMNS, "projects": PROJECT_COLUMNS}
        return label_columns(words[name], lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph services --format json``
        (docs/commands/services.md): codes for types and distances."""
        return {"totals": self.totals(), "streets": self.streets(lang=lang)[:-1],
                "projects": self._projects, "needs": self.needs(lang=lang)}  # fmt: skip


def _types(counts: dict[str, int], lang: str) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{pick(TYPES[t], lang)} {counts[t]}" for t in TYPES if t in counts)


def _ends(t: Tables, rel: str, n: int) -> np.ndarray:
    out = np.full(n, -1, dtype=np.int64)
    s, e = t.positions(rel)
    out[s] = e
    return out


@functools.lru_cache(maxsize=65536)
def _place(key: str | None) -> tuple[str | None, str | None]:
    """``(district, street)`` codes of a Region key: ``"A"`` or ``"A/s"``, with a city in front
    in a store with cities (:func:`~pbgraph.graphmodel.regioncode.place_of`, read from the
    right)."""
    if key is None:
        return None, None
    place = place_of(key)
    district = place.district_code or None
    return district, f"{district}/{place.street}" if place.street else None


def _said(name: str, fields: dict[str, Any], i: int) -> str:
    """A reason in language ``i`` (a field given as a Text in its word)."""
    return REASONS[name][i].format(**{k: v[i] if isinstance(v, tuple) else v
                                      for k, v in fields.items()})  # fmt: skip


def services(G: nx.MultiDiGraph | Tables) -> ServicesResult:
    """Match the open needs of ``G`` to its projects (see the module docstring)."""
    t = G if isinstance(G, Tables) else tables_of(G)
    r_keys, o_keys = t.keys("Region"), t.keys("Organization")
    o_names = t.column("Organization", "name")
    org_region = _ends(t, "LOCATED_IN_Organization_Region", len(o_keys))
    projects = _projects(t)
    n_keys = t.keys("ServiceNeed")
    org = _ends(t, "RAISED_BY_ServiceNeed_Organization", len(n_keys))
    region = _ends(t, "IN_ServiceNeed_Region", len(n_keys))
    served = _ends(t, "SERVED_BY_ServiceNeed_ServiceProject", len(n_keys))
    kinds, dates = t.column("ServiceNeed", "type"), t.column("ServiceNeed", "date")
    scores = t.column("ServiceNeed", "score", "str")
    needs, rows_of = [], {}
    met_before: Counter[str] = Counter()
    org_regions = org_region.tolist()
    for k, (key, o, r, done) in enumerate(
        zip(n_keys, org.tolist(), region.tolist(), served.tolist(), strict=True)
    ):
        r = r if r >= 0 else (org_regions[o] if o >= 0 else -1)
        district, street = _place(r_keys[r] if r >= 0 else None)
        where = street or district or _UNKNOWN
        if done >= 0:
            met_before[where] += 1
            p = projects[done]
            p["met_before"] += 1
            if scores[k] is not None:
                p["_scores"].append(float(scores[k]))
            continue
        date = "" if dates[k] is None else str(dates[k])[:10]
        needs.append(Need(key, kinds[k] or "other", district, street, date))
        rows_of[key] = {"need": key, "org": o_keys[o] if o >= 0 else None,
                        "org_name": (o_names[o] or o_keys[o]) if o >= 0 else "", "street": where,
                        "type": kinds[k] or "other", "date": date or None}  # fmt: skip
    offer = [Project(p["project"], p["type"], max(p["capacity"] - p["met_before"], 0),
                     *_place(p["_region"])) for p in projects]  # fmt: skip
    plan = match(needs, offer)
    by_id = {p["project"]: (p, o) for p, o in zip(projects, offer, strict=True)}
    of_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # type -> capacity, met before
    for p in projects:
        of_type[p["type"]][0] += p["capacity"]
        of_type[p["type"]][1] += p["met_before"]
    rows = [_need_row(rows_of[n.id], n, plan.get(n.id), by_id, of_type) for n in needs]
    rows.sort(key=lambda x: (x["street"], x["date"] or "", x["need"]))
    return _result(rows, met_before, projects)


def _projects(t: Tables) -> list[dict[str, Any]]:
    """A row per project: id, name, type, provider, place, capacity (with working fields)."""
    keys = t.keys("ServiceProject")
    n = len(keys)
    r_keys, u_names, o_names = t.keys("Region"), t.column("MemberUnit", "name"), t.column("Organization", "name")  # fmt: skip
    unit = _ends(t, "OFFERED_BY_ServiceProject_MemberUnit", n)
    org = _ends(t, "OFFERED_BY_ServiceProject_Organization", n)
    region = _ends(t, "IN_ServiceProject_Region", n)
    names, kinds = t.column("ServiceProject", "name"), t.column("ServiceProject", "type")
    caps, places = t.column("ServiceProject", "capacity"), t.column("ServiceProject", "place")
    out: list[dict[str, Any]] = []
    for k, key in enumerate(keys):
        provider = (u_names[unit[k]] if unit[k] >= 0 else
                    o_names[org[k]] if org[k] >= 0 else "") or ""  # fmt: skip
        where = r_keys[region[k]] if region[k] >= 0 else None
        out.append({"project": key, "name": names[k] or key, "type": kinds[k] or "other",
                    "provider": provider, "place": places[k] or where or "",
                    "capacity": int(caps[k]), "met_before": 0, "assigned": 0, "left": 0,
                    "feedback": 0, "score": None, "_region": where, "_scores": []})  # fmt: skip
    return out


def _need_row(row: dict[str, Any], n: Need, pid: str | None,
              by_id: dict[str, tuple[dict[str, Any], Project]],
              of_type: dict[str, list[int]]) -> dict[str, Any]:  # fmt: skip
    """The row of an open need: its project and why (``of_type``: the capacity of each
    type's projects and the needs they met before)."""
    if pid is None:
        if n.type not in of_type:
            why: tuple[str, dict[str, Any]] = ("none_of_type", {"type": TYPES[n.type]})
        else:
            capacity, earlier = of_type[n.type]
            why = ("full", {"type": TYPES[n.type], "capacity": capacity, "earlier": earlier})
        return {**row, "project": None, "project_name": None, "provider": None, "near": None,
                "_why": why}  # fmt: skip
    p, offer = by_id[pid]
    p["assigned"] += 1
    near = _NEAR[distance(n, offer)]
    why = (near, {"project": p["name"], "provider": p["provider"] or "—",
                  "place": p["place"] or "—", "type": TYPES[n.type]})  # fmt: skip
    return {**row, "project": pid, "project_name": p["name"], "provider": p["provider"],
            "near": near, "_why": why}  # fmt: skip


def _result(rows: list[dict[str, Any]], met_before: Counter[str],
            projects: list[dict[str, Any]]) -> ServicesResult:  # fmt: skip
    streets: dict[str, dict[str, Any]] = {}
    unmet_types: dict[str, Counter[str]] = defaultdict(Counter)
    zero = {"needs": 0, "met_before": 0, "open": 0, "assigned": 0, "unmet": 0}
    for where, count in met_before.items():
        s = streets.setdefault(where, {"street": where, **zero})
        s["needs"] += count
        s["met_before"] += count
    for r in rows:
        s = streets.setdefault(r["street"], {"street": r["street"], **zero})
        s["needs"] += 1
        s["open"] += 1
        if r["project"] is None:
            s["unmet"] += 1
            unmet_types[r["street"]][r["type"]] += 1
        else:
            s["assigned"] += 1
    for s in streets.values():
        s["unmet_types"] = dict(unmet_types.get(s["street"], {}))
    for p in projects:
        scores = p.pop("_scores")
        p.pop("_region")
        p["left"] = max(p["capacity"] - p["met_before"] - p["assigned"], 0)
        p["feedback"] = len(scores)
        p["score"] = round(sum(scores) / len(scores), 1) if scores else None
    totals = {k: sum(s[k] for s in streets.values()) for k in zero}
    totals["projects"] = len(projects)
    near = Counter(r["near"] for r in rows if r["near"])
    totals["near"] = {k: near[k] for k in _NEAR}
    return ServicesResult(rows, list(streets.values()), projects, totals)
