"""Ledgers as people really make them: every hazard of the loader's spec, one test each.

Each test writes small hand-made ledgers (CSV and, where it makes sense, XLSX with real
merged cells) into ``tmp_path``, loads them with :func:`load_ledgers` into an embedded store
and checks the :class:`LoadResult` (summaries, rejects, quarantine file) and the store's
graph. Where the spec leaves a choice open, the comment at the test says what was chosen
(what a planner reading the ledger and the quarantine would expect).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pbgraph.errors import InputError
from pbgraph.graphmodel.identifiers import make_credit_code, make_resident_id
from pbgraph.loaders.load import KindSummary, LoadResult, load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore

# -- identifiers ----------------------------------------------------------------------------

C = [make_credit_code("91", "370102", f"MA3C{i:04d}") for i in range(1, 21)]
RID = [make_resident_id("370102", dt.date(1985, 3, 4), i) for i in range(1, 21)]


def bad_check(code: str) -> str:
    """``code`` with a wrong last (check) character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (ＡＢＣ１２３)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def org(code: str) -> str:
    return f"Organization:{code}"


# -- writing ledgers ------------------------------------------------------------------------

_SMALL_INT = re.compile(r"-?[0-9]{1,9}")


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows([["" if v is None else str(v) for v in row] for row in rows])
    return path


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Any]]],
    merges: dict[str, Sequence[str]] | None = None,
) -> Path:
    """A workbook as Excel would save it: empty cells absent, small whole numbers typed as
    numbers (counts, 序号), identifiers and everything else as text; ``merges`` are real
    merged ranges (the value sits in the top-left cell, the others are empty)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v is None or v == "":
                    continue
                if isinstance(v, str) and _SMALL_INT.fullmatch(v):
                    v = int(v)
                cell = ws.cell(r, c, v)
                if isinstance(v, str) and v.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula, as typed
        for rng in (merges or {}).get(name, ()):
            ws.merge_cells(rng)
    wb.save(path)
    wb.close()
    return path


def write_ledger(
    tmp_path: Path,
    stem: str,
    fmt: str,
    rows: Sequence[Sequence[Any]],
    merges: Sequence[str] = (),
    sheet: str = "Sheet1",
) -> Path:
    """One ledger in ``fmt`` (``csv``: UTF-8 with BOM, as Excel saves "CSV UTF-8")."""
    if fmt == "xlsx":
        return write_xlsx(tmp_path / f"{stem}.xlsx", {sheet: rows}, {sheet: merges})
    return write_csv(tmp_path / f"{stem}.csv", rows)


# -- loading and looking ----------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(tmp_path / "s") as s:
        yield s


def load(paths: Sequence[Path], store: EmbeddedStore, tmp_path: Path, **kw: Any) -> LoadResult:
    return load_ledgers(list(paths), store, quarantine_dir=tmp_path, **kw)


def adds_up(s: KindSummary) -> None:
    assert s.read == s.loaded + s.merged + s.rejected + s.skipped, s


def quarantine_rows(result: LoadResult) -> list[dict[str, str]]:
    assert result.quarantine is not None and result.quarantine.exists()
    with open(result.quarantine, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def rejected_rows(result: LoadResult) -> set[tuple[str, int]]:
    return {(r.sheet, r.row) for r in result.rejects}


def out_edges(store: EmbeddedStore, node: str, type_: str) -> list[str]:
    G = store.graph()
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == type_)


def snapshot(store: EmbeddedStore) -> tuple[list[Any], list[Any]]:
    G = store.graph()
    return (
        sorted((n, sorted(d.items())) for n, d in G.nodes(data=True)),
        sorted((u, v, k, sorted(d.items())) for u, v, k, d in G.edges(keys=True, data=True)),
    )


FMTS = pytest.mark.parametrize("fmt", ["csv", "xlsx"])

ORG_HEADER = [
    "序号",
    "单位名称",
    "统一社会信用代码",
    "所属区县",
    "所属街道",
    "从业人员数",
    "正式党员",
    "预备党员",
    "是否重点",
]


def org_row(
    n: int,
    code: str,
    name: str | None = None,
    street: str = "泉城路街道",
    employees: Any = "50",
    formal: Any = "3",
    probationary: Any = "1",
    key: Any = "是",
    district: str = "历下区",
) -> list[Any]:
    name = name if name is not None else f"济南泉城科技{n}有限公司"
    return [str(n), name, code, district, street, employees, formal, probationary, key]


# == files ====================================================================================


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_csv_encoding_is_detected(tmp_path: Path, store: EmbeddedStore, encoding: str) -> None:
    p = write_csv(
        tmp_path / "orgs.csv",
        [
            ["历下区两新组织台账"],
            ORG_HEADER,
            org_row(1, C[0], "济南泉城科技有限公司"),
            org_row(2, C[1], "山东趵突泉酿酒有限公司", street="大明湖街道", key="√"),
        ],
        encoding,
    )
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    assert (s.loaded, s.rejected) == (2, 0) and not result.rejects
    G = store.graph()
    assert G.nodes[org(C[0])]["name"] == "济南泉城科技有限公司"
    assert G.nodes[org(C[1])]["name"] == "山东趵突泉酿酒有限公司"
    assert "Region:历下区/大明湖街道" in G


@pytest.mark.parametrize(
    ("written", "given"),
    [("gbk", "gbk"), ("gb18030", "GB18030"), ("utf-16", "utf-16")],
)
def test_explicit_encoding_is_used(
    tmp_path: Path, store: EmbeddedStore, written: str, given: str
) -> None:
    rows = [ORG_HEADER, org_row(1, C[0], "济南泉城科技有限公司")]
    if written == "utf-16":
        # Excel's "Unicode text" (.txt): UTF-16 with BOM, tab separated (detected by its
        # BOM too: see test_byte_order_marks_are_detected)
        p = tmp_path / "orgs.txt"
        p.write_bytes("".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16"))
    else:
        p = write_csv(tmp_path / "orgs.csv", rows, written)
    result = load([p], store, tmp_path, encoding=given)
    assert result.summaries["organizations"].loaded == 1 and not result.rejects
    assert store.graph().nodes[org(C[0])]["name"] == "济南泉城科技有限公司"


@pytest.mark.parametrize(
    "encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-16-le no BOM"]
)
def test_byte_order_marks_are_detected(tmp_path: Path, store: EmbeddedStore, encoding: str) -> None:
    # A BOM decides before any guess (UTF-16 was taken for big5 before); UTF-16 without one
    # is told by its NUL bytes, all on one side (but for 一, U+4E00, in 统一社会信用代码)
    enc, _, bare = encoding.partition(" ")
    rows = [ORG_HEADER, org_row(1, C[0], "济南泉城科技有限公司"), org_row(2, C[1])]
    text = "".join("\t".join(r) + "\r\n" for r in rows)
    bom = "" if bare else "\ufeff"
    p = tmp_path / "orgs.txt"
    p.write_bytes((bom + text).encode(enc))
    result = load([p], store, tmp_path)
    assert result.summaries["organizations"].loaded == 2 and not result.rejects
    assert store.graph().nodes[org(C[0])]["name"] == "济南泉城科技有限公司"


def test_nul_bytes_are_an_input_error(tmp_path: Path, store: EmbeddedStore) -> None:
    p = tmp_path / "orgs.csv"
    p.write_bytes(b"\xd0\xcf\x11\xe0\x00\x01" + ",".join(ORG_HEADER).encode() + b"\r\n")
    with pytest.raises(InputError, match="NUL bytes, the first at byte 4"):
        load([p], store, tmp_path)


@pytest.mark.parametrize(("written", "given"), [("gbk", "utf-8"), ("utf-8", "gbk")])
def test_wrong_explicit_encoding_is_an_input_error(
    tmp_path: Path, store: EmbeddedStore, written: str, given: str
) -> None:
    p = write_csv(
        tmp_path / "orgs.csv", [ORG_HEADER, org_row(1, C[0], "济南泉城科技有限公司")], written
    )
    with pytest.raises(InputError, match=re.escape(given)):
        load([p], store, tmp_path, encoding=given)
    assert store.counts()["Organization"] == 0


def test_every_sheet_of_a_workbook_is_read(tmp_path: Path, store: EmbeddedStore) -> None:
    # A workbook per district: a sheet per street, a party-organization sheet (its kind found
    # from its own headers) and an instructions sheet (a two-column table of field names and
    # explanations, which is not a ledger and is passed over).
    p = write_xlsx(
        tmp_path / "历下区两新组织.xlsx",
        {
            "泉城路街道": [
                ["泉城路街道两新组织台账"],
                ORG_HEADER,
                org_row(1, C[0]),
                org_row(2, C[1]),
                org_row(3, bad_check(C[2])),
            ],
            "大明湖街道": [
                ORG_HEADER,
                org_row(1, C[3], street="大明湖街道"),
                org_row(2, C[4], street="大明湖街道", employees="-5"),
            ],
            "党组织": [
                ["党组织编号", "党组织名称", "组建方式", "覆盖单位统一社会信用代码"],
                ["P001", "泉城路街道联合党支部", "联合组建", f"{C[0]}、{C[1]}"],
            ],
            "填表说明": [
                ["字段", "说明"],
                ["统一社会信用代码", "18位，按营业执照填写"],
                ["单位名称", "填写全称"],
            ],
        },
        {"泉城路街道": ["A1:I1"]},
    )
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.read, s.loaded, s.rejected, s.skipped) == (5, 3, 2, 0)
    assert s.files == [str(p)]
    assert rejected_rows(result) == {("泉城路街道", 5), ("大明湖街道", 3)}
    G = store.graph()
    assert {org(C[0]), org(C[1]), org(C[3])} <= set(G)
    assert out_edges(store, org(C[3]), "LOCATED_IN") == ["Region:历下区/大明湖街道"]
    assert result.summaries["party-orgs"].loaded == 1
    assert out_edges(store, "PartyOrg:P001", "COVERS") == sorted([org(C[0]), org(C[1])])


# == layouts ==================================================================================


@FMTS
def test_title_and_filled_by_rows_above_the_header(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    rows = [
        ["济南市历下区两新组织基本情况台账"],
        ["填报单位：历下区委组织部（盖章）", "", "", "", "", "填报日期：2024年3月1日"],
        ORG_HEADER,
        org_row(1, C[0]),
        org_row(2, bad_check(C[1])),
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows, merges=["A1:I1", "A2:E2", "F2:I2"])
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.read, s.loaded, s.rejected, s.skipped) == (2, 1, 1, 0)
    assert [r.row for r in result.rejects] == [5]  # as the spreadsheet shows it
    assert result.unknown_columns == []
    assert store.graph().nodes[org(C[0])]["formal_members"] == 3


@FMTS
def test_two_level_header_with_merged_cells(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    top = [
        "序号",
        "单位名称",
        "统一社会信用代码",
        "所属区县",
        "所属街道",
        "从业人员数",
        "党员情况",
        "",
    ]
    low = ["", "", "", "", "", "", "正式党员", "预备党员"]
    rows = [
        ["两新组织党员情况统计表"],
        top,
        low,
        ["1", "济南泉城科技有限公司", C[0], "历下区", "泉城路街道", "120", "5", "2"],
        ["2", "山东趵突泉酿酒有限公司", C[1], "历下区", "大明湖街道", "40", "0", "1"],
        ["3", "济南千佛山文化传媒有限公司", C[2], "历下区", "千佛山街道", "30", "abc", "0"],
    ]
    merges = ["A1:H1", "G2:H2", *(f"{c}2:{c}3" for c in "ABCDEF")]
    p = write_ledger(tmp_path, "orgs", fmt, rows, merges=merges)
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.read, s.loaded, s.rejected) == (3, 2, 1)
    assert result.unknown_columns == []  # 党员情况 is the group, not a column
    assert [r.row for r in result.rejects] == [6]
    G = store.graph()
    a, b = G.nodes[org(C[0])], G.nodes[org(C[1])]
    assert (a["employees"], a["formal_members"], a["probationary_members"]) == (120, 5, 2)
    assert (b["formal_members"], b["probationary_members"]) == (0, 1)


@FMTS
def test_blank_rows_totals_and_footnotes_are_skipped(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    blank = [""] * len(ORG_HEADER)
    rows = [
        ORG_HEADER,
        org_row(1, C[0]),  # 2
        blank,  # 3
        org_row(2, C[1]),  # 4
        ["小计", "", "", "", "", "100", "6", "2", ""],  # 5
        org_row(3, C[2], street="大明湖街道"),  # 6
        ["", "合　计", "", "", "", "150", "9", "3", ""],  # 7 (an aligning full-width space)
        blank,  # 8
        ["注：1.从业人员数含劳务派遣人员；2.党员数以组织关系为准。"],  # 9
        ["填表人：王五", "", "", "", "", "审核人：赵六"],  # 10
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows, merges=["A9:I9"])
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.read, s.loaded, s.rejected, s.skipped) == (9, 3, 0, 6)
    assert result.rejects == [] and result.quarantine is None
    assert store.counts()["Organization"] == 3
    names = {d.get("name") for _, d in store.graph().nodes(data=True)}
    assert not names & {"小计", "合计", "合 计"}


@FMTS
def test_sequence_column_is_neither_data_nor_unknown(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    rows = [ORG_HEADER, org_row(1, C[0]), org_row(2, C[1]), org_row(10, C[2])]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.unknown_columns == [] and result.rejects == []
    assert result.summaries["organizations"].loaded == 3
    G = store.graph()
    for code in C[:3]:
        assert "序号" not in G.nodes[org(code)]


# == headers ==================================================================================

HEADER_VARIANTS = {
    "canonical": ["单位名称", "统一社会信用代码", "所属区县", "所属街道", "正式党员"],
    "enterprise": ["企业名称", "信用代码", "区县", "街道", "正式党员数"],
    "organization": ["组织名称", "社会信用代码", "所在区县", "所在街道", "正式党员（名）"],
    "english": ["Name", "Credit Code", "District", "Street", "Formal members"],
    "marked": ["*单位名称", "统一社会\n信用代码", "所属区县 ", "所属街道(镇)", "正式党员数"],
}


@FMTS
@pytest.mark.parametrize("variant", sorted(HEADER_VARIANTS))
def test_header_variants(tmp_path: Path, store: EmbeddedStore, fmt: str, variant: str) -> None:
    rows = [
        ["No.", *HEADER_VARIANTS[variant]],
        ["1", "济南泉城科技有限公司", C[0], "历下区", "泉城路街道", "4"],
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.rejects == [] and result.unknown_columns == []
    assert result.summaries["organizations"].loaded == 1
    node = store.graph().nodes[org(C[0])]
    assert (node["name"], node["formal_members"]) == ("济南泉城科技有限公司", 4)
    assert out_edges(store, org(C[0]), "LOCATED_IN") == ["Region:历下区/泉城路街道"]


def test_kind_is_recognised_from_headers(tmp_path: Path, store: EmbeddedStore) -> None:
    orgs = write_csv(tmp_path / "a.csv", [ORG_HEADER, org_row(1, C[0]), org_row(2, C[1])])
    party = write_xlsx(
        tmp_path / "b.xlsx",
        {
            "党组织": [
                ["党组织编号", "党组织名称", "组建方式", "成立日期", "覆盖单位统一社会信用代码"],
                ["P001", "济南泉城科技有限公司党支部", "单独组建", "2018-07-31", C[0]],
            ]
        },
    )
    members = write_xlsx(
        tmp_path / "c.xlsx",
        {
            "党员": [
                ["姓名", "公民身份号码", "联系电话", "党员类别", "工作单位统一社会信用代码"],
                ["张三丰", RID[0], "13912345678", "正式党员", C[1]],
            ]
        },
    )
    # given in the wrong order on purpose: the loader orders them so references resolve
    result = load([members, party, orgs], store, tmp_path)
    assert result.rejects == []
    loaded = {k: s.loaded for k, s in result.summaries.items()}
    assert loaded == {"organizations": 2, "party-orgs": 1, "members": 1}
    assert out_edges(store, "PartyOrg:P001", "COVERS") == [org(C[0])]


@FMTS
def test_unknown_column_is_reported_once(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    # Choice: "once" means once per file and column, also when every sheet of a workbook
    # has the column (a planner fixes the template once, not per sheet).
    header = [*ORG_HEADER, "联系人", "备注"]
    rows = [header, [*org_row(1, C[0]), "王经理", ""], [*org_row(2, C[1]), "李主任", "新成立"]]
    if fmt == "xlsx":
        more = [header, [*org_row(1, C[2], street="大明湖街道"), "赵会计", ""]]
        p = write_xlsx(tmp_path / "orgs.xlsx", {"泉城路街道": rows, "大明湖街道": more})
    else:
        p = write_csv(tmp_path / "orgs.csv", rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    assert sorted(result.unknown_columns) == sorted([(str(p), "联系人"), (str(p), "备注")])
    assert result.summaries["organizations"].loaded == (3 if fmt == "xlsx" else 2)


def test_cells_merged_down_a_street_fill_each_row(tmp_path: Path, store: EmbeddedStore) -> None:
    # As planners keep it: 所属区县 written once and merged down every row, 所属街道 merged
    # down each street's rows; the last street's merge also spans the 备注 column beside it
    # (choice: a value belongs to the column it is written in; a neighbour under its own
    # header gets no copy). Before, a merge over two columns filled nothing.
    header = [*ORG_HEADER[:5], "备注", *ORG_HEADER[5:]]
    rows: list[list[Any]] = [["历下区两新组织台账"], header]
    streets = ["泉城路街道", "大明湖街道", "趵突泉街道"]
    for i in range(12):
        r = org_row(i + 1, C[i], street=streets[i // 4])
        r[3] = r[3] if i == 0 else None
        r[4] = r[4] if i % 4 == 0 else None
        rows.append([*r[:5], None, *r[5:]])
    merges = ["A1:J1", "D3:D14", "E3:E6", "E7:E10", "E11:F14"]
    p = write_xlsx(tmp_path / "orgs.xlsx", {"历下区": rows}, {"历下区": merges})
    result = load([p], store, tmp_path)
    assert result.rejects == []
    assert result.summaries["organizations"].loaded == 12
    for i in range(12):
        assert out_edges(store, org(C[i]), "LOCATED_IN") == [f"Region:历下区/{streets[i // 4]}"]


@FMTS
def test_duplicate_columns_are_reported_merged_and_checked(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    # Choice: the first column of a field is read; a second one (单位名称 twice, or 企业名称)
    # fills its empty cells and is reported with the unknown columns; a row where both
    # hold different values is rejected naming both, never decided silently.
    header = [*ORG_HEADER, "企业名称"]
    rows = [
        header,
        [*org_row(1, C[0], "甲公司"), "甲公司"],
        [*org_row(2, C[1], ""), "乙公司"],
        [*org_row(3, C[2], "丙公司"), "丁公司"],
        [*org_row(4, C[3], "戊公司"), ""],
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.loaded, s.rejected) == (3, 1)
    assert [(r.row, r.column) for r in result.rejects] == [(4, "单位名称")]
    assert "disagree: '丙公司' vs '丁公司'" in result.rejects[0].message
    [(f, reported)] = result.unknown_columns
    assert f == str(p) and reported.startswith("企业名称") and "duplicates column 2(B)" in reported
    G = store.graph()
    assert [G.nodes[org(c)]["name"] for c in (C[0], C[1], C[3])] == ["甲公司", "乙公司", "戊公司"]


@FMTS
def test_oversized_cell_and_cells_beyond_the_header_reject_their_rows(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    # A cell over 64 Ki characters and a row with values beyond the header (its last named
    # column) are rejected with the reason; the others load. A workbook cannot hold such a
    # cell (Excel and openpyxl stop at 32 767 characters): there it is an Excel-sized one.
    rows: list[list[Any]] = [ORG_HEADER, *(org_row(i + 1, C[i]) for i in range(4))]
    rows[2][1] = "长" * 70_000
    rows[3] += ["", "写在表外"]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    by_row = {r.row: r for r in result.rejects}
    assert "from column 11(K)" in by_row[4].message
    if fmt == "xlsx":
        assert (s.loaded, s.rejected) == (3, 1)
        assert len(store.graph().nodes[org(C[1])]["name"]) == 32_767
        return
    assert (s.loaded, s.rejected) == (2, 2)
    assert "cell over 64 Ki characters: 70,000" in by_row[3].message
    assert by_row[3].column == "单位名称" and len(by_row[3].value) < 100
    assert len(quarantine_rows(result)) == 2


def test_a_row_of_many_cells_near_the_header_is_rejected(
    tmp_path: Path, store: EmbeddedStore
) -> None:
    # 100 000 cells in the third line: header detection looks at a bounded part of each
    # row, the row is not parsed past a spreadsheet's 16 384 columns and is rejected
    rows = [ORG_HEADER, *(org_row(i + 1, C[i]) for i in range(3))]
    p = tmp_path / "orgs.csv"
    lines = [",".join(r) for r in rows]
    lines[2] += ",x" * 100_000
    p.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    result = load([p], store, tmp_path)
    assert result.summaries["organizations"].loaded == 2
    [r] = result.rejects
    assert r.row == 3 and "a row of 100,009 cells" in r.message


def test_formulas_escaped_by_the_csv_writers_round_trip(
    tmp_path: Path, store: EmbeddedStore
) -> None:
    from pbgraph.outputs import csv_cell

    names = ['=HYPERLINK("http://x.example","x")', "+甲公司", "-乙公司", "@丙", "'=丁", "'戊"]
    rows = [ORG_HEADER, *(org_row(i + 1, C[i], csv_cell(n)) for i, n in enumerate(names))]
    assert rows[1][1].startswith("'=")  # what an export writes
    p = write_csv(tmp_path / "orgs.csv", rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    G = store.graph()
    assert [G.nodes[org(C[i])]["name"] for i in range(len(names))] == names


def test_a_bad_cell_is_a_problem_to_both_parsers() -> None:
    from pbgraph.graphmodel.schema import NODES
    from pbgraph.loaders.columns import parse_column
    from pbgraph.loaders.values import BadCell, parse

    prop = NODES["Organization"].prop("employees")
    bad = BadCell("1…", "too long (过长)")
    assert parse(prop, bad) == (None, "too long (过长)")
    assert parse_column(prop, [3, bad, "4人"]) == ([3, None, 4], {1: "too long (过长)"})


# == values ===================================================================================


@FMTS
def test_fullwidth_text_is_normalized_and_trimmed(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    rows = [
        ORG_HEADER,
        [
            "１",
            "　济南泉城科技有限公司　",
            fullwidth(C[0]),
            "历下区 ",
            "　泉城路街道",
            "１２０人",
            "３人",
            "０",
            "是",
        ],
        ["２", "济南恒泰（集团）有限公司", f" {C[1]}　", "历下区", "泉城路街道", "", "", "", ""],
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    G = store.graph()
    a = G.nodes[org(C[0])]
    assert a["name"] == "济南泉城科技有限公司"
    assert (a["employees"], a["formal_members"], a["probationary_members"]) == (120, 3, 0)
    assert G.nodes[org(C[1])]["name"] == "济南恒泰(集团)有限公司"
    assert out_edges(store, org(C[0]), "LOCATED_IN") == ["Region:历下区/泉城路街道"]
    assert {n for n in G if n.startswith("Region:")} == {
        "Region:历下区",
        "Region:历下区/泉城路街道",
    }


@FMTS
def test_numbers_with_units(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    rows = [
        ORG_HEADER,
        org_row(1, C[0], employees="1,200", formal="3人", probationary="1名"),
        org_row(2, C[1], employees="45人", formal="３人", probationary="0人"),
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    G = store.graph()
    a, b = G.nodes[org(C[0])], G.nodes[org(C[1])]
    assert (a["employees"], a["formal_members"], a["probationary_members"]) == (1200, 3, 1)
    assert (b["employees"], b["formal_members"], b["probationary_members"]) == (45, 3, 0)


@FMTS
def test_yes_no_words_are_booleans(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    words = {"是": True, "否": False, "√": True, "有": True, "无": False}
    rows = [ORG_HEADER] + [org_row(i, C[i], key=w) for i, w in enumerate(words)]
    rows.append(org_row(9, C[9], key=""))
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    G = store.graph()
    assert [G.nodes[org(C[i])]["key"] for i in range(len(words))] == list(words.values())
    assert "key" not in G.nodes[org(C[9])]  # empty: not known, neither yes nor no


@FMTS
def test_founding_dates_in_every_usual_form(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    dates: list[Any] = ["2018年7月31日", "2018-07-31", "2018/7/31", "20180731"]
    if fmt == "xlsx":
        dates += [dt.datetime(2018, 7, 31), 43312]  # a real date cell, an Excel serial
    header = ["党组织编号", "党组织名称", "组建方式", "党组织类别", "成立日期"]
    rows = [header] + [
        [f"P{i:03d}", f"第{i}党支部", "单独组建", "党支部", d] for i, d in enumerate(dates)
    ]
    p = write_ledger(tmp_path, "party_orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    assert result.summaries["party-orgs"].loaded == len(dates)
    G = store.graph()
    founded = [str(G.nodes[f"PartyOrg:P{i:03d}"]["founded"]) for i in range(len(dates))]
    assert founded == ["2018-07-31"] * len(dates)


@FMTS
def test_credit_codes_upper_cased_without_inner_spaces(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    spaced = f"{C[0][:8]} {C[0][8:16]} {C[0][16:]}".lower()
    rows = [ORG_HEADER, org_row(1, spaced), org_row(2, C[1].lower())]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert result.rejects == []
    orgs = sorted(n for n in store.graph() if n.startswith("Organization:"))
    assert orgs == sorted([org(C[0]), org(C[1])])


@FMTS
def test_identifiers_turned_into_numbers_by_excel_are_rejected(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    # What Excel leaves of an 18-character identifier typed into a General cell: a float
    # in the workbook, its scientific notation in a CSV it exports. Never repaired.
    code: Any = 4.10101e17 if fmt == "xlsx" else "4.10101E+17"
    digits = next(r for r in RID[1:] if r.isdigit())  # Excel cannot even keep an X
    rid: Any = float(int(digits)) if fmt == "xlsx" else "3.70102E+17"
    orgs = write_ledger(tmp_path, "orgs", fmt, [ORG_HEADER, org_row(1, C[0]), org_row(2, code)])
    members = write_ledger(
        tmp_path,
        "members",
        fmt,
        [
            ["姓名", "公民身份号码", "党员类别"],
            ["张三丰", RID[0], "正式党员"],
            ["李四光", rid, "正式党员"],
        ],
    )
    result = load([orgs, members], store, tmp_path)
    assert rejected_rows(result) == {("Sheet1" if fmt == "xlsx" else "", 3)}
    assert len(result.rejects) == 2  # one per file, both at row 3
    for r in result.rejects:
        assert "Excel" in r.message
    assert result.summaries["organizations"].loaded == 1
    assert result.summaries["members"].loaded == 1
    assert store.counts()["Organization"] == 1 and store.counts()["Member"] == 1


# == validation ===============================================================================


def test_all_problems_are_gathered_before_reporting(tmp_path: Path, store: EmbeddedStore) -> None:
    rows = [
        ORG_HEADER,
        org_row(1, bad_check(C[0]), name=""),  # two problems in one row
        org_row(2, C[1], employees="abc"),
        org_row(3, C[2]),
        org_row(4, C[3], street="", formal="-1"),  # two problems
    ]
    p = write_csv(tmp_path / "orgs.csv", rows)
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.loaded, s.rejected) == (1, 3)  # rows, not problems
    by_row: dict[int, set[str]] = {}
    for r in result.rejects:
        by_row.setdefault(r.row, set()).add(r.column)
    assert by_row == {
        2: {"统一社会信用代码", "单位名称"},
        3: {"从业人员数"},
        5: {"所属街道", "正式党员"},
    }
    assert len(quarantine_rows(result)) == len(result.rejects) == 5


@FMTS
def test_required_fields(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    rows = [
        ORG_HEADER,
        org_row(1, ""),
        org_row(2, C[1], name=""),
        org_row(3, C[2], street=""),
        org_row(4, C[3], district=""),
        org_row(5, C[4]),
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.loaded, s.rejected) == (1, 4)
    got = {(r.row, r.column, r.rule) for r in result.rejects}
    assert got == {
        (2, "统一社会信用代码", "required"),
        (3, "单位名称", "required"),
        (4, "所属街道", "required"),
        (5, "所属区县", "required"),
    }
    assert store.counts()["Organization"] == 1


@FMTS
def test_negative_employee_count_is_out_of_range(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    rows = [ORG_HEADER, org_row(1, C[0], employees="-5"), org_row(2, C[1], employees="0")]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path)
    assert [(r.row, r.column) for r in result.rejects] == [(2, "从业人员数")]
    assert "0" in result.rejects[0].message  # names the minimum
    G = store.graph()
    assert org(C[0]) not in G
    assert G.nodes[org(C[1])]["employees"] == 0


@FMTS
def test_check_characters(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    orgs = write_ledger(
        tmp_path, "orgs", fmt, [ORG_HEADER, org_row(1, C[0]), org_row(2, bad_check(C[1]))]
    )
    members = write_ledger(
        tmp_path,
        "members",
        fmt,
        [
            ["姓名", "公民身份号码", "党员类别", "工作单位统一社会信用代码"],
            ["张三丰", RID[0], "正式党员", C[0]],
            ["李四光", bad_check(RID[1]), "正式党员", C[0]],
            ["王五", RID[2], "预备党员", bad_check(C[0])],
        ],
    )
    result = load([orgs, members], store, tmp_path)
    got = {(r.file, r.row, r.column) for r in result.rejects}
    assert got == {
        (str(orgs), 3, "统一社会信用代码"),
        (str(members), 3, "公民身份号码"),
        (str(members), 4, "工作单位统一社会信用代码"),
    }
    assert all("校验" in r.message for r in result.rejects)
    assert store.counts()["Organization"] == 1 and store.counts()["Member"] == 1
    assert org(bad_check(C[1])) not in store.graph()


def test_pairing_with_unknown_organization_is_a_reference_error(
    tmp_path: Path, store: EmbeddedStore
) -> None:
    orgs = write_csv(tmp_path / "orgs.csv", [ORG_HEADER, org_row(1, C[0]), org_row(2, C[1])])
    platforms = write_xlsx(
        tmp_path / "platforms.xlsx",
        {
            "成员单位": [
                ["平台编号", "联席会议名称", "平台层级", "所属区县", "所属街道"]
                + ["成员单位编号", "成员单位名称", "单位类别", "包挂能力(家)"],
                ["PL01", "泉城路街道区域化党建联席会议", "街道", "历下区", "泉城路街道"]
                + ["U01", "历下区税务局", "机关", "5"],
            ]
        },
    )
    pairings = write_xlsx(
        tmp_path / "pairings.xlsx",
        {
            "包挂": [
                ["成员单位编号", "成员单位名称", "包挂单位统一社会信用代码", "包挂单位名称"],
                ["U01", "历下区税务局", C[0], "济南泉城科技1有限公司"],
                ["U01", "历下区税务局", C[9], "不在台账中的公司"],  # in neither store nor load
            ]
        },
    )
    result = load([orgs, platforms, pairings], store, tmp_path)
    assert [(r.sheet, r.row, r.rule) for r in result.rejects] == [("包挂", 3, "reference")]
    assert result.summaries["pairings"].loaded == 1
    assert out_edges(store, "MemberUnit:U01", "PAIRED_WITH") == [org(C[0])]
    assert org(C[9]) not in store.graph()  # no bare node made up for the unknown code
    # a later load may point at organizations already in the store
    later = write_csv(
        tmp_path / "pairings2.csv",
        [["成员单位编号", "包挂单位统一社会信用代码"], ["U01", C[1]]],
    )
    result = load([later], store, tmp_path, kind="pairings")
    assert result.rejects == []
    assert out_edges(store, "MemberUnit:U01", "PAIRED_WITH") == sorted([org(C[0]), org(C[1])])


@FMTS
def test_member_with_unknown_employer_code_is_a_reference_error(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    orgs = write_csv(tmp_path / "orgs.csv", [ORG_HEADER, org_row(1, C[0])])
    members = write_ledger(
        tmp_path,
        "members",
        fmt,
        [
            ["姓名", "公民身份号码", "党员类别", "工作单位统一社会信用代码"],
            ["张三丰", RID[0], "正式党员", C[0]],
            ["李四光", RID[1], "正式党员", C[9]],
        ],
    )
    result = load([orgs, members], store, tmp_path)
    assert [(r.row, r.column, r.rule) for r in result.rejects] == [
        (3, "工作单位统一社会信用代码", "reference")
    ]
    G = store.graph()
    assert org(C[9]) not in G
    works = [(u, v) for u, v, k in G.edges(keys=True) if k == "WORKS_AT"]
    assert [v for _, v in works] == [org(C[0])]


@FMTS
def test_exact_duplicates_are_merged_and_counted(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    # a row copied further down (its 序号 renumbered), and the same organization listed
    # identically by a second street's ledger
    rows = [
        ORG_HEADER,
        org_row(1, C[0]),
        org_row(2, C[1]),
        org_row(3, C[0], "济南泉城科技1有限公司"),
    ]
    a = write_ledger(tmp_path, "a", fmt, rows)
    b = write_csv(tmp_path / "b.csv", [ORG_HEADER, org_row(7, C[1], "济南泉城科技2有限公司")])
    result = load([a, b], store, tmp_path)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.read, s.loaded, s.merged, s.rejected) == (4, 2, 2, 0)
    assert result.rejects == [] and result.quarantine is None
    assert store.counts()["Organization"] == 2


@FMTS
@pytest.mark.parametrize("prefer", ["first", "last"])
def test_conflicting_duplicate(tmp_path: Path, store: EmbeddedStore, fmt: str, prefer: str) -> None:
    rows = [
        ORG_HEADER,
        org_row(1, C[0], "济南泉城科技有限公司", employees="50"),
        org_row(2, C[1]),
        org_row(3, C[0], "济南泉城科技有限公司", employees="80"),
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows)
    result = load([p], store, tmp_path, prefer=prefer)
    s = result.summaries["organizations"]
    adds_up(s)
    assert (s.loaded, s.merged, s.rejected) == (2, 0, 1)
    loser, kept = (4, 50) if prefer == "first" else (2, 80)
    assert [(r.row, r.rule, r.column) for r in result.rejects] == [
        (loser, "duplicate", "从业人员数")
    ]
    assert store.graph().nodes[org(C[0])]["employees"] == kept


@FMTS
def test_member_linked_to_employer_by_code_else_by_normalized_name(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    orgs = write_csv(
        tmp_path / "orgs.csv",
        [
            ORG_HEADER,
            org_row(1, C[0], "济南恒泰(集团)有限责任公司"),
            org_row(2, C[1], "山东泉城科技有限公司"),
        ],
    )
    members = write_ledger(
        tmp_path,
        "members",
        fmt,
        [
            ["姓名", "公民身份号码", "党员类别", "工作单位", "工作单位统一社会信用代码"],
            ["张三丰", RID[0], "正式党员", "济南 恒泰（集团）有限公司", ""],
            ["李四光", RID[1], "正式党员", "泉城科技", C[1]],  # the code wins over the name
        ],
    )
    result = load([orgs, members], store, tmp_path)
    assert result.rejects == []
    G = store.graph()
    works = sorted(v for _, v, k in G.edges(keys=True) if k == "WORKS_AT")
    assert works == sorted([org(C[0]), org(C[1])])


@FMTS
def test_ambiguous_employer_name_is_reported_not_guessed(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    # Choice: the member row is reported (a Reject at its row, column 工作单位); whether the
    # member is kept without an employer is left open, but no WORKS_AT may be guessed.
    orgs = write_csv(
        tmp_path / "orgs.csv",
        [
            ORG_HEADER,
            org_row(1, C[0], "济南恒泰(集团)有限公司"),
            org_row(2, C[1], "济南恒泰集团有限责任公司", street="大明湖街道"),
        ],
    )
    members = write_ledger(
        tmp_path,
        "members",
        fmt,
        [
            ["姓名", "公民身份号码", "党员类别", "工作单位"],
            ["张三丰", RID[0], "正式党员", "济南恒泰（集团）公司"],
        ],
    )
    result = load([orgs, members], store, tmp_path)
    assert [(r.file, r.row, r.column) for r in result.rejects] == [(str(members), 2, "工作单位")]
    assert [k for _, _, k in store.graph().edges(keys=True) if k == "WORKS_AT"] == []


# == quarantine ===============================================================================


@FMTS
def test_quarantine_file(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    # Choice: "column header" is the header as written in the ledger (信用代码 here), which
    # is what a planner looks for in the file; the row number counts the title rows.
    header = ["序号", "企业名称", "信用代码", "所属区县", "所属街道", "正式党员数"]
    rows = [
        ["历下区两新组织台账"],
        ["填报单位：历下区委组织部", "", "", "填报日期：2024年3月1日"],
        header,
        ["1", "济南泉城科技有限公司", C[0], "历下区", "泉城路街道", "3"],
        ["2", "山东趵突泉酿酒有限公司", bad_check(C[1]), "历下区", "泉城路街道", "1"],
    ]
    p = write_ledger(tmp_path, "orgs", fmt, rows, merges=["A1:F1"], sheet="历下区")
    result = load([p], store, tmp_path)
    assert result.quarantine is not None
    assert result.quarantine.read_bytes().startswith(b"\xef\xbb\xbf")
    (q,) = quarantine_rows(result)
    assert {"file", "sheet", "row", "column", "value", "rule"} <= set(q)
    assert p.name in q["file"]
    assert q["sheet"] == ("历下区" if fmt == "xlsx" else "")
    assert q["row"] == "5"
    assert q["column"] == "信用代码"
    assert q["value"] == bad_check(C[1])
    assert q["rule"]
    others = [v for k, v in q.items() if k not in ("file", "sheet", "row", "column", "value")]
    assert any("校验码" in v for v in others)  # the message in Chinese
    assert any("check character" in v and "校验" not in v for v in others)  # and in English


@FMTS
def test_quarantine_never_shows_personal_data(
    tmp_path: Path, store: EmbeddedStore, fmt: str
) -> None:
    people = [
        # name, resident ID, phone, status, employer code
        ("张三丰", RID[0], "13912345678", "正式党员", C[9]),  # unknown employer: reference
        ("李四光", bad_check(RID[1]), "13812345678", "正式党员", ""),  # bad check digit
        ("王五", RID[2], "13712345678", "群众", ""),  # not a party member status
        ("赵六", RID[3], "13612345678", "正式党员", ""),
        ("赵六", RID[3], "13600001111", "正式党员", ""),  # conflicting duplicate: the phone
        ("钱七", "", "13512345678", "预备党员", ""),  # resident ID missing
    ]
    header = ["姓名", "公民身份号码", "联系电话", "党员类别", "工作单位统一社会信用代码"]
    members = write_ledger(tmp_path, "members", fmt, [header, *map(list, people)])
    result = load([members], store, tmp_path)
    assert {r.row for r in result.rejects} == {2, 3, 4, 6, 7}
    # masked, not dropped: the value still shows enough to find the row
    masked = {(r.row, r.column): r.value for r in result.rejects}
    assert "*" in masked[(3, "公民身份号码")] and "*" in masked[(6, "联系电话")]
    text = result.quarantine.read_text(encoding="utf-8-sig") if result.quarantine else ""
    shown = text + "".join(r.value + r.message for r in result.rejects)
    for name, rid, phone, _status, _code in people:
        for secret in (name, rid, phone):
            if len(secret) > 1:
                assert secret not in shown, secret


# == loading again ============================================================================


@FMTS
def test_loading_twice_is_loading_once(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    orgs = write_ledger(
        tmp_path,
        "orgs",
        fmt,
        [
            ORG_HEADER,
            org_row(1, C[0], "济南恒泰(集团)有限责任公司"),
            org_row(2, C[1], street="大明湖街道", key="否"),
            org_row(3, C[2], employees=""),
        ],
    )
    party = write_ledger(
        tmp_path,
        "party",
        fmt,
        [
            ["党组织编号", "党组织名称", "组建方式", "成立日期", "覆盖单位统一社会信用代码"],
            ["P001", "联合党支部", "联合组建", "2018年7月31日", f"{C[0]}；{C[1]}"],
        ],
    )
    members = write_ledger(
        tmp_path,
        "members",
        fmt,
        [
            ["姓名", "公民身份号码", "联系电话", "党员类别", "工作单位", "所属区县", "所属街道"]
            + ["所在社区", "工作单位统一社会信用代码"],
            ["张三丰", RID[0], "13912345678", "正式党员", "济南恒泰（集团）有限公司", "历下区"]
            + ["泉城路街道", "贤清园社区", ""],
            ["李四光", RID[1], "13812345678", "预备党员", "", "", "", "", C[1]],
        ],
    )
    paths = [orgs, party, members]
    first = load(paths, store, tmp_path)
    assert first.rejects == []
    once = snapshot(store)
    second = load(paths, store, tmp_path)
    assert second.rejects == []
    assert snapshot(store) == once
    assert {k: s.loaded for k, s in second.summaries.items()} == {
        k: s.loaded for k, s in first.summaries.items()
    }


@FMTS
def test_newer_ledger_updates_in_place(tmp_path: Path, store: EmbeddedStore, fmt: str) -> None:
    # Choice: a newer ledger that leaves an organization out does not delete it (a street
    # may send only its own rows); what it names is updated, what it moves is moved.
    old = write_csv(
        tmp_path / "2023.csv",
        [
            ORG_HEADER,
            org_row(1, C[0], employees="50"),
            org_row(2, C[1], employees="30"),
            org_row(3, C[2], street="大明湖街道", employees="10"),
        ],
    )
    load([old], store, tmp_path)
    new = write_ledger(
        tmp_path,
        "2024",
        fmt,
        [
            ORG_HEADER,
            org_row(1, C[0], employees="80"),
            org_row(2, C[1], street="大明湖街道", employees="30"),
        ],
    )
    result = load([new], store, tmp_path)
    assert result.rejects == []
    G = store.graph()
    assert G.nodes[org(C[0])]["employees"] == 80
    assert out_edges(store, org(C[1]), "LOCATED_IN") == ["Region:历下区/大明湖街道"]
    assert out_edges(store, org(C[0]), "LOCATED_IN") == ["Region:历下区/泉城路街道"]
    assert out_edges(store, org(C[2]), "LOCATED_IN") == ["Region:历下区/大明湖街道"]
    assert store.counts()["Organization"] == 3
    assert store.counts()["LOCATED_IN_Organization_Region"] == 3


# == random text ==============================================================================

FUZZ_HEADER = [
    "序号",
    "单位名称",
    "统一社会信用代码",
    "单位类型",
    "所属行业",
    "所属区县",
    "所属街道",
    "所在楼宇",
    "从业人员数",
    "营业收入(万元)",
    "是否重点",
    "正式党员",
    "预备党员",
    "经度",
    "纬度",
]
FUZZ_ROWS = [
    [str(i + 1), f"济南泉城科技{i}有限公司", C[i], "非公企业", "软件和信息技术服务业"]
    + ["历下区", "泉城路街道", "汇统大厦", "50", "1200.5", "是", "3", "1", "117.02", "36.66"]
    for i in range(3)
]
TOTAL_WORDS = {"合计", "小计", "总计", "total"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@settings(max_examples=50, deadline=None)
@given(
    text=st.text(alphabet=st.characters(exclude_categories=("Cs",))),
    row=st.integers(0, len(FUZZ_ROWS) - 1),
    col=st.integers(0, len(FUZZ_HEADER) - 1),
)
def test_random_text_in_any_cell_is_loaded_or_reported(
    fmt: str, text: str, row: int, col: int
) -> None:
    # Choice: "any cell" means any data cell (the header row is what makes it a ledger).
    if fmt == "xlsx":
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    rows = [FUZZ_HEADER, *(list(r) for r in FUZZ_ROWS)]
    rows[row + 1][col] = text
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        p = write_ledger(tmp, "orgs", fmt, rows)
        with EmbeddedStore(tmp / "s") as store:
            result = load([p], store, tmp)
            G = store.graph()
        s = result.summaries["organizations"]
        adds_up(s)
        assert s.read == 3
        touched = row + 2  # the spreadsheet's row number
        assert {r.row for r in result.rejects} <= {touched}
        for i in range(3):
            if i != row:
                assert org(C[i]) in G
        if result.rejects:
            assert s.rejected == 1 and s.loaded == 2
            assert len(quarantine_rows(result)) == len(result.rejects)
        elif s.skipped:
            # a totals word typed into one of the first columns marks the row as a total
            word = "".join(unicodedata.normalize("NFKC", text).split()).lower()
            assert word.rstrip(":") in TOTAL_WORDS
        else:
            assert s.loaded == 3
            if col != 2:
                assert org(C[row]) in G
