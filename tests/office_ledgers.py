"""Combined organizations ledgers as Jinan's district and street offices keep them by hand,
with the exact truth a correct loader and :func:`pbgraph.analyses.coverage.coverage` give.

A helper module, not a test module: each writer takes a folder and returns the path it
wrote. The rows are typed out below (:data:`LIXIA`, :data:`SHIZHONG`, :data:`MEMBER_UNITS`);
only the credit codes are drawn, from a fixed seed, and they are valid GB 32100 codes (both
check characters) whose characters 3–8 are the district's division code.

The ledgers
-----------
``lixia_csv`` / ``lixia_xlsx`` — 历下区's district ledger, 16 organizations in 3 streets.
    CSV (GB18030 or UTF-8 with BOM): a title row (济南市历下区“两新”组织党建工作台账), a
    填报单位/填报日期 row, ONE header row with a 所属街道 column and no district column, a
    ``泉城路街道小计`` row after each street, a 合计 row and a 注： footnote. XLSX: the same
    organizations (same codes, same truth), one sheet per street named after it, no district
    and no street column, a merged title per sheet, a merged two-level header (党员情况 over
    正式党员/预备党员; 党组织情况 over 是否建立/名称/组建方式/成立时间 — that 名称 is the
    party organization's, not the organization's), the other headers merged down over both
    header rows, a 小计 row per sheet. The district is only in the title, the 填报单位 row
    and the codes (370102); in the XLSX the street is only in the sheet name and title.
    Hazards: 是/否/√/×/有/无; dates as 2018.8.15, 2018年8月 (and one real date cell in the
    XLSX); an organization name and a 备注 typed over two lines of a cell; an instructor
    cell with two names (``张建国、王*明``), one of them masked; a joint branch named three
    ways on its three rows (``泉城路街道恒隆广场（商务楼宇）联合党支部``, the same with a
    space, the same with half-width brackets) which is ONE party organization; forms written
    单建/单独组建/联建/联合组建/挂靠/兜底; a paired unit written with a space
    (``历下区 民政局``), one with half-width brackets where the member-units ledger has
    full-width ones (``历下区工商联(总商会)``), one not in the member-units ledger at all
    (``历下区税务局``: the loader makes it from the name).

``shizhong_street_xlsx`` — 市中区大观园街道's own workbook, 8 organizations on ``Sheet1``.
    The sheet name says nothing; the title (市中区大观园街道两新组织党建工作统计表) gives
    the district and street, the codes (370103) the district again. Other headers than the
    district's (企业名称, 信用代码, 企业类型, 所在商圈, 联系包挂单位, 规上企业 …) and the
    statistical-table habit of a total and an "of which" column: ``党员人数`` is ALL members
    and ``其中：预备党员`` the probationary among them, so formal = 党员人数 − 预备党员. The
    truth depends on that subtraction: 经四路电子商务 (4 members, 2 probationary) is a joint
    candidate with 2 formal members, not a must-build; 大观园职业培训学校 (1 member, 1
    probationary) has no formal member. 是否成立党组织 in √/×; forms 单独组建/联合组建/
    挂靠/兜底; a paired unit with a space (``市中区 市场监管局``), one on the city platform
    (济南市民政局). No work coverage in this ledger.

``member_units_xlsx`` — the platforms ledger (联席会议成员单位台账) in the normalized layout
    ``generate`` writes (``KINDS["platforms"]`` headers): the city platform and 历下区's and
    市中区's district platforms with their member units. Load it with the combined ledgers so
    their 包挂单位 cells resolve to these units.

``no_district_csv`` — 4 rows, UTF-8 without BOM, no title, no district column, a file name
    without a district, credit codes (valid) with the division ``999999`` no table knows: the
    district is nowhere. Its codes are :data:`NO_DISTRICT_CODES`.

``unreadable_csv`` — headers ``A列,B列,C列,D列``: no ledger kind can be recognised.

The truth
---------
:data:`TRUTH` ``["lixia"]`` and ``["shizhong_street"]``, with ``min_members`` N = 3. Each row
below carries its expected category as its last field; the categories are:

* own / joint / attached: the row names a party organization, by form (单建·单独组建 /
  联建·联合组建 / 挂靠·兜底);
* work: no party organization, an instructor named;
* must_build / joint_candidate / no_members: no party organization and no instructor, with
  >= 3 / 1–2 / 0 FORMAL members (probationary members never count; a paired member unit
  alone is not work coverage).

``key_unpaired_codes``: key (是否重点企业 / 规上企业 is 是 or √; no other organization without
a party organization has >= 100 staff, so coverage's staff rule adds none) with no party
organization and no paired unit — work-covered ones included (百花洲文化). ``party_orgs``:
distinct party organizations, a name compared without spaces and with NFKC brackets within a
street. ``instructor_loads``: per name as written, the distinct things guided — the party
organization when the row has one (the joint branch once, however many of its rows name
the instructor), else the organization. ``paired``: per credit code, the member unit's name
NFKC-normalized without spaces (as the member-units ledger gives it, when it is there).
``joint_branches``: normalized branch name -> credit codes it covers.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "ALPHA",
    "LIXIA",
    "LIXIA_CODES",
    "MEMBER_UNITS",
    "NO_DISTRICT_CODES",
    "SHIZHONG",
    "SHIZHONG_CODES",
    "TRUTH",
    "credit_code",
    "lixia_csv",
    "lixia_xlsx",
    "member_units_xlsx",
    "no_district_csv",
    "norm",
    "one_line",
    "shizhong_street_xlsx",
    "unreadable_csv",
]

# -- credit codes (GB 32100 with the embedded GB 11714 organization code) ---------------------

ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def _org_check(body8: str) -> str:
    """GB 11714 check character: letters count A=10 … Z=35."""
    s = sum(
        (int(c) if c.isdigit() else ord(c) - 55) * w
        for c, w in zip(body8, _ORG_WEIGHTS, strict=True)
    )
    v = 11 - s % 11
    return {10: "X", 11: "0"}.get(v, str(v))


def credit_code(rng: random.Random, head: str, division: str) -> str:
    """A valid 18-character code: ``head`` (91/52/51), the 6-digit division, a drawn body."""
    body = "".join(rng.choice(ALPHA) for _ in range(8))
    first = head + division + body + _org_check(body)
    s = sum(ALPHA.index(c) * w for c, w in zip(first, _USCC_WEIGHTS, strict=True))
    return first + ALPHA[(31 - s % 31) % 31]


def _head(kind: str) -> str:
    return {"社会团体": "51", "民办非企业单位": "52", "社会组织": "52"}.get(kind, "91")


def one_line(text: str) -> str:
    """A name typed over two lines of a cell, on one line."""
    return "".join(part.strip() for part in text.splitlines())


def norm(name: str) -> str:
    """A party organization's or unit's name as compared: NFKC, no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", name).split())


