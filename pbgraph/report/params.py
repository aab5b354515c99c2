"""The rules a planner sets for the report (:class:`ReportParams`): the thresholds of every
analysis it runs, with the defaults of the commands that run them alone (``pbgraph
coverage``, ``balance``, ``group``, ``progress``, ``funds``), and their names in both
languages for the page and the workbook's 说明 sheet.

>>> p = ReportParams(max_units=4)
>>> p.coverage()["max_units"], p.grouping()["max_units"]
(4, 4)
>>> [r[0] for r in p.described("zh")][:3]
['组建党组织的正式党员数下限 N', '联合党支部最多单位数', '联合党支部最多党员数']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ..labels import Text, lang_index

__all__ = ["PARAM_WORDS", "ReportParams"]


@dataclass(frozen=True)
class ReportParams:
    """Every threshold the report's analyses take (the commands' options and defaults)."""

    min_members: int = 3  # coverage, balance, group, progress: --min-members
    max_units: int = 5  # coverage, group: --max-units
    max_members: int = 50  # coverage, group: --max-members
    denominator: str = "all"  # coverage: --denominator (all | eligible)
    capacity: int = 3  # balance instructors: --capacity
    pairing_capacity: int | None = None  # balance pairings: --capacity (None: by level)
    scope: str = "district"  # balance instructors: --scope
    within: str = "street"  # group: --within
    include_empty: bool = False  # group: --include-empty
    count_latent: bool = False  # group: --count-latent
    stale_days: int = 5  # progress: --stale-days
    behind: float = 0.5  # progress: --behind
    window: int = 14  # progress: --window
    budget: int = 10_000_000  # funds: --budget (yuan)
    new_org: int = 2_000  # funds: --new-org (yuan)
    demo_site: int = 100_000  # funds: --demo-site (yuan)

    def check(self) -> None:
        """Raise :class:`ValueError` for rules that contradict themselves or are unknown."""
        if self.denominator not in ("all", "eligible"):
            raise ValueError(f"denominator must be all or eligible, not {self.denominator!r}")
        if self.scope not in ("street", "district", "city"):
            raise ValueError(f"scope must be street, district or city, not {self.scope!r}")
        if self.within not in ("street", "district"):
            raise ValueError(f"within must be street or district, not {self.within!r}")
        if self.max_members < self.min_members:
            raise ValueError(
                "选项 --max-members 不能小于 --min-members (--max-members must be at least --min-members)"
            )

    def replace(self, **changes: Any) -> ReportParams:
        return dataclasses.replace(self, **changes)

    # -- the keywords of each analysis ------------------------------------------------------
    def coverage(self) -> dict[str, Any]:
        return {"denominator": self.denominator, "min_members": self.min_members,
                "max_units": self.max_units, "max_members": self.max_members}  # fmt: skip

    def instructors(self) -> dict[str, Any]:
        return {"capacity": self.capacity, "scope": self.scope, "min_members": self.min_members}

    def pairings(self) -> dict[str, Any]:
        return {"capacity": self.pairing_capacity, "min_members": self.min_members}

    def grouping(self) -> dict[str, Any]:
        return {"min_members": self.min_members, "max_units": self.max_units,
                "max_members": self.max_members, "within": self.within,
                "include_empty": self.include_empty, "count_latent": self.count_latent}  # fmt: skip

    def progress(self) -> dict[str, Any]:
        return {"stale_days": self.stale_days, "behind": self.behind, "window": self.window,
                "min_members": self.min_members}  # fmt: skip

    def funds(self) -> dict[str, Any]:
        return {"budget": self.budget, "new_org": self.new_org, "demo_site": self.demo_site}

    # -- as the page and the workbook state them ---------------------------------------------
    def described(self, lang: str = "zh") -> list[tuple[str, str, str]]:
        """``(name, value, option)`` of every parameter in ``lang``, the value as text
        (``默认`` marked where it is the default), in the order of :data:`PARAM_WORDS`."""
        i = lang_index(lang)
        default = ReportParams()
        out = []
        for name, (words, option) in PARAM_WORDS.items():
            value = getattr(self, name)
            text = _value_text(name, value, i)
            if value == getattr(default, name):
                text += ("（默认）", " (default)")[i]
            out.append((words[i], text, option))
        return out


def _value_text(name: str, value: Any, i: int) -> str:
    if value in VALUE_WORDS.get(name, {}):
        return VALUE_WORDS[name][value][i]
    if isinstance(value, bool):
        return ("是", "yes")[i] if value else ("否", "no")[i]
    if name == "behind":
        return f"{value:.0%}"
    if isinstance(value, int) and value >= 10_000:
        return f"{value:,}"
    return str(value)


#: Every parameter: its name in both languages and the option that sets it.
PARAM_WORDS: dict[str, tuple[Text, str]] = {
    "min_members": (("组建党组织的正式党员数下限 N", "formal members from which a unit builds its own (N)"), "--min-members"),
    "max_units": (("联合党支部最多单位数", "units one joint branch may cover"), "--max-units"),
    "max_members": (("联合党支部最多党员数", "members one joint branch may have"), "--max-members"),
    "denominator": (("组织覆盖率的分母", "denominator of the coverage rate"), "--denominator"),
    "capacity": (("指导员默认指导能力（家）", "an instructor's default capacity"), "--capacity"),
    "pairing_capacity": (("成员单位默认包挂能力（家）", "a member unit's default capacity"), "--pairing-capacity"),
    "scope": (("指导员可指导的范围", "how far an instructor may go"), "--scope"),
    "within": (("联合组建的范围", "joint branches stay within"), "--within"),
    "include_empty": (("无党员单位可随同编入", "units without members may join"), "--include-empty"),
    "count_latent": (("组织关系在外的党员计入所在单位", "members held elsewhere count for their employer"), "--count-latent"),
    "stale_days": (("连续未报备天数达此即标记", "days without a report before a street is flagged"), "--stale-days"),
    "behind": (("走访进度低于全市的比例即标记", "share of the city's pace below which a street is flagged"), "--behind"),
    "window": (("趋势比较的天数", "days of the trend window"), "--window"),
    "budget": (("年度预算（元）", "the year's budget (yuan)"), "--budget"),
    "new_org": (("每个新建党组织启动经费（元）", "start-up fund per new party organization (yuan)"), "--new-org"),
    "demo_site": (("每个示范点经费（元）", "fund per demonstration site (yuan)"), "--demo-site"),
}  # fmt: skip

#: The words of the parameters whose values are words.
VALUE_WORDS: dict[str, dict[Any, Text]] = {
    "denominator": {"all": ("全部两新组织", "all organizations"),
                    "eligible": ("正式党员达 N 名的单位", "those with >= N formal members")},
    "pairing_capacity": {None: ("按平台层级：市10、区6、街道4、社区2", "by platform level: city 10, district 6, street 4, community 2")},
    "scope": {"street": ("本街道", "own street"), "district": ("本区县", "own district"),
              "city": ("全市", "the whole city")},
    "within": {"street": ("同一街道", "one street"), "district": ("同一区县", "one district")},
}  # fmt: skip
