"""The result of a balancing run: the plan with its reasons (zh/en), before/after
statistics and unmet demand by street, as lists, tables, JSON and frames."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...labels import Text, lang_index, pick
from ...labels.balance import (
    ASSIGNED,
    CITY_WIDE,
    CLASS,
    COLUMNS,
    KEPT,
    KEY_FIRST,
    LOCALITY,
    LOWEST_LOAD,
    MEASURES,
    MOVED,
    RELEASED,
    ROLE,
    SEP,
    SUPPLIER_NAME,
)
from .model import DemandItem, Plan, Supplier, locality, reaches
from .streets import street_rows

#: the columns of each table, in order
_TABLES: dict[str, tuple[str, ...]] = {
    "plan": ("supplier", "supplier_name", "label", "key", "name", "street", "class",
             "weight", "status", "previous", "reason"),
    "changes": ("change", "label", "key", "name", "from", "to", "reason"),
    "streets": ("street", "demand", "served", "unmet", "unmet_key", "unmet_weight",
                "shortfall", "extra_served", "extra_key", "extra_weight"),
    "stats": ("measure", "before", "after"),
}  # fmt: skip


def load_stats(loads: Sequence[int]) -> dict[str, float]:
    """Max, mean, standard deviation and Gini coefficient of a list of loads.

    >>> load_stats([0, 2, 2, 4])
    {'suppliers': 4, 'max_load': 4, 'mean_load': 2.0, 'std_load': 1.4142, 'gini': 0.375}
    """
    a = np.asarray(sorted(loads), dtype=float)
    n = a.size
    if n == 0 or a.sum() == 0:
        return {"suppliers": n, "max_load": 0, "mean_load": 0.0, "std_load": 0.0, "gini": 0.0}
    gini = float((2 * np.arange(1, n + 1) - n - 1) @ a / (n * a.sum()))
    return {"suppliers": n, "max_load": int(a.max()), "mean_load": round(float(a.mean()), 4),
            "std_load": round(float(a.std()), 4), "gini": round(gini, 4)}  # fmt: skip


@dataclass
class BalanceResult:
    """A plan with its reasons, before/after statistics and unmet demand by street."""

    kind: str  # instructors | pairings
    params: dict[str, Any]
    suppliers: list[Supplier]
    items: list[DemandItem]
    plan: Plan
    extra: Supplier  # the supplier "one more in each street" would be
    _streets: list[dict[str, Any]] | None = field(default=None, repr=False)
    by_supplier: dict[str, Supplier] = field(init=False, repr=False)
    by_item: dict[str, DemandItem] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_supplier = {s.id: s for s in self.suppliers}
        self.by_item = {it.id: it for it in self.items}

    @property
    def exact(self) -> bool:
        return self.plan.exact

    # -- numbers ---------------------------------------------------------------------------
    def stats(self) -> dict[str, dict[str, Any]]:
        """``{"before": {...}, "after": {...}}``: demand, served count and weight, key
        served, loads (max, mean, std, Gini), suppliers over capacity; moves after."""
        p = self.plan
        by_id = self.by_item
        before_served = {i for s in self.suppliers for i in s.existing if i in by_id}
        cap = {s.id: s.capacity for s in self.suppliers}
        demand_weight = sum([it.weight for it in self.items])  # once: 160 000 in a city
        key_demand = sum([it.key for it in self.items])

        def block(served: Iterable[str], loads: Mapping[str, int]) -> dict[str, Any]:
            served = list(served)
            return {
                "demand": len(self.items),
                "demand_weight": demand_weight,
                "served": len(served),
                "served_weight": sum(by_id[i].weight for i in served),
                "key_demand": key_demand,
                "key_served": sum(by_id[i].key for i in served),
                **load_stats(list(loads.values())),
                "over_capacity": sum(v > cap[k] for k, v in loads.items()),
            }

        after = block(p.assignment, p.load_after)
        after |= {"moves": p.moves, "kept": len(p.kept), "released": len(p.released),
                  "new": len(p.assignment) - len(p.kept) - sum(
                      1 for i in p.moved if p.moved[i][1] is not None)}  # fmt: skip
        return {"before": block(before_served, p.load_before), "after": after}

    def loads(self) -> tuple[list[int], list[int]]:
        """Loads of every supplier before and after (for the histogram)."""
        ids = [s.id for s in self.suppliers]
        return [self.plan.load_before[i] for i in ids], [self.plan.load_after[i] for i in ids]

    def streets(self) -> list[dict[str, Any]]:
        """Unmet demand by street (most unmet first): demand, served, unmet (count, key,
        weight), the shortfall in suppliers (unmet ÷ the default capacity, rounded up) and
        what one more supplier based in the street would add (``extra_*``)."""
        if self._streets is None:
            self._streets = street_rows(self.suppliers, self.items, self.plan, self.extra,
                                        self.by_item)  # fmt: skip
        return self._streets

    # -- lists -----------------------------------------------------------------------------
    def assignments(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Who serves whom after the plan, and why (sorted by supplier, then item)."""
        i = lang_index(lang)
        p = self.plan
        role = ROLE[self.kind][i]
        sup, by_id = self.by_supplier, self.by_item
        hub_min: dict[tuple[Any, ...], int] = defaultdict(lambda: 10**9)
        for s in self.suppliers:
            k = s.hub
            hub_min[k] = min(hub_min[k], p.load_after[s.id])
        out = []
        for iid, sid in sorted(p.assignment.items(), key=lambda x: (x[1], x[0])):
            s, it = sup[sid], by_id[iid]
            load = p.load_after[sid]
            loc = _loc_words(s, it)[i]
            if iid in p.kept:
                status = "kept"
                reason = KEPT[i].format(role=role, loc=loc, load=load, capacity=s.capacity)
            else:
                status = "moved" if iid in p.moved else "new"
                lowest = load == hub_min[s.hub]
                reason = ASSIGNED[i].format(
                    cls=CLASS[it.klass][i], first=KEY_FIRST[i] if it.key else "", loc=loc,
                    low=LOWEST_LOAD[i] if lowest else "", role=role, load=load,
                    capacity=s.capacity,
                )  # fmt: skip
                if status == "moved":
                    reason += SEP[i] + self._why(iid, lang)
            out.append({
                "supplier": sid, "supplier_name": s.name, "label": it.label,
                "key": it.id.partition(":")[2], "name": it.name, "street": it.street or "",
                "class": it.klass, "weight": it.weight, "status": status, "reason": reason,
                "previous": p.moved.get(iid, ("", None))[0] if status == "moved" else "",
            })  # fmt: skip
        return out

    def _why(self, iid: str, lang: str) -> str:
        """Why the existing assignment of ``iid`` moved (or was dropped), in ``lang``."""
        i = lang_index(lang)
        p = self.plan
        old, new = p.moved[iid]
        s, it = self.by_supplier[old], self.by_item[iid]
        n_in = sum(1 for x in s.existing if x in p.moved or x in p.kept)
        loc = ""
        if not reaches(s, it.street, it.district):
            code = "out_of_reach"
        elif n_in > s.capacity:
            code = "over_capacity"
        elif new is None:
            code = "displaced"
        elif locality(self.by_supplier[new], it) < locality(s, it):
            code, loc = "closer", _loc_words(self.by_supplier[new], it)[i]
        else:
            code = "evening"
        return MOVED[code][i].format(role=ROLE[self.kind][i], old=old, n=n_in,
                                     capacity=s.capacity, loc=loc, load=p.load_before[old])  # fmt: skip

    def changes(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Existing assignments the plan changes: moved, dropped, released."""
        p = self.plan
        role = pick(ROLE[self.kind], lang)
        by_id = self.by_item
        out = []
        for iid, (old, new) in sorted(p.moved.items(), key=lambda x: (x[1][0], x[0])):
            out.append({"change": "moved" if new else "dropped", "label": iid.partition(":")[0],
                        "key": iid.partition(":")[2], "name": by_id[iid].name, "from": old,
                        "to": new or "", "reason": self._why(iid, lang)})  # fmt: skip
        for sid, iid, why in sorted(p.released):
            out.append({"change": "released", "label": iid.partition(":")[0],
                        "key": iid.partition(":")[2], "name": "", "from": sid, "to": "",
                        "reason": pick(RELEASED[why], lang).format(role=role)})  # fmt: skip
        return out

    def listing(self, name: str, *, lang: str = "zh") -> list[dict[str, Any]]:
        """``plan`` (the assignments), ``changes``, ``streets`` or ``stats`` as rows."""
        if name == "plan":
            return self.assignments(lang=lang)
        if name == "changes":
            return self.changes(lang=lang)
        if name == "streets":
            return self.streets()
        if name == "stats":
            st = self.stats()
            i = lang_index(lang)
            return [{"measure": MEASURES[k][i], "before": st["before"].get(k, ""), "after": v}
                    for k, v in st["after"].items()]  # fmt: skip
        raise KeyError(name)

    def rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """The plan's assignments (the main table)."""
        return self.assignments(lang=lang)

    def columns(self, lang: str = "zh", name: str = "plan") -> list[tuple[str, str]]:
        """``(key, header)`` of the table ``name`` in ``lang``."""
        i = lang_index(lang)
        role = ROLE[self.kind][i]
        words = {**COLUMNS, "supplier_name": SUPPLIER_NAME[self.kind]}
        return [(k, words[k][i].format(role=role)) for k in _TABLES[name]]

    def findings(self) -> list[dict[str, Any]]:
        """The plan as write-back rows ``{label, end, supplier, reason, kept}``."""
        return [
            {"label": a["label"], "end": a["key"], "supplier": a["supplier"],
             "reason": a["reason"], "kept": a["status"] == "kept"}
            for a in self.assignments()
        ]  # fmt: skip

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph balance --format json`` (docs/commands/balance.md)."""
        return {
            "kind": self.kind, "params": self.params, "exact": self.exact,
            "stats": self.stats(), "plan": self.assignments(lang=lang),
            "changes": self.changes(lang=lang), "streets": self.streets(),
        }  # fmt: skip

    def to_frame(self, name: str = "plan", *, lang: str = "zh") -> Any:
        """A table of :meth:`listing` as a pandas DataFrame (for notebooks)."""
        import pandas as pd

        return pd.DataFrame(self.listing(name, lang=lang))


def _loc_words(s: Supplier, it: DemandItem) -> Text:
    if s.street is None and s.district is None and s.reach == "city":
        return CITY_WIDE
    return LOCALITY[locality(s, it)]
