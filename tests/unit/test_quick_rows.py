"""An organizations ledger built a run of rows at a time (pbgraph.loaders.quick) leaves the
batch that building each row with _b_org leaves — the same nodes, relationships and
properties, in the same order — and the same rejects, summary and store."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from pbgraph.graphmodel.rows import ColumnRows
from pbgraph.loaders import build
from pbgraph.loaders.batch import Batch
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol
from tests.unit.test_bulk_load import dump


def _ledger(folder: Path) -> Path:
    """Fast rows around rows the full builder takes (inline party organizations, a party
    organization said not to exist, more probationary members than members), a row
    rejected by validation, a duplicate merged away, one building in two runs with kinds
    given, missing and changed, and one name in two districts."""
    rng = random.Random(11)
    c = [ol.credit_code(rng, "91", "370102") for _ in range(10)]
    head = ("统一社会信用代码,单位名称,所属区县,所属街道,所在楼宇园区,载体类型,从业人员数,是否重点,"
            "党员人数,其中：预备党员,是否建立党组织,党组织名称\n")  # fmt: skip
    rows = [
        f'{c[0]},"济南甲\n 有限公司",历下区,泉城路街道,"恒隆\n广场",楼宇,5,是,3,1,,',
        f"{c[1]},济南乙有限公司,历下区,泉城路街道,恒隆广场,,6,否,2,,,",
        f"{c[2]},济南丙有限公司,历下区,泉城路街道,,,7,否,1,4,,",
        f"{c[3]},济南丁有限公司,历下区,泉城路街道,,,8,否,,,否,丁党支部",
        f"{c[4]},济南戊有限公司,历下区,泉城路街道,恒隆广场,园区,9,否,,,,戊党支部",
        f"{c[5]},济南己有限公司,历下区,大明湖街道,恒隆广场,,10,否,4,,,",
        f"{c[6]},济南庚有限公司,历下区,大明湖街道,,,abc,否,,,,",
        f"{c[0]},济南甲有限公司,历下区,泉城路街道,,,5,是,3,1,,",
        f"{c[7]},济南辛有限公司,市中区,大观园街道,恒隆广场,商圈,11,否,,,,",
        f"{c[8]},济南壬有限公司,市中区,大观园街道,,,12,否,,,是,",
        f"{c[9]},济南癸有限公司,历下区,泉城路街道,恒隆广场,楼宇,13,否,,,,",
    ]
    path = folder / "orgs.csv"
    path.write_text(head + "\n".join(rows) + "\n", encoding="utf-8-sig")
    return path


def _load(
    files: list[Path], folder: Path, monkeypatch: pytest.MonkeyPatch, quick: bool
) -> tuple[list[Any], Any, dict[str, Any]]:
    """Load ``files`` into a fresh store; the batches as written (in order), the result,
    the store's rows."""
    written: list[Any] = []
    write = Batch.write

    def record(self: Batch, store: Any, *known: Any) -> None:
        written.append(
            (
                [(label, list(rows.items())) for label, rows in self.nodes.items()],
                [(r.name, list(rows.items())) for r, rows in self.rels.items()],
            )
        )
        write(self, store, *known)

    with monkeypatch.context() as m:
        m.setattr(Batch, "write", record)
        if not quick:
            m.setattr(
                build, "_QUICK", {k: v for k, v in build._QUICK.items() if k != "organizations"}
            )
        with EmbeddedStore(folder) as s:
            result = load_ledgers(files, s, kind="organizations", quarantine_dir=folder.parent,
                                  key=folder.parent / "key")  # fmt: skip
            return written, result, dump(s)


def test_runs_build_what_rows_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [_ledger(tmp_path)]
    quick = _load(files, tmp_path / "quick", monkeypatch, True)
    rows = _load(files, tmp_path / "rows", monkeypatch, False)
    assert quick[0] == rows[0]
    assert quick[1].to_dict() == rows[1].to_dict() and quick[1].rejects == rows[1].rejects
    assert quick[2] == rows[2]
    result, store = quick[1], quick[2]
    assert result.summaries["organizations"].loaded == 7
    assert sorted(r.row for r in result.rejects) == [4, 5, 8, 9]
    buildings = {k: kind for k, _name, kind, *_ in store["Building"]}
    assert buildings == {"历下区/恒隆广场": "楼宇", "市中区/恒隆广场": "商圈"}
    formal = {code: f for code, _, _, _, _, _, _, f, *_ in store["Organization"]}
    assert sorted(v for v in formal.values() if v is not None) == [2, 2, 4]


def test_runs_of_a_city(small_city: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    orgs = [p for p in small_city if "两新组织" in p.name]
    quick = _load(orgs, tmp_path / "quick", monkeypatch, True)
    rows = _load(orgs, tmp_path / "rows", monkeypatch, False)
    assert quick[0] == rows[0] and quick[2] == rows[2]
    assert quick[1].to_dict() == rows[1].to_dict()


def test_extend_takes_known_and_repeated_keys_one_by_one() -> None:
    rows = ColumnRows()
    rows.add("a", ("name", "n"), ("甲", None))
    rows.extend(["b", "a", "b"], ("name", "n"), [["乙", None, None], [1, 2, 3]])
    assert list(rows.items()) == [("a", {"name": "甲", "n": 2}), ("b", {"name": "乙", "n": 3})]
    rows.extend([], ("name", "n"), [[], []])
    assert len(rows) == 2
