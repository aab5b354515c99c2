"""Layers by their imports, each checked in a fresh interpreter: the analyses import neither
matplotlib nor click nor a store; a table command never imports matplotlib (only
:mod:`pbgraph.plots` does, when a chart is drawn)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import pbgraph.analyses

ANALYSES = sorted(
    f"pbgraph.analyses.{m.name}" for m in pkgutil.iter_modules(pbgraph.analyses.__path__)
)
STORES = ("pbgraph.stores", "neo4j")


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    return set(json.loads(r.stdout.splitlines()[-1]))


def under(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(f"{p}.") for p in prefixes))


def test_every_analysis_module_is_listed() -> None:
    assert "pbgraph.analyses.coverage" in ANALYSES and len(ANALYSES) >= 7


@pytest.mark.parametrize("module", ANALYSES)
def test_analyses_import_no_matplotlib_click_or_store(module: str) -> None:
    mods = imported_after(f"import {module}")
    assert module in mods
    assert under(mods, "matplotlib") == []
    assert under(mods, "click") == []
    assert under(mods, *STORES) == []


def test_report_tables_import_no_matplotlib() -> None:
    """``pbgraph.report`` gives the commands their text tables and list headers."""
    mods = imported_after("from pbgraph.report import list_columns, table_text")
    assert under(mods, "matplotlib", "pbgraph.plots") == []


@pytest.mark.parametrize(
    "args",
    [
        ["coverage", "--format", "table"],
        ["coverage", "--by", "street", "--format", "table", "--lang", "en"],
        ["coverage", "--list", "latent", "--format", "table"],
        ["progress", "--format", "table"],
        ["funds", "--format", "table"],
    ],
    ids=" ".join,
)
def test_table_commands_import_no_matplotlib(loaded_city: Path, args: list[str]) -> None:
    argv = ["pbgraph", "-q", *args, "--store", str(loaded_city)]
    code = (
        "import sys\nfrom pbgraph.cli import main\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
    )
    mods = imported_after(code)
    assert "pbgraph.cli" in mods
    assert under(mods, "matplotlib", "pbgraph.plots") == []


def test_a_chart_imports_matplotlib_only_then(loaded_city: Path, tmp_path: Path) -> None:
    """The check above can fail: a command that draws does import it."""
    chart = tmp_path / "funds.png"
    argv = ["pbgraph", "-q", "funds", "--store", str(loaded_city), "--chart", str(chart)]
    code = (
        "import sys\nfrom pbgraph.cli import main\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
    )
    mods = imported_after(code)
    assert "matplotlib" in mods and "pbgraph.plots.style" in mods
    assert chart.stat().st_size > 0
