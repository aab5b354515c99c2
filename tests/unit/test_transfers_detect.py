"""The kinds of transfers and the service circle are recognised by their own columns: a
list of organizations (credit code, name, district, street) or a members ledger is never
taken for one of them, whatever share of its few columns it names."""

from __future__ import annotations

from pbgraph.loaders.ledgers import KINDS, detect_kind


def test_a_bare_list_of_organizations_stays_organizations() -> None:
    for headers in (["统一社会信用代码", "单位名称", "所属区县", "所属街道"],
                    ["单位名称", "统一社会信用代码", "所属区县", "所属街道"]):  # fmt: skip
        kind = detect_kind(headers)
        assert kind is not None and kind.name == "organizations", headers


def test_each_kind_by_its_own_columns() -> None:
    for name in ("transfers", "service-projects", "service-needs", "members"):
        found = detect_kind(KINDS[name].headers())
        assert found is not None and found.name == name
    assert detect_kind(["需求编号", "单位名称", "需求类型", "提出日期"]).name == "service-needs"  # type: ignore[union-attr]
    assert detect_kind(["姓名", "公民身份号码", "转入单位名称", "是否愿意转接"]).name == "transfers"  # type: ignore[union-attr]
