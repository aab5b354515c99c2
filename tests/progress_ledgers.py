"""The hand-made district of the progress tests (``tests/unit/test_progress.py`` works out
every figure by hand) and its coverage-snapshot story, told on the embedded store and on
Neo4j (``tests/integration/test_analyses_on_neo4j.py``)."""

from __future__ import annotations

import csv
from pathlib import Path

from pbgraph.analyses.snapshots import take_snapshot
from pbgraph.graphmodel.identifiers import make_credit_code
from pbgraph.loaders.load import load_ledgers

NAMES = ["a1", "a2", "a3", "a4", "b1", "b2", "c1", "c2", "c3", "c4", "d1", "d2", "n1"]
C = {n: make_credit_code("91", "370102", f"MB{i:06d}") for i, n in enumerate(NAMES, start=1)}
A, B, CC, D = "泉城路街道", "大明湖街道", "趵突泉街道", "舜耕街道"
STREET = {"a": ("历下区", A), "b": ("历下区", B), "c": ("历下区", CC), "d": ("市中区", D)}
BUILDING = {"a1": "泉城广场大厦", "a2": "泉城广场大厦", "c2": "趵突泉市场", "c3": "趵突泉市场",
            "c4": "趵突泉市场"}  # fmt: skip
INDUSTRY = {"a1": "IT", "a3": "IT", "b2": "IT", "d2": "IT"}


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def orgs_csv(d: Path, names: list[str]) -> Path:
    rows: list[list[object]] = [["统一社会信用代码", "单位名称", "所属区县", "所属街道",
                                 "所在楼宇园区", "所属行业", "正式党员"]]  # fmt: skip
    for n in names:
        district, street = STREET[n[0]]
        rows.append([C[n], f"{n}公司", district, street, BUILDING.get(n, ""),
                     INDUSTRY.get(n, "food"), 3 if n == "a1" else 0])  # fmt: skip
    return write_csv(d / f"orgs_{len(names)}.csv", rows)


def hand_ledgers(d: Path) -> dict[str, Path]:
    """The ledgers of the hand-made district (see the module docstring of each test)."""
    v = [["所属区县", "所属街道", "报备日期", "走访企业数", "有意愿组建数", "发展党员数",
          "走访单位统一社会信用代码"],
         # A: 4 visits, names a2 and a3 (a2 twice): 2 of 3 uncovered -> 66.67 %
         ["历下区", A, "2018-07-01", 1, 0, 0, C["a2"]],
         ["历下区", A, "2018-07-30", 2, 1, 0, f"{C['a3']}；{C['a2']}"],
         ["历下区", A, "2018-07-31", 1, 1, 1, ""],
         # B: 6 visits, names none: min(6, 2) / 2 = 100 %; last report 21 days ago
         ["历下区", B, "2018-07-01", 5, 2, 0, ""],
         ["历下区", B, "2018-07-10", 1, 0, 0, ""],
         # C: never; D: reports, but no visit: behind the city's pace
         ["市中区", D, "2018-07-31", 0, 0, 0, ""]]  # fmt: skip
    pos = [["党组织编号", "党组织名称", "组建方式", "成立日期", "覆盖单位统一社会信用代码"],
           ["P1", "a1党支部", "单独组建", "2018-07-20", C["a1"]],
           ["P2", "d1党支部", "单独组建", "2017-03-01", C["d1"]]]  # fmt: skip
    ins = [["指导员编号", "所属区县", "所属街道", "指导单位统一社会信用代码"],
           ["I1", "历下区", A, f"{C['a1']}；{C['c1']}"]]  # fmt: skip
    plat = [["平台编号", "联席会议名称", "平台层级", "成员单位编号", "成员单位名称"],
            ["LX1", "历下区联席会议", "区县级", "U1", "区民政局"]]  # fmt: skip
    pair = [["成员单位编号", "包挂单位统一社会信用代码"], ["U1", C["a1"]], ["U1", C["b1"]]]
    sites = [["示范点编号", "示范点名称", "所属区县", "所属街道", "统一社会信用代码", "党组织编号",
              "认定日期", "班子强", "队伍强", "作用强", "机制好", "保障好", "形象好", "总分"],
             ["S1", "a1示范点", "历下区", A, C["a1"], "", "2018-05-01", 90, 90, 90, 90, 90, 90, 540],
             ["S2", "d1示范点", "市中区", D, "", "P2", "", 80, 80, 80, 80, 80, 80, ""]]  # fmt: skip
    return {
        "orgs": orgs_csv(d, NAMES[:-1]),
        "party-orgs": write_csv(d / "pos.csv", pos),
        "instructors": write_csv(d / "ins.csv", ins),
        "platforms": write_csv(d / "plat.csv", plat),
        "pairings": write_csv(d / "pair.csv", pair),
        "visits": write_csv(d / "visits.csv", v),
        "sites": write_csv(d / "sites.csv", sites),
    }


def snapshot_story(store: object, d: Path, files: dict[str, Path]) -> None:
    """2018-06-30: organizations only; 2018-07-31: party organizations, instructors and a
    new organization n1 loaded; 2018-07-31 loaded twice (replaced, not added)."""
    load_ledgers([files["orgs"]], store, quarantine_dir=d)  # type: ignore[arg-type]
    take_snapshot(store, store.graph(), "2018-06-30")  # type: ignore[attr-defined]
    new = write_csv(d / "new.csv", [["统一社会信用代码", "单位名称", "所属区县", "所属街道"],
                                    [C["n1"], "n1公司", "历下区", A]])  # fmt: skip
    load_ledgers([files["party-orgs"], files["instructors"], new], store, quarantine_dir=d)  # type: ignore[arg-type]
    for _ in range(2):
        take_snapshot(store, store.graph(), "2018-07-31")  # type: ignore[attr-defined]


def check_story(diff_rows: list[dict[str, object]], counts: dict[str, int]) -> None:
    got = {(r["credit_code"], r["change"]) for r in diff_rows}
    assert got == {(C["a1"], "became_covered"), (C["d1"], "became_covered"),
                   (C["c1"], "work_gained"), (C["n1"], "new")}  # fmt: skip
    assert counts["became_covered"] == 2 and counts["lost_coverage"] == 0
