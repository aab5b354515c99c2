"""The column-at-a-time parser agrees with the cell-by-cell rules, cell for cell."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.graphmodel.identifiers import make_credit_code, make_resident_id
from pbgraph.graphmodel.schema import FIELDS, NODES
from pbgraph.loaders.columns import normalize, parse_column
from pbgraph.loaders.values import parse

PROPS = [
    NODES["Organization"].prop("credit_code"),
    NODES["Organization"].prop("employees"),
    NODES["Organization"].prop("revenue"),
    NODES["Organization"].prop("lat"),
    NODES["Organization"].prop("key"),
    NODES["Organization"].prop("kind"),
    NODES["Organization"].prop("name"),
    NODES["PartyOrg"].prop("founded"),
    FIELDS["resident_id"],
    FIELDS["covered_codes"],
]
import datetime as dt  # noqa: E402

GOOD = [
    make_credit_code("91", "370102", "MA3C1234"),
    make_credit_code("52", "370103", "MJD12345"),
    make_resident_id("370102", dt.date(1990, 2, 28), 17),
]
cells = st.one_of(
    st.none(),
    # "Cn": characters this Python's Unicode tables do not know yet; Arrow's NFKC may be a
    # newer Unicode version and normalize them (U+1E030 -> "а"), which changes only the
    # value a message echoes, not whether the cell is accepted.
    st.text(st.characters(exclude_categories=["Cs", "Cn"]), max_size=25),
    st.sampled_from(
        [
            "3人",
            " 12 ",
            "1.5",
            "-3",
            "4.10101E+17",
            "是",
            "否",
            "√",
            "2018年7月31日",
            "20180731",
            "43312",
            "非公企业",
            "社会组织",
            "36.6",
            "１２",
            "91",
            "1e3",
            *GOOD,
            f"{GOOD[0]}；{GOOD[1]}",
            f"{GOOD[0]}、bad",
            GOOD[0].lower(),
            " " + GOOD[2] + " ",
        ]
    ),  # fmt: skip
)


def _expected(prop, values):
    out = [parse(prop, v) for v in values]
    return [v for v, _ in out], {i: p for i, (_, p) in enumerate(out) if p}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PROPS), st.lists(cells, max_size=12))
def test_text_columns_agree_with_cell_rules(prop, values) -> None:
    col = normalize(pa.array(values, pa.string()))
    assert parse_column(prop, col) == _expected(prop, values)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PROPS),
    st.lists(
        st.one_of(cells, st.integers(-5, 10**6), st.floats(allow_nan=False), st.just(4.10101e17)),
        max_size=12,
    ),
)
def test_spreadsheet_columns_agree_with_cell_rules(prop, values) -> None:
    assert parse_column(prop, list(values)) == _expected(prop, values)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([p for p in PROPS if p.type in ("int", "float")]),
    st.lists(
        st.one_of(st.none(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False)), max_size=12
    ),
)
def test_numeric_spreadsheet_columns_agree_with_cell_rules(prop, values) -> None:
    assert parse_column(prop, list(values)) == _expected(prop, values)


@settings(max_examples=25, deadline=None)
@given(st.lists(cells.filter(lambda c: c is None or isinstance(c, str)), min_size=1, max_size=40))
def test_a_long_column_of_few_values_is_normalized_like_each_cell(values: list[str | None]) -> None:
    """Long columns with few distinct values are normalized one distinct value at a time."""
    from pbgraph.loaders.values import clean

    long = (values * (10_000 // len(values) + 1))[:10_000]
    got = normalize(pa.array(long, pa.string())).to_pylist()
    assert got == [None if v is None else (clean(v) or None) for v in long]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text("0123456789", min_size=8, max_size=8), min_size=1, max_size=50))
def test_dates_of_birth_are_checked_like_the_calendar(days: list[str]) -> None:
    import numpy as np

    from pbgraph.loaders.columns import _real_dates

    def real(s: str) -> bool:
        try:
            dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            return False
        return True

    digits = np.array([[int(c) for c in s] for s in [*days, "20000229", "19000229"]])
    assert _real_dates(digits).tolist() == [real(s) for s in [*days, "20000229", "19000229"]]
