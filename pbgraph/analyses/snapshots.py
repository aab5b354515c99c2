"""Coverage snapshots: what the ledgers said on a date, and what changed between two dates.

The design, and why it is this simple:

* ``pbgraph load LEDGER... --as-of 2018-07-31`` loads as usual, then runs the coverage
  analysis on the whole store and records the category of every organization (and its
  street) as a result run: ``(:AnalysisRun {id: "coverage-snapshot-2018-07-31", analysis:
  "coverage-snapshot-2018-07-31", params: {as_of, min_members, totals}})-[:SNAPSHOT
  {category, street}]->(:Organization)``. Loading again with the same date replaces that
  snapshot (:func:`pbgraph.graphmodel.results.write_run`), so a late correction to the day's ledgers
  corrects the day's snapshot; other dates are kept.
* The graph itself is not versioned: a store holds the latest ledgers, as before. A
  snapshot is the *outcome* (the coverage category), which is what a planner compares;
  it costs one small row per organization and date, in both stores, and ``graph()`` never
  returns it.
* ``pbgraph coverage --compare D1 D2`` reads the two snapshots and diffs them: organizations
  that **became covered** (by a party organization), **lost coverage**, gained or lost work
  coverage, changed form (e.g. joint → own), are **new** in D2 or **gone** from it — each
  with its reason in a planner's words.

A snapshot records what was loaded by then, not what was true on the date: tag each load
with the date of the ledgers it loads.

Both :func:`take_snapshot` and :func:`compare_stored` take a networkx graph or the tables
of one: ``store.tables(**inputs("take"))`` and ``store.tables(**inputs("compare"))`` read
only the columns each needs, without building a graph.

Examples
--------
>>> before = {"a": ("must_build", "S"), "b": ("joint", "S"), "c": ("no_members", "S")}
>>> after = {"a": ("own", "S"), "b": ("joint_candidate", "S"), "d": ("work", "S")}
>>> d = compare(before, after, "2018-07-01", "2018-07-31")
>>> [(r["credit_code"], r["change"]) for r in d.changes]
[('a', 'became_covered'), ('b', 'lost_coverage'), ('d', 'new'), ('c', 'gone')]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..graphmodel.results import write_run
from ..graphmodel.schema import rel
from ..graphmodel.tables import Tables, tables_of
from ..labels import LANGS, Text, lang_index, pick
from ..labels import columns as label_columns
from ..labels.coverage import CATEGORIES, CHANGE_REASONS, CHANGES, DIFF_COLUMNS
from .coverage import STATE_OF, coverage
from .coverage import inputs as coverage_inputs
from .places import as_date

if TYPE_CHECKING:
    import networkx as nx

    from ..stores.base import Store

__all__ = [
    "CHANGES",
    "SnapshotDiff",
    "compare",
    "compare_stored",
    "inputs",
    "read_snapshot",
    "take_snapshot",
]

SNAPSHOT = rel("SNAPSHOT", "AnalysisRun", "Organization")


def analysis_name(as_of: dt.date | str) -> str:
    """The result run name of the snapshot of a date: ``coverage-snapshot-YYYY-MM-DD``."""
    d = as_date(as_of)
    assert d is not None
    return f"coverage-snapshot-{d.isoformat()}"


def inputs(step: str = "take") -> dict[str, Any]:
    """What :func:`take_snapshot` (``step="take"``: coverage by street) or
    :func:`compare_stored` (``"compare"``: the organizations' names) reads: the arguments
    of ``store.tables``."""
    if step == "take":
        return coverage_inputs("street")
    if step == "compare":
        return {"labels": ["Organization"], "rels": [], "props": {"Organization": ["name"]}}
    raise ValueError(f"step must be take or compare, not {step!r}")


def take_snapshot(
    store: Store, G: nx.MultiDiGraph | Tables, as_of: dt.date | str, *, min_members: int = 3
) -> dict[str, Any]:
    """Record the coverage category of every organization of ``G`` (a graph, or the tables
    ``store.tables(**inputs("take"))``) as of ``as_of`` in ``store`` (replacing a snapshot
    of the same date); returns the run's params."""
    d = as_date(as_of)
    if d is None:
        raise InputError(
            "选项 --as-of 需要一个日期（YYYY-MM-DD） (--as-of needs a date (YYYY-MM-DD))"
        )
    result = coverage(G, by="street", min_members=min_members)
    codes = list(STATE_OF)
    name = analysis_name(d)
    rows = [
        {"end": k, "category": codes[c], "street": result.group_names[g]}
        for k, c, g in zip(
            result.keys, result.codes.tolist(), result.group_of.tolist(), strict=True
        )
    ]
    t = result.totals()
    params = {"as_of": d.isoformat(), "min_members": min_members,
              **{k: t[k] for k in ("total", "org_covered", "work_covered", "uncovered", "rate")}}  # fmt: skip
    write_run(store, name, params, {SNAPSHOT: rows}, run_id=name)
    return params


def read_snapshot(store: Store, as_of: dt.date | str) -> dict[str, tuple[str, str]]:
    """``{credit code: (category, street)}`` of the snapshot of a date (InputError if none)."""
    d = as_date(as_of)
    out = {
        r["end"]: (r["category"], r["street"])
        for r in store.results(analysis_name(as_of))
        if r["type"] == "SNAPSHOT"
    }
    if not out:
        raise InputError(
            f"数据库中没有日期为 {d} 的覆盖快照；请用 `pbgraph load 台账文件... --as-of {d}` 生成 "
            f"(no coverage snapshot dated {d} in the store; "
            f"make one with `pbgraph load LEDGER... --as-of {d}`)"
        )
    return out


@dataclass
class SnapshotDiff:
    """What changed between two snapshots, one row per organization that changed."""

    before: str
    after: str
    changes: list[dict[str, Any]]  # reasons as (zh, en)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(CHANGES, 0)
        for r in self.changes:
            out[r["change"]] += 1
        return out

    def rows(self, *, lang: str = "zh") -> list[dict[str, Any]]:
        i = lang_index(lang)
        return [{**r, "reason": r["reason"][i], "label": CHANGES[r["change"]][i]}
                for r in self.changes]  # fmt: skip

    def columns(self, lang: str = "zh") -> list[tuple[str, str]]:
        return label_columns(DIFF_COLUMNS, lang)

    def to_dict(self, *, lang: str = "zh") -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph coverage --compare`` (docs/commands/coverage.md)."""
        keys = ("credit_code", "name", "street", "change", "from", "to", "reason")
        return {"before": self.before, "after": self.after, "counts": self.counts(),
                "changes": [{k: r[k] for k in keys} for r in self.rows(lang=lang)]}  # fmt: skip

    def to_frame(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.rows())


def _change(a: str, b: str) -> str:
    sa, sb = STATE_OF[a], STATE_OF[b]
    if sb == "org" and sa != "org":
        return "became_covered"
    if sa == "org" and sb != "org":
        return "lost_coverage"
    if sa == "uncovered" and sb == "work":
        return "work_gained"
    if sa == "work" and sb == "uncovered":
        return "work_lost"
    return "changed"


def _reason(kind: str, d1: str, d2: str, **categories: str) -> Text:
    """The reason of a change (zh, en), the categories (``was``, ``now``) in words."""

    def say(lang: str) -> str:
        words = {k: pick(CATEGORIES[c], lang) for k, c in categories.items()}
        return pick(CHANGE_REASONS[kind], lang).format(before=d1, after=d2, **words)

    zh, en = map(say, LANGS)
    return zh, en


def compare(
    before: dict[str, tuple[str, str]],
    after: dict[str, tuple[str, str]],
    d1: str,
    d2: str,
    *,
    names: dict[str, str] | None = None,
) -> SnapshotDiff:
    """Diff two snapshots (``{credit code: (category, street)}``); ``names`` gives names.

    Only the organizations that changed are looked at one by one: the others are told
    apart by set operations on the codes."""
    names = names or {}
    order = {c: i for i, c in enumerate(CHANGES)}
    codes = [k for k in before.keys() & after.keys() if before[k][0] != after[k][0]]
    codes += after.keys() - before.keys()
    codes += before.keys() - after.keys()
    out: list[dict[str, Any]] = []
    for code in codes:
        a, b = before.get(code), after.get(code)
        if a is None:
            assert b is not None
            ch, reason = "new", _reason("new", d1, d2, now=b[0])
        elif b is None:
            ch, reason = "gone", _reason("gone", d1, d2, was=a[0])
        else:
            ch, reason = _change(a[0], b[0]), _reason("changed", d1, d2, was=a[0], now=b[0])
        out.append({"credit_code": code, "name": names.get(code, ""),
                    "street": (b or a or ("", ""))[1], "change": ch,
                    "from": a[0] if a else None, "to": b[0] if b else None,
                    "reason": reason})  # fmt: skip
    out.sort(key=lambda r: (order[r["change"]], r["street"], r["credit_code"]))  # codes unique
    return SnapshotDiff(d1, d2, out)


def compare_stored(
    store: Store,
    d1: dt.date | str,
    d2: dt.date | str,
    G: nx.MultiDiGraph | Tables | None = None,
) -> SnapshotDiff:
    """Diff the snapshots of two dates in ``store`` (names from ``G`` when given: a graph,
    or the tables ``store.tables(**inputs("compare"))``)."""
    a, b = as_date(d1), as_date(d2)
    assert a is not None and b is not None
    diff = compare(read_snapshot(store, a), read_snapshot(store, b), a.isoformat(), b.isoformat())
    if G is not None:  # the names of those that changed only
        t = G if isinstance(G, Tables) else tables_of(G)
        ix, names = t.index("Organization"), t.column("Organization", "name")
        for r in diff.changes:
            j = ix.get(r["credit_code"])
            r["name"] = "" if j is None or names[j] is None else names[j]
    return diff
