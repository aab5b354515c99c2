"""Balancing: hand-built instances with optima written out by hand; the plan against an
independent solve of the same instance (a disaggregated min-cost flow, and brute force on
tiny instances); properties on random instances; the synthetic city; the command line;
charts; write-back to the embedded store (to Neo4j, and bad input in a process of its own:
``tests/integration/``)."""

from __future__ import annotations

import itertools
import json
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.analyses.balance import (
    DemandItem,
    Plan,
    Supplier,
    balance_instructors,
    balance_pairings,
    load_stats,
    solve,
)
from pbgraph.cli import cli
from pbgraph.errors import InfeasibleError
from pbgraph.stores.sqlite import EmbeddedStore

S = 4  # the module's secondary cost unit: load step 2k-1, locality costs, keep bonus


def sup(id: str, street: str | None, cap: int, *existing: str, reach: str = "district") -> Supplier:
    district = street.split("/")[0] if street else None
    return Supplier(id, id, street, district, cap, reach, tuple(existing))


def item(id: str, street: str | None, weight: int = 4, *, key: bool = False, size: int = 0) -> DemandItem:  # fmt: skip
    district = street.split("/")[0] if street else None
    return DemandItem(id, id, street, district, weight, "key" if key else "no_members", size,
                      key=key)  # fmt: skip


def check_valid(plan: Plan, sups: list[Supplier], items: list[DemandItem]) -> None:
    by = {s.id: s for s in sups}
    its = {i.id: i for i in items}
    loads = {s.id: 0 for s in sups}
    for iid, sid in plan.assignment.items():
        loads[sid] += 1
        s, it = by[sid], its[iid]
        if s.reach == "street":
            assert s.street == it.street, (sid, iid)
        elif s.reach == "district":
            assert s.district == it.district, (sid, iid)
    assert loads == plan.load_after
    assert all(loads[s.id] <= s.capacity for s in sups)
    assert plan.kept <= set(plan.assignment)


# -- hand-built instances, optima by hand ----------------------------------------------------


def test_key_organizations_first_when_capacity_is_short() -> None:
    sups = [sup("I", "A/s", 2)]
    items = [item("big", "A/s", 6, size=90), item("k1", "A/s", 68, key=True),
             item("small", "A/s", 6, size=5), item("k2", "A/s", 68, key=True)]  # fmt: skip
    plan = solve(sups, items)
    assert set(plan.assignment) == {"k1", "k2"}


def test_within_a_class_the_biggest_go_first_ties_by_key() -> None:
    sups = [sup("I", "A/s", 2)]
    items = [item("c", "A/s", size=5), item("a", "A/s", size=9), item("b", "A/s", size=9)]
    assert set(solve(sups, items).assignment) == {"a", "b"}


@pytest.mark.parametrize(
    ("reach", "served"),
    [("street", {"a"}), ("district", {"a", "b"}), ("city", {"a", "b", "c"})],
)
def test_locality_street_district_city(reach: str, served: set[str]) -> None:
    sups = [sup("I", "A/s1", 3, reach=reach)]
    items = [item("a", "A/s1"), item("b", "A/s2"), item("c", "B/s3")]
    plan = solve(sups, items)
    assert set(plan.assignment) == served


def test_same_street_preferred_over_a_neighbour_street() -> None:
    # I1 (street s1) and I2 (street s2) both reach both streets; one item in each
    sups = [sup("I1", "A/s1", 1), sup("I2", "A/s2", 1)]
    plan = solve(sups, [item("x2", "A/s2"), item("x1", "A/s1")])
    assert plan.assignment == {"x1": "I1", "x2": "I2"}


def test_even_loads_among_plans_that_serve_the_most() -> None:
    # 3 instructors of capacity 3, 6 items: 2 + 2 + 2 (Σ load² = 12) beats 3 + 3 + 0 (18)
    sups = [sup(f"I{k}", "A/s", 3) for k in range(3)]
    plan = solve(sups, [item(f"o{k}", "A/s") for k in range(6)])
    assert sorted(plan.load_after.values()) == [2, 2, 2]
    assert plan.objective == S * 12


def test_cross_street_only_when_the_own_street_has_no_capacity() -> None:
    # street s1 has 3 items, its instructor capacity 2; the neighbour street's idle
    # instructor takes the third (serving more beats every locality cost)
    sups = [sup("I1", "A/s1", 2), sup("I2", "A/s2", 2)]
    plan = solve(sups, [item(f"o{k}", "A/s1") for k in range(3)])
    assert plan.served_count == 3 and plan.load_after == {"I1": 2, "I2": 1}


