"""``pbgraph export`` writes the transfers, service projects and service needs ledgers back
out (loaders/services_export.py): loading them into a new store gives the same nodes and
relationships, and the transfers ledger names members by pseudonym, never by ID number."""

from __future__ import annotations

from pathlib import Path

from pbgraph.loaders.export import export_ledgers
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from tests.service_ledgers import base_ledgers, needs_csv, projects_xlsx, rid, transfers_xlsx

_LABELS = ("Transfer", "ServiceProject", "ServiceNeed")


def _part(store: EmbeddedStore) -> tuple[list, list]:
    G = store.graph()
    nodes = sorted((n, tuple(sorted(d.items()))) for n, d in G.nodes(data=True)
                   if d.get("label") in _LABELS)  # fmt: skip
    rels = sorted((u, v, k) for u, v, k in G.edges(keys=True) if u.split(":")[0] in _LABELS)
    return nodes, rels


def test_export_then_load_gives_the_same_part(tmp_path: Path) -> None:
    paths = [*base_ledgers(tmp_path / "in"), transfers_xlsx(tmp_path / "in"),
             projects_xlsx(tmp_path / "in"), needs_csv(tmp_path / "in")]  # fmt: skip
    with EmbeddedStore(tmp_path / "a") as a:
        load_ledgers(paths, a, quarantine_dir=tmp_path)
        files = export_ledgers(a.graph(), tmp_path / "out")
        before = _part(a)
    names = {f.name for f in files}
    assert {"21_组织关系转接台账.xlsx", "22_党建服务项目台账.xlsx", "23_服务需求台账.xlsx"} <= names
    from openpyxl import load_workbook

    cells = [str(c) for row in load_workbook(tmp_path / "out" / "21_组织关系转接台账.xlsx").active
             .iter_rows(values_only=True) for c in row if c]  # fmt: skip
    assert not any(rid(n) in c for c in cells for n in ("张三", "李四"))
    assert any(c.startswith("M-") for c in cells)
    with EmbeddedStore(tmp_path / "b") as b:
        result = load_ledgers(files, b, quarantine_dir=tmp_path / "q")
        assert result.rejects == []
        after = _part(b)
    assert after == before
    assert len(before[0]) == 7 + 5 + 11
