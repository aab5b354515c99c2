"""A corpus of hostile ledger files, each with what ``pbgraph load`` must do with it.

The files are made at test time (some are tens of megabytes; none is committed):
:func:`make_corpus` writes them into a folder and returns the :class:`Case` list;
``tests/integration/test_bad_inputs.py`` runs each through the real command line
(``python -m pbgraph load FILE --store DIR --quarantine DIR --format json``) and checks
the exit code, that a part of the message is printed (on stderr, stdout or in the
quarantine file), that no traceback is, and how many rows were loaded and rejected.
Run it by hand to look at the files::

    python tests/badinputs/make_corpus.py /tmp/corpus      # writes the files, lists the cases

What each case stands for (an office's real mishap, or an attack on the loader):

* Row shapes: a cell of 5 MB (over the 64 Ki-character cell limit); a row of 2 MB of short
  cells among the first rows (where the header is looked for), and one of 3 MB in one cell
  in GB18030; a row of 20 MB, 5 M cells (linear time, no timing asserted); cells beyond
  the header; two columns of one field (reported; a row where they differ is rejected).
* Workbooks: 所属区县/所属街道 merged down a street's rows (and a street merged over two
  columns), as planners do; 1 M empty formatted rows; a stray value far outside the table
  (the sheet would be 200 000 x 2 000 cells); truncated, a zip of other files, garbage
  bytes, an empty file, HTML saved as .xls/.xlsx, a CSV named .xlsx, an XLSX named .xls, a
  sheet named ``../../x``.
* Encodings: UTF-8 with and without BOM, GB18030 (with a character GBK lacks), GBK,
  UTF-16 LE/BE and UTF-32 LE with a BOM (Excel's "Unicode text"), UTF-16 without one, NUL
  bytes in a file that is not UTF-16.
* Content: Cypher-, SQL- and HTML/script-like names and a raw ``=cmd|…`` formula, all
  loaded verbatim as data; a formula escaped by pbgraph's CSV writers (``'=HYPERLINK``)
  loaded without its apostrophe; an empty and a header-only file.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from pbgraph.graphmodel.identifiers import make_credit_code

HEADER = ["序号", "单位名称", "统一社会信用代码", "所属区县", "所属街道", "从业人员数"]
CODES = [make_credit_code("91", "370102", f"MA3C{i:04d}") for i in range(1, 401)]

#: names an attacker (or a careless paste) might put in a ledger: data, never code
HOSTILE_NAMES = [
    "'}) MATCH (n) DETACH DELETE n //",
    '"}) WITH 1 AS x CALL db.clearQueryCaches() //',
    "<script>alert('x')</script>有限公司",
    '<img src=x onerror="alert(1)">',
    "Robert'); DROP TABLE orgs;--",
    "=cmd|' /C calc'!A0",
    "{{7*7}}${jndi:ldap://x/a}",
    "..\\..\\windows\\system32",
]


@dataclass
class Case:
    """One file (or files) and what loading it must give.

    ``exit`` is the exit code; ``message`` (and each of ``more``) a part of what is printed
    (stderr or stdout) or written to the quarantine file; ``loaded`` and ``rejected`` the
    rows (summed over kinds; ``None`` when nothing loads); ``names`` organization names
    the store must hold exactly as written."""

    name: str
    files: list[Path]
    exit: int = 0
    message: str = ""
    more: list[str] = field(default_factory=list)
    loaded: int | None = None
    rejected: int | None = None
    names: list[str] = field(default_factory=list)


def rows(n: int, start: int = 0) -> list[list[str]]:
    """``n`` good organization rows (district 历下区, street 泉城路街道)."""
    return [
        [str(i + 1), f"济南泉城科技{i}有限公司", CODES[i], "历下区", "泉城路街道", "5"]
        for i in range(start, start + n)
    ]


def write_csv(path: Path, table: Sequence[Sequence[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(table)
    return path


def write_xlsx(path: Path, table: Sequence[Sequence[Any]], title: str = "Sheet1") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in table:
        ws.append(list(row))
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # text that looks like a formula, as typed
    wb.save(path)
    wb.close()
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def bad_check(code: str) -> str:
    """``code`` with a wrong check character."""
    return code[:-1] + ("1" if code[-1] != "1" else "2")


def _with_long_row(path: Path, table: list[list[str]], at: int, tail: str) -> Path:
    """A CSV whose line ``at`` (0 is the header) ends in ``tail`` (written as it is)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerows(table[:at])
        f.write(",".join(table[at]) + tail + "\r\n")
        w.writerows(table[at + 1 :])
    return path


