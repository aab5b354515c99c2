"""Shared fixtures: a small synthetic city, embedded stores, and a real Neo4j server when the
test command started one (``NEO4J_URI``); never a mock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import generate

if TYPE_CHECKING:
    from pbgraph.stores.neo4j import Neo4jStore


@pytest.fixture(scope="session", autouse=True)
def pseudonym_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The pseudonym key of this test session: a file of its own, never the user's key
    (the environment passes it on to the commands tests run as processes)."""
    home = tmp_path_factory.mktemp("config")
    path = home / "pbgraph" / "pseudonym.key"
    before = {k: os.environ.get(k) for k in ("PBGRAPH_KEY_FILE", "XDG_CONFIG_HOME")}
    os.environ["PBGRAPH_KEY_FILE"] = str(path)
    os.environ["XDG_CONFIG_HOME"] = str(home)  # the default, should a test drop the variable
    yield path
    for k, v in before.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Ledgers of a small synthetic city (generated once per test session)."""
    return generate(1500, tmp_path_factory.mktemp("city"), seed=7)


@pytest.fixture
def store(tmp_path: Path) -> EmbeddedStore:
    with EmbeddedStore(tmp_path / "store") as s:
        yield s


@pytest.fixture(scope="session")
def loaded_city(small_city: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the small city (read-only for tests)."""
    d = tmp_path_factory.mktemp("loaded")
    with EmbeddedStore(d / "store") as s:
        result = load_ledgers(small_city, s, quarantine_dir=d)
        assert not result.rejects
    return d / "store"


def require_neo4j() -> bool:
    """In CI (CI=true) or with REQUIRE_NEO4J=1, a missing Neo4j fails instead of skipping."""
    return (
        os.environ.get("CI", "").lower() in ("1", "true") or os.environ.get("REQUIRE_NEO4J") == "1"
    )


@pytest.fixture(scope="session")
def neo4j_auth() -> tuple[str, str]:
    """URI and password of the Neo4j server to test against; skips (fails in CI) without one."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        if require_neo4j():
            pytest.fail("NEO4J_URI is not set and CI requires Neo4j: run ./scripts/test.sh")
        pytest.skip("no Neo4j: set NEO4J_URI or run ./scripts/test.sh")
    return uri, os.environ.get("NEO4J_PASSWORD", "pbgraph-local")


@pytest.fixture
def neo(neo4j_auth: tuple[str, str]) -> Iterator[Neo4jStore]:
    """A Neo4j store on the test server, emptied before and after the test."""
    from pbgraph.stores.neo4j import Neo4jStore

    uri, password = neo4j_auth
    s = Neo4jStore(uri, password=password, database=os.environ.get("NEO4J_DATABASE"))
    s.clear()
    try:
        yield s
    finally:
        s.clear()
        s.close()
