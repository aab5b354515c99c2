"""Leadership lines (issue 20): the hand-made ledgers of ``tests/lines_ledgers.py`` loaded
into the embedded store, and every figure of ``pbgraph lines`` worked out by hand (the same
ledgers on a real Neo4j: ``tests/integration/test_system_lines_neo4j.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses.lines import LinesResult, inputs, lines
from pbgraph.cli import cli
from pbgraph.loaders.load import LoadResult, load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.lines_ledgers import hand_ledgers, write_csv


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, LoadResult]:
    d = tmp_path_factory.mktemp("lines")
    files = hand_ledgers(d)
    with EmbeddedStore(d / "store") as s:
        r = load_ledgers(list(files.values()), s, quarantine_dir=d, key=d / "key")
    return d, r


@pytest.fixture(scope="module")
def result(loaded: tuple[Path, LoadResult]) -> LinesResult:
    with EmbeddedStore(loaded[0] / "store", readonly=True) as s:
        return lines(s.tables(**inputs()))


def check_lines(r: LinesResult) -> None:
    """What the hand-made ledgers say, on any store (shared with the Neo4j test)."""
    problems = {(p["id"], p["problem_code"]) for p in r.problems}
    assert problems == {("P4", "wrong_line"), ("P6", "no_superior"),
                        ("P8", "unknown_superior"), ("SD", "no_superior")}  # fmt: skip
    p4 = next(p for p in r.listing("problems") if p["id"] == "P4")
    assert (p4["line"], p4["superior"], p4["superior_line"]) == (
        "社会组织", "市非公有制经济组织党委", "非公")  # fmt: skip
    p8 = next(p for p in r.listing("problems", lang="en") if p["id"] == "P8")
    assert p8["superior"] == "舜耕街道党委" and "in neither" in p8["reason"]
    assert r.totals() == {"no_superior": 2, "unknown_superior": 1, "wrong_line": 1, "cycle": 0}
    sup = {s["id"]: s for s in r.superiors}
    # FG leads P2 (e2, 60) and P4 (s1, 4) directly, P3 (e3, 3) through P2
    assert {k: sup["FG"][k] for k in ("party_orgs", "branches", "orgs", "members",
                                      "total_party_orgs", "total_branches", "total_members")} \
        == {"party_orgs": 2, "branches": 1, "orgs": 2, "members": 64, "total_party_orgs": 3,
            "total_branches": 2, "total_members": 67}  # fmt: skip
    assert (sup["P2"]["party_orgs"], sup["P2"]["members"]) == (1, 3)
    # W: everything resolved under it: P1 5 + P2 60 + P3 3 + P4 4 + P5 3 + P7 1 = 76
    assert (sup["W"]["party_orgs"], sup["W"]["total_party_orgs"], sup["W"]["total_members"]) \
        == (0, 6, 76)  # fmt: skip
    assert (sup["LX"]["total_party_orgs"], sup["LX"]["total_members"]) == (2, 6)
    assert sup["SZ"]["host"] == "市民政局" and r.listing("superiors")[0]["id"] == "W"
    streets = {s["street"]: s for s in r.streets}
    keys = ("party_orgs", "attached", "orgs", "members", "uncovered", "must_build", "orphans",
            "load")  # fmt: skip
    assert {s: [streets[s][k] for k in keys] for s in streets} == {
        "泉城路街道": [1, 0, 1, 5, 2, 2, 0, 3],  # e9, e11 uncovered (4 and 3 formal)
        "大明湖街道": [1, 1, 2, 1, 1, 1, 1, 4],  # P7 attached (e6, e7); s3; P6 no superior
        "舜耕街道": [0, 0, 0, 0, 2, 1, 1, 3],  # s4 (5), e10 (2); P8's superior unknown
    }
    assert [u["unit_name"] for u in r.units] == ["市民政局", "市市场监管局", "市工商联"]
    assert r.units[1]["duty"] == "企业登记时同步采集党员信息"


def test_load_resolves_superiors_and_rejects_an_unknown_body(
    loaded: tuple[Path, LoadResult],
) -> None:
    d, r = loaded
    assert [(x.row, x.column, x.rule) for x in r.rejects] == [(6, "领导机构", "reference")]
    assert "不存在的工委" in r.rejects[0].message
    assert [n.message.split(" (")[0] for n in r.notices] == [
        "1 个党组织或领导机构的上级党组织不在台账中（P8: 舜耕街道党委）"
    ]
    # P1 by name, P3 by a party organization's id, P5 by name, P2/P4/P7 by id (P6: none,
    # P8: unknown); bodies: 6 of 8 (W is the top, SD names none)
    assert r.counts["LED_BY_PartyOrg_LeadingBody"] == 5
    assert r.counts["LED_BY_PartyOrg_PartyOrg"] == 1
    assert r.counts["UNDER_LeadingBody_LeadingBody"] == 6
    assert r.counts["SERVES_ON_CommitteeUnit_LeadingBody"] == 3
    assert (d / "quarantine.csv").read_text(encoding="utf-8-sig").count(
        "不存在的工委"
    ) == 3  # value, 原因, reason


def test_lines_as_worked_out_by_hand(result: LinesResult) -> None:
    check_lines(result)


def test_a_later_ledger_brings_the_missing_superior(tmp_path: Path) -> None:
    """P8 names 舜耕街道党委, in no ledger: a later leading-bodies ledger that has it
    resolves the superior; a party organization that names itself stays a problem."""
    files = hand_ledgers(tmp_path)
    with EmbeddedStore(tmp_path / "store") as s:
        load_ledgers(list(files.values()), s, quarantine_dir=tmp_path, key=tmp_path / "key")
        more = write_csv(tmp_path / "more.csv", [
            ["机构编号", "机构名称", "机构类别", "所属区县", "所属街道", "上级党组织"],
            ["SD2", "舜耕街道党委", "综合党委", "市中区", "舜耕街道", "SZQ"]])  # fmt: skip
        selfish = write_csv(tmp_path / "self.csv", [
            ["党组织编号", "党组织名称", "组建方式", "上级党组织"], ["P9", "自己", "单独组建", "P9"]])  # fmt: skip
        r = load_ledgers([more, selfish], s, quarantine_dir=tmp_path, key=tmp_path / "key")
        assert r.counts["LED_BY_PartyOrg_LeadingBody"] == 6
        res = lines(s.tables(**inputs()))
    codes = {(p["id"], p["problem_code"]) for p in res.problems}
    assert ("P8", "unknown_superior") not in codes and ("P9", "unknown_superior") in codes


def test_a_cycle_of_party_organizations(tmp_path: Path) -> None:
    pos = write_csv(tmp_path / "pos.csv", [
        ["党组织编号", "党组织名称", "组建方式", "上级党组织"],
        ["Q1", "甲党委", "单独组建", "Q2"], ["Q2", "乙党委", "单独组建", "甲党委"]])  # fmt: skip
    with EmbeddedStore(tmp_path / "store") as s:
        load_ledgers([pos], s, quarantine_dir=tmp_path, key=tmp_path / "key")
        res = lines(s.tables(**inputs()))
    assert sorted((p["id"], p["problem_code"]) for p in res.problems) == [
        ("Q1", "cycle"), ("Q2", "cycle")]  # fmt: skip


def _run(args: list[str]) -> Any:
    out = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return out.output


def test_cli_lines(loaded: tuple[Path, LoadResult], tmp_path: Path) -> None:
    store = str(loaded[0] / "store")
    text = _run(["lines", "--store", store])
    assert "上级条线不符" in text and "无上级党组织" in text
    data = json.loads(_run(["lines", "--store", store, "--format", "json", "--lang", "en"]))
    assert data["totals"]["wrong_line"] == 1 and data["problems"][0]["problem"]
    csv_text = _run(["lines", "--store", store, "--show", "streets", "--district", "市中区",
                     "--format", "csv"])  # fmt: skip
    assert csv_text.splitlines()[1].startswith("市中区,舜耕街道,舜耕街道综合党委,0,0,0,0,2,1,1,3,")
    out = tmp_path / "sup.xlsx"
    _run(["lines", "--store", store, "--show", "superiors", "--out", str(out)])
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws is not None and ws.title == "上级党组织负荷" and ws.max_row == 1 + 9
    units = _run(["lines", "--store", store, "--show", "units"])
    assert "承担市非公党委日常工作" in units


def test_the_synthetic_city_lines_and_registrations(tmp_path: Path) -> None:
    """generate: the work committee's 21 member units (the seed), a 党工委 per district and a
    综合党委 per street, superiors as drawn (a few missing, on the wrong line or in no
    ledger), about 6 % of organizations registered in the campaign's last year."""
    from pbgraph.analyses.newregs import inputs as newregs_inputs
    from pbgraph.analyses.newregs import newregs
    from pbgraph.synth import build_city, generate

    files = generate(3000, tmp_path / "city", seed=5)
    assert {"10_领导机构台账.xlsx", "11_两新工委委员单位台账.xlsx"} <= {p.name for p in files}
    city = build_city(3000, seed=5)
    with EmbeddedStore(tmp_path / "store") as s:
        r = load_ledgers(files, s, quarantine_dir=tmp_path, key=tmp_path / "key")
        assert r.rejects == []
        res = lines(s.tables(**inputs()))
        regs = newregs(s.tables(**newregs_inputs()), as_of="2018-07-31")
    assert len(res.units) == 21 and res.units[0]["unit_name"] == "市委组织部"
    bodies = {row["id"] for row in res.listing("superiors") if row["kind"] == "领导机构"}
    assert len(bodies) == 3 + len(city.districts) + len(city.streets)
    n_po = len(city.party_orgs)
    totals = res.totals()
    assert 0 < totals["no_superior"] + totals["unknown_superior"] <= 0.03 * n_po
    assert totals["cycle"] == 0
    top = next(row for row in res.superiors if row["id"] == "LT-W")
    assert top["total_party_orgs"] + totals["no_superior"] + totals["unknown_superior"] == n_po
    assert 0.04 <= regs.totals()["new"] / 3000 <= 0.08


