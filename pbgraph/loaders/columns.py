"""Column-at-a-time cell parsing: the same rules as :mod:`pbgraph.loaders.values`, applied
to a whole column at once so that a city's 500 000-row ledger loads in seconds.

* Text columns are normalized (NFKC, trimmed) by Arrow's compute kernels.
* Credit codes and resident ID numbers are checked with numpy over fixed-width byte arrays;
  only the values that fail are passed to :func:`values.parse` for their message.
* Decimal columns are cast in bulk; the few cells that are not plain numbers take the
  per-cell path.
* Everything else (choices, booleans, dates, small integers) has few distinct values: each
  distinct value is parsed once and the result is spread back over the column.

:func:`parse_column` returns the values and, for each cell, ``None`` or the problem, exactly
as :func:`values.parse` would for that cell (the tests check they agree).

Examples
--------
>>> import pyarrow as pa
>>> from pbgraph.graphmodel.schema import NODES
>>> col = normalize(pa.array(["３人", " 12 ", None, "x"]))
>>> parse_column(NODES["Organization"].prop("employees"), col)
([3, 12, None, None], {3: "应为数字，实为 'x' (not a number: 'x')"})
"""

from __future__ import annotations

import dataclasses
import functools
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..graphmodel.identifiers import USCC_ALPHABET
from ..graphmodel.schema import Prop
from . import arrays
from .values import SPLIT_PATTERN, WHITESPACE, parse

__all__ = ["column_threads", "normalize", "parse_column", "plain_numbers", "unescape_formulas"]

_USCC_LUT = np.full(256, -1, dtype=np.int64)
for _i, _c in enumerate(USCC_ALPHABET):
    _USCC_LUT[ord(_c)] = _i
_ORG_LUT = np.full(256, -1, dtype=np.int64)
for _c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _ORG_LUT[ord(_c)] = int(_c) if _c.isdigit() else ord(_c) - ord("A") + 10
_USCC_W = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
_ORG_W = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_RID_W = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_RID_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)
_PLAIN_NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)$"


@functools.cache
def column_threads() -> ThreadPoolExecutor:
    """Threads for column-at-a-time work (Arrow and numpy release the GIL), one per core."""
    return ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="pbgraph")


def normalize(arr: pa.Array) -> pa.Array:
    """NFKC-normalize and trim a column of text; empty cells become null.

    A column of ASCII and CJK ideographs only is left as it is by NFKC; else a column with
    few distinct values (district, industry, yes/no …) is normalized one distinct value at
    a time.
    """
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.string())
    if _ascii_or_cjk(arr):
        return _trimmed(arr)
    if len(arr) > 4 * _SAMPLE and pc.count_distinct(arr.slice(0, _SAMPLE)).as_py() < _SAMPLE // 2:
        d = pc.dictionary_encode(arr)
        return pc.take(_normalize(d.dictionary), d.indices)
    return _normalize(arr)


_SAMPLE = 2000
#: a cell pbgraph's CSV writers escaped (:func:`pbgraph.outputs.csv_cell`): apostrophes,
#: then what a spreadsheet takes as the start of a formula (= + - @ tab CR)
_ESCAPED = r"^'('*[=+\-@\t\r])"
_APOSTROPHE = ord("'")


def unescape_formulas(arr: pa.Array) -> pa.Array:
    """Text cells as they were before :func:`pbgraph.outputs.csv_cell` escaped them for a
    CSV file: one leading apostrophe dropped where apostrophes and a formula start follow
    it (``'=HYPERLINK("x")`` is ``=HYPERLINK("x")``, ``''=x`` is ``'=x``). Only a column
    with a cell whose first byte is an apostrophe is looked at further.

    >>> unescape_formulas(pa.array(["'=1+1", "'-", "'x", "-2", None, "''@a"])).to_pylist()
    ['=1+1', '-', "'x", '-2', None, "'@a"]
    """
    at = arrays.offsets(arr)
    data = arr.buffers()[2]
    if data is None or not len(arr):
        return arr
    starts = at[:-1][at[1:] > at[:-1]]
    if not starts.size or not (np.frombuffer(data, dtype=np.uint8)[starts] == _APOSTROPHE).any():
        return arr
    return pc.replace_substring_regex(arr, _ESCAPED, r"\1")


