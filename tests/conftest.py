"""Shared fixtures. Neo4j fixtures live in ``test_neo4j_store.py``'s own conftest section."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pbgraph.graphmodel.store import EmbeddedStore
from pbgraph.loaders.load import load_ledgers
from pbgraph.synth import generate


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
