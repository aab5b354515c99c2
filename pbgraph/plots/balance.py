"""Charts of a balancing plan. Every function returns ``(fig, ax)``; save them with
:func:`pbgraph.plots.style.save`.

>>> import networkx as nx
>>> from pbgraph.analyses.balance import balance_instructors
>>> fig, ax = load_histogram(balance_instructors(nx.MultiDiGraph()))
>>> ax.get_xlabel()
'每名指导员负责的单位数'
>>> plt.close(fig)
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from ..analyses.balance import BalanceResult
from .style import cjk_font

__all__ = ["load_histogram", "unmet_by_street"]


def load_histogram(result: BalanceResult, *, lang: str = "zh") -> tuple[Any, Any]:
    """Bars of how many suppliers carry 0, 1, 2, … items, before and after the plan."""
    cjk_font()
    zh = lang == "zh"
    before, after = result.loads()
    top = max([*before, *after, 1])
    x = np.arange(top + 1)
    b = np.bincount(np.asarray(before, dtype=np.int64), minlength=top + 1)
    a = np.bincount(np.asarray(after, dtype=np.int64), minlength=top + 1)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.bar(x - 0.2, b, width=0.4, color="#aab7b8", label="调整前" if zh else "before")
    ax.bar(x + 0.2, a, width=0.4, color="#2e86c1", label="调整后" if zh else "after")
    role = {"instructors": ("指导员", "instructors"), "pairings": ("成员单位", "member units")}
    r = role[result.kind][0 if zh else 1]
    ax.set_xticks(x)
    ax.set_xlabel(f"每名{r}负责的单位数" if zh else f"organizations per {r[:-1]}")
    ax.set_ylabel(f"{r}数" if zh else r)
    st = result.stats()
    ax.set_title(
        f"{r}负荷：最大 {st['before']['max_load']}→{st['after']['max_load']}，"
        f"基尼系数 {st['before']['gini']:.2f}→{st['after']['gini']:.2f}"
        if zh
        else f"Load of {r}: max {st['before']['max_load']}→{st['after']['max_load']}, "
        f"Gini {st['before']['gini']:.2f}→{st['after']['gini']:.2f}"
    )
    ax.legend()
    return fig, ax


def unmet_by_street(result: BalanceResult, *, lang: str = "zh", top: int = 30) -> tuple[Any, Any]:
    """Horizontal bars of unmet demand per street (key organizations in red), most unmet
    weight first, with the shortfall in suppliers written beside each bar."""
    cjk_font()
    zh = lang == "zh"
    rows = [r for r in result.streets() if r["unmet"]][:top]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.3 * len(rows) + 1.2)))
    labels = [r["street"].split("/")[-1] for r in rows]
    key = [r["unmet_key"] for r in rows]
    other = [r["unmet"] - r["unmet_key"] for r in rows]
    ax.barh(labels, key, color="#c0392b", label="重点单位" if zh else "key organizations")
    ax.barh(labels, other, left=key, color="#5d6d7e", label="其他单位" if zh else "others")
    role = "名" if result.kind == "instructors" else "个"
    for y, r in enumerate(rows):
        ax.text(r["unmet"], y, f" 缺{r['shortfall']}{role}" if zh else f" {r['shortfall']} short",
                va="center", fontsize=8)  # fmt: skip
    ax.set_xlabel("未满足的单位数" if zh else "unmet organizations")
    ax.set_title(
        "各街道未满足需求（缺口最大者在上）" if zh else "Unmet demand by street (largest first)"
    )
    ax.invert_yaxis()
    if rows:
        ax.legend(loc="lower right")
    return fig, ax