def _merged_down(path: Path) -> Path:
    """200 organizations in 10 streets as a planner keeps them: 所属区县 merged down every
    row, 所属街道 merged down each street's 20 rows (the last street over two columns,
    所属街道 and 备注: the street is the column it is written in), written with openpyxl's
    merge_cells as Excel saves it (the value in the top-left cell, the others empty)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "历下区"
    ws.append(["历下区两新组织台账"])
    ws.merge_cells("A1:G1")
    ws.append([*HEADER[:5], "备注", HEADER[5]])
    for i in range(200):
        street = f"第{i // 20 + 1}街道" if i % 20 == 0 else None
        ws.append([i + 1, f"济南泉城科技{i}有限公司", CODES[i], "历下区" if i == 0 else None,
                   street, None, 5])  # fmt: skip
    ws.merge_cells("D3:D202")
    for s in range(9):
        ws.merge_cells(f"E{3 + 20 * s}:E{22 + 20 * s}")
    ws.merge_cells("E183:F202")  # the last street over 所属街道 and 备注
    wb.save(path)
    wb.close()
    return path


def _styled_far(path: Path) -> Path:
    """Five rows, then cells of row 1 000 000 formatted (bold) but empty: Excel's
    "formatted to the end of the sheet"."""
    wb = Workbook()
    ws = wb.active
    for row in [HEADER, *rows(5)]:
        ws.append(row)
    for c in range(1, 7):
        ws.cell(1_000_000, c).font = Font(bold=True)
    wb.save(path)
    wb.close()
    return path


def _stray_value(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    for row in [HEADER, *rows(5)]:
        ws.append(row)
    ws.cell(200_000, 2_000, "x")  # a value typed far outside the table
    wb.save(path)
    wb.close()
    return path


def _sheet_renamed(path: Path, old: str, new: str) -> Path:
    """``path`` with a sheet's name changed in the workbook's XML (openpyxl refuses names
    with a slash; another program may write them)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(f'name="{old}"'.encode(), f'name="{new}"'.encode())
            dst.writestr(item, data)
    tmp.replace(path)
    return path


