"""Helpers shared by tests of both folders (``tests/unit/`` and ``tests/integration/``):
a test module imports from here, never from another test module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from pbgraph.cli import cli


def group_cli(*args: str) -> Any:
    """``pbgraph group ARGS``, in-process."""
    return CliRunner().invoke(cli, ["group", *args])


def sheet_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()
