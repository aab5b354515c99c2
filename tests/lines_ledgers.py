"""The hand-made ledgers of the leadership-lines and new-registration tests (issue 20,
``tests/unit/test_lines.py``, ``tests/unit/test_newregs.py`` and, on a real Neo4j,
``tests/integration/test_system_lines_neo4j.py``), as an office keeps them: a title row,
Chinese headers (a merged 登记情况 group over 日期/机关 in the organizations workbook), a
合计 row and a blank row.

The story (as-of 2018-07-31), every figure worked out by hand in the tests:

* 泉城路街道 (A, 历下区): e1 (5 formal, P1 under the street's 综合党委 by name), e2 (60, P2, a
  党委 under the city's 非公党委), e3 (3, P3, a branch under P2), s1 (social, 4, P4 under the
  非公党委: the wrong line), e9 (4, no party organization, registered 2018-03-01, visited
  2018-05-10), e11 (3, uncovered, registered 2016: not new);
* 大明湖街道 (B, 历下区): s2 (social, 3, P5 under the 社会组织综合党委 by name), e4 + e5 (2 + 1,
  joint branch P6 with no superior), e6 + e7 (0 + 1, P7 attached to the street's 综合党委),
  s3 (social, 3, registered 2018-06-15 at 历下区民政局: within the 90 days);
* 舜耕街道 (D, 市中区): e8 (3, P8 under "舜耕街道党委", in no ledger), s4 (social, 5,
  registered 2018-01-10 at 市民政局, visited 2017-12-01 — before it was registered), e10
  (2, registered 2018-02-01 at 济南市行政审批服务局);
* leading bodies: the work committee W, the 非公党委 FG (host 市工商联), the 社会组织综合党委
  SZ (市民政局), the districts' 党工委 LX and SZQ, the streets' 综合党委 SA and SB; SD (舜耕街道)
  names no superior; committee units: three, one row naming a body that does not exist.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pbgraph.graphmodel.identifiers import make_credit_code
from pbgraph.loaders.write import write_workbook

NAMES = ["e1", "e2", "e3", "s1", "e9", "e11", "s2", "e4", "e5", "e6", "e7", "s3", "e8", "s4",
         "e10"]  # fmt: skip
C = {n: make_credit_code("52" if n[0] == "s" else "91", "370102", f"MC{i:06d}")
     for i, n in enumerate(NAMES, start=1)}  # fmt: skip
A, B, D = "泉城路街道", "大明湖街道", "舜耕街道"
PLACE = {**dict.fromkeys(["e1", "e2", "e3", "s1", "e9", "e11"], ("历下区", A)),
         **dict.fromkeys(["s2", "e4", "e5", "e6", "e7", "s3"], ("历下区", B)),
         **dict.fromkeys(["e8", "s4", "e10"], ("市中区", D))}  # fmt: skip
FORMAL = {"e1": 5, "e2": 60, "e3": 3, "s1": 4, "e9": 4, "e11": 3, "s2": 3, "e4": 2, "e5": 1,
          "e6": 0, "e7": 1, "s3": 3, "e8": 3, "s4": 5, "e10": 2}  # fmt: skip
REGISTERED = {"e1": ("2018-02-01", ""), "e9": ("2018.3.1", ""), "e11": ("2016-05-01", ""),
              "s3": ("2018-06-15", "历下区民政局"), "s4": ("2018年1月10日", "市民政局"),
              "e10": ("2018-02-01", "济南市行政审批服务局")}  # fmt: skip
AS_OF = "2018-07-31"


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def _orgs(d: Path) -> Path:
    """The organizations workbook: a title, a merged 登记情况 header over 日期/机关, a blank
    row and a 合计 row."""
    top = ["统一社会信用代码", "单位名称", "单位类型", "所属区县", "所属街道", "正式党员",
           "登记情况", None]  # fmt: skip
    sub = [None] * 6 + ["日期", "机关"]
    rows: list[list[object]] = [["两新组织台账（2018年7月）"], top, sub]
    for n in NAMES:
        date, registrar = REGISTERED.get(n, ("", ""))
        rows.append([C[n], f"{n}公司" if n[0] == "e" else f"{n}协会",
                     "社会组织" if n[0] == "s" else "非公企业", *PLACE[n], FORMAL[n], date,
                     registrar])  # fmt: skip
    rows += [[None] * 8, ["合计", None, None, None, None, sum(FORMAL.values()), None, None]]
    return write_workbook(d / "orgs.xlsx", [("两新组织", rows)])


def hand_ledgers(d: Path) -> dict[str, Path]:
    bodies: list[list[object]] = [
        ["领导机构台账"],
        ["机构编号", "机构名称", "机构类别", "条线", "依托单位", "所属区县", "所属街道", "上级党组织"],
        ["W", "济南市两新组织工作委员会", "两新工委", "", "市委组织部", "", "", ""],
        ["FG", "市非公有制经济组织党委", "非公党委", "", "市工商联", "", "", "W"],
        ["SZ", "市社会组织综合党委", "社会组织综合党委", "", "市民政局", "", "", "济南市两新组织工作委员会"],
        ["LX", "历下区两新组织党工委", "党工委", "", "", "历下区", "", "W"],
        ["SZQ", "市中区两新组织党工委", "党工委", "", "", "市中区", "", "W"],
        ["SA", "泉城路街道综合党委", "综合党委", "", "", "历下区", A, "LX"],
        ["SB", "大明湖街道综合党委", "综合党委", "属地", "", "历下区", B, "历下区两新组织党工委"],
        ["SD", "舜耕街道综合党委", "综合党委", "", "", "市中区", D, ""],
        [],
    ]  # fmt: skip
    units: list[list[object]] = [
        ["两新工委委员单位台账"],
        ["领导机构", "成员单位编号", "成员单位名称", "单位类别", "职责"],
        ["W", "WY01", "市民政局", "政府部门", "社会组织登记时同步采集党员信息"],
        ["济南市两新组织工作委员会", "WY02", "市市场监管局", "政府部门", "企业登记时同步采集党员信息"],
        ["W", "WY03", "市工商联", "群团组织", "承担市非公党委日常工作"],
        ["不存在的工委", "WY04", "市税务局", "政府部门", "—"],
    ]  # fmt: skip
    pos: list[list[object]] = [
        ["党组织编号", "党组织名称", "组建方式", "党组织类别", "上级党组织", "覆盖单位统一社会信用代码"],
        ["P1", "e1党支部", "单独组建", "党支部", "泉城路街道综合党委", C["e1"]],
        ["P3", "e3党支部", "单独组建", "党支部", "P2", C["e3"]],
        ["P2", "e2党委", "单独组建", "党委", "FG", C["e2"]],
        ["P4", "s1党支部", "单独组建", "党支部", "市非公有制经济组织党委", C["s1"]],
        ["P5", "s2党支部", "单独组建", "党支部", "市社会组织综合党委", C["s2"]],
        ["P6", "e4e5联合党支部", "联合组建", "党支部", "", f"{C['e4']}；{C['e5']}"],
        ["P7", "大明湖街道兜底党支部", "兜底", "党支部", "SB", f"{C['e6']}；{C['e7']}"],
        ["P8", "e8党支部", "单独组建", "党支部", "舜耕街道党委", C["e8"]],
    ]  # fmt: skip
    visits = [["所属区县", "所属街道", "报备日期", "走访企业数", "走访单位统一社会信用代码"],
              ["历下区", A, "2018-05-10", 1, C["e9"]],
              ["市中区", D, "2017-12-01", 1, C["s4"]]]  # fmt: skip
    return {
        "orgs": _orgs(d),
        "bodies": write_workbook(d / "bodies.xlsx", [("领导机构", bodies)]),
        "units": write_workbook(d / "units.xlsx", [("委员单位", units)]),
        "party-orgs": write_csv(d / "pos.csv", pos),
        "visits": write_csv(d / "visits.csv", visits),
    }
