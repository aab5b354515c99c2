"""pbgraph welfare on the hand-made ledgers (tests/welfare_ledgers.py): the welfare, awards
and training kinds loaded with their bad rows quarantined, the district accounts, rankings,
出彩型 candidates and the honours against them exactly; personal data never stored or shown
in clear; the command's table, CSV, JSON and XLSX."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses.welfare import inputs, welfare
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore

from .. import welfare_ledgers as W


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    d = tmp_path_factory.mktemp("welfare")
    files = W.all_ledgers(d / "in")
    with EmbeddedStore(d / "store") as s:
        result = load_ledgers(files, s, quarantine_dir=d)
    return d / "store", result


def _run(store: Path, *args: str) -> str:
    out = CliRunner().invoke(cli, [*args, "--store", str(store)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return out.output


def test_the_bad_rows_are_quarantined_with_their_reason(loaded: tuple[Path, Any]) -> None:
    _, result = loaded
    mine = {(Path(r.file).name, r.row, r.column, r.rule) for r in result.rejects}
    assert mine == {
        ("公益账户台账.xlsx", 13, "统一社会信用代码", "reference"),  # no such organization
        ("公益账户台账.xlsx", 14, "服务时长(小时)", "value"),  # -5 hours
        ("出彩型表彰名单.xlsx", 7, "党组织名称", "reference"),  # no such party organization
        ("培训观摩签到表.xlsx", 14, "姓名", "required"),  # no ID, phone or unit
        ("培训观摩签到表.xlsx", 15, "参训身份", "required"),  # a secretary of no party org
    }
    s = result.summaries
    assert (s["welfare"].loaded, s["welfare"].rejected) == (8, 2)
    assert (s["awards"].loaded, s["awards"].rejected) == (4, 1)
    assert (s["trainings"].loaded, s["trainings"].rejected) == (9, 2)
    assert result.counts["Award"] == 2 and result.counts["Training"] == 3


def test_personal_data_is_pseudonymized_and_masked(loaded: tuple[Path, Any]) -> None:
    store, result = loaded
    raw = b"".join(p.read_bytes() for p in store.iterdir() if p.is_file())
    for secret in ("370102197001011232", "13800001111", "张伟", "王强"):
        assert secret.encode() not in raw, secret
    with EmbeddedStore(store, readonly=True) as s:
        names = dict(s.key_values("Person", "name_masked"))
    assert sorted(names.values()) == sorted(
        ["张*", "王*", "赵*", "刘*", "陈*", "孙*", "周*", "吴*", "李*"]
    )
    assert all(k.startswith("P-") and len(k) == 18 for k in names)
    shown = _run(store, "welfare", "--show", "awards", "--format", "json")
    assert "张*" in shown and "张伟" not in shown and "370102197001011232" not in shown
    quarantine = result.quarantine.read_text(encoding="utf-8-sig")
    assert "370102197001011232" not in quarantine


def test_accounts_rankings_and_candidates(loaded: tuple[Path, Any]) -> None:
    with EmbeddedStore(loaded[0], readonly=True) as s:
        r = welfare(s.tables(**inputs()))
    assert r.districts == [
        {"district": "历下区", "orgs": 4, "activities": 5, "hours": 260.0, "volunteers": 55,
         "beneficiaries": 1130, "amount": 20000.0},
        {"district": "市中区", "orgs": 2, "activities": 3, "hours": 216.0, "volunteers": 76,
         "beneficiaries": 160, "amount": 50000.0},
    ]  # fmt: skip
    assert r.totals["hours"] == 476.0 and r.totals["orgs"] == 6
    ranks = [(o["name"], o["rank_district"], o["rank_city"], o["hours"]) for o in r.orgs]
    assert ranks == [
        ("济南恒达科技有限公司", 1, 2, 130.0), ("历下区社会工作服务中心", 2, 3, 60.0),
        ("济南泉城物流有限公司", 3, 4, 40.0), ("济南大明湖文化传媒有限公司", 4, 5, 30.0),
        ("济南大观园商贸有限公司", 1, 1, 200.0), ("济南经四路电子商务有限公司", 2, 6, 16.0),
    ]  # fmt: skip
    assert r.orgs[0]["last"] == "2018-05-20" and r.orgs[0]["activities"] == 2
    cands = [(c["rank"], c["id"], c["site_score"], c["hours"], c["member_share"], c["met"],
              c["honoured"]) for c in r.candidates]  # fmt: skip
    assert cands == [(1, "P1", 90.0, 130.0, 0.8333, 3, True), (2, "P4", 80.0, 200.0, 1.0, 2, False)]
    secs = [(s_["rank"], s_["name"], s_["party_org"], s_["trainings"], s_["honoured"])
            for s_ in r.secretaries]  # fmt: skip
    assert secs == [(1, "张*", "P1", 2, True), (2, "王*", "P4", 1, False)]


def test_honours_against_the_criteria(loaded: tuple[Path, Any]) -> None:
    with EmbeddedStore(loaded[0], readonly=True) as s:
        r = welfare(s.tables(**inputs()))
    rows = r.listing("awards")
    got = [(a["award"], a["date"], a["kind"], a["name"], a["party_org"], a["candidate"])
           for a in rows]  # fmt: skip
    assert got[:2] == [
        ("出彩型党组织", "2018-06-28", "党组织", "中共济南恒达科技有限公司支部委员会", "P1", True),
        ("出彩型党组织", "2018-06-28", "党组织", "泉城路街道联合党支部", "P2", False),
    ]
    assert sorted(got[2:], key=lambda g: g[4]) == [
        ("出彩型党组织书记", "2018-06-28", "书记", "张*", "P1", True),
        ("出彩型党组织书记", "2018-06-28", "书记", "李*", "P3", False),
    ]
    assert rows[1]["reason"] == (
        "符合：所属单位公益服务100.0小时（不少于50.0）；不符合：不是示范点；"
        "在本单位工作的党员71%在本组织（不低于80%）"
    )
    assert r.listing("awards", lang="en")[1]["reason"].startswith("meets: welfare hours")


def test_the_criteria_are_options(loaded: tuple[Path, Any]) -> None:
    with EmbeddedStore(loaded[0], readonly=True) as s:
        t = s.tables(**inputs())
    assert [c["id"] for c in welfare(t, need=3).candidates] == ["P1"]
    assert [c["id"] for c in welfare(t, min_site_score=80).candidates] == ["P1", "P4"]
    # one criterion: P2 (hours) qualifies; P3 never, it is weak; P5 meets none
    assert [c["id"] for c in welfare(t, need=1).candidates] == ["P1", "P4", "P2"]
    assert [c["id"] for c in welfare(t, need=1, top_orgs=1).candidates] == ["P1"]
    assert welfare(t, min_trainings=2).secretaries[0]["name"] == "张*"
    assert len(welfare(t, min_trainings=2).secretaries) == 1
    by_ben = welfare(t, rank_by="beneficiaries").orgs
    assert [(o["name"], o["rank_city"]) for o in by_ben if o["rank_city"] == 1] == [
        ("济南大明湖文化传媒有限公司", 1)
    ]
    spring = welfare(t, until="2018-03-31")
    assert spring.totals["activities"] == 3 and spring.awards == []
    with pytest.raises(ValueError, match="since"):
        welfare(t, since="2018-07-01", until="2018-01-01")


def test_the_command_in_every_format(loaded: tuple[Path, Any], tmp_path: Path) -> None:
    store = loaded[0]
    table = _run(store, "welfare")
    assert "区县(公益账户)" in table and "合计" in table and "476" in table
    data = json.loads(_run(store, "welfare", "--format", "json"))
    assert set(data) == {"params", "totals", "districts", "orgs", "candidates", "secretaries",
                         "awards"}  # fmt: skip
    assert data["params"]["top_orgs"] == 28 and data["candidates"][0]["id"] == "P1"
    rows = list(csv.DictReader(io.StringIO(_run(store, "welfare", "--show", "orgs",
                                                "--district", "市中区", "--format", "csv"))))  # fmt: skip
    assert [(r["单位名称"], r["区内排名"]) for r in rows] == [
        ("济南大观园商贸有限公司", "1"), ("济南经四路电子商务有限公司", "2")]  # fmt: skip
    out = tmp_path / "出彩型.xlsx"
    _run(store, "welfare", "--show", "candidates", "--out", str(out))
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.title == "出彩型党组织推荐" and ws.cell(2, 2).value == "P1"
    en = _run(store, "welfare", "--show", "candidates", "--lang", "en")
    assert "party organization" in en and "meets:" in en
    bad = CliRunner().invoke(cli, ["welfare", "--store", str(store), "--since", "2018-07-01",
                                   "--until", "2018-01-01"])  # fmt: skip
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_export_then_load_gives_the_same_nodes_and_relationships(
    loaded: tuple[Path, Any], tmp_path: Path
) -> None:
    from pbgraph.loaders.export import export_ledgers

    mine = {"WelfareActivity", "Award", "Training", "Person"}

    def part(G: Any) -> tuple[list[Any], list[Any]]:
        nodes = sorted((n, d) for n, d in G.nodes(data=True) if d.get("label") in mine)
        edges = sorted((u, v, k) for u, v, k in G.edges(keys=True)
                       if {u.partition(":")[0], v.partition(":")[0]} & mine)  # fmt: skip
        return nodes, edges

    with EmbeddedStore(loaded[0], readonly=True) as s:
        G1 = s.graph()
    files = export_ledgers(G1, tmp_path / "exported")
    names = {p.name for p in files}
    assert {"30_公益账户台账.csv", "31_培训观摩签到台账.xlsx", "32_出彩型表彰台账.xlsx"} <= names
    with EmbeddedStore(tmp_path / "copy") as s2:
        assert load_ledgers(files, s2, quarantine_dir=tmp_path).rejects == []
        G2 = s2.graph()
    assert part(G2) == part(G1) and len(part(G1)[1]) == 37
    sheets = (tmp_path / "exported" / "30_公益账户台账.csv").read_text(encoding="utf-8-sig")
    assert "学雷锋志愿服务" in sheets
