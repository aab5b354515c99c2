"""What a planner reads in a store with cities names the right city, district and street
(pbgraph/graphmodel/regioncode.py; docs/ledgers.md#cities).

Two stores: a synthetic province of 2 cities (``generate --cities 2 --orgs 600 --seed 7``:
济南 and 青岛, 青岛's county-level 平度市 among its districts), and the hand-written ledgers of
tests/unit/test_city_level_ledgers.py, where 济南市 and 枣庄市 both have a 市中区. Every row
that names a district and a street must name a street region the store holds — a code split
on its first ``/`` made 济南市 the district and ``市中区/…街道`` the street. A one-city store's
rows stay as they were (no city column).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.coverage import inputs as coverage_inputs
from pbgraph.analyses.lines import inputs as lines_inputs
from pbgraph.analyses.lines import lines
from pbgraph.analyses.training import inputs as training_inputs
from pbgraph.analyses.training import reach
from pbgraph.cli import cli
from pbgraph.commands.common import area_of, filter_area
from pbgraph.errors import InputError
from pbgraph.graphmodel.regioncode import Place, city_names, place_of, street_place
from pbgraph.loaders.load import load_ledgers
from pbgraph.report import uncovered_rows
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth.province import generate_province
from tests.unit.test_city_level_ledgers import TRUTH, two_cities

PAIR_STREETS = {
    "济南市/市中区/大观园街道", "济南市/市中区/四里村街道", "枣庄市/市中区/光明路街道",
    "枣庄市/市中区/文化路街道", "济南市/历下区/泉城路街道", "枣庄市/薛城区/临城街道",
}  # fmt: skip


def _load(files: list[Path], folder: Path) -> Path:
    with EmbeddedStore(folder / "store") as s:
        result = load_ledgers(files, s, quarantine_dir=folder)
        assert not result.rejects
    return folder / "store"


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of a synthetic province of 2 cities, 600 organizations each."""
    d = tmp_path_factory.mktemp("province")
    return _load(generate_province(2, 600, d / "ledgers", seed=7), d)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of the hand-written ledgers: a 市中区 in 济南市 and in 枣庄市."""
    d = tmp_path_factory.mktemp("pair")
    return _load(two_cities(d / "ledgers"), d)


def pbgraph(store: Path, *args: str) -> tuple[int, Any]:
    """``pbgraph ARGS --store STORE --format json``: exit code and the JSON (or the output)."""
    r = CliRunner().invoke(cli, ["--lang", "en", *args, "--store", str(store), "--format", "json"])
    try:
        return r.exit_code, json.loads(r.output)
    except json.JSONDecodeError:
        return r.exit_code, r.output


def streets_of(store: Path) -> set[str]:
    with EmbeddedStore(store) as s:
        t = s.tables(labels=["Region"], rels=[], props={"Region": ["level"]})
    levels = t.column("Region", "level")
    return {k for k, lv in zip(t.keys("Region"), levels, strict=True) if lv == "street"}


def check_rows(rows: list[dict[str, Any]], streets: set[str]) -> int:
    """Every row's (city,) district and street name one street of ``streets``, the city in
    its own column or in the district's code (枣庄市/市中区); the number of rows checked."""
    for r in rows:
        district = r["district"]
        assert district not in city_names(), r  # never a city as the district
        assert "/" not in r["street"], r  # never 市中区/…街道 as the street
        code = f"{r['city']}/{district}" if r.get("city") else district
        assert f"{code}/{r['street']}" in streets, r
    return len(rows)


# -- the store's codes, read from the right -------------------------------------------------


def test_every_street_code_gives_its_district_and_city(province: Path) -> None:
    with EmbeddedStore(province) as s:
        t = s.tables(labels=["Region"], rels=["PART_OF_Region_Region"],
                     props={"Region": ["level", "name"]})  # fmt: skip
    keys, levels = t.keys("Region"), t.column("Region", "level")
    parent = dict(zip(*t.rel_table("PART_OF_Region_Region"), strict=True))
    names = dict(zip(keys, t.column("Region", "name"), strict=True))
    n = 0
    for k, lv in zip(keys, levels, strict=True):
        if lv == "street":
            p = street_place(k)
            assert (p.district_code, p.street) == (parent[k], names[k])
            assert p.city == parent[parent[k]] and p.city in {"济南市", "青岛市"}
            assert place_of(k) == p
            n += 1
        elif lv == "district":
            assert place_of(k) == Place(parent[k], names[k], "")
    assert n > 20
    assert any(street_place(k).district == "平度市" for k in keys)  # a county-level city


