"""The report's charts: which are drawn (those with something to show) and where they are
saved. The only module of the report that imports :mod:`pbgraph.plots` (and so matplotlib);
:func:`pbgraph.report.write_report` imports it when it draws."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from ..analyses.coverage import CoverageResult
from ..analyses.grouping import GroupingResult
from ..graphmodel.regioncode import district_of
from ..graphmodel.tables import Tables, tables_of
from ..parallel import beside
from ..plots import balance, grouping, progress, style
from ..plots import coverage as coverage_plots
from ..plots.coverage import Coords
from .build import Analyses

__all__ = ["draw", "save_all"]


def draw(G: nx.MultiDiGraph | Tables, a: Analyses, *, lang: str,
         street: str | None) -> dict[str, Any]:  # fmt: skip
    """The charts by name (``(fig, ax)`` each), in the order of the page; ``G`` is the graph
    or the tables the analyses ``a`` ran on."""
    style.for_files()
    t = G if isinstance(G, Tables) else tables_of(G)
    coords = coverage_plots.coordinates(t)  # read once, for the three maps
    charts: dict[str, tuple[Any, Any]] = {
        "district": coverage_plots.coverage_by_area(a.by_district, lang=lang),
        "street": coverage_plots.coverage_by_area(a.by_street, lang=lang),
        "categories": coverage_plots.uncovered_categories(a.by_district, lang=lang),
    }
    if a.by_street.keys:
        charts["map"] = coverage_plots.coverage_map(a.by_street, lang=lang, coords=coords)
        charts["network"] = coverage_plots.street_network(t, street, result=a.by_street,
                                                          lang=lang, coords=coords)  # fmt: skip
    if a.instructors.suppliers:
        charts["instructor_load"] = balance.load_histogram(a.instructors, lang=lang)
    if any(r["unmet"] for r in a.instructors.streets()):
        charts["instructor_unmet"] = balance.unmet_by_street(a.instructors, lang=lang)
    if a.pairings.suppliers:
        charts["pairing_load"] = balance.load_histogram(a.pairings, lang=lang)
    if a.grouping.areas:
        charts["proposals"] = grouping.proposals_by_street(a.grouping, lang=lang)
    if a.grouping.groups:
        charts["proposal_map"] = proposal_map(a.by_street, a.grouping, lang, coords=coords)
        charts["proposal_network"] = grouping.street_network(t, a.grouping, lang=lang)
    if a.progress.daily()["visits"].sum():
        charts["visits"] = progress.visits_by_district(a.progress, lang=lang)
        charts["coverage_over_time"] = progress.coverage_over_time(a.progress, lang=lang)
    if a.funds.rows():
        charts["funds"] = progress.funds_by_district(a.funds, lang=lang)
    return charts


def save_all(charts: dict[str, Any], outdir: Path) -> dict[str, Path]:
    """Save every chart as ``outdir/NAME.png``; returns ``chart_NAME`` → path. Every other
    chart is rendered by a forked child meanwhile (:func:`~pbgraph.parallel.beside`: two
    cores render them, the same files). A chart that could not be saved (disk full) leaves
    no figure open, and its error is told once both halves are done."""
    names = list(charts)
    mine, theirs = names[0::2], names[1::2]

    def render(part: list[str]) -> dict[str, Path]:
        files: dict[str, Path] = {}
        for name in part:
            files[f"chart_{name}"] = style.save(charts[name][0], outdir / f"{name}.png")
        return files

    other = beside(lambda: render(theirs))
    try:
        files = render(mine)
    finally:
        style.close(*(fig for fig, _ax in charts.values()))
        theirs_files = other()  # done (or failed) before this one's error is told
    files.update(theirs_files)
    return {f"chart_{n}": files[f"chart_{n}"] for n in names}  # in the page's order


def proposal_map(by_street: CoverageResult, result: GroupingResult, lang: str,
                 readable: int = 80, coords: Coords | None = None) -> Any:  # fmt: skip
    """The proposals on a map: the district with the most proposed joint branches, or at
    city scale (more than ``readable`` branches in every district) the busiest street that
    stays readable (``coords``: the organizations', when read)."""
    count: dict[str, int] = defaultdict(int)
    for g in result.groups:
        count[district_of(g.area)] += 1  # 枣庄市/市中区 where there are cities
        count[g.area] += 1
    ok = [a for a, n in count.items() if n <= readable]
    if ok:  # the most branches; a district before a street
        area = max(ok, key=lambda a: (count[a], -a.count("/"), a))
    else:
        area = min(count, key=lambda a: (count[a], a))
    highlight = {c: g.id for g in result.groups if g.area == area or g.area.startswith(f"{area}/")
                 for c in g.codes}  # fmt: skip
    return coverage_plots.coverage_map(by_street, area=area, highlight=highlight, lang=lang,
                                       coords=coords)  # fmt: skip
