"""The README and docs/ stay true: the README's Python example runs, the CLI reference is what
``scripts/cli_reference.py`` writes, every command and option is documented, the links lead
somewhere, and ``import pbgraph`` (the library's front door) stays cheap."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import click
import pytest

import pbgraph
from pbgraph.cli import cli

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
GUIDES = sorted((DOCS / "commands").glob("*.md"))


def cli_reference() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cli_reference", ROOT / "scripts" / "cli_reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def commands() -> list[tuple[str, click.Command]]:
    """Every command below the root, by its full name (``pbgraph key show``)."""
    return [(path, cmd) for path, cmd, _ in cli_reference().walk(cli) if path != "pbgraph"]


def doc_pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


# -- the README ---------------------------------------------------------------------------


def test_readme_is_short_and_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 10 * 1024
    assert "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/pbgraph demo" in text
    assert "./scripts/test.sh" in text  # CI runs the test command the README names
    assert "./scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def readme_python() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "the README has one Python example"
    return blocks[0]


def test_readme_python_example_runs(tmp_path: Path) -> None:
    """In a fresh interpreter in an empty folder (the key file: the session's, see conftest)."""
    (tmp_path / "example.py").write_text(readme_python(), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr


def test_readme_uses_the_front_door() -> None:
    code = readme_python()
    assert "import pbgraph\n" in code
    used = set(re.findall(r"\bpbgraph\.(\w+)", code))
    assert used and used <= set(pbgraph.__all__)


# -- links --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [README, *doc_pages()], ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_lead_somewhere(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text)
    for target in targets:
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = target.split("#", 1)[0]
        assert (page.parent / path).exists(), f"{page.name}: {target}"


def test_readme_links_into_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    for page in ("ledgers.md", "stores.md", "safety.md", "design.md", "performance.md",
                 "development.md", "cli.md", "commands/index.md"):  # fmt: skip
        assert f"docs/{page}" in text, page


def test_no_citation_of_missing_design_documents() -> None:
    """The domain rules are in docs/design.md; DOMAIN.md and DESIGN.md do not exist."""
    cited = []
    for folder in ("pbgraph", "tests", "benchmarks", "docs", "scripts"):
        for f in (ROOT / folder).rglob("*"):
            if f.suffix in {".py", ".md"} and f.name != "test_docs.py":
                text = f.read_text(encoding="utf-8")
                cited += [f"{f.relative_to(ROOT)}" for m in ("DOMAIN.md", "DESIGN.md") if m in text]
    assert cited == []


# -- the CLI reference --------------------------------------------------------------------


def test_cli_reference_is_up_to_date() -> None:
    current = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert current == cli_reference().render(), "run: python scripts/cli_reference.py"


def test_every_command_has_a_guide() -> None:
    guides = "\n".join(p.read_text(encoding="utf-8") for p in GUIDES)
    missing = [
        path for path, _ in commands() if f"`{path}" not in guides and f"{path} " not in guides
    ]
    assert missing == [], f"no guide in docs/commands/ mentions {missing}"


def test_every_option_is_documented() -> None:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in doc_pages())
    missing = []
    for path, cmd in commands():
        for param in cmd.params:
            for opt in [*param.opts, *getattr(param, "secondary_opts", [])]:
                if opt.startswith("--") and opt not in docs:
                    missing.append(f"{path} {opt}")
    assert missing == []


# -- the library's front door -------------------------------------------------------------


def test_import_pbgraph_is_cheap() -> None:
    probe = "import json, sys, pbgraph; print(json.dumps(sorted(sys.modules)))"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    heavy = ("networkx", "numpy", "matplotlib", "pyarrow", "pandas", "neo4j", "click")
    mods = json.loads(r.stdout)
    assert [m for m in mods if m.split(".")[0] in heavy] == []


def test_front_door_exports() -> None:
    assert set(pbgraph.__all__) == {"__version__", *pbgraph._EXPORTS}
    for name in pbgraph.__all__:
        assert getattr(pbgraph, name) is not None, name
    assert pbgraph.load is pbgraph.load_ledgers
    assert callable(pbgraph.coverage) and pbgraph.coverage.__module__.startswith("pbgraph.analyses")
    assert isinstance(pbgraph.__version__, str)
    with pytest.raises(AttributeError):
        _ = pbgraph.no_such_name  # type: ignore[attr-defined]


def test_py_typed_is_shipped() -> None:
    assert (ROOT / "pbgraph" / "py.typed").exists()
    assert "py.typed" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
