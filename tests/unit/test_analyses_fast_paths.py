"""The shortcuts of the analyses' third speed pass (issue 17; docs/performance.md, "The
analyses, third pass") give what the longer ways gave: latent members looked up for many
organizations at once, the positions of a relationship none of which was read, a building's
code without ``np.unique``, the grouping's index of organizations made when asked."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.analyses.coverage import _Latent
from pbgraph.analyses.grouping import inputs
from pbgraph.analyses.grouping.extract import _buildings
from pbgraph.graphmodel.tables import column_tables


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 5)), max_size=40), st.data())
def test_latent_members_of_many_organizations_at_once(pairs: list[tuple[int, int]],
                                                      data: st.DataObject) -> None:  # fmt: skip
    keys = [f"M-{k:02d}" for k in range(6)]
    members = np.array([m for _, m in pairs], dtype=np.int64)
    orgs = np.array([o for o, _ in pairs], dtype=np.int64)
    latent = _Latent(keys, members, orgs, 8)
    js = np.array(data.draw(st.lists(st.integers(0, 7), max_size=10)), dtype=np.int64)
    assert latent.of_each(js) == [latent.of(j) for j in js.tolist()]


def _tables() -> object:
    orgs = ["o3", "o1", "o2"]
    return column_tables(
        {"Organization": (orgs, {"name": ["c", "a", None]}),
         "Building": (["b9", "b1", "b5"], {"name": ["九", None, "五"]})},
        {"IN_BUILDING_Organization_Building": (["o1", "o2", "o3"], ["b5", "b9", "b5"]),
         "COVERS_PartyOrg_Organization": ([], [])},
    )  # fmt: skip


def test_positions_of_a_relationship_with_none_need_no_index() -> None:
    t = _tables()
    for name in ("COVERS_PartyOrg_Organization", "WORKS_AT_Member_Organization"):  # empty, unread
        s, e = t.positions(name)  # type: ignore[attr-defined]
        assert s.dtype == e.dtype == np.int64 and len(s) == len(e) == 0
    assert t._index == {}  # type: ignore[attr-defined]  # no {key: position} of 500 000 made
    s, e = t.positions("IN_BUILDING_Organization_Building")  # type: ignore[attr-defined]
    assert (s.tolist(), e.tolist()) == ([0, 1, 2], [2, 2, 0])  # o3-b5, o1-b5, o2-b9


def test_building_codes_as_with_unique() -> None:
    t = _tables()
    building, b_list, b_name = _buildings(t, 3)  # type: ignore[arg-type]
    assert b_list == ["b5", "b9"]  # the buildings that hold an organization, sorted
    assert building.tolist() == [0, 0, 1]  # o3 and o1 in b5, o2 in b9
    assert b_name == {"b9": "九", "b1": "b1", "b5": "五"}
    assert "Building" in inputs()["labels"]


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=8), st.one_of(st.none(), st.text(max_size=4)), st.integers(0, 99),
       st.booleans())  # fmt: skip
def test_a_demand_item_made_fast_is_the_dataclass_s(name: str, street: str | None, w: int,
                                                    key: bool) -> None:  # fmt: skip
    import pickle
    from dataclasses import FrozenInstanceError

    import pytest

    from pbgraph.analyses.balance.model import DemandItem, demand_item

    args = ("Organization:o1", name, street, "d", w, "key", 3, "Organization", key)
    fast, slow = demand_item(*args), DemandItem(*args)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert list(vars(fast).items()) == list(vars(slow).items())
    assert pickle.loads(pickle.dumps(fast)) == slow
    with pytest.raises(FrozenInstanceError):
        fast.weight = 1  # type: ignore[misc]


def test_analysis_commands_run_without_the_cyclic_collector() -> None:
    """``without_gc``: the collector is paused while the command runs and restored after,
    also when it raises, and left off when it was off; reference counting still frees."""
    import gc
    import weakref

    import pytest

    from pbgraph.commands.common import without_gc

    class Thing:
        pass

    seen: list[bool] = []

    @without_gc
    def command(fail: bool) -> str:
        seen.append(gc.isenabled())
        thing = Thing()
        ref = weakref.ref(thing)
        del thing
        assert ref() is None  # freed at once, by reference counting
        if fail:
            raise ValueError("bad input")
        return "done"

    was = gc.isenabled()
    try:
        gc.enable()
        assert command(False) == "done" and gc.isenabled()
        with pytest.raises(ValueError):
            command(True)
        assert gc.isenabled()
        gc.disable()
        command(False)
        assert not gc.isenabled()
        assert seen == [False, False, False]
    finally:
        (gc.enable if was else gc.disable)()
