"""``pbgraph load``'s progress on standard error: on a terminal, a bar over the ledgers' bytes
with the files read, the size and the time left, then one line per kind of ledger as it is
loaded (rich); plain lines when standard error is not a terminal; nothing with ``-q``.

The loader reports what it starts (``reading PATH``, ``loading KIND``: the ``progress``
callback of :func:`pbgraph.loaders.load.load_ledgers`); the bar's measure is the files'
sizes, known before reading.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import click

from ..labels import pick
from ..labels.cli import LEDGER_KINDS, LOAD_PROGRESS

__all__ = ["LoadProgress"]


class LoadProgress:
    """A ``progress`` callback for :func:`~pbgraph.loaders.load.load_ledgers`, used as a
    context manager (the terminal's display is closed on the way out)."""

    def __init__(self, files: Sequence[str], lang: str, *, quiet: bool = False,
                 tty: bool | None = None) -> None:  # fmt: skip
        self.files = list(files)
        self.sizes = {str(f): _size(f) for f in self.files}
        self.lang = lang
        self.quiet = quiet
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.read = -1  # the file being read
        self.kind: str | None = None
        self._live: Any = None
        self._bar: Any = None
        self._kinds: Any = None
        self._task: Any = None
        self._kind_task: Any = None

    # -- the display -------------------------------------------------------------------
    def __enter__(self) -> LoadProgress:
        if self.quiet or not self.tty:
            return self
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        console = Console(file=sys.stderr)
        self._bar = Progress(
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
            TextColumn("{task.fields[files]}"), DownloadColumn(), TimeRemainingColumn(),
            console=console, transient=False,
        )  # fmt: skip
        self._kinds = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                               TimeElapsedColumn(), console=console)  # fmt: skip
        from rich.console import Group
        from rich.live import Live

        self._live = Live(Group(self._bar, self._kinds), console=console, refresh_per_second=8)
        self._live.__enter__()
        total = sum(self.sizes.values()) or 1
        self._task = self._bar.add_task("", total=total, files=self._files(0))
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        if self._live is not None:
            if et is None:
                self._finish_kind()
            self._live.__exit__(et, e, tb)
            self._live = None

    # -- what the loader says ----------------------------------------------------------
    def __call__(self, message: str) -> None:
        if self.quiet:
            return
        what, _sep, arg = message.partition(" ")
        if what == "reading":
            self._reading(arg)
        elif what == "loading":
            self._loading(arg)
        else:
            self._line(message)

    def _reading(self, path: str) -> None:
        self.read += 1
        words = pick(LOAD_PROGRESS["reading"], self.lang).format(file=Path(path).name)
        if self._bar is None:
            size = self.sizes.get(path, 0) / 1e6
            self._line(f"{words} ({self._files(self.read + 1)}, {size:.1f} MB)")
            return
        done = sum(self.sizes[f] for f in self.files[: self.read])
        self._bar.update(self._task, completed=done, description=words,
                         files=self._files(self.read + 1))  # fmt: skip

    def _loading(self, kind: str) -> None:
        word = pick(LEDGER_KINDS[kind], self.lang) if kind in LEDGER_KINDS else kind
        if self._bar is None:
            self._line(pick(LOAD_PROGRESS["loading"], self.lang).format(kind=word))
            return
        if self.kind is None:  # every file read
            self._bar.update(self._task, completed=self._bar.tasks[0].total,
                             description=pick(LOAD_PROGRESS["files"], self.lang).format(
                                 done=len(self.files), all=len(self.files)),
                             files="")  # fmt: skip
        self._finish_kind()
        self.kind = kind
        self._kind_task = self._kinds.add_task(
            pick(LOAD_PROGRESS["loading"], self.lang).format(kind=word), total=1
        )

    def _finish_kind(self) -> None:
        if self.kind is not None and self._kinds is not None:
            word = pick(LEDGER_KINDS.get(self.kind, (self.kind, self.kind)), self.lang)
            self._kinds.update(self._kind_task, completed=1,
                               description=pick(LOAD_PROGRESS["loaded"], self.lang).format(kind=word))  # fmt: skip

    def _files(self, n: int) -> str:
        return pick(LOAD_PROGRESS["files"], self.lang).format(done=n, all=len(self.files))

    def _line(self, text: str) -> None:
        if self._live is not None:
            self._live.console.print(text, markup=False, highlight=False)
        else:
            click.echo(text, err=True)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
