"""Arrow arrays and scalars built straight from buffers.

``pa.array`` and ``pa.scalar`` (and a compute call given a plain Python value) first ask
whether the object is a pandas one, which imports pandas when it is installed: a third of
a second, longer than the validation of a 150 000-row ledger. The loaders build what they
need from numpy buffers instead, so that reading a CSV never imports pandas.

>>> import numpy as np
>>> bools(np.array([True, False, True])).to_pylist()
[True, False, True]
>>> strings(["济南", None, ""]).to_pylist()
['济南', None, '']
>>> int64s(np.array([1, 2, 3]), np.array([True, False, True])).to_pylist()
[1, None, 3]
>>> typed(["a", "b"]).type, typed([True, None]).type, typed([1, 2.5]) is None
(DataType(string), DataType(bool), True)
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "EMPTY_STRINGS",
    "FALSE",
    "all_different",
    "bools",
    "int32",
    "int64s",
    "null",
    "numbers",
    "offsets",
    "strings",
    "text_bytes",
    "truth",
    "typed",
    "valid",
]


def _bits(mask: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(np.asarray(mask, dtype=bool), bitorder="little"))


def bools(values: np.ndarray) -> pa.Array:
    """A boolean array (no nulls) from a numpy array of truth values."""
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, _bits(values)])


def int64s(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """An int64 array; where ``valid`` is false the value is null."""
    data = pa.py_buffer(np.ascontiguousarray(values, dtype=np.int64))
    if valid is None or bool(np.all(valid)):
        return pa.Array.from_buffers(pa.int64(), len(values), [None, data])
    return pa.Array.from_buffers(pa.int64(), len(values), [_bits(valid), data])


def strings(values: list[str | None]) -> pa.Array:
    """A string array from Python strings (``None`` is null)."""
    missing = values.count(None)  # in C; then map(str.encode): no Python per value
    encoded = (
        list(map(str.encode, cast(list[str], values)))
        if not missing
        else [b"" if v is None else v.encode("utf-8") for v in values]
    )
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    large = offsets[-1] >= 2**31  # beyond 32-bit offsets
    buffers = [
        None if not missing else _bits(np.array(values, dtype=object) != None),  # noqa: E711
        pa.py_buffer(offsets if large else offsets.astype(np.int32)),
        pa.py_buffer(b"".join(encoded)),
    ]
    return pa.Array.from_buffers(pa.large_string() if large else pa.string(), len(values), buffers)


def typed(values: list[Any]) -> pa.Array | None:
    """The Arrow array that gives ``values`` back exactly (same values, same Python types),
    when they are all strings, all booleans or all integers (``None`` aside); else ``None``."""
    kinds = {type(v) for v in values if v is not None}
    if kinds == {str}:
        return strings(values)
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    if kinds == {bool}:
        b = bools(np.array([bool(v) for v in values], dtype=bool))
        if valid.all():
            return b
        return pa.Array.from_buffers(pa.bool_(), len(values), [_bits(valid), b.buffers()[1]])
    if kinds == {int} and all(-(2**63) <= v < 2**63 for v in values if v is not None):
        return int64s(np.array([0 if v is None else v for v in values], dtype=np.int64), valid)
    return None


_DTYPES = {pa.int32(): np.int32, pa.int64(): np.int64, pa.float64(): np.float64}


def _unbits(buf: pa.Buffer, offset: int, n: int) -> np.ndarray:
    bits = np.unpackbits(np.frombuffer(buf, dtype=np.uint8), count=offset + n, bitorder="little")
    return bits[offset:].view(bool)


def valid(arr: pa.Array) -> np.ndarray:
    """Where an array has a value (not null), as numpy booleans."""
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=bool)
    if pa.types.is_null(arr.type):
        return np.zeros(len(arr), dtype=bool)
    return _unbits(arr.buffers()[0], arr.offset, len(arr))


def truth(arr: pa.Array) -> np.ndarray:
    """A boolean array as numpy booleans, null as false.

    >>> import pyarrow.compute as pc
    >>> truth(pc.equal(strings(["a", None, "b"]), strings(["a", "a", "a"]))).tolist()
    [True, False, False]
    """
    out = _unbits(arr.buffers()[1], arr.offset, len(arr))
    return out & valid(arr) if arr.null_count else out


def numbers(arr: pa.Array) -> np.ndarray:
    """The values of an int32, int64 or float64 array as a numpy view (whatever lies under
    a null: mask it with :func:`valid`).

    >>> numbers(int64s(np.array([4, 5, 6])).slice(1)).tolist()
    [5, 6]
    """
    dtype = _DTYPES[arr.type]
    return np.frombuffer(arr.buffers()[1], dtype=dtype)[arr.offset : arr.offset + len(arr)]


def offsets(arr: pa.Array) -> np.ndarray:
    """The ``len(arr) + 1`` offsets of a string array's cells into its data buffer."""
    wide = pa.types.is_large_string(arr.type)
    out = np.frombuffer(arr.buffers()[1], dtype=np.int64 if wide else np.int32)
    return out[arr.offset : arr.offset + len(arr) + 1]


def text_bytes(arr: pa.Array) -> np.ndarray:
    """The UTF-8 bytes of all the cells of a string array, one after the other.

    >>> text_bytes(strings(["ab", None, "c"]).slice(1)).tobytes()
    b'c'
    """
    at = offsets(arr)
    if not len(arr) or at[-1] == at[0]:
        return np.zeros(0, dtype=np.uint8)
    return np.frombuffer(arr.buffers()[2], dtype=np.uint8)[at[0] : at[-1]]


def all_different(arr: pa.Array) -> bool:
    """Whether the values of a string array without nulls are all different.

    Values of one width (credit codes, pseudonyms) are hashed with numpy and the hashes
    sorted: distinct hashes mean distinct values. Any equal pair of hashes, or values of
    several widths, and Arrow's hash table decides.

    >>> all_different(strings(["91370102", "91370103"])), all_different(strings(["a", "a"]))
    (True, False)
    """
    n = len(arr)
    at = offsets(arr)
    width = int(at[1] - at[0]) if n else 0
    if n > 1 and 0 < width <= 64 and (np.diff(at) == width).all():
        rows = np.zeros((n, -(-width // 8) * 8), dtype=np.uint8)
        rows[:, :width] = text_bytes(arr).reshape(n, width)
        h = np.zeros(n, dtype=np.uint64)
        for word in rows.view(np.uint64).T:
            h = (h ^ word) * _MIX
            h ^= h >> np.uint64(29)
        h.sort()
        if not (h[1:] == h[:-1]).any():
            return True
    return len(pc.unique(arr)) == n


_MIX = np.uint64(0x9E3779B97F4A7C15)


def int32(value: int) -> pa.Scalar:
    """An int32 scalar (a typed operand: no implicit cast in a compute call)."""
    return pa.Array.from_buffers(
        pa.int32(), 1, [None, pa.py_buffer(np.array([value], dtype=np.int32))]
    )[0]


def null(type_: pa.DataType) -> pa.Scalar:
    """The null scalar of a type."""
    return pa.nulls(1, type_)[0]


FALSE = bools(np.zeros(1, dtype=bool))[0]
EMPTY_STRINGS = strings([])
