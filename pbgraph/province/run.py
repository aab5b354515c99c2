"""A command's analysis, partitioned: list the partitions, run one task each on the
cluster, merge; write every partition's own result and the province summary; a partition
that failed is named (exit 2) after the others' results are written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, StoreUnreachableError
from ..i18n import _
from . import cluster
from .partitions import Partition, StoreSpec, list_partitions

__all__ = ["Job", "Province", "results_dir", "run"]


@dataclass(frozen=True)
class Job:
    """What a partitioned run works on: the store, its partitions, the output file."""

    spec: StoreSpec
    parts: list[Partition]
    out_file: str | None


@dataclass(frozen=True)
class Province:
    """``--partition city|district``, ``--workers N`` or ``--scheduler ADDRESS``."""

    level: str
    workers: int | None = None
    scheduler: str | None = None


def spec_of(params: dict[str, Any]) -> tuple[StoreSpec, list[Partition], str]:
    """The store the options name (checked as the command would open it), as a worker
    opens it; and the level's partitions."""
    from ..commands.common import open_store
    from ..stores.sqlite import EmbeddedStore

    level = params.pop("_level")
    given = dict(params)
    with open_store(given) as s:
        parts = list_partitions(s, level)
        if isinstance(s, EmbeddedStore):
            spec = StoreSpec(store_dir=str(s.directory.resolve()))
        else:
            spec = StoreSpec(uri=getattr(s, "uri", None), user=params.get("neo4j_user") or "neo4j",
                             password=params.get("neo4j_password"),
                             database=getattr(s, "database", None))  # fmt: skip
    return spec, parts, level


def results_dir(command: str, out_file: str | None) -> Path:
    """Where every partition's own result and the province summary are written:
    ``<--out without its extension>.partitions/``, else ``pbgraph-partitions/<command>/``."""
    if out_file:
        p = Path(out_file)
        return p.with_name(p.stem + ".partitions")
    return Path("pbgraph-partitions") / command


def write_parts(folder: Path, rows: Sequence[tuple[Partition, Any]], summary: Any) -> None:
    """Each partition's result as ``<folder>/<code with / as _>.json`` (tagged with the
    partition), and ``province.json``, written atomically."""
    from ..jsontext import json_bytes
    from ..outputs import make_dir, write_bytes

    make_dir(folder)
    for part, value in rows:
        name = part.root.replace("/", "_") + ".json"
        obj = {"partition": part.root, "level": part.level, "result": value}
        write_bytes(folder / name, json_bytes(obj))
    if summary is not None:
        write_bytes(folder / "province.json", json_bytes(summary))


def outcomes_or_fail(command: str, out_file: str | None, outcomes: list[cluster.Outcome],
                     as_json: Callable[[Any], Any]) -> list[Any]:  # fmt: skip
    """The values of ``outcomes``; when one failed, the others' results are written
    (:func:`results_dir`) and the failed partitions named: exit 3 when each lost the
    store (as the single process would), else 2."""
    failed = [o for o in outcomes if o.error is not None]
    if not failed:
        return [o.value for o in outcomes]
    folder = results_dir(command, out_file)
    done = [(o.partition, as_json(o.value)) for o in outcomes if o.error is None]
    write_parts(folder, done, None)
    what = "；".join(f"{o.partition}: {o.error}" for o in failed)
    lost = all(isinstance(o.error, StoreUnreachableError) for o in failed)
    raise (StoreUnreachableError if lost else InputError)(_("{n} of {total} partitions failed ({what}); the other partitions' "
                       "results are in {folder}", n=len(failed), total=len(outcomes), what=what,
                       folder=folder))  # fmt: skip


def run(command: str, store: dict[str, Any], province: Province, out_file: str | None,
        **kw: Any) -> Any:  # fmt: skip
    """The merged result of ``command`` (coverage, group, progress, funds, balance) over
    the partitions of ``province``, as the single process's result would be."""
    from . import steps

    spec, parts, _level = spec_of({**store, "_level": province.level})
    with cluster.client(province.workers, province.scheduler) as c:
        return steps.STEPS[command](c, Job(spec, parts, out_file), **kw)


def today() -> dt.date:
    return dt.date.today()
