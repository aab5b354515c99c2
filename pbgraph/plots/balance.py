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
from ..graphmodel.regioncode import short_names
from ..labels import lang_index
from ..labels.balance import CHART, COLUMNS, ROLE, ROLES, SHORT
from .style import cjk_font

__all__ = ["load_histogram", "unmet_by_street"]


def load_histogram(result: BalanceResult, *, lang: str = "zh") -> tuple[Any, Any]:
    """Bars of how many suppliers carry 0, 1, 2, … items, before and after the plan."""
    cjk_font()
    i = lang_index(lang)
    before, after = result.loads()
    top = max([*before, *after, 1])
    x = np.arange(top + 1)
    b = np.bincount(np.asarray(before, dtype=np.int64), minlength=top + 1)
    a = np.bincount(np.asarray(after, dtype=np.int64), minlength=top + 1)
    fig, ax = plt.subplots(figsize=(8, 3.8))
    ax.bar(x - 0.2, b, width=0.4, color="#aab7b8", label=COLUMNS["before"][i])
    ax.bar(x + 0.2, a, width=0.4, color="#2e86c1", label=COLUMNS["after"][i])
    role, roles = ROLE[result.kind][i], ROLES[result.kind][i]
    ax.set_xticks(x)
    ax.set_xlabel(CHART["per_supplier"][i].format(role=role))
    ax.set_ylabel(CHART["suppliers"][i].format(roles=roles))
    st = result.stats()
    ax.set_title(CHART["load_title"][i].format(
        roles=roles, max_before=st["before"]["max_load"], max_after=st["after"]["max_load"],
        gini_before=st["before"]["gini"], gini_after=st["after"]["gini"],
    ))  # fmt: skip
    ax.legend()
    return fig, ax


def unmet_by_street(result: BalanceResult, *, lang: str = "zh", top: int = 30) -> tuple[Any, Any]:
    """Horizontal bars of unmet demand per street (key organizations in red), most unmet
    weight first, with the shortfall in suppliers written beside each bar."""
    cjk_font()
    i = lang_index(lang)
    rows = [r for r in result.streets() if r["unmet"]][:top]
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.3 * len(rows) + 1.2)))
    labels = short_names([r["street"] for r in rows])
    key = [r["unmet_key"] for r in rows]
    other = [r["unmet"] - r["unmet_key"] for r in rows]
    ax.barh(labels, key, color="#c0392b", label=CHART["key"][i])
    ax.barh(labels, other, left=key, color="#5d6d7e", label=CHART["others"][i])
    short = SHORT[result.kind][i]
    for y, r in enumerate(rows):
        ax.text(r["unmet"], y, short.format(n=r["shortfall"]), va="center", fontsize=8)
    ax.set_xlabel(CHART["unmet"][i])
    ax.set_title(CHART["unmet_title"][i])
    ax.invert_yaxis()
    if rows:
        ax.legend(loc="lower right")
    return fig, ax
