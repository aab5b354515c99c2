"""A store an older pbgraph wrote, read by this one: what a later schema added reads as none.

Schema 3 added labels (leading bodies, transfers, the service circle, public welfare,
training), relationship types and properties (an organization's registration date). A
schema-2 store is read as it is by the commands that only read (nothing written): a table
or column it lacks must read as no rows or missing values — not fail with "no such table",
and never as SQLite's reading of a missing ``"column"`` as the text ``'column'``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli
from pbgraph.graphmodel.schema import NODES
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.stores.sqlite_columns import FOLDER

#: what schema 3 added that this test takes away again: a label, a relationship type, a
#: property of a label schema 2 had
GONE_LABEL, GONE_REL, GONE_PROP = "LeadingBody", "LED_BY_PartyOrg_LeadingBody", "registered"


@pytest.fixture
def older(loaded_city: Path, tmp_path: Path) -> Path:
    """A copy of the small city's store as schema 2 had it."""
    assert GONE_LABEL in NODES and GONE_PROP in NODES["Organization"].prop_names
    d = tmp_path / "store"
    shutil.copytree(loaded_city, d)
    with EmbeddedStore(d) as s, s.transaction():
        db = s._db
        assert db is not None
        db.execute(f'DROP TABLE "{GONE_LABEL}"')
        db.execute(f'DROP TABLE "{GONE_REL}"')
        db.execute(f'ALTER TABLE "Organization" DROP COLUMN "{GONE_PROP}"')
        db.execute('ALTER TABLE "PartyOrg" DROP COLUMN "superior"')
        for table in ("WelfareActivity", "Award", "Training"):  # none of schema 2's
            db.execute(f'DROP TABLE "{table}"')
        later = ("Transfer", "ServiceNeed", "ServiceProject")  # schema 3's, and their types
        for (table,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall():
            if any(x in table for x in later):
                db.execute(f'DROP TABLE "{table}"')
        db.execute("UPDATE meta SET value = 2 WHERE name = 'schema_version'")
    shutil.rmtree(d / FOLDER, ignore_errors=True)  # read from SQLite, not the column files
    return d


def test_what_a_later_schema_added_reads_as_none(older: Path, loaded_city: Path) -> None:
    before = (older / "graph.sqlite").read_bytes()
    with EmbeddedStore(older, readonly=True) as s:
        t = s.tables(
            ["Organization", GONE_LABEL, "PartyOrg"],
            [GONE_REL],
            {"Organization": ["name", GONE_PROP], GONE_LABEL: ["name"]},
        )
    with EmbeddedStore(loaded_city, readonly=True) as s:
        names = s.tables(["Organization"], [], {"Organization": ["name"]})
    assert t.keys(GONE_LABEL) == []
    assert t.rels[GONE_REL] == ([], [])
    assert t.keys("Organization") == names.keys("Organization")
    assert list(t.column("Organization", "name")) == list(names.column("Organization", "name"))
    assert list(t.columns["Organization"][GONE_PROP]) == [None] * len(t.keys("Organization"))
    assert (older / "graph.sqlite").read_bytes() == before  # read as it is: nothing written


def test_a_partition_of_an_older_store(older: Path) -> None:
    with EmbeddedStore(older, readonly=True) as s:
        district = next(
            k for k, lv in zip(
                s.tables(["Region"], [], {"Region": ["level"]}).keys("Region"),
                s.tables(["Region"], [], {"Region": ["level"]}).column("Region", "level"),
                strict=True,
            ) if lv == "district"
        )  # fmt: skip
        t = s.tables(
            ["Organization", GONE_LABEL], [GONE_REL], {"Organization": [GONE_PROP]},
            where={"district": district},
        )  # fmt: skip
    assert t.keys("Organization") and t.keys(GONE_LABEL) == []
    assert set(t.columns["Organization"][GONE_PROP]) == {None}


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("lines", "库中没有领导机构台账，党组织台账也未填上级党组织"),
        ("newregs", "库中没有两新组织的登记日期"),
        ("welfare", "库中没有公益账户台账和表彰台账的数据"),
        ("training", "库中没有培训观摩台账的数据"),
    ],
)
def test_an_analysis_of_ledgers_never_loaded_says_so(older: Path, command: str, said: str) -> None:
    """Not an empty table with exit 0 ("nothing overdue"): the ledgers it needs were never
    loaded into this store — it says which, and exits 2."""
    r = CliRunner().invoke(cli, ["--lang", "zh", command, "--store", str(older)])
    assert r.exit_code == 2, r.output
    assert said in r.output and "pbgraph load" in r.output
    r = CliRunner().invoke(cli, ["--lang", "en", command, "--store", str(older)])
    assert r.exit_code == 2 and "the store holds no" in r.output, r.output


def test_the_report_has_no_part_for_ledgers_never_loaded(older: Path, loaded_city: Path) -> None:
    """The report's parts on leadership lines, transfers and services, public welfare and
    training: none (no sheet, no section, no analysis run) on a store without their ledgers;
    all of them on the synthetic city, which has them."""
    from pbgraph.report import lines, services, welfare

    for where, expected in ((older, False), (loaded_city, True)):
        with EmbeddedStore(where, readonly=True) as s:
            for part in (lines, services, welfare):
                t = s.tables(**part.inputs())
                sheets = part.sheets(t, "zh")
                assert bool(sheets) is expected, (where, part.__name__)
