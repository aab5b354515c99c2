"""The report's part on leadership lines (条块结合, 区域兜底) and new registrations
(源头把控): the workbook's sheets (the tables ``pbgraph lines`` and ``pbgraph newregs``
print) and a section of the page (the figures, the streets with the heaviest 兜底 load, the
registering units' counts). Hooked into :mod:`.build` (sheets, inputs) and the page
(:func:`pbgraph.report.write_report`'s sections)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..analyses import lines as lines_analysis
from ..analyses import newregs as newregs_analysis
from ..analyses.places import merge_inputs
from ..graphmodel.tables import Tables, tables_of
from ..labels import Text, fill, lang_index, pick

if TYPE_CHECKING:
    import networkx as nx

    from .build import ReportData, Sheet

__all__ = ["inputs", "sections", "sheets"]

#: the sheets' names, and the page's words
SHEETS: dict[str, Text] = {
    "problems": ("隶属关系问题", "leadership problems"),
    "superiors": ("上级党组织负荷", "superiors' load"),
    "streets": ("街道兜底", "street committees"),
    "newregs": ("新登记未建党组织", "new registrations, open"),
    "newregs_summary": ("新登记按登记机关", "new registrations by registrar"),
}
TITLE: Text = ("隶属关系与源头把控", "Leadership lines and new registrations")
SUMMARY: Text = (
    "无上级党组织 {no_superior} 个，上级不在台账中 {unknown_superior} 个，上级条线不符 "
    "{wrong_line} 个，隶属成环 {cycle} 个。新登记单位 {new} 家，符合组建条件 {eligible} 家，"
    "已建 {built} 家，逾期未建 {overdue} 家（其中已走访 {visited} 家），期限内未建 {pending} 家。",
    "{no_superior} party organizations with no superior, {unknown_superior} with one in no "
    "ledger, {wrong_line} on the wrong line, {cycle} in a cycle. {new} new registrations, "
    "{eligible} meet the conditions, {built} built, {overdue} overdue ({visited} visited), "
    "{pending} within the deadline.",
)
TOP_STREETS: Text = ("兜底任务最重的街道", "Streets with the heaviest 兜底 load")
_TOP = 10


def inputs() -> dict[str, Any]:
    """What the part reads: the arguments of ``store.tables``."""
    return merge_inputs(lines_analysis.inputs(), newregs_analysis.inputs())


def sheets(G: nx.MultiDiGraph | Tables, lang: str, min_members: int = 3) -> list[Sheet]:
    """The part's sheets, as the commands print them."""
    from .build import Sheet

    t = G if isinstance(G, Tables) else tables_of(G)
    if not (len(t.keys("LeadingBody")) or _any(t.column("PartyOrg", "superior"))
            or _any(t.column("Organization", "registered"))):  # fmt: skip
        return []  # no such ledgers loaded: no part (pbgraph lines says so and exits 2)
    ln = lines_analysis.lines(t, min_members=min_members)
    nr = newregs_analysis.newregs(t, min_members=min_members)
    i = lang_index(lang)
    out = [Sheet(SHEETS[s][i], ln.columns(lang, s), ln.listing(s, lang=lang))
           for s in ("problems", "superiors", "streets")]  # fmt: skip
    out.append(Sheet(SHEETS["newregs"][i], nr.columns(lang, "open"), nr.listing("open", lang=lang)))
    out.append(Sheet(SHEETS["newregs_summary"][i], nr.columns(lang, "summary"),
                     nr.listing("summary", lang=lang), percent=("build_rate",)))  # fmt: skip
    return out


#: the streets' columns the page shows (the workbook has all, the reason too): a table
#: narrow enough for A4
_PAGE_STREET_COLUMNS = ("district", "street", "committee", "party_orgs", "attached", "orgs",
                        "members", "uncovered", "orphans", "load")  # fmt: skip


def _table(sheet: Sheet, keys: tuple[str, ...], top: int) -> str:
    """The first ``top`` rows of ``sheet`` with only the columns ``keys`` (all: empty), as
    HTML; a missing value is —, a rate a percentage."""
    from .html import table

    cols = [(k, h) for k, h in sheet.columns if not keys or k in keys]
    rows = [[_cell(r.get(k), k in sheet.percent) for k, _ in cols] for r in sheet.rows[:top]]
    return table([h for _, h in cols], rows)


def _cell(value: Any, percent: bool) -> Any:
    if value is None:
        return "—"
    return f"{value:.1%}" if percent and isinstance(value, float) else value


def sections(data: ReportData) -> list[tuple[str, str]]:
    """The page's section: the figures, the heaviest streets, the registering units."""
    lang, i = data.lang, lang_index(data.lang)
    by_name = {s.name: s for s in data.sheets}
    problems, streets, summary = (by_name.get(SHEETS[k][i])
                                  for k in ("problems", "streets", "newregs_summary"))  # fmt: skip
    if problems is None or streets is None or summary is None:
        return []
    counts = {code: 0 for code in ("no_superior", "unknown_superior", "wrong_line", "cycle")}
    for r in problems.rows:
        counts[r["problem_code"]] += 1
    keys = ("new", "eligible", "built", "pending", "overdue", "visited")
    totals = {k: sum(r[k] for r in summary.rows) for k in keys}
    parts = [f"<p>{html.escape(pick(fill(SUMMARY, **counts, **totals), lang))}</p>",
             f"<h3>{html.escape(pick(TOP_STREETS, lang))}</h3>",
             _table(streets, _PAGE_STREET_COLUMNS, _TOP),
             f"<h3>{html.escape(summary.name)}</h3>",
             _table(summary, (), len(summary.rows))]  # fmt: skip
    return [(pick(TITLE, lang), "\n".join(parts))]


def _any(values: Any) -> bool:
    return any(v is not None for v in values)
