"""Nothing leaks, nothing tears: no output file holds a live formula, outputs are written
atomically and owner-only, and a full disk is one line and exit code 4.

Ledgers with planted names (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(1)``, ``-2+3``) go
through the real command line: ``load``, every table command with ``--format csv`` and
``--format xlsx --out``, ``export`` and ``report``; then every CSV cell and every XLSX cell
is checked. (The planted city is ``tests/planted.py``; a real full disk, a tmpfs written by
pbgraph in processes of its own: ``tests/integration/test_outputs_safety_cli.py``.)
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph import outputs
from pbgraph.cli import cli
from pbgraph.errors import DiskError
from pbgraph.stores.sqlite import EmbeddedStore
from tests.planted import (
    HYPERLINK,
    PLANTED_ORGS,
    PLANTED_PARTY_ORGS,
    REJECTED_CODE,
    assert_disk_error,
    full_disk_cases,
    invoke,
    leftovers,
    planted_city,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")  # numbers are not formulas

COVERAGE_LISTS = ("must_build", "joint_candidate", "no_members", "work", "own", "joint",
                  "attached", "key_unpaired", "joint_grown", "latent", "weak_no_instructor",
                  "joint_over_limits")  # fmt: skip
TABLE_COMMANDS: list[list[str]] = [
    ["coverage", "--by", "district"],
    ["coverage", "--by", "street"],
    *(["coverage", "--list", name] for name in COVERAGE_LISTS),
    ["coverage", "--compare", "2018-07-31", "2018-09-30"],
    *(["balance", kind, "--show", show] for kind in ("instructors", "pairings")
      for show in ("plan", "changes", "streets", "stats")),
    ["group"],
    *(["group", "--list", name] for name in ("groups", "members", "uncovered", "splits")),
    ["progress"],
    ["progress", "--flagged"],
    *(["demo-sites", "--show", show] for show in ("sites", "gaps", "uncovered")),
    ["funds"],
]  # fmt: skip


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small city with planted names, loaded (twice, two snapshots) through the CLI."""
    return planted_city(tmp_path_factory)


# -- helpers ------------------------------------------------------------------------------


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


# -- (a) no live formulas -----------------------------------------------------------------


def test_quarantine_value_is_neutralized(city: dict[str, Any]) -> None:
    q = city["dir"] / "q" / "quarantine.csv"
    cells = csv_cells(q.read_text(encoding="utf-8-sig"))
    assert "'" + REJECTED_CODE in cells
    assert risky(cells) == []


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
def test_table_commands_write_no_formulas(
    city: dict[str, Any], args: list[str], tmp_path: Path
) -> None:
    store = ["--store", str(city["store"])]
    out_csv = tmp_path / "t.csv"
    stdout = invoke(*args, *store, "--format", "csv").output
    invoke(*args, *store, "--format", "csv", "--out", str(out_csv))
    out_xlsx = tmp_path / "t.xlsx"
    invoke(*args, *store, "--format", "xlsx", "--out", str(out_xlsx))
    for text in (stdout, out_csv.read_text(encoding="utf-8-sig")):
        assert risky(csv_cells(text)) == [], args
    assert formula_cells(out_xlsx) == [], args


def test_planted_names_reach_the_outputs_neutralized(city: dict[str, Any], tmp_path: Path) -> None:
    """The planted organizations have no members and nothing covers them: they are listed,
    escaped in CSV, as text in XLSX."""
    store = ["--store", str(city["store"])]
    cells = csv_cells(invoke("coverage", "--list", "no_members", *store, "--format", "csv").output)
    assert {"'" + n for n in PLANTED_ORGS} <= set(cells)
    out = tmp_path / "no_members.xlsx"
    invoke("coverage", "--list", "no_members", *store, "--format", "xlsx", "--out", str(out))
    assert set(PLANTED_ORGS) <= xlsx_texts(out)
    assert formula_cells(out) == []


def test_export_and_report_write_no_formulas(city: dict[str, Any], tmp_path: Path) -> None:
    store = ["--store", str(city["store"])]
    invoke("export", *store, "--out", str(tmp_path / "exported"))
    invoke("-q", "report", *store, "--out", str(tmp_path / "report"))
    files = sorted((tmp_path / "exported").iterdir()) + sorted((tmp_path / "report").iterdir())
    seen_csv = seen_xlsx = 0
    texts: set[str] = set()
    for p in files:
        if p.suffix == ".csv":
            cells = csv_cells(p.read_text(encoding="utf-8-sig"))
            assert risky(cells) == [], p.name
            texts |= set(cells)
            seen_csv += 1
        elif p.suffix == ".xlsx":
            assert formula_cells(p) == [], p.name
            texts |= xlsx_texts(p)
            seen_xlsx += 1
    assert seen_csv >= 3 and seen_xlsx >= 2
    assert {"'" + n for n in PLANTED_ORGS} <= texts  # the exported organizations (CSV)
    assert set(PLANTED_PARTY_ORGS) <= texts  # the exported party organizations (XLSX)
    assert HYPERLINK in xlsx_texts(tmp_path / "report" / "pbgraph_report.xlsx")  # uncovered