# -- 历下区: the district's ledger ------------------------------------------------------------


class Org(NamedTuple):
    """A row of 历下区's ledger, as typed (``formal`` is 正式党员)."""

    name: str
    kind: str
    building: str
    staff: int
    formal: int
    prob: int
    has: str  # 是否建立党组织
    party_org: str
    form: str
    founded: str
    instructors: str
    paired: str
    key: str  # 是否重点企业
    note: str
    expect: str  # the category coverage must give (not a column)


# fmt: off
LIXIA: dict[str, list[Org]] = {
    "泉城路街道": [
        Org("济南恒隆广场商业管理有限公司", "外资企业", "恒隆广场", 320, 8, 1, "是", "济南恒隆广场商业管理有限公司党支部", "单独组建", "2016.7.1", "", "历下区市场监管局", "是", "", "own"),
        # the joint branch: three rows, its name three ways (full-width brackets, a space, half-width brackets)
        Org("济南泉城路珠宝\n有限公司", "民营企业", "恒隆广场", 15, 1, 0, "是", "泉城路街道恒隆广场（商务楼宇）联合党支部", "联建", "2017.6.30", "李红梅", "", "否", "", "joint"),
        Org("济南芙蓉街餐饮管理有限公司", "私营企业", "恒隆广场", 22, 2, 0, "√", "泉城路街道 恒隆广场（商务楼宇）联合党支部", "联建", "2017.6.30", "李红梅", "", "×", "", "joint"),
        Org("济南恒隆数码科技有限公司", "民营企业", "恒隆广场", 9, 1, 1, "有", "泉城路街道恒隆广场(商务楼宇)联合党支部", "联合组建", "2017年6月", "李红梅", "", "", "", "joint"),
        Org("济南市历下区泉城路社区养老服务中心", "民办非企业单位", "", 14, 1, 0, "是", "泉城路街道非公有制经济组织和社会组织综合党委", "兜底", "2018.1.10", "刘芳", "", "否", "党员组织关系\n已转入街道综合党委", "attached"),
        Org("济南泉城路文化传媒有限公司", "民营企业", "世茂广场", 6, 0, 0, "否", "", "", "", "李红梅", "", "否", "", "work"),
        # 3 formal members, paired but no instructor: pairing is not work coverage
        Org("济南泉城路网络科技有限公司", "民营企业", "世茂广场", 45, 3, 1, "否", "", "", "", "", "历下区工商联(总商会)", "√", "正式党员已达3名，正在筹建", "must_build"),
    ],
    "大明湖街道": [
        Org("济南大明湖旅游开发有限公司", "民营企业", "", 85, 5, 0, "是", "济南大明湖旅游开发有限公司党支部", "单建", "2018年3月", "张建国", "", "否", "", "own"),
        Org("济南市历下区书画家协会", "社会团体", "", 7, 2, 0, "是", "大明湖街道综合党委", "挂靠", "2018.5.4", "", "", "", "", "attached"),
        Org("济南曲水亭茶社有限公司", "私营企业", "百花洲文化街区", 12, 2, 0, "无", "", "", "", "", "", "×", "", "joint_candidate"),
        Org("济南明湖电子商务有限公司", "民营企业", "明湖广场", 120, 0, 0, "×", "", "", "", "", "", "√", "", "no_members"),  # key, unpaired
        Org("济南百花洲文化发展有限公司", "民营企业", "百花洲文化街区", 60, 1, 0, "否", "", "", "", "张建国、王*明", "", "是", "", "work"),  # key, unpaired
    ],
    "解放路街道": [
        Org("济南解放路商贸有限公司", "民营企业", "和谐广场", 96, 4, 0, "否", "", "", "", "", "", "是", "", "must_build"),  # key, unpaired
        Org("济南市历下区解放路老年公寓", "社会组织", "", 30, 1, 0, "否", "", "", "", "", "历下区 民政局", "√", "", "joint_candidate"),  # key, paired
        Org("济南解放路物流有限公司", "私营企业", "", 25, 0, 1, "否", "", "", "", "", "历下区税务局", "否", "仅有预备党员1名", "no_members"),
        Org("济南解放路房地产经纪有限公司", "民营企业", "和谐广场", 40, 3, 0, "是", "济南解放路房地产经纪有限公司党支部", "单建", "2018.8.1", "王*明", "", "", "", "own"),
    ],
}
# fmt: on

