"""The service circle (服务圈) on hand-made office ledgers (tests/service_ledgers.py): the
load and its quarantine, the exact plan (same street first, then district, then city), the
unmet needs by street and the feedback per project; the solver against brute force on small
random cases; ``pbgraph services``."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from pbgraph.analyses.service_match import Need, Project, distance, match
from pbgraph.analyses.services import inputs, services
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.service_ledgers import base_ledgers, needs_csv, projects_xlsx


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    d = tmp_path_factory.mktemp("services")
    paths = [*base_ledgers(d), needs_csv(d), projects_xlsx(d)]  # needs first: LOAD_ORDER sorts
    with EmbeddedStore(d / "store") as s:
        result = load_ledgers(paths, s, quarantine_dir=d)
    return d / "store", result.rejects


def _result(store: Path):  # noqa: ANN202
    with EmbeddedStore(store) as s:
        return services(s.tables(**inputs()))


def test_bad_rows_are_quarantined(loaded: tuple[Path, list]) -> None:
    assert sorted((r.row, r.column, r.rule) for r in loaded[1]) == [
        (14, "需求类型", "value"), (15, "对接项目编号", "reference"), (16, "评价得分", "value")
    ]  # fmt: skip


def test_the_plan(loaded: tuple[Path, list]) -> None:
    r = _result(loaded[0])
    plan = {n["need"]: (n["project"], n["near"]) for n in r.needs()}
    assert plan == {
        "N1": ("S1", "street"), "N2": ("S1", "street"), "N3": ("S4", "district"),
        "N4": (None, None), "N5": (None, None), "N6": ("S2", "street"),
        "N7": ("S3", "street"), "N8": (None, None), "N11": ("S5", "city"),
    }  # fmt: skip
    reasons = {n["need"]: n["reason"] for n in r.needs()}
    assert reasons["N8"] == "全市没有融资服务项目"
    assert reasons["N5"] == "党务培训项目的容量已用完（共1家，其中0家已对接在先），需增加项目或容量"
    assert (
        reasons["N3"]
        == "本街道没有可用的法律服务项目，由本区“法律服务站”承接（历下区人社局，历下区司法局）"
    )
    assert r.needs(lang="en")[0]["reason"].startswith("no legal services project left")
    assert r.totals()["near"] == {"street": 4, "district": 1, "city": 1}


def test_unmet_by_street_and_projects(loaded: tuple[Path, list]) -> None:
    r = _result(loaded[0])
    streets = {s["street"]: s for s in r.streets()}
    assert streets["市中区/大观园街道"] == {
        "street": "市中区/大观园街道", "needs": 5, "met_before": 1, "open": 4, "assigned": 2,
        "unmet": 2, "unmet_types": "法律服务 1、融资服务 1"}  # fmt: skip
    assert (streets["历下区/泉城路街道"]["unmet"], streets["历下区/千佛山街道"]["unmet"]) == (1, 0)
    assert streets["合计"]["needs"] == 11 and streets["合计"]["unmet"] == 3
    projects = {p["project"]: p for p in r.projects()}
    assert projects["S3"] == {"project": "S3", "name": "招聘用工对接会", "type": "人才招聘",
                              "provider": "山东丙律师事务所", "place": "大观园商圈", "capacity": 3,
                              "met_before": 2, "assigned": 1, "left": 0, "feedback": 2,
                              "score": 85.0}  # fmt: skip
    assert projects["S5"]["left"] == 1 and projects["S5"]["score"] is None


def _brute(needs: list[Need], projects: list[Project]) -> tuple[int, int]:
    """The best (needs met, -distance) over every assignment: an independent check."""
    best = (0, 0)
    choices = [[None, *(p for p in projects if p.type == n.type)] for n in needs]
    for combo in itertools.product(*choices):
        used: dict[str, int] = {}
        for p in combo:
            if p is not None:
                used[p.id] = used.get(p.id, 0) + 1
        if any(used.get(p.id, 0) > p.capacity for p in projects):
            continue
        met = [(n, p) for n, p in zip(needs, combo, strict=True) if p is not None]
        best = max(best, (len(met), -sum(distance(n, p) for n, p in met)))
    return best


@pytest.mark.parametrize("seed", range(60))
def test_the_plan_is_optimal_against_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    streets = {"A": ["A/s", "A/t"], "B": ["B/u"]}

    def place() -> tuple[str | None, str | None]:
        d = rng.choice(["A", "B", None])
        return (d, rng.choice([*streets[d], None])) if d else (None, None)

    needs = [Need(f"n{i}", rng.choice("xy"), *place(), f"2018-0{rng.randint(1, 9)}-01")
             for i in range(rng.randint(1, 6))]  # fmt: skip
    projects = [Project(f"p{i}", rng.choice("xy"), rng.randint(0, 3), *place())
                for i in range(rng.randint(1, 3))]  # fmt: skip
    plan = match(needs, projects)
    by_id, need = {p.id: p for p in projects}, {n.id: n for n in needs}
    for pid in set(plan.values()):
        assert sum(1 for v in plan.values() if v == pid) <= by_id[pid].capacity
    assert all(need[n].type == by_id[p].type for n, p in plan.items())
    got = (len(plan), -sum(distance(need[n], by_id[p]) for n, p in plan.items()))
    assert got == _brute(needs, projects)


def test_first_stated_first_met() -> None:
    needs = [
        Need("late", "x", "A", "A/s", "2018-06-01"),
        Need("early", "x", "A", "A/s", "2018-01-01"),
    ]
    assert match(needs, [Project("p", "x", 1, "A", "A/s")]) == {"early": "p"}


def test_cli(loaded: tuple[Path, list]) -> None:
    run = CliRunner().invoke
    out = run(cli, ["services", "--store", str(loaded[0]), "--show", "unmet"])
    assert out.exit_code == 0, out.output
    assert "全市没有融资服务项目" in out.output and "N1 " not in out.output
    data = json.loads(run(cli, ["services", "--store", str(loaded[0]), "--format", "json"]).output)
    assert data["totals"]["unmet"] == 3 and len(data["projects"]) == 5
    out = run(cli, ["services", "--store", str(loaded[0]), "--show", "streets", "--district",
                    "历下区", "--lang", "en"])  # fmt: skip
    assert "大观园" not in out.output and "unmet" in out.output