def make_corpus(out: Path, *, write: bool = True) -> list[Case]:
    """Write every case's files into ``out`` (created) and return the cases (with
    ``write=False``, only the cases: their names, for a test's parameters)."""
    if write:
        out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def case(name: str, make: Callable[[Path], Path | list[Path]], **expected: Any) -> None:
        made = make(out / name) if write else out / name
        cases.append(Case(name, made if isinstance(made, list) else [made], **expected))

    good = [HEADER, *rows(10)]
    over = "cell over 64 Ki characters"

    # -- row shapes --------------------------------------------------------------------------
    big = [r[:] for r in good]
    big[4][1] = "巨" * 1_700_000  # 5 MB of UTF-8 in one cell
    case("oversized_cell.csv", lambda p: write_csv(p, big),
         message=over, loaded=9, rejected=1)  # fmt: skip
    case("row_2mb_of_cells.csv", lambda p: _with_long_row(p, good, 2, ",ab" * 700_000),
         message="more than a spreadsheet's 16,384 columns", loaded=9, rejected=1)  # fmt: skip
    gbk = [[*r] for r in good]
    gbk[3][1] = '"' + "甲\n" * 1_000_000 + '"'  # 3 MB, lines in a quoted cell, GB18030
    case("row_3mb_cell_gb18030.csv",
         lambda p: write_bytes(p, "\r\n".join(",".join(r) for r in gbk).encode("gb18030")),
         message=over, loaded=9, rejected=1)  # fmt: skip
    case("row_20mb_5m_cells.csv", lambda p: _with_long_row(p, good, 5, ",abc" * 5_000_000),
         message="5,000,006 cells", loaded=9, rejected=1)  # fmt: skip
    wide = [r[:] for r in good]
    wide[6] += ["", "", "备注写在表外"]
    case("beyond_header.csv", lambda p: write_csv(p, wide),
         message="more cells with values, from column 9(I)", loaded=9, rejected=1)  # fmt: skip
    dup = [[*HEADER, "单位名称", "企业名称"]]
    for i, r in enumerate(rows(10)):
        second = {2: "另一家公司", 5: ""}.get(i, r[1])
        dup.append([*r, second, r[1] if i == 7 else ""])
    dup[4][1] = ""  # empty in the first column: the second fills it
    case("duplicate_headers.csv", lambda p: write_csv(p, dup),
         message="column 7(G) duplicates column 2(B)",
         more=["column 8(H) duplicates column 2(B)",
               "both give name and disagree: '济南泉城科技2有限公司' vs '另一家公司'"],
         loaded=9, rejected=1)  # fmt: skip

    # -- workbooks ---------------------------------------------------------------------------
    case("merged_down.xlsx", _merged_down, loaded=200, rejected=0)
    case("styled_1m_rows.xlsx", _styled_far, loaded=5, rejected=0)
    case("stray_value_far_away.xlsx", _stray_value, exit=2,
         message="a value in cell BXX200000 makes the sheet 200,000 rows x 2,000 columns")  # fmt: skip
    whole = write_xlsx(out / "whole.xlsx", good) if write else out / "whole.xlsx"
    case("truncated.xlsx", lambda p: write_bytes(p, whole.read_bytes()[:3000]),
         exit=2, message="damaged or truncated")  # fmt: skip

    def zip_of_other_files(p: Path) -> Path:
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("说明.txt", "台账见附件")
            z.writestr("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 100)
        return p

    case("zip_not_xlsx.xlsx", zip_of_other_files, exit=2, message="a zip archive of other files")
    case("garbage.xlsx", lambda p: write_bytes(p, bytes(range(256)) * 40),
         exit=2, message="not a readable workbook")  # fmt: skip
    case("empty.xlsx", lambda p: write_bytes(p, b""), exit=2, message="the file is empty")
    page = (
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>单位名称</td>"
        "<td>统一社会信用代码</td></tr></table></body></html>"
    )
    case("html_saved_as.xls", lambda p: write_bytes(p, page.encode()),
         exit=2, message="a web page saved with an .xls name")  # fmt: skip
    case("html_saved_as.xlsx", lambda p: write_bytes(p, page.encode()),
         exit=2, message="a web page saved with an .xlsx name")  # fmt: skip
    case("csv_named.xlsx", lambda p: write_csv(p, good), exit=2,
         message="a text file named .xlsx")  # fmt: skip
    case("xlsx_named.xls", lambda p: Path(shutil.copy(whole, p)), loaded=10, rejected=0)
    traversal = [HEADER, *rows(3)]
    traversal[2][2] = bad_check(CODES[1])  # a rejected row: its sheet name is in the quarantine
    case("sheet_named_traversal.xlsx",
         lambda p: _sheet_renamed(write_xlsx(p, traversal, "SHEETX"), "SHEETX", "../../x"),
         message="../../x", loaded=2, rejected=1)  # fmt: skip
    sub = out / "sub"
    if write:
        sub.mkdir(exist_ok=True)
        write_csv(out / "traversal.csv", good)
    cases.append(Case("path_with_dotdot.csv", [sub / ".." / "traversal.csv"], loaded=10,
                      rejected=0))  # fmt: skip

    # -- encodings ---------------------------------------------------------------------------
    text = [[*HEADER], *rows(10)]
    text[1][1] = "济南䶮𠮷科技有限公司"  # GB18030 4-byte characters, not in GBK
    for enc, suffix in [("utf-8", "csv"), ("utf-8-sig", "csv"), ("gb18030", "csv")]:
        case(f"{enc}.{suffix}", lambda p, enc=enc: write_csv(p, text, enc), loaded=10,
             rejected=0, names=["济南䶮𠮷科技有限公司"])  # fmt: skip
    case("gbk.csv", lambda p: write_csv(p, good, "gbk"), loaded=10, rejected=0)
    unicode_text = "".join("\t".join(r) + "\r\n" for r in text)
    for enc, bom, name in [
        ("utf-16-le", b"\xff\xfe", "utf16le_bom.txt"),  # Excel's "Unicode text"
        ("utf-16-be", b"\xfe\xff", "utf16be_bom.csv"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf32le_bom.csv"),
        ("utf-16-le", b"", "utf16le_no_bom.csv"),
    ]:
        case(name, lambda p, enc=enc, bom=bom: write_bytes(p, bom + unicode_text.encode(enc)),
             loaded=10, rejected=0, names=["济南䶮𠮷科技有限公司"])  # fmt: skip
    case("nul_bytes.csv",
         lambda p: write_bytes(p, b"\xd0\xcf\x11\xe0\x00\x00\x01" + "\r\n".join(",".join(r) for r in good).encode()),
         exit=2, message="NUL bytes, the first at byte 4")  # fmt: skip
    case("empty.csv", lambda p: write_bytes(p, b""), exit=2, message="the file is empty")
    case("header_only.csv", lambda p: write_csv(p, [HEADER]), loaded=0, rejected=0)
    case("header_only.xlsx", lambda p: write_xlsx(p, [HEADER]), loaded=0, rejected=0)

    # -- content -----------------------------------------------------------------------------
    hostile = [HEADER, *rows(len(HOSTILE_NAMES))]
    for r, name in zip(hostile[1:], HOSTILE_NAMES, strict=True):
        r[1] = name
    n = len(HOSTILE_NAMES)
    case("hostile_names.csv", lambda p: write_csv(p, hostile), loaded=n, rejected=0,
         names=HOSTILE_NAMES)  # fmt: skip
    case("hostile_names.xlsx", lambda p: write_xlsx(p, hostile, "<script>x<script>"),
         loaded=n, rejected=0, names=HOSTILE_NAMES)  # fmt: skip
    escaped = [HEADER, *rows(3)]
    escaped[1][1] = '\'=HYPERLINK("http://x.example","点我")'
    escaped[2][1] = "''+甲公司"
    escaped[3][1] = "'不是公式"
    case("formula_escaped.csv", lambda p: write_csv(p, escaped), loaded=3, rejected=0,
         names=['=HYPERLINK("http://x.example","点我")', "'+甲公司", "'不是公式"])  # fmt: skip
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[0] + "\n\nusage: make_corpus.py FOLDER", file=sys.stderr)
        return 2
    out = Path(argv[0])
    cases = make_corpus(out)
    for c in cases:
        size = sum(f.stat().st_size for f in c.files)
        print(f"{c.name:32} {size:>12,} B  exit {c.exit}  loaded {c.loaded}  "
              f"rejected {c.rejected}  {c.message!r}")  # fmt: skip
    manifest = [asdict(c) | {"files": [str(f) for f in c.files]} for c in cases]
    (out / "cases.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
