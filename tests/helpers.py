"""Helpers shared by tests of both folders (``tests/unit/`` and ``tests/integration/``):
a test module imports from here, never from another test module."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from pbgraph.cli import cli


def group_cli(*args: str) -> Any:
    """``pbgraph group ARGS``, in-process."""
    return CliRunner().invoke(cli, ["group", *args])