# typed scalars: no implicit cast (Arrow's first costs 0.2 s), no pandas probe (see arrays)
_EIGHTEEN = arrays.int32(18)
_NULL_TEXT = arrays.null(pa.string())


def _normalize(arr: pa.Array) -> pa.Array:
    if not _nfkc_already(arr):
        arr = pc.utf8_normalize(arr, "NFKC")
    return _trimmed(arr)


def _trimmed(arr: pa.Array) -> pa.Array:
    """Cells trimmed of whitespace, the empty ones null."""
    t = pc.utf8_trim(arr, characters=WHITESPACE)
    at = arrays.offsets(t)
    empty = at[1:] == at[:-1]
    if t.null_count:
        empty &= arrays.valid(t)
    if not empty.any():
        return t
    if t.offset:  # a slice: the plain way
        return pc.if_else(arrays.bools(empty), _NULL_TEXT, t)
    # empty cells become nulls: a new validity bitmap over the same offsets and bytes
    valid = arrays.bools(arrays.valid(t) & ~empty).buffers()[1]
    return pa.Array.from_buffers(t.type, len(t), [valid, *t.buffers()[1:]])


def _ascii_or_cjk(arr: pa.Array) -> bool:
    """Whether the cells hold only ASCII and the CJK ideographs U+4000-U+9FFF (lead bytes
    E4-E9), which NFKC leaves as they are (the tests check the range)."""
    data = arrays.text_bytes(arr)
    if not data.size:
        return True
    top = data.max()
    return bool(
        top < 0x80
        or (top <= 0xE9 and np.count_nonzero(data >= 0xC0) == np.count_nonzero(data >= 0xE4))
    )


def _nfkc_already(arr: pa.Array) -> bool:
    """Whether every cell is NFKC-normalized already (the caller has tried the bytes with
    :func:`_ascii_or_cjk`): Python's quick check over all the cells at once. If their
    concatenation is normalized, so is each cell (normalization never joins what the
    concatenation keeps apart, and the cells' own changes would show in it).
    """
    return unicodedata.is_normalized("NFKC", arrays.text_bytes(arr).tobytes().decode("utf-8"))


def parse_column(
    prop: Prop, col: pa.Array | list[Any], *, lazy: bool = False
) -> tuple[list[Any] | pa.Array, dict[int, str]]:
    """Parse a column for ``prop``: a normalized Arrow string array (see :func:`normalize`)
    or a list of raw cells (spreadsheet values of any type). Returns the values and the
    problems by row index (rows without a problem are absent).

    With ``lazy``, text and identifier columns may come back as Arrow arrays (nulls where
    empty or rejected), to become Python values only when they are loaded.
    """
    values, problems = _parse(prop, col)
    if isinstance(values, pa.Array) and not lazy:
        values = values.to_pylist()
    return values, problems


def _parse(prop: Prop, col: pa.Array | list[Any]) -> tuple[list[Any] | pa.Array, dict[int, str]]:
    if isinstance(col, pa.Array) and pa.types.is_floating(col.type):
        return _typed_numbers(prop, col)
    if isinstance(col, list):
        kinds = set(map(type, col))
        kinds.discard(type(None))
        if kinds <= {str}:
            col = normalize(arrays.strings(col))
        elif kinds <= {int, float} and prop.type in ("int", "float") and not prop.many:
            return _spreadsheet_numbers(prop, col)
        else:
            return _by_distinct(prop, col)
    if prop.check in ("credit_code", "resident_id"):
        return _identifier_lists(prop, col) if prop.many else _identifiers(prop, col)
    if prop.type == "str" and not (prop.labels or prop.choices or prop.many or prop.check):
        return col, {}
    if prop.type == "float" and not prop.many:
        return _floats(prop, col)
    return _distinct_arrow(prop, col)