def test_the_report_part(loaded: tuple[Path, LoadResult]) -> None:
    """The report's five sheets (the commands' tables) and its section of the page."""
    from types import SimpleNamespace

    from pbgraph.report import lines as part

    with EmbeddedStore(loaded[0] / "store", readonly=True) as s:
        t = s.tables(**part.inputs())
    sheets = part.sheets(t, "zh")
    assert [x.name for x in sheets] == ["隶属关系问题", "上级党组织负荷", "街道兜底",
                                        "新登记未建党组织", "新登记按登记机关"]  # fmt: skip
    assert len(sheets[0].rows) == 4 and sheets[4].percent == ("build_rate",)
    [(title, body)] = part.sections(SimpleNamespace(lang="zh", sheets=sheets))  # type: ignore[arg-type]
    assert title == "隶属关系与源头把控"
    assert "无上级党组织 2 个，上级不在台账中 1 个，上级条线不符 1 个" in body
    # as-of the latest registration (2018-06-15): e9 and s4 overdue, s3 pending
    assert "逾期未建 2 家（其中已走访 1 家），期限内未建 1 家" in body
    assert "<td class='name'>济南市行政审批服务局</td>" in body and ">—</td>" in body  # no rate
    assert "说明" not in body  # the streets' reasons stay in the workbook
    [(title_en, _)] = part.sections(
        SimpleNamespace(lang="en", sheets=part.sheets(t, "en"))  # type: ignore[arg-type]
    )
    assert title_en == "Leadership lines and new registrations"


def test_load_prints_a_notice_of_the_whole_load_without_a_row(tmp_path: Path) -> None:
    """The superiors found in no ledger are told at the end of the load, of no row: the
    line names no 第0行."""
    from click.testing import CliRunner

    from pbgraph.cli import cli

    files = hand_ledgers(tmp_path / "ledgers")
    args = ["--lang", "zh", "load", *map(str, files.values()), "--store", str(tmp_path / "s"),
            "--key-file", str(tmp_path / "key"), "--quarantine", str(tmp_path)]  # fmt: skip
    r = CliRunner().invoke(cli, args)
    notice = [x for x in r.output.splitlines() if "上级党组织不在台账中" in x]
    assert notice and notice[0].startswith("提示：上级党组织：1 个党组织"), r.output
    assert "第0行" not in r.output
