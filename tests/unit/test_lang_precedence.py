"""The language's precedence across the group and the command: an option beats the
environment and the file wherever it is given (``pbgraph --lang en report`` with
``PBGRAPH_LANG=zh`` set is English)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli


@pytest.mark.parametrize("args", [["--lang", "en", "coverage"], ["coverage", "--lang", "en"]])
def test_an_option_beats_the_environment(args: list[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere")
    r = CliRunner().invoke(cli, [*args, "--store", missing], env={"PBGRAPH_LANG": "zh"})
    assert r.exit_code == 2
    assert "Error" in r.output and "错误" not in r.output, r.output


def test_the_environment_beats_the_default(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere")
    r = CliRunner().invoke(cli, ["coverage", "--store", missing], env={"PBGRAPH_LANG": "en"})
    assert r.exit_code == 2 and "错误" not in r.output
    r = CliRunner().invoke(cli, ["coverage", "--store", missing], env={"PBGRAPH_LANG": "zh"})
    assert r.exit_code == 2 and "错误" in r.output