LIXIA_TITLE = "济南市历下区“两新”组织党建工作台账"
LIXIA_FILLED_BY = "填报单位：历下区委两新工委"
LIXIA_DATE = "填报日期：2018年8月15日"
LIXIA_HEADERS = [
    "序号",
    "单位名称",
    "统一社会信用代码",
    "单位类别",
    "所属街道",
    "所在楼宇（园区）",
    "从业人员",
    "正式党员",
    "预备党员",
    "是否建立党组织",
    "党组织名称",
    "组建方式",
    "党组织成立时间",
    "党建指导员",
    "包挂单位",
    "是否重点企业",
    "备注",
]
LIXIA_FOOTNOTE = (
    "注：1.组建方式填单建、联建、挂靠或兜底；2.党员人数不含组织关系在人才市场、社区的党员；"
    "3.是否重点企业以区统计局名录为准。"
)

# -- 市中区大观园街道: the street's own workbook ---------------------------------------------


class StreetOrg(NamedTuple):
    """A row of 大观园街道's workbook, as typed: ``members`` is 党员人数 (ALL members) and
    ``prob`` 其中：预备党员, so the formal members are ``members - prob``."""

    name: str
    kind: str
    building: str
    staff: int
    members: int
    prob: int
    has: str  # 是否成立党组织
    party_org: str
    form: str
    instructors: str
    paired: str
    key: str  # 规上企业
    expect: str  # the category coverage must give (not a column)


