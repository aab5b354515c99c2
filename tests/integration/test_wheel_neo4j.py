"""An installed pbgraph, not the checkout, starts a local Neo4j (issue 16): ``pip install .``
into a fresh venv, then its ``pbgraph neo4j start`` run from another folder answers on Bolt,
``status`` sees it and ``stop`` stops it.

Kept cheap: the venv has no pip of its own and takes pbgraph's dependencies from the
environment running the tests (a ``.pth`` file naming its site-packages), so ``pip install
--no-deps`` installs pbgraph alone (built in pip's isolated build environment, as ``pip
install .`` builds it); and the installed launcher sources have the fingerprint of the
checkout's, so the launcher already built in the user's cache (``~/.cache/pbgraph``) is
reused, not rebuilt. No Neo4j is left running, whatever happens.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from pbgraph.stores import neo4j_local

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "wheel-test-123"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with pbgraph installed from a copy of the checkout (so that setuptools'
    build folders stay out of the checkout); its dependencies are this environment's."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "pbgraph", src / "pbgraph", ignore=shutil.ignore_patterns("__pycache__", "target")
    )
    venv = tmp_path_factory.mktemp("wheelvenv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    (Path(purelib) / "pbgraph-test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         "--disable-pip-version-check", str(src)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    return venv


def test_pbgraph_neo4j_start_works_from_an_installed_pbgraph(venv: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("NEO4J_")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / args[0]), *args[1:]],
            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    probe = run(
        "python", "-c",
        "import pbgraph; from pbgraph.stores.neo4j_local import build_dir\n"
        "print(pbgraph.__file__); print(build_dir())",
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    where, cache = probe.stdout.splitlines()
    assert where.startswith(str(venv)), where  # the installed copy, not the checkout
    assert cache == str(neo4j_local.build_dir())  # the launcher the checkout built is reused

    port, data = _free_port(), elsewhere / "neo4j"
    try:
        r = run("pbgraph", "neo4j", "start", "--port", str(port), "--data", "neo4j",
                "--password", PASSWORD)  # fmt: skip
        assert r.returncode == 0, r.stderr
        uri = r.stdout.strip()
        assert uri == f"bolt://127.0.0.1:{port}"
        r = run("pbgraph", "neo4j", "status", "--data", "neo4j")
        assert r.returncode == 0 and r.stdout.startswith(f"running {uri} (pid "), r.stdout

        import neo4j

        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", PASSWORD)) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS x")
        assert [rec.data() for rec in records] == [{"x": 1}]
    finally:
        stop = run("pbgraph", "neo4j", "stop", "--data", "neo4j")
        neo4j_local.kill(data_dir=data)  # whatever happened, no server is left behind
    assert stop.returncode == 0 and stop.stdout.strip() == "stopped", stop.stderr
    r = run("pbgraph", "neo4j", "status", "--data", "neo4j")
    assert r.returncode == 3 and r.stdout.strip() == "not running"
    site = Path(where).parent.parent
    assert not (site / "pbgraph" / "stores" / "launcher" / "target").exists()
