"""Member-relation transfers and the service circle on a real Neo4j server (marked
``neo4j``): the hand-made office ledgers of tests/service_ledgers.py loaded into Neo4j give
the same cases, districts, plan, streets and projects as the embedded store, with the
exact results the unit tests state; the commands read Neo4j with ``--neo4j``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses import services as sv
from pbgraph.analyses import transfers as tr
from pbgraph.cli import cli
from pbgraph.keys import load_key, pseudonym
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.service_ledgers import base_ledgers, needs_csv, projects_xlsx, rid, transfers_xlsx


def _ledgers(folder: Path) -> list[Path]:
    return [*base_ledgers(folder), transfers_xlsx(folder), projects_xlsx(folder), needs_csv(folder)]


@pytest.mark.neo4j
def test_transfers_and_services_on_neo4j_as_embedded(
    neo: Any, neo4j_auth: tuple[str, str], tmp_path: Path
) -> None:
    paths = _ledgers(tmp_path / "ledgers")
    on_neo = load_ledgers(paths, neo, quarantine_dir=tmp_path)
    with EmbeddedStore(tmp_path / "store") as s:
        on_disk = load_ledgers(paths, s, quarantine_dir=tmp_path)
        t_disk, s_disk = tr.transfers(s.tables(**tr.inputs())), sv.services(s.tables(**sv.inputs()))
    assert sorted((r.file, r.row, r.column, r.rule) for r in on_neo.rejects) == sorted(
        (r.file, r.row, r.column, r.rule) for r in on_disk.rejects
    )
    assert len(on_neo.rejects) == 6
    t_neo = tr.transfers(neo.tables(**tr.inputs()))
    assert t_neo.to_dict() == t_disk.to_dict()
    cases = {c["name"]: c for c in t_neo.cases()}
    assert cases["张*"]["member"] == pseudonym(load_key().secret, "M", rid("张三"))
    assert (cases["张*"]["before"], cases["张*"]["after"]) == ("joint_candidate", "must_build")
    assert t_neo.totals()["pending"] == 4 and t_neo.totals()["reach_n"] == 2
    s_neo = sv.services(neo.tables(**sv.inputs()))
    assert s_neo.to_dict() == s_disk.to_dict()
    plan = {n["need"]: n["project"] for n in s_neo.needs()}
    assert plan == {"N1": "S1", "N2": "S1", "N3": "S4", "N4": None, "N5": None, "N6": "S2",
                    "N7": "S3", "N8": None, "N11": "S5"}  # fmt: skip
    assert {p["project"]: p["score"] for p in s_neo.projects()}["S3"] == 85.0

    uri, password = neo4j_auth
    neo_args = ["--neo4j", uri, "--neo4j-password", password]
    out = CliRunner().invoke(cli, ["services", *neo_args, "--show", "unmet", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["totals"]["unmet"] == 3
    out = CliRunner().invoke(cli, ["transfers", *neo_args, "--show", "districts"])
    assert out.exit_code == 0, out.output
    assert "历下区" in out.output and rid("张三") not in out.output
