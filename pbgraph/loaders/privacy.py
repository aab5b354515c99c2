"""Personal data typed where it does not belong: ID numbers and phone numbers in free text.

Offices write a member's ID number into 备注, a phone number after a community's name, a
person's name into 组织关系所在. The personal-data columns are pseudonymized or masked on
load; free-text columns are not personal data, so what is typed into them is stored and
shown as it is — unless it is scrubbed. :func:`scrub_text` masks resident ID numbers
(18 or 15 digits), mobile numbers (with or without +86, spaces or dashes) and landline
numbers written with a dash, the way the personal-data columns are masked; the loader runs
it over every free-text column and every rejected row's value and reason, and masks a row's
own person's name wherever else that row repeats it.

>>> scrub_text("联系人张三 13912345678，身份证370102199001011234")
'联系人张三 139****5678，身份证3701************34'
>>> scrub_text("济南市历下区(0531-86012345)"), scrub_text("2018年第3号")
('济南市历下区(0531-******45)', '2018年第3号')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["has_personal_numbers", "scrub_column", "scrub_text"]

_ID = r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])"
_MOBILE = r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"
_LANDLINE = r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
_PATTERN = re.compile(f"(?P<id>{_ID})|(?P<mobile>{_MOBILE})|(?P<landline>{_LANDLINE})")
#: any of them has a run of 7+ digits or 3-4-4 digits: a cheap test Arrow runs on a column
_CANDIDATE = r"[0-9]{7}|[0-9]{3}[-\s][0-9]{4}[-\s][0-9]{4}"
_CANDIDATE_RE = re.compile(_CANDIDATE)


def _mask(m: re.Match[str]) -> str:
    text = m.group()
    if m.lastgroup == "id":
        return text[:4] + "*" * (len(text) - 6) + text[-2:]
    if m.lastgroup == "mobile":
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        keep = set(digits[-11:][:3]) | set(digits[-4:]) | set(digits[:-11])
        return "".join(c if not c.isdigit() or i in keep else "*" for i, c in enumerate(text))
    area, number = text.split("-", 1)
    return f"{area}-{'*' * (len(number) - 2)}{number[-2:]}"


def has_personal_numbers(text: str) -> bool:
    """Whether ``text`` holds an ID, mobile or landline number."""
    return _PATTERN.search(text) is not None


def scrub_text(text: str) -> str:
    """``text`` with every ID, mobile and landline number in it masked."""
    if not _CANDIDATE_RE.search(text):
        return text
    return _PATTERN.sub(_mask, text)


def scrub_column(column: Sequence[Any] | pa.Array) -> Sequence[Any] | pa.Array:
    """A column of cells with :func:`scrub_text` applied to its text cells.

    An Arrow column is tested all at once and returned as it is when no cell can hold a
    number (the usual case); only then are its cells converted.
    """
    if isinstance(column, pa.Array):
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            return column
        if not pc.any(pc.match_substring_regex(column, _CANDIDATE)).as_py():
            return column
        return pa.array(
            [scrub_text(v) if v is not None else None for v in column.to_pylist()],
            type=column.type,
        )
    if not any(isinstance(v, str) and _CANDIDATE_RE.search(v) for v in column):
        return column
    return [scrub_text(v) if isinstance(v, str) else v for v in column]