def test_existing_assignments_stay_unless_loads_differ_by_move_gap() -> None:
    # loads 4|0 differ by 4 >= 3: one moves (3|1); 3|1 differ by 2 < 3: nothing more moves
    items = [item(f"o{k}", "A/s") for k in range(4)]
    sups = [sup("I1", "A/s", 4, "o0", "o1", "o2", "o3"), sup("I2", "A/s", 4)]
    plan = solve(sups, items)
    assert plan.load_after == {"I1": 3, "I2": 1} and plan.moves == 1
    plan = solve(sups, items, move_gap=2)
    assert plan.load_after == {"I1": 2, "I2": 2} and plan.moves == 2
    plan = solve(sups, items, move_gap=5)
    assert plan.load_after == {"I1": 4, "I2": 0} and plan.moves == 0
    plan = solve(sups, items, keep_existing=False)  # --replan: the most even plan
    assert plan.load_after == {"I1": 2, "I2": 2}


def test_over_capacity_sheds_the_lightest_to_an_idle_colleague() -> None:
    sups = [sup("I1", "A/s", 2, "heavy", "mid", "light"), sup("I2", "A/s", 2)]
    items = [item("heavy", "A/s", 68, key=True), item("mid", "A/s", 16), item("light", "A/s", 4)]
    plan = solve(sups, items)
    assert plan.assignment == {"heavy": "I1", "mid": "I1", "light": "I2"}
    assert plan.moved == {"light": ("I1", "I2")} and plan.kept == {"heavy", "mid"}


def test_moves_to_serve_more_demand() -> None:
    # only I1 reaches the key organization y; I1 guides x, which I2 can take over
    sups = [sup("I1", "A/s1", 1, "x"), sup("I2", "A/s2", 1, reach="street")]
    items = [item("x", "A/s2"), item("y", "A/s1", 68, key=True)]
    plan = solve(sups, items)
    assert plan.assignment == {"y": "I1", "x": "I2"} and plan.moved == {"x": ("I1", "I2")}


def test_max_changes_caps_moves_and_infeasible_caps_fail() -> None:
    sups = [sup("I1", "A/s", 6, *[f"o{k}" for k in range(6)]), sup("I2", "A/s", 6)]
    items = [item(f"o{k}", "A/s") for k in range(6)]
    assert solve(sups, items).moves == 2  # 6|0 -> 5|1 -> 4|2 (gap 3 each time), 4|2 stays
    plan = solve(sups, items, max_changes=1)
    assert plan.moves == 1 and plan.exact and plan.load_after == {"I1": 5, "I2": 1}
    over = [sup("I1", "A/s", 1, "o0", "o1"), sup("I2", "B/s", 3)]
    with pytest.raises(InfeasibleError, match="at least 1"):
        solve(over, items[:2], max_changes=0)
    with pytest.raises(ValueError, match="keep_existing"):
        solve(sups, items, keep_existing=False, max_changes=1)


def test_items_no_longer_in_demand_are_released() -> None:
    plan = solve([sup("I", "A/s", 3, "gone", "o")], [item("o", "A/s")])
    assert plan.released == [("I", "gone", "not_needed")] and plan.kept == {"o"}
    assert plan.load_before == {"I": 2} and plan.moves == 0


def test_load_stats() -> None:
    assert load_stats([3, 3, 3])["gini"] == 0.0
    assert load_stats([0, 0, 0, 8])["gini"] == 0.75
    assert load_stats([])["max_load"] == 0


# -- an independent solve of the same instance -----------------------------------------------


def _reach(s: Supplier, it: DemandItem) -> bool:
    if s.reach == "city":
        return True
    if s.reach == "district":
        return s.district is not None and s.district == it.district
    return s.street is not None and s.street == it.street


def _loc_cost(s: Supplier, it: DemandItem, cs: int = 3, cd: int = 10) -> int:
    if s.street is not None and s.street == it.street:
        return 0
    if (s.district is not None and s.district == it.district) or (
        s.street is None and s.district is None and s.reach == "city"
    ):
        return S * cs
    return S * cd


def _bonus(gap: int) -> int:
    return S * (2 * gap - 3) + S // 2


def _secondary(assign: dict[str, str], sups: list[Supplier], items: list[DemandItem],
               gap: int = 3) -> int:  # fmt: skip
    by = {s.id: s for s in sups}
    its = {i.id: i for i in items}
    owner = {i: s.id for s in sups for i in s.existing if _reach(s, its[i])}
    load: dict[str, int] = {}
    cost = 0
    for iid, sid in assign.items():
        load[sid] = load.get(sid, 0) + 1
        cost += _loc_cost(by[sid], its[iid])
        if owner.get(iid) == sid:
            cost -= _bonus(gap)
        if iid in owner:
            cost -= 1
    return cost + S * sum(v * v for v in load.values())


