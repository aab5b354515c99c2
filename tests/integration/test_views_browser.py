"""The interactive views in a real headless Chromium with the network off
(:mod:`pbgraph.views.browser`: Debian's chromium and chromium-driver, through selenium): the
pages render with Chinese text and fetch nothing, a filter reduces the points drawn, hovering
shows an organization's reason and instructors, clicking a node shows its neighbours, and two
views live in one page. Skipped when no Chromium is installed (failed when REQUIRE_CHROMIUM
or CI is set: the test command sets it)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pbgraph.analyses.coverage import STATE_OF, coverage
from pbgraph.analyses.grouping import group
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.views import COLORS, View, inputs, map_view, network_view
from pbgraph.views.browser import chromium, find_chromium, open_file, requests, wait_ready
from pbgraph.views.page import data_of

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def views(loaded_city: Path) -> tuple[View, View]:
    with EmbeddedStore(loaded_city) as s:
        t = s.tables(**inputs())
    result = coverage(t, by="street")
    return map_view(t, result=result), network_view(t, result=result, proposals=group(t))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if find_chromium() is None:
        if os.environ.get("REQUIRE_CHROMIUM") or os.environ.get("CI", "").lower() in ("1", "true"):
            pytest.fail("no chromium and chromedriver: apt install chromium chromium-driver")
        pytest.skip("no chromium and chromedriver")
    with chromium(1200, 900) as d:
        yield d


def show(browser: Any, view: View, tmp_path: Path) -> str:
    """Open the view's page from a file, wait until drawn, check nothing was fetched."""
    requests(browser)  # (forget earlier pages' requests)
    open_file(browser, view.save(tmp_path / f"{view.kind}.html"))
    assert wait_ready(browser, view.element_id) == "ready"
    fetched = [u for u in requests(browser) if not u.startswith(("file:", "data:", "blob:"))]
    assert fetched == []
    return view.element_id


def js(browser: Any, code: str, *args: Any) -> Any:
    return browser.execute_script(code, *args)


def attr(browser: Any, eid: str, name: str) -> str:
    return str(js(browser, "return document.getElementById(arguments[0]).getAttribute(arguments[1])", eid, name))  # fmt: skip


def canvas_pixels(browser: Any, eid: str) -> np.ndarray:
    """The canvas as the screen shows it: an (h, w, 3) array from a real screenshot."""
    from PIL import Image

    png = browser.find_element("id", f"{eid}-canvas").screenshot_as_png
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def count_color(px: np.ndarray, hex_color: str) -> int:
    rgb = [int(hex_color[i : i + 2], 16) for i in (1, 3, 5)]
    return int((np.abs(px.astype(int) - rgb).sum(axis=2) <= 6).sum())


def test_the_map_renders_and_filters(browser: Any, views: tuple[View, View], tmp_path: Path) -> None:  # fmt: skip
    view = views[0]
    d = data_of(view.html)
    eid = show(browser, view, tmp_path)
    text = browser.find_element("id", eid).text
    assert "单位覆盖情况地图" in text and "应建未建" in text and f"共 {d['n']} 个" in text
    with_coords = int((d["x"] != 65535).sum())
    assert int(attr(browser, eid, "data-drawn")) == with_coords > 0
    px = canvas_pixels(browser, eid)
    assert (px.min(axis=2) < 200).sum() > 500  # not blank
    assert count_color(px, COLORS["must_build"]) > 0
    # a district: only its organizations are drawn
    k = max(range(len(d["districts"])), key=lambda k: len(d["hulls"][k]))
    in_district = d["district_of_street"][d["street"]] == k
    browser.find_element("css selector", f"#{eid}-district option[value='{k}']").click()
    drawn = int(attr(browser, eid, "data-drawn"))
    assert drawn == int((in_district & (d["x"] != 65535)).sum()) < with_coords
    # and a category off: fewer again, its colour gone from the canvas
    cat = list(STATE_OF).index("no_members")
    browser.find_element("css selector", f"#{eid} input[data-category='no_members']").click()
    fewer = int(attr(browser, eid, "data-drawn"))
    assert fewer == int((in_district & (d["x"] != 65535) & (d["cat"] != cat)).sum()) < drawn
    assert count_color(canvas_pixels(browser, eid), COLORS["no_members"]) == 0
    browser.find_element("id", f"{eid}-reset").click()
    assert int(attr(browser, eid, "data-drawn")) == with_coords


