"""What the report shows, as plain data: the analyses run once on the graph (or on the
store's tables: :func:`inputs` names what the report reads), and the tables (:class:`Sheet`)
the workbook, the CSV summary and the HTML page are made of. Nothing here draws or renders.

Every table is the table a command prints: the same ``result.columns(lang, …)`` give the
headers, and the same rows, so personal data is masked the same way (instructors by masked
name, members by pseudonym only).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import networkx as nx

from .. import views
from ..analyses import balance, funds, grouping, progress
from ..analyses import coverage as cov
from ..analyses.balance import BalanceResult, balance_instructors, balance_pairings
from ..analyses.coverage import UNCOVERED_CATEGORIES, CoverageResult, coverage
from ..analyses.funds import FundsResult
from ..analyses.grouping import GroupingResult, group
from ..analyses.places import merge_inputs
from ..analyses.progress import ProgressResult
from ..analyses.progress import progress as visit_progress
from ..graphmodel.regioncode import street_place
from ..graphmodel.tables import Tables
from ..labels import columns as label_columns
from ..labels import lang_index, pick
from ..labels.balance import CHANGE, CLASS, NODE_LABELS, STATUS
from ..labels.coverage import CATEGORIES, FLAGS, GROUP_BY, LIST_GROUP, LIST_WORDS, RATE_HEADER
from ..labels.report import (
    BALANCE_SHEETS,
    BALANCE_WHO,
    FLAG_COLUMNS,
    GROUPING_SHEETS,
    SHEETS,
)
from ..parallel import beside
from . import lines as lines_report
from . import services as services_report
from . import welfare as welfare_report
from .about import data_date
from .params import ReportParams

__all__ = [
    "LIST_WORDS",
    "Analyses",
    "LazySheet",
    "ReportData",
    "ReportParams",
    "Sheet",
    "build",
    "flag_rows",
    "inputs",
    "list_columns",
    "progress_by_district",
    "uncovered_rows",
]

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

    def values(self, *, text: bool = False, blank: Any = "") -> list[list[Any]]:
        """Rows as lists (``blank`` where a row has no such key: ``None`` for a workbook,
        no cell, as a command's ``--format xlsx`` writes it); ``text``: rates as ``57.5%``
        (for HTML and text tables)."""
        keys = [k for k, _ in self.columns]
        blanks = [blank] * len(keys)
        rows = [list(map(r.get, keys, blanks)) for r in self.rows]  # C-fast: 200 000 rows
        pct = [j for j, k in enumerate(keys) if k in self.percent] if text else []
        for row in rows if pct else ():
            for j in pct:
                if isinstance(row[j], float):
                    row[j] = f"{row[j]:.1%}"
        return rows


class LazySheet(Sheet):
    """A sheet whose rows are made when first read: the workbook's long lists, which only
    the process writing the workbook reads (:mod:`pbgraph.parallel`)."""

    def __init__(self, name: str, columns: list[tuple[str, str]],
                 make_rows: Callable[[], list[dict[str, Any]]],
                 percent: tuple[str, ...] = ()) -> None:  # fmt: skip
        self._make: Callable[[], list[dict[str, Any]]] | None = make_rows
        self._rows: list[dict[str, Any]] | None = None
        super().__init__(name, columns, [], percent)

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            assert self._make is not None
            self._rows, self._make = self._make(), None
        return self._rows

    @rows.setter
    def rows(self, rows: list[dict[str, Any]]) -> None:
        if self._make is None:  # (Sheet.__init__ sets the empty list the rows replace)
            self._rows = rows


def list_columns(result: CoverageResult, name: str, lang: str = "zh") -> list[tuple[str, str]]:
    """``(key, header)`` of the list of one category or flag (``pbgraph coverage --list``):
    credit code, name and area of an organization (a party organization's id and name for
    ``weak_no_instructor``/``joint_over_limits``), the reason, and the members held
    elsewhere for ``latent``."""
    po = name in ("weak_no_instructor", "joint_over_limits")
    area = pick(LIST_GROUP, lang).format(area=pick(GROUP_BY[result.by], lang))
    words = {k: pick(w, lang) for k, w in LIST_WORDS.items()} | {"group": area}
    if po:
        words["name"] = words["party_org_name"]
    first = ("party_org", "name") if po else ("credit_code", "name", "group")
    keys = (*first, "reason", *(("latent_members",) if name == "latent" else ()))
    return [(k, words[k]) for k in keys]


def uncovered_rows(result: CoverageResult, *, lang: str = "zh") -> list[list[Any]]:
    """One row per uncovered organization (must build first), with its reason.

    ``result`` must be grouped by street (``coverage(G, by="street")``).
    """
    i = lang_index(lang)
    rows = []
    for cat in UNCOVERED_CATEGORIES:
        for x in result.listing(cat, lang=lang):
            place = street_place(x["group"])  # the district 枣庄市/市中区 where there are cities
            rows.append([x["credit_code"], x["name"], place.district_code, place.street,
                         CATEGORIES[cat][i], x["reason"]])  # fmt: skip
    return rows


def flag_rows(result: CoverageResult, *, lang: str = "zh") -> Sheet:
    """The organizations and party organizations coverage flags (key without pairing,
    latent members, grown out of a joint branch, weak without instructor, joint branch over
    the limits), each with its reason; members appear by pseudonym only."""
    i = lang_index(lang)
    rows = []
    for flag, words in FLAGS.items():
        for x in result.listing(flag, lang=lang):
            rows.append({
                "flag": words[i], "key": x.get("credit_code") or x.get("party_org", ""),
                "name": x["name"], "group": x.get("group", ""), "reason": x["reason"],
                "latent_members": "；".join(x.get("latent_members", [])),
            })  # fmt: skip
    cols = {**FLAG_COLUMNS, "reason": LIST_WORDS["reason"],
            "latent_members": LIST_WORDS["latent_members"]}  # fmt: skip
    return Sheet(SHEETS["flags"][i], label_columns(cols, lang), rows)


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
    params: ReportParams
    data_date: dt.date | None  # the latest date the ledgers carry (数据截至)
    data_source: str  # where it comes from: visits, founded, designated (about.data_date)
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


#: What the charts read besides the analyses: the organizations' coordinates (the maps),
#: one street's network (buildings, party organizations, instructors and member units, named;
#: every node linked to an organization, for the layout of a street without coordinates).
_CHARTS: dict[str, Any] = {
    "labels": ["Organization", "Building", "Instructor", "MemberUnit"],
    "rels": ["IN_BUILDING_Organization_Building", "COVERS_PartyOrg_Organization",
             "GUIDES_Instructor_Organization", "GUIDES_Instructor_PartyOrg",
             "PAIRED_WITH_MemberUnit_Organization", "VISITED_VisitReport_Organization",
             "SITE_OF_DemoSite_Organization"],
    "props": {"Organization": ["lon", "lat"], "Building": ["name"],
              "Instructor": ["name_masked"], "MemberUnit": ["name"]},
}  # fmt: skip


def inputs(params: ReportParams | None = None) -> dict[str, Any]:
    """What the report reads: the arguments of ``store.tables`` (the union of what its
    analyses and its charts read, with ``params``), so that
    ``build(store.tables(**inputs(p)), params=p)`` is the report of ``store.graph()``."""
    p = params or ReportParams()
    return merge_inputs(
        cov.inputs("district"), cov.inputs("street"), balance.inputs("instructors"),
        balance.inputs("pairings"), grouping.inputs(within=p.within, count_latent=p.count_latent),
        progress.inputs(), funds.inputs(), _CHARTS, views.inputs(),
        lines_report.inputs(),  # issue 20, helper A
        services_report.inputs(),  # issue 20, helper B
        welfare_report.inputs(),  # issue 20, helper C
    )  # fmt: skip


def run_analyses(
    G: nx.MultiDiGraph | Tables,
    params: ReportParams | None = None,
    *,
    say: Callable[[str], None] = lambda _m: None,
) -> Analyses:
    """Coverage by district and by street, both balancing plans, the joint-formation
    proposals, visit progress by street and funds, on a graph or on the store's tables
    (``store.tables(**inputs(params))``), each with its thresholds from ``params``; ``say``
    names each step. The pairing plan and the proposals are made in a child process
    meanwhile (:func:`~pbgraph.report.parallel.beside`)."""
    p = params or ReportParams()
    p.check()
    # the pairing plan and the proposals in a child process, the rest here: two cores
    others = beside(lambda: (balance_pairings(G, **p.pairings()), group(G, **p.grouping())))
    say("coverage")
    by_district = coverage(G, by="district", **p.coverage())
    by_street = coverage(G, by="street", **p.coverage())
    say("balancing instructors and pairings")
    inst = balance_instructors(G, **p.instructors())
    say("progress and funds")
    prog = visit_progress(G, by="street", coverage_result=by_street, **p.progress())
    money = funds.funds(G, **p.funds())
    say("joint-formation proposals")
    pair, proposals = others()
    return Analyses(by_district, by_street, inst, pair, proposals, prog, money)


def build(
    G: nx.MultiDiGraph | Tables,
    *,
    lang: str = "zh",
    params: ReportParams | None = None,
    say: Callable[[str], None] = lambda _m: None,
    **rules: Any,
) -> ReportData:
    """Run the analyses on ``G`` (a graph, or the tables :func:`inputs` names) with the
    thresholds ``params`` (or :class:`ReportParams` fields as keywords: ``min_members=4``)
    and make the report's tables in ``lang``."""
    p = (params or ReportParams()).replace(**rules)
    a = run_analyses(G, p, say=say)
    i = lang_index(lang)
    cov_d = Sheet(SHEETS["coverage_by_district"][i], _coverage_columns(a.by_district, p, lang),
                  a.by_district.rows(), _PCT)  # fmt: skip
    cov_s = Sheet(SHEETS["coverage_by_street"][i], _coverage_columns(a.by_street, p, lang),
                  a.by_street.rows(), _PCT)  # fmt: skip
    unc_h = [LIST_WORDS[k][i] for k in _UNCOVERED]
    unc = LazySheet(
        SHEETS["uncovered"][i],
        [(h, h) for h in unc_h],
        lambda: [dict(zip(unc_h, r, strict=True)) for r in uncovered_rows(a.by_street, lang=lang)],
    )
    visits = _progress_sheets(a.progress, a.funds, lang)
    by_d = progress_by_district(a.progress)
    sheets = [cov_d, cov_s, unc, flag_rows(a.by_street, lang=lang),
              *_balance_sheets(a.instructors, lang), *_balance_sheets(a.pairings, lang),
              *_grouping_sheets(a.grouping, lang), *visits,
              *lines_report.sheets(G, lang, p.min_members),
              *services_report.sheets(G, lang, p.min_members),
              *welfare_report.sheets(G, lang)]  # fmt: skip
    date, source = data_date(G)
    return ReportData(
        lang=lang,
        params=p,
        data_date=date,
        data_source=source,
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


def _coverage_columns(result: CoverageResult, p: ReportParams, lang: str) -> list[tuple[str, str]]:
    """The columns ``pbgraph coverage`` prints: the rate's header states its denominator."""
    rate = pick(RATE_HEADER[p.denominator], lang).format(n=p.min_members)
    return [(k, rate if k == "rate" else h) for k, h in result.columns(lang)]


def _stats_sheet(result: BalanceResult, lang: str) -> Sheet:
    return Sheet("", result.columns(lang, "stats"), result.listing("stats", lang=lang))


def _balance_sheets(result: BalanceResult, lang: str) -> list[Sheet]:
    who = pick(BALANCE_WHO[result.kind], lang)
    return [
        LazySheet(
            f"{who}{pick(part, lang)}",
            result.columns(lang, s),
            partial(_balance_rows, result, s, lang),
        )  # fmt: skip
        for s, part in BALANCE_SHEETS.items()
    ]


#: The codes of a plan's tables in words, as ``pbgraph balance`` prints them.
_BALANCE_WORDS = {"label": NODE_LABELS, "class": CLASS, "status": STATUS, "change": CHANGE}


def _balance_rows(result: BalanceResult, name: str, lang: str) -> list[dict[str, Any]]:
    """A plan's table with its codes (what is assigned, its class, status, change) in words."""
    w = _BALANCE_WORDS
    return [{k: pick(w[k][v], lang) if k in w and v in w[k] else v for k, v in r.items()}
            for r in result.listing(name, lang=lang)]  # fmt: skip


def _grouping_sheets(result: GroupingResult, lang: str) -> list[Sheet]:
    """The tables of ``pbgraph group`` (the summary per street, then each ``--list``)."""
    i = lang_index(lang)
    rows = [{**r, "method": result.method_label(r["method"], lang) if r["method"] else ""}
            for r in result.rows()]  # fmt: skip
    out = [Sheet(SHEETS["grouping"][i], result.columns(lang), rows)]
    for name, words in GROUPING_SHEETS.items():
        out.append(
            LazySheet(
                words[i], result.list_columns(name, lang), partial(result.listing, name, lang=lang)
            )
        )
    return out


def _progress_sheets(prog: ProgressResult, money: FundsResult, lang: str) -> list[Sheet]:
    """Progress per street, the flagged streets with reasons, funds per district: the
    sheets ``pbgraph progress`` / ``progress --flagged`` / ``funds`` write."""
    i = lang_index(lang)
    return [
        Sheet(SHEETS["progress"][i], prog.columns(lang), prog.table(lang=lang, pct=False),
              percent=("share",)),
        Sheet(SHEETS["flagged"][i], prog.flag_columns(lang), prog.flagged(lang=lang)),
        Sheet(SHEETS["funds"][i], money.columns(lang), money.rows(), percent=("budget_share",)),
    ]  # fmt: skip
