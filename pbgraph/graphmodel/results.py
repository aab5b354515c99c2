"""One write-back of an analysis run: what ``--write-back`` and ``--as-of`` store.

A run is an ``(:AnalysisRun {id, analysis, created, params})`` node with result
relationships to the nodes it is about (``FLAGS``, ``ASSIGNS``, ``PAIRS``, ``PROPOSES``,
``SNAPSHOT``: the schema's ``RESULT_RELS``). Writing a run replaces the previous run of the
same analysis, in one transaction, in either store; ``store.graph()`` never returns runs,
``store.results(analysis)`` reads them back.

Examples
--------
>>> import tempfile
>>> from pbgraph.stores import open_store
>>> with tempfile.TemporaryDirectory() as d, open_store(d) as s:
...     run = write_run(s, "coverage", {"by": "street"}, {FLAGS: [{"end": "o1", "category": "a"}]})
...     [(r["type"], r["end"], r["category"]) for r in s.results("coverage")]
[('FLAGS', 'o1', 'a')]
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .schema import RelType, rel

if TYPE_CHECKING:
    from ..stores.base import Store

__all__ = ["FLAGS", "PROPOSES", "Plan", "write_plan", "write_run"]

#: An uncovered organization a coverage run found (``category``, ``reason``).
FLAGS = rel("FLAGS", "AnalysisRun", "Organization")
#: An organization a grouping run proposes for a joint branch.
PROPOSES = rel("PROPOSES", "AnalysisRun", "Organization")


def write_run(
    store: Store,
    analysis: str,
    params: Mapping[str, Any],
    rels: Mapping[RelType, Iterable[Mapping[str, Any]]],
    *,
    run_id: str | None = None,
) -> str:
    """Store a run of ``analysis``, replacing its previous run; returns the run's id.

    Args:
        store: where to write (either store).
        analysis: the analysis's name (``"coverage"``, ``"balance-instructors"``, ...): a
            run replaces the previous run of the same name only.
        params: the run's parameters, kept as JSON on the run node.
        rels: result relationship type → rows ``{end: key, property: value, ...}``; the run
            is their start.
        run_id: the run's id; by default ``<analysis>-<12 random hex digits>``.
    """
    run_id = run_id or f"{analysis}-{uuid.uuid4().hex[:12]}"
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    store.replace_results(
        analysis,
        {"id": run_id, "created": created, "params": dict(params)},
        {r: [{"start": run_id, **row} for row in rows] for r, rows in rels.items()},
    )
    return run_id


class Plan(Protocol):
    """What :func:`write_plan` needs of a balance plan
    (:class:`pbgraph.analyses.balance.BalanceResult`)."""

    @property
    def kind(self) -> str: ...  # instructors | pairings

    @property
    def params(self) -> dict[str, Any]: ...

    def findings(self) -> list[dict[str, Any]]: ...


def write_plan(store: Store, plan: Plan) -> str:
    """Store a balance plan as run ``balance-<kind>`` (replacing the previous plan of that
    kind): ``ASSIGNS {instructor, reason, kept}`` to organizations and party organizations,
    or ``PAIRS {member_unit, reason, kept}`` to organizations. Returns the run's id."""
    if plan.kind == "instructors":
        types = {
            "Organization": rel("ASSIGNS", "AnalysisRun", "Organization"),
            "PartyOrg": rel("ASSIGNS", "AnalysisRun", "PartyOrg"),
        }
        who = "instructor"
    else:
        types = {"Organization": rel("PAIRS", "AnalysisRun", "Organization")}
        who = "member_unit"
    rows: dict[RelType, list[dict[str, Any]]] = {r: [] for r in types.values()}
    for f in plan.findings():
        rows[types[f["label"]]].append({"end": f["end"], who: f["supplier"],
                                        "reason": f["reason"], "kept": f["kept"]})  # fmt: skip
    params = {k: v for k, v in plan.params.items() if k not in ("weights", "capacities")}
    return write_run(store, f"balance-{plan.kind}", params, rows)
