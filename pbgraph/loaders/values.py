"""Cell values as people type them -> typed values, or a reason why not.

Every parser takes the raw cell (a string, or a number/date from a spreadsheet) and returns
``(value, problem)``: ``problem`` is ``None`` when the value is good, else a message in
Chinese with the English in brackets.

Examples
--------
>>> from pbgraph.graphmodel.schema import NODES, FIELDS
>>> parse(NODES["Organization"].prop("formal_members"), "３人")
(3, None)
>>> parse(NODES["Organization"].prop("key"), "√")
(True, None)
>>> parse(NODES["PartyOrg"].prop("founded"), "2018年7月31日")
(datetime.date(2018, 7, 31), None)
>>> parse(NODES["Organization"].prop("credit_code"), 4.10101e17)[1]
'被Excel转成了数字，请将该列设为文本后重新导出 (Excel turned this identifier into a number; format the column as text and export again)'
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ..graphmodel.identifiers import credit_code_problem, is_mobile, resident_id_problem
from ..graphmodel.schema import Prop

__all__ = [
    "WHITESPACE",
    "SPLIT_PATTERN",
    "BadCell",
    "clean",
    "mask_name",
    "mask_value",
    "parse",
    "split_many",
    "split_names",
]

_TRUE = {"是", "√", "✓", "有", "y", "yes", "true", "t", "1", "重点", "规上"}
_FALSE = {"否", "×", "✗", "无", "n", "no", "false", "f", "0", "非重点", "-"}
_UNITS = re.compile(r"(人|名|家|个|户|万元|元)$")
_SCI = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
#: a month without a day (2018年8月, 2018.8, 2018-08): the first of the month
_MONTH = re.compile(r"^(\d{4})(?:年(\d{1,2})月份?|[-/.](\d{1,2}))$")
#: names in one cell: separated by 、，;； / or a line, never by a space (offices pad
#: two-character names: 王  明); a phone number, in brackets or not, is dropped
_NAME_SPLIT = re.compile(r"[;；、,，/\n]+")
_NAME_NOISE = re.compile(r"\([^)]*\)|(?:联系)?(?:电话|手机)[:：]?|[0-9*＊\-]{7,}|\s")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_NUMBER_ID = (
    "被Excel转成了数字，请将该列设为文本后重新导出 "
    "(Excel turned this identifier into a number; format the column as text and export again)"
)
#: Every character Python's ``str.isspace`` accepts, spelled out so that Arrow's regular
#: expressions (RE2, whose ``\s`` is ASCII only) use exactly the same set.
WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
SPLIT_PATTERN = f"[;；、,，/{WHITESPACE}]+"
_SPLIT = re.compile(SPLIT_PATTERN)


@dataclass(frozen=True)
class BadCell:
    """A cell the reader could not take as it is: one over the size limit, one that two
    columns of the same field fill with different values, or the cell through which a
    row the reader could not take (more cells than a spreadsheet has columns, cells beyond
    the header) is reported. :func:`parse` gives its ``problem``; ``text`` is what messages
    and the quarantine show of it (short, whatever the cell held).

    >>> from pbgraph.graphmodel.schema import NODES
    >>> parse(NODES["Organization"].prop("name"), BadCell("甲公司…", "too long (过长)"))
    (None, 'too long (过长)')
    """

    text: str
    problem: str

    def __str__(self) -> str:
        return self.text


def clean(raw: Any) -> str:
    """NFKC-normalized, trimmed text of a cell (``""`` for an empty one).

    >>> clean("　（ＡＢＣ） ")
    '(ABC)'
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return unicodedata.normalize("NFKC", str(raw)).strip()


def split_many(text: str) -> list[str]:
    """Split a multi-valued cell on ``；;、,，/`` and spaces, dropping empties."""
    return [t for t in _SPLIT.split(text) if t]


def split_names(text: str, *, people: bool = True) -> list[str]:
    """The names in one cell, in order, once each: people (phone numbers and anything in
    brackets dropped) or units (brackets kept).

    >>> split_names("周**（139****5678）、王 明;李四 13912345678")
    ['周**', '王明', '李四']
    >>> split_names("历下区 民政局、历下区（市场监管局）", people=False)
    ['历下区民政局', '历下区(市场监管局)']
    """
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for part in _NAME_SPLIT.split(text):
        name = _NAME_NOISE.sub("", part) if people else "".join(part.split())
        if name and name not in out:
            out.append(name)
    return out


def parse(prop: Prop, raw: Any) -> tuple[Any, str | None]:
    """Parse one cell for ``prop``. Empty cells give ``(None, None)`` (required is checked
    by the caller)."""
    if isinstance(raw, BadCell):
        return None, raw.problem
    numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
    if prop.check in ("credit_code", "resident_id") and numeric:
        return None, _NUMBER_ID
    text = clean(raw)
    if text == "":
        return None, None
    if prop.check in ("person_names", "unit_names"):
        return split_names(text, people=prop.check == "person_names") or None, None
    if prop.many:
        values = []
        for part in split_many(text):
            v, problem = _parse_one(prop, part, part)
            if problem:
                return None, f"{part}: {problem}"
            values.append(v)
        return values, None
    return _parse_one(prop, text, raw)


