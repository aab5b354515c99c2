"""``pbgraph report`` end to end on the synthetic city: the whole report from a store, and
a street that is not one exits 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pbgraph.cli import cli


def test_report_command(loaded_city: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        cli, ["report", "--store", str(loaded_city), "--out", str(tmp_path / "r")]
    )
    assert r.exit_code == 0, r.output
    assert "Report:" in r.output and (tmp_path / "r" / "index.html").is_file()
    r = CliRunner().invoke(cli, ["report", "--store", str(loaded_city), "--out", str(tmp_path),
                                 "--street", "没有这个街道"])  # fmt: skip
    assert r.exit_code == 2 and "no single street" in r.output
