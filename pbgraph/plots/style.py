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

import math
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib

from ..labels import lang_index  # re-exported: the charts' importers pick a language with it

__all__ = ["STATE_COLORS", "cjk_font", "close", "for_files", "lang_index", "place_labels", "save"]

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


#: Resolution of saved charts: at least :data:`DPI`, and at least :data:`MIN_WIDTH` pixels
#: wide (a chart narrower than 8 inches gets more dots per inch).
DPI = 200
MIN_WIDTH = 1600


def save(fig: Any, path: str | os.PathLike[str], *, dpi: int = DPI, min_width: int = MIN_WIDTH) -> Path:  # fmt: skip
    """Save a figure (PNG by the suffix) and close it, cropped to what it shows, at ``dpi``
    or more so that a PNG is at least ``min_width`` pixels wide; the file is written
    atomically and owner-only (:func:`pbgraph.outputs.atomic_path`)."""
    from ..outputs import atomic_path

    p = Path(path)
    fmt = p.suffix[1:].lower() or None
    try:
        extra: dict[str, Any] = {}
        if fmt == "png":
            width = fig.get_tightbbox(fig.canvas.get_renderer()).width  # inches
            dpi = max(dpi, math.ceil(min_width / max(width, 0.1)))
            extra["pil_kwargs"] = {"compress_level": 3}  # 3x faster than 6, a few % larger
        with atomic_path(p) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, bbox_inches="tight",
                        metadata={"Software": None}, **extra)  # fmt: skip
    finally:
        plt.close(fig)
    return p


def place_labels(ax: Any, items: list[tuple[float, float, str]], *, fontsize: float = 7,
                 limit: int | None = None, offset: tuple[float, float] = (4, 3),
                 **text: Any) -> list[Any]:  # fmt: skip
    """Label points without piling labels up: ``items`` ``(x, y, text)`` in order of
    importance, each placed beside its point unless it would overlap a label already placed
    (or leave the axes); at most ``limit``. Call it once the axes' limits are final. Returns
    the texts drawn (with a white halo, readable over points and lines)."""
    from matplotlib import patheffects

    ax.apply_aspect()
    fig = ax.figure
    scale = fig.dpi / 72  # points to pixels
    frame = ax.get_window_extent()
    placed: list[tuple[float, float, float, float]] = []
    out: list[Any] = []
    halo = [patheffects.withStroke(linewidth=2.5, foreground="white")]
    for x, y, label in items:
        if limit is not None and len(out) >= limit:
            break
        if not label:
            continue
        px, py = ax.transData.transform((x, y))
        w = scale * fontsize * sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in label)
        h = scale * fontsize * 1.3
        x0, y0 = px + offset[0] * scale, py + offset[1] * scale
        box = (x0, y0, x0 + w, y0 + h)
        if box[2] > frame.x1 or box[3] > frame.y1 or box[0] < frame.x0 or box[1] < frame.y0:
            x0 = px - offset[0] * scale - w  # the other side
            box = (x0, y0, x0 + w, y0 + h)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
               for b in placed):  # fmt: skip
            continue
        placed.append(box)
        out.append(ax.annotate(label, (x, y), xytext=((x0 - px) / scale, (y0 - py) / scale + 0.25 * fontsize),
                               textcoords="offset points", fontsize=fontsize, zorder=6,
                               path_effects=halo, **text))  # fmt: skip
    return out


def close(*figs: Any) -> None:
    """Close figures (e.g. those a failed save left open)."""
    for fig in figs:
        plt.close(fig)
