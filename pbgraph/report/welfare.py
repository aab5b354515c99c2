"""The report's part on public-welfare accounts and awards (公益账户, 出彩型) and training
reach (培训, 观摩): the workbook's sheets (the tables ``pbgraph welfare`` and ``pbgraph
training`` print, with their default criteria; the organizations whose leader was never
reached are left to the command: a city has hundreds of thousands) and a section of the
page (the figures in a planner's words, the candidates, the streets with the most
secretaries never reached). Hooked into :mod:`.build` (sheets, inputs) and the page
(:func:`pbgraph.report.write_report`'s sections)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..analyses import training as training_analysis
from ..analyses import welfare as welfare_analysis
from ..analyses.places import merge_inputs
from ..graphmodel.tables import Tables, tables_of
from ..labels import Text, fill, lang_index, pick

if TYPE_CHECKING:
    import networkx as nx

    from .build import ReportData, Sheet

__all__ = ["inputs", "sections", "sheets"]

#: the sheets' names, and the page's words
SHEETS: dict[str, Text] = {
    "districts": ("公益账户", "welfare accounts"),
    "candidates": ("出彩型党组织推荐", "出彩型 candidates"),
    "secretaries": ("出彩型书记推荐", "出彩型 secretaries"),
    "awards": ("表彰名单", "awards"),
    "streets": ("培训覆盖", "training reach"),
    "sessions": ("培训观摩", "sessions"),
}
TITLE: Text = ("公益账户、出彩型与培训观摩", "Public welfare, 出彩型 awards and training reach")
SUMMARY: Text = (
    "{orgs} 家单位在公益账户中记录公益活动 {activities} 次、服务 {hours:,.0f} 小时、受益 "
    "{beneficiaries} 人次；按所列条件推荐出彩型党组织 {candidates} 个、书记 {secretaries} 名，"
    "台账中已表彰党组织 {honoured_party_orgs} 个、书记 {honoured_secretaries} 名。{reached} 个"
    "党组织的书记参加过培训观摩，{unreached} 个从未参加。",
    "{orgs} organizations recorded {activities} welfare activities, {hours:,.0f} hours, "
    "{beneficiaries} people served; by the stated criteria {candidates} party organizations "
    "and {secretaries} secretaries are put forward as 出彩型, and the ledgers honour "
    "{honoured_party_orgs} and {honoured_secretaries}. {reached} party organizations' "
    "secretaries attended a training or study visit, {unreached} never did.",
)
TOP_STREETS: Text = ("书记未参训最多的街道", "Streets with the most secretaries never reached")
_TOP = 10


def inputs() -> dict[str, Any]:
    """What the part reads: the arguments of ``store.tables``."""
    return merge_inputs(welfare_analysis.inputs(), training_analysis.inputs())


def sheets(G: nx.MultiDiGraph | Tables, lang: str) -> list[Sheet]:
    """The part's sheets, as the commands print them with their defaults."""
    from .build import Sheet

    t = G if isinstance(G, Tables) else tables_of(G)
    if not (len(t.keys("WelfareActivity")) or len(t.keys("Award")) or len(t.keys("Training"))):
        return []  # no such ledgers loaded: no part (pbgraph welfare/training say so, exit 2)
    w = welfare_analysis.welfare(t)
    r = training_analysis.reach(t)
    i = lang_index(lang)
    out = [Sheet(SHEETS["districts"][i], w.columns(lang), w.rows(lang))]
    for show in ("candidates", "secretaries", "awards"):
        out.append(Sheet(SHEETS[show][i], w.columns(lang, show), w.listing(show, lang=lang)))
    out.append(Sheet(SHEETS["streets"][i], r.columns(lang), r.rows(lang),
                     percent=("secretary_share", "leader_share")))  # fmt: skip
    out.append(Sheet(SHEETS["sessions"][i], r.columns(lang, "sessions"),
                     r.listing("sessions", lang=lang)))  # fmt: skip
    return out


def sections(data: ReportData) -> list[tuple[str, str]]:
    """The page's section: the figures, the candidates, the streets least reached."""
    from .html import table

    lang, i = data.lang, lang_index(data.lang)
    by_name = {s.name: s for s in data.sheets}
    accounts, cands, streets, awards, secs = (
        by_name.get(SHEETS[k][i]) for k in ("districts", "candidates", "streets", "awards",
                                            "secretaries")
    )  # fmt: skip
    if accounts is None or cands is None or streets is None or awards is None or secs is None:
        return []
    total, reach = accounts.rows[-1], streets.rows[-1]
    if not (total["activities"] or reach["party_orgs"] and reach["secretaries_reached"]):
        return []
    honoured = [a for a in awards.rows if a.get("kind") in ("党组织", "party organization")]
    figures = {**total, "candidates": len(cands.rows), "secretaries": len(secs.rows),
               "honoured_party_orgs": len(honoured),
               "honoured_secretaries": len(awards.rows) - len(honoured),
               "reached": reach["secretaries_reached"], "unreached": reach["secretaries_unreached"]}  # fmt: skip
    worst = sorted(streets.rows[:-1], key=lambda r: -r["secretaries_unreached"])[:_TOP]
    worst_sheet = type(streets)(streets.name, streets.columns, worst, streets.percent)
    parts = [f"<p>{html.escape(pick(fill(SUMMARY, **figures), lang))}</p>",
             f"<h3>{html.escape(cands.name)}</h3>",
             table(cands.headers, _dashed(cands.values(text=True)[:_TOP])),
             f"<h3>{html.escape(pick(TOP_STREETS, lang))}</h3>",
             table(worst_sheet.headers, _dashed(worst_sheet.values(text=True)))]  # fmt: skip
    return [(pick(TITLE, lang), "\n".join(parts))]


def _dashed(rows: list[list[Any]]) -> list[list[Any]]:
    """A dash for a figure that is not known (a party organization with no site, no members)."""
    return [["—" if v is None else v for v in row] for row in rows]
