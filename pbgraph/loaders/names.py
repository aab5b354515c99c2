"""How names are compared when a ledger names something rather than giving its key: an
organization by name (company-form suffix ignored), a party organization or unit by name
(spaces and bracket widths ignored), a name typed over two lines of a cell."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_org_name", "one_line", "same_name"]

_NAME_NOISE = re.compile(r"[()（）\s]|有限责任公司$|股份有限公司$|有限公司$|公司$")


def one_line(text: str) -> str:
    """A name typed over two lines of a cell, on one line (``济南XX\\n有限公司``).

    >>> one_line("济南大观园\\n 珠宝有限公司")
    '济南大观园珠宝有限公司'
    """
    return re.sub(r"\s*[\r\n]+\s*", "", text) if "\n" in text or "\r" in text else text


def same_name(name: str) -> str:
    """A party organization's or unit's name for matching: no spaces, brackets of one width.

    >>> same_name("泉城路街道 恒隆广场（联合）党支部") == same_name("泉城路街道恒隆广场(联合)党支部")
    True
    """
    return "".join(unicodedata.normalize("NFKC", name).split())


def normalize_org_name(name: str) -> str:
    """Name of an organization for matching: no brackets, spaces or company-form suffix.

    >>> normalize_org_name("济南 恒泰（集团）有限责任公司")
    '济南恒泰集团'
    """
    if _NOISY(name) is None:  # most names: only a suffix to take, without a regex pass
        return _without_suffix(_without_suffix(name, _SUFFIXES), _SUFFIXES)
    once = _NAME_NOISE.sub("", name)
    # brackets and spaces are gone: only a suffix the first pass uncovered is left to take
    return _NAME_NOISE.sub("", once) if once.endswith("公司") else once


# a name with a bracket or a space; without them, the pattern's only match is the longest
# of its suffixes at the end (then, if the name still ends in 公司, the longest again)
_NOISY = re.compile(r"[()（）\s]").search
_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "公司")


def _without_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if name.endswith(s):
            return name[: -len(s)]
    return name
