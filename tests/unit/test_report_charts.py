"""Charts at city scale (issue 18, point 8): one street's network names a few nodes, none
over another; the proposals' map has plain longitude/latitude ticks (no ``+1.17e2``) and
tells every branch apart (a colour and marker each, its number at its centre); PNGs are at
least 1 600 pixels wide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.grouping import group
from pbgraph.plots import coverage as plots
from pbgraph.plots.style import MIN_WIDTH, place_labels, save
from pbgraph.report import inputs
from pbgraph.report.charts import proposal_map
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import no_missing_glyphs


@pytest.fixture(scope="module")
def tables(loaded_city: Path) -> Any:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        return s.tables(**inputs())


def overlaps(ax: Any) -> list[tuple[str, str]]:
    """Pairs of the axes' texts whose boxes overlap, as drawn."""
    import matplotlib.pyplot as plt

    renderer = ax.figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    out = [(a, b) for k, (a, p) in enumerate(boxes) for b, q in boxes[k + 1 :] if p.overlaps(q)]
    plt.close(ax.figure)
    return out


def test_the_street_network_labels_few_nodes_none_over_another(tables: Any) -> None:
    r = coverage(tables, by="street")
    with no_missing_glyphs():
        fig, ax = plots.street_network(tables, result=r)
        fig.canvas.draw()
    assert 1 <= len(ax.texts) <= plots.LABELS
    assert overlaps(ax) == []


def test_labels_piled_on_one_point_are_not_all_drawn() -> None:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 6))
    ax.scatter([0, 1, 2], [0, 1, 2])
    items = [(1.0, 1.0, f"成员单位{k}") for k in range(50)] + [(0.0, 0.0, "另一处")]
    drawn = place_labels(ax, items, limit=40)
    fig.canvas.draw()
    assert [t.get_text() for t in drawn] == ["成员单位0", "另一处"]
    assert overlaps(ax) == []


def test_the_proposals_map_tells_branches_apart(tables: Any, tmp_path: Path) -> None:
    by_street = coverage(tables, by="street")
    proposals = group(tables)
    with no_missing_glyphs():
        fig, ax = proposal_map(by_street, proposals, "zh")
        fig.canvas.draw()
    assert ax.xaxis.get_offset_text().get_text() == ""  # no +1.17e2
    assert ax.yaxis.get_offset_text().get_text() == ""
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.startswith("11") and "." in t for t in ticks), ticks  # 117.02
    # every branch drawn has a colour and marker no other branch has
    drawn = {}
    for c in ax.collections[3:]:  # after the three coverage states
        marker = c.get_paths()[0].vertices.round(3).tobytes()
        for face in {tuple(f) for f in c.get_facecolors().round(3)}:
            drawn[face, marker] = drawn.get((face, marker), 0) + 1
    numbers = {t.get_text() for t in ax.texts}
    assert len(numbers) > 5 and all(n.isdigit() for n in numbers)
    assert len(drawn) >= len(numbers)  # distinct encodings, at least one per number shown
    assert overlaps(ax) == []


def test_pngs_are_readable(tmp_path: Path) -> None:
    import matplotlib.pyplot as plt
    from PIL import Image

    for width in (3, 8, 12):
        fig, ax = plt.subplots(figsize=(width, 3))
        ax.plot([0, 1], [0, 1])
        with Image.open(save(fig, tmp_path / f"{width}.png")) as png:
            assert png.size[0] >= MIN_WIDTH, width


def test_a_street_with_more_neighbours_than_the_ring_has_places() -> None:
    """Instructors and member units go on a ring around the street, a free place each while
    there is one (about 48); the others keep the angle they face. (With 120 in a street of
    the 8-city province the search for a free place never ended.)"""
    import math

    pos = {f"Organization:o{i}": (117.0 + 0.001 * i, 36.6) for i in range(10)}
    links = {f"Instructor:i{k}": [f"Organization:o{k % 10}"] for k in range(80)}
    links |= {f"MemberUnit:u{k}": [f"Organization:o{k % 10}"] for k in range(40)}
    lon = [x for x, _ in pos.values()]
    lat = [y for _, y in pos.values()]
    nodes = plots._place_neighbours(links, pos, np.array(lon), np.array(lat))
    placed = [pos[n] for kind in ("Instructor", "MemberUnit") for n in nodes[kind]]
    assert len(placed) == 120
    cx, cy = float(np.median(lon)), float(np.median(lat))
    angles = sorted({round(math.atan2(y - cy, x - cx), 6) for x, y in placed})
    assert len(angles) > 40  # the first ones spread around the ring
