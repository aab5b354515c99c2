"""Public-welfare accounts, awards and training sign-in sheets as offices keep them by hand,
over a small typed-out city, with the exact truth ``pbgraph welfare`` and ``pbgraph
training`` give (helper module, not a test module).

The city (:func:`base_ledgers`, tidy ledgers as ``generate`` writes them): 8 organizations
in 历下区 (泉城路街道 A B G, 大明湖街道 C D) and 市中区 (大观园街道 E F H); 5 party
organizations — P1 covers A, P2 (joint) B and G, P3 (weak) D, P4 E, P5 (attached) F and H;
members held elsewhere (1 at A, 2 at B, 1 at H); demonstration sites at P1 (三强三好 mean 90)
and at E's organization (mean 80, so P4's).

The office ledgers (:func:`welfare_xlsx`, :func:`awards_xlsx`, :func:`trainings_xlsx`): a
merged title row, a merged two-level header where natural (服务情况 over 时长/人数…), a
blank row, a 合计 row; each holds bad rows that must be quarantined with their reason. The
truth is in :data:`TRUTH`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from pbgraph.loaders.ledgers import KINDS
from pbgraph.loaders.write import write_ledger

from .office_ledgers import credit_code

_rng = random.Random(20)
#: letter -> (credit code, name, kind, district, street, formal members, key)
ORGS: dict[str, tuple[str, str, str, str, str, int, bool]] = {}
for _letter, _name, _kind, _district, _street, _formal, _key in (
    ("A", "济南恒达科技有限公司", "enterprise", "历下区", "泉城路街道", 5, True),
    ("B", "济南泉城物流有限公司", "enterprise", "历下区", "泉城路街道", 2, False),
    ("C", "济南明湖餐饮有限公司", "enterprise", "历下区", "大明湖街道", 0, False),
    ("D", "济南大明湖文化传媒有限公司", "enterprise", "历下区", "大明湖街道", 4, True),
    ("E", "济南大观园商贸有限公司", "enterprise", "市中区", "大观园街道", 6, True),
    ("F", "济南经四路电子商务有限公司", "enterprise", "市中区", "大观园街道", 1, False),
    ("G", "历下区社会工作服务中心", "social_org", "历下区", "泉城路街道", 3, False),
    ("H", "市中区养老服务协会", "social_org", "市中区", "大观园街道", 0, False),
):
    _head = "52" if _kind == "social_org" else "91"
    _div = "370102" if _district == "历下区" else "370103"
    ORGS[_letter] = (credit_code(_rng, _head, _div), _name, _kind, _district, _street, _formal,
                     _key)  # fmt: skip


#: a valid credit code of no organization in the ledgers
UNKNOWN_CODE = credit_code(_rng, "91", "370103")


def code(letter: str) -> str:
    return ORGS[letter][0]


#: id -> (name, form, status, covered letters)
PARTY_ORGS = {
    "P1": ("中共济南恒达科技有限公司支部委员会", "independent", "normal", "A"),
    "P2": ("泉城路街道联合党支部", "joint", "normal", "BG"),
    "P3": ("中共济南大明湖文化传媒有限公司支部", "independent", "weak", "D"),
    "P4": ("中共济南大观园商贸有限公司支部", "independent", "normal", "E"),
    "P5": ("大观园街道综合党委", "attached", "normal", "FH"),
}


def base_ledgers(folder: Path) -> list[Path]:
    """The organizations, party organizations, members and demonstration sites (tidy)."""
    folder.mkdir(parents=True, exist_ok=True)
    orgs = [
        {"credit_code": c, "name": n, "kind": k, "district": d, "street": s,
         "formal_members": f, "probationary_members": 0, "key": key}
        for c, n, k, d, s, f, key in ORGS.values()
    ]  # fmt: skip
    pos = [
        {"id": pid, "name": n, "form": form, "status": st, "level": "branch",
         "covered_codes": [code(x) for x in cov]}
        for pid, (n, form, st, cov) in PARTY_ORGS.items()
    ]  # fmt: skip
    rid = iter(("370102198001011237", "370102198502022348", "370102199003033450",
                "370103197804044560"))  # fmt: skip
    members = [
        {"name": n, "resident_id": next(rid), "status": "formal", "held_by": held,
         "employer_code": code(letter), "district": ORGS[letter][3], "street": ORGS[letter][4]}
        for n, held, letter in (("赵一", "talent_centre", "A"), ("钱二", "community", "B"),
                                ("孙三", "community", "B"), ("李四", "hr_market", "H"))
    ]  # fmt: skip
    scores = ("strong_leadership", "strong_members", "strong_role", "good_mechanisms",
              "good_support", "good_standing")  # fmt: skip
    sites = [
        {"id": "SFD1", "name": "恒达科技党建示范点", "district": "历下区", "street": "泉城路街道",
         "party_org": "P1", "designated": dt.date(2017, 10, 1),
         **dict(zip(scores, (95, 90, 88, 92, 85, 90), strict=True))},
        {"id": "SFD2", "name": "大观园商贸党建示范点", "district": "市中区", "street": "大观园街道",
         "credit_code": code("E"), "designated": dt.date(2017, 11, 1),
         **dict(zip(scores, (80, 82, 78, 80, 79, 81), strict=True))},
    ]  # fmt: skip
    return [
        write_ledger(folder / "01_两新组织台账.csv", KINDS["organizations"], orgs),
        write_ledger(folder / "02_党组织台账.xlsx", KINDS["party-orgs"], pos),
        write_ledger(folder / "03_党员台账.csv", KINDS["members"], members),
        write_ledger(folder / "09_示范点台账.xlsx", KINDS["demo-sites"], sites),
    ]


def _sheet(title: str, top: list[Any], sub: list[Any] | None, merges: list[str]) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(top))
    ws.append(top)
    if sub is not None:
        ws.append(sub)
    for m in merges:
        ws.merge_cells(m)
    return wb


def welfare_xlsx(folder: Path) -> Path:
    """历下区's and 市中区's public-welfare accounts in one workbook sheet: a title, a merged
    header (服务情况 over 服务时长(小时)/参与人数/受益人数), a blank row, a 合计 row; F named
    by its name only; two bad rows (an unknown credit code, negative hours)."""
    top = ["序号", "所属区县", "所属街道", "统一社会信用代码", "所在单位", "活动名称", "活动日期",
           "服务情况", None, None, "捐款捐物(元)"]  # fmt: skip
    sub = [None] * 7 + ["服务时长(小时)", "参与人数", "受益人数", None]
    merges = [f"{c}2:{c}3" for c in "ABCDEFGK"] + ["H2:J2"]
    wb = _sheet("“两新”组织公益账户台账（2018年上半年）", top, sub, merges)
    ws = wb.active
    rows = [
        ("历下区", "泉城路街道", "A", "学雷锋志愿服务", "2018.3.5", 120, 20, 300, None),
        ("历下区", "泉城路街道", "A", "助学捐赠", "2018年5月20日", 10, 5, 50, 20000),
        ("历下区", "泉城路街道", "B", "社区环境整治", "2018-04-10", 40, 8, 200, None),
        ("历下区", "泉城路街道", "G", "关爱留守儿童", "2018-06-01", 60, 12, 80, None),
        None,  # a blank row between the districts
        ("历下区", "大明湖街道", "D", "文化惠民演出", "2018-02-14", 30, 10, 500, None),
        ("市中区", "大观园街道", "E", "植树", "2018-03-12", 200, 40, 0, None),
        ("市中区", "大观园街道", "E", "慈善一日捐", "2018-06-15", 0, 30, 100, 50000),
        ("市中区", "大观园街道", "F", "义诊", "2018-05-01", 16, 6, 60, None),
        ("市中区", "大观园街道", "X", "敬老", "2018-05-02", 8, 4, 20, None),  # unknown code
        ("市中区", "大观园街道", "H", "助残", "2018-05-03", -5, 3, 10, None),  # negative hours
    ]
    n = 0
    for r in rows:
        if r is None:
            ws.append([])
            continue
        n += 1
        district, street, letter, activity, date, hours, vol, ben, amount = r
        if letter == "X":
            c, name = UNKNOWN_CODE, "查无此单位"
        elif letter == "F":
            c, name = None, ORGS["F"][1]  # named, no code
        else:
            c, name = code(letter), ORGS[letter][1]
        ws.append([n, district, street, c, name, activity, date, hours, vol, ben, amount])
    ws.append(["合计", None, None, None, None, None, None, 469, 138, 1320, 70000])
    path = folder / "公益账户台账.xlsx"
    wb.save(path)
    return path


def awards_xlsx(folder: Path) -> Path:
    """The 出彩型 honours of 2018-06-28: two party organizations (P1 by id, P2 by name in its
    street) and two secretaries (P1's 张伟 by resident ID, P3's 李娜 by phone); a bad row
    naming a party organization that does not exist."""
    top = ["序号", "表彰名称", "表彰日期", "所属区县", "所属街道", "党组织编号", "党组织名称",
           "书记姓名", "公民身份号码", "联系电话"]  # fmt: skip
    wb = _sheet("2018年度“出彩型”两新组织党组织和党组织书记名单", top, None, [])
    ws = wb.active
    d = "2018年6月28日"
    ws.append([1, "出彩型党组织", d, "历下区", "泉城路街道", "P1", None, None, None, None])
    ws.append([2, "出彩型党组织", d, "历下区", "泉城路街道", None, "泉城路街道联合党支部",
               None, None, None])  # fmt: skip
    ws.append([3, "出彩型党组织书记", d, "历下区", "泉城路街道", "P1", None, "张伟",
               "370102197001011232", None])  # fmt: skip
    ws.append([4, "出彩型党组织书记", d, "历下区", "大明湖街道", "P3", None, "李娜", None,
               "13912345678"])  # fmt: skip
    ws.append([5, "出彩型党组织", d, "市中区", "大观园街道", None, "大观园街道不存在党支部",
               None, None, None])  # fmt: skip
    ws.append(["合计", "党组织2个，书记2名"])
    path = folder / "出彩型表彰名单.xlsx"
    wb.save(path)
    return path


#: the sign-in rows: (session, name, ID, phone, role word, party org id, party org name, letter)
SESSIONS = {
    "T1": ("2018年两新组织党组织书记示范培训班", "培训班", "2018.4.12", "市委两新工委"),
    "T2": ("党建示范点现场观摩", "现场观摩", "2018.5.18", "历下区两新党工委"),
    "T3": ("两新组织出资人培训", "培训", "2018.6.20", "市中区两新党工委"),
}
SIGN_IN = [
    ("T1", "张伟", "370102197001011232", None, "党组织书记", "P1", None, None),
    ("T1", "王强", None, "13800001111", "书记", "P4", None, None),
    ("T1", "赵敏", None, None, "党务工作者", None, "泉城路街道联合党支部", None),
    ("T1", "刘洋", None, "13700002222", "出资人", None, None, "A"),
    ("T2", "张伟", "370102197001011232", None, "党组织书记", "P1", None, None),
    ("T2", "陈静", None, "13600003333", "总经理", None, None, "E"),
    ("T2", "孙丽", None, "13500004444", "书记", None, "大观园街道综合党委", None),
    ("T3", "周杰", None, "13300005555", "负责人", None, None, "D"),
    ("T3", "吴芳", None, "13200006666", None, None, None, "B"),
    ("T3", "郑一", None, None, None, None, None, None),  # no ID, phone, or unit: rejected
    ("T3", "冯二", None, "13100007777", "党组织书记", None, None, "C"),  # no party org
]


def trainings_xlsx(folder: Path) -> Path:
    """The sign-in sheets of three sessions in one sheet: a title, a header with the session's
    columns repeated on every row (as offices merge them down), a blank row, a 合计 row."""
    top = ["序号", "培训名称", "培训类型", "培训日期", "主办单位", "姓名", "公民身份号码",
           "联系电话", "参训身份", "党组织编号", "党组织名称", "所在单位", "统一社会信用代码",
           "所属区县", "所属街道"]  # fmt: skip
    wb = _sheet("2018年上半年两新组织党建培训观摩签到汇总表", top, None, [])
    ws = wb.active
    last = None
    for n, (sid, name, rid, phone, role, pid, pname, letter) in enumerate(SIGN_IN, 1):
        if last is not None and sid != last:
            ws.append([])
        last = sid
        title, kind, date, organizer = SESSIONS[sid]
        org = ORGS[letter] if letter else None
        where = org if org else next(
            (ORGS[x[3][0]] for p, x in PARTY_ORGS.items() if p == pid or x[0] == pname), None
        )  # fmt: skip
        ws.append([n, title, kind, date, organizer, name, rid, phone, role, pid, pname,
                   org[1] if org else None, org[0] if org else None,
                   where[3] if where else None, where[4] if where else None])  # fmt: skip
    ws.append(["合计", "3期", None, None, None, "11人次"])
    path = folder / "培训观摩签到表.xlsx"
    wb.save(path)
    return path


def all_ledgers(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [*base_ledgers(folder), welfare_xlsx(folder), awards_xlsx(folder),
            trainings_xlsx(folder)]  # fmt: skip
