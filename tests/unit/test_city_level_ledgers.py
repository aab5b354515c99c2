"""Two cities with a district of the same name (市中区 of 济南 and of 枣庄), in ledgers as
their offices keep them, loaded into one embedded store: regions under their cities, a
district's coverage never mixed with the other's (docs/ledgers.md#cities).

The ledgers (written by hand below; tests/integration/test_city_level_neo4j.py loads the
same into Neo4j):

* ``济南市市中区``'s district ledger, a CSV: the city and district only in its title row
  (济南市市中区“两新”组织党建工作台账), its 填报单位 row and the credit codes (370103); a
  所属街道 column; a joint branch over two rows; an instructor 王建国; a building 万达广场.
* ``枣庄市市中区``'s workbook, a sheet per street: the city and district only in each sheet's
  title row (枣庄市市中区光明路街道…) and the codes (370402); no district or street column;
  an instructor also called 王建国 and a building also called 万达广场 — other people and
  another building than 济南's.
* a provincial roll-up CSV with 所属城市, 所属区县 and 所属街道 columns: one organization of
  济南市历下区, one of 枣庄市薛城区.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

import pytest

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.coverage import inputs as coverage_inputs
from pbgraph.loaders.load import load_ledgers
from pbgraph.loaders.places import city_in, known_cities
from pbgraph.loaders.write import write_workbook
from pbgraph.stores.sqlite import EmbeddedStore
from tests.office_ledgers import credit_code

_RNG = random.Random(19)

# name, kind, street, building, staff, formal, probationary, has, party org, form,
# instructors, key, expected category
JINAN_SHIZHONG = [
    ("济南大观园商贸有限公司", "民营企业", "大观园街道", "万达广场", 30, 5, 0, "是",
     "济南大观园商贸有限公司党支部", "单独组建", "", "否", "own"),
    ("济南经四路餐饮管理有限公司", "民营企业", "大观园街道", "万达广场", 12, 1, 0, "是",
     "大观园街道万达广场联合党支部", "联合组建", "", "否", "joint"),
    ("济南经五路信息技术有限公司", "私营企业", "大观园街道", "万达广场", 8, 2, 0, "√",
     "大观园街道万达广场联合党支部", "联建", "", "否", "joint"),
    ("济南四里村物流有限公司", "民营企业", "四里村街道", "", 20, 0, 0, "否", "", "",
     "王建国", "否", "work"),
    ("济南英雄山文化传媒有限公司", "民营企业", "四里村街道", "", 6, 3, 0, "否", "", "", "",
     "否", "must_build"),
    ("济南七贤科技有限公司", "民营企业", "四里村街道", "", 150, 0, 0, "否", "", "", "", "是",
     "no_members"),
]  # fmt: skip
ZAOZHUANG_SHIZHONG = {
    "光明路街道": [
        ("枣庄光明商贸有限公司", "民营企业", "万达广场", 40, 4, 1, "是",
         "中共枣庄光明商贸有限公司支部委员会", "单独组建", "", "own"),
        ("枣庄龙头路餐饮有限公司", "民营企业", "万达广场", 10, 0, 0, "否", "", "", "王建国",
         "work"),
        ("枣庄君山建设工程有限公司", "私营企业", "", 25, 2, 0, "否", "", "", "",
         "joint_candidate"),
    ],
    "文化路街道": [
        ("枣庄文化路物业管理有限公司", "民营企业", "", 9, 0, 0, "是",
         "文化路街道非公企业综合党委", "挂靠", "", "attached"),
        ("枣庄青檀科技有限公司", "民营企业", "", 300, 4, 0, "否", "", "", "", "must_build"),
        ("枣庄市中区家政服务中心", "民办非企业单位", "", 5, 0, 0, "否", "", "", "",
         "no_members"),
    ],
}  # fmt: skip
ROLL_UP = [  # 所属城市, 所属区县, 所属街道, name, formal, category
    ("济南市", "历下区", "泉城路街道", "济南泉城路珠宝有限公司", 1, "joint_candidate"),
    ("枣庄市", "薛城区", "临城街道", "枣庄临城机械制造有限公司", 0, "no_members"),
]
_DIVISION = {"济南市": {"历下区": "370102", "市中区": "370103"},
             "枣庄市": {"市中区": "370402", "薛城区": "370403"}}  # fmt: skip
CODES = {
    name: credit_code(_RNG, "52" if kind == "民办非企业单位" else "91", division)
    for division, rows in (
        ("370103", [(r[0], r[1]) for r in JINAN_SHIZHONG]),
        ("370402", [(r[0], r[1]) for rs in ZAOZHUANG_SHIZHONG.values() for r in rs]),
    )
    for name, kind in rows
}
CODES.update({r[3]: credit_code(_RNG, "91", _DIVISION[r[0]][r[1]]) for r in ROLL_UP})

#: the expected counts per district, by the district's region code
TRUTH: dict[str, dict[str, int]] = {}
for _district, _cats in (
    ("济南市/市中区", [r[-1] for r in JINAN_SHIZHONG]),
    ("枣庄市/市中区", [r[-1] for rs in ZAOZHUANG_SHIZHONG.values() for r in rs]),
    ("济南市/历下区", ["joint_candidate"]),
    ("枣庄市/薛城区", ["no_members"]),
):
    TRUTH[_district] = {c: _cats.count(c) for c in set(_cats)}
CATEGORY = {r[0]: r[-1] for r in JINAN_SHIZHONG}
CATEGORY.update({r[0]: r[-1] for rs in ZAOZHUANG_SHIZHONG.values() for r in rs})
CATEGORY.update({r[3]: r[-1] for r in ROLL_UP})


def jinan_shizhong_csv(folder: Path) -> Path:
    """济南市市中区's district ledger: CSV in UTF-8 with BOM, title and 填报单位 rows."""
    header = ["序号", "单位名称", "统一社会信用代码", "单位类别", "所属街道", "所在楼宇（园区）",
              "从业人员", "正式党员", "预备党员", "是否建立党组织", "党组织名称", "组建方式",
              "党建指导员", "是否重点企业"]  # fmt: skip
    rows: list[list[Any]] = [
        ["济南市市中区“两新”组织党建工作台账"],
        ["填报单位：市中区委两新工委", *[""] * 10, "填报日期：2018年7月31日"],
        header,
    ]
    for n, (name, kind, street, building, staff, formal, prob, has, po, form, inst, key,
            _) in enumerate(JINAN_SHIZHONG, 1):  # fmt: skip
        rows.append([n, name, CODES[name], kind, street, building, staff, formal, prob, has,
                     po, form, inst, key])  # fmt: skip
    rows.append(["合计", "", "", "", "", "", sum(r[4] for r in JINAN_SHIZHONG)])
    path = folder / "市中区两新组织台账.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def zaozhuang_shizhong_xlsx(folder: Path) -> Path:
    """枣庄市市中区's workbook: a sheet per street, the place only in each title row."""
    header = ["序号", "单位名称", "统一社会信用代码", "单位类别", "所在楼宇（园区）", "从业人员",
              "正式党员", "预备党员", "是否建立党组织", "党组织名称", "组建方式", "党建指导员"]  # fmt: skip

    def sheet(street: str, orgs: list[tuple[Any, ...]]) -> list[list[Any]]:
        rows: list[list[Any]] = [
            [f"枣庄市市中区{street}“两新”组织党建工作台账（2018年7月）"],
            ["填报单位：市中区委两新工委"],
            header,
        ]
        for n, (name, kind, building, staff, formal, prob, has, po, form, inst, _) in enumerate(
            orgs, 1
        ):
            rows.append([n, name, CODES[name], kind, building or None, staff, formal, prob,
                         has, po or None, form or None, inst or None])  # fmt: skip
        rows.append(["小计", None, None, None, None, sum(o[3] for o in orgs)])
        return rows

    return write_workbook(
        folder / "市中区两新组织台账.xlsx",
        [(street, sheet(street, orgs)) for street, orgs in ZAOZHUANG_SHIZHONG.items()],
    )


