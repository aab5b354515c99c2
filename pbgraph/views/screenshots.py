"""Screenshots of the views for the README, from a store (the demo city's):

    pbgraph -q demo --out /tmp/pbgraph-demo
    python -m pbgraph.views.screenshots --store /tmp/pbgraph-demo/store --out docs/images

writes ``views_map.png`` (the map, zoomed on the most crowded district, one organization
hovered) and ``views_network.png`` (the default street's network, its biggest proposed joint
branch clicked). Needs the test extra (selenium) and Chromium with its driver
(:mod:`pbgraph.views.browser`); the demo is deterministic, and so are the pictures' contents.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from . import inputs, map_view, network_view
from .browser import chromium, open_file, wait_ready
from .page import View, data_of

__all__ = ["main", "screenshots"]


def _element_png(driver: Any, view: View, path: Path) -> Path:
    png = driver.find_element("id", view.element_id).screenshot_as_png
    path.write_bytes(png)
    return path


def _open(driver: Any, view: View, folder: Path) -> None:
    open_file(driver, view.save(folder / f"{view.kind}.html"))
    if wait_ready(driver, view.element_id) != "ready":
        raise RuntimeError(f"the {view.kind} view did not render")


def screenshots(store: str | Path, out: str | Path) -> list[Path]:
    """Write ``views_map.png`` and ``views_network.png`` of the store's city into ``out``."""
    from selenium.webdriver.common.action_chains import ActionChains

    from .. import open_store

    with open_store(str(store)) as s:
        t = s.tables(**inputs())
    views = map_view(t), network_view(t)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    with tempfile.TemporaryDirectory() as tmp, chromium(1100, 900) as driver:
        m, n = views
        _open(driver, m, Path(tmp))
        d = data_of(m.html)
        # the district with the most organizations, and an uncovered one an instructor guides
        k = int(np.bincount(d["district_of_street"][d["street"]]).argmax())
        driver.find_element("css selector", f"#{m.element_id}-district option[value='{k}']").click()
        work = d["codes"].index("work")
        cand = np.flatnonzero((d["cat"] == work) & (d["district_of_street"][d["street"]] == k))
        if len(cand):
            j = int(cand[len(cand) // 2])
            x, y = driver.execute_script(
                "var v = document.getElementById(arguments[0]).pbv, p = v.screenOf(arguments[1]);"
                "v.stage.zoom(2.5, p[0], p[1]); v.stage.now(); return v.screenOf(arguments[1]);",
                m.element_id, j,
            )  # fmt: skip
            canvas = driver.find_element("id", f"{m.element_id}-canvas")
            w, h = canvas.size["width"], canvas.size["height"]
            ActionChains(driver).move_to_element_with_offset(
                canvas, int(x - w / 2), int(y - h / 2)
            ).perform()
        files.append(_element_png(driver, m, out / "views_map.png"))

        _open(driver, n, Path(tmp))
        d = data_of(n.html)
        degree = np.bincount(np.concatenate([d["a"], d["b"]]), minlength=len(d["kind"]))
        hubs = np.flatnonzero(d["kind"] == 5)  # a proposed branch, else the busiest node
        pick = int(hubs[np.argmax(degree[hubs])]) if len(hubs) else int(np.argmax(degree))
        driver.execute_script(
            "var v = document.getElementById(arguments[0]).pbv, p = v.screenOf(arguments[1]);"
            "v.select(arguments[1]); v.stage.zoom(2, p[0], p[1]); v.stage.now();",
            n.element_id, pick,
        )  # fmt: skip
        files.append(_element_png(driver, n, out / "views_network.png"))
    return files


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m pbgraph.views.screenshots", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--store", required=True, help="the store to read (the demo's: DIR/store)")
    p.add_argument("--out", default="docs/images", help="folder of the PNGs")
    args = p.parse_args(argv)
    for f in screenshots(args.store, args.out):
        print(f)


if __name__ == "__main__":
    main()