# -- progress, demo-sites, lines, training: rows name the right places ---------------------------------


def test_progress_names_city_district_and_street(pair: Path) -> None:
    code, out = pbgraph(pair, "progress")
    assert code == 0
    assert check_rows(out["groups"], PAIR_STREETS) == len(PAIR_STREETS)
    row = next(g for g in out["groups"] if g["group"] == "枣庄市/市中区/光明路街道")
    assert (row["city"], row["district"], row["street"]) == ("枣庄市", "市中区", "光明路街道")
    assert check_rows(out["flagged"], PAIR_STREETS) > 0
    # per district: the two 市中区 apart, each with its streets
    code, out = pbgraph(pair, "progress", "--by", "district")
    got = {g["group"]: (g["city"], g["district"], g["streets"]) for g in out["groups"]}
    assert got == {
        "济南市/市中区": ("济南市", "市中区", 2), "枣庄市/市中区": ("枣庄市", "市中区", 2),
        "济南市/历下区": ("济南市", "历下区", 1), "枣庄市/薛城区": ("枣庄市", "薛城区", 1),
    }  # fmt: skip
    # the flagged streets' table has a city column
    r = CliRunner().invoke(cli, ["progress", "--flagged", "--store", str(pair), "--format", "csv"])
    assert r.output.splitlines()[0].startswith("城市,区县,街道,")


def test_demo_sites_and_gaps_name_their_street(province: Path) -> None:
    streets = streets_of(province)
    code, out = pbgraph(province, "demo-sites")
    assert code == 0 and out["sites"]
    assert check_rows(out["sites"], streets) == len(out["sites"])
    code, out = pbgraph(province, "demo-sites", "--show", "gaps", "--cluster-min", "3")
    assert check_rows(out["gaps"], streets) > 0
    assert {g["city"] for g in out["gaps"]} <= {"济南市", "青岛市"}


def test_progress_and_lines_in_a_province(province: Path) -> None:
    streets = streets_of(province)
    code, out = pbgraph(province, "progress")
    assert code == 0 and check_rows(out["groups"], streets) == len(streets)
    # lines (the command wants the leading bodies' ledger, which a province has not yet)
    with EmbeddedStore(province) as s:
        result = lines(s.tables(**lines_inputs()))
    assert check_rows(result.listing("streets"), streets) == len(streets)
    assert check_rows([p for p in result.listing("problems") if p["street"]], streets) > 0
    with EmbeddedStore(province) as s:  # training: a street's district with its city
        trained = reach(s.tables(**training_inputs()))  # (the command wants its ledger)
    assert check_rows(trained.listing("streets"), streets) == len(streets)


def test_report_uncovered_sheet_names_the_district_with_its_city(pair: Path) -> None:
    with EmbeddedStore(pair) as s:
        result = coverage(s.tables(**coverage_inputs("street")), by="street")
    rows = uncovered_rows(result)
    assert rows and {r[2] for r in rows} <= set(TRUTH)
    assert {f"{r[2]}/{r[3]}" for r in rows} <= PAIR_STREETS
    names = {r[1]: r[2] for r in rows}
    assert names["枣庄青檀科技有限公司"] == "枣庄市/市中区"
    assert names["济南英雄山文化传媒有限公司"] == "济南市/市中区"


def test_a_chart_keeps_two_cities_districts_of_one_name_apart(pair: Path) -> None:
    import matplotlib.pyplot as plt

    from pbgraph.plots.coverage import coverage_by_area

    with EmbeddedStore(pair) as s:
        result = coverage(s.tables(**coverage_inputs("district")), by="district")
    fig, ax = coverage_by_area(result)
    try:
        labels = sorted(t.get_text() for t in ax.get_yticklabels())
        assert len(ax.patches) == len(labels) == 4  # no two bars on one label
        assert labels == sorted(["济南市/市中区", "枣庄市/市中区", "历下区", "薛城区"])
    finally:
        plt.close(fig)


# -- --district and --street ----------------------------------------------------------------


