"""What the report shows, as plain data: the analyses run once on the graph, and the tables
(:class:`Sheet`) the workbook, the CSV summary and the HTML page are made of. Nothing here
draws or renders.

Every table is the table a command prints: the same ``result.columns(lang, …)`` give the
headers, and the same rows, so personal data is masked the same way (instructors by masked
name, members by pseudonym only).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..analyses.balance import BalanceResult, balance_instructors, balance_pairings
from ..analyses.coverage import CATEGORIES, FLAGS, CoverageResult, coverage
from ..analyses.funds import FundsResult, funds
from ..analyses.grouping import GroupingResult, group
from ..analyses.progress import ProgressResult
from ..analyses.progress import progress as visit_progress

__all__ = [
    "LIST_WORDS",
    "Analyses",
    "ReportData",
    "Sheet",
    "build",
    "flag_rows",
    "list_columns",
    "progress_by_district",
    "uncovered_rows",
]

#: Headers of the columns of an organization list (``pbgraph coverage --list``, the report's
#: sheets of uncovered and flagged organizations): the ledgers' words, and English.
LIST_WORDS = {
    "credit_code": ("统一社会信用代码", "credit code"),
    "name": ("单位名称", "name"),
    "district": ("所属区县", "district"),
    "street": ("所属街道", "street"),
    "category": ("覆盖类别", "category"),
    "party_org": ("党组织编号", "party org id"),
    "party_org_name": ("党组织名称", "party org name"),
    "reason": ("原因", "reason"),
    "latent_members": ("组织关系在外的党员(假名)", "members held elsewhere (pseudonyms)"),
}
_UNCOVERED = ("credit_code", "name", "district", "street", "category", "reason")
_PCT = ("rate", "own_rate")


@dataclass
class Sheet:
    """A table of the report: its sheet name, ``(key, header)`` columns and rows (dicts)."""

    name: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, Any]]
    percent: tuple[str, ...] = field(default=())

    @property
    def headers(self) -> list[str]:
        return [h for _, h in self.columns]

    def values(self, *, text: bool = False) -> list[list[Any]]:
        """Rows as lists; ``text``: rates as ``57.5%`` (for HTML and text tables)."""
        pct = set(self.percent) if text else set()
        return [
            [f"{r[k]:.1%}" if k in pct and isinstance(r.get(k), float) else r.get(k, "")
             for k, _ in self.columns]
            for r in self.rows
        ]  # fmt: skip


def list_columns(result: CoverageResult, name: str, lang: str = "zh") -> list[tuple[str, str]]:
    """``(key, header)`` of the list of one category or flag (``pbgraph coverage --list``):
    credit code, name and area of an organization (a party organization's id and name for
    ``weak_no_instructor``/``joint_over_limits``), the reason, and the members held
    elsewhere for ``latent``."""
    i = 0 if lang == "zh" else 1
    po = name in ("weak_no_instructor", "joint_over_limits")
    area = dict(result.columns("zh"))["group"], dict(result.columns("en"))["group"]
    words = {**LIST_WORDS, "group": (f"所属{area[0]}", area[1])}
    if po:
        words["name"] = LIST_WORDS["party_org_name"]
    first = ("party_org", "name") if po else ("credit_code", "name", "group")
    cols = [(k, words[k][i]) for k in (*first, "reason")]
    if name == "latent":
        cols.append(("latent_members", words["latent_members"][i]))
    return cols


def uncovered_rows(result: CoverageResult, *, lang: str = "zh") -> list[list[Any]]:
    """One row per uncovered organization (must build first), with its reason.

    ``result`` must be grouped by street (``coverage(G, by="street")``).
    """
    i = 0 if lang == "zh" else 1
    rows = []
    for cat in ("must_build", "joint_candidate", "no_members"):
        for x in result.listing(cat, lang=lang):
            district, _, street = x["group"].partition("/")
            rows.append(
                [x["credit_code"], x["name"], district, street, CATEGORIES[cat][i], x["reason"]]
            )
    return rows


def flag_rows(result: CoverageResult, *, lang: str = "zh") -> Sheet:
    """The organizations and party organizations coverage flags (key without pairing,
    latent members, grown out of a joint branch, weak without instructor, joint branch over
    the limits), each with its reason; members appear by pseudonym only."""
    i = 0 if lang == "zh" else 1
    rows = []
    for flag, words in FLAGS.items():
        for x in result.listing(flag, lang=lang):
            rows.append({
                "flag": words[i], "key": x.get("credit_code") or x.get("party_org", ""),
                "name": x["name"], "group": x.get("group", ""), "reason": x["reason"],
                "latent_members": "；".join(x.get("latent_members", [])),
            })  # fmt: skip
    cols = [("flag", ("标记", "flag")), ("key", ("统一社会信用代码/党组织编号", "credit code / party org")),
            ("name", ("名称", "name")), ("group", ("所属区域", "area")), ("reason", LIST_WORDS["reason"]),
            ("latent_members", LIST_WORDS["latent_members"])]  # fmt: skip
    return Sheet(("重点标记", "flags")[i], [(k, w[i]) for k, w in cols], rows)


def progress_by_district(prog: ProgressResult) -> ProgressResult:
    """The same progress summed per district (the street rows are already computed)."""
    return dataclasses.replace(prog, by="district")


@dataclass
class Analyses:
    """The results the report is made of (what its charts are drawn from)."""

    by_district: CoverageResult
    by_street: CoverageResult
    instructors: BalanceResult
    pairings: BalanceResult
    grouping: GroupingResult
    progress: ProgressResult
    funds: FundsResult


@dataclass
class ReportData:
    """Everything the report shows but its charts: the workbook's sheets in order, the tables
    and figures only the HTML page shows."""

    lang: str
    results: Analyses
    sheets: list[Sheet]
    coverage_by_district: Sheet
    coverage_by_street: Sheet
    load_stats: dict[str, Sheet]  # instructor / pairing: their load before and after
    visits_by_district: Sheet
    flagged: Sheet
    totals: dict[str, Any]  # of the city's coverage
    grouping_totals: dict[str, Any]
    splits: int  # joint branches to split
    funds_reason: str


def run_analyses(
    G: nx.MultiDiGraph, *, min_members: int = 3, say: Callable[[str], None] = lambda _m: None
) -> Analyses:
    """Coverage by district and by street, both balancing plans, the joint-formation
    proposals, visit progress by street and funds; ``say`` names each step."""
    say("coverage")
    by_district = coverage(G, by="district", min_members=min_members)
    by_street = coverage(G, by="street", min_members=min_members)
    say("balancing instructors and pairings")
    inst = balance_instructors(G, min_members=min_members)
    pair = balance_pairings(G, min_members=min_members)
    say("joint-formation proposals")
    grouping = group(G, min_members=min_members)
    say("progress and funds")
    prog = visit_progress(G, by="street", min_members=min_members, coverage_result=by_street)
    return Analyses(by_district, by_street, inst, pair, grouping, prog, funds(G))


def build(
    G: nx.MultiDiGraph,
    *,
    lang: str = "zh",
    min_members: int = 3,
    say: Callable[[str], None] = lambda _m: None,
) -> ReportData:
    """Run the analyses on ``G`` and make the report's tables in ``lang``."""
    a = run_analyses(G, min_members=min_members, say=say)
    i = 0 if lang == "zh" else 1
    cov_d = Sheet(("区县覆盖情况", "coverage by district")[i], a.by_district.columns(lang),
                  a.by_district.rows(), _PCT)  # fmt: skip
    cov_s = Sheet(("街道覆盖情况", "coverage by street")[i], a.by_street.columns(lang),
                  a.by_street.rows(), _PCT)  # fmt: skip
    unc_h = [LIST_WORDS[k][i] for k in _UNCOVERED]
    unc = Sheet(
        ("未覆盖单位", "uncovered")[i],
        [(h, h) for h in unc_h],
        [dict(zip(unc_h, r, strict=True)) for r in uncovered_rows(a.by_street, lang=lang)],
    )
    visits = _progress_sheets(a.progress, a.funds, lang)
    by_d = progress_by_district(a.progress)
    sheets = [cov_d, cov_s, unc, flag_rows(a.by_street, lang=lang),
              *_balance_sheets(a.instructors, lang), *_balance_sheets(a.pairings, lang),
              *_grouping_sheets(a.grouping, lang), *visits]  # fmt: skip
    return ReportData(
        lang=lang,
        results=a,
        sheets=sheets,
        coverage_by_district=cov_d,
        coverage_by_street=cov_s,
        load_stats={
            "instructor": _stats_sheet(a.instructors, lang),
            "pairing": _stats_sheet(a.pairings, lang),
        },
        visits_by_district=Sheet("", by_d.columns(lang), by_d.table(lang=lang)),
        flagged=visits[1],
        totals=a.by_district.totals(),
        grouping_totals=a.grouping.totals(),
        splits=len(a.grouping.splits),
        funds_reason=a.funds.reason(lang=lang),
    )


