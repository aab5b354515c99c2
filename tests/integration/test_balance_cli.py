"""``pbgraph balance`` in a process of its own: bad input is one line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("planets",), "give instructors or pairings"),
        (("instructors", "--scope", "planet"), "scope"),
        (("instructors", "--max-changes", "-1"), "max-changes"),
        (("pairings", "--scope", "city"), "platform"),
        (("instructors", "--replan", "--max-changes", "2"), "keep-existing"),
        (("instructors", "--max-changes", "0"), "at least"),
        (("instructors", "--format", "xlsx"), "--out"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2(loaded_city: Path, args: tuple[str, ...], message: str) -> None:  # fmt: skip

    from pbgraph.cli import main

    del main
    env = {**os.environ, "PBGRAPH_LANG": "en"}  # the messages' English (Chinese: test_i18n.py)
    r = subprocess.run([sys.executable, "-m", "pbgraph", "balance", *args, "--store", str(loaded_city)],
                       capture_output=True, text=True, env=env)  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and message in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
