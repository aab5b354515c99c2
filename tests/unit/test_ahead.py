"""The party organizations' and members' rows built in a child process while the
organizations are written (pbgraph.loaders.ahead) give the store, summary and rejects that
building each kind in its turn gives — on a fresh store and on one loaded before, with
members matched to employers by name, and when the child fails."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

import pytest

from pbgraph.loaders import ahead, load
from pbgraph.loaders.batch import Batch
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol
from tests.unit.test_bulk_load import _planted_members, _resident_id, dump


def _planted(folder: Path) -> list[Path]:
    """Organizations (two of one name, one named over two lines), party organizations
    covering them and one that is not there, and members naming their employers by code,
    by name, by an ambiguous name and by none."""
    rng = random.Random(5)
    c = [ol.credit_code(rng, "91", "370102") for _ in range(6)]
    orgs = folder / "01_两新组织台账.csv"
    orgs.write_text(
        "统一社会信用代码,单位名称,所属区县,所属街道,从业人员数\n"
        f'{c[0]},"济南甲\n有限公司",历下区,泉城路街道,5\n{c[1]},济南乙有限公司,历下区,泉城路街道,6\n'
        f"{c[4]},济南同名有限公司,历下区,泉城路街道,7\n{c[5]},济南同名有限公司,历下区,大明湖街道,8\n",
        encoding="utf-8-sig",
    )
    party = folder / "02_党组织台账.csv"
    party.write_text(
        "党组织编号,党组织名称,组建方式,所属区县,所属街道,覆盖单位统一社会信用代码\n"
        f"P1,甲党支部,单建,历下区,泉城路街道,{c[0]}\nP2,联合党支部,联合,历下区,泉城路街道,"
        f'"{c[1]}；{c[4]}"\nP3,无此党支部,单建,历下区,泉城路街道,{c[3]}\n',
        encoding="utf-8-sig",
    )
    members = folder / "03_党员台账.csv"
    ids = [_resident_id(f"37010219800101{i}12") for i in range(4)]
    members.write_text(
        "姓名,公民身份号码,党员类别,工作单位,所属区县,所属街道,所在社区\n"
        f"张三,{ids[0]},正式党员,济南甲有限公司,历下区,泉城路街道,芙蓉社区\n"
        f"李四,{ids[1]},正式党员,济南同名有限公司,历下区,,\n"
        f"王五,{ids[2]},预备党员,,历下区,泉城路街道,芙蓉社区\n"
        f"赵六,{ids[3]},正式党员,济南无此有限公司,历下区,,\n",
        encoding="utf-8-sig",
    )
    return [orgs, party, members, _planted_members(folder)]


def _loads(files: list[Path], folder: Path, monkeypatch: pytest.MonkeyPatch, twice: bool = False) -> Any:  # fmt: skip
    """Load ``files`` (twice: a second load over the first) with kinds built ahead and
    without; both results and stores."""
    out = []
    for way in ("ahead", "turns"):
        with monkeypatch.context() as m:
            if way == "turns":
                m.setattr(load, "kinds_ahead", lambda *a: [])
            with EmbeddedStore(folder / way) as s:
                for _ in range(2 if twice else 1):
                    result = load_ledgers(files, s, quarantine_dir=folder, key=folder / "key")
                out.append((result.to_dict(), result.rejects, dump(s)))
    return out


@pytest.mark.parametrize("which", ["city", "office", "planted"])
def test_built_ahead_as_in_turn(which: str, small_city: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    files = {
        "city": small_city,
        "planted": _planted(tmp_path),
        "office": [ol.lixia_csv(tmp_path), ol.lixia_xlsx(tmp_path), ol.member_units_xlsx(tmp_path)],
    }[which]
    built: list[list[str]] = []
    start = ahead.Ahead.start

    def started(names: list[str], *args: Any) -> ahead.Ahead:
        built.append(names)
        return start(names, *args)

    monkeypatch.setattr(ahead.Ahead, "start", started)
    a, b = _loads(files, tmp_path, monkeypatch)
    assert a == b
    assert a[2]["Organization"] and (a[2]["Member"] or which == "office")
    if which == "planted":
        assert built == [["party-orgs", "members"]]
    if which == "city":  # (issue 20's leading bodies come between, when generated)
        assert built and built[0][-2:] == ["party-orgs", "members"]
    if which == "planted":
        assert {r.value for r in a[1] if r.column == "工作单位"} >= {
            "济南同名有限公司",
            "济南无此有限公司",
        }
        assert any(r.column == "覆盖单位统一社会信用代码" for r in a[1])


def test_built_ahead_over_a_loaded_store(small_city: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The second load of the same ledgers: what the store held is read before the fork."""
    a, b = _loads(small_city, tmp_path, monkeypatch, twice=True)
    assert a == b


@pytest.mark.parametrize("how", ["unseen", "dies", "raises"])
def test_a_child_that_fails_is_forgotten(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A builder asking the view what it was not given, a child that dies, an error: each
    kind is built here in its turn, with the same store and rejects."""
    files = _planted(tmp_path)
    parent = os.getpid()
    build = ahead.build_kind

    def failing(*args: Any) -> Batch:
        if os.getpid() != parent:
            if how == "dies":
                os._exit(3)
            if how == "unseen":
                args[3].by_name("PartyOrg")
            raise RuntimeError("a builder's error")
        return build(*args)

    monkeypatch.setattr(ahead, "build_kind", failing)
    a, b = _loads(files, tmp_path, monkeypatch)
    assert a == b and a[2]["Member"]


def test_the_view_answers_as_the_store(tmp_path: Path) -> None:
    """Keys and a text property with pending batches over what the store held: a ``None``
    keeps the value, a relationship's missing end is a key without a value."""
    from pbgraph.loaders.batch import COVERS_PARTYORG_ORGANIZATION as COVERS

    b = Batch()
    b.node("Organization", "o2", name="乙")
    b.node("Organization", "o1", name=None, employees=3)
    b.rel(COVERS, "p1", "o9")
    view = ahead.View({"Organization": {"o1", "o3"}}, {("Organization", "name"): [("o1", "甲"), ("o3", None)]}, [b])  # fmt: skip
    assert view.keys("Organization") == {"o1", "o2", "o3", "o9"}
    assert view.key_values("Organization", "name") == [("o1", "甲"), ("o2", "乙"), ("o3", None), ("o9", None)]  # fmt: skip
    with EmbeddedStore(tmp_path / "s") as s:
        s.upsert_nodes("Organization", [{"credit_code": "o1", "name": "甲"}, {"credit_code": "o3"}])
        b.write(s)
        assert sorted(s.keys("Organization")) == sorted(view.keys("Organization"))
        assert s.key_values("Organization", "name") == view.key_values("Organization", "name")
    for ask in (lambda: view.keys("PartyOrg"), lambda: view.key_values("Organization", "kind"),
                lambda: view.tables()):  # fmt: skip
        with pytest.raises(ahead.Unseen):
            ask()
