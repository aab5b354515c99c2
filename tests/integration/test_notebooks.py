"""The notebooks run, top to bottom, on the synthetic city (and are committed without outputs);
the network notebook also runs against the real Neo4j the test command starts. A notebook
fails on an error, and on any warning it prints (a missing CJK glyph above all)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))
NEO4J_NOTEBOOK = "02_network.ipynb"  # reads from Neo4j when NEO4J_URI is set
NEO4J_ENV = ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def run_notebook(path: Path, tmp_path: Path) -> list[str]:
    """Execute ``path`` in a fresh kernel (it inherits this process's environment); return
    the text it printed. Fails on an error and on any warning written to stderr."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit it without outputs"
    )
    assert all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs: list[Any] = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    stderr = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert "missing from font" not in stderr, stderr[:500]
    assert "Warning" not in stderr, stderr[:500]
    assert any("image/png" in o.get("data", {}) for o in outputs), "no chart was drawn"
    return [o.text for o in outputs if o.output_type == "stream" and o.name == "stdout"]


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 4
    assert NEO4J_NOTEBOOK in {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in NEO4J_ENV:  # the synthetic city in an embedded store
        monkeypatch.delenv(name, raising=False)
    printed = run_notebook(path, tmp_path)
    if path.name == NEO4J_NOTEBOOK:
        assert any("Read from a synthetic city" in t for t in printed), printed


@pytest.mark.neo4j
def test_network_notebook_reads_neo4j(
    neo: Any,
    neo4j_auth: tuple[str, str],
    small_city: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pbgraph.loaders.load import load_ledgers

    uri, password = neo4j_auth
    monkeypatch.setenv("NEO4J_PASSWORD", password)
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    printed = run_notebook(next(p for p in NOTEBOOKS if p.name == NEO4J_NOTEBOOK), tmp_path)
    assert any(f"Read from Neo4j at {uri}" in t for t in printed), printed
