"""Charts. Every function returns ``(fig, ax)``; :func:`save` writes them.

Chinese text renders on a fresh machine: the project depends on a packaged Noto Sans CJK
font (``cvttf-NotoSansCJK-Regular`` on PyPI, SIL Open Font License) and registers it with
matplotlib here, so no system font is needed.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # charts are files; never open a window

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from .coverage import CATEGORIES, CoverageResult  # noqa: E402

__all__ = ["cjk_font", "coverage_by_area", "save", "uncovered_categories"]


@cache
def cjk_font() -> str:
    """Register the packaged CJK font with matplotlib and return its family name."""
    import cvttf_NotoSansCJK_Regular as pkg

    path = next(Path(pkg.__file__).parent.glob("*.otf"))
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    matplotlib.rcParams["font.family"] = [name, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name


def save(fig: Any, path: str | os.PathLike[str], *, dpi: int = 120) -> Path:
    """Save a figure (PNG by the suffix) and close it."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(p, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return p


def coverage_by_area(result: CoverageResult, *, lang: str = "zh", top: int = 40) -> tuple[Any, Any]:
    """Horizontal bars of the organizational coverage rate per area, the city rate marked."""
    cjk_font()
    rows = result.groups()[:top]
    city = result.totals()["rate"]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(rows) + 1.2)))
    labels = [r["group"].split("/")[-1] for r in rows]
    rates = [r["rate"] * 100 for r in rows]
    colors = ["#c0392b" if r < city * 100 else "#2e86c1" for r in rates]
    ax.barh(labels, rates, color=colors)
    ax.axvline(city * 100, color="black", linestyle="--", linewidth=1)
    zh = lang == "zh"
    ax.text(city * 100, len(rows) - 0.4, f" {'全市' if zh else 'city'} {city:.1%}", va="bottom")
    ax.set_xlim(0, 100)
    ax.set_xlabel("组织覆盖率 (%)" if zh else "organizational coverage (%)")
    ax.set_title(
        ("各区县组织覆盖率" if result.by == "district" else "各街道组织覆盖率（最低者在上）")
        if zh
        else f"Coverage by {result.by} (lowest first)"
    )
    ax.invert_yaxis()
    return fig, ax


def uncovered_categories(result: CoverageResult, *, lang: str = "zh") -> tuple[Any, Any]:
    """Bars of how many organizations fall in each category."""
    cjk_font()
    t = result.totals()
    i = 0 if lang == "zh" else 1
    keys = list(CATEGORIES)
    total_key = {"work": "work_covered", "joint_candidate": "joint_candidates"}
    fig, ax = plt.subplots(figsize=(8, 3.6))
    counts = [t[total_key.get(k, k)] for k in keys]
    bars = ax.bar([CATEGORIES[k][i] for k in keys], counts, color="#5d6d7e")
    for k in ("must_build", "joint_candidate", "no_members"):
        bars[keys.index(k)].set_color("#c0392b")
    ax.bar_label(bars)
    ax.set_ylabel("单位数" if i == 0 else "organizations")
    ax.set_title("覆盖类别（红色为未覆盖）" if i == 0 else "Coverage categories (red: uncovered)")
    ax.tick_params(axis="x", labelrotation=20)
    return fig, ax
