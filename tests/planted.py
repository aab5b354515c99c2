"""The planted city of the output-safety tests (``tests/unit/test_outputs_safety.py``,
``tests/integration/test_outputs_safety_end_to_end.py``): generated ledgers with planted names
(``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(1)``, ``-2+3``) loaded through the command line,
and what checks the outputs: cells a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli
from pbgraph.graphmodel.identifiers import make_credit_code
from pbgraph.synth import generate

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
CMD = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1)有限公司"
MINUS = "-2+3"
PARTY_EQ = '=HYPERLINK("http://evil.example","po")'
REJECTED_CODE = "=1+2"  # a credit code the loader rejects: the quarantine holds it
PLANTED_ORGS = (HYPERLINK, AT_SUM, MINUS)
PLANTED_PARTY_ORGS = (CMD, PARTY_EQ)


def invoke(*args: str) -> Any:
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, (args, r.output, r.exception)
    return r


def plant(ledgers: list[Path]) -> None:
    """Plant the names in the generated ledgers: three new organizations without members
    (nothing covers them, so they are listed everywhere), one row the loader rejects, and
    two party organizations renamed."""
    orgs = next(p for p in ledgers if p.name.startswith("01_"))
    with open(orgs, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    h = rows[0]
    col = {name: h.index(name) for name in ("序号", "统一社会信用代码", "单位名称", "正式党员",
                                            "预备党员", "是否重点")}  # fmt: skip
    template = rows[1]
    division = template[col["统一社会信用代码"]][2:8]
    for i, name in enumerate((*PLANTED_ORGS, CMD)):
        r = list(template)
        r[col["序号"]] = str(len(rows))
        r[col["单位名称"]] = name
        r[col["统一社会信用代码"]] = make_credit_code("91", division, f"PBQ0000{i + 1}")
        r[col["正式党员"]] = r[col["预备党员"]] = "0"
        r[col["是否重点"]] = "否"
        if name == CMD:
            r[col["统一社会信用代码"]] = REJECTED_CODE
        rows.append(r)
    with open(orgs, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)

    from openpyxl import load_workbook

    party = next(p for p in ledgers if p.name.startswith("02_"))
    wb = load_workbook(party)
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "党组织名称" for c in r))
    name_col = next(c.column for c in header if c.value == "党组织名称")
    for k, name in enumerate(PLANTED_PARTY_ORGS, start=1):
        cell = ws.cell(row=header[0].row + k, column=name_col)
        cell.value = name
        cell.data_type = "s"  # text, not a formula
    wb.save(party)


def planted_city(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small city with planted names, loaded (twice, two snapshots) through the CLI."""
    d = tmp_path_factory.mktemp("planted")
    ledgers = generate(400, d / "ledgers", seed=11)
    plant(ledgers)
    store = d / "store"
    files = [str(p) for p in ledgers]
    for as_of in ("2018-07-31", "2018-09-30"):
        r = invoke("load", *files, "--store", str(store), "--quarantine", str(d / "q"),
                   "--as-of", as_of)  # fmt: skip
        assert "1 行被拒绝" in r.stdout  # Chinese first: "1 rejected rows" with --lang en
    return {"dir": d, "store": store, "ledgers": ledgers}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")  # numbers are not formulas


def risky(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run as a formula."""
    return [c for c in cells if c.startswith(FORMULA_START) and not NUMBER.fullmatch(c)]


def csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"))) for c in row]


def formula_cells(path: Path) -> list[str]:
    """Formula cells of a workbook, as openpyxl sees them and as the sheet XML has them."""
    from openpyxl import load_workbook

    found = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            found += [f"{ws.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    wb.close()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[ >/]", z.read(name)):
                found.append(f"{name}: <f>")
    return found


def xlsx_texts(path: Path) -> set[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {v for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r
                if isinstance(v, str)}  # fmt: skip
    finally:
        wb.close()
