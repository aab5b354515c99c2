"""Helpers shared by tests of both folders (``tests/unit/`` and ``tests/integration/``):
a test module imports from here, never from another test module."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from click.testing import CliRunner

from pbgraph.analyses.coverage import coverage
from pbgraph.cli import cli
from pbgraph.loaders.load import load_ledgers, pseudonym, same_name
from pbgraph.stores.sqlite import EmbeddedStore

# -- the command line ---------------------------------------------------------------------


def group_cli(*args: str) -> Any:
    """``pbgraph group ARGS``, in-process."""
    return CliRunner().invoke(cli, ["group", *args])


# -- charts and workbooks (the report) ----------------------------------------------------


@contextmanager
def no_missing_glyphs() -> Iterator[list[warnings.WarningMessage]]:
    """Record every warning; fail on a missing glyph (and on any other warning)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    glyphs = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not glyphs, glyphs[:3]
    assert not caught, [str(w.message) for w in caught][:3]


def assert_not_blank(png: Path) -> None:
    from matplotlib import image

    img = image.imread(png)
    assert img.ndim == 3 and min(img.shape[:2]) > 100, png.name
    rgb = (img[..., :3].reshape(-1, 3) * 255).astype(np.uint32)
    assert img.std() > 0.05, f"{png.name} looks blank"
    colours = np.unique(rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2])
    assert len(colours) > 8, f"{png.name}: few colours"


def sheet_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    finally:
        wb.close()


# -- combined ledgers: the truth, read from a store's graph -------------------------------


CATEGORIES = ("own", "joint", "attached", "work", "must_build", "joint_candidate", "no_members")


def load_files(files: list[Path], store: Any, tmp: Path, **kw: Any) -> Any:
    return load_ledgers(files, store, quarantine_dir=tmp, **kw)


def credit_codes(listing: list[dict[str, Any]]) -> set[str]:
    return {x["credit_code"] for x in listing}


def check_truth(G: Any, truth: dict[str, Any], secret: bytes) -> None:
    """Everything the truth says, read from a store's graph."""
    orgs = [n for n, d in G.nodes(data=True) if d["label"] == "Organization"]
    assert len(orgs) == truth["orgs"]
    cov = coverage(G)
    t = {**cov.totals()}
    t["work"], t["joint_candidate"] = t["work_covered"], t["joint_candidates"]
    assert {c: t[c] for c in CATEGORIES} == {c: truth[c] for c in CATEGORIES}
    assert credit_codes(cov.listing("must_build")) == truth["must_build_codes"]
    assert credit_codes(cov.listing("joint_candidate")) == truth["joint_candidate_codes"]
    assert credit_codes(cov.listing("key_unpaired")) == truth["key_unpaired_codes"]
    # streets, as the ledger implied or named them
    streets = Counter(G.nodes[v]["name"] for u, v, k in G.edges(keys=True) if k == "LOCATED_IN")
    assert dict(streets) == truth["streets"]
    districts = {
        G.nodes[p]["name"]
        for u, v, k in G.edges(keys=True)
        if k == "LOCATED_IN"
        for _, p, k2 in G.out_edges(v, keys=True)
        if k2 == "PART_OF"
    }
    assert districts == {truth["district"]}
    # party organizations: one per branch, a joint branch covering its units
    pos = {n: d for n, d in G.nodes(data=True) if d["label"] == "PartyOrg"}
    assert len(pos) == truth["party_orgs"]
    joint = {
        same_name(d["name"]): {
            v.split(":", 1)[1] for _, v, k in G.out_edges(n, keys=True) if k == "COVERS"
        }
        for n, d in pos.items()
        if d["form"] == "joint"
    }
    assert joint == truth["joint_branches"]
    # each instructor's load: the distinct organizations and party organizations guided
    people = [n for n, d in G.nodes(data=True) if d["label"] == "Instructor"]
    assert len(people) == len(truth["instructor_loads"])
    for name, load in truth["instructor_loads"].items():
        iid = "Instructor:" + pseudonym(secret, "I", f"{truth['district']}/{name}")
        assert G.nodes[iid]["name_masked"] == name[0] + "*" * (len(name) - 1)
        assert sum(1 for *_, k in G.out_edges(iid, keys=True) if k == "GUIDES") == load, name
    paired = {
        v.split(":", 1)[1]: same_name(G.nodes[u]["name"])
        for u, v, k in G.edges(keys=True)
        if k == "PAIRED_WITH"
    }
    assert paired == truth["paired"]


def graph_row_by_row(s: EmbeddedStore) -> nx.MultiDiGraph:
    """The store's graph read row by row, every table in key order (how ``store.graph()``
    was read before the projection's tables): the reference."""
    from pbgraph.graphmodel.projection import build_graph
    from pbgraph.graphmodel.schema import NODES, RELS

    def node_rows(label: str) -> Any:
        n = NODES[label]
        bools = {p.name for p in n.props if p.type == "bool"}
        cur = s._db.execute(f'SELECT * FROM "{label}" ORDER BY "{n.key}"')
        names = [d[0] for d in cur.description]
        for row in cur:
            d = {
                k: bool(v) if k in bools else v
                for k, v in zip(names, row, strict=True)
                if v is not None
            }
            yield row[0], {"label": label, **d}

    def rel_rows(r: Any) -> Any:
        for a, b in s._db.execute(f'SELECT src, dst FROM "{r.name}" ORDER BY src, dst'):
            yield a, b, {"type": r.type}

    with s.snapshot():
        return build_graph(((x, node_rows(x)) for x in NODES), ((r, rel_rows(r)) for r in RELS))


def office_stores(tmp_path: Path) -> Iterator[tuple[str, Path, EmbeddedStore]]:
    """Each office-kept ledger set (Lixia's CSV, Shizhong's street workbook, each with the
    member units' workbook) loaded into an embedded store of its own, without rejects:
    ``(name, its folder, the open store)``, the store closed when the next is made."""
    from tests import office_ledgers as ol

    for name, write in [("lixia", ol.lixia_csv), ("shizhong", ol.shizhong_street_xlsx)]:
        folder = tmp_path / name
        folder.mkdir()
        with EmbeddedStore(folder / "store") as s:
            r = load_files([write(folder), ol.member_units_xlsx(folder)], s, folder)
            assert r.rejects == []
            yield name, folder, s
