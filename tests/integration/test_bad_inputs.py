"""Every hostile ledger of ``tests/badinputs`` through the real command line.

Each case of :func:`tests.badinputs.make_corpus.make_corpus` is loaded by
``python -m pbgraph load FILE --store DIR --quarantine DIR --format json`` in a fresh
process, on a fresh embedded store: the exit code, a part of the message (on stderr,
stdout or in the quarantine file), no traceback, the rows loaded and rejected (summed
over kinds, from the JSON summary) and, where the case says, organization names stored
exactly as written. No timing is asserted: the long-row cases must only finish (they are
linear; before, a 200 MB row ran for over 20 minutes).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pbgraph.stores.sqlite import EmbeddedStore
from tests.badinputs.make_corpus import Case, make_corpus

NAMES = [c.name for c in make_corpus(Path("corpus"), write=False)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {c.name: c for c in make_corpus(tmp_path_factory.mktemp("badinputs"))}


def _load(files: list[Path], tmp: Path) -> subprocess.CompletedProcess[str]:
    """``pbgraph load`` in a fresh process: no Neo4j, the key and config under ``tmp``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PBGRAPH_"))}
    env |= {"HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / "config"),
            "PBGRAPH_KEY_FILE": str(tmp / "config" / "pseudonym.key"),
            "PBGRAPH_LANG": "en"}  # the corpus's messages are the English halves  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", "load", *map(str, files), "--store",
         str(tmp / "store"), "--quarantine", str(tmp / "q"), "--format", "json"],
        capture_output=True, text=True, cwd=tmp, env=env, timeout=600,
    )  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_bad_input(name: str, corpus: dict[str, Case], tmp_path: Path) -> None:
    case = corpus[name]
    r = _load(case.files, tmp_path)
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    assert r.returncode == case.exit, (r.returncode, r.stderr[-3000:])
    quarantine = tmp_path / "q" / "quarantine.csv"
    said = r.stderr + r.stdout
    if quarantine.exists():
        said += quarantine.read_text(encoding="utf-8-sig")
    for part in [case.message, *case.more]:
        assert part in said, (part, said[-3000:])
    if case.exit == 2:  # one line that says what is wrong; nothing loaded
        # one line that is the error (load's progress lines, stderr not being a terminal, before it)
        errors = [
            x for x in r.stderr.strip().splitlines() if not x.startswith(("reading ", "loading "))
        ]
        assert len(errors) == 1 and errors[0].startswith("Error: "), r.stderr
        assert str(case.files[0]) in r.stderr
        return
    summary = json.loads(r.stdout)
    kinds = summary["kinds"].values()
    assert sum(k["loaded"] for k in kinds) == case.loaded
    assert sum(k["rejected"] for k in kinds) == case.rejected
    for k in kinds:  # every row read is accounted for
        assert k["read"] == k["loaded"] + k["merged"] + k["rejected"] + k["skipped"]
    assert quarantine.exists() == bool(case.rejected)
    if case.names:
        with EmbeddedStore(tmp_path / "store") as s:
            G = s.graph()
            stored = {d.get("name") for n, d in G.nodes(data=True) if n.startswith("Organization:")}
        assert set(case.names) <= stored, sorted(map(str, stored))


def test_nothing_is_written_where_a_name_points(corpus: dict[str, Case], tmp_path: Path) -> None:
    # a sheet named ../../x: the name is data in the quarantine, never a path
    case = corpus["sheet_named_traversal.xlsx"]
    r = _load(case.files, tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "q").iterdir()) == ["quarantine.csv"]
    for d in (tmp_path, tmp_path.parent, tmp_path.parent.parent, case.files[0].parent):
        assert not (d / "x").exists()
