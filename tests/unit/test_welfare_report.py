"""The report's part on public welfare, 出彩型 awards and training reach
(pbgraph/report/welfare.py) on the hand-made ledgers (tests/welfare_ledgers.py): its six
sheets hold what the commands print, and the page's section states the figures in a
planner's words; a store without these ledgers has empty sheets and no section."""

from __future__ import annotations

from pathlib import Path

from pbgraph.loaders.load import load_ledgers
from pbgraph.report import welfare as part
from pbgraph.report.build import build, inputs
from pbgraph.stores.sqlite import EmbeddedStore
from tests import welfare_ledgers as W


def test_sheets_and_section(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "store") as s:
        load_ledgers(W.all_ledgers(tmp_path / "in"), s, quarantine_dir=tmp_path)
        t = s.tables(**inputs())
    data = build(t)
    sheets = {sh.name: sh for sh in data.sheets}
    sizes = [len(sheets[n].rows) for n in ("公益账户", "出彩型党组织推荐", "出彩型书记推荐",
                                           "表彰名单", "培训覆盖", "培训观摩")]  # fmt: skip
    assert sizes == [3, 2, 2, 4, 4, 3]  # the accounts and streets with their 合计 rows
    assert sheets["公益账户"].rows[-1]["hours"] == 476.0
    [(title, body)] = part.sections(data)
    assert title == "公益账户、出彩型与培训观摩"
    assert ("6 家单位在公益账户中记录公益活动 8 次、服务 476 小时、受益 1290 人次；按所列条件推荐"
            "出彩型党组织 2 个、书记 2 名，台账中已表彰党组织 2 个、书记 2 名。3 个党组织的书记参加"
            "过培训观摩，2 个从未参加。") in body  # fmt: skip
    assert "中共济南恒达科技有限公司支部委员会" in body and "张伟" not in body
    assert "None" not in body
    en = build(t, lang="en")
    assert part.sections(en)[0][0] == "Public welfare, 出彩型 awards and training reach"
    with EmbeddedStore(tmp_path / "bare") as s:
        load_ledgers(W.base_ledgers(tmp_path / "b"), s, quarantine_dir=tmp_path)
        bare = build(s.tables(**inputs()))
    assert part.sections(bare) == []
