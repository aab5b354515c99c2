"""The analyses on a real Neo4j server (marked ``neo4j``): write-back of the balance and
grouping plans, combined ledgers, coverage snapshots and the report read from Neo4j agree
with the embedded store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses.balance import balance_instructors, balance_pairings
from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.grouping import group
from pbgraph.analyses.snapshots import compare_stored, read_snapshot
from pbgraph.cli import cli
from pbgraph.keys import load_key
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol
from tests.helpers import check_truth, group_cli, load_files, sheet_rows
from tests.progress_ledgers import check_story, hand_ledgers, snapshot_story


@pytest.mark.neo4j
def test_balance_write_back_to_neo4j(neo: Any, small_city: list[Path], tmp_path: Path) -> None:
    from pbgraph.graphmodel.results import write_plan
    from pbgraph.loaders.load import load_ledgers

    s = neo
    load_ledgers(small_city, s, quarantine_dir=tmp_path)
    G = s.graph()
    r = balance_instructors(G)
    write_plan(s, r)
    run = write_plan(s, r)  # replaces the first run
    got = s.results("balance-instructors")
    assert {x["run"] for x in got} == {run}
    expected = sorted((a["key"], a["supplier"], a["status"] == "kept") for a in r.assignments())
    assert sorted((x["end"], x["instructor"], x["kept"]) for x in got) == expected
    write_plan(s, balance_pairings(G))
    assert s.results("balance-pairings") and len(s.results("balance-instructors")) == len(got)
    # the ledger graph read back is unchanged by the results
    assert s.graph().number_of_edges() == G.number_of_edges()


@pytest.mark.neo4j
def test_grouping_write_back_to_neo4j(
    neo: Any, neo4j_auth: tuple[str, str], small_city: list[Path], tmp_path: Path
) -> None:
    from pbgraph.loaders.load import load_ledgers

    uri, password = neo4j_auth
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    for _ in range(2):
        r = group_cli(
            "--neo4j", uri, "--neo4j-password", password, "--write-back", "--format", "json"
        )
        assert r.exit_code == 0, r.output
    results = [x for x in neo.results("group") if x["type"] == "PROPOSES"]
    assert len({x["run"] for x in results}) == 1
    expected = group(neo.graph()).findings()
    assert sorted((x["end"], x["group_id"], x["group_name"]) for x in results) == sorted(
        (x["end"], x["group_id"], x["group_name"]) for x in expected
    )
    assert "AnalysisRun" not in {d["label"] for _, d in neo.graph().nodes(data=True)}


@pytest.mark.neo4j
def test_snapshots_on_neo4j_agree_with_the_embedded_store(neo: object, tmp_path: Path) -> None:
    files = hand_ledgers(tmp_path)
    snapshot_story(neo, tmp_path, files)
    diff = compare_stored(neo, "2018-06-30", "2018-07-31", neo.graph())  # type: ignore[attr-defined]
    check_story(diff.changes, diff.counts())
    assert len(read_snapshot(neo, "2018-07-31")) == 13  # replaced, not doubled
    with EmbeddedStore(tmp_path / "emb") as s:
        snapshot_story(s, tmp_path, files)
        assert (
            compare_stored(s, "2018-06-30", "2018-07-31").changes
            == compare_stored(neo, "2018-06-30", "2018-07-31").changes
        )


@pytest.mark.neo4j
def test_report_from_neo4j(
    neo: Any, neo4j_auth: tuple[str, str], small_city: list[Path], tmp_path: Path
) -> None:
    from pbgraph.loaders.load import load_ledgers

    uri, password = neo4j_auth
    load_ledgers(small_city, neo, quarantine_dir=tmp_path)
    r = CliRunner().invoke(cli, ["report", "--neo4j", uri, "--neo4j-password", password,
                                 "--out", str(tmp_path / "r")])  # fmt: skip
    assert r.exit_code == 0, r.output
    sheets = sheet_rows(tmp_path / "r" / "pbgraph_report.xlsx")
    assert sheets["区县覆盖情况"][-1][1] == 1500  # 合计: every organization
    assert len(sheets["工作进度"]) > 1


@pytest.mark.neo4j
def test_combined_ledger_on_neo4j(tmp_path: Path, neo: Any) -> None:
    files = [ol.lixia_xlsx(tmp_path), ol.member_units_xlsx(tmp_path)]
    r = load_files(files, neo, tmp_path)
    assert r.rejects == []
    check_truth(neo.graph(), ol.TRUTH["lixia"], load_key().secret)
    with EmbeddedStore(tmp_path / "e") as e:
        load_files(files, e, tmp_path)
        assert {k: v for k, v in e.counts().items() if v} == {
            k: v for k, v in neo.counts().items() if v
        }
        assert coverage(e.graph()).totals() == coverage(neo.graph()).totals()
