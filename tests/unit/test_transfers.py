"""Member-relation transfers (组织关系转接, 定期回访) on hand-made office ledgers
(tests/service_ledgers.py): the load, its quarantine, the cases, the districts and what each
transfer changes in coverage, in the embedded store and through ``pbgraph transfers``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.transfers import apply_transfers, inputs, transfers
from pbgraph.cli import cli
from pbgraph.keys import load_key, pseudonym
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.service_ledgers import base_ledgers, code, rid, transfers_xlsx


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    d = tmp_path_factory.mktemp("transfers")
    paths = [*base_ledgers(d), transfers_xlsx(d)]
    with EmbeddedStore(d / "store") as s:
        result = load_ledgers(paths, s, quarantine_dir=d)
    return d / "store", result.rejects


def _by_name(store: Path) -> dict[str, dict]:
    with EmbeddedStore(store) as s:
        r = transfers(s.tables(**inputs()))
    return {c["name"]: c for c in r.cases()}


def test_bad_rows_are_quarantined_with_row_column_and_reason(loaded: tuple[Path, list]) -> None:
    rejects = sorted((r.row, r.column, r.rule) for r in loaded[1])
    # rows 4.. are the data (title, two header rows); the three bad rows are 11, 12, 13
    assert rejects == [(11, "公民身份号码", "value"), (12, "公民身份号码", "reference"),
                       (13, "是否愿意转接", "value")]  # fmt: skip
    assert all("*" in r.value for r in loaded[1] if r.column == "公民身份号码")


def test_members_join_by_the_same_pseudonym(loaded: tuple[Path, list]) -> None:
    secret = load_key().secret
    cases = _by_name(loaded[0])
    assert cases["张*"]["member"] == pseudonym(secret, "M", rid("张三"))
    with EmbeddedStore(loaded[0]) as s:
        t = s.tables(labels=["Transfer", "Member"], rels=["OF_Transfer_Member"])
        assert t.rel_table("OF_Transfer_Member")[0] == t.rel_table("OF_Transfer_Member")[1]
        assert not any(rid(n) in str(k) for k in t.keys("Transfer") for n in ("张三", "李四"))


def test_cases_states_follow_ups_and_effects(loaded: tuple[Path, list]) -> None:
    c = _by_name(loaded[0])
    assert {n: c[n]["state"] for n in c} == {
        "张*": "pending", "李*": "pending", "王*": "unwilling", "赵*": "pending",
        "钱*": "pending", "周*": "done", "吴*": "unknown",
    }  # fmt: skip
    assert {n for n in c if c[n]["overdue"]} == {"李*", "钱*"}
    assert c["李*"]["to_code"] == code("甲")  # no 转入单位: the employer
    assert (c["张*"]["before"], c["张*"]["after"]) == ("joint_candidate", "must_build")
    assert (c["赵*"]["before"], c["赵*"]["after"]) == ("joint_candidate", "must_build")
    assert (c["王*"]["before"], c["王*"]["after"]) == ("joint_candidate", "joint_candidate")
    assert c["吴*"]["district"] == "市中区" and c["吴*"]["street"] == "大观园街道"  # its org's
    assert c["张*"]["reason"] == (
        "转入后济南甲科技有限公司正式党员2→4名，由“联合组建对象”变为“应建未建”"
    )
    assert c["李*"]["reason"].endswith("；登记148天来从未回访（应每90天回访一次）")
    assert c["钱*"]["reason"].endswith("；已121天未回访（应每90天回访一次）")
    assert c["赵*"]["reason"] == "预备党员，转入后不计入济南戊餐饮有限公司的正式党员"
    assert c["周*"]["reason"] == "已于2018-07-31转入济南乙商贸有限公司"


def test_districts(loaded: tuple[Path, list]) -> None:
    with EmbeddedStore(loaded[0]) as s:
        r = transfers(s.tables(**inputs()))
    rows = {d["district"]: d for d in r.districts()}
    assert r.as_of is not None and r.as_of.isoformat() == "2018-07-31"
    assert rows["历下区"] == {"district": "历下区", "cases": 4, "willing": 3, "pending": 2,
                             "done": 1, "unwilling": 1, "unknown": 0, "overdue": 1,
                             "formal_added": 2, "orgs_changed": 1, "reach_n": 1}  # fmt: skip
    assert rows["市中区"]["pending"] == 2 and rows["市中区"]["unknown"] == 1
    assert rows["市中区"]["formal_added"] == 1 and rows["市中区"]["reach_n"] == 1
    assert rows["合计"]["cases"] == 7 and rows["合计"]["orgs_changed"] == 2
    later = transfers(s_tables(loaded[0]), as_of="2018-09-30", visit_days=60)
    assert {c["name"] for c in later.cases(state="overdue")} == {"张*", "李*", "王*", "赵*",
                                                                  "钱*", "吴*"}  # fmt: skip


def s_tables(store: Path):  # noqa: ANN201
    with EmbeddedStore(store) as s:
        return s.tables(**inputs())


def test_the_copy_changes_coverage_and_leaves_the_ledger_alone(loaded: tuple[Path, list]) -> None:
    t = s_tables(loaded[0])
    before = coverage(t)
    j = before.keys.index(code("甲"))
    members = np.array([t.index("Member")[pseudonym(load_key().secret, "M", rid("张三"))]])
    copy = apply_transfers(t, members, np.array([j]))
    after = coverage(copy)
    assert int(after.formal[j]) == int(before.formal[j]) + 1 == 3
    assert {x["credit_code"] for x in before.flags["latent"]} >= {code("甲")}
    assert int(coverage(t).formal[j]) == 2  # the ledger's own columns are unchanged


def test_cli_tables_and_json(loaded: tuple[Path, list]) -> None:
    run = CliRunner().invoke
    out = run(cli, ["transfers", "--store", str(loaded[0]), "--show", "districts"])
    assert out.exit_code == 0, out.output
    assert "历下区" in out.output and "待转入" in out.output
    out = run(cli, ["transfers", "--store", str(loaded[0]), "--state", "overdue",
                    "--format", "json"])  # fmt: skip
    data = json.loads(out.output)
    assert {c["name"] for c in data["cases"]} == {"李*", "钱*"}
    assert data["totals"]["pending"] == 4
    assert rid("李四") not in out.output
    out = run(cli, ["transfers", "--store", str(loaded[0]), "--lang", "en", "--district", "市中区"])
    assert "talent centre" in out.output and "历下区" not in out.output
    out = run(cli, ["transfers", "--store", str(loaded[0]), "--visit-days", "0"])
    assert out.exit_code == 2
