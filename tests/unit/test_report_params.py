"""The report honours every rule a planner sets (issue 18, point 5): each threshold of
:class:`pbgraph.report.ReportParams` changes the report's tables, and ``pbgraph report``
hands every option through to the analyses (the workbook's 说明 sheet states them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pbgraph.cli import cli
from pbgraph.report import ReportParams, inputs
from pbgraph.report.build import ReportData, build
from pbgraph.stores.sqlite import EmbeddedStore
from tests.helpers import sheet_rows


def sheet(name: str) -> Callable[[ReportData], Any]:
    """The rows of one of the report's sheets (by its Chinese name)."""
    return lambda d: next(s.rows for s in d.sheets if s.name == name)


#: a value that changes the report, and the part of the report that changes with it
CHANGES: dict[str, tuple[Any, Callable[[ReportData], Any]]] = {
    "min_members": (2, lambda d: d.totals),
    "max_units": (2, sheet("建议联合支部")),
    "max_members": (3, sheet("拆分建议")),
    "denominator": ("eligible", sheet("街道覆盖情况")),
    "capacity": (6, sheet("指导员安排")),
    "pairing_capacity": (1, sheet("包挂安排")),
    "scope": ("city", sheet("指导员安排")),
    "within": ("district", sheet("联合组建建议")),
    "include_empty": (True, sheet("编入单位")),
    "count_latent": (True, sheet("编入单位")),
    "stale_days": (0, sheet("需关注街道")),
    "behind": (1.0, sheet("需关注街道")),
    "window": (1, sheet("工作进度")),
    "budget": (1_000_000, sheet("经费测算")),
    "new_org": (5_000, sheet("经费测算")),
    "demo_site": (1, sheet("经费测算")),
}


def test_every_parameter_is_tried() -> None:
    assert set(CHANGES) == {f.name for f in fields(ReportParams)}


@pytest.fixture(scope="module")
def city_tables(loaded_city: Path) -> Any:
    with EmbeddedStore(loaded_city, readonly=True) as s:
        return s.tables(**inputs(ReportParams(count_latent=True)))


@pytest.fixture(scope="module")
def no_capacities(loaded_city: Path) -> Any:
    """The city's graph with no capacity in the instructors' and member units' ledgers
    (the synthetic ledgers give every one: the default capacities would not be used)."""
    with EmbeddedStore(loaded_city, readonly=True) as s:
        G = s.graph()
    dropped = [d.pop("capacity", None) for _, d in G.nodes(data=True)
               if d.get("label") in ("Instructor", "MemberUnit")]  # fmt: skip
    assert any(c is not None for c in dropped)
    return G


@pytest.fixture(scope="module")
def default_reports(city_tables: Any, no_capacities: Any) -> dict[str, ReportData]:
    return {"city": build(city_tables), "no_capacities": build(no_capacities)}


@pytest.mark.parametrize("name", list(CHANGES))
def test_each_parameter_changes_the_report(
    name: str, city_tables: Any, no_capacities: Any, default_reports: dict[str, ReportData]
) -> None:
    value, part = CHANGES[name]
    assert getattr(ReportParams(), name) != value
    G, default = city_tables, default_reports["city"]
    if name in ("capacity", "pairing_capacity"):
        G, default = no_capacities, default_reports["no_capacities"]
    changed = build(G, **{name: value})
    assert getattr(changed.params, name) == value
    assert part(changed) != part(default), name


def test_the_analyses_get_the_parameters(city_tables: Any) -> None:
    p = ReportParams(min_members=4, max_units=3, max_members=20, denominator="eligible",
                     capacity=5, scope="city", within="district", budget=123_456,
                     stale_days=9, behind=0.25, window=7)  # fmt: skip
    a = build(city_tables, params=p).results
    assert a.by_street.denominator == "eligible" and a.by_district.denominator == "eligible"
    assert a.grouping.params["max_units"] == 3 and a.grouping.params["within"] == "district"
    assert a.instructors.params["min_members"] == 4
    assert a.progress.params == {"stale_days": 9, "behind": 0.25, "window": 7, "min_members": 4}
    assert a.funds.params["budget"] == 123_456


def test_contradicting_rules_are_refused(loaded_city: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["report", "--store", str(loaded_city), "--out",
                                 str(tmp_path / "r"), "--min-members", "5", "--max-members", "4"])  # fmt: skip
    assert r.exit_code == 2 and "选项 --max-members 不能小于 --min-members" in r.output
    assert not (tmp_path / "r").exists()


def test_the_command_hands_every_option_through(loaded_city: Path, tmp_path: Path) -> None:
    """``pbgraph report`` with every option away from its default: the workbook's tables
    are those of :func:`build` with the same parameters."""
    p = ReportParams(min_members=2, max_units=4, max_members=40, denominator="eligible",
                     capacity=4, pairing_capacity=2, scope="city", within="district",
                     include_empty=True, count_latent=True, stale_days=3, behind=0.7, window=10,
                     budget=2_000_000, new_org=3_000, demo_site=50_000)  # fmt: skip
    assert all(getattr(p, f.name) != getattr(ReportParams(), f.name) for f in fields(p))
    args = []
    for f in fields(p):
        v = getattr(p, f.name)
        option = f"--{f.name.replace('_', '-')}"
        args += [option] if v is True else [option, str(v)]
    r = CliRunner().invoke(
        cli, ["report", "--store", str(loaded_city), "--out", str(tmp_path / "r"), *args]
    )
    assert r.exit_code == 0, r.output
    with EmbeddedStore(loaded_city, readonly=True) as s:
        expected = build(s.tables(**inputs(p)), params=p)
    got = sheet_rows(tmp_path / "r" / "pbgraph_report.xlsx")
    for s in expected.sheets:
        if s.name in (
            "街道覆盖情况",
            "指导员安排",
            "包挂安排",
            "建议联合支部",
            "工作进度",
            "经费测算",
        ):
            assert len(got[s.name]) == 1 + len(s.rows), s.name
            keys = [k for k, _ in s.columns]
            first = [s.rows[0].get(k) for k in keys]
            cells = [
                c.date().isoformat() if isinstance(c, dt.datetime) else c for c in got[s.name][1]
            ]
            assert [c if c is not None else "" for c in cells] == [
                "" if v is None else v for v in first
            ], s.name