def plain_numbers(prop: Prop, col: pa.Array) -> bool:
    """Whether a column Arrow read as numbers holds only values the cell rules accept as
    they are: finite, in range, whole for an integer field."""
    f = arrays.numbers(col)
    if col.null_count:
        f = f[arrays.valid(col)]
    ok = bool(np.isfinite(f).all())
    if ok and prop.type == "int":
        ok = bool(((f == np.floor(f)) & (np.abs(f) < 2**53)).all())
    if ok and prop.min is not None:
        ok = not (f < prop.min).any()
    if ok and prop.max is not None:
        ok = not (f > prop.max).any()
    return ok


def _typed_numbers(prop: Prop, col: pa.Array) -> tuple[list[Any] | pa.Array, dict[int, str]]:
    """A column Arrow read as numbers: as it is when :func:`plain_numbers` holds, else cell
    by cell (its values as the spreadsheet numbers they are)."""
    if not plain_numbers(prop, col):
        return _spreadsheet_numbers(prop, col.to_pylist())
    if prop.type == "int":
        valid = arrays.valid(col)
        return arrays.int64s(np.where(valid, arrays.numbers(col), 0), valid), {}
    return col, {}


def _distinct_arrow(prop: Prop, col: pa.Array) -> tuple[list[Any] | pa.Array, dict[int, str]]:
    """Parse each distinct value once and spread the results over the column (in Arrow
    when the parsed values make a typed array that gives them back unchanged)."""
    uniq = pc.unique(col)
    parsed = [parse(prop, u) for u in uniq.to_pylist()]
    where = pc.index_in(col, value_set=uniq)
    idx = arrays.numbers(where).astype(np.int64)
    done = [v for v, _ in parsed]
    typed = arrays.typed(done)  # None unless it gives the values back exactly
    values = [done[i] for i in idx.tolist()] if typed is None else pc.take(typed, where)
    bad = [j for j, (_, p) in enumerate(parsed) if p]
    problems: dict[int, str] = {}
    if bad:
        for r in np.flatnonzero(np.isin(idx, bad)).tolist():
            problems[r] = parsed[idx[r]][1] or ""
    return values, problems


def _by_distinct(prop: Prop, cells: list[Any]) -> tuple[list[Any], dict[int, str]]:
    memo: dict[Any, tuple[Any, str | None]] = {}
    values: list[Any] = []
    problems: dict[int, str] = {}
    for i, c in enumerate(cells):
        key = (type(c), c)
        r = memo.get(key)
        if r is None:
            r = memo[key] = parse(prop, c)
        values.append(r[0])
        if r[1]:
            problems[i] = r[1]
    return values, problems


def _spreadsheet_numbers(prop: Prop, cells: list[Any]) -> tuple[list[Any], dict[int, str]]:
    """A column of numeric spreadsheet cells: checked with numpy, odd cells one by one."""
    f = np.array([np.nan if c is None else c for c in cells], dtype=float)
    empty = np.array([c is None for c in cells], dtype=bool)
    ok = ~empty & np.isfinite(f)
    if prop.type == "int":
        with np.errstate(invalid="ignore"):
            ok &= (f == np.floor(f)) & (np.abs(f) < 2**53)
    if prop.min is not None:
        ok &= ~(f < prop.min)
    if prop.max is not None:
        ok &= ~(f > prop.max)
    values: list[Any] = (
        (f.astype(np.int64) if prop.type == "int" else f).tolist()
        if ok.all()
        else [None] * len(cells)
    )
    if not ok.all():
        good = np.flatnonzero(ok)
        vals = f[good].astype(np.int64) if prop.type == "int" else f[good]
        for i, v in zip(good.tolist(), vals.tolist(), strict=True):
            values[i] = v
    problems: dict[int, str] = {}
    for i in np.flatnonzero(~ok & ~empty).tolist():
        values[i], problem = parse(prop, cells[i])
        if problem:
            problems[i] = problem
    return values, problems


