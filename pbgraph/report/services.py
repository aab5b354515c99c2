"""The report's part on member-relation transfers (组织关系转接, 定期回访) and the service
circle (服务圈): the workbook's sheets (the tables ``pbgraph transfers`` and ``pbgraph
services`` print) and a section of the page (the figures, the districts' transfers, the
streets with the most unmet needs). Hooked into :mod:`.build` (sheets, inputs) and the page
(:func:`pbgraph.report.write_report`'s sections)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..analyses import services as services_analysis
from ..analyses import transfers as transfers_analysis
from ..analyses.places import merge_inputs
from ..graphmodel.tables import Tables, tables_of
from ..labels import Text, fill, lang_index, pick

if TYPE_CHECKING:
    import networkx as nx

    from .build import ReportData, Sheet

__all__ = ["inputs", "sections", "sheets"]

#: the sheets' names, and the page's words
SHEETS: dict[str, Text] = {
    "transfers": ("组织关系转接", "transfers"),
    "transfer_districts": ("转接按区县", "transfers by district"),
    "needs": ("服务需求对接", "service needs"),
    "service_streets": ("服务需求按街道", "service needs by street"),
    "projects": ("党建服务项目", "service projects"),
}
TITLE: Text = ("组织关系转接与服务圈", "Member-relation transfers and the service circle")
SUMMARY: Text = (
    "登记组织关系在人才中心、人才市场和社区的党员 {cases} 名，愿意转接 {willing} 名，其中已转接 "
    "{done} 名、待转入 {pending} 名，回访逾期 {overdue} 名；全部转入后 {orgs_changed} 家单位的覆盖"
    "类别改变，{reach_n} 家达到单独组建条件。服务需求 {needs} 项，已对接 {met_before} 项，本次安排 "
    "{assigned} 项，仍未满足 {unmet} 项。",
    "{cases} members whose relation is held by a talent centre, HR market or community are "
    "registered, {willing} willing: {done} transferred, {pending} pending, {overdue} with a "
    "follow-up visit overdue; once all are transferred {orgs_changed} organizations change "
    "category and {reach_n} reach N. {needs} service needs: {met_before} met before, "
    "{assigned} assigned now, {unmet} still unmet.",
)
TOP_STREETS: Text = ("未满足需求最多的街道", "Streets with the most unmet needs")
_TOP = 10


def inputs() -> dict[str, Any]:
    """What the part reads: the arguments of ``store.tables``."""
    return merge_inputs(transfers_analysis.inputs(), services_analysis.inputs())


def sheets(G: nx.MultiDiGraph | Tables, lang: str, min_members: int = 3) -> list[Sheet]:
    """The part's sheets, as the commands print them."""
    from .build import Sheet

    t = G if isinstance(G, Tables) else tables_of(G)
    if not (len(t.keys("Transfer")) or len(t.keys("ServiceNeed"))):
        return []  # no such ledgers loaded: no part, and no analysis run for nothing
    tr = transfers_analysis.transfers(t, min_members=min_members)
    sv = services_analysis.services(t)
    i = lang_index(lang)
    return [
        Sheet(SHEETS["transfers"][i], tr.columns(lang), tr.table(lang=lang)),
        Sheet(SHEETS["transfer_districts"][i], tr.columns(lang, "districts"), tr.districts()),
        Sheet(SHEETS["needs"][i], sv.columns(lang, "needs"), sv.table(lang=lang)),
        Sheet(SHEETS["service_streets"][i], sv.columns(lang, "streets"), sv.streets(lang=lang)),
        Sheet(SHEETS["projects"][i], sv.columns(lang, "projects"), sv.projects(lang=lang)),
    ]


def sections(data: ReportData) -> list[tuple[str, str]]:
    """The page's section: the figures, the districts' transfers, the streets most unmet."""
    from .html import table

    lang, i = data.lang, lang_index(data.lang)
    by_name = {s.name: s for s in data.sheets}
    districts, streets = (
        by_name.get(SHEETS[k][i]) for k in ("transfer_districts", "service_streets")
    )
    if districts is None or streets is None or not (districts.rows[-1]["cases"] or
                                                     streets.rows[-1]["needs"]):  # fmt: skip
        return []
    totals = {**districts.rows[-1], **streets.rows[-1]}
    parts = [f"<p>{html.escape(pick(fill(SUMMARY, **totals), lang))}</p>",
             f"<h3>{html.escape(districts.name)}</h3>",
             table(districts.headers, districts.values(text=True)),
             f"<h3>{html.escape(pick(TOP_STREETS, lang))}</h3>",
             table(streets.headers, streets.values(text=True)[:_TOP])]  # fmt: skip
    return [(pick(TITLE, lang), "\n".join(parts))]
