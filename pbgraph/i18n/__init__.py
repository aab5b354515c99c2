"""The language of what a person reads at the command line, and its one catalog.

pbgraph speaks Chinese first and English. The words of the analyses' tables (headers,
categories, reasons) are ``(zh, en)`` pairs in :mod:`pbgraph.labels`, one module per
subject; every other sentence the command line shows (``--help``, errors, the load's
summary and notices, click's own words) is written in English in the code, as a gettext
message id, and :mod:`pbgraph.i18n.zh` holds its Chinese — a plain dict, so that a test can
check that every message the command line can show has its Chinese
(``tests/unit/test_i18n.py``) without a compile step.

The language is, first to last: ``--lang``, ``PBGRAPH_LANG``, ``lang`` in ``pbgraph.toml``
(:mod:`pbgraph.config`), the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``en…`` is
English, ``zh…`` Chinese), Chinese.

>>> with using("zh"):
...     _("Show this message and exit.")
'显示此帮助并退出。'
>>> with using("en"):
...     _("Show this message and exit.")
'Show this message and exit.'
>>> with using("zh"):
...     _("Error: {message}", message="…")
'错误：…'
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["LANGS", "_", "bilingual", "current", "from_locale", "ngettext", "set_lang", "using"]

LANGS = ("zh", "en")

_lang: str | None = None
#: where the language in force came from (``pbgraph config`` says)
_source: str = "default"


def from_locale(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """``zh`` or ``en`` from the locale's variables, or ``None`` when they name neither."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:  # the first one set decides, as in POSIX
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in LANGS else None
    return None


def resolve(option: str | None = None) -> tuple[str, str]:
    """The language and where it came from: ``--lang``, ``PBGRAPH_LANG``, the config file,
    the locale, the default."""
    if option:
        return check(option), "option"
    env = os.environ.get("PBGRAPH_LANG")
    if env:
        return check(env), "env PBGRAPH_LANG"
    from ..config import file_setting

    found = file_setting("lang")
    if found is not None:
        return check(str(found[0])), f"file {found[1]}"
    loc = from_locale()
    if loc:
        return loc, "locale"
    return LANGS[0], "default"


def check(lang: str) -> str:
    if lang not in LANGS:
        from ..errors import InputError

        raise InputError(_("--lang / PBGRAPH_LANG must be zh or en, not {lang!r}", lang=lang))
    return lang


def set_lang(lang: str | None, source: str = "option") -> None:
    """Use ``lang`` from now on (``None``: decide again from the environment)."""
    global _lang, _source
    _lang = check(lang) if lang is not None else None
    _source = source if lang is not None else "default"


def current() -> str:
    """The language in force (decided on first use when no one set it)."""
    global _lang, _source
    if _lang is None:
        try:
            _lang, _source = resolve()
        except Exception:  # a bad PBGRAPH_LANG or config: the commands say so; help stays zh
            _lang, _source = LANGS[0], "default"
    return _lang


def source() -> str:
    current()
    return _source


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Speak ``lang`` inside the block (tests, the CLI reference)."""
    global _lang, _source
    saved = _lang, _source
    _lang, _source = check(lang), "option"
    try:
        yield
    finally:
        _lang, _source = saved


def _(msgid: str, /, **fields: Any) -> str:
    """``msgid`` (English) in the language in force, with its ``str.format`` fields filled."""
    text = msgid
    if current() == "zh":
        from .zh import MESSAGES

        text = MESSAGES.get(msgid, msgid)
    return text.format(**fields) if fields else text


def gettext(msgid: str) -> str:
    """click's own words (``Usage:``, ``Options``, its errors): gettext's signature."""
    if current() == "zh":
        from .zh import MESSAGES

        return MESSAGES.get(msgid, msgid)
    return msgid


def ngettext(singular: str, plural: str, n: int) -> str:
    """gettext's plural form; Chinese has one form (the catalog keys the plural)."""
    if current() == "zh":
        from .zh import MESSAGES

        return MESSAGES.get(plural, MESSAGES.get(singular, plural if n != 1 else singular))
    return singular if n == 1 else plural


def bilingual(message: str) -> str:
    """A loader's message ``中文 (English)`` (quarantine files carry both) in the language in
    force: the part before `` (`` in Chinese, the bracket's content in English; what comes
    before the Chinese (a file, a sheet: ``path: ``) stays in both. Anything else is as it is.

    >>> with using("en"):
    ...     bilingual("a.csv: 缺少必填项 (required value is missing)")
    'a.csv: required value is missing'
    >>> with using("zh"):
    ...     bilingual("a.csv: 缺少必填项 (required value is missing)")
    'a.csv: 缺少必填项'
    """
    zh, sep, en = message.partition(" (")
    if not sep or not en.endswith(")") or not _cjk(zh) or not _balanced(en[:-1]):
        return message  # not a loader's pair: said in one language already
    if current() == "zh":
        return zh
    first = next(i for i, ch in enumerate(zh) if _cjk(ch))
    return zh[:first] + en[:-1]


def _balanced(text: str) -> bool:
    """Whether the brackets in ``text`` close in order (the message's last bracket is the one
    its first `` (`` opens)."""
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types",
                  "termui", "utils", "shell_completion")  # fmt: skip


def install_click() -> None:
    """Let click's own words (``Usage:``, ``Options``, ``Missing option``…) follow the language
    (click looks them up with ``gettext`` by name in each module), and wrap Chinese help by
    display width (:func:`pbgraph.i18n.help.wrap_text`)."""
    import importlib

    from . import help as help_

    click_formatting = importlib.import_module("click.formatting")
    if click_formatting.wrap_text is not help_.wrap_text:  # Chinese help wraps by width
        click_formatting.wrap_text = help_.wrap_text  # type: ignore[attr-defined]
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