def _floats(prop: Prop, col: pa.Array) -> tuple[list[Any] | pa.Array, dict[int, str]]:
    plain = pc.fill_null(pc.match_substring_regex(col, _PLAIN_NUMBER), arrays.FALSE)
    nums = pc.cast(pc.if_else(plain, col, _NULL_TEXT), pa.float64())
    problems: dict[int, str] = {}
    ok = arrays.truth(plain)
    f = np.where(arrays.valid(nums), arrays.numbers(nums), np.nan)
    ok &= ~np.isinf(f)  # "1" and 400 zeros is a plain number too, but not a finite one
    ok |= ~arrays.valid(col)
    if prop.min is not None:
        ok &= ~(f < prop.min)
    if prop.max is not None:
        ok &= ~(f > prop.max)
    slow = np.flatnonzero(~ok).tolist()
    if not slow:
        return nums, problems
    values = nums.to_pylist()
    for i in slow:  # units, commas, out of range, nonsense: cell by cell
        values[i], problem = parse(prop, col[i].as_py())
        if problem:
            problems[i] = problem
    return values, problems


def _identifiers(prop: Prop, col: pa.Array) -> tuple[pa.Array, dict[int, str]]:
    """Credit codes / resident IDs: spaces removed, upper-cased, checked with numpy over
    the Arrow buffer itself; only failing cells are looked at one by one."""
    if not pa.types.is_string(col.type):
        col = col.cast(pa.string())
    # spaces inside (NFKC made wide ones plain); other oddities take the cell path below
    data = arrays.text_bytes(col)
    codes = col
    if (data == ord(" ")).any() or ((data >= ord("a")) & (data <= ord("z"))).any():
        codes = pc.ascii_upper(pc.replace_substring(col, " ", ""))
        data = arrays.text_bytes(codes)
    n = len(codes)
    ok = np.zeros(n, dtype=bool)
    if (
        n
        and not codes.null_count
        and (np.diff(arrays.offsets(codes)) == 18).all()
        and data.max() < 0x80
    ):
        # a clean column: every cell 18 ASCII bytes, checked where it lies
        idx = np.arange(n)
        packed = data
    else:
        fits = pc.and_(pc.equal(pc.binary_length(codes), _EIGHTEEN), pc.string_is_ascii(codes))
        idx = np.flatnonzero(arrays.truth(fits))
        packed = arrays.text_bytes(pc.filter(codes, fits)) if idx.size else data[:0]
    if idx.size:
        b = packed.reshape(-1, 18)
        good = _uscc_ok(b) if prop.check == "credit_code" else _rid_ok(b)
        ok[idx[good]] = True
    problems: dict[int, str] = {}
    fixed: dict[int, Any] = {}
    for i in np.flatnonzero(~ok & arrays.valid(col)).tolist():  # the cell rules say why
        fixed[i], problem = parse(prop, col[i].as_py())
        if problem:
            problems[i] = problem
    values = pc.if_else(arrays.bools(ok), codes, _NULL_TEXT)
    if any(v is not None for v in fixed.values()):  # never, as the checks agree; but safe
        out = values.to_pylist()
        for i, v in fixed.items():
            out[i] = v
        return arrays.strings(out), problems
    return values, problems


def _identifier_lists(prop: Prop, col: pa.Array) -> tuple[list[Any], dict[int, str]]:
    """Cells holding several identifiers (``a；b、c``): checked all at once, flattened."""
    lists = pc.split_pattern_regex(col, SPLIT_PATTERN)
    flat = normalize(pc.list_flatten(lists))
    parents = pc.list_parent_indices(lists).to_pylist()
    arr, problems = _identifiers(dataclasses.replace(prop, many=False), flat)
    values = arr.to_pylist()
    out: list[Any] = [None if v is None else [] for v in col.to_pylist()]
    bad: dict[int, str] = {}
    texts = flat.to_pylist()
    for j, (v, r) in enumerate(zip(values, parents, strict=True)):
        if j in problems:
            bad.setdefault(r, f"{texts[j]}: {problems[j]}")
        elif v is not None:
            out[r].append(v)
    for r in bad:
        out[r] = None
    return out, bad


