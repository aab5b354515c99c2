"""Public-welfare accounts, awards and training reach (issue 20) on a real Neo4j server
(marked ``neo4j``): the hand-made ledgers of ``tests/welfare_ledgers.py`` loaded into Neo4j
quarantine the same rows and give the same accounts, rankings, candidates, honours and
reach as the embedded store (whose exact figures ``tests/unit/test_welfare.py`` and
``test_training.py`` check); persons reach Neo4j as pseudonyms with masked names; the
commands read them with ``--neo4j``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses import training, welfare
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests import welfare_ledgers as W


@pytest.mark.neo4j
def test_welfare_and_training_on_neo4j(neo: Any, tmp_path: Path) -> None:
    files = W.all_ledgers(tmp_path / "in")
    r = load_ledgers(files, neo, quarantine_dir=tmp_path)
    assert {(Path(x.file).name, x.row) for x in r.rejects} == {
        ("出彩型表彰名单.xlsx", 7), ("公益账户台账.xlsx", 13), ("公益账户台账.xlsx", 14),
        ("培训观摩签到表.xlsx", 14), ("培训观摩签到表.xlsx", 15)}  # fmt: skip
    counts = neo.counts()
    assert (counts["WelfareActivity"], counts["Training"], counts["Person"], counts["Award"]) == (
        8, 3, 9, 2)  # fmt: skip
    assert counts["ATTENDED_Person_Training"] == 9
    assert counts["SECRETARY_OF_Person_PartyOrg"] == 4  # 张伟, 王强, 孙丽 and 李娜 (honoured)
    with EmbeddedStore(tmp_path / "emb") as s:
        load_ledgers(files, s, quarantine_dir=tmp_path / "q")
        on_disk_w = welfare.welfare(s.tables(**welfare.inputs()))
        on_disk_t = training.reach(s.tables(**training.inputs()))
    on_neo_w = welfare.welfare(neo.tables(**welfare.inputs()))
    on_neo_t = training.reach(neo.tables(**training.inputs()))
    assert on_neo_w.to_dict() == on_disk_w.to_dict()
    assert on_neo_t.to_dict() == on_disk_t.to_dict()
    for show in ("secretaries", "leaders"):
        assert on_neo_t.listing(show) == on_disk_t.listing(show)
    assert [c["id"] for c in on_neo_w.candidates] == ["P1", "P4"]
    assert on_neo_t.totals["secretaries_unreached"] == 2
    names = dict(neo.key_values("Person", "name_masked"))
    assert all(k.startswith("P-") for k in names) and "张*" in names.values()
    assert all(v[1:] == "*" * (len(v) - 1) for v in names.values())  # 张*, 孙**
    # loading the sign-in sheet again adds nothing (persons and sessions merge)
    load_ledgers([files[-1]], neo, quarantine_dir=tmp_path)
    assert neo.counts()["ATTENDED_Person_Training"] == 9


@pytest.mark.neo4j
def test_welfare_and_training_commands_on_neo4j(
    neo: Any, neo4j_auth: tuple[str, str], tmp_path: Path
) -> None:
    load_ledgers(W.all_ledgers(tmp_path / "in"), neo, quarantine_dir=tmp_path)
    uri, password = neo4j_auth
    where = ["--neo4j", uri, "--neo4j-password", password]
    out = CliRunner().invoke(cli, ["welfare", *where, "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [d["district"] for d in data["districts"]] == ["历下区", "市中区"]
    assert data["totals"]["hours"] == 476.0
    out = CliRunner().invoke(cli, ["training", *where, "--show", "secretaries", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert [p["id"] for p in json.loads(out.output)["secretaries"]] == ["P3", "P2"]
