"""The columnar projection on a real Neo4j server (marked ``neo4j``): coverage through
``Neo4jStore.tables`` gives byte-identical JSON to coverage of its graph and of the
embedded store, on the small synthetic city and on an office ledger; the tables
themselves are the embedded store's, row for row in the same order. (Embedded:
``tests/unit/test_columnar.py``.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pbgraph.analyses.coverage import BY, coverage, inputs
from pbgraph.errors import StoreError
from pbgraph.graphmodel.schema import NODES, RELS
from pbgraph.graphmodel.tables import Tables
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol


def _json(x: Any, **kw: Any) -> str:
    return json.dumps(coverage(x, **kw).to_dict(), ensure_ascii=False, indent=2)


def _rows(t: Tables) -> dict[str, Any]:
    """Every key, column (typed by the schema) and relationship pair of ``t``, in order."""
    out: dict[str, Any] = {}
    for label, n in NODES.items():
        out[label] = t.keys(label)
        for p in n.prop_names:
            if p == n.key:  # the keys above
                continue
            col = t.column(label, p)
            out[f"{label}.{p}"] = col if isinstance(col, list) else col.tolist()
    for r in RELS:
        out[r.name] = t.rel_table(r.name)
    return out


@pytest.mark.neo4j
def test_coverage_same_on_neo4j(neo: Any, small_city: list[Path], loaded_city: Path,
                                tmp_path: Path) -> None:  # fmt: skip
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    G = neo.graph()
    with EmbeddedStore(loaded_city, readonly=True) as s:
        embedded = {by: _json(s.tables(**inputs(by)), by=by) for by in BY}
        every = _rows(s.tables())
    for by in BY:
        got = _json(neo.tables(**inputs(by)), by=by)
        assert got == _json(G, by=by) == embedded[by]
    got_rows = _rows(neo.tables())
    assert got_rows.keys() == every.keys()
    for name, values in every.items():  # the same rows in the same order: name by name
        assert got_rows[name] == values, name
    assert len(every["COVERS_PartyOrg_Organization"][0]) > 0
    part = neo.tables(labels=["Region"], rels=["COVERS_PartyOrg_Organization"],
                      props={"Region": ["name"]})  # fmt: skip
    assert set(part.nodes) == {"Region", "PartyOrg", "Organization"}
    assert part.columns["PartyOrg"] == {} and set(part.columns["Region"]) == {"name"}
    with pytest.raises(KeyError):
        part.column("Region", "level")  # not asked for: not read
    with pytest.raises(StoreError, match="NOPE"):
        neo.tables(rels=["NOPE"])


@pytest.mark.neo4j
def test_coverage_same_on_neo4j_office_ledger(neo: Any, tmp_path: Path) -> None:
    files = [ol.lixia_csv(tmp_path), ol.member_units_xlsx(tmp_path)]
    assert load_ledgers(files, neo, quarantine_dir=tmp_path).rejects == []
    G = neo.graph()
    for by in BY:
        assert _json(neo.tables(**inputs(by)), by=by) == _json(G, by=by)
