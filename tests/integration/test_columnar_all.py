"""Issue 17's promise, for every analysis at once and on both stores: its JSON through the
columnar path (``store.tables(**inputs(...))``, what the commands read) is byte for byte its
JSON through a networkx graph (``store.graph()``, what researchers pass) — on the synthetic
city and on office-kept ledgers, from the embedded store and from a real Neo4j server; and
the two stores agree with each other."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pbgraph.analyses import balance, coverage, demo_sites, funds, grouping, progress
from pbgraph.jsontext import json_bytes
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol
from tests.helpers import load_files

Run = Callable[[Any], Any]

#: name -> (the store.tables arguments, the analysis on a graph or tables)
ANALYSES: dict[str, tuple[dict[str, Any], Run]] = {
    "coverage-district": (coverage.inputs("district"), lambda g: coverage.coverage(g)),
    "coverage-street": (coverage.inputs("street"), lambda g: coverage.coverage(g, by="street")),
    "coverage-industry": (
        coverage.inputs("industry"),
        lambda g: coverage.coverage(g, by="industry", denominator="eligible"),
    ),
    "coverage-building": (
        coverage.inputs("building"),
        lambda g: coverage.coverage(g, by="building"),
    ),
    "balance-instructors": (
        balance.inputs("instructors"),
        lambda g: balance.balance_instructors(g, keep_existing=True),
    ),
    "balance-instructors-street": (
        balance.inputs("instructors"),
        lambda g: balance.balance_instructors(g, scope="street", capacity=2),
    ),
    "balance-pairings": (balance.inputs("pairings"), lambda g: balance.balance_pairings(g)),
    "group": (grouping.inputs(), lambda g: grouping.group(g)),
    "group-district-latent": (
        grouping.inputs(within="district", count_latent=True),
        lambda g: grouping.group(g, within="district", count_latent=True, include_empty=True),
    ),
    "progress": (progress.inputs(), lambda g: progress.progress(g, until="2018-07-31")),
    "funds": (funds.inputs(), lambda g: funds.funds(g, until="2018-07-31")),
    "demo-sites": (demo_sites.inputs(), lambda g: demo_sites.demo_sites(g)),
}


def _json(result: Any, lang: str) -> bytes:
    return json_bytes(result.to_dict(lang=lang))


def _outputs(store: Any) -> dict[str, bytes]:
    """Every analysis's JSON from ``store``, checked the same through tables and graph."""
    G = store.graph()
    out = {}
    for name, (args, run) in ANALYSES.items():
        lang = "en" if name.endswith("street") else "zh"
        through_graph = _json(run(G), lang)
        assert _json(run(store.tables(**args)), lang) == through_graph, name
        out[name] = through_graph
    return out


def _office(folder: Path) -> list[Path]:
    return [ol.lixia_csv(folder), ol.member_units_xlsx(folder)]


def test_every_analysis_the_same_on_the_embedded_store(loaded_city: Path, tmp_path: Path) -> None:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        _outputs(s)
    with EmbeddedStore(tmp_path / "office") as s:
        assert load_files(_office(tmp_path), s, tmp_path).rejects == []
        _outputs(s)


@pytest.mark.neo4j
def test_every_analysis_the_same_on_neo4j(
    neo: Any, loaded_city: Path, small_city: list[Path], tmp_path: Path
) -> None:
    from pbgraph.loaders.load import load_ledgers

    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    got = _outputs(neo)
    with EmbeddedStore(loaded_city, readonly=True) as s:
        assert got == _outputs(s)  # and the two stores agree
    neo.clear()
    office = tmp_path / "office"
    office.mkdir()
    assert load_files(_office(office), neo, office).rejects == []
    got = _outputs(neo)
    with EmbeddedStore(tmp_path / "office-store") as s:
        assert load_files(_office(office), s, office).rejects == []
        assert got == _outputs(s)
