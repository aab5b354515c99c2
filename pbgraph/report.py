"""The report folder: one self-contained HTML page, the PNG charts it shows, a CSV summary
and an XLSX workbook (one sheet per table, Chinese headers as in the ledgers)."""

from __future__ import annotations

import base64
import csv
import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from .analyses import plots
from .analyses.coverage import CATEGORIES, CoverageResult, coverage

__all__ = ["table_text", "uncovered_rows", "write_report"]

UNCOVERED_COLUMNS_ZH = ("统一社会信用代码", "单位名称", "所属区县", "所属街道", "覆盖类别", "原因")
UNCOVERED_COLUMNS_EN = ("credit code", "name", "district", "street", "category", "reason")


def uncovered_rows(result: CoverageResult, *, lang: str = "zh") -> list[list[Any]]:
    """One row per uncovered organization (must build first), with its reason.

    ``result`` must be grouped by street (``coverage(G, by="street")``).
    """
    i = 0 if lang == "zh" else 1
    rows = []
    for cat in ("must_build", "joint_candidate", "no_members"):
        for x in result.listing(cat, lang=lang):
            district, _, street = x["group"].partition("/")
            rows.append(
                [x["credit_code"], x["name"], district, street, CATEGORIES[cat][i], x["reason"]]
            )
    return rows


def _cov_table(result: CoverageResult, lang: str) -> tuple[list[str], list[list[Any]]]:
    cols = result.columns(lang)
    pct = ("rate", "own_rate")
    rows = [[f"{r[k]:.1%}" if k in pct else r[k] for k, _ in cols] for r in result.rows()]
    return [h for _, h in cols], rows


def table_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A plain aligned text table (CJK characters count as two columns)."""

    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cells = [[str(h) for h in headers], *[[str(c) for c in r] for r in rows]]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for j, r in enumerate(cells):
        lines.append(
            "  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        )
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_report(
    G: nx.MultiDiGraph, out: str | os.PathLike[str], *, lang: str = "zh", min_members: int = 3
) -> dict[str, Path]:
    """Run the analyses on ``G`` and write the report folder; returns the files by role."""
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    zh = lang == "zh"
    by_district = coverage(G, by="district", min_members=min_members)
    by_street = coverage(G, by="street", min_members=min_members)
    files: dict[str, Path] = {}
    charts = {
        "chart_district": plots.coverage_by_area(by_district, lang=lang),
        "chart_street": plots.coverage_by_area(by_street, lang=lang),
        "chart_categories": plots.uncovered_categories(by_district, lang=lang),
    }
    for name, (fig, _ax) in charts.items():
        files[name] = plots.save(fig, outdir / f"{name.removeprefix('chart_')}.png")

    h_d, r_d = _cov_table(by_district, lang)
    h_s, r_s = _cov_table(by_street, lang)
    unc_h = list(UNCOVERED_COLUMNS_ZH if zh else UNCOVERED_COLUMNS_EN)
    unc = uncovered_rows(by_street, lang=lang)

    files["summary_csv"] = outdir / "coverage_by_district.csv"
    with open(files["summary_csv"], "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(h_d)
        w.writerows(r_d)

    from openpyxl import Workbook

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for title, headers, rows in (
        ("区县覆盖情况" if zh else "coverage by district", h_d, r_d),
        ("街道覆盖情况" if zh else "coverage by street", h_s, r_s),
        ("未覆盖单位" if zh else "uncovered", unc_h, unc),
    ):
        ws = wb.create_sheet(title)
        ws.append(headers)
        for r in rows:
            ws.append(r)
        ws.freeze_panes = "A2"
    files["workbook"] = outdir / "pbgraph_report.xlsx"
    wb.save(files["workbook"])

    t = by_district.totals()
    title = "区域化党建网络分析报告" if zh else "Regional party-building network report"
    intro = (
        f"两新组织 {t['total']} 家，组织覆盖 {t['org_covered']} 家（{t['rate']:.1%}，分母为全部单位），"
        f"单独组建率 {t['own_rate']:.1%}；应建未建 {t['must_build']} 家，联合组建对象 "
        f"{t['joint_candidates']} 家，无党员 {t['no_members']} 家。"
        if zh
        else f"{t['total']} organizations, {t['org_covered']} with organizational coverage "
        f"({t['rate']:.1%} of all), own-branch rate {t['own_rate']:.1%}; {t['must_build']} must "
        f"build their own, {t['joint_candidates']} joint-formation candidates, "
        f"{t['no_members']} without members."
    )
    parts = [
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}"
        "td:first-child{text-align:left}img{max-width:100%}</style></head><body>",
        f"<h1>{html.escape(title)}</h1><p>{html.escape(intro)}</p>",
    ]
    for name in ("chart_district", "chart_categories", "chart_street"):
        data = base64.b64encode(files[name].read_bytes()).decode()
        parts.append(f"<p><img alt='{files[name].name}' src='data:image/png;base64,{data}'></p>")
    parts.append(f"<h2>{'各区县覆盖情况' if zh else 'Coverage by district'}</h2>")
    parts.append(_html_table(h_d, r_d))
    parts.append(
        f"<h2>{'各街道覆盖情况（覆盖率最低者在前）' if zh else 'Coverage by street (lowest first)'}</h2>"
    )
    parts.append(_html_table(h_s, r_s))
    parts.append(
        f"<p>{'完整名单见' if zh else 'Full lists in'} <a href='{files['workbook'].name}'>{files['workbook'].name}</a></p>"
    )
    parts.append("</body></html>")
    files["html"] = outdir / "index.html"
    files["html"].write_text("\n".join(parts), encoding="utf-8")
    return files


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
