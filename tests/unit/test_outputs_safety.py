"""Nothing leaks, nothing tears: no output file holds a live formula, and an output that
cannot be written says so.

Ledgers with planted names (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(1)``, ``-2+3``;
``tests/planted.py``) go through the real command line, in-process: ``load``, every table
command with ``--format csv`` and ``--format xlsx --out``; then every CSV cell and every
XLSX cell is checked; and the outputs module alone. ``export`` and ``report``, a full disk
(real and injected) under every kind of output, and owner-only outputs are tried end to end
in ``tests/integration/test_outputs_safety_end_to_end.py``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from pbgraph import outputs
from pbgraph.errors import DiskError
from tests.planted import (
    HYPERLINK,
    PLANTED_ORGS,
    REJECTED_CODE,
    csv_cells,
    formula_cells,
    invoke,
    planted_city,
    risky,
    xlsx_texts,
)

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


def test_report_html_escapes_text() -> None:
    from pbgraph.report.html import table

    page = table(["<b>单位</b>"], [["<script>alert(1)</script>"], ["\"x\" & 'y'"]])
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&quot;x&quot; &amp; &#x27;y&#x27;" in page


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


def test_disk_error_names_the_path(tmp_path: Path) -> None:
    target = tmp_path / "x.csv"
    with pytest.raises(DiskError, match=r"x\.csv: 磁盘空间已满 \(No space left on device\)"):  # noqa: SIM117
        with outputs.atomic_open(target, encoding="utf-8") as f:
            f.write("a")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="boom"):  # noqa: SIM117
        with outputs.atomic_path(target) as tmp:
            tmp.write_text("half")
            raise ValueError("boom")
    assert list(tmp_path.iterdir()) == []
