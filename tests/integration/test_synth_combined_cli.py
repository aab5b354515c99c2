"""``pbgraph generate --layout combined`` in a process of its own: it lists the files it
wrote, a workbook per district and the separate ledgers the combined one does not hold."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pbgraph.synth import DISTRICTS


def test_cli_generate_combined(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_"))}
    out = tmp_path / "offices"
    r = subprocess.run(
        [sys.executable, "-m", "pbgraph", "-q", "generate", "--orgs", "2000",
         "--layout", "combined", "--out", str(out)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    listed = [Path(line) for line in r.stdout.splitlines()]
    assert sorted(p.name for p in listed) == sorted(p.name for p in out.iterdir())
    assert len(listed) == len(DISTRICTS) + 5
    assert not any(p.name.startswith(("02_", "05_", "07_")) for p in listed)
