"""The report's charts on the synthetic city, one by one: non-blank, with every Chinese glyph
(the check itself is tried), a figure and axes from every plot function. The whole report end
to end is ``tests/integration/test_report_end_to_end.py``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pbgraph.analyses.balance import balance_instructors
from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.progress import progress
from pbgraph.plots import balance as balance_plots
from pbgraph.plots import coverage as plots
from pbgraph.plots import progress as progress_plots
from pbgraph.plots.style import cjk_font, save
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import assert_not_blank, no_missing_glyphs


@pytest.fixture(scope="module")
def graph(loaded_city: Path) -> Any:
    with EmbeddedStore(loaded_city) as s:
        return s.graph()


def test_missing_glyph_check_works() -> None:
    """The glyph check (``no_missing_glyphs``) would see a glyph no font has (so a passing
    test means something)."""
    import matplotlib.pyplot as plt

    cjk_font()
    fig, ax = plt.subplots()
    ax.set_title("党建 \U0001f6a9")  # a flag emoji: in neither Noto Sans CJK nor DejaVu Sans
    with pytest.raises(AssertionError, match="missing from font"), no_missing_glyphs():
        fig.canvas.draw()
    plt.close(fig)


def test_plot_functions_return_fig_and_ax(graph: Any, tmp_path: Path) -> None:
    by_street = coverage(graph, by="street")
    inst = balance_instructors(graph)
    made = {
        "area": plots.coverage_by_area(by_street, lang="en"),
        "categories": plots.uncovered_categories(by_street),
        "map": plots.coverage_map(by_street, area=by_street.group_names[0].split("/")[0]),
        "network": plots.street_network(graph, by_street.group_names[0].split("/")[1]),
        "visits": progress_plots.visits_by_district(progress(graph), freq="week"),
        "load": balance_plots.load_histogram(inst),
        "unmet": balance_plots.unmet_by_street(inst, lang="en"),
    }
    with no_missing_glyphs():
        for name, (fig, ax) in made.items():
            assert ax.figure is fig, name
            assert_not_blank(save(fig, tmp_path / f"{name}.png"))


def test_map_samples_big_cities(graph: Any) -> None:
    import matplotlib.pyplot as plt

    r = coverage(graph, by="street")
    fig, ax = plots.coverage_map(r, max_points=200)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == 200
    assert "抽样" in ax.get_title()
    plt.close(fig)


def test_street_network_shows_every_kind_and_the_uncovered(graph: Any) -> None:
    import matplotlib.pyplot as plt

    r = coverage(graph, by="street")
    fig, ax = plots.street_network(graph, result=r)  # the street that shows the most
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    for word in ("未覆盖", "党组织", "楼宇园区市场", "成员单位"):
        assert any(word in lab for lab in labels), (word, labels)
    street = ax.get_title().removesuffix("区域化党建网络")
    row = next(g for g in r.groups() if g["group"].endswith(f"/{street}"))
    assert f"两新组织：未覆盖 ({row['uncovered']})" in labels
    plt.close(fig)

    guided = next(v for u, v, k in graph.edges(keys=True) if k == "GUIDES"
                  and v.startswith("Organization:"))  # fmt: skip
    where = r.group_names[r.group_of[r.keys.index(guided.partition(":")[2])]]
    fig, ax = plots.street_network(graph, where, result=r, lang="en")
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert any(lab.startswith("instructor (") for lab in labels), labels
    texts = [t.get_text() for t in ax.texts]
    assert any(re.fullmatch(r"ZDY\d+ \w\*+", t) for t in texts), texts  # masked names
    plt.close(fig)
    with pytest.raises(ValueError, match="no single street"):
        plots.street_network(graph, "没有这个街道", result=r)


def test_visits_chart_sums_the_reports(graph: Any) -> None:
    import matplotlib.pyplot as plt

    visited = sum(d.get("visited") or 0 for _, d in graph.nodes(data=True)
                  if d.get("label") == "VisitReport")  # fmt: skip
    fig, ax = progress_plots.visits_by_district(progress(graph), freq="day", top=100)
    assert visited > 0
    assert sum(sum(line.get_ydata()) for line in ax.get_lines()) == visited
    plt.close(fig)
