"""The result of a balancing run: the plan with its reasons (zh/en), before/after
statistics and unmet demand by street, as lists, tables, JSON and frames."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .model import DemandItem, Plan, Supplier, locality, reaches
from .streets import street_rows

_CLASS_WORDS: dict[str, tuple[str, str]] = {
    "key": ("重点单位", "key organization"),
    "weak": ("软弱涣散党组织", "weak party organization"),
    "must_build": ("应建未建单位", "must build its own"),
    "joint_candidate": ("联合组建对象", "joint-formation candidate"),
    "joint_branch": ("联合党支部", "joint branch"),
    "no_members": ("无党员单位", "no members"),
}

_ROLE = {"instructors": ("指导员", "instructor"), "pairings": ("成员单位", "member unit")}
_LOC = (("同街道", "same street"), ("同区县跨街道", "same district, another street"),
        ("跨区县", "another district"), ("市级统筹", "city-wide unit"))  # fmt: skip


_MEASURES: dict[str, tuple[str, str]] = {
    "demand": ("需求单位数", "demand"), "demand_weight": ("需求权重", "demand weight"),
    "served": ("已安排单位数", "served"), "served_weight": ("已安排权重", "served weight"),
    "key_demand": ("重点单位需求", "key demand"), "key_served": ("重点单位已安排", "key served"),
    "suppliers": ("人数/单位数", "suppliers"), "max_load": ("最大负荷", "max load"),
    "mean_load": ("平均负荷", "mean load"), "std_load": ("负荷标准差", "load std"),
    "gini": ("负荷基尼系数", "load Gini"), "over_capacity": ("超出能力", "over capacity"),
    "moves": ("调整(移出)", "moves"), "kept": ("保持不变", "kept"),
    "released": ("不再需要", "released"), "new": ("新安排", "new"),
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

        def block(served: Iterable[str], loads: Mapping[str, int]) -> dict[str, Any]:
            served = list(served)
            return {
                "demand": len(self.items),
                "demand_weight": sum(it.weight for it in self.items),
                "served": len(served),
                "served_weight": sum(by_id[i].weight for i in served),
                "key_demand": sum(it.key for it in self.items),
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
            self._streets = street_rows(self.suppliers, self.items, self.plan, self.extra)
        return self._streets

    # -- lists -----------------------------------------------------------------------------
    def assignments(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Who serves whom after the plan, and why (sorted by supplier, then item)."""
        i = 0 if lang == "zh" else 1
        p = self.plan
        role = _ROLE[self.kind][i]
        sup, by_id = self.by_supplier, self.by_item
        hub_min: dict[tuple[Any, ...], int] = defaultdict(lambda: 10**9)
        for s in self.suppliers:
            k = (s.reach, s.street, s.district)
            hub_min[k] = min(hub_min[k], p.load_after[s.id])
        out = []
        for iid, sid in sorted(p.assignment.items(), key=lambda x: (x[1], x[0])):
            s, it = sup[sid], by_id[iid]
            load = p.load_after[sid]
            loc = _loc_words(s, it)[i]
            if iid in p.kept:
                status = "kept"
                reason = (f"保持原{role}（{loc}），{role}负荷{load}/{s.capacity}家",
                          f"kept with its {role} ({loc}); load {load}/{s.capacity}")[i]  # fmt: skip
            else:
                status = "moved" if iid in p.moved else "new"
                lowest = load == hub_min[(s.reach, s.street, s.district)]
                cls = _CLASS_WORDS[it.klass][i]
                first = ("优先" if it.key else "", " first" if it.key else "")[i]
                low = ("、负荷最低", ", lowest load")[i] if lowest else ""
                reason = (f"{cls}{first}；{loc}{low}；{role}调整后负荷{load}/{s.capacity}家",
                          f"{cls}{first}; {loc}{low}; {role} load {load}/{s.capacity}")[i]  # fmt: skip
                if status == "moved":
                    reason += ("；" if i == 0 else "; ") + self._why(iid, lang)
            out.append({
                "supplier": sid, "supplier_name": s.name, "label": it.label,
                "key": it.id.partition(":")[2], "name": it.name, "street": it.street or "",
                "class": it.klass, "weight": it.weight, "status": status, "reason": reason,
                "previous": p.moved.get(iid, ("", None))[0] if status == "moved" else "",
            })  # fmt: skip
        return out

    def _why(self, iid: str, lang: str) -> str:
        i = 0 if lang == "zh" else 1
        p = self.plan
        role = _ROLE[self.kind][i]
        old, new = p.moved[iid]
        s, it = self.by_supplier[old], self.by_item[iid]
        n_in = sum(1 for x in s.existing if x in p.moved or x in p.kept)
        if not reaches(s, it.street, it.district):
            return (f"原{role}{old}超出就近范围", f"out of reach of {role} {old}")[i]
        if n_in > s.capacity:
            return (f"原{role}{old}指导{n_in}家、超出能力{s.capacity}家",
                    f"{role} {old} had {n_in}, over its capacity {s.capacity}")[i]  # fmt: skip
        if new is None:
            return (f"原{role}{old}的名额让给更优先的单位",
                    f"{role} {old}'s place went to a higher-priority unit")[i]  # fmt: skip
        ns = self.by_supplier[new]
        if locality(ns, it) < locality(s, it):
            loc = _loc_words(ns, it)[i]
            return (
                f"改由更近的{role}（{loc}），原{role}{old}",
                f"a closer {role} ({loc}) than {old}",
            )[i]
        return (f"均衡负荷：原{role}{old}负荷{p.load_before[old]}家",
                f"evening loads: {role} {old} had {p.load_before[old]}")[i]  # fmt: skip

    def changes(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        """Existing assignments the plan changes: moved, dropped, released."""
        i = 0 if lang == "zh" else 1
        p = self.plan
        role = _ROLE[self.kind][i]
        names = {it.id: it.name for it in self.items}
        out = []
        for iid, (old, new) in sorted(p.moved.items(), key=lambda x: (x[1][0], x[0])):
            out.append({"change": "moved" if new else "dropped", "label": iid.partition(":")[0],
                        "key": iid.partition(":")[2], "name": names[iid], "from": old,
                        "to": new or "", "reason": self._why(iid, lang)})  # fmt: skip
        for sid, iid, why in sorted(p.released):
            reason = (
                (f"已建立党组织或不再需要{role}", f"no longer needs a {role}")
                if why == "not_needed"
                else (f"已由其他{role}负责", f"already served by another {role}")
            )[i]
            out.append({"change": "released", "label": iid.partition(":")[0],
                        "key": iid.partition(":")[2], "name": "", "from": sid, "to": "",
                        "reason": reason})  # fmt: skip
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
            i = 0 if lang == "zh" else 1
            return [{"measure": _MEASURES[k][i], "before": st["before"].get(k, ""), "after": v}
                    for k, v in st["after"].items()]  # fmt: skip
        raise KeyError(name)

    def rows(self, lang: str = "zh") -> list[dict[str, Any]]:
        """The plan's assignments (the main table)."""
        return self.assignments(lang=lang)

    def columns(self, lang: str = "zh", name: str = "plan") -> list[tuple[str, str]]:
        """``(key, header)`` of the table ``name`` in ``lang``."""
        i = 0 if lang == "zh" else 1
        role = _ROLE[self.kind][i]
        words: dict[str, tuple[str, str]] = {
            "supplier": (f"{role}编号", f"{role} id"), "supplier_name": (f"{role}名称", f"{role} name")
            if self.kind == "pairings" else ("姓名", "name"), "label": ("类型", "label"),
            "key": ("统一社会信用代码/党组织编号", "credit code / party org"),
            "name": ("单位名称", "name"), "street": ("所属街道", "street"),
            "class": ("类别", "class"), "weight": ("权重", "weight"), "status": ("状态", "status"),
            "previous": (f"原{role}", f"previous {role}"), "reason": ("原因", "reason"),
            "change": ("调整", "change"), "from": (f"原{role}", f"from {role}"),
            "to": (f"新{role}", f"to {role}"), "demand": ("需求数", "demand"),
            "served": ("已安排", "served"), "unmet": ("未满足", "unmet"),
            "unmet_key": ("未满足重点单位", "unmet key"), "unmet_weight": ("未满足权重", "unmet weight"),
            "shortfall": (f"缺{role}(名)", f"{role}s short"),
            "extra_served": (f"增加1名{role}可多安排", f"one more {role} adds"),
            "extra_key": ("其中重点单位", "of which key"), "extra_weight": ("增加权重", "weight added"),
            "measure": ("指标", "measure"), "before": ("调整前", "before"), "after": ("调整后", "after"),
        }  # fmt: skip
        keys = {
            "plan": ("supplier", "supplier_name", "label", "key", "name", "street", "class",
                     "weight", "status", "previous", "reason"),
            "changes": ("change", "label", "key", "name", "from", "to", "reason"),
            "streets": ("street", "demand", "served", "unmet", "unmet_key", "unmet_weight",
                        "shortfall", "extra_served", "extra_key", "extra_weight"),
            "stats": ("measure", "before", "after"),
        }[name]  # fmt: skip
        return [(k, words[k][i]) for k in keys]

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


def _loc_words(s: Supplier, it: DemandItem) -> tuple[str, str]:
    if s.street is None and s.district is None and s.reach == "city":
        return _LOC[3]
    return _LOC[locality(s, it)]