# fmt: off
SHIZHONG: list[StreetOrg] = [
    StreetOrg("济南大观园商场有限公司", "民营企业", "大观园商圈", 210, 9, 1, "√", "济南大观园商场有限公司党支部", "单独组建", "", "市中区 市场监管局", "√", "own"),
    StreetOrg("济南大观园金店有限公司", "民营企业", "大观园商圈", 14, 2, 0, "√", "大观园街道大观园商圈联合党支部", "联合组建", "赵立新", "", "×", "joint"),
    StreetOrg("济南经二路眼镜有限公司", "私营企业", "大观园商圈", 11, 3, 1, "√", "大观园街道大观园商圈联合党支部", "联合组建", "赵立新", "", "×", "joint"),
    StreetOrg("济南市市中区大观园商会", "社会团体", "大观园商圈", 4, 1, 0, "√", "市中区工商联非公有制经济组织党委", "挂靠", "钱立华", "", "", "attached"),
    StreetOrg("济南大观园家政服务有限公司", "私营企业", "", 12, 1, 1, "√", "大观园街道非公有制经济组织和社会组织综合党委", "兜底", "赵立新", "", "×", "attached"),
    # 4 members of whom 2 probationary: 2 formal -> joint candidate, NOT must-build
    StreetOrg("济南经四路电子商务有限公司", "民营企业", "万达广场", 40, 4, 2, "×", "", "", "", "市中区商务局", "×", "joint_candidate"),
    # 3 members, none probationary: 3 formal -> must build; key, unpaired
    StreetOrg("济南纬二路餐饮管理有限公司", "民营企业", "万达广场", 55, 3, 0, "×", "", "", "", "", "√", "must_build"),
    # 1 member, probationary: 0 formal -> no members, NOT a joint candidate
    StreetOrg("济南市市中区大观园职业培训学校", "民办非企业单位", "", 16, 1, 1, "×", "", "", "", "济南市民政局", "", "no_members"),
]
# fmt: on

SHIZHONG_TITLE = "市中区大观园街道两新组织党建工作统计表"
SHIZHONG_HEADERS = [
    "序号",
    "企业名称",
    "信用代码",
    "企业类型",
    "所在商圈",
    "从业人员",
    "党员人数",
    "其中：预备党员",
    "是否成立党组织",
    "党组织名称",
    "党组织组建形式",
    "党建工作指导员",
    "联系包挂单位",
    "规上企业",
]

# -- member units of the joint-meeting platforms ---------------------------------------------

# (平台编号, 联席会议名称, 平台层级, 所属区县, 所属街道, 成员单位编号, 成员单位名称, 单位类别, 包挂能力(家))
# fmt: off
MEMBER_UNITS: list[tuple[str, str, str, str, str, str, str, str, int]] = [
    ("LXHY-3701", "济南市区域化党建联席会议", "市级", "", "", "CYDW0001", "济南市民政局", "党政机关", 12),
    ("LXHY-3701", "济南市区域化党建联席会议", "市级", "", "", "CYDW0002", "济南市市场监督管理局", "党政机关", 12),
    ("LXHY-3701", "济南市区域化党建联席会议", "市级", "", "", "CYDW0003", "济南市工商业联合会", "人民团体", 8),
    ("LXHY-370102", "历下区区域化党建联席会议", "区级", "历下区", "", "CYDW0004", "历下区民政局", "党政机关", 6),
    ("LXHY-370102", "历下区区域化党建联席会议", "区级", "历下区", "", "CYDW0005", "历下区市场监管局", "党政机关", 6),
    ("LXHY-370102", "历下区区域化党建联席会议", "区级", "历下区", "", "CYDW0006", "历下区工商联（总商会）", "人民团体", 4),
    ("LXHY-370103", "市中区区域化党建联席会议", "区级", "市中区", "", "CYDW0007", "市中区商务局", "党政机关", 5),
    ("LXHY-370103", "市中区区域化党建联席会议", "区级", "市中区", "", "CYDW0008", "市中区市场监管局", "党政机关", 5),
    ("LXHY-370103", "市中区区域化党建联席会议", "区级", "市中区", "", "CYDW0009", "市中区民政局", "党政机关", 5),
]
# fmt: on
MEMBER_UNIT_HEADERS = [
    "序号",
    "平台编号",
    "联席会议名称",
    "平台层级",
    "所属区县",
    "所属街道",
    "成员单位编号",
    "成员单位名称",
    "单位类别",
    "包挂能力(家)",
]