def independent_flow(sups: list[Supplier], items: list[DemandItem]) -> tuple[int, int, int]:
    """(served count, served weight, secondary cost) of a min-cost flow with one arc per
    (supplier, item) pair, no aggregation, solved by networkx's capacity scaling."""
    G = nx.DiGraph()
    its = {i.id: i for i in items}
    owner = {i: s.id for s in sups for i in s.existing if _reach(s, its[i])}
    sec = 0
    for s in sups:
        for k in range(1, s.capacity + 1):  # unit arcs through a chain node per unit
            G.add_edge("src", f"{s.id}#{k}", capacity=1, weight=S * (2 * k - 1))
            G.add_edge(f"{s.id}#{k}", f"S{s.id}", capacity=1, weight=0)
            sec += S * (2 * k - 1)
        for it in items:
            if _reach(s, it):
                c = _loc_cost(s, it) - (_bonus(3) if owner.get(it.id) == s.id else 0)
                G.add_edge(f"S{s.id}", f"I{it.id}", capacity=1, weight=c)
                sec += abs(c)
    W = sec + len(items) + 1
    for it in items:
        G.add_edge(f"I{it.id}", "snk", capacity=1, weight=-W * it.weight - (it.id in owner))
    total = sum(s.capacity for s in sups)
    G.add_edge("src", "snk", capacity=total, weight=0)
    G.nodes["src"]["demand"] = -total
    G.nodes["snk"]["demand"] = total
    flow = nx.min_cost_flow(G)
    assign = {
        it.id: s.id for s in sups for it in items if flow.get(f"S{s.id}", {}).get(f"I{it.id}", 0)
    }
    return (
        len(assign),
        sum(i.weight for i in items if i.id in assign),
        _secondary(assign, sups, items),
    )


def brute_force(sups: list[Supplier], items: list[DemandItem], max_changes: int | None = None
                ) -> tuple[int, int]:  # fmt: skip
    """(max served weight, then min secondary cost) over every feasible assignment."""
    owner = {i: s.id for s in sups for i in s.existing}  # moves count every existing pair
    options = [[None, *(s.id for s in sups if _reach(s, it))] for it in items]
    best: tuple[int, int] | None = None
    cap = {s.id: s.capacity for s in sups}
    for choice in itertools.product(*options):
        load: dict[str, int] = {}
        for c in choice:
            if c is not None:
                load[c] = load.get(c, 0) + 1
        if any(v > cap[k] for k, v in load.items()):
            continue
        assign = {it.id: c for it, c in zip(items, choice, strict=True) if c is not None}
        if (
            max_changes is not None
            and sum(assign.get(i) != s for i, s in owner.items()) > max_changes
        ):
            continue
        val = (-sum(it.weight for it in items if it.id in assign), _secondary(assign, sups, items))
        best = val if best is None or val < best else best
    assert best is not None
    return -best[0], best[1]


STREETS = ["A/s1", "A/s2", "B/s3"]


@st.composite
def instances(draw: st.DrawFn, max_items: int = 8, max_sups: int = 4) -> tuple[list[Supplier], list[DemandItem]]:  # fmt: skip
    n_items = draw(st.integers(0, max_items))
    items = [
        item(f"o{k}", draw(st.sampled_from(STREETS)), draw(st.sampled_from([4, 6, 8, 16, 68])),
             size=draw(st.integers(0, 3)))
        for k in range(n_items)
    ]  # fmt: skip
    n_sups = draw(st.integers(1, max_sups))
    owners = [draw(st.one_of(st.none(), st.integers(0, n_sups - 1))) for _ in items]
    sups = [
        sup(f"I{j}", draw(st.sampled_from(STREETS)), draw(st.integers(0, 3)),
            *[it.id for it, o in zip(items, owners, strict=True) if o == j],
            reach=draw(st.sampled_from(["street", "district", "city"])))
        for j in range(n_sups)
    ]  # fmt: skip
    return sups, items


def max_flow_bound(sups: list[Supplier], items: list[DemandItem]) -> int:
    G = nx.DiGraph()
    G.add_node("src")
    G.add_node("snk")
    for s in sups:
        G.add_edge("src", s.id, capacity=s.capacity)
        for it in items:
            if _reach(s, it):
                G.add_edge(s.id, it.id, capacity=1)
    for it in items:
        G.add_edge(it.id, "snk", capacity=1)
    return int(nx.maximum_flow_value(G, "src", "snk"))


