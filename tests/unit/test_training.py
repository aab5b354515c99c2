"""pbgraph training on the hand-made sign-in sheets (tests/welfare_ledgers.py): secretaries
and leaders never reached per street, the lists of them with their reasons, each session
by role, each year against the targets, exactly; the command's table, CSV, JSON and XLSX."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.analyses.training import inputs, reach
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore

from .. import welfare_ledgers as W


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("training")
    with EmbeddedStore(d / "store") as s:
        load_ledgers(W.all_ledgers(d / "in"), s, quarantine_dir=d)
    return d / "store"


def _run(store: Path, *args: str) -> str:
    out = CliRunner().invoke(cli, [*args, "--store", str(store)], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return out.output


def test_reach_per_street(store: Path) -> None:
    with EmbeddedStore(store, readonly=True) as s:
        r = reach(s.tables(**inputs()))
    got = [(x["street"], x["party_orgs"], x["secretaries_reached"], x["orgs"],
            x["leaders_reached"]) for x in r.streets]  # fmt: skip
    assert got == [("大明湖街道", 1, 0, 2, 1), ("泉城路街道", 2, 1, 3, 1),
                   ("大观园街道", 2, 2, 3, 1)]  # fmt: skip
    assert r.streets[0]["reason"][0] == "1个党组织的书记、1家单位的出资人负责人从未参加培训观摩"
    assert r.totals["secretaries_unreached"] == 2 and r.totals["leaders_unreached"] == 5
    assert r.totals["secretary_share"] == 0.6


def test_the_unreached_with_reasons(store: Path) -> None:
    with EmbeddedStore(store, readonly=True) as s:
        r = reach(s.tables(**inputs()))
    secs = [(p["id"], p["party_workers"], p["reason"]) for p in r.listing("secretaries")]
    assert secs == [("P3", 0, "书记从未参加培训观摩，且党组织软弱涣散"),
                    ("P2", 1, "只有党务工作者参加过（1人），书记未参加")]  # fmt: skip
    leaders = {o["name"] for o in r.listing("leaders")}
    assert leaders == {W.ORGS[x][1] for x in "BCFGH"}
    with EmbeddedStore(store, readonly=True) as s:
        key_only = reach(s.tables(**inputs()), leaders="key")
    assert key_only.listing("leaders") == []  # A, D and E are key and reached
    assert key_only.totals["orgs"] == 3


def test_sessions_and_years(store: Path) -> None:
    with EmbeddedStore(store, readonly=True) as s:
        t = s.tables(**inputs())
    r = reach(t)
    sessions = [(x["name"], x["kind"], x["attendees"], x["secretaries"], x["leaders"],
                 x["party_workers"]) for x in r.listing("sessions")]  # fmt: skip
    assert sessions == [
        ("2018年两新组织党组织书记示范培训班", "培训", 4, 2, 1, 1),
        ("党建示范点现场观摩", "观摩", 3, 2, 1, 0),
        ("两新组织出资人培训", "培训", 2, 0, 1, 0),
    ]
    (year,) = r.years
    assert (year["year"], year["trainings"], year["study_visits"], year["met"]) == (
        2018,
        2,
        1,
        False,
    )
    assert year["reason"][0] == "2018年培训2期、观摩1次，比每年10期、6次的目标少8期培训、5次观摩"
    assert reach(t, target_trainings=2, target_visits=1).years[0]["met"] is True
    before = reach(t, until="2018-04-30")  # only the first session
    assert before.totals["secretaries_reached"] == 2 and before.totals["leaders_reached"] == 1
    with pytest.raises(ValueError, match="leaders"):
        reach(t, leaders="some")


def test_the_command_in_every_format(store: Path, tmp_path: Path) -> None:
    table = _run(store, "training")
    assert "书记未参训(个)" in table and "合计" in table and "60%" in table
    data = json.loads(_run(store, "training", "--format", "json"))
    assert set(data) == {"params", "totals", "years", "streets", "sessions"}
    assert data["totals"]["party_orgs"] == 5
    rows = list(csv.DictReader(io.StringIO(_run(store, "training", "--show", "secretaries",
                                                "--district", "历下区", "--format", "csv"))))  # fmt: skip
    assert [r["党组织编号"] for r in rows] == ["P3", "P2"]
    js = json.loads(_run(store, "training", "--show", "leaders", "--street", "大观园街道",
                         "--format", "json"))  # fmt: skip
    assert {o["name"] for o in js["leaders"]} == {W.ORGS["F"][1], W.ORGS["H"][1]}
    out = tmp_path / "sessions.xlsx"
    _run(store, "training", "--show", "sessions", "--out", str(out))
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.title == "培训观摩" and ws.max_row == 4
    en = _run(store, "training", "--show", "years", "--lang", "en")
    assert "short of 10 and 6 a year" in en
