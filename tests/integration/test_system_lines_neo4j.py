"""Leadership lines and new registrations (issue 20) on a real Neo4j server (marked
``neo4j``): the hand-made ledgers of ``tests/lines_ledgers.py`` loaded into Neo4j give
the figures worked out by hand (the same checks as the embedded store's tests), the
superiors resolve there too, and the commands read them with ``--neo4j``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses.lines import inputs as lines_inputs
from pbgraph.analyses.lines import lines
from pbgraph.analyses.newregs import inputs as newregs_inputs
from pbgraph.analyses.newregs import newregs
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.lines_ledgers import AS_OF, hand_ledgers
from tests.unit.test_lines import check_lines
from tests.unit.test_newregs import check_newregs


@pytest.mark.neo4j
def test_lines_and_newregs_on_neo4j(neo: Any, tmp_path: Path) -> None:
    files = list(hand_ledgers(tmp_path).values())
    r = load_ledgers(files, neo, quarantine_dir=tmp_path)
    assert [(x.row, x.column) for x in r.rejects] == [(6, "领导机构")]
    assert r.counts["LED_BY_PartyOrg_LeadingBody"] == 5
    assert r.counts["LED_BY_PartyOrg_PartyOrg"] == 1
    assert r.counts["UNDER_LeadingBody_LeadingBody"] == 6
    on_neo = lines(neo.tables(**lines_inputs()))
    check_lines(on_neo)
    check_newregs(newregs(neo.tables(**newregs_inputs()), as_of=AS_OF))
    # the same rows as the embedded store's, in every view
    with EmbeddedStore(tmp_path / "emb") as s:
        load_ledgers(files, s, quarantine_dir=tmp_path / "q")
        on_disk = lines(s.tables(**lines_inputs()))
    assert on_neo.to_dict() == on_disk.to_dict()
    # loading the party organizations again changes nothing (LED_BY is single)
    load_ledgers([tmp_path / "pos.csv"], neo, quarantine_dir=tmp_path)
    assert neo.counts()["LED_BY_PartyOrg_LeadingBody"] == 5


@pytest.mark.neo4j
def test_lines_and_newregs_commands_on_neo4j(
    neo: Any, neo4j_auth: tuple[str, str], tmp_path: Path
) -> None:
    load_ledgers(list(hand_ledgers(tmp_path).values()), neo, quarantine_dir=tmp_path)
    uri, password = neo4j_auth
    where = ["--neo4j", uri, "--neo4j-password", password]
    out = CliRunner().invoke(cli, ["lines", *where, "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["totals"] == {
        "no_superior": 2, "unknown_superior": 1, "wrong_line": 1, "cycle": 0}  # fmt: skip
    out = CliRunner().invoke(cli, ["newregs", *where, "--as-of", AS_OF, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [o["state"] for o in data["open"]] == ["逾期未建", "逾期未建", "期限内未建"]
