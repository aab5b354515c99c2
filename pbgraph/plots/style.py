"""The look every chart shares: the CJK font, the backend, the colours and :func:`save`.

Chinese text renders on a fresh machine: the project depends on a packaged Noto Sans CJK
font (``cvttf-NotoSansCJK-Regular`` on PyPI, SIL Open Font License) and registers it with
matplotlib here (:func:`cjk_font`), so no system font is needed; DejaVu Sans (shipped with
matplotlib) is the fallback for the few symbols Noto Sans CJK lacks.

The backend: this module is the only place pbgraph chooses one, and only once a chart module
is imported (an analysis or ``pbgraph coverage --format table`` never imports matplotlib).
Without a display it is Agg (charts are files; no window is ever tried); a notebook keeps
its inline backend; :func:`for_files` selects Agg before drawing charts only to save them
(the report, ``--chart``) unless figures are open in another backend.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

from ..labels import lang_index  # re-exported: the charts' importers pick a language with it

__all__ = ["STATE_COLORS", "cjk_font", "close", "for_files", "lang_index", "save"]

#: Colour of an organization by its coverage state, used by every chart.
STATE_COLORS = {"org": "#2e86c1", "work": "#f39c12", "uncovered": "#c0392b"}


def _notebook() -> bool:
    return "ipykernel" in sys.modules


def _display() -> bool:
    """Whether a window could open (on Linux and the BSDs: an X or Wayland display)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def for_files() -> None:
    """Agg for charts that are only saved, unless a notebook shows them inline or figures
    are open in another backend (switching would close them; saving works from any)."""
    if _notebook():
        return
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        if plt.get_fignums():
            return
    matplotlib.use("Agg")


if not _notebook() and not _display():
    matplotlib.use("Agg")  # charts are files; never try to open a window

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402


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


def save(fig: Any, path: str | os.PathLike[str], *, dpi: int = 110) -> Path:
    """Save a figure (PNG by the suffix) and close it; the file is written atomically and
    owner-only (:func:`pbgraph.outputs.atomic_path`)."""
    from ..outputs import atomic_path

    p = Path(path)
    fmt = p.suffix[1:].lower() or None
    try:
        with atomic_path(p) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    finally:
        plt.close(fig)
    return p


def close(*figs: Any) -> None:
    """Close figures (e.g. those a failed save left open)."""
    for fig in figs:
        plt.close(fig)
