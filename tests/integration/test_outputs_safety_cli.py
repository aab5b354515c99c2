"""A real full disk: pbgraph, each command a process of its own, writing every kind of
output to a filled 64 KB tmpfs (root only) exits 4 with one line and leaves nothing torn.
The in-process checks of the same promises are ``tests/unit/test_outputs_safety.py``."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.planted import assert_disk_error, full_disk_cases, leftovers, planted_city


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small city with planted names, loaded (twice, two snapshots) through the CLI."""
    return planted_city(tmp_path_factory)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``pbgraph ARGS`` in a fresh process (never a Neo4j server of the environment)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_STORE"))}
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", *args], capture_output=True, text=True, cwd=cwd, env=env
    )


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


def test_full_disk_tmpfs(city: dict[str, Any], tmp_path: Path) -> None:
    """A real full disk (a 64 KB tmpfs, filled): exit 4, one line naming the path, nothing
    but the filler left on the disk; an existing output stays as it was."""
    with full_tmpfs(tmp_path / "full") as full:
        for args, named in full_disk_cases(city, full):
            r = run(*args)
            assert_disk_error(r.returncode, r.stderr, named)
            assert leftovers(full) == ["filler", "old.csv"], args
        r = run("coverage", "--store", str(city["store"]), "--format", "csv", "--out",
                str(full / "old.csv"))  # fmt: skip
        assert_disk_error(r.returncode, r.stderr, f"{full}/old.csv")
        assert (full / "old.csv").read_text(encoding="utf-8") == "old\n"  # not a torn one
        assert leftovers(full) == ["filler", "old.csv"]
