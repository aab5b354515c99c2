"""pbgraph.jsontext: the commands' JSON is byte for byte ``json.dumps(obj,
ensure_ascii=False, indent=2)``, whichever encoder wrote it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.jsontext import json_bytes, json_text


def _std(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=2).encode("utf-8")


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
keys = st.text() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(values)
def test_same_bytes_as_the_standard_library(obj: object) -> None:
    try:
        expected = _std(obj)
    except UnicodeEncodeError:  # a lone surrogate: the standard library cannot either
        with pytest.raises(UnicodeEncodeError):
            json_bytes(obj)
        return
    assert json_bytes(obj) == expected


@pytest.mark.parametrize(
    "x",
    [1e-05, 1.5e-7, 1e16, 1.2345678901234568e17, 5e-324, 1.7976931348623157e308, 0.0001,
     -0.0, 0.30000000000000004, 2**64, -(2**63) - 1],
)  # fmt: skip
def test_numbers_the_two_encoders_write_differently(x: float) -> None:
    assert json_bytes({"x": [x]}) == _std({"x": [x]})


@settings(max_examples=500, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(0, 3))
def test_every_float_as_the_standard_library_writes_it(x: float, where: int) -> None:
    """The check looks only for ``e-`` and ``0.0000``: where orjson writes a number
    otherwise than Python, its text has one of them; alone, in a list, as a value, after a
    string that has them."""
    import orjson

    text = orjson.dumps(x).decode()
    if text != json.dumps(x):
        assert "e-" in text or text.lstrip("-").startswith("0.0000")
    obj = [x, [x], {"v": x}, {"s": "1e-7 0.00001", "v": [1, x]}][where]
    assert json_bytes(obj) == _std(obj)


def test_text_that_looks_like_a_number_in_a_string() -> None:
    obj = {"名称": "1e5 号楼", "code": "0.00001"}
    assert json_text(obj) == _std(obj).decode()


def test_what_the_standard_library_refuses_is_still_refused() -> None:
    @dataclasses.dataclass
    class Row:
        a: int

    for bad in (dt.date(2018, 7, 31), Row(1), {(1, 2): 3}, {1, 2}):
        with pytest.raises(TypeError):
            json_bytes({"v": bad})


def test_not_a_number_is_written_null() -> None:
    """The one difference kept on purpose: valid JSON instead of Python's ``NaN``."""
    assert json.loads(json_bytes({"rate": math.nan, "inf": math.inf})) == {
        "rate": None,
        "inf": None,
    }


def test_codes_with_an_e_between_digits_take_the_fast_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Credit codes hold letters between digits ("…MA3E5…"): no reason to encode slowly."""
    import pbgraph.jsontext as jt

    def fail(obj: object) -> bytes:
        raise AssertionError("the standard library was used")

    monkeypatch.setattr(jt, "_slow", fail)
    obj = {"credit_code": "91370102MA3E5X1K2E", "items": ["1E5", "0.00001"], "rate": 0.25}
    assert json_bytes(obj) == _std(obj)
