"""The command line in-process: help with examples, exit codes, options against the
environment (the demo path and commands in a process of their own:
``tests/integration/test_cli_end_to_end.py``)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pbgraph.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    """In both languages (Chinese first; tests/unit/test_i18n.py: every help text has its
    Chinese)."""
    result = CliRunner().invoke(cli, ["--lang", "en", *path, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    result = CliRunner().invoke(cli, ["--lang", "zh", *path, "--help"])
    assert result.exit_code == 0
    assert "示例" in result.output


def test_root_help_and_version() -> None:
    r = CliRunner().invoke(cli, ["-h"], env={"PBGRAPH_LANG": "en"})
    assert r.exit_code == 0 and "Example" in r.output
    assert CliRunner().invoke(cli, ["--version"]).output.startswith("pbgraph")


def test_strict_exits_1_on_rejects(tmp_path: Path) -> None:
    p = tmp_path / "o.csv"
    p.write_text(
        "单位名称,统一社会信用代码,所属区县,所属街道\n甲,BAD,历下区,泉城路街道\n", encoding="utf-8"
    )
    r = CliRunner().invoke(
        cli,
        ["load", str(p), "--store", str(tmp_path / "s"), "--strict", "--quarantine", str(tmp_path)],
    )
    assert r.exit_code == 1
    assert (tmp_path / "quarantine.csv").exists()


def test_store_option_wins_over_neo4j_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")  # nothing listens there
    p = tmp_path / "o.csv"
    p.write_text(
        "单位名称,统一社会信用代码,所属区县,所属街道\n甲,91350100M000100Y43,历下区,泉城路街道\n",
        encoding="utf-8",
    )
    args = ["load", str(p), "--store", str(tmp_path / "s"), "--quarantine", str(tmp_path)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    r = CliRunner().invoke(
        cli, ["coverage", "--store", str(tmp_path / "s"), "--neo4j", "bolt://x:1"]
    )
    assert r.exit_code == 2 and "只能给一个" in r.output  # Chinese first
    r = CliRunner().invoke(cli, ["coverage"])  # no --store: the environment's Neo4j, unreachable
    assert r.exit_code == 3
