"""Every word pbgraph shows to a person, in Chinese and in English, and the one way to pick.

A word is a :data:`Text`, a ``(zh, en)`` pair; a table of words is a dict from a stable code
(what JSON carries, what code compares) to its :data:`Text`. The analyses compute codes and
numbers; the words for them live in this package, one module per subject
(``labels.coverage``, ``labels.progress``, …), so a translator or a reviewer reads them in
one place and an analysis reads like arithmetic.

Pick a language with :func:`lang_index` (``"zh"`` → 0, ``"en"`` → 1, anything else is an
error) or a word with :func:`pick`:

>>> from pbgraph.labels import pick, columns
>>> pick(("街道", "street"), "en")
'street'
>>> columns({"street": ("街道", "street"), "need": ("未覆盖单位", "uncovered")}, "zh")
[('street', '街道'), ('need', '未覆盖单位')]
>>> pick(("街道", "street"), "fr")
Traceback (most recent call last):
...
ValueError: lang must be 'zh' or 'en', not 'fr'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["LANGS", "Text", "columns", "fill", "join", "lang_index", "pick"]

#: the languages pbgraph speaks; the first is the default everywhere
LANGS = ("zh", "en")

#: one word or sentence: (Chinese, English); sentences may hold ``str.format`` fields
Text = tuple[str, str]


def lang_index(lang: str) -> int:
    """0 for ``zh``, 1 for ``en``; any other language is a :class:`ValueError`."""
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return LANGS.index(lang)


def pick(text: Text, lang: str) -> str:
    """The word of ``text`` in ``lang``."""
    return text[lang_index(lang)]


def columns(
    words: Mapping[str, Text] | Iterable[tuple[str, Text]], lang: str
) -> list[tuple[str, str]]:
    """``(key, header)`` pairs in ``lang``, in the order given."""
    i = lang_index(lang)
    items = words.items() if isinstance(words, Mapping) else words
    return [(key, text[i]) for key, text in items]


def fill(text: Text, **fields: Any) -> Text:
    """``text`` with its fields filled in both languages; a field given as a ``Text`` is
    filled by its word in each language.

    >>> fill(("有{n}名{who}", "{n} {who}"), n=2, who=("党员", "members"))
    ('有2名党员', '2 members')
    """

    def one(i: int) -> str:
        return text[i].format(**{k: v[i] if isinstance(v, tuple) else v for k, v in fields.items()})

    return one(0), one(1)


def join(sep: Text, texts: Sequence[Text]) -> Text:
    """``texts`` joined by ``sep``, in each language."""
    return sep[0].join(t[0] for t in texts), sep[1].join(t[1] for t in texts)