def roll_up_csv(folder: Path) -> Path:
    """A provincial roll-up with 所属城市, 所属区县 and 所属街道 columns."""
    path = folder / "两新组织汇总.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["序号", "所属城市", "所属区县", "所属街道", "单位名称", "统一社会信用代码",
                    "正式党员", "从业人员"])  # fmt: skip
        for n, (city, district, street, name, formal, _) in enumerate(ROLL_UP, 1):
            w.writerow([n, city, district, street, name, CODES[name], formal, 10])
    return path


def two_cities(folder: Path) -> list[Path]:
    """The three ledgers, each in a folder of its own office."""
    out = []
    for sub, write in (("jinan", jinan_shizhong_csv), ("zaozhuang", zaozhuang_shizhong_xlsx),
                       ("province", roll_up_csv)):  # fmt: skip
        (folder / sub).mkdir(parents=True, exist_ok=True)
        out.append(write(folder / sub))
    return out


def check_store(store: Any) -> None:
    """What a store holding :func:`two_cities` must say (both stores are held to it)."""
    t = store.tables(
        labels=["Region", "Organization", "Instructor", "Building"],
        rels=["PART_OF_Region_Region", "LOCATED_IN_Organization_Region",
              "IN_Building_Region", "BASED_IN_Instructor_Region"],
        props={"Region": ["name", "level"], "Organization": ["name", "city"]},
    )  # fmt: skip
    regions = dict(zip(t.keys("Region"), t.column("Region", "level"), strict=True))
    assert {k for k, v in regions.items() if v == "city"} == {"济南市", "枣庄市"}
    assert {k for k, v in regions.items() if v == "district"} == set(TRUTH)
    names = dict(zip(t.keys("Region"), t.column("Region", "name"), strict=True))
    assert names["枣庄市/市中区"] == names["济南市/市中区"] == "市中区"
    assert regions["枣庄市/市中区/光明路街道"] == "street"
    parent = dict(zip(*t.rel_table("PART_OF_Region_Region"), strict=True))
    assert parent["枣庄市/市中区"] == "枣庄市" and parent["济南市/市中区"] == "济南市"
    assert parent["济南市/市中区/大观园街道"] == "济南市/市中区"
    # organizations: their city, their street under the right district
    city = dict(
        zip(t.column("Organization", "name"), t.column("Organization", "city"), strict=True)
    )
    assert city == {name: ("枣庄市" if name.startswith("枣庄") else "济南市") for name in CATEGORY}
    # two 王建国 (one per district) and two 万达广场
    assert sorted(t.rel_table("BASED_IN_Instructor_Region")[1]) == sorted(
        ["济南市/市中区/四里村街道", "枣庄市/市中区/光明路街道"])  # fmt: skip
    assert sorted(t.keys("Building")) == sorted(
        ["济南市/市中区/万达广场", "枣庄市/市中区/万达广场"]
    )
    # coverage per district: the two 市中区 apart, each as its ledger says
    result = coverage(store.tables(**coverage_inputs("district")), by="district")
    got = {g["group"]: g for g in result.groups()}
    assert set(got) == set(TRUTH)
    keys = {"own": "own", "joint": "joint", "attached": "attached", "work": "work_covered",
            "must_build": "must_build", "joint_candidate": "joint_candidates",
            "no_members": "no_members"}  # fmt: skip
    for district, cats in TRUTH.items():
        assert got[district]["total"] == sum(cats.values()), district
        for cat, field in keys.items():
            assert got[district][field] == cats.get(cat, 0), (district, cat)
    assert result.categories == {f"Organization:{CODES[n]}": c for n, c in CATEGORY.items()}
    # one city's partition: its districts alone
    part = store.tables(**coverage_inputs("district"), where={"city": "枣庄市"})
    by_part = coverage(part, by="district").groups()
    assert {g["group"]: g["total"] for g in by_part} == {"枣庄市/市中区": 6, "枣庄市/薛城区": 1}


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return two_cities(tmp_path_factory.mktemp("two-cities"))


