"""Checks (and, for synthetic data, constructors) of the identifiers in the ledgers.

* Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the
  alphabet ``0-9 A-H J-N P-R T U W-Y``; characters 9-17 are the GB 11714 organization
  code with its own check character; character 18 checks the first 17.
* Resident identity number (公民身份号码), GB 11643-1999: 17 digits, a date of birth and a
  check character (``0-9`` or ``X``).
* Mainland mobile number: 11 digits starting ``1[3-9]``.

Examples
--------
>>> is_credit_code("91350100M000100Y43")  # the example printed in GB 32100-2015
True
>>> code = make_credit_code("91", "370102", "MA3C1234")
>>> code, is_credit_code(code)
('91370102MA3C123469', True)
>>> credit_code_problem("91370102MA3C123465")
'校验码错误 (check character 18 should be 9, not 5)'
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = [
    "USCC_ALPHABET",
    "credit_code_problem",
    "is_credit_code",
    "is_mobile",
    "is_resident_id",
    "make_credit_code",
    "make_resident_id",
    "org_code_check",
    "resident_id_problem",
    "uscc_check",
]

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_USCC_RE = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{18}")

# GB 11714: weights of the 8 body characters; letters count 10..35 (A..Z).
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_RID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_RID_CHECK = "10X98765432"
_RID_RE = re.compile(r"\d{17}[\dX]")
_MOBILE_RE = re.compile(r"1[3-9]\d{9}")


def _gb11714_value(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def org_code_check(body: str) -> str:
    """Check character of an 8-character GB 11714 organization code body.

    >>> org_code_check("D2143569")
    'X'
    """
    s = sum(_gb11714_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc_check(first17: str) -> str:
    """Check character (the 18th) of a unified social credit code.

    >>> uscc_check("91350100M000100Y4")
    '3'
    """
    s = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or ``None`` when it is.

    The message is Chinese first, English in brackets, ready for a quarantine file.
    """
    if len(code) != 18:
        return f"长度应为18位 (must be 18 characters, got {len(code)})"
    if not _USCC_RE.fullmatch(code):
        bad = sorted({c for c in code if c not in _USCC_VALUE})
        return f"含非法字符 (characters not allowed: {' '.join(bad)})"
    expected = uscc_check(code[:17])
    if code[17] != expected:
        return f"校验码错误 (check character 18 should be {expected}, not {code[17]})"
    body, check = code[8:16], code[16]
    if org_code_check(body) != check:
        return (
            "组织机构代码校验码错误 (the embedded organization code "
            f"{body}-{check} should end in {org_code_check(body)})"
        )
    return None


def is_credit_code(code: str) -> bool:
    """Whether ``code`` is a valid unified social credit code (both check characters)."""
    return credit_code_problem(code) is None


def make_credit_code(prefix: str, division: str, body: str) -> str:
    """Build a valid credit code from a 2-char prefix, a 6-digit division and an 8-char body.

    Both check characters are computed. ``body`` must use the credit-code alphabet.
    """
    org = body + org_code_check(body)
    first17 = prefix + division + org
    return first17 + uscc_check(first17)


def resident_id_problem(rid: str) -> str | None:
    """Why ``rid`` is not a valid 18-digit resident identity number, or ``None``."""
    if not _RID_RE.fullmatch(rid):
        return "应为17位数字加1位校验码 (must be 17 digits and a check digit or X)"
    try:
        _dt.date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14]))
    except ValueError:
        # the digits stay out of the message: it goes to the quarantine next to a masked ID
        return "出生日期无效 (invalid date of birth in characters 7-14)"
    expected = _RID_CHECK[sum(int(c) * w for c, w in zip(rid[:17], _RID_WEIGHTS, strict=True)) % 11]
    if rid[17] != expected:
        return f"校验码错误 (check digit should be {expected}, not {rid[17]})"
    return None


def is_resident_id(rid: str) -> bool:
    """Whether ``rid`` is a valid resident identity number.

    >>> is_resident_id("11010519491231002X")
    True
    >>> is_resident_id("110105194912310021")
    False
    """
    return resident_id_problem(rid) is None


def make_resident_id(division: str, birth: _dt.date, seq: int) -> str:
    """A valid resident identity number for synthetic data (``seq`` in 0..999)."""
    first17 = f"{division}{birth:%Y%m%d}{seq:03d}"
    return (
        first17
        + _RID_CHECK[sum(int(c) * w for c, w in zip(first17, _RID_WEIGHTS, strict=True)) % 11]
    )


def is_mobile(phone: str) -> bool:
    """Whether ``phone`` is an 11-digit mainland mobile number.

    >>> is_mobile("13912345678"), is_mobile("12912345678")
    (True, False)
    """
    return _MOBILE_RE.fullmatch(phone) is not None
