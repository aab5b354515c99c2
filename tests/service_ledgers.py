"""Hand-made ledgers of member-relation transfers and the service circle, as an office keeps
them (Chinese headers, a title row, a merged group header, a blank row, a 合计 row), with
the organizations, members and member units they name. Used by
``tests/unit/test_transfers*.py``, ``tests/unit/test_services*.py`` and
``tests/integration/test_system_services_neo4j.py``; the expected results are written out
in those tests.

Organizations (正式党员): 甲科技 2, 乙商贸 0, 丙律所 5 (历下区泉城路街道); 丁物流 1 (历下区千佛山街道);
戊餐饮 2, 己协会 0 (市中区大观园街道). Members whose relation is held elsewhere: 张三, 李四 at 甲科技,
王五 at 丁物流, 赵六 (probationary) and 钱七 at 戊餐饮, 周九 at 乙商贸, 吴十 at 己协会.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from pbgraph.graphmodel.identifiers import make_credit_code, make_resident_id

__all__ = [
    "ORGS",
    "PEOPLE",
    "base_ledgers",
    "needs_csv",
    "projects_xlsx",
    "transfers_xlsx",
]

#: short name -> (full name, kind, district, street, formal, credit code)
ORGS: dict[str, tuple[str, str, str, str, int, str]] = {
    short: (name, kind, district, street, formal, make_credit_code(head, "370102", body))
    for short, name, kind, district, street, formal, head, body in (
        ("甲", "济南甲科技有限公司", "企业", "历下区", "泉城路街道", 2, "91", "MA3C0001"),
        ("乙", "济南乙商贸有限公司", "企业", "历下区", "泉城路街道", 0, "91", "MA3C0002"),
        ("丙", "山东丙律师事务所", "企业", "历下区", "泉城路街道", 5, "91", "MA3C0003"),
        ("丁", "济南丁物流有限公司", "企业", "历下区", "千佛山街道", 1, "91", "MA3C0004"),
        ("戊", "济南戊餐饮有限公司", "企业", "市中区", "大观园街道", 2, "91", "MA3C0005"),
        ("己", "济南市己行业协会", "社会组织", "市中区", "大观园街道", 0, "51", "MA3C0006"),
    )
}

#: name -> (resident ID, 党员类别, 关系所在类型, 组织关系所在, works at (short name))
PEOPLE: dict[str, tuple[str, str, str, str, str]] = {
    name: (make_resident_id("370102", dt.date(1980 + i, 1 + i, 1 + i), i), *rest)
    for i, (name, *rest) in enumerate((
        ("张三", "正式党员", "人才服务中心", "济南市人才服务中心", "甲"),
        ("李四", "正式党员", "人力资源市场", "历下区人力资源市场", "甲"),
        ("王五", "正式党员", "社区", "泉城路街道舜井社区", "丁"),
        ("赵六", "预备党员", "人才服务中心", "济南市人才服务中心", "戊"),
        ("钱七", "正式党员", "人才服务中心", "济南市人才服务中心", "戊"),
        ("孙八", "正式党员", "工作单位", "山东丙律师事务所党支部", "丙"),
        ("周九", "正式党员", "社区", "泉城路街道舜井社区", "乙"),
        ("吴十", "正式党员", "人才服务中心", "市中区人才服务中心", "己"),
    ))
}  # fmt: skip

#: (platform id, name, level, district, street, unit id, unit name)
UNITS = (
    ("P-C", "济南市区域化党建联席会议", "市级", None, None, "U-SF", "济南市司法局"),
    ("P-LX", "历下区区域化党建联席会议", "区县级", "历下区", None, "U-RS", "历下区人社局"),
    ("P-QC", "泉城路街道联席会议", "街道级", "历下区", "泉城路街道", "U-QC", "泉城路街道办事处"),
)


def code(short: str) -> str:
    return ORGS[short][5]


def rid(name: str) -> str:
    return PEOPLE[name][0]


def _csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows])
    return path


def base_ledgers(folder: Path) -> list[Path]:
    """The organizations (CSV), members (CSV) and member units (XLSX) the others name."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)

    orgs: list[list[Any]] = [["序号", "单位名称", "统一社会信用代码", "单位类型", "所属区县",
                              "所属街道", "正式党员", "预备党员"]]  # fmt: skip
    for n, (name, kind, district, street, formal, credit) in enumerate(ORGS.values(), 1):
        orgs.append([n, name, credit, kind, district, street, formal, 0])
    members: list[list[Any]] = [["序号", "姓名", "公民身份号码", "党员类别", "关系所在类型",
                                 "组织关系所在", "工作单位统一社会信用代码"]]  # fmt: skip
    for n, (name, (resident, status, held_by, held_at, at)) in enumerate(PEOPLE.items(), 1):
        members.append([n, name, resident, status, held_by, held_at, code(at)])
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["联席会议成员单位台账"])
    ws.append(["平台编号", "联席会议名称", "平台层级", "所属区县", "所属街道", "成员单位编号",
               "成员单位名称"])  # fmt: skip
    for row in UNITS:
        ws.append(list(row))
    units = folder / "联席会议成员单位台账.xlsx"
    wb.save(units)
    return [
        _csv(folder / "两新组织台账.csv", orgs),
        _csv(folder / "党员台账.csv", members),
        units,
    ]