@settings(max_examples=120, deadline=None)
@given(instances())
def test_plan_is_valid_and_matches_an_independent_min_cost_flow(inst: Any) -> None:
    sups, items = inst
    plan = solve(sups, items)
    check_valid(plan, sups, items)
    assert plan.served_count == max_flow_bound(sups, items)  # most weight = most items
    count, weight, secondary = independent_flow(sups, items)
    assert (plan.served_count, plan.served_weight, plan.objective) == (count, weight, secondary)
    assert plan.objective == _secondary(plan.assignment, sups, items)


@settings(max_examples=60, deadline=None)
@given(instances(max_items=5, max_sups=3))
def test_plan_matches_brute_force_on_tiny_instances(inst: Any) -> None:
    sups, items = inst
    plan = solve(sups, items)
    assert (plan.served_weight, plan.objective) == brute_force(sups, items)


@settings(max_examples=60, deadline=None)
@given(instances(max_items=5, max_sups=3), st.integers(0, 4))
def test_max_changes_is_respected(inst: Any, k: int) -> None:
    sups, items = inst
    try:
        plan = solve(sups, items, max_changes=k)
    except InfeasibleError:
        free = solve(sups, items)
        assert free.moves > k
        return
    check_valid(plan, sups, items)
    assert plan.moves <= k
    if plan.exact:  # the Lagrangian optimum met the cap exactly: optimal under the cap
        assert (plan.served_weight, plan.objective) == brute_force(sups, items, max_changes=k)


@settings(max_examples=80, deadline=None)
@given(instances())
def test_balancing_a_balanced_plan_moves_nothing(inst: Any) -> None:
    sups, items = inst
    plan = solve(sups, items)
    again = [
        Supplier(s.id, s.name, s.street, s.district, s.capacity, s.reach,
                 tuple(sorted(i for i, o in plan.assignment.items() if o == s.id)))
        for s in sups
    ]  # fmt: skip
    second = solve(again, items)
    assert second.moves == 0 and second.assignment == plan.assignment


# -- the synthetic city ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def city_graph(loaded_city: Path) -> nx.MultiDiGraph:
    with EmbeddedStore(loaded_city) as s:
        return s.graph()


def test_city_instructor_plan(city_graph: nx.MultiDiGraph) -> None:
    before = nx.to_dict_of_dicts(city_graph)
    r = balance_instructors(city_graph)
    assert nx.to_dict_of_dicts(city_graph) == before  # the graph is not changed
    st_ = r.stats()
    b, a = st_["before"], st_["after"]
    assert a["over_capacity"] == 0 and a["max_load"] <= max(s.capacity for s in r.suppliers)
    assert a["served_weight"] >= b["served_weight"] and a["key_served"] >= b["key_served"]
    assert a["std_load"] <= b["std_load"]
    check_valid(r.plan, r.suppliers, r.items)
    rows = r.assignments()
    assert rows and all(x["reason"] and "*" in x["supplier_name"] for x in rows)
    assert {x["status"] for x in rows} <= {"kept", "new", "moved"}
    assert all(x["reason"] for x in r.changes())
    streets = r.streets()
    assert sum(x["demand"] for x in streets) == sum(1 for i in r.items if i.street)
    assert all(x["extra_served"] <= r.extra.capacity for x in streets)
    assert all(x["shortfall"] * 3 >= x["unmet"] for x in streets)
    en = r.assignments(lang="en")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in x["reason"].split(";")[1]) for x in en
               if x["status"] == "new")  # fmt: skip
    d = json.loads(json.dumps(r.to_dict()))
    assert set(d) == {"kind", "params", "exact", "stats", "plan", "changes", "streets"}


def test_city_extra_instructor_gain_matches_a_resolve(city_graph: nx.MultiDiGraph) -> None:
    """The gain of one more instructor in a street, computed by augmenting paths, equals a
    full re-solve with that instructor added (checked on the streets with the most unmet)."""
    r = balance_instructors(city_graph)
    for row in r.streets()[:3]:
        street = row["street"]
        extra = Supplier("NEW", "", street, street.split("/")[0], 3, "district")
        plan = solve([*r.suppliers, extra], r.items)
        assert plan.served_weight - r.plan.served_weight == row["extra_weight"], street
        assert plan.served_count - r.plan.served_count == row["extra_served"], street