def test_district_filter_takes_the_city_and_refuses_a_shared_name(pair: Path) -> None:
    code, out = pbgraph(pair, "coverage", "--list", "no_members")
    assert code == 0
    every = {x["name"]: (x["city"], x["district"], x["street"]) for x in out["items"]}
    assert every["枣庄市中区家政服务中心"] == ("枣庄市", "市中区", "文化路街道")
    assert every["济南七贤科技有限公司"] == ("济南市", "市中区", "四里村街道")

    def names(*args: str) -> set[str]:
        code, out = pbgraph(pair, "coverage", "--list", "no_members", *args)
        assert code == 0, out
        return {x["name"] for x in out["items"]}

    assert names("--district", "枣庄市/市中区") == {"枣庄市中区家政服务中心"}
    assert names("--district", "济南市/市中区") == {"济南七贤科技有限公司"}
    assert names("--district", "薛城区") == {"枣庄临城机械制造有限公司"}  # one city has it
    assert names("--street", "枣庄市/市中区/文化路街道") == {"枣庄市中区家政服务中心"}
    assert names("--street", "济南市/市中区/文化路街道") == set()
    assert names("--district", "济南市/薛城区") == set()
    # 市中区 alone: refused, the choices named, exit 2 (also when the list holds one of them)
    for listed in ("no_members", "work"):
        r = CliRunner().invoke(cli, ["--lang", "en", "coverage", "--list", listed,
                                     "--district", "市中区", "--store", str(pair)])  # fmt: skip
        assert r.exit_code == 2, r.output
        assert "济南市/市中区" in r.output and "枣庄市/市中区" in r.output
        assert "Traceback" not in r.output


def test_a_street_asked_for_by_its_name_or_district(pair: Path) -> None:
    from pbgraph.analyses.places import street_name

    with EmbeddedStore(pair) as s:
        t = s.tables(**coverage_inputs("street"))
    result = coverage(t, by="street")
    for asked in ("光明路街道", "市中区/光明路街道", "枣庄市/市中区/光明路街道"):
        assert street_name(t, result, asked) == "枣庄市/市中区/光明路街道"
    with pytest.raises(ValueError, match="济南市/市中区/光明路街道|no single street"):
        street_name(t, result, "济南市/市中区/光明路街道")


def test_area_of_reads_every_form_of_a_row() -> None:
    assert area_of({"group": "枣庄市/市中区"}) == Place("枣庄市", "市中区", "")
    assert area_of({"group": "枣庄市/市中区/光明路街道"}) == Place("枣庄市", "市中区", "光明路街道")
    assert area_of({"area": "历下区/泉城路街道"}) == Place("", "历下区", "泉城路街道")
    assert area_of({"district": "枣庄市/市中区", "street": "光明路街道"}).city == "枣庄市"
    assert area_of(
        {"city": "枣庄市", "district": "市中区", "street": "枣庄市/市中区/光明路街道"}
    ) == (Place("枣庄市", "市中区", "光明路街道"))
    rows = [{"group": "济南市/市中区"}, {"group": "枣庄市/市中区"}, {"group": "枣庄市/薛城区"}]
    assert filter_area(rows, "枣庄市/市中区", None) == [rows[1]]
    with pytest.raises(InputError, match="济南市/市中区"):
        filter_area(rows, "市中区", None)
    # the store's districts tell, not the rows listed: one 市中区 listed is still ambiguous
    assert filter_area(rows[1:], "市中区", None) == [rows[1]]
    with pytest.raises(InputError, match="枣庄市/市中区"):
        filter_area(rows[1:], "市中区", None, known=["济南市/市中区", "枣庄市/市中区"])


# -- a one-city store is as before -----------------------------------------------------------


def test_a_one_city_store_has_no_city_column(loaded_city: Path) -> None:
    code, out = pbgraph(loaded_city, "progress")
    assert code == 0 and out["groups"]
    for g in out["groups"]:
        assert "city" not in g
        assert g["group"] == f"{g['district']}/{g['street']}"
    assert list(out["groups"][0])[:3] == ["group", "district", "street"]
    code, out = pbgraph(loaded_city, "coverage", "--list", "must_build")
    assert out["items"] and all("city" not in x for x in out["items"])
    district = out["items"][0]["district"]
    code, only = pbgraph(loaded_city, "coverage", "--list", "must_build", "--district", district)
    assert only["items"] == [x for x in out["items"] if x["district"] == district]
