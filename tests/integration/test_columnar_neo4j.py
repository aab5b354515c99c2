"""The columnar projection on a real Neo4j server (marked ``neo4j``): coverage through
``Neo4jStore.tables`` gives byte-identical JSON to coverage of its graph and of the
embedded store, on the small synthetic city and on an office ledger. (Embedded:
``tests/unit/test_columnar.py``.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pbgraph.analyses.coverage import BY, coverage, inputs
from pbgraph.errors import StoreError
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol


def _json(x: Any, **kw: Any) -> str:
    return json.dumps(coverage(x, **kw).to_dict(), ensure_ascii=False, indent=2)


@pytest.mark.neo4j
def test_coverage_same_on_neo4j(neo: Any, small_city: list[Path], loaded_city: Path,
                                tmp_path: Path) -> None:  # fmt: skip
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    G = neo.graph()
    with EmbeddedStore(loaded_city, readonly=True) as s:
        embedded = {by: _json(s.tables(**inputs(by)), by=by) for by in BY}
    for by in BY:
        got = _json(neo.tables(**inputs(by)), by=by)
        assert got == _json(G, by=by) == embedded[by]
    with pytest.raises(StoreError, match="NOPE"):
        neo.tables(rels=["NOPE"])


@pytest.mark.neo4j
def test_coverage_same_on_neo4j_office_ledger(neo: Any, tmp_path: Path) -> None:
    files = [ol.lixia_csv(tmp_path), ol.member_units_xlsx(tmp_path)]
    assert load_ledgers(files, neo, quarantine_dir=tmp_path).rejects == []
    G = neo.graph()
    for by in BY:
        assert _json(neo.tables(**inputs(by)), by=by) == _json(G, by=by)