#: an identifier's problem (:mod:`pbgraph.graphmodel.identifiers`) whose Chinese says less
#: than its English, and the Chinese that says as much
_IN_FULL = [
    (re.compile(r"^长度应为18位 \(must be 18 characters, got (\d+)\)$"), "长度应为18位，实为{0}位"),
    (re.compile(r"^含非法字符 \(characters not allowed: (.+)\)$"), "含非法字符：{0}"),
    (re.compile(r"^校验码错误 \(check character 18 should be (\w), not (\w)\)$"),
     "第18位校验码应为{0}，实为{1}"),
    (re.compile(r"^组织机构代码校验码错误 \(the embedded organization code (\w+)-(\w) should end "
                r"in (\w)\)$"), "内含的组织机构代码{0}-{1}校验码错误，应为{2}"),
    (re.compile(r"^校验码错误 \(check digit should be (\w), not (\w)\)$"),
     "第18位校验码应为{0}，实为{1}"),
    (re.compile(r"^应为17位数字加1位校验码 \(must be 17 digits and a check digit or X\)$"),
     "应为17位数字加1位校验码（0-9或X）"),
    (re.compile(r"^出生日期无效 \(invalid date of birth in characters 7-14\)$"),
     "第7-14位的出生日期无效"),
]  # fmt: skip


def said_in_full(problem: str) -> str:
    """An identifier's problem with a Chinese that says as much as its English (which check
    character, what it should be, what it is).

    >>> said_in_full("校验码错误 (check character 18 should be 9, not 5)")
    '第18位校验码应为9，实为5 (check character 18 should be 9, not 5)'
    """
    for pattern, zh in _IN_FULL:
        m = pattern.match(problem)
        if m:
            return f"{zh.format(*m.groups())} ({problem.partition(' (')[2]}"
    return problem


def _parse_one(prop: Prop, text: str, raw: Any) -> tuple[Any, str | None]:
    if prop.check == "credit_code" or prop.check == "resident_id":
        if _SCI.match(text):
            return None, _NUMBER_ID
        code = "".join(text.split()).upper()
        problem = (credit_code_problem if prop.check == "credit_code" else resident_id_problem)(
            code
        )
        return (None, said_in_full(problem)) if problem else (code, None)
    if prop.labels or prop.choices:
        return _parse_choice(prop, text)
    t = prop.type
    if t == "str":
        return text, None
    if t in ("int", "float"):
        return _parse_number(prop, text, raw)
    if t == "bool":
        low = text.lower()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return (
            None,
            f"应为是/否（是/否、√、有/无），实为 {text!r} (expected yes/no: 是/否, √, 有/无; got {text!r})",
        )
    if t == "date":
        return _parse_date(text, raw)
    raise AssertionError(t)  # pragma: no cover - the schema has no other types


def _parse_choice(prop: Prop, text: str) -> tuple[Any, str | None]:
    low = text.lower()
    for value, words in prop.labels:
        if low == value or text in words:
            return value, None
    if low in prop.choices:
        return low, None
    allowed = "、".join(words[0] for _, words in prop.labels) or ", ".join(prop.choices)
    return (
        None,
        f"取值应为 {allowed}，实为 {text!r} (not one of the allowed values {allowed}: {text!r})",
    )


def _parse_number(prop: Prop, text: str, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        num: float = raw
    else:
        t = _UNITS.sub("", text.replace(",", "")).strip()
        try:
            num = float(t)
        except ValueError:
            return None, f"应为数字，实为 {text!r} (not a number: {text!r})"
    if not math.isfinite(num):
        return None, f"应为数字，实为 {text!r} (not a number: {text!r})"
    if prop.type == "int":
        if not float(num).is_integer():
            return None, f"应为整数，实为 {text!r} (not a whole number: {text!r})"
        num = int(num)
    else:
        num = float(num)
    if prop.min is not None and num < prop.min:
        return None, f"不应小于 {prop.min:g}，实为 {text} (below the minimum {prop.min:g}: {text})"
    if prop.max is not None and num > prop.max:
        return None, f"不应大于 {prop.max:g}，实为 {text} (above the maximum {prop.max:g}: {text})"
    return num, None


def _parse_date(text: str, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, int | float) and 1 <= raw < 80000:  # an Excel serial day number
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw)), None
    for pat in _DATE_PATTERNS:
        m = pat.match(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), None
            except ValueError:
                break
    m = _MONTH.match(text)
    if m:
        month = int(m[2] or m[3])
        if 1 <= month <= 12:
            return dt.date(int(m[1]), month, 1), None
    if text.isdigit() and 20000 <= int(text) < 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(text)), None
    return None, (
        f"日期无法识别：{text!r}，请写作 2018-07-31 或 2018年7月31日 "
        f"(not a date: {text!r}; use 2018-07-31 or 2018年7月31日)"
    )


def mask_name(name: str) -> str:
    """Keep the surname, mask the rest: ``"张三丰" -> "张**"``.

    >>> mask_name("欧阳娜娜"), mask_name("")
    ('欧***', '')
    """
    return name[:1] + "*" * (len(name) - 1) if name else ""


def mask_value(prop: Prop, text: str) -> str:
    """A cell value as it may appear in outputs: personal data masked."""
    if not prop.pii or not text:
        return text
    if prop.check == "resident_id" or prop.name == "resident_id":
        return (
            text[:4] + "*" * max(0, len(text) - 6) + text[-2:] if len(text) > 6 else "*" * len(text)
        )
    if prop.name == "phone":
        return text[:3] + "****" + text[-4:] if is_mobile(text) else "*" * len(text)
    return mask_name(text)