# -- the ledger with no district anywhere -----------------------------------------------------

# (单位名称, 所属街道, 正式党员); the codes' division 999999 is in no table
NO_DISTRICT_ROWS: list[tuple[str, str, int]] = [
    ("济南东风机械有限公司", "东风街道", 3),
    ("济南新华书画用品有限公司", "新华街道", 1),
    ("济南东风物业服务有限公司", "东风街道", 0),
    ("济南新华餐饮有限公司", "新华街道", 2),
]

# -- the codes (drawn once, from a fixed seed: the CSV and XLSX of a ledger share them) ------


def _draw_codes() -> tuple[dict[str, str], dict[str, str], list[str]]:
    rng = random.Random(20180815)
    seen: set[str] = set()

    def draw(kind: str, division: str) -> str:
        while True:
            code = credit_code(rng, _head(kind), division)
            if code not in seen:
                seen.add(code)
                return code

    lixia = {one_line(o.name): draw(o.kind, "370102") for rows in LIXIA.values() for o in rows}
    shizhong = {o.name: draw(o.kind, "370103") for o in SHIZHONG}
    none = [draw("民营企业", "999999") for _ in NO_DISTRICT_ROWS]
    return lixia, shizhong, none


#: organization name (on one line) -> credit code
LIXIA_CODES, SHIZHONG_CODES, NO_DISTRICT_CODES = _draw_codes()


def _codes(table: dict[str, str], *names: str) -> set[str]:
    return {table[n] for n in names}


# -- the truth ---------------------------------------------------------------------------------

_L, _S = LIXIA_CODES, SHIZHONG_CODES

TRUTH: dict[str, dict[str, Any]] = {
    "lixia": {
        "district": "历下区",
        "streets": {"泉城路街道": 7, "大明湖街道": 5, "解放路街道": 4},
        "orgs": 16,
        "own": 3,  # 恒隆广场商业管理, 大明湖旅游开发, 解放路房地产经纪
        "joint": 3,  # 泉城路珠宝, 芙蓉街餐饮, 恒隆数码: one branch
        "attached": 2,  # 泉城路社区养老服务中心 (兜底), 书画家协会 (挂靠)
        "work": 2,  # 泉城路文化传媒, 百花洲文化发展
        "must_build": 2,
        "joint_candidate": 2,
        "no_members": 2,  # 明湖电子商务, 解放路物流 (1 probationary member only)
        "must_build_codes": _codes(_L, "济南泉城路网络科技有限公司", "济南解放路商贸有限公司"),
        "joint_candidate_codes": _codes(_L, "济南曲水亭茶社有限公司", "济南市历下区解放路老年公寓"),
        "key_unpaired_codes": _codes(
            _L, "济南明湖电子商务有限公司", "济南百花洲文化发展有限公司", "济南解放路商贸有限公司"
        ),
        "joint_branches": {
            "泉城路街道恒隆广场(商务楼宇)联合党支部": _codes(
                _L,
                "济南泉城路珠宝有限公司",
                "济南芙蓉街餐饮管理有限公司",
                "济南恒隆数码科技有限公司",
            ),
        },
        # 3 own + the joint branch + 泉城路街道综合党委 + 大明湖街道综合党委
        "party_orgs": 6,
        "instructor_loads": {
            "李红梅": 2,  # the joint branch (3 rows, once) + 泉城路文化传媒
            "刘芳": 1,  # 泉城路街道综合党委
            "张建国": 2,  # 大明湖旅游开发's branch + 百花洲文化发展
            "王*明": 2,  # 百花洲文化发展 + 解放路房地产经纪's branch
        },
        "paired": {
            _L["济南恒隆广场商业管理有限公司"]: "历下区市场监管局",
            _L["济南泉城路网络科技有限公司"]: "历下区工商联(总商会)",
            _L["济南市历下区解放路老年公寓"]: "历下区民政局",
            _L["济南解放路物流有限公司"]: "历下区税务局",  # not in the member-units ledger
        },
    },
    "shizhong_street": {
        "district": "市中区",
        "streets": {"大观园街道": 8},
        "orgs": 8,
        "own": 1,  # 大观园商场
        "joint": 2,  # 大观园金店, 经二路眼镜: one branch
        "attached": 2,  # 大观园商会 (挂靠), 大观园家政服务 (兜底)
        "work": 0,
        "must_build": 1,  # 纬二路餐饮: 3 - 0 = 3 formal
        "joint_candidate": 1,  # 经四路电子商务: 4 - 2 = 2 formal
        "no_members": 1,  # 大观园职业培训学校: 1 - 1 = 0 formal
        "must_build_codes": _codes(_S, "济南纬二路餐饮管理有限公司"),
        "joint_candidate_codes": _codes(_S, "济南经四路电子商务有限公司"),
        "key_unpaired_codes": _codes(_S, "济南纬二路餐饮管理有限公司"),
        "joint_branches": {
            "大观园街道大观园商圈联合党支部": _codes(
                _S, "济南大观园金店有限公司", "济南经二路眼镜有限公司"
            ),
        },
        # own + the joint branch + 工商联非公党委 + 街道综合党委
        "party_orgs": 4,
        "instructor_loads": {
            "赵立新": 2,  # the joint branch (2 rows, once) + 街道综合党委
            "钱立华": 1,  # 工商联非公党委
        },
        "paired": {
            _S["济南大观园商场有限公司"]: "市中区市场监管局",
            _S["济南经四路电子商务有限公司"]: "市中区商务局",
            _S["济南市市中区大观园职业培训学校"]: "济南市民政局",
        },
    },
}

