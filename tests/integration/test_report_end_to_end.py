"""The whole report end to end on the synthetic city: self-contained HTML, non-blank charts
with every Chinese glyph, a workbook whose headers are the commands' headers, masked names, the
English report, and ``pbgraph report`` itself (a street that is not one exits 2). The charts
one by one are ``tests/unit/test_report.py``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.analyses.balance import balance_instructors, balance_pairings
from pbgraph.analyses.coverage import coverage
from pbgraph.cli import cli
from pbgraph.report import write_report
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import build_city
from tests.helpers import assert_not_blank, no_missing_glyphs, sheet_rows


@pytest.fixture(scope="module")
def graph(loaded_city: Path) -> Any:
    with EmbeddedStore(loaded_city) as s:
        return s.graph()


@pytest.fixture(scope="module")
def report_zh(graph: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("report")
    with no_missing_glyphs():
        return write_report(graph, out)


def test_html_references_only_local_files(report_zh: dict[str, Path]) -> None:
    page = report_zh["html"].read_text(encoding="utf-8")
    refs = re.findall(r"""(?:src|href)\s*=\s*['"]([^'"]*)['"]""", page)
    assert refs
    for ref in refs:
        if ref.startswith(("data:image/png;base64,", "#")):
            continue
        assert "://" not in ref and not ref.startswith("//"), ref
        assert (report_zh["html"].parent / ref).is_file(), ref
    # no fetched fonts, styles or scripts: the interactive views' scripts are inline
    assert not re.search(r"@import|url\(|<link|<script[^>]*\ssrc", page)
    assert page.count('class="pbv-main"') == 2  # the map and the street's network
    for anchor in re.findall(r"href='#([^']+)'", page):
        assert f"id='{anchor}'" in page
    assert "组织覆盖率" in page and "党建指导员负荷" in page


def test_every_chart_is_a_non_blank_image(report_zh: dict[str, Path]) -> None:
    charts = {k.removeprefix("chart_") for k in report_zh if k.startswith("chart_")}
    assert charts >= {"district", "street", "categories", "map", "network", "instructor_load",
                      "instructor_unmet", "pairing_load", "visits", "coverage_over_time",
                      "funds", "proposals",
                      "proposal_map", "proposal_network"}  # fmt: skip
    for k, p in report_zh.items():
        if k.startswith("chart_"):
            assert_not_blank(p)
    page = report_zh["html"].read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == len(charts)  # every chart is embedded


def test_workbook_headers_are_the_commands_headers(
    report_zh: dict[str, Path], graph: Any, loaded_city: Path, tmp_path: Path
) -> None:
    sheets = sheet_rows(report_zh["workbook"])
    assert list(sheets)[:4] == ["说明", "区县覆盖情况", "街道覆盖情况", "未覆盖单位"]
    assert {"重点标记", "指导员安排", "指导员调整", "指导员街道缺口", "指导员负荷统计",
            "包挂安排", "包挂街道缺口", "联合组建建议", "建议联合支部", "编入单位", "未能编入",
            "拆分建议", "工作进度", "需关注街道", "经费测算"} <= set(sheets)  # fmt: skip
    cov = coverage(graph, by="street")
    rate = "组织覆盖率（全部单位口径）"  # the rate's header states its denominator
    assert list(sheets["街道覆盖情况"][0]) == [
        rate if k == "rate" else h for k, h in cov.columns("zh")
    ]
    assert len(sheets["街道覆盖情况"]) == 1 + len(cov.groups()) + 1  # groups and 合计
    assert sheets["未覆盖单位"][0][:2] == ("统一社会信用代码", "单位名称")
    assert len(sheets["未覆盖单位"]) - 1 == cov.totals()["uncovered"]
    inst = balance_instructors(graph)
    assert list(sheets["指导员安排"][0]) == [h for _, h in inst.columns("zh", "plan")]
    assert len(sheets["指导员安排"]) - 1 == len(inst.assignments())
    pair = balance_pairings(graph)
    assert list(sheets["包挂安排"][0]) == [h for _, h in pair.columns("zh", "plan")]

    # the same table through a command's --format xlsx / csv: the same headers and values
    runner = CliRunner()
    out = tmp_path / "street.xlsx"
    r = runner.invoke(cli, ["coverage", "--store", str(loaded_city), "--by", "street",
                            "--format", "xlsx", "--out", str(out)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert list(sheet_rows(out).values())[0] == sheets["街道覆盖情况"]
    for show, name in (
        ("plan", "指导员安排"),
        ("streets", "指导员街道缺口"),
        ("stats", "指导员负荷统计"),
    ):
        out = tmp_path / f"{show}.xlsx"
        r = runner.invoke(cli, ["balance", "instructors", "--store", str(loaded_city),
                                "--show", show, "--format", "xlsx", "--out", str(out)])  # fmt: skip
        assert r.exit_code == 0, r.output
        assert list(sheet_rows(out).values())[0] == sheets[name], show
    for args, name in ((["--format", "xlsx"], "联合组建建议"),
                       (["--list", "groups", "--format", "xlsx"], "建议联合支部"),
                       (["--list", "members", "--format", "xlsx"], "编入单位")):  # fmt: skip
        out = tmp_path / f"{name}.xlsx"
        r = runner.invoke(cli, ["group", "--store", str(loaded_city), *args, "--out", str(out)])
        assert r.exit_code == 0, r.output
        assert list(sheet_rows(out).values())[0] == sheets[name], name
    assert len(sheets["编入单位"]) > 10
    for cmd, name in ((["progress"], "工作进度"), (["progress", "--flagged"], "需关注街道"),
                      (["funds"], "经费测算")):  # fmt: skip
        out = tmp_path / f"{name}.xlsx"
        r = runner.invoke(
            cli, [*cmd, "--store", str(loaded_city), "--format", "xlsx", "--out", str(out)]
        )
        assert r.exit_code == 0, r.output
        assert list(sheet_rows(out).values())[0] == sheets[name], name
    assert len(sheets["工作进度"]) > 10 and len(sheets["经费测算"]) > 2
    r = runner.invoke(cli, ["balance", "pairings", "--store", str(loaded_city), "--format", "csv"])
    assert r.output.splitlines()[0].split(",") == list(sheets["包挂安排"][0])
    summary = report_zh["summary_csv"].read_text(encoding="utf-8-sig").splitlines()
    assert summary[0].split(",") == list(sheets["区县覆盖情况"][0])


def test_personal_data_is_masked(report_zh: dict[str, Path], small_city: list[Path]) -> None:
    city = build_city(1500, seed=7)  # the conftest city: the clear names and phones
    secrets = {i["name"] for i in city.instructors} | {i["phone"] for i in city.instructors}
    secrets |= {m[k] for m in city.members for k in ("name", "phone", "resident_id") if m.get(k)}
    assert len(secrets) > 100
    sheets = sheet_rows(report_zh["workbook"])
    cells = {str(c) for rows in sheets.values() for row in rows for c in row if c is not None}
    page = report_zh["html"].read_text(encoding="utf-8")
    assert not secrets & cells
    assert not [s for s in secrets if len(s) >= 3 and s in page]  # 2 characters: too common
    plan = sheets["指导员安排"]
    col = plan[0].index("姓名")
    names = {row[col] for row in plan[1:]}
    assert names and all(re.fullmatch(r"\w\*+", n) for n in names), names


def test_english_report(graph: Any, tmp_path: Path) -> None:
    with no_missing_glyphs():
        files = write_report(graph, tmp_path, lang="en")
    sheets = sheet_rows(files["workbook"])
    assert list(sheets)[:4] == ["about", "coverage by district", "coverage by street", "uncovered"]
    assert sheets["uncovered"][0][:2] == ("credit code", "name")
    assert "instructor plan" in sheets and sheets["instructor plan"][0][0] == "instructor id"
    page = files["html"].read_text(encoding="utf-8")
    assert "<html lang='en'>" in page and "Coverage by district" in page


def test_report_command(loaded_city: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        cli, ["--lang", "en", "report", "--store", str(loaded_city), "--out", str(tmp_path / "r")]
    )
    assert r.exit_code == 0, r.output
    assert "Report:" in r.output and (tmp_path / "r" / "index.html").is_file()
    r = CliRunner().invoke(cli, ["--lang", "en", "report", "--store", str(loaded_city), "--out",
                                 str(tmp_path), "--street", "没有这个街道"])  # fmt: skip
    assert r.exit_code == 2 and "no single street" in r.output
