"""Charts of the analyses' results; the only package of pbgraph that imports matplotlib.

One module per subject — :mod:`~pbgraph.plots.coverage` (rates, categories, the map, one
street's network), :mod:`~pbgraph.plots.balance`, :mod:`~pbgraph.plots.grouping`,
:mod:`~pbgraph.plots.progress` (visits, coverage over time, funds) — and
:mod:`~pbgraph.plots.style` (the CJK font, the backend, :func:`~pbgraph.plots.style.save`).
Every chart function returns ``(fig, ax)``.

Importing this package imports nothing else: a module is loaded when it is first used
(``from pbgraph.plots import coverage`` or ``pbgraph.plots.coverage``).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["balance", "coverage", "grouping", "progress", "style"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