def test_city_pairing_plan(city_graph: nx.MultiDiGraph) -> None:
    r = balance_pairings(city_graph)
    a = r.stats()["after"]
    assert a["key_demand"] == a["demand"] and a["over_capacity"] == 0
    check_valid(r.plan, r.suppliers, r.items)
    assert a["served"] == max_flow_bound(r.suppliers, r.items)
    assert {s.reach for s in r.suppliers} <= {"city", "district", "street"}


def test_bad_parameters(city_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="scope"):
        balance_instructors(city_graph, scope="planet")
    with pytest.raises(ValueError, match="unknown weight"):
        balance_instructors(city_graph, weights={"vip": 3})


# -- charts ----------------------------------------------------------------------------------


def test_charts_render_without_missing_glyphs(city_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    from pbgraph.plots.balance import load_histogram, unmet_by_street
    from pbgraph.plots.style import save

    r = balance_instructors(city_graph)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning
        for lang in ("zh", "en"):
            for fn in (load_histogram, unmet_by_street):
                fig, ax = fn(r, lang=lang)
                assert ax.get_title()
                assert save(fig, tmp_path / f"{fn.__name__}-{lang}.png").stat().st_size > 1000
        fig, _ = unmet_by_street(balance_pairings(city_graph))
        save(fig, tmp_path / "pairings.png")


# -- the command line ------------------------------------------------------------------------


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, ["balance", *args])


def test_cli_formats(loaded_city: Path, tmp_path: Path) -> None:
    store = ["--store", str(loaded_city)]
    r = _invoke("instructors", *store, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["kind"] == "instructors" and d["stats"]["after"]["over_capacity"] == 0
    r = _invoke("instructors", *store, "--show", "streets", "--format", "csv")
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith("所属街道,")
    r = _invoke("pairings", *store, "--show", "stats", "--lang", "en")
    assert r.exit_code == 0 and "served weight" in r.output
    r = _invoke("instructors", *store)  # table: statistics, then the plan
    assert r.exit_code == 0 and "负荷基尼系数" in r.output and "原因" in r.output
    out = tmp_path / "plan.xlsx"
    r = _invoke("instructors", *store, "--format", "xlsx", "--out", str(out))
    assert r.exit_code == 0 and out.stat().st_size > 0


def test_cli_write_back_to_the_embedded_store(small_city: list[Path], tmp_path: Path) -> None:
    from pbgraph.loaders.load import load_ledgers

    with EmbeddedStore(tmp_path / "s") as s:
        load_ledgers(small_city, s, quarantine_dir=tmp_path)
    for _ in range(2):  # a second run replaces the first
        r = _invoke(
            "instructors", "--store", str(tmp_path / "s"), "--write-back", "--format", "json"
        )
        assert r.exit_code == 0, r.output
    plan = json.loads(r.output[r.output.index("{") :])["plan"]
    with EmbeddedStore(tmp_path / "s") as s:
        got = s.results("balance-instructors")
        assert len({x["run"] for x in got}) == 1
        assert sorted((x["end"], x["instructor"], bool(x["kept"])) for x in got) == sorted(
            (p["key"], p["supplier"], p["status"] == "kept") for p in plan
        )
        assert {x["type"] for x in got} == {"ASSIGNS"}
        _invoke("pairings", "--store", str(tmp_path / "s"), "--write-back")
        assert all(x["type"] == "PAIRS" and x["member_unit"] for x in s.results("balance-pairings"))
        assert s.results("balance-instructors")  # the other plan is untouched


def test_a_city_wide_supplier_reaches_its_city_only() -> None:
    """In a province (codes under their city), a city-wide supplier serves its own city's
    streets only; in a one-city store (no city) every street."""
    items = [DemandItem("o1", "甲", "济南市/历下区/泉城路街道", "济南市/历下区", 1),
             DemandItem("o2", "乙", "枣庄市/市中区/光明路街道", "枣庄市/市中区", 1),
             DemandItem("o3", "丙", None, "济南市/历下区", 1)]  # fmt: skip
    unit = Supplier("U1", "济南市某局", None, None, 5, "city", city="济南市")
    assert solve([unit], items).assignment == {"o1": "U1", "o3": "U1"}
    assert set(solve([Supplier("U1", "某局", None, None, 5, "city")], items).assignment) == {
        "o1", "o2", "o3"}  # fmt: skip
    # 济南市's unit and 济南's districts: a prefix of the code, not of the name
    other = Supplier("U2", "济南市南某局", None, None, 5, "city", city="济南市南")
    assert solve([other], items).assignment == {}
