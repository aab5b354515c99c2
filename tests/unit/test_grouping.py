"""Joint-formation grouping: hand-built streets whose optimal grouping is written out by hand
(including ones where a naive greedy fails), property tests of the heuristic against the
exact MIP on random streets, the command line, plots and write-back to the embedded store
(to Neo4j: ``tests/integration/test_analyses_on_neo4j.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.analyses.grouping import (
    Instance,
    group,
    score,
    solve_exact,
    solve_heuristic,
    upper_bound,
    valid,
)
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import group_cli

# -- hand-built graphs -------------------------------------------------------------------------


def city(orgs: list[tuple[str, int, str | None, str, str]], *, probationary: dict[str, int] | None = None,
         party_orgs: list[tuple[str, str, list[str]]] = ()) -> nx.MultiDiGraph:  # fmt: skip
    """Orgs as ``(code, formal members, building or None, industry, street)``; streets of
    district D; ``party_orgs`` as ``(id, form, covered codes)``."""
    G = nx.MultiDiGraph()
    G.add_node("Region:D", label="Region", name="历下区", level="district")
    for code, formal, bld, ind, street in orgs:
        s = f"Region:D/{street}"
        if s not in G:
            G.add_node(s, label="Region", name=street, level="street")
            G.add_edge(s, "Region:D", key="PART_OF")
        o = f"Organization:{code}"
        G.add_node(o, label="Organization", name=f"{code}公司", formal_members=formal,
                   probationary_members=(probationary or {}).get(code, 0), industry=ind)  # fmt: skip
        G.add_edge(o, s, key="LOCATED_IN")
        if bld:
            G.add_node(f"Building:D/{bld}", label="Building", name=bld)
            G.add_edge(o, f"Building:D/{bld}", key="IN_BUILDING")
    for pid, form, codes in party_orgs:
        G.add_node(f"PartyOrg:{pid}", label="PartyOrg", name=f"{pid}支部", form=form)
        for c in codes:
            G.add_edge(f"PartyOrg:{pid}", f"Organization:{c}", key="COVERS")
    return G


def naive_greedy(weights: list[int], N: int, U: int) -> int:
    """What a planner does by hand: take units in ledger order until N members are reached."""
    covered, g, s = 0, 0, 0
    for x in weights:
        g, s = g + 1, s + x
        if s >= N:
            covered, g, s = covered + g, 0, 0
        elif g == U:
            g, s = 0, 0
    return covered


def groups_of(r: Any) -> set[frozenset[str]]:
    return {frozenset(g.codes) for g in r.groups}


# Ledger order a2, a3, a1, b1; building A: a1 (2, X), a2 (1, X), a3 (1, Y); building B: b1 (2, Y).
LEDGER = [("a2", 1, "A楼", "X", "s"), ("a3", 1, "A楼", "Y", "s"), ("a1", 2, "A楼", "X", "s"),
          ("b1", 2, "B楼", "Y", "s")]  # fmt: skip


def test_naive_greedy_fails_where_the_heuristic_is_optimal() -> None:
    # with 3 units per branch, {a2, a3, a1} uses the 3 units and leaves b1 alone
    assert naive_greedy([1, 1, 2, 2], 3, 3) == 3
    # optimum (by hand): {a1, a2} same building and industry; {a3, b1} same industry
    # (covers 4; compactness 2: two buildings in the second group); unique
    for r in (group(city(LEDGER), max_units=3), group(city(LEDGER), max_units=3, exact=True)):
        assert groups_of(r) == {frozenset({"a1", "a2"}), frozenset({"a3", "b1"})}
        assert r.totals()["covered"] == 4 and r.totals()["gap"] == 0
    assert group(city(LEDGER), max_units=3, exact=True).groups[0].method == "exact"


def test_building_first_fails_where_the_area_wide_packing_does_not() -> None:
    # 2 units per branch: building A has two 2-member units, building B two 1-member units.
    # Building first gives {a1, a2} and leaves B (2 covered); optimum covers all 4 with
    # {a1, b1}, {a2, b2} — the industries decide the pairing (X with X, Y with Y).
    orgs = [("a1", 2, "A楼", "X", "s"), ("a2", 2, "A楼", "Y", "s"),
            ("b1", 1, "B楼", "X", "s"), ("b2", 1, "B楼", "Y", "s")]  # fmt: skip
    ex = group(city(orgs), max_units=2, exact=True)
    assert groups_of(ex) == {frozenset({"a1", "b1"}), frozenset({"a2", "b2"})}
    h = group(city(orgs), max_units=2)
    assert h.totals()["covered"] == 4 and all(g.units == 2 for g in h.groups)


def test_names_reasons_and_the_usual_form() -> None:
    orgs = [(f"o{i}", 1, "恒隆广场", "批发和零售业", "泉城路街道") for i in range(6)]
    r = group(city(orgs))
    assert sorted(g.name for g in r.groups) == [
        "泉城路街道恒隆广场第一联合党支部",
        "泉城路街道恒隆广场第二联合党支部",
    ]
    assert sorted(g.units for g in r.groups) == [3, 3]
    reason = r.groups[0].to_dict()["organizations"][0]["reason"]
    assert reason.startswith("有1名正式党员，不足3名，与同在恒隆广场的2家同行业单位联合组建")
    en = r.groups[0].to_dict("en")["organizations"][0]["reason"]
    assert "fewer than 3" in en and "恒隆广场" in en


def test_empty_units_fill_room_same_building_first() -> None:
    orgs = [("a1", 2, "A楼", "X", "s"), ("a2", 1, "A楼", "X", "s"), ("e1", 0, "A楼", "Y", "s"),
            ("e2", 0, "B楼", "X", "s"), ("e3", 0, None, "Y", "s")]  # fmt: skip
    r = group(city(orgs), max_units=3, include_empty=True)
    assert groups_of(r) == {frozenset({"a1", "a2", "e1"})}
    assert r.totals()["empty_covered"] == 1 and r.totals()["covered"] == 2
    assert "暂无正式党员" in r.listing("members")[-1]["reason"] or any(
        "暂无正式党员" in x["reason"] for x in r.listing("members")
    )
    # empties never make a group invalid: the member limit holds
    r = group(city(orgs, probationary={"e1": 48}), max_units=3, include_empty=True)
    assert all(g.members <= 50 for g in r.groups) and "e1" not in r.groups[0].codes


def test_left_out_with_reasons_bound_and_within_district() -> None:
    orgs = [("x", 2, None, "X", "一街道"), ("y", 1, None, "X", "二街道")]
    r = group(city(orgs))
    assert r.groups == [] and r.totals()["upper_bound"] == 0
    assert {x["credit_code"] for x in r.listing("uncovered")} == {"x", "y"}
    assert "不足3名" in r.listing("uncovered")[0]["reason"]
    d = group(city(orgs), within="district")
    assert groups_of(d) == {frozenset({"x", "y"})} and d.areas[0]["area"] == "历下区"


def test_latent_members_counted_only_when_asked() -> None:
    G = city([("a", 1, None, "X", "s"), ("b", 1, None, "X", "s")])
    G.add_node("Member:M-1", label="Member", status="formal", held_by="talent_centre")
    G.add_edge("Member:M-1", "Organization:a", key="WORKS_AT")
    assert group(G).groups == []
    r = group(G, count_latent=True)
    assert groups_of(r) == {frozenset({"a", "b"})}
    assert "需转接的1名" in r.groups[0].reasons[r.groups[0].codes.index("a")][0]


def test_covered_and_must_build_units_are_not_candidates() -> None:
    orgs = [("own", 1, None, "X", "s"), ("big", 3, None, "X", "s"), ("c1", 1, None, "X", "s"),
            ("c2", 2, None, "X", "s")]  # fmt: skip
    r = group(city(orgs, party_orgs=[("P", "attached", ["own"])]))
    assert groups_of(r) == {frozenset({"c1", "c2"})}


def test_split_proposals() -> None:
    orgs = [(f"u{i}", 1, None, "X", "s") for i in range(7)] + [("g", 3, None, "X", "s")]
    G = city(orgs, party_orgs=[("J", "joint", [f"u{i}" for i in range(7)]),
                               ("K", "joint", ["g", "u0"])])  # fmt: skip
    splits = {s["party_org"]: s for s in group(G).splits}
    assert set(splits) == {"J", "K"}
    parts = splits["J"]["parts"]
    assert sorted(len(p["organizations"]) for p in parts) == [3, 4]
    assert "超过5个" in splits["J"]["reason"][0]
    own = [p for p in splits["K"]["parts"] if "-own-" in p["part"]]
    assert [o["credit_code"] for p in own for o in p["organizations"]] == ["g"]
    assert "不足3名" in [p for p in splits["K"]["parts"] if p not in own][0]["action"][0]


def test_the_graph_is_not_changed_and_the_result_shapes() -> None:
    G = city(LEDGER)
    before = nx.to_dict_of_dicts(G)
    r = group(G)
    assert nx.to_dict_of_dicts(G) == before
    d = r.to_dict()
    assert set(d) == {"params", "totals", "areas", "groups", "uncovered", "splits"}
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert list(r.to_frame().columns)[:3] == ["group_id", "group_name", "area"]
    assert r.rows()[-1]["area"] == "合计"
    with pytest.raises(ValueError):
        group(G, prefer=("floor",))


# -- properties on random streets ---------------------------------------------------------------


@st.composite
def streets(draw: st.DrawFn) -> tuple[Instance, bool]:
    N = draw(st.sampled_from([2, 3, 3, 3, 4, 5]))
    U = draw(st.integers(2, 6))
    M = draw(
        st.sampled_from([50, 20])
    )  # the member limit binds mildly at most (docs/commands/group.md)
    n = draw(st.integers(0, 14))
    w = [draw(st.integers(1, N - 1)) for _ in range(n)] + [0] * draw(st.integers(0, 4))
    m = [x + draw(st.integers(0, 2)) for x in w]
    b = [draw(st.integers(-1, 2)) for _ in w]
    ind = [draw(st.integers(0, 2)) for _ in w]
    return Instance(w, m, b, ind, N, U, M), draw(st.booleans())


@settings(max_examples=60, deadline=None)
@given(streets())
def test_heuristic_is_valid_disjoint_and_near_the_exact_optimum(
    case: tuple[Instance, bool],
) -> None:
    inst, empty = case
    h = solve_heuristic(inst, include_empty=empty)
    e, optimal = solve_exact(inst, include_empty=empty, objectives=1)
    assert optimal
    for sol in (h, e):
        assert all(valid(inst, g) for g in sol)
        flat = [i for g in sol for i in g]
        assert len(flat) == len(set(flat))
        assert empty or all(inst.w[i] > 0 for i in flat)
    best = score(inst, e)[0]
    assert best <= upper_bound(inst.w, inst.min_members, inst.max_units)
    assert score(inst, h)[0] >= 0.98 * best


# -- the small synthetic city and the command line ----------------------------------------------


def test_small_city_every_group_valid(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city) as s:
        G = s.graph()
    r = group(G, include_empty=True)
    seen: set[str] = set()
    for g in r.groups:
        assert sum(g.formal) >= 3 and g.units <= 5 and g.members <= 50
        assert not seen & set(g.codes)
        seen |= set(g.codes)
    t = r.totals()
    assert t["covered"] + t["uncovered"] == t["candidates"] > 0 and t["gap"] >= 0


def test_cli_formats(loaded_city: Path, tmp_path: Path) -> None:
    store = ["--store", str(loaded_city)]
    r = group_cli(*store)
    assert r.exit_code == 0, r.output
    assert "合计" in r.output and "覆盖上限" in r.output
    j = json.loads(group_cli(*store, "--format", "json", "--lang", "en").output)
    assert j["totals"]["covered"] == sum(len([o for o in g["organizations"]]) for g in j["groups"])
    csv_out = group_cli(*store, "--list", "members", "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("编号,建议支部名称,统一社会信用代码")
    x = tmp_path / "g.xlsx"
    assert group_cli(*store, "--list", "groups", "--format", "xlsx", "--out", str(x)).exit_code == 0
    assert x.stat().st_size > 0
    assert group_cli(*store, "--list", "splits", "--lang", "en").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [("--prefer", "floor"), ("--format", "xlsx"), ("--min-members", "5", "--max-members", "4")],
)
def test_cli_bad_input_exits_2_in_one_line(loaded_city: Path, args: tuple[str, ...]) -> None:
    r = group_cli("--store", str(loaded_city), *args)
    assert r.exit_code == 2
    assert r.output.startswith(("Error:", "错误：")) and len(r.output.strip().splitlines()) == 1


def test_cli_empty_store_exits_2(tmp_path: Path) -> None:
    r = group_cli("--store", str(tmp_path / "empty"))
    assert r.exit_code == 2 and "pbgraph load" in r.output


def test_cli_write_back_embedded(small_city: list[Path], tmp_path: Path) -> None:
    from pbgraph.loaders.load import load_ledgers

    with EmbeddedStore(tmp_path / "s") as s:
        load_ledgers(small_city, s, quarantine_dir=tmp_path)
    for _ in range(2):
        assert group_cli("--store", str(tmp_path / "s"), "--write-back").exit_code == 0
    with EmbeddedStore(tmp_path / "s") as s:
        results = s.results("group")
        expected = group(s.graph()).findings()
    assert len({x["run"] for x in results}) == 1
    assert sorted((x["end"], x["group_id"]) for x in results) == sorted(
        (x["end"], x["group_id"]) for x in expected
    )


# -- plots --------------------------------------------------------------------------------------


def test_plots_draw_without_missing_glyphs(loaded_city: Path, tmp_path: Path) -> None:
    from pbgraph.plots.grouping import proposals_by_street, street_network
    from pbgraph.plots.style import save

    with EmbeddedStore(loaded_city) as s:
        G = s.graph()
    r = group(G, include_empty=True)
    for lang in ("zh", "en"):
        fig, ax = proposals_by_street(r, lang=lang)
        assert save(fig, tmp_path / f"bars-{lang}.png").stat().st_size > 0
        fig, ax = street_network(G, r, lang=lang)
        assert save(fig, tmp_path / f"net-{lang}.png").stat().st_size > 0
