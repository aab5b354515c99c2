"""Each command's partitioned run: the tasks it sends, the merge, every partition's own
result and the province summary (one row per partition, with its city)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from . import cluster, merge, tasks
from .partitions import Partition
from .run import Job, outcomes_or_fail, results_dir, write_parts

__all__ = ["STEPS"]


def _city(part: Partition) -> str:
    return part.root if part.level == "city" else part.root.rpartition("/")[0]


def _summary(command: str, parts: Sequence[Partition], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    """The province summary: per partition (and its city), the figures of ``rows``."""
    return {
        "command": command,
        "level": parts[0].level if parts else "",
        "partitions": [
            {"partition": p.root, "city": _city(p), **r} for p, r in zip(parts, rows, strict=True)
        ],  # fmt: skip
    }


def _finish(command: str, out_file: str | None, parts: Sequence[Partition],
            values: Sequence[Any], own: Sequence[Any], figures: Sequence[dict[str, Any]]) -> None:  # fmt: skip
    if out_file:
        write_parts(results_dir(command, out_file), list(zip(parts, own, strict=True)),
                    _summary(command, parts, figures))  # fmt: skip


def coverage(c: Any, job: Job, *,
             opts: dict[str, Any], lang: str, list_name: str | None, write_back: bool) -> Any:  # fmt: skip
    spec, parts, out_file = job.spec, job.parts, job.out_file
    outs = cluster.map_partitions(c, tasks.coverage_task, parts, spec, opts, lang, list_name,
                                  write_back)  # fmt: skip
    values = outcomes_or_fail("coverage", out_file, outs, lambda v: v["json"])
    merged = merge.merge_coverage(values, opts["by"], opts["denominator"])
    figures = []
    for v in values:
        t = merge._counts(v["groups"])
        figures.append({k: t[k] for k in ("total", "org_covered", "work_covered", "uncovered",
                                          "rate", "own_rate")})  # fmt: skip
    _finish("coverage", out_file, parts, values, [v["json"] for v in values], figures)
    return merged


def group(c: Any, job: Job, *,
          opts: dict[str, Any], lang: str, write_back: bool) -> Any:  # fmt: skip
    spec, parts, out_file = job.spec, job.parts, job.out_file
    outs = cluster.map_partitions(c, tasks.group_task, parts, spec, opts, lang, write_back)
    values = outcomes_or_fail("group", out_file, outs, lambda v: v.to_dict(lang=lang))
    merged = merge.merge_grouping(values)
    _finish("group", out_file, parts, values, [v.to_dict(lang=lang) for v in values],
            [v.totals() for v in values])  # fmt: skip
    return merged


def progress(c: Any, job: Job, *,
             opts: dict[str, Any], since: Any, until: Any, lang: str) -> Any:  # fmt: skip
    spec, parts, out_file = job.spec, job.parts, job.out_file
    from ..analyses.places import as_date

    outs = cluster.map_partitions(c, tasks.period_task, parts, spec, "progress")
    dates = outcomes_or_fail("progress", out_file, outs, lambda v: {})
    since_d, until_d = merge.progress_period(dates, as_date(since), as_date(until))
    outs = cluster.map_partitions(c, tasks.progress_task, parts, spec, opts, since_d, until_d)
    values = outcomes_or_fail("progress", out_file, outs, lambda v: v.to_dict(lang=lang))
    merged = merge.merge_progress(values, opts)
    _finish("progress", out_file, parts, values, [v.to_dict(lang=lang) for v in values],
            [{k: v.city[k] for k in ("need", "visits", "named", "share", "founded")}
             for v in values])  # fmt: skip
    return merged


def funds(c: Any, job: Job, *,
          opts: dict[str, Any], since: Any, until: Any, lang: str) -> Any:  # fmt: skip
    spec, parts, out_file = job.spec, job.parts, job.out_file
    from ..analyses.places import as_date

    outs = cluster.map_partitions(c, tasks.period_task, parts, spec, "funds")
    dates = outcomes_or_fail("funds", out_file, outs, lambda v: {})
    since_d, until_d = merge.funds_period(dates, as_date(since), as_date(until))
    if since_d > until_d:
        from ..errors import InputError

        raise InputError(f"起始日期 {since_d} 晚于截止日期 {until_d} "
                         f"(since ({since_d}) is after until ({until_d}))")  # fmt: skip
    outs = cluster.map_partitions(c, tasks.funds_task, parts, spec, opts, since_d, until_d)
    values = outcomes_or_fail("funds", out_file, outs, lambda v: v.to_dict(lang=lang))
    merged = merge.merge_funds(values)
    _finish("funds", out_file, parts, values, [v.to_dict(lang=lang) for v in values],
            [{k: v.totals()[k] for k in ("new_orgs", "demo_sites", "total")} for v in values])  # fmt: skip
    return merged


def balance(c: Any, job: Job, **kw: Any) -> Any:  # fmt: skip
    from .balance import run_balance

    return run_balance(c, job, **kw)


STEPS: dict[str, Callable[..., Any]] = {
    "coverage": coverage, "group": group, "progress": progress, "funds": funds,
    "balance": balance,
}  # fmt: skip


def report(c: Any, job: Job, *, out: str, lang: str, params: Any) -> dict[str, Any]:
    """A report per partition, written by the workers into ``out/<partition>/``, and the
    province summary (``out/province.json``, one row per partition with its city)."""
    from pathlib import Path

    from ..jsontext import json_bytes
    from ..outputs import make_dir, write_bytes

    folder = str(make_dir(Path(out).resolve()))
    outs = cluster.map_partitions(c, tasks.report_task, job.parts, job.spec, folder, lang, params)
    values = outcomes_or_fail("report", str(Path(out) / "province.json"), outs, lambda v: v)
    summary = _summary("report", job.parts, values)
    write_bytes(Path(out) / "province.json", json_bytes(summary))
    return summary


STEPS["report"] = report