# -- writers -----------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[Any]], encoding: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else str(v) for v in r] for r in rows])
    return path


def _blank(v: Any) -> Any:
    """An empty cell as openpyxl writes one."""
    return None if v == "" else v


def lixia_csv(folder: Path, encoding: str = "gb18030") -> Path:
    """历下区's ledger as one CSV: title, 填报 row, one header, 小计 per street, 合计, 注."""
    width = len(LIXIA_HEADERS)

    def line(*cells: Any, at: dict[int, Any] | None = None) -> list[Any]:
        r = [*cells, *[""] * (width - len(cells))]
        for i, v in (at or {}).items():
            r[i] = v
        return r

    rows: list[list[Any]] = [
        line(LIXIA_TITLE),
        line(LIXIA_FILLED_BY, at={13: LIXIA_DATE}),
        list(LIXIA_HEADERS),
    ]
    n = 0
    for street, orgs in LIXIA.items():
        for o in orgs:
            n += 1
            rows.append([
                n, o.name, LIXIA_CODES[one_line(o.name)], o.kind, street, o.building,
                o.staff, o.formal, o.prob, o.has, o.party_org, o.form, o.founded,
                o.instructors, o.paired, o.key, o.note,
            ])  # fmt: skip
        rows.append(line("", f"{street}小计", at=_sums(orgs, 6)))
    every = [o for orgs in LIXIA.values() for o in orgs]
    rows.append(line("合计", at=_sums(every, 6)))
    rows.append(line(LIXIA_FOOTNOTE))
    return _write_csv(Path(folder) / "历下区两新组织台账.csv", rows, encoding)


def _sums(orgs: list[Org], at: int) -> dict[int, int]:
    """从业人员, 正式党员, 预备党员 totals, from column ``at`` on."""
    return {
        at: sum(o.staff for o in orgs),
        at + 1: sum(o.formal for o in orgs),
        at + 2: sum(o.prob for o in orgs),
    }


