"""Every command's JSON output is byte-identical to the stored golden outputs (issue 16).

``scripts/golden.py --check`` makes the synthetic city and the office ledgers afresh, runs
every ``--format json`` command and variant on them and compares what they print with
``tests/golden/``. It runs as a process of its own (its own environment, key and working
folder). When a change of output is intended: ``python scripts/golden.py --write`` and say
so in the commit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_json_outputs_are_byte_identical_to_the_golden_ones() -> None:
    r = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "golden.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert r.returncode == 0, (
        f"JSON outputs differ from tests/golden/ (scripts/golden.py --check):\n"
        f"{r.stdout}\n{r.stderr}"
    )
