"""JSON as the commands print it: ``json.dumps(obj, ensure_ascii=False, indent=2)``, fast.

The standard library's encoder runs in Python as soon as ``indent`` is given: coverage's
JSON of a city of 500 000 organizations (32 MB) took 3.6-4.8 s to encode, more than the
analysis. orjson (Rust) writes the same bytes in 0.2-0.3 s. Both print a number the same
way except where one of them uses an exponent or a very small number (Python writes
``1e-05``, orjson ``0.00001``; Python ``1e-07``, orjson ``1e-7``): text with either shape is
made again by the standard library, so the bytes never depend on which encoder ran.
Checked on 300 000 doubles of every magnitude (and by the tests): where the two differ,
orjson's text has ``e-`` or starts ``0.0000`` (a number below 1e-4; from 1e16 up both
write Python's ``1e+16``), so the check looks for these two only, with ``bytes.find``
(a third of the time it took to classify every byte of a city's 32 MB).
What orjson refuses (an integer beyond 64 bits, a lone surrogate, a type it does not
know) goes to the standard library too, which encodes it or raises as it always did.

One difference is kept on purpose: a float that is not a number (NaN, infinity) is
written ``null`` (valid JSON) where the standard library writes ``NaN``, which no JSON
parser but Python's accepts. No analysis of pbgraph produces one.

>>> json_text({"名称": "历下区", "rate": 0.5, "n": [1, 2], "none": None, "e": {}})
'{\\n  "名称": "历下区",\\n  "rate": 0.5,\\n  "n": [\\n    1,\\n    2\\n  ],\\n  "none": null,\\n  "e": {}\\n}'
>>> json_text({"tiny": 1e-05}) == json.dumps({"tiny": 1e-05}, indent=2)
True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["json_bytes", "json_text"]

_NUMBER_CHARS = frozenset(b"0123456789.-+eE")
#: what a number orjson writes otherwise than Python looks like: below 1e-4, an exponent
#: (``1e-7``; Python ``1e-07``) or a long fraction (``0.00001``; Python ``1e-05``)
_SHAPES = (b"e-", b"0.0000")


def _shapes(data: bytes) -> Iterator[int]:
    """Where ``data`` has what a number orjson writes otherwise looks like (in a number
    or, more often, in a string: :func:`_is_number_at` tells)."""
    for shape in _SHAPES:
        i = data.find(shape)
        while i >= 0:
            yield i
            i = data.find(shape, i + 1)


def _is_number_at(data: bytes, i: int) -> bool:
    """Whether the bytes around ``i`` are a number token of indented JSON: at the start,
    after a key's ``": "`` or first on its line (a string starts with a quote there)."""
    while i > 0 and data[i - 1] in _NUMBER_CHARS:
        i -= 1
    if i == 0:
        return True
    if data[i - 1] != 0x20:  # a space before it; else inside a string
        return data[i - 1] == 0x0A
    j = i - 1
    while j > 0 and data[j - 1] == 0x20:
        j -= 1
    return j == 0 or data[j - 1] == 0x0A or (j == i - 1 and data[j - 2 : j] == b'":')


def json_bytes(obj: Any) -> bytes:
    """``obj`` as indented UTF-8 JSON, byte for byte what ``json.dumps(obj,
    ensure_ascii=False, indent=2)`` gives (see the module's docstring)."""
    import orjson

    # dates, dataclasses and str/int/dict/list subclasses are left to the standard
    # library, which raises for the first two as it always did
    options = (orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
               | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS)  # fmt: skip
    try:
        data = orjson.dumps(obj, option=options)
    except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
        return _slow(obj)
    if any(_is_number_at(data, i) for i in _shapes(data)):
        return _slow(obj)
    return data


def json_text(obj: Any) -> str:
    """:func:`json_bytes` as text."""
    return json_bytes(obj).decode("utf-8")


def _slow(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=2).encode("utf-8")