#: the transfers ledger's rows: name, 关系所在类型, 组织关系所在, 转入单位名称, 是否愿意转接, 登记日期,
#: 转接日期, 回访次数, 最近回访日期, 所属区县, 所属街道
TRANSFERS = (
    ("张三", "人才服务中心", "济南市人才服务中心", "济南甲科技有限公司", "是", "2018-03-01", None,
     2, "2018-06-20", "历下区", "泉城路街道"),
    ("李四", "人力资源市场", "历下区人力资源市场", None, "是", "2018-03-05", None, 0, None,
     "历下区", "泉城路街道"),
    ("王五", "社区", "泉城路街道舜井社区", "济南丁物流有限公司", "否", "2018-04-10", None, 1,
     "2018-05-15", "历下区", "千佛山街道"),
    ("赵六", "人才服务中心", "济南市人才服务中心", "济南戊餐饮有限公司", "是", "2018-05-01", None,
     1, "2018-07-01", "市中区", "大观园街道"),
    ("钱七", "人才服务中心", "济南市人才服务中心", "济南戊餐饮有限公司", "是", "2018-02-01", None,
     1, "2018-04-01", "市中区", "大观园街道"),
    ("周九", "社区", "泉城路街道舜井社区", "济南乙商贸有限公司", "是", "2018-02-10",
     "2018-07-31", 3, "2018-07-31", "历下区", "泉城路街道"),
    ("吴十", "人才服务中心", "市中区人才服务中心", "济南市己行业协会", None, "2018-07-20", None,
     0, None, None, None),
)  # fmt: skip


def transfers_xlsx(folder: Path, bad_rows: bool = True) -> Path:
    """The transfers workbook: a merged title, a two-level header (回访情况 over 回访次数 and
    最近回访日期), the rows, a blank row, a 合计 row; with ``bad_rows`` three rows to be
    quarantined (a wrong check digit, a person not in the members ledger, 是否愿意转接 '也许')."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "转接台账"
    top = ["序号", "姓名", "公民身份号码", "关系所在类型", "组织关系所在", "转入单位名称",
           "是否愿意转接", "登记日期", "转接日期", "回访情况", None, "所属区县", "所属街道"]  # fmt: skip
    sub = [None] * 9 + ["回访次数", "最近回访日期", None, None]
    ws.append(["人才中心、人才市场、社区党员组织关系转接台账（2018年7月）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(top))
    ws.append(top)
    ws.append(sub)
    ws.merge_cells("J2:K2")
    for col in "ABCDEFGHILM":
        ws.merge_cells(f"{col}2:{col}3")
    rows = [(name, rid(name), *rest) for name, *rest in TRANSFERS]
    if bad_rows:
        wrong = rid("张三")[:-1] + ("0" if rid("张三")[-1] != "0" else "1")
        stranger = make_resident_id("370103", dt.date(1975, 5, 5), 7)
        rows += [
            ("冯一", wrong, "社区", "某社区", None, "是", "2018-05-05", None, 0, None, "历下区",
             None),
            ("陈二", stranger, "社区", "某社区", None, "是", "2018-05-06", None, 0, None, "历下区",
             None),
            ("褚三", rid("孙八"), "社区", "某社区", None, "也许", "2018-05-07", None, 0, None,
             "历下区", None),
        ]  # fmt: skip
    for n, (
        name,
        resident,
        held_by,
        held_at,
        to,
        willing,
        reg,
        done,
        visits,
        last,
        d,
        s,
    ) in enumerate(rows, 1):
        ws.append([n, name, resident, held_by, held_at, to, willing, reg, done, visits, last, d, s])
    ws.append([])
    ws.append(["合计", f"{len(rows)}人"])
    path = Path(folder) / "组织关系转接台账.xlsx"
    wb.save(path)
    return path


#: service projects: id, name, type, capacity, time, place, provider (unit id or org short
#: name), district, street
PROJECTS = (
    ("S1", "法律体检进企业", "法律服务", 2, "2018-08-10", "泉城路街道党群服务中心", "U-SF",
     "历下区", "泉城路街道"),
    ("S2", "党务干部培训班", "党务培训", 1, "2018-08-15", "千佛山街道党校", "U-RS", "历下区",
     "千佛山街道"),
    ("S3", "招聘用工对接会", "招聘用工", 3, "2018-06-20", "大观园商圈", "丙", "市中区",
     "大观园街道"),
    ("S4", "法律服务站", "法律咨询", 1, "2018-08-01", "历下区司法局", "U-RS", "历下区", None),
    ("S5", "人才政策宣讲", "政策宣讲", 2, "2018-08-20", "泉城路街道办事处", "U-QC", "历下区",
     "泉城路街道"),
)  # fmt: skip


def projects_xlsx(folder: Path) -> Path:
    """The service projects workbook: a title row, a 填报 row, the header, rows, a 合计 row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["党建服务项目清单"])
    ws.append(["填报单位：市两新工委", None, "填报日期：2018年8月1日"])
    ws.append(["序号", "项目编号", "项目名称", "服务类型", "服务容量(家)", "服务时间", "服务地点",
               "成员单位编号", "统一社会信用代码", "所属区县", "所属街道"])  # fmt: skip
    for n, (pid, name, kind, cap, when, place, who, d, s) in enumerate(PROJECTS, 1):
        unit, org = (who, None) if who.startswith("U-") else (None, code(who))
        ws.append([n, pid, name, kind, cap, when, place, unit, org, d, s])
    ws.append(["合计", None, None, None, sum(p[3] for p in PROJECTS)])
    path = Path(folder) / "党建服务项目台账.xlsx"
    wb.save(path)
    return path