def lixia_xlsx(folder: Path) -> Path:
    """历下区's ledger as a workbook: a sheet per street, merged title and two-level header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    top = [
        "序号", "单位名称", "统一社会信用代码", "单位类别", "所在楼宇（园区）", "从业人员",
        "党员情况", None, "党组织情况", None, None, None,
        "党建指导员", "包挂单位", "是否重点企业", "备注",
    ]  # fmt: skip
    sub = [None] * 6 + ["正式党员", "预备党员", "是否建立", "名称", "组建方式", "成立时间"]
    sub += [None] * 4
    for street, orgs in LIXIA.items():
        ws = wb.create_sheet(street)
        ws.append([f"历下区{street}“两新”组织党建工作台账（2018年8月）"])
        ws.merge_cells("A1:P1")
        ws.append(top)
        ws.append(sub)
        for col in "ABCDEFMNOP":
            ws.merge_cells(f"{col}2:{col}3")
        ws.merge_cells("G2:H2")
        ws.merge_cells("I2:L2")
        for cell in (*ws[2], *ws[3]):
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for n, o in enumerate(orgs, 1):
            founded: Any = o.founded
            if founded == "2016.7.1":  # typed into Excel as a real date
                founded = dt.datetime(2016, 7, 1)
            ws.append([
                n, o.name, LIXIA_CODES[one_line(o.name)], o.kind, _blank(o.building), o.staff,
                o.formal, o.prob, o.has, _blank(o.party_org), _blank(o.form), _blank(founded),
                _blank(o.instructors), _blank(o.paired), _blank(o.key), _blank(o.note),
            ])  # fmt: skip
            if isinstance(founded, dt.datetime):
                ws.cell(ws.max_row, 12).number_format = "yyyy-mm-dd"
        ws.append(
            ["小计", None, None, None, None]
            + [sum(o.staff for o in orgs), sum(o.formal for o in orgs), sum(o.prob for o in orgs)]
        )
    path = Path(folder) / "历下区两新组织台账.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def shizhong_street_xlsx(folder: Path) -> Path:
    """大观园街道's workbook: ``Sheet1``, a merged title, 党员人数 with 其中：预备党员, 合计."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append([SHIZHONG_TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SHIZHONG_HEADERS))
    ws.append(SHIZHONG_HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for n, o in enumerate(SHIZHONG, 1):
        ws.append([
            n, o.name, SHIZHONG_CODES[o.name], o.kind, _blank(o.building), o.staff, o.members,
            o.prob, o.has, _blank(o.party_org), _blank(o.form), _blank(o.instructors),
            _blank(o.paired), _blank(o.key),
        ])  # fmt: skip
    ws.append(
        ["合计", None, None, None, None]
        + [sum(o.staff for o in SHIZHONG), sum(o.members for o in SHIZHONG)]
        + [sum(o.prob for o in SHIZHONG)]
    )
    path = Path(folder) / "大观园街道两新组织统计表.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def member_units_xlsx(folder: Path) -> Path:
    """The platforms ledger in the normalized layout: title, 填报 row, header, rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "联席会议成员单位台账"
    ws.append(["济南市联席会议成员单位台账"])
    ws.append(["填报单位：济南市委组织部", None, "填报日期：2018年8月15日"])
    ws.append(MEMBER_UNIT_HEADERS)
    for n, row in enumerate(MEMBER_UNITS, 1):
        ws.append([n, *(_blank(v) for v in row)])
    path = Path(folder) / "联席会议成员单位台账.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def no_district_csv(folder: Path) -> Path:
    """4 organizations whose district is nowhere: not in a title, a column, the file name,
    nor their codes (division 999999)."""
    rows: list[list[Any]] = [["单位名称", "统一社会信用代码", "所属街道", "正式党员"]]
    for (name, street, formal), code in zip(NO_DISTRICT_ROWS, NO_DISTRICT_CODES, strict=True):
        rows.append([name, code, street, formal])
    return _write_csv(Path(folder) / "两新组织名单.csv", rows, "utf-8")


def unreadable_csv(folder: Path) -> Path:
    """A CSV whose headers name no column of any ledger kind."""
    rows: list[list[Any]] = [
        ["A列", "B列", "C列", "D列"],
        ["甲", "12", "乙", "2018"],
        ["丙", "7", "丁", "2019"],
        ["戊", "3", "己", "2020"],
    ]
    return _write_csv(Path(folder) / "导出数据.csv", rows, "utf-8-sig")
