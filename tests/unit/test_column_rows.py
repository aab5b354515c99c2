"""A batch's nodes as columns (:class:`pbgraph.graphmodel.rows.ColumnRows`): the mapping
they stand for, whatever the order of adds and updates, and the same bulk write as from
a dict per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pbgraph.graphmodel.rows import ColumnRows
from pbgraph.graphmodel.schema import NODES
from pbgraph.stores.sqlite_sql import node_params

_NAMES = ("name", "employees", "key")
_value = st.one_of(st.none(), st.sampled_from(["甲", "", "乙"]), st.integers(-3, 3))
_op = st.tuples(
    st.sampled_from(["add", "set"]),
    st.sampled_from(["k1", "k2", "k3", "k4"]),
    st.dictionaries(st.sampled_from(["name", "employees", "key", "revenue"]), _value),
)


@given(st.lists(_op, max_size=12))
def test_columns_are_the_mapping_of_their_updates(
    ops: list[tuple[str, str, dict[str, Any]]],
) -> None:
    rows, expected = ColumnRows(), {}
    for how, key, props in ops:
        if how == "add":
            values = tuple(props.get(n) for n in _NAMES)
            rows.add(key, _NAMES, values)
            props = dict(zip(_NAMES, values, strict=True))
        else:
            rows.set(key, props)
        known = expected.setdefault(key, {})
        known.update({k: v for k, v in props.items() if v is not None})  # None never overwrites
    assert dict(rows) == expected
    assert list(rows) == list(expected) and len(rows) == len(expected)
    assert all(len(c) == len(rows) for c in rows.columns.values())


def test_a_bulk_write_from_columns_is_the_one_from_dicts() -> None:
    org = NODES["Organization"]
    rows = ColumnRows()
    rows.add("b", ("name", "key"), ("乙", True))
    rows.set("a", {"name": "甲", "employees": 3})
    rows.add("c", ("name", "key"), (None, None))
    as_dicts = {k: dict(v) for k, v in rows.items()}
    cols, params = node_params(org, rows)
    cols2, params2 = node_params(org, as_dicts)
    assert cols == cols2 == ["credit_code", "name", "employees", "key"]
    assert list(params) == list(params2) == [
        ("a", "甲", 3, None), ("b", "乙", None, 1), ("c", None, None, None),
    ]  # fmt: skip
    party = ColumnRows()
    party.set("p", {"founded": dt.date(2018, 7, 1)})
    assert list(node_params(NODES["PartyOrg"], party)[1]) == [("p", "2018-07-01")]
