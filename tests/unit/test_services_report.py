"""The report's part on transfers and the service circle (pbgraph/report/services.py) on the
hand-made office ledgers: its five sheets hold what the commands print, and the page's
section states the figures in a planner's words."""

from __future__ import annotations

from pathlib import Path

from pbgraph.loaders.load import load_ledgers
from pbgraph.report import services as part
from pbgraph.report.build import build, inputs
from pbgraph.stores.sqlite import EmbeddedStore
from tests.service_ledgers import base_ledgers, needs_csv, projects_xlsx, transfers_xlsx


def test_sheets_and_section(tmp_path: Path) -> None:
    paths = [*base_ledgers(tmp_path), transfers_xlsx(tmp_path), projects_xlsx(tmp_path),
             needs_csv(tmp_path)]  # fmt: skip
    with EmbeddedStore(tmp_path / "store") as s:
        load_ledgers(paths, s, quarantine_dir=tmp_path)
        t = s.tables(**inputs())
    data = build(t)
    sheets = {sh.name: sh for sh in data.sheets}
    assert [len(sheets[n].rows) for n in ("组织关系转接", "转接按区县", "服务需求对接",
                                          "服务需求按街道", "党建服务项目")] == [7, 3, 9, 4, 5]  # fmt: skip
    assert sheets["转接按区县"].rows[-1]["pending"] == 4
    [(title, body)] = part.sections(data)
    assert title == "组织关系转接与服务圈"
    assert ("登记组织关系在人才中心、人才市场和社区的党员 7 名，愿意转接 5 名，其中已转接 1 名、待转入 "
            "4 名，回访逾期 2 名；全部转入后 2 家单位的覆盖类别改变，2 家达到单独组建条件。服务需求 11 "
            "项，已对接 2 项，本次安排 6 项，仍未满足 3 项。") in body  # fmt: skip
    en = build(t, lang="en")
    assert part.sections(en)[0][0] == "Member-relation transfers and the service circle"
    # a store without these ledgers: empty sheets, no section
    with EmbeddedStore(tmp_path / "bare") as s:
        load_ledgers(base_ledgers(tmp_path / "b"), s, quarantine_dir=tmp_path)
        bare = build(s.tables(**inputs()))
    assert part.sections(bare) == []
