"""Nothing leaks, nothing tears, end to end: on the planted city (``tests/planted.py``),
``export`` and ``report`` write no live formula and an export loads back with the planted
names; every kind of output (table, workbook, chart, export, report, quarantine, mapping)
on a full disk is one line and exit code 4 and leaves nothing torn — a real full disk (a
filled 64 KB tmpfs, root only, pbgraph in processes of its own) and ENOSPC injected — and
every output is owner-only. The checks of single commands and of the outputs module are
``tests/unit/test_outputs_safety.py``."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli
from pbgraph.stores.sqlite import EmbeddedStore
from tests.planted import (
    HYPERLINK,
    PLANTED_ORGS,
    PLANTED_PARTY_ORGS,
    csv_cells,
    formula_cells,
    invoke,
    planted_city,
    risky,
    xlsx_texts,
)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small city with planted names, loaded (twice, two snapshots) through the CLI."""
    return planted_city(tmp_path_factory)


# -- helpers ------------------------------------------------------------------------------


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``pbgraph ARGS`` in a fresh process (never a Neo4j server of the environment)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_STORE"))}
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


# -- (a) no live formulas -----------------------------------------------------------------


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


# -- (b) a full disk ----------------------------------------------------------------------


def _leftovers(d: Path) -> list[str]:
    """Files left under ``d``: temporary files, empty or partial targets."""
    return sorted(str(p.relative_to(d)) for p in d.rglob("*") if p.is_file())


@contextlib.contextmanager
def full_tmpfs(d: Path) -> Iterator[Path]:
    """A 64 KB tmpfs at ``d`` holding ``old.csv`` (an earlier output), then filled up
    (root only; skips where mount is not allowed)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    d.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(d)],
                       capture_output=True, text=True)  # fmt: skip
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {r.stderr.strip()}")
    try:
        (d / "old.csv").write_text("old\n", encoding="utf-8")
        with open(d / "filler", "wb") as f:
            with contextlib.suppress(OSError):
                while True:
                    f.write(b"x" * 4096)
                    f.flush()
            with contextlib.suppress(OSError):
                f.close()
        yield d
    finally:
        subprocess.run(["umount", str(d)], check=True)


def _full_disk_cases(city: dict[str, Any], full: Path) -> list[tuple[list[str], str]]:
    """``(command, the path its error names)`` for every kind of output."""
    store = ["--store", str(city["store"])]
    ledgers = [str(p) for p in city["ledgers"]]
    return [
        (["coverage", *store, "--by", "street", "--format", "csv", "--out", f"{full}/cov.csv"],
         f"{full}/cov.csv"),
        (["coverage", *store, "--format", "xlsx", "--out", f"{full}/cov.xlsx"], f"{full}/cov.xlsx"),
        (["funds", *store, "--out", f"{full}/funds.txt"], f"{full}/funds.txt"),
        (["progress", *store, "--chart", f"{full}/p.png"], f"{full}/p.png"),
        (["export", *store, "--out", f"{full}/exported"], f"{full}/exported"),
        (["report", *store, "--out", f"{full}/report"], f"{full}/report"),
        (["load", *ledgers, "--store", str(full.parent / "store2"), "--quarantine", str(full)],
         f"{full}/quarantine.csv"),
        (["inspect", ledgers[0], "--write-mapping", f"{full}/m.toml"], f"{full}/m.toml"),
    ]  # fmt: skip


def _assert_disk_error(code: int, stderr: str, named: str) -> None:
    assert code == 4, stderr
    assert "Traceback" not in stderr
    # load's progress lines (stderr is not a terminal) come before its one error line
    lines = [x for x in stderr.strip().splitlines() if not x.startswith(("读取 ", "导入 "))]
    assert len(lines) == 1, stderr
    assert named in lines[0] and "磁盘空间已满" in lines[0], lines[0]  # Chinese by default


def test_full_disk_tmpfs(city: dict[str, Any], tmp_path: Path) -> None:
    """A real full disk (a 64 KB tmpfs, filled): exit 4, one line naming the path, nothing
    but the filler left on the disk; an existing output stays as it was."""
    with full_tmpfs(tmp_path / "full") as full:
        for args, named in _full_disk_cases(city, full):
            r = run(*args)
            _assert_disk_error(r.returncode, r.stderr, named)
            assert _leftovers(full) == ["filler", "old.csv"], args
        r = run("coverage", "--store", str(city["store"]), "--format", "csv", "--out",
                str(full / "old.csv"))  # fmt: skip
        _assert_disk_error(r.returncode, r.stderr, f"{full}/old.csv")
        assert (full / "old.csv").read_text(encoding="utf-8") == "old\n"  # not a torn one
        assert _leftovers(full) == ["filler", "old.csv"]


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

    cases = _full_disk_cases(city, full)
    with monkeypatch.context() as m:
        m.setattr(os, fault, enospc)
        for args, named in cases:
            r = CliRunner().invoke(cli, args)
            _assert_disk_error(r.exit_code, r.stderr, named)
            assert _leftovers(full) == ["cov.csv"], args
    assert old.read_text(encoding="utf-8") == "old\n"  # never replaced by a torn file


# -- (c) owner only -----------------------------------------------------------------------


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
