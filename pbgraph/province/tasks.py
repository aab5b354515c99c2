"""What a worker runs for one partition: open the store itself, read the partition's
tables only, run the unchanged analysis, return what the merge needs (and write its own
results back when asked). Top-level functions, so that Dask sends them by name."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Any

from ..graphmodel.tables import Tables
from .partitions import Partition, StoreSpec, read_partition

__all__ = ["coverage_task", "funds_task", "group_task", "period_task", "progress_task"]


@contextmanager
def _reading(spec: StoreSpec) -> Any:
    store = spec.open()
    try:
        with store.snapshot():
            yield store
    finally:
        store.close()


def tables(spec: StoreSpec, wanted: dict[str, Any], part: Partition) -> Tables:
    """Partition ``part``'s tables ``wanted``, read by this worker from the store."""
    with _reading(spec) as s:
        return read_partition(s, wanted, part)


def _write_run(spec: StoreSpec, analysis: str, params: dict[str, Any],
               found: dict[Any, Any]) -> str:  # fmt: skip
    from ..graphmodel.results import write_run

    store = spec.open(write=True)
    try:
        return write_run(store, analysis, params, found)
    finally:
        store.close()


def coverage_task(part: Partition, spec: StoreSpec, opts: dict[str, Any], lang: str,
                  list_name: str | None, write_back: bool) -> dict[str, Any]:  # fmt: skip
    from ..analyses.coverage import coverage, inputs
    from ..analyses.places import inputs as places_inputs
    from ..analyses.places import merge_inputs
    from .merge import coverage_part

    by = opts["by"]
    wanted = merge_inputs(inputs(by), places_inputs()) if list_name else inputs(by)
    t = tables(spec, wanted, part)
    result = coverage(t, **opts)
    part_out = coverage_part(result, t, lang, list_name)
    if write_back:
        from ..graphmodel.results import FLAGS

        params = result.params | {"by": by, "partition": part.root}
        part_out["run"] = _write_run(spec, "coverage", params, {FLAGS: result.findings()})
    return part_out


def group_task(part: Partition, spec: StoreSpec, opts: dict[str, Any], lang: str,
               write_back: bool) -> Any:  # fmt: skip
    from ..analyses.grouping import group, inputs

    t = tables(spec, inputs(within=opts["within"], count_latent=opts["count_latent"]), part)
    result = group(t, **opts)
    if write_back and result.groups:
        from ..graphmodel.results import PROPOSES

        params = result.params | {"partition": part.root}
        _write_run(spec, "group", params, {PROPOSES: result.findings(lang=lang)})
    return result


def period_task(part: Partition, spec: StoreSpec, kind: str) -> dict[str, Any]:
    """The dates a default period is made of (``kind``: progress or funds)."""
    from .merge import latest_part, period_part

    if kind == "progress":
        wanted = {"labels": ["VisitReport", "PartyOrg"], "rels": [],
                  "props": {"VisitReport": ["date"], "PartyOrg": ["founded"]}}  # fmt: skip
        return period_part(tables(spec, wanted, part))
    wanted = {"labels": ["PartyOrg", "DemoSite"], "rels": [],
              "props": {"PartyOrg": ["founded"], "DemoSite": ["designated"]}}  # fmt: skip
    return latest_part(tables(spec, wanted, part))


def progress_task(part: Partition, spec: StoreSpec, opts: dict[str, Any],
                  since: dt.date | None, until: dt.date | None) -> Any:  # fmt: skip
    from ..analyses.progress import inputs, progress

    return progress(tables(spec, inputs(), part), since=since, until=until, **opts)


def funds_task(part: Partition, spec: StoreSpec, opts: dict[str, Any], since: dt.date,
               until: dt.date) -> Any:  # fmt: skip
    from ..analyses.funds import funds, inputs

    return funds(tables(spec, inputs(), part), since=since, until=until, **opts)


def report_task(part: Partition, spec: StoreSpec, out: str, lang: str, params: Any) -> dict[str, Any]:  # fmt: skip
    """A partition's whole report, written by the worker into ``out/<partition>/`` (a
    folder the workers share with the parent), and its coverage figures."""
    from pathlib import Path

    from ..analyses.coverage import coverage
    from ..report import inputs, write_report

    t = tables(spec, inputs(params), part)
    folder = Path(out) / part.root.replace("/", "_")
    files = write_report(t, folder, lang=lang, params=params)
    c = coverage(t, by="district", **params.coverage()).totals()
    return {"folder": str(folder), "html": str(files["html"]),
            **{k: c[k] for k in ("total", "org_covered", "work_covered", "uncovered", "rate")}}  # fmt: skip
