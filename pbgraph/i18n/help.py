"""``--help`` in the language in force: click's command and group classes whose help, short
help and options' help are looked up in the catalog (:mod:`pbgraph.i18n.zh`) when they are
shown. The code keeps its English docstrings and ``help=`` strings (the message ids); click's
own words (``Usage:``, ``Options``) go through :func:`pbgraph.i18n.install_click`.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
import click.formatting

from . import _, current

__all__ = ["Command", "Group", "adopt", "translated"]


def translated(text: str | None) -> str | None:
    """A help text in the language in force (its message id: the cleaned English text; a
    text made in Chinese, as click makes ``--help``'s when the language was Chinese, is
    taken back to its id first)."""
    if text is None:
        return None
    msgid = inspect.cleandoc(text)
    from .zh import MESSAGES

    if msgid not in MESSAGES:
        msgid = _english().get(msgid, msgid)
    return _(msgid)


@functools.cache
def _english() -> dict[str, str]:
    from .zh import MESSAGES

    return {zh: en for en, zh in MESSAGES.items()}


@contextmanager
def _in_language(cmd: click.Command, ctx: click.Context | None = None) -> Iterator[None]:
    """The command's and its options' help texts translated while the help is written (the
    ``--help`` option too: click makes it once, in the language of that moment)."""
    saved: list[tuple[Any, str | None]] = [(cmd, cmd.help)]
    cmd.help = translated(cmd.help)
    extra = [cmd.get_help_option(ctx)] if ctx is not None else []
    for p in [*cmd.params, *[o for o in extra if o is not None]]:
        h = getattr(p, "help", None)
        if h:
            saved.append((p, h))
            p.help = translated(h)
    try:
        yield
    finally:
        for obj, h in saved:
            obj.help = h


class _Help(click.Command):
    def get_help(self, ctx: click.Context) -> str:
        with _in_language(self, ctx):
            return super().get_help(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        text = translated(self.help) or ""
        if self.short_help or current() != "zh" or text == inspect.cleandoc(self.help or ""):
            with _in_language(self):
                return super().get_short_help_str(limit)
        from rich.cells import cell_len

        first = _join(text.strip().split("\n\n")[0].splitlines()).split("。")[0].split("：")[0]
        if cell_len(first) <= limit:
            return first
        while cell_len(first + "…") > limit:
            first = first[:-1]
        return first + "…"


class Command(_Help):
    """A command whose ``--help`` speaks the language in force."""


class Group(_Help, click.Group):
    """A group whose ``--help`` (and its commands' list) speaks the language in force; its
    subcommands are :class:`Command` and :class:`Group` too."""

    command_class = Command
    group_class = type  # subgroups of a Group are Groups

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:  # fmt: skip
        if parent is None:  # a new run (in-process runs follow one another): decide afresh
            from .. import config
            from . import set_lang

            set_lang(None)
            config.set_path(None)
        return super().make_context(info_name, args, parent, **extra)


def adopt(cmd: click.Command) -> None:
    """Make a plain click command or group (one made without ``cls=``) speak the language in
    force too."""
    if type(cmd) is click.Command:
        cmd.__class__ = Command
    elif type(cmd) is click.Group:
        cmd.__class__ = Group
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            adopt(sub)


# -- wrapping Chinese help by display width ----------------------------------------------

_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_TOKENS = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+|\s+")
#: punctuation that may not begin a line (it stays on the line before, a cell or two over)
_CLOSING = set("，。、；：？！）」』》")


def _has_cjk(text: str) -> bool:
    return re.search(f"[{_CJK}]", text) is not None


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one: no space where a line ends or the next begins in Chinese."""
    out = ""
    for line in lines:
        if out and not (_has_cjk(out[-1]) or _has_cjk(line[:1])):
            out += " "
        out += line
    return out


def _fill(text: str, width: int, first: str, rest: str) -> str:
    """``text`` wrapped greedily at ``width`` display cells (a Chinese character is two)."""
    from rich.cells import cell_len

    lines: list[str] = []
    cur, cur_w = first, cell_len(first)
    for tok in _TOKENS.findall(text):
        if tok.isspace():
            if cur.strip() and cur_w < width:
                cur, cur_w = cur + " ", cur_w + 1
            continue
        w = cell_len(tok)
        if cur_w + w > width and cur.strip() and not (tok in _CLOSING and cur_w + w <= width + 2):
            lines.append(cur.rstrip())
            cur, cur_w = rest, cell_len(rest)
        cur, cur_w = cur + tok, cur_w + w
    lines.append(cur.rstrip())
    return "\n".join(lines)


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:  # fmt: skip
    """click's ``wrap_text`` (the same paragraphs, ``\\b`` blocks and indents), measuring
    display width, so that Chinese help fits the terminal; text without Chinese goes to
    click's own."""
    if not _has_cjk(text):
        return _click_wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    text = text.expandtabs()
    if not preserve_paragraphs:
        return _fill(_join(text.splitlines()), width, initial_indent, subsequent_indent)
    paragraphs: list[tuple[int, bool, list[str]]] = []
    buf: list[str] = []
    indent: int | None = None
    for line in [*text.splitlines(), ""]:
        if line:
            if indent is None:
                indent = len(line) - len(line.lstrip())
                line = line.lstrip()
            buf.append(line)
            continue
        if buf:
            raw = buf[0].strip() == "\b"
            paragraphs.append((indent or 0, raw, buf[1:] if raw else buf))
        buf, indent = [], None
    out = []
    for ind, raw, lines in paragraphs:
        first, rest = initial_indent + " " * ind, subsequent_indent + " " * ind
        if raw:
            out.append("\n".join((first if i == 0 else rest) + x for i, x in enumerate(lines)))
        else:
            out.append(_fill(_join([x.strip() for x in lines]), width, first, rest))
    return "\n\n".join(out)


_click_wrap_text = click.formatting.wrap_text
