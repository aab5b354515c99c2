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
    # a workbook per district, and the separate ledgers the combined one does not hold
    # (party organizations 02_, instructors 05_ and pairings 07_ are inline)
    separate = sorted(p.name[:3] for p in listed if not p.name.startswith("01_"))
    assert separate == ["03_", "04_", "06_", "08_", "09_", "10_", "11_", "21_", "22_", "23_",
                        "30_", "31_", "32_"]  # fmt: skip
    assert len(listed) == len(DISTRICTS) + len(separate)
