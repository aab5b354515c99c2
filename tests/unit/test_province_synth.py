"""The synthetic province (pbgraph.synth.province, ``pbgraph generate --cities N``): Shandong's
cities with their real division codes, each city the same whatever N, calibrated like the
one city, and loadable at once with regions under their cities."""

from __future__ import annotations

import csv
import hashlib
import statistics
from pathlib import Path

import pytest

from pbgraph.loaders.load import load_ledgers
from pbgraph.loaders.places import division_table, known_districts
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import build_city
from pbgraph.synth.province import PROVINCE, city_seed, generate_province
from pbgraph.synth.vocabulary import JINAN

CITIES = ["济南市", "青岛市", "淄博市", "枣庄市", "东营市", "烟台市", "潍坊市", "济宁市",
          "泰安市", "威海市", "日照市", "临沂市", "德州市", "聊城市", "滨州市", "菏泽市"]  # fmt: skip


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_sixteen_cities_and_their_codes() -> None:
    assert [p.name for p in PROVINCE] == CITIES
    by_name = {p.name: p for p in PROVINCE}
    assert by_name["青岛市"].code == "370200" and by_name["临沂市"].code == "371300"
    assert ("市南区", "370202") in by_name["青岛市"].districts
    assert ("市中区", "370402") in by_name["枣庄市"].districts
    assert ("市中区", "370103") in by_name["济南市"].districts
    assert by_name["济南市"].districts == JINAN.districts
    # every district code is under its city's code, and the loader's table has it
    table = division_table()
    for p in PROVINCE:
        assert len(p.districts) == len(p.weights) >= 4
        for name, code in p.districts:
            assert code[:4] == p.code[:4] and table[code] == (name, p.name)
    assert sum(len(p.districts) for p in PROVINCE) == 136
    assert "市南区" in known_districts()


def test_a_city_is_the_same_whatever_the_number_of_cities(tmp_path: Path) -> None:
    two = generate_province(2, 300, tmp_path / "two", seed=9)
    four = generate_province(4, 300, tmp_path / "four", seed=9)
    assert len(four) == 2 * len(two) and len(two) == 2 * len(
        generate_province(1, 300, tmp_path / "one", seed=9)
    )
    d2, d4 = _digest(tmp_path / "two"), _digest(tmp_path / "four")
    assert d2 == {k: v for k, v in d4.items() if k.startswith(("370100_", "370200_"))}
    assert sorted(p.name for p in (tmp_path / "four").iterdir()) == [
        "370100_济南市", "370200_青岛市", "370300_淄博市", "370400_枣庄市"]  # fmt: skip
    generate_province(1, 300, tmp_path / "other", seed=10)
    other = _digest(tmp_path / "other")
    assert other["370100_济南市/01_两新组织台账.csv"] != d2["370100_济南市/01_两新组织台账.csv"]
    assert city_seed(9, "370100") != city_seed(9, "370200") != city_seed(10, "370200")


def test_a_city_of_the_province_is_its_own(tmp_path: Path) -> None:
    """Its names, codes and ids are its own, and it carries a 所属城市 column."""
    zz = next(p for p in PROVINCE if p.name == "枣庄市")
    city = build_city(2000, seed=city_seed(1, zz.code), place=zz)
    assert {d.name for d in city.districts} == {n for n, _ in zz.districts}
    assert all(o.code[2:6] == "3704" for o in city.orgs)
    assert all(o.name.startswith("枣庄") for o in city.orgs)
    assert all(p["id"].startswith("DZZ370400") for p in city.party_orgs)
    assert all(t["id"].startswith("ZDY370400") for t in city.instructors)
    units = {r["unit_name"] for r in city.platforms}
    assert "枣庄市委组织部" in units and "枣庄市市中区组织部" in units
    assert {r["platform_id"] for r in city.platforms if r["platform_level"] == "city"} == {
        "LXHY-370400"
    }
    files = generate_province(4, 400, tmp_path, seed=1)
    orgs = next(f for f in files if f.parent.name == "370400_枣庄市" and f.name.startswith("01_"))
    with orgs.open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert {r["所属城市"] for r in rows} == {"枣庄市"} and len(rows) == 400


def test_calibrated_like_the_one_city() -> None:
    """The design.md figures hold for another city as for Jinan (same tolerances as
    tests/unit/test_synth.py)."""
    place = next(p for p in PROVINCE if p.name == "临沂市")
    city = build_city(20000, seed=city_seed(2018, place.code), place=place)
    n = len(city.orgs)
    covered = {c for p in city.party_orgs for c in p["covered_codes"]}
    assert 0.65 <= len(covered) / n <= 0.75  # ~70 % organizational coverage
    small = [o for o in city.orgs if o.employees < 20]
    assert sum(o.formal == 0 for o in small) / len(small) >= 0.8
    assert 0.10 <= sum(1 <= o.formal <= 2 for o in city.orgs) / n <= 0.25
    loads = [len(t["guided_codes"]) + len(t["guided_party_orgs"]) for t in city.instructors]
    assert 2 <= statistics.mean(loads) <= 4 and max(loads) > 4
    joint = [len(p["covered_codes"]) for p in city.party_orgs if p["form"] == "joint"]
    assert sum(k <= 5 for k in joint) / len(joint) >= 0.95
    assert len(city.instructors) == n // 250 and len(city.members) == round(0.3 * n)


@pytest.mark.parametrize("layout", ["normalized", "combined"])
def test_a_province_loads_with_its_cities(tmp_path: Path, layout: str) -> None:
    files = generate_province(4, 500, tmp_path / "ledgers", seed=3, layout=layout)
    with EmbeddedStore(tmp_path / "store") as s:
        result = load_ledgers(files, s, quarantine_dir=tmp_path)
        assert not result.rejects
        t = s.tables(labels=["Region", "Organization"], rels=["PART_OF_Region_Region"],
                     props={"Region": ["level"], "Organization": ["city"]})  # fmt: skip
        levels = dict(zip(t.keys("Region"), t.column("Region", "level"), strict=True))
        assert {k for k, v in levels.items() if v == "city"} == set(CITIES[:4])
        assert {"济南市/市中区", "枣庄市/市中区"} <= {
            k for k, v in levels.items() if v == "district"
        }
        cities = t.column("Organization", "city")
        assert {c: cities.count(c) for c in set(cities)} == dict.fromkeys(CITIES[:4], 500)
        zz = s.tables(labels=["Organization"], rels=[], props={"Organization": ["city"]},
                      where={"city": "枣庄市"})  # fmt: skip
        assert zz.column("Organization", "city") == ["枣庄市"] * 500