def _uscc_ok(b: np.ndarray) -> np.ndarray:
    """Both check characters of 18-byte credit codes (rows of ``b``).

    The bytes are read two at a time (nine 16-bit words a row): a table per word position
    gives that pair's share of each weighted sum, so a row costs nine lookups, not
    eighteen lookups and eighteen multiplications.
    """
    t = _pair_tables()
    words = b.view("<u2")  # (rows, 9)
    s = t.uscc[0][words[:, 0]]
    for j in range(1, 9):
        s += t.uscc[j][words[:, j]]
    last = words[:, 8]
    valid = (s < _BAD) & ((31 - s % 31) % 31 == t.check[last])
    o = t.org[0][words[:, 4]]
    for j in range(1, 4):
        o += t.org[j][words[:, 4 + j]]
    c = 11 - o % 11
    expected = np.where(c == 10, ord("X") - ord("A") + 10, np.where(c == 11, 0, c))
    return np.asarray(valid & (expected == t.org_check[last]))


_BAD = 1 << 24  # a share that marks a byte outside the alphabet


@dataclasses.dataclass(frozen=True)
class _PairTables:
    uscc: list[np.ndarray]  # positions 2j, 2j+1: weighted values (position 17 counts 0)
    check: np.ndarray  # position 17's value
    org: list[np.ndarray]  # positions 8+2j, 9+2j: the organization code's weighted values
    org_check: np.ndarray  # position 16's value as an organization-code character
    rid: list[np.ndarray]  # resident ID: positions 2j, 2j+1, weighted (17: check, counts 0)
    two: np.ndarray  # two digits as a number (negative if either is not a digit)


@functools.cache
def _pair_tables() -> _PairTables:
    word = np.arange(1 << 16)
    first, second = word & 0xFF, word >> 8  # little-endian: the first byte is the low one
    v1, v2 = _USCC_LUT[first], _USCC_LUT[second]
    bad = (v1 < 0) | (v2 < 0)
    weights = [*_USCC_W.tolist(), 0]
    uscc = [
        np.where(bad, _BAD, v1 * weights[2 * j] + v2 * weights[2 * j + 1]).astype(np.int32)
        for j in range(9)
    ]
    o1, o2 = _ORG_LUT[first], _ORG_LUT[second]
    org = [
        np.where(bad, 0, o1 * int(_ORG_W[2 * j]) + o2 * int(_ORG_W[2 * j + 1])).astype(np.int32)
        for j in range(4)
    ]
    d1, d2 = first - ord("0"), second - ord("0")
    digit1, digits = (d1 >= 0) & (d1 <= 9), (d1 >= 0) & (d1 <= 9) & (d2 >= 0) & (d2 <= 9)
    rid_w = [*_RID_W.tolist(), 0]
    rid = [
        np.where(digits, d1 * rid_w[2 * j] + d2 * rid_w[2 * j + 1], _BAD).astype(np.int32)
        for j in range(8)
    ]  # the last pair: a digit, then the check character (a digit or X)
    rid.append(np.where(digit1, d1 * rid_w[16], _BAD).astype(np.int32))
    two = np.where(digits, d1 * 10 + d2, -(1 << 14)).astype(np.int32)
    check = np.where(v2 < 0, -1, v2).astype(np.int32)
    return _PairTables(uscc, check, org, o1.astype(np.int32), rid, two)


def _rid_ok(b: np.ndarray) -> np.ndarray:
    """Check character and date of birth of 18-byte resident ID numbers (rows of ``b``),
    two bytes a lookup like :func:`_uscc_ok`."""
    t = _pair_tables()
    words = b.view("<u2")  # (rows, 9)
    s = t.rid[0][words[:, 0]]
    for j in range(1, 9):
        s += t.rid[j][words[:, j]]
    valid = (s < _BAD) & (_RID_CHECK[s % 11] == b[:, 17])
    year = t.two[words[:, 3]] * 100 + t.two[words[:, 4]]
    return np.asarray(valid & _calendar(year, t.two[words[:, 5]], t.two[words[:, 6]]))


_DAYS = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _calendar(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whether (year, month, day) are real dates; a negative part never is."""
    ok = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = _DAYS[np.clip(month, 0, 12)] - ((month == 2) & ~leap)
    return np.asarray(ok & (day <= last))
