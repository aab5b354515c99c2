"""Source control of new registrations (issue 20): the hand-made ledgers of
``tests/lines_ledgers.py`` (registration dates in a merged 登记情况 header, in three date
forms), every figure of ``pbgraph newregs`` worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.analyses.newregs import NewregsResult, inputs, newregs, registrar_of
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.lines_ledgers import AS_OF, C, hand_ledgers


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("newregs")
    with EmbeddedStore(d / "store") as s:
        load_ledgers(list(hand_ledgers(d).values()), s, quarantine_dir=d, key=d / "key")
    return d / "store"


def check_newregs(r: NewregsResult) -> None:
    """As-of 2018-07-31, 90 days, new since 2017-07-31 (shared with the Neo4j test)."""
    # new: e1, e9, s3, s4, e10 (e11 registered in 2016); eligible (>= 3 formal): e1, e9, s3,
    # s4; e1 has P1; e9 152 days (overdue 62), s4 202 days (overdue 112), s3 46 days
    assert [(o["credit_code"], o["state_code"], o["days"], o["overdue_days"]) for o in r.orgs] \
        == [(C["s4"], "overdue", 202, 112), (C["e9"], "overdue", 152, 62),
            (C["s3"], "pending", 46, 0)]  # fmt: skip
    s4, e9, s3 = r.orgs
    assert s4["last_visit"] is None  # its visit of 2017-12-01 came before it was registered
    assert e9["last_visit"] == "2018-05-10"
    assert (s4["registrar"][0], e9["registrar"][0], s3["registrar"][0]) == (
        "民政局", "市场监管局", "民政局")  # fmt: skip
    assert e9["reason"][0] == ("市场监管局登记152天，正式党员4名，仍未建立党组织（期限90天，"
                               "逾期62天）；2018-05-10已走访，跟进未结")  # fmt: skip
    assert s3["reason"][0].startswith("民政局登记46天") and "还有44天" in s3["reason"][0]
    summary = [(g["registrar"][0], g["district"], g["new"], g["eligible"], g["built"],
                g["pending"], g["overdue"], g["visited"]) for g in r.summary]  # fmt: skip
    assert summary == [
        ("市场监管局", "历下区", 2, 2, 1, 0, 1, 1),
        ("民政局", "历下区", 1, 1, 0, 1, 0, 0),
        ("民政局", "市中区", 1, 1, 0, 0, 1, 0),
        ("济南市行政审批服务局", "市中区", 1, 0, 0, 0, 0, 0),  # e10, as written
    ]
    assert r.totals() == {"new": 5, "eligible": 4, "built": 1, "pending": 1, "overdue": 2,
                          "visited": 1}  # fmt: skip


def test_newregs_as_worked_out_by_hand(store: Path) -> None:
    with EmbeddedStore(store, readonly=True) as s:
        t = s.tables(**inputs())
    check_newregs(newregs(t, as_of=AS_OF))
    # the default as-of is the latest registration (s3, 2018-06-15): s3 is 0 days old,
    # s4 156 days, e9 106 days
    r = newregs(t)
    assert r.params["as_of"] == "2018-06-15" and r.params["since"] == "2017-06-15"
    assert [(o["state_code"], o["days"]) for o in r.orgs] == [
        ("overdue", 156), ("overdue", 106), ("pending", 0)]  # fmt: skip
    # a longer deadline: e9 (152 days) is within 160; a narrower window leaves out s4
    assert [o["state_code"] for o in newregs(t, as_of=AS_OF, days_limit=160).orgs] == [
        "overdue", "pending", "pending"]  # fmt: skip
    assert C["s4"] not in {
        o["credit_code"] for o in newregs(t, as_of=AS_OF, since="2018-02-01").orgs
    }
    # four formal members needed: s3 (3) is no longer eligible
    assert C["s3"] not in {o["credit_code"] for o in newregs(t, as_of=AS_OF, min_members=4).orgs}
    with pytest.raises(ValueError, match="晚于"):
        newregs(t, as_of="2018-01-01", since="2018-02-01")


def test_registrar_words() -> None:
    assert registrar_of("济南市市场监督管理局", "social_org")[0] == "市场监管局"
    assert registrar_of("工商局", None)[0] == "市场监管局"
    assert registrar_of(None, "social_org") == ("民政局", "civil affairs bureau")
    assert registrar_of("", None)[0] == "未填登记机关"


def test_no_registration_dates_no_rows(tmp_path: Path) -> None:
    from tests.lines_ledgers import write_csv

    orgs = write_csv(tmp_path / "o.csv", [["统一社会信用代码", "单位名称", "所属区县", "所属街道", "正式党员"],
                                          [C["e1"], "甲", "历下区", "泉城路街道", 5]])  # fmt: skip
    with EmbeddedStore(tmp_path / "store") as s:
        load_ledgers([orgs], s, quarantine_dir=tmp_path, key=tmp_path / "key")
        r = newregs(s.tables(**inputs()))
    assert r.orgs == [] and r.summary == [] and r.params["as_of"] is None


def test_cli_newregs(store: Path) -> None:
    def run(*args: str) -> str:
        out = CliRunner().invoke(cli, ["newregs", "--store", str(store), "--as-of", AS_OF, *args])
        assert out.exit_code == 0, out.output
        return out.output

    text = run()
    assert "逾期未建" in text and "期限内未建" not in text
    assert "期限内未建" in run("--show", "open")
    data = json.loads(run("--format", "json", "--lang", "en"))
    assert data["totals"]["overdue"] == 2 and data["open"][0]["state"] == "overdue"
    assert run("--show", "summary", "--district", "市中区", "--format", "csv").splitlines()[1:3] == [
        "民政局,市中区,1,1,0,0,1,0,0.0", "济南市行政审批服务局,市中区,1,0,0,0,0,0,"]  # fmt: skip
    bad = CliRunner().invoke(cli, ["newregs", "--store", str(store), "--as-of", "2018-01-01",
                                   "--since", "2018-02-01"])  # fmt: skip
    assert bad.exit_code == 2 and "晚于" in bad.output
