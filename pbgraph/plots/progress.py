"""Charts of progress and funds. Every function returns ``(fig, ax)``; save them with
:func:`pbgraph.plots.style.save` (Chinese glyphs from :func:`pbgraph.plots.style.cjk_font`).

>>> import networkx as nx
>>> from pbgraph.analyses.progress import progress
>>> fig, ax = visits_by_district(progress(nx.MultiDiGraph()))
>>> plt.close(fig)
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from ..analyses.funds import FundsResult
from ..analyses.progress import ProgressResult
from ..labels import pick
from ..labels.progress import CHART_WORDS, FREQS
from .style import cjk_font

__all__ = ["coverage_over_time", "funds_by_district", "visits_by_district"]


def _bucket(days: np.ndarray, freq: str) -> tuple[np.ndarray, np.ndarray, str]:
    if freq == "auto":
        span = int((days.max() - days.min()).astype(int)) if len(days) else 0
        freq = "day" if span <= 60 else "week" if span <= 400 else "month"
    if freq == "day":
        bucket = days
    elif freq == "week":  # weeks start on Monday (1970-01-01 was a Thursday)
        bucket = days - ((days.astype(np.int64) + 3) % 7).astype("timedelta64[D]")
    elif freq == "month":
        bucket = days.astype("datetime64[M]").astype("datetime64[D]")
    else:
        raise ValueError(f"freq must be auto, day, week or month, not {freq!r}")
    uniq, at = np.unique(bucket, return_inverse=True)
    return uniq, at, freq


def _words(lang: str) -> dict[str, str]:
    """The charts' words (:data:`pbgraph.labels.progress.CHART_WORDS`) in ``lang``."""
    return {k: pick(v, lang) for k, v in CHART_WORDS.items()}


def _empty(ax: Any, w: dict[str, str]) -> None:
    ax.text(0.5, 0.5, w["no_reports"], ha="center", transform=ax.transAxes)
    ax.set_axis_off()


def visits_by_district(
    result: ProgressResult, *, lang: str = "zh", freq: str = "auto", top: int = 12
) -> tuple[Any, Any]:
    """Organizations visited per district over the period (the streets' daily reports,
    summed per day, week or month), one line per district (the ``top`` busiest)."""
    cjk_font()
    w = _words(lang)
    s = result.daily()
    fig, ax = plt.subplots(figsize=(9, 4))
    if not len(s["days"]) or not s["visits"].sum():
        _empty(ax, w)
        return fig, ax
    uniq, at, freq = _bucket(s["days"], freq)
    counts = np.zeros((len(s["districts"]), len(uniq)), dtype=np.int64)
    np.add.at(counts.T, at, s["visits"].T)  # columns of days into their buckets
    x = uniq.astype("datetime64[ms]").astype(object)
    cmap = plt.get_cmap("tab20")
    for rank, j in enumerate(np.argsort(-counts.sum(axis=1))[:top].tolist()):
        ax.plot(x, counts[j], marker="o", markersize=2.5, linewidth=1.2, color=cmap(rank % 20),
                label=s["districts"][j])  # fmt: skip
    ax.set_ylabel(w["visits_axis"].format(freq=pick(FREQS[freq], lang)))
    ax.set_title(w["visits"].format(total=int(s["visits"].sum())))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    fig.autofmt_xdate()
    return fig, ax


def coverage_over_time(
    result: ProgressResult, *, lang: str = "zh", top: int = 12
) -> tuple[Any, Any]:
    """Organizational coverage rate per district, day by day over the period,
    reconstructed from the founding dates of the party organizations."""
    cjk_font()
    w = _words(lang)
    s = result.daily()
    fig, ax = plt.subplots(figsize=(9, 4))
    if not len(s["days"]) or not s["total"].sum():
        _empty(ax, w)
        return fig, ax
    rate = s["covered"] / np.maximum(s["total"], 1)[:, None]
    x = s["days"].astype("datetime64[ms]").astype(object)
    cmap = plt.get_cmap("tab20")
    for rank, j in enumerate(np.argsort(-s["total"])[:top].tolist()):
        ax.plot(x, rate[j] * 100, linewidth=1.4, color=cmap(rank % 20), label=s["districts"][j])
    city = s["covered"].sum(axis=0) / max(1, int(s["total"].sum()))
    ax.plot(x, city * 100, color="black", linewidth=2.2, linestyle="--",
            label=w["city"])  # fmt: skip
    ax.set_ylabel(w["rate_axis"])
    ax.set_title(w["over_time"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    fig.autofmt_xdate()
    return fig, ax


def funds_by_district(result: FundsResult, *, lang: str = "zh") -> tuple[Any, Any]:
    """Stacked bars of start-up and demonstration-site funds per district (万元), the
    budget's share in the title."""
    cjk_font()
    w = _words(lang)
    rows = result.groups()
    fig, ax = plt.subplots(figsize=(9, 4))
    names = [r["group"] for r in rows]
    new = np.array([r["new_org_funds"] for r in rows], dtype=float) / 1e4
    site = np.array([r["demo_site_funds"] for r in rows], dtype=float) / 1e4
    ax.bar(names, new, color="#2e86c1", label=w["new_org_funds"])
    ax.bar(names, site, bottom=new, color="#f39c12", label=w["demo_site_funds"])
    ax.set_ylabel(w["wan_yuan"])
    t = result.totals()
    share = "—" if t["budget_share"] is None else f"{t['budget_share']:.1%}"
    ax.set_title(w["funds"].format(wan=t["total"] / 1e4, total=t["total"], share=share))
    ax.legend(fontsize=8)
    plt.setp(ax.get_xticklabels(), rotation=30, ha="right")
    return fig, ax