#: service needs: id, org short name, type, date, content, served by, score, district, street
NEEDS = (
    ("N1", "甲", "法律服务", "2018-05-01", "劳动合同审查", None, None, "历下区", "泉城路街道"),
    ("N2", "乙", "法律咨询", "2018-05-02", "合同纠纷", None, None, "历下区", "泉城路街道"),
    ("N3", "丁", "法律服务", "2018-05-03", "用工风险", None, None, "历下区", "千佛山街道"),
    ("N4", "戊", "法律服务", "2018-04-01", "食品安全合规", None, None, "市中区", "大观园街道"),
    ("N5", "甲", "党务培训", "2018-06-01", "发展党员程序", None, None, "历下区", "泉城路街道"),
    ("N6", "丁", "党建培训", "2018-06-02", "三会一课", None, None, "历下区", "千佛山街道"),
    ("N7", "戊", "招聘用工", "2018-06-03", "招聘厨师", None, None, None, None),
    ("N8", "己", "融资服务", "2018-06-04", "活动经费", None, None, "市中区", "大观园街道"),
    ("N9", "乙", "人才招聘", "2018-03-01", "招聘会计", "S3", 90, "历下区", "泉城路街道"),
    ("N10", "己", "人才招聘", "2018-03-02", "招聘专职人员", "S3", 80, "市中区", "大观园街道"),
    ("N11", "戊", "政策咨询", "2018-06-05", "减税政策", None, None, "市中区", "大观园街道"),
)  # fmt: skip


def needs_csv(folder: Path, bad_rows: bool = True) -> Path:
    """The service needs ledger as CSV in GB18030: a title row, the header, rows, a blank row,
    a 合计 row; with ``bad_rows`` three rows to be quarantined (an unknown need type, a project
    that does not exist, a score without a project)."""
    rows: list[list[Any]] = [
        ["两新组织党建服务需求台账（2018年）"],
        ["序号", "需求编号", "单位名称", "统一社会信用代码", "需求类型", "提出日期", "需求内容",
         "对接项目编号", "满意度评分", "所属区县", "所属街道"],
    ]  # fmt: skip
    for n, (nid, who, kind, when, what, served, score, d, s) in enumerate(NEEDS, 1):
        rows.append([n, nid, ORGS[who][0], code(who), kind, when, what, served, score, d, s])
    if bad_rows:
        rows += [
            [12, "N12", ORGS["甲"][0], code("甲"), "心理疏导", "2018-06-06", None, None, None,
             "历下区", "泉城路街道"],
            [13, "N13", ORGS["甲"][0], code("甲"), "法律服务", "2018-06-07", None, "S9", None,
             "历下区", "泉城路街道"],
            [14, "N14", ORGS["甲"][0], code("甲"), "法律服务", "2018-06-08", None, None, 70,
             "历下区", "泉城路街道"],
        ]  # fmt: skip
    rows += [[], ["合计", f"{len(rows) - 2}项"]]
    return _csv(Path(folder) / "服务需求台账.csv", rows, "gb18030")