def _stats_sheet(result: BalanceResult, lang: str) -> Sheet:
    return Sheet("", result.columns(lang, "stats"), result.listing("stats", lang=lang))


def _balance_sheets(result: BalanceResult, lang: str) -> list[Sheet]:
    i = 0 if lang == "zh" else 1
    who = {"instructors": ("指导员", "instructor "), "pairings": ("包挂", "pairing ")}[result.kind][
        i
    ]
    names = {"plan": ("安排", "plan"), "changes": ("调整", "changes"),
             "streets": ("街道缺口", "shortfall"), "stats": ("负荷统计", "stats")}  # fmt: skip
    return [
        Sheet(f"{who}{names[s][i]}", result.columns(lang, s), result.listing(s, lang=lang))
        for s in ("plan", "changes", "streets", "stats")
    ]


def _grouping_sheets(result: GroupingResult, lang: str) -> list[Sheet]:
    """The tables of ``pbgraph group`` (the summary per street, then each ``--list``)."""
    i = 0 if lang == "zh" else 1
    rows = [{**r, "method": result.method_label(r["method"], lang) if r["method"] else ""}
            for r in result.rows()]  # fmt: skip
    out = [Sheet(("联合组建建议", "joint formation")[i], result.columns(lang), rows)]
    names = {"groups": ("建议联合支部", "groups"), "members": ("编入单位", "members"),
             "uncovered": ("未能编入", "left out"), "splits": ("拆分建议", "splits")}  # fmt: skip
    for name, words in names.items():
        out.append(
            Sheet(words[i], result.list_columns(name, lang), result.listing(name, lang=lang))
        )
    return out


def _progress_sheets(prog: ProgressResult, money: FundsResult, lang: str) -> list[Sheet]:
    """Progress per street, the flagged streets with reasons, funds per district: the
    sheets ``pbgraph progress`` / ``progress --flagged`` / ``funds`` write."""
    i = 0 if lang == "zh" else 1
    return [
        Sheet(("工作进度", "progress")[i], prog.columns(lang), prog.table(lang=lang, pct=False),
              percent=("share",)),
        Sheet(("需关注街道", "flagged")[i], prog.flag_columns(lang), prog.flagged(lang=lang)),
        Sheet(("经费测算", "funds")[i], money.columns(lang), money.rows(), percent=("budget_share",)),
    ]  # fmt: skip