def test_report_html_escapes_text() -> None:
    from pbgraph.report.html import table

    page = table(["<b>单位</b>"], [["<script>alert(1)</script>"], ["\"x\" & 'y'"]])
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&quot;x&quot; &amp; &#x27;y&#x27;" in page


def _names(store: Path, label: str) -> set[str]:
    with EmbeddedStore(store) as s:
        G = s.graph()
    return {d.get("name") for _, d in G.nodes(data=True) if d.get("label") == label}


def test_export_load_round_trip_keeps_planted_names(city: dict[str, Any], tmp_path: Path) -> None:
    exported = tmp_path / "exported"
    invoke("export", "--store", str(city["store"]), "--out", str(exported))
    copy = tmp_path / "copy"
    invoke("load", *map(str, sorted(exported.iterdir())), "--store", str(copy),
           "--quarantine", str(tmp_path))  # fmt: skip
    orgs = _names(copy, "Organization")
    assert set(PLANTED_ORGS) <= orgs
    assert set(PLANTED_PARTY_ORGS) <= _names(copy, "PartyOrg")
    assert orgs == _names(city["store"], "Organization")


# -- the outputs module ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"), ("+x", "'+x"), ("-x", "'-x"), ("@x", "'@x"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("'=x", "''=x"), ("-2", "-2"), ("+3.5", "+3.5"), ("-2+3", "'-2+3"),
        ("历下区", "历下区"), ("", ""), ("a=b", "a=b"), (-3, -3), (2.5, 2.5), (None, None),
        (True, True), (Path("=x"), "'=x"),
    ],
)  # fmt: skip
def test_csv_cell(value: Any, written: Any) -> None:
    assert outputs.csv_cell(value) == written
    if isinstance(value, str):
        assert outputs.csv_unescape(outputs.csv_cell(value)) == value


def test_xlsx_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import Workbook

    for write_only in (True, False):
        wb = Workbook(write_only=write_only)
        ws = wb.create_sheet("t")
        ws.append(outputs.xlsx_row(ws, [HYPERLINK, "=1+1", 3, None, "x"]))
        p = outputs.save_workbook(wb, tmp_path / f"{write_only}.xlsx")
        assert formula_cells(p) == []
        assert {HYPERLINK, "=1+1", "x"} <= xlsx_texts(p)


# -- (b) a full disk ------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["fsync", "replace"])
def test_full_disk_injected(
    city: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """The same without a tmpfs: ENOSPC injected where outputs are synced or renamed."""
    full = tmp_path / "out"
    full.mkdir()
    old = full / "cov.csv"
    old.write_text("old\n", encoding="utf-8")

    def enospc(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    cases = full_disk_cases(city, full)
    with monkeypatch.context() as m:
        m.setattr(os, fault, enospc)
        for args, named in cases:
            r = CliRunner().invoke(cli, args)
            assert_disk_error(r.exit_code, r.stderr, named)
            assert leftovers(full) == ["cov.csv"], args
    assert old.read_text(encoding="utf-8") == "old\n"  # never replaced by a torn file


def test_disk_error_names_the_path(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    with pytest.raises(DiskError, match=r"x\.csv: No space left on device"):  # noqa: SIM117
        with outputs.atomic_open(target, encoding="utf-8") as f:
            f.write("a")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="boom"):  # noqa: SIM117
        with outputs.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise ValueError("boom")
    assert list(tmp_path.iterdir()) == []


# -- (c) owner only -------------------------------------------------------------------------


def test_outputs_are_owner_only(city: dict[str, Any], tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        store = ["--store", str(city["store"])]
        invoke("coverage", *store, "--format", "csv", "--out", str(tmp_path / "new/sub/c.csv"))
        invoke("coverage", *store, "--format", "xlsx", "--out", str(tmp_path / "c.xlsx"))
        invoke("funds", *store, "--chart", str(tmp_path / "f.png"))
        invoke("export", *store, "--out", str(tmp_path / "exported/deep"))
        invoke("-q", "report", *store, "--out", str(tmp_path / "report"))
        invoke("load", str(city["ledgers"][0]), "--store", str(tmp_path / "s"),
               "--quarantine", str(tmp_path / "q"))  # fmt: skip
        invoke("inspect", str(city["ledgers"][0]), "--write-mapping", str(tmp_path / "m.toml"))
    finally:
        os.umask(old)

    def mode(p: Path) -> int:
        return p.stat().st_mode & 0o777

    files = [tmp_path / "new/sub/c.csv", tmp_path / "c.xlsx", tmp_path / "f.png",
             tmp_path / "q/quarantine.csv", tmp_path / "m.toml",
             *(tmp_path / "exported/deep").iterdir(), *(tmp_path / "report").iterdir()]  # fmt: skip
    assert len(files) > 15
    assert {p.name: oct(mode(p)) for p in files if mode(p) != 0o600} == {}
    dirs = ["new", "new/sub", "exported", "exported/deep", "report", "q"]
    assert {d: oct(mode(tmp_path / d)) for d in dirs if mode(tmp_path / d) != 0o700} == {}
    assert not [p for p in tmp_path.rglob(".*.tmp*")]  # no temporary file left
