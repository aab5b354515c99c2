"""The result of grouping: proposed groups (:class:`Group`) and :class:`GroupingResult` with
its tables, listings, findings for write-back and frames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...labels import Text, lang_index, pick
from ...labels import columns as headers
from ...labels.grouping import COLUMNS, LIST_COLUMNS, METHOD, SEP, TOTAL

__all__ = ["Group", "GroupingResult"]


@dataclass
class Group:
    """A proposed joint branch."""

    id: str
    area: str
    name: str
    codes: list[str]
    names: list[str]
    formal: list[int]
    members: int
    buildings: list[str]
    industries: list[str]
    reasons: list[Text]
    method: str

    @property
    def units(self) -> int:
        return len(self.codes)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        i = lang_index(lang)
        return {
            "group_id": self.id, "area": self.area, "name": self.name, "units": self.units,
            "formal_members": sum(self.formal), "members": self.members,
            "buildings": self.buildings, "industries": self.industries, "method": self.method,
            "organizations": [
                {"credit_code": c, "name": n, "formal_members": f, "reason": r[i]}
                for c, n, f, r in zip(self.codes, self.names, self.formal, self.reasons, strict=True)
            ],
        }  # fmt: skip


#: the columns of each listing, in order
_LISTS: dict[str, tuple[str, ...]] = {
    "groups": ("group_id", "area", "name", "units", "formal_members", "members",
               "buildings", "industries", "organizations"),
    "members": ("group_id", "group_name", "credit_code", "name", "formal_members", "reason"),
    "uncovered": ("area", "credit_code", "name", "formal_members", "reason"),
    "splits": ("party_org", "name", "units", "members", "reason", "proposal"),
}  # fmt: skip
#: a cell's list (buildings, industries, organizations of a group) is joined the Chinese way
#: in both languages
_CELL_SEP = SEP[0]


@dataclass
class GroupingResult:
    """Proposed groups, per-area figures with bound and gap, uncovered candidates, splits."""

    params: dict[str, Any]
    groups: list[Group]
    areas: list[dict[str, Any]]
    uncovered: list[dict[str, Any]]
    splits: list[dict[str, Any]] = field(default_factory=list)

    def totals(self) -> dict[str, Any]:
        keys = (
            "candidates",
            "covered",
            "uncovered",
            "upper_bound",
            "gap",
            "groups",
            "empty_covered",
        )
        return {k: sum(a[k] for a in self.areas) for k in keys}

    def rows(self) -> list[dict[str, Any]]:
        """One row per area (largest gap, then most candidates first), then their sums (the
        area :data:`~pbgraph.labels.grouping.TOTAL`, in Chinese whatever the language)."""
        return [*self.areas, {"area": pick(TOTAL, "zh"), "method": "", **self.totals()}]

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        return headers(COLUMNS, lang)

    def method_label(self, method: str, lang: str = "zh") -> str:
        return pick(METHOD.get(method, (method, method)), lang)

    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """``groups`` (one row per group), ``members`` (one row per organization in a group,
        with its reason), ``uncovered`` (candidates left out, with why) or ``splits``."""
        i = lang_index(lang)
        if name == "groups":
            return [
                {**{k: v for k, v in g.to_dict(lang).items() if k != "organizations"},
                 "buildings": _CELL_SEP.join(g.buildings), "industries": _CELL_SEP.join(g.industries),
                 "organizations": _CELL_SEP.join(f"{c} {n}" for c, n in zip(g.codes, g.names, strict=True))}
                for g in self.groups
            ]  # fmt: skip
        if name == "members":
            return [
                {"group_id": g.id, "group_name": g.name, "area": g.area, **o}
                for g in self.groups for o in g.to_dict(lang)["organizations"]
            ]  # fmt: skip
        if name == "uncovered":
            return [{**x, "reason": x["reason"][i]} for x in self.uncovered]
        if name == "splits":
            return [
                {**s, "reason": s["reason"][i], "proposal": s["proposal"][i],
                 "parts": [{**p, "action": p["action"][i]} for p in s["parts"]]}
                for s in self.splits
            ]  # fmt: skip
        raise KeyError(name)

    def list_columns(self, name: str, lang: str = "zh") -> list[tuple[str, str]]:
        return headers(((k, LIST_COLUMNS[k]) for k in _LISTS[name]), lang)

    def findings(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """``{end, group_id, group_name, reason}`` per proposed member (for write-back)."""
        i = lang_index(lang)
        out = [
            {"end": c, "group_id": g.id, "group_name": g.name, "reason": r[i]}
            for g in self.groups for c, r in zip(g.codes, g.reasons, strict=True)
        ]  # fmt: skip
        for s in self.splits:
            for p in s["parts"]:
                for o in p["organizations"]:
                    out.append({"end": o["credit_code"], "group_id": p["part"],
                                "group_name": p["name"], "reason": p["action"][i]})  # fmt: skip
        return out

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph group --format json`` (see the README)."""
        return {
            "params": self.params,
            "totals": self.totals(),
            "areas": self.areas,
            "groups": [g.to_dict(lang) for g in self.groups],
            "uncovered": self.listing("uncovered", lang=lang),
            "splits": self.listing("splits", lang=lang),
        }

    def to_frame(self) -> Any:
        """One row per organization in a proposed group (pandas, for notebooks)."""
        import pandas as pd

        return pd.DataFrame(self.listing("members"))
