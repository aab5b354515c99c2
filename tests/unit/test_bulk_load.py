"""The embedded store's bulk write (``EmbeddedStore.write_batch``) leaves the store that the
row-by-row upserts leave: on batches made to catch what sorting, column-wise parameters,
skipped endpoints and skipped deletes could get wrong, and on whole loads (a synthetic
city, office-kept combined ledgers), first and second time."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pbgraph.errors import StoreError
from pbgraph.graphmodel.schema import NODES, RELS, RelType, rel
from pbgraph.loaders.batch import Batch, Shared
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol

LOCATED_IN = rel("LOCATED_IN", "Organization", "Region")
IN_BUILDING = rel("IN", "Building", "Region")
WORKS_AT = rel("WORKS_AT", "Member", "Organization")
COVERS = rel("COVERS", "PartyOrg", "Organization")


class RowByRow:
    """An embedded store without ``write_batch``: batches go through the upserts."""

    def __init__(self, store: EmbeddedStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        if name == "write_batch":
            raise AttributeError(name)
        return getattr(self._store, name)


def dump(store: EmbeddedStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the graph, sorted (the key's fingerprint too)."""
    db = sqlite3.connect(store.path)
    try:
        tables = [*NODES, *(r.name for r in RELS)]
        out = {t: sorted(db.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
        out["meta"] = db.execute("SELECT * FROM meta WHERE name = 'key_fingerprint'").fetchall()
        return out
    finally:
        db.close()


def _first(b: Batch) -> None:
    b.node("Region", "A", name="A", level="district")
    b.node("Organization", "o2", name="乙", key=False, employees=None)
    b.node("Organization", "o1", name="甲", key=True, employees=12, lat=36.6)
    b.node("Building", "A/楼", name="楼", kind="楼宇")
    b.rel(LOCATED_IN, "o1", "A")
    b.rel(LOCATED_IN, "o2", "A")
    b.rel(IN_BUILDING, "A/楼", "A")
    b.node("PartyOrg", "p1", name="党支部", founded=dt.date(2018, 8, 15))
    b.rel(COVERS, "p1", "o1")


def _second(b: Batch) -> None:
    # a value updates, a None keeps what is stored, a node met twice merges
    b.node("Organization", "o1", name="甲新", employees=None)
    b.node("Organization", "o3", name="丙")
    b.node("Organization", "o3", employees=7, key=None)
    # a single type's relationship moves; ends the batch does not hold are made by key
    b.rel(LOCATED_IN, "o1", "B")
    b.rel(LOCATED_IN, "o9", "A")
    b.rel(IN_BUILDING, "A/楼", "C")
    b.rel(IN_BUILDING, "A/楼", "D")  # two of a single type in one batch: both are kept
    b.rel(WORKS_AT, "M-1", "o3")
    b.rel(COVERS, "p2", "o1")  # many-valued: added to p1's


def _write(store: Any, *fills: Any) -> None:
    for fill in fills:
        b = Batch()
        fill(b)
        b.write(store)


def test_write_batch_leaves_the_store_the_upserts_leave(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "bulk") as bulk, EmbeddedStore(tmp_path / "rows") as rows:
        _write(bulk, _first, _second)
        _write(RowByRow(rows), _first, _second)
        assert dump(bulk) == dump(rows)
        got = dump(bulk)
    org = dict((r[0], r) for r in got["Organization"])
    assert org["o1"][1] == "甲新" and 12 in org["o1"]  # updated; None kept the 12
    assert ("A/楼", "C") in got["IN_Building_Region"] and ("A/楼", "D") in got["IN_Building_Region"]  # fmt: skip
    assert ("A/楼", "A") not in got["IN_Building_Region"]
    assert [r for r in got["LOCATED_IN_Organization_Region"] if r[0] == "o1"] == [("o1", "B")]
    assert ("B", None, None, None) in got["Region"]  # an end made by its key alone
    assert [r[0] for r in got["Member"]] == ["M-1"]
    assert ("p1", "o1") in got["COVERS_PartyOrg_Organization"]
    assert ("p2", "o1") in got["COVERS_PartyOrg_Organization"]


def test_write_batch_is_one_transaction_and_checks_the_schema(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        _write(s, _first)
        before = dump(s)
        with pytest.raises(StoreError):
            s.write_batch(
                {"Organization": {"o5": {"name": "x"}}, "Region": {"Z": {"bogus": 1}}}, {}
            )
        with pytest.raises(StoreError):
            s.write_batch({}, {RelType("COVERS", "Organization", "Region", ""): {("o1", "A"): {}}})
        assert dump(s) == before  # the organization written before the error is not kept


def test_shared_keys_follow_the_store(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s") as s:
        shared = Shared()
        shared.keys = {label: s.keys(label) for label in ("Organization", "Region", "Member")}
        for fill in (_first, _second):
            b = Batch()
            fill(b)
            b.write(s)
            shared.wrote(b)
            for label, known in shared.keys.items():
                assert known == s.keys(label), label


def _load_both(files: list[Path], tmp: Path) -> tuple[Any, Any]:
    with EmbeddedStore(tmp / "bulk") as bulk, EmbeddedStore(tmp / "rows") as rows:
        key = tmp / "key"
        a = load_ledgers(files, bulk, quarantine_dir=tmp, key=key)
        b = load_ledgers(files, RowByRow(rows), quarantine_dir=tmp, key=key)  # type: ignore[arg-type]
        assert a.to_dict() | {"quarantine": None} == b.to_dict() | {"quarantine": None}
        once = dump(bulk)
        assert once == dump(rows)
        again = load_ledgers(files, bulk, quarantine_dir=tmp, key=key)
        assert again.counts == a.counts
        assert dump(bulk) == once  # twice is once
        return once, a


def test_a_city_loads_the_same_in_bulk_as_row_by_row(
    small_city: list[Path], tmp_path: Path
) -> None:
    once, result = _load_both(small_city, tmp_path)
    assert result.counts["Organization"] == 1500 and once["Member"]


def test_office_ledgers_load_the_same_in_bulk_as_row_by_row(tmp_path: Path) -> None:
    files = [ol.lixia_csv(tmp_path), ol.shizhong_street_xlsx(tmp_path), ol.member_units_xlsx(tmp_path)]  # fmt: skip
    once, result = _load_both(files, tmp_path)
    assert result.rejects == [] and once["PAIRED_WITH_MemberUnit_Organization"]


def _planted_orgs(folder: Path) -> Path:
    """An organizations ledger with what _b_org changes or rejects: names and buildings
    over two lines, member totals without formal members (and one with more probationary
    members than members), 是否建立党组织 否 alone and with a party organization named, a
    credit code met twice (one row merged away)."""
    head = ("统一社会信用代码,单位名称,所属区县,所属街道,所在楼宇园区,从业人员数,是否重点,"
            "党员人数,其中：预备党员,是否建立党组织,党组织名称\n")  # fmt: skip
    c = _planted_codes()
    rows = [
        f'{c[0]},"济南甲\n 有限公司",历下区,泉城路街道,"恒隆\n广场",5,是,3,1,否,',
        f"{c[1]},济南乙有限公司,历下区,泉城路街道,恒隆广场,6,否,2,,,",
        f"{c[2]},济南丙有限公司,历下区,泉城路街道,,7,否,1,4,,",
        f"{c[3]},济南丁有限公司,历下区,泉城路街道,,8,否,,,否,丁党支部",
        f"{c[0]},济南甲有限公司,历下区,泉城路街道,,5,是,3,1,否,",
    ]
    path = folder / "planted_orgs.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def _planted_codes() -> list[str]:
    rng = random.Random(5)
    return [ol.credit_code(rng, "91", "370102") for _ in range(4)]


def _resident_id(body17: str) -> str:
    """A resident ID number with its check digit (GB 11643)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return (
        body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]
    )


def _planted_members(folder: Path) -> Path:
    """A members ledger with what _b_member rejects or takes apart: no resident ID, an
    employer's credit code not loaded, an employer's name of no organization and one of
    two, a community without a street, a member met twice."""
    codes, ids = _planted_codes(), [_resident_id(f"37010219900101{i:03d}") for i in range(5)]
    unloaded = ol.credit_code(random.Random(7), "91", "370102")
    head = ("姓名,公民身份号码,党员类别,组织关系所在,工作单位,工作单位统一社会信用代码,"
            "所属区县,所属街道,所在社区\n")  # fmt: skip
    rows = [
        f"张三,{ids[0]},正式党员,甲党支部,,{codes[1]},历下区,泉城路街道,芙蓉社区",
        "李四,,预备党员,甲党支部,济南乙有限公司,,历下区,泉城路街道,",
        f"王五,{ids[1]},正式党员,,,{unloaded},历下区,,",
        f"赵六,{ids[2]},正式党员,,济南无此有限公司,,历下区,,芙蓉社区",
        f"孙七,{ids[3]},正式党员,,济南同名有限公司,,历下区,泉城路街道,",
        f"周八,{ids[4]},正式党员,,济南乙有限公司,,,,",
        f"吴九,{ids[0]},正式党员,乙党支部,,,历下区,泉城路街道,芙蓉社区",
    ]
    path = folder / "planted_members.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def _planted_namesakes(folder: Path) -> Path:
    """Two organizations of one name (济南同名有限公司): a member naming it is ambiguous."""
    head = "统一社会信用代码,单位名称,所属区县,所属街道\n"
    rng = random.Random(6)
    rows = [
        f"{ol.credit_code(rng, '91', '370102')},济南同名有限公司,历下区,泉城路街道"
        for _ in range(2)
    ]
    path = folder / "planted_namesakes.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("which", ["city", "office", "planted"])
def test_organizations_built_from_columns_as_row_by_row(
    which: str, small_city: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The organizations' and members' ledgers' rows built from their columns
    (build._org_rows, build._member_rows) give the store, summary and rejects that building
    each row's dict with _b_org and _b_member gives."""
    from pbgraph.loaders import build

    if which == "city":
        files = small_city
    elif which == "planted":
        files = [_planted_orgs(tmp_path), _planted_namesakes(tmp_path), _planted_members(tmp_path)]
    else:
        files = [ol.lixia_csv(tmp_path), ol.lixia_xlsx(tmp_path), ol.shizhong_street_xlsx(tmp_path), ol.member_units_xlsx(tmp_path)]  # fmt: skip
    key = tmp_path / "key"
    with EmbeddedStore(tmp_path / "columns") as s:
        a = load_ledgers(files, s, quarantine_dir=tmp_path, key=key)
        columns = dump(s)
    monkeypatch.setattr(build, "_QUICK", {})
    with EmbeddedStore(tmp_path / "rows") as s:
        b = load_ledgers(files, s, quarantine_dir=tmp_path, key=key)
        assert dump(s) == columns
    assert a.to_dict() == b.to_dict() and a.rejects == b.rejects
    assert columns["Organization"] and columns["LOCATED_IN_Organization_Region"]
    if which == "planted":  # each of the members' planted faults met, and the rest loaded
        members = [r for r in a.rejects if r.file.endswith("planted_members.csv")]
        assert sorted(r.row for r in members) == [3, 4, 5, 6, 8]  # 8: 张三 again, otherwise
        assert len(columns["Member"]) == 2 and len(columns["HELD_IN_Member_Region"]) == 1