def test_hovering_a_point_shows_its_reason_and_instructors(browser: Any, views: tuple[View, View], tmp_path: Path) -> None:  # fmt: skip
    from selenium.webdriver.common.action_chains import ActionChains

    view = views[0]
    d = data_of(view.html)
    eid = show(browser, view, tmp_path)
    # zoom in on an organization an instructor guides, then hover it
    j = int(np.flatnonzero(d["n_guides"] > 0)[0])
    js(browser, "var v = document.getElementById(arguments[0]).pbv, p = v.screenOf(arguments[1]);"
                "v.stage.zoom(16, p[0], p[1]); v.stage.now();", eid, j)  # fmt: skip
    x, y = js(browser, "return document.getElementById(arguments[0]).pbv.screenOf(arguments[1])", eid, j)  # fmt: skip
    canvas = browser.find_element("id", f"{eid}-canvas")
    w, h = canvas.size["width"], canvas.size["height"]
    ActionChains(browser).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)).perform()  # fmt: skip
    tip = browser.find_element("id", f"{eid}-tip")
    assert tip.is_displayed()
    shown = int(attr(browser, eid, "data-hover"))
    assert d["names"][shown] in tip.text
    assert d["reasons"][d["reason"][shown]] in tip.text
    assert "党建指导员" in tip.text
    start = int(d["n_guides"][:shown].sum())
    for k in d["guides"][start : start + int(d["n_guides"][shown])].tolist()[:6]:
        assert d["instructors"][k] in tip.text


def test_clicking_a_node_shows_its_neighbours(browser: Any, views: tuple[View, View], tmp_path: Path) -> None:  # fmt: skip
    from selenium.webdriver.common.action_chains import ActionChains

    view = views[1]
    d = data_of(view.html)
    eid = show(browser, view, tmp_path)
    assert "党建网络" in browser.find_element("id", eid).text
    assert (canvas_pixels(browser, eid).min(axis=2) < 200).sum() > 500
    # a node standing alone on the screen (none other within 14 px) with neighbours
    pos = np.array(js(browser, "var v = document.getElementById(arguments[0]).pbv;"
                  "return v.data.labels.map(function (_, j) { return v.screenOf(j); });", eid))  # fmt: skip
    canvas = browser.find_element("id", f"{eid}-canvas")
    w, h = canvas.size["width"], canvas.size["height"]
    degree = np.bincount(np.concatenate([d["a"], d["b"]]), minlength=len(pos))
    dist = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2)) + np.eye(len(pos)) * 1e9
    inside = (pos[:, 0] > 20) & (pos[:, 0] < w - 60) & (pos[:, 1] > 20) & (pos[:, 1] < h - 20)
    ok = np.flatnonzero((dist.min(axis=1) > 14) & inside & (degree > 0))
    j = int(ok[np.argmax(degree[ok])])
    ActionChains(browser).move_to_element_with_offset(canvas, int(pos[j, 0] - w / 2), int(pos[j, 1] - h / 2)).click().perform()  # fmt: skip
    assert int(attr(browser, eid, "data-selected")) == j
    expected = {d["labels"][k] for k in np.concatenate([d["b"][d["a"] == j], d["a"][d["b"] == j]]).tolist()}  # fmt: skip
    panel = browser.find_element("id", f"{eid}-panel")
    items = {li.text for li in panel.find_elements("css selector", "li")}
    assert items == expected and d["labels"][j] in panel.text and "相邻节点" in panel.text
    # the neighbours stay bright, the rest is dimmed: the picture changed
    before = canvas_pixels(browser, eid)
    browser.find_element("id", f"{eid}-reset").click()
    js(browser, "document.getElementById(arguments[0]).pbv.stage.now()", eid)
    assert attr(browser, eid, "data-selected") == "-1"
    assert (np.abs(canvas_pixels(browser, eid).astype(int) - before).sum(axis=2) > 30).sum() > 100


def test_two_views_in_one_page(browser: Any, views: tuple[View, View], tmp_path: Path) -> None:
    page = tmp_path / "both.html"
    page.write_text(
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'></head><body>"
        + views[0].html + views[1].html + "</body></html>", encoding="utf-8")  # fmt: skip
    requests(browser)
    open_file(browser, page)
    for v in views:
        assert wait_ready(browser, v.element_id) == "ready"
    assert [u for u in requests(browser) if not u.startswith("file:")] == []
    drawn = attr(browser, views[0].element_id, "data-drawn")
    assert int(drawn) > 0
    js(browser, "document.getElementById(arguments[0]).pbv.select(0)", views[1].element_id)
    assert "相邻节点（" in browser.find_element("id", f"{views[1].element_id}-panel").text
    assert attr(browser, views[0].element_id, "data-drawn") == drawn  # the map untouched
