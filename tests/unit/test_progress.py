"""Progress, demonstration sites, funds and coverage snapshots (issue 9).

A hand-made set of ledgers where every figure is worked out by hand in the comments; the
seed article's own arithmetic for funds; late corrections of visit reports; snapshots on
the embedded store (on a real Neo4j: ``tests/integration/test_analyses_on_neo4j.py``); the
synthetic city's reports. The hand-made ledgers are ``tests/progress_ledgers.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.demo_sites import demo_sites
from pbgraph.analyses.funds import funds
from pbgraph.analyses.progress import progress
from pbgraph.analyses.snapshots import compare_stored, read_snapshot
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import VISITS_DAYS, VISITS_END, build_city
from tests.progress_ledgers import (
    CC,
    A,
    B,
    C,
    D,
    check_story,
    hand_ledgers,
    orgs_csv,
    snapshot_story,
    write_csv,
)


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    d = tmp_path_factory.mktemp("progress")
    files = hand_ledgers(d)
    with EmbeddedStore(d / "store") as s:
        r = load_ledgers(list(files.values()), s, quarantine_dir=d)
        assert r.rejects == [], r.rejects
    return d / "store", files


@pytest.fixture(scope="module")
def G(hand: tuple[Path, dict[str, Path]]) -> nx.MultiDiGraph:
    with EmbeddedStore(hand[0]) as s:
        return s.graph()


# -- progress ---------------------------------------------------------------------------------


def test_progress_per_street_as_worked_out_by_hand(G: nx.MultiDiGraph) -> None:
    r = progress(G)
    assert (r.since, r.until) == (dt.date(2018, 7, 1), dt.date(2018, 7, 31))
    rows = {x["street"]: x for x in r.streets}
    a, b, c, d = rows[A], rows[B], rows[CC], rows[D]
    assert (a["need"], a["visits"], a["named"], a["share"]) == (3, 4, 2, 0.6667)
    assert (a["willing"], a["developed"], a["days_since"], a["flags"]) == (2, 1, 0, [])
    # willing: 2 in the last 14 days, 0 in the 14 before; P1 founded 2018-07-20 in A
    assert (a["willing_trend"], a["founded"], a["founded_trend"]) == ("up", 1, "up")
    assert (b["need"], b["visits"], b["named"], b["share"]) == (2, 6, 0, 1.0)
    assert b["days_since"] == 21 and b["flags"] == ["stopped"]
    assert b["reasons"]["stopped"][0] == "已21天未报备（最后一次2018-07-10）"
    # c1 is guided by an instructor (work coverage): c2 c3 c4 need a visit
    assert (c["need"], c["visits"], c["share"], c["last_report"]) == (3, 0, 0.0, None)
    assert c["flags"] == ["never"] and "3家未覆盖单位" in c["reasons"]["never"][0]
    # city: 10 visits over 9 uncovered = 1.11 per organization; D has 0 < 0.5 x 1.11
    assert d["flags"] == ["behind"] and r.city["city_rate"] == 1.1111
    assert d["founded"] == 0  # P2 was founded in 2017, before the period
    assert r.city["need"] == 9 and r.city["visits"] == 10
    assert r.city["flagged"] == {"never": 1, "stopped": 1, "behind": 1}
    # flagged first, then lowest share first
    assert [x["street"] for x in r.groups()] == [CC, D, B, A]


def test_progress_parameters_and_period(G: nx.MultiDiGraph) -> None:
    assert progress(G, stale_days=30).streets[1]["flags"] == []  # B: 21 days is fine now
    late = {x["street"]: x for x in progress(G, since="2018-07-15").streets}
    assert (late[A]["visits"], late[A]["named"], late[B]["visits"]) == (3, 2, 0)
    assert late[B]["days_since"] == 21  # the last report counts even before the period
    assert {x["street"]: x["flags"] for x in progress(G, behind=0).streets}[D] == []
    early = {x["street"]: x for x in progress(G, until="2018-07-05").streets}
    assert early[B]["days_since"] == 4 and early[A]["visits"] == 1
    with pytest.raises(ValueError):
        progress(G, since="2018-08-01", until="2018-07-01")
    with pytest.raises(ValueError):
        progress(G, by="building")


def test_progress_by_district_sums_its_streets(G: nx.MultiDiGraph) -> None:
    r = progress(G, by="district")
    rows = {x["group"]: x for x in r.groups()}
    lx = rows["历下区"]
    assert (lx["streets"], lx["need"], lx["visits"]) == (3, 8, 10)
    assert lx["flagged"] == {"never": 1, "stopped": 1, "behind": 0}
    # estimate: A names 2, B min(6, 2) = 2, C 0 -> 4 of 8
    assert lx["share"] == 0.5
    en = r.to_dict(lang="en")
    assert en["city"]["visits"] == 10 and en["by"] == "district"
    assert {f["flag"] for f in en["flagged"]} == {"never", "stopped", "behind"}
    json.dumps(en)  # plain JSON


def test_daily_series(G: nx.MultiDiGraph) -> None:
    s = progress(G).daily()
    assert len(s["days"]) == 31 and s["districts"] == ["历下区", "市中区"]
    assert s["visits"].sum() == 10 and s["visits"][0, 0] == 6  # July 1st: A 1 + B 5
    # a1 covered from 2018-07-20 (P1), d1 from 2017 (P2)
    assert s["total"].tolist() == [10, 2]
    assert s["covered"][0, 18] == 0 and s["covered"][0, 19] == 1 and s["covered"][1, 0] == 1


def test_plots_return_fig_and_ax(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    from pbgraph.plots import progress as progress_plots
    from pbgraph.plots.style import save

    r = progress(G)
    for fn in (progress_plots.visits_by_district, progress_plots.coverage_over_time):
        for lang in ("zh", "en"):
            fig, ax = fn(r, lang=lang)
            assert ax.get_title()
            assert save(fig, tmp_path / f"{fn.__name__}_{lang}.png").stat().st_size > 5000
    fig, ax = progress_plots.funds_by_district(funds(G))
    assert "经费" in ax.get_title()
    save(fig, tmp_path / "funds.png")


def test_city_progress_agrees_with_coverage_and_the_ledger(loaded_city: Path) -> None:
    with EmbeddedStore(loaded_city) as s:
        g = s.graph()
    r = progress(g)
    city = build_city(1500, seed=7)
    assert r.city["need"] == coverage(g).totals()["uncovered"]
    assert r.city["visits"] == sum(v["visited"] for v in city.visits)
    assert r.city["reports"] == len(city.visits)
    assert r.since == min(v["date"] for v in city.visits)


# -- visit reports: late corrections ----------------------------------------------------------


def _visits(path: Path, rows: list[list[object]]) -> Path:
    return write_csv(path, [["所属区县", "所属街道", "报备日期", "走访企业数", "有意愿组建数",
                             "走访单位统一社会信用代码"], *rows])  # fmt: skip


def test_a_late_correction_replaces_the_figures(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        load_ledgers([orgs_csv(tmp_path, ["a1", "a2", "a3"])], s, quarantine_dir=tmp_path)
        load_ledgers([_visits(tmp_path / "v1.csv", [["历下区", A, "2018-07-30", 5, 1, C["a2"]]])],
                     s, quarantine_dir=tmp_path)  # fmt: skip
        fix = _visits(tmp_path / "v2.csv", [["历下区", A, "2018年7月30日", 3, "", C["a3"]]])
        load_ledgers([fix], s, quarantine_dir=tmp_path)
        g = s.graph()
    (report,) = [d for _, d in g.nodes(data=True) if d["label"] == "VisitReport"]
    assert report["id"] == f"历下区/{A}|2018-07-30"
    assert (report["visited"], report["willing"]) == (3, 1)  # a blank cell keeps the figure
    named = {
        v for _, v, k in g.out_edges(f"VisitReport:{report['id']}", keys=True) if k == "VISITED"
    }
    assert named == {f"Organization:{C['a2']}", f"Organization:{C['a3']}"}  # a correction adds


@pytest.mark.parametrize(("prefer", "kept"), [("first", 5), ("last", 3)])
def test_two_reports_of_one_day_in_one_load(tmp_path: Path, prefer: str, kept: int) -> None:
    rows = [["历下区", A, "2018-07-30", 5, 1, ""], ["历下区", A, "2018-07-30", 3, 1, ""]]
    with EmbeddedStore(tmp_path / "s") as s:
        r = load_ledgers(
            [_visits(tmp_path / "v.csv", rows)], s, prefer=prefer, quarantine_dir=tmp_path
        )
        g = s.graph()
    assert [x.rule for x in r.rejects] == ["duplicate"]
    assert r.rejects[0].row == (3 if prefer == "first" else 2)
    assert g.nodes[f"VisitReport:历下区/{A}|2018-07-30"]["visited"] == kept


def test_a_report_naming_an_unknown_organization_is_rejected(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        bad = _visits(tmp_path / "v.csv", [["历下区", A, "2018-07-30", 1, 0, C["b1"]]])
        r = load_ledgers([bad], s, quarantine_dir=tmp_path)
    assert [(x.rule, x.column) for x in r.rejects] == [("reference", "走访单位统一社会信用代码")]


# -- funds ------------------------------------------------------------------------------------


def _funds_graph(new: dict[str, int], sites: dict[str, int], *, old: int = 0,
                 undated: int = 0) -> nx.MultiDiGraph:  # fmt: skip
    g = nx.MultiDiGraph()
    k = 0
    for district in sorted(set(new) | set(sites)):
        street = f"Region:{district}/s"
        g.add_node(f"Region:{district}", label="Region", name=district, level="district")
        g.add_node(street, label="Region", name="s", level="street")
        g.add_edge(street, f"Region:{district}", key="PART_OF")
        for j in range(new.get(district, 0) + old + undated):
            k += 1
            g.add_node(f"Organization:o{k}", label="Organization")
            g.add_edge(f"Organization:o{k}", street, key="LOCATED_IN")
            founded = "2018-03-01" if j < new.get(district, 0) else "2016-03-01"
            g.add_node(f"PartyOrg:p{k}", label="PartyOrg",
                       **({} if j >= new.get(district, 0) + old else {"founded": founded}))  # fmt: skip
            g.add_edge(f"PartyOrg:p{k}", f"Organization:o{k}", key="COVERS")
        for _ in range(sites.get(district, 0)):
            k += 1
            g.add_node(f"DemoSite:s{k}", label="DemoSite", designated="2018-06-01")
            g.add_edge(f"DemoSite:s{k}", street, key="IN")
    return g


def test_funds_the_seed_articles_arithmetic() -> None:
    g = _funds_graph({"历下区": 100, "市中区": 77}, {"历下区": 30, "市中区": 23}, old=5, undated=2)
    r = funds(g)
    t = r.totals()
    assert (r.since, r.until) == (dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    assert (t["new_orgs"], t["new_org_funds"]) == (177, 354_000)
    assert (t["demo_sites"], t["demo_site_funds"]) == (53, 5_300_000)
    assert (t["total"], t["remaining"], t["over_budget"]) == (5_654_000, 4_346_000, False)
    assert (t["budget_share"], t["undated_orgs"]) == (0.5654, 4)  # 2 districts x 2 undated
    rows = {x["group"]: x for x in r.groups()}
    assert (
        rows["历下区"]["new_org_funds"] == 200_000
        and rows["历下区"]["demo_site_funds"] == 3_000_000
    )
    assert rows["市中区"]["total"] == 77 * 2000 + 23 * 100_000
    assert "结余4,346,000元" in r.reason() and "2173个新建党组织或43个示范点" in r.reason()
    json.dumps(r.to_dict(lang="en"))


def test_funds_parameters_period_and_over_budget() -> None:
    g = _funds_graph({"历下区": 10}, {"历下区": 2}, old=3)
    assert funds(g, new_org=1000, demo_site=0).totals()["total"] == 10_000
    over = funds(g, budget=100_000)
    assert over.totals()["over_budget"] and "超出预算120,000元" in over.reason()  # 20 000 + 200 000
    assert funds(g, since="2016-01-01", until="2016-12-31").totals()["new_orgs"] == 3
    with pytest.raises(ValueError):
        funds(g, budget=-1)


# -- demonstration sites -----------------------------------------------------------------------


def test_demo_site_reach_by_channel(G: nx.MultiDiGraph) -> None:
    r = demo_sites(G, cluster_min=3)
    s1, s2 = r.sites  # best score first: S1 540, S2 6 x 80 = 480
    assert (s1["id"], s1["score"], s2["id"], s2["score"]) == ("S1", 540, "S2", 480.0)
    # S1 is a1: building a2; street a2 a3 a4; IT in 历下区 a3 b2; instructor I1 -> c1;
    # member unit U1 -> b1: union of 6, all uncovered but c1 (work coverage)
    assert {k: s1[k] for k in ("building", "same_street", "industry", "instructor",
                               "member_unit", "reach", "reach_uncovered")} == {
        "building": 1, "same_street": 3, "industry": 2, "instructor": 1, "member_unit": 1,
        "reach": 6, "reach_uncovered": 5}  # fmt: skip
    first = [u["credit_code"] for u in s1["uncovered_list"]]
    assert first[0] == C["a2"] and set(first) == {C[n] for n in ("a2", "a3", "b2", "b1", "a4")}
    assert s1["uncovered_list"][0]["reason"] == (
        "同楼宇园区（泉城广场大厦），无党员",
        "same building/park (泉城广场大厦), no members",
    )
    # S2 is P2, which covers d1 in D: d2 in the street (IT, not d1's food)
    assert (s2["anchors"], s2["reach"], s2["reach_uncovered"], s2["industry"]) == (1, 1, 1, 0)
    assert demo_sites(G, industry_scope="city").sites[0]["industry"] == 3  # + d2 in 市中区
    assert demo_sites(G, industry_scope="street").sites[0]["industry"] == 1  # a3 only
    assert demo_sites(G, top=2).sites[0]["uncovered_list"].__len__() == 2


def test_streets_with_uncovered_clusters_and_no_site(G: nx.MultiDiGraph) -> None:
    (gap,) = demo_sites(G, cluster_min=3).listing("gaps")
    assert (gap["street"], gap["largest"], gap["largest_uncovered"], gap["clusters"]) == (
        CC, "趵突泉市场", 3, 1)  # fmt: skip
    assert gap["nearest_site"] == "a1示范点" and "本街道无示范点" in gap["reason"]
    assert demo_sites(G, cluster_min=3, near="district").gaps == []  # S1 is in 历下区
    assert demo_sites(G, cluster_min=4).gaps == []


# -- snapshots --------------------------------------------------------------------------------


def test_snapshots_on_the_embedded_store(tmp_path: Path) -> None:
    files = hand_ledgers(tmp_path)
    with EmbeddedStore(tmp_path / "s") as s:
        snapshot_story(s, tmp_path, files)
        assert (
            len(read_snapshot(s, "2018-07-31")) == 13 and len(read_snapshot(s, "2018-06-30")) == 12
        )
        diff = compare_stored(s, "2018-06-30", "2018-07-31", s.graph())
        back = compare_stored(s, "2018-07-31", "2018-06-30")
        assert s.counts()["Organization"] == 13  # snapshots never enter the ledger graph
    check_story(diff.changes, diff.counts())
    a1 = next(r for r in diff.rows() if r["credit_code"] == C["a1"])
    assert a1["reason"] == "由「应建未建」变为「单独组建」" and a1["name"] == "a1公司"
    assert {r["change"] for r in back.changes} == {"lost_coverage", "work_lost", "gone"}


def test_load_as_of_and_coverage_compare_on_the_command_line(tmp_path: Path) -> None:
    files = hand_ledgers(tmp_path)
    st = str(tmp_path / "cli")
    run = CliRunner().invoke
    r = run(cli, ["-q", "load", str(files["orgs"]), "--store", st, "--as-of", "2018-06-30"])
    assert r.exit_code == 0, r.output
    r = run(cli, ["-q", "load", str(files["party-orgs"]), "--store", st, "--as-of", "2018/7/31"])
    assert r.exit_code == 2  # not YYYY-MM-DD
    r = run(cli, ["-q", "load", str(files["party-orgs"]), "--store", st, "--as-of", "2018-07-31"])
    assert r.exit_code == 0, r.output
    r = run(
        cli,
        ["coverage", "--store", st, "--compare", "2018-06-30", "2018-07-31", "--format", "json"],
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["counts"]["became_covered"] == 2 and d["before"] == "2018-06-30"
    r = run(cli, ["coverage", "--store", st, "--compare", "2018-06-30", "2018-05-01"])
    assert r.exit_code == 2 and "没有日期为 2018-05-01 的覆盖快照" in r.output


# -- the command line -------------------------------------------------------------------------


def test_commands_formats_and_errors(hand: tuple[Path, dict[str, Path]]) -> None:
    st = str(hand[0])
    run = CliRunner().invoke
    r = run(cli, ["progress", "--store", st, "--format", "json", "--lang", "en"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert set(d) == {"by", "since", "until", "params", "city", "groups", "flagged"}
    assert "no report for 21 days" in json.dumps(d)
    r = run(cli, ["progress", "--store", st, "--flagged"])
    assert r.exit_code == 0 and "从未报备" in r.output and "进度落后" in r.output
    r = run(cli, ["progress", "--store", st, "--since", "2018-02-30"])
    assert r.exit_code == 2
    r = run(cli, ["progress", "--store", st, "--since", "2018-08-01", "--until", "2018-07-01"])
    assert r.exit_code == 2 and "起始日期 2018-08-01 晚于截止日期 2018-07-01" in r.output
    r = run(cli, ["funds", "--store", st, "--budget", "10000000"])
    assert r.exit_code == 0 and "合计" in r.output and "结余" in r.output
    r = run(cli, ["funds", "--store", st, "--format", "json"])
    # 2018: P1 founded, S1 designated, S2 undated (counted): 2 000 + 2 x 100 000
    assert json.loads(r.output)["totals"]["total"] == 202_000
    r = run(
        cli,
        ["demo-sites", "--store", st, "--show", "gaps", "--cluster-min", "3", "--format", "csv"],
    )
    assert r.exit_code == 0 and "趵突泉市场" in r.output
    r = run(cli, ["demo-sites", "--store", st, "--show", "uncovered", "--top", "1"])
    assert r.exit_code == 0 and "a2公司" in r.output


# -- the synthetic city -----------------------------------------------------------------------


def test_synthetic_visit_reports_have_realistic_gaps() -> None:
    city = build_city(6000, seed=5)
    start = VISITS_END - dt.timedelta(days=VISITS_DAYS - 1)
    assert all(start <= v["date"] <= VISITS_END for v in city.visits)
    weekend = sum(v["date"].weekday() >= 5 for v in city.visits) / len(city.visits)
    assert weekend < 0.2  # 2/7 = 0.29 if weekends were reported like weekdays
    by_street: dict[str, list[dt.date]] = {}
    for v in city.visits:
        by_street.setdefault(v["street"], []).append(v["date"])
    assert len(by_street) < len(city.streets) or any(
        max(d) < VISITS_END - dt.timedelta(days=6) for d in by_street.values()
    )  # some street never reports or has stopped
    assert any(min(d) > start + dt.timedelta(days=10) for d in by_street.values())  # late starters
    named = [c for v in city.visits for c in v["visited_codes"]]
    assert named and len(named) == len(set(named))  # each named organization visited once
    assert all(p["founded"] <= VISITS_END for p in city.party_orgs)
    assert len(city.demo_sites) == 3
    assert all(70 <= s["strong_role"] <= 98 for s in city.demo_sites)
