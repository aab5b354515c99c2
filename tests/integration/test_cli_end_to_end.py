"""The command line end to end: bad usage and unreadable ledgers in a process of their own
(exit code 2, one line, no traceback), the demo path from generated ledgers to the report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``pbgraph ARGS`` in a fresh process on the embedded store of ``cwd`` (never the Neo4j
    server the test command started, which other tests fill)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_STORE"))}
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


@pytest.mark.parametrize(
    "args",
    [
        ("coverage", "--bogus"),
        ("load", "/no/such/file.csv"),
        ("generate", "--orgs", "0", "--out", "x"),
        ("demo", "--scale", "huge"),
        ("balance",),
        ("group",),
    ],
)
def test_bad_usage_exits_2_without_traceback(args: tuple[str, ...], tmp_path: Path) -> None:
    r = _run(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "错误：" in r.stderr  # Chinese first
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_unreadable_ledger_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "a.xlsx"
    bad.write_text("nope")
    r = _run("load", str(bad), "--store", str(tmp_path / "s"), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "a.xlsx" in r.stderr


def test_demo_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph warning fails the test
        r = CliRunner().invoke(cli, ["demo", "--scale", "800", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "报告：" in r.output  # Chinese first
    html = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"(src|href)=['\"]https?://", html)  # opens offline
    assert "组织覆盖率" in html or "组织覆盖" in html
    from matplotlib import image

    for png in (out / "report").glob("*.png"):
        img = image.imread(png)
        assert img.std() > 0.05, f"{png.name} looks blank"
    from openpyxl import load_workbook

    wb = load_workbook(out / "report" / "pbgraph_report.xlsx", read_only=True)
    assert wb.sheetnames[:4] == ["说明", "区县覆盖情况", "街道覆盖情况", "未覆盖单位"]
    first = next(wb["未覆盖单位"].iter_rows(values_only=True))
    assert first[:2] == ("统一社会信用代码", "单位名称")
    wb.close()

    store = out / "store"
    r = CliRunner().invoke(cli, ["coverage", "--store", str(store), "--format", "json"])
    data = json.loads(r.output)
    assert data["denominator"] == "all" and data["total"] == 800
    assert sum(g["total"] for g in data["groups"]) == 800
    r = CliRunner().invoke(
        cli,
        [
            "load",
            *map(str, sorted((out / "ledgers").iterdir())),
            "--store",
            str(store),
            "--format",
            "json",
            "--quarantine",
            str(tmp_path),
        ],
    )
    assert r.exit_code == 0
    # standard output is the JSON; load's progress lines go to standard error
    assert json.loads(r.stdout)["kinds"]["organizations"]["loaded"] == 800


def test_demo_on_combined_ledgers(tmp_path: Path) -> None:
    """The demo on the ledgers as district offices keep them: nothing rejected, the same
    coverage as the tidy ledgers of the same city."""
    totals = {}
    for layout in ("normalized", "combined"):
        out = tmp_path / layout
        r = CliRunner().invoke(
            cli, ["-q", "demo", "--scale", "800", "--out", str(out), "--layout", layout]
        )
        assert r.exit_code == 0, r.output
        assert not (out / "quarantine.csv").exists()
        r = CliRunner().invoke(cli, ["coverage", "--store", str(out / "store"), "--format", "json"])
        data = json.loads(r.output)
        # ids that differ by store: a party organization's (the ledger's, or
        # district/street/name), members' pseudonyms (keyed by each store's secret)
        totals[layout] = {
            k: sorted(json.dumps({f: x for f, x in e.items() if f not in ("party_org", "latent_members")},
                                 ensure_ascii=False, sort_keys=True) for e in v)
            if isinstance(v, list) else v
            for k, v in data.items()
            if k != "params"
        }  # fmt: skip
    assert totals["combined"] == totals["normalized"]