def test_two_cities_in_one_store(ledgers: list[Path], tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as s:
        result = load_ledgers(ledgers, s, quarantine_dir=tmp_path)
        assert not result.rejects
        check_store(s)
    # where each city came from, said in the load's summary
    said = {(Path(i.file).parent.name, i.value, i.source.split(" (")[0]) for i in result.implied
            if i.field == "city"}  # fmt: skip
    assert ("jinan", "济南市", "标题行") in said and ("zaozhuang", "枣庄市", "标题行") in said


def test_one_city_alone_stays_without_a_city_level(ledgers: list[Path], tmp_path: Path) -> None:
    """济南's ledger alone names one city and has no city column: as before issue 19."""
    with EmbeddedStore(tmp_path / "store") as s:
        result = load_ledgers(ledgers[:1], s, quarantine_dir=tmp_path)
        assert not result.rejects and not [i for i in result.implied if i.field == "city"]
        t = s.tables(labels=["Region", "Organization"], rels=[],
                     props={"Region": ["level"], "Organization": ["city"]})  # fmt: skip
        assert "city" not in t.column("Region", "level")
        assert "市中区/大观园街道" in t.keys("Region")
        assert set(t.column("Organization", "city")) == {None}


def test_a_city_column_alone_makes_a_province(ledgers: list[Path], tmp_path: Path) -> None:
    """The roll-up's 所属城市 column: one file, two cities, each organization's city."""
    with EmbeddedStore(tmp_path / "store") as s:
        load_ledgers(ledgers[2:], s, quarantine_dir=tmp_path)
        t = s.tables(labels=["Region"], rels=[], props={"Region": ["level"]})
        assert {"济南市/历下区/泉城路街道", "枣庄市/薛城区/临城街道"} <= set(t.keys("Region"))


def test_places_know_the_cities() -> None:
    assert city_in("枣庄市市中区光明路街道“两新”组织党建工作台账") == "枣庄市"
    assert city_in("市中区委两新工委") is None
    assert city_in("济南市、枣庄市汇总") is None  # two cities: none
    cities = known_cities()
    assert cities["历下区"] == "济南市" and cities["滕州市"] == "枣庄市"
    assert "市中区" not in cities  # 济南 and 枣庄 both have one


def test_set_city_loads_one_city_under_its_city(ledgers: list[Path], tmp_path: Path) -> None:
    """One city's ledger with no city column, told its city (--set 所属城市=济南市): a
    provincial load, as a store that has cities needs (docs/ledgers.md#cities)."""
    from pbgraph.loaders.mapping import Mapping

    with EmbeddedStore(tmp_path / "store") as s:
        result = load_ledgers(
            ledgers[:1], s, quarantine_dir=tmp_path,
            mapping=Mapping(source="--set").with_fixed({"所属城市": "济南市"}),
        )  # fmt: skip
        assert not result.rejects
        t = s.tables(labels=["Region"], rels=[], props={"Region": ["level"]})
        levels = dict(zip(t.keys("Region"), t.column("Region", "level"), strict=True))
        assert levels["济南市"] == "city" and levels["济南市/市中区"] == "district"
        assert "市中区" not in levels
        said = [i for i in result.implied if i.field == "city"]
        assert [(i.value, i.source.split(" (")[0]) for i in said] == [("济南市", "选项或映射文件")]
