"""``--partition city|district``, ``--workers N``, ``--scheduler ADDRESS``: the options a
command takes to run partitioned, as one ``province`` argument (``None``: one process)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from ..errors import InputError
from ..i18n import _
from .run import Province

__all__ = ["partition_options", "partitioned"]


def partition_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The three options, handed to the command as ``province`` (a :class:`Province` or
    ``None``)."""

    @functools.wraps(f)
    def wrapper(*args: Any, partition: str | None, workers: int | None,
                scheduler: str | None, **kwargs: Any) -> Any:  # fmt: skip
        return f(*args, province=partitioned(partition, workers, scheduler), **kwargs)

    opts = [
        click.option("--partition", type=click.Choice(["city", "district"]), default=None,
                     help="Run partitioned by city or district on a Dask cluster, with the "
                          "same results (docs/province.md)."),
        click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Worker processes of the local Dask cluster [default: 2]."),
        click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="An existing Dask scheduler (tcp://host:8786) instead of a local "
                          "cluster."),
    ]  # fmt: skip
    for o in reversed(opts):
        wrapper = o(wrapper)
    return wrapper


def partitioned(partition: str | None, workers: int | None, scheduler: str | None) -> Province | None:  # fmt: skip
    """The :class:`Province` of the options (``None`` without ``--partition``)."""
    if partition is None:
        if workers is not None or scheduler is not None:
            raise InputError(_("--workers and --scheduler go with --partition city|district"))
        return None
    if workers is not None and scheduler is not None:
        raise InputError(_("give either --workers (a local cluster) or --scheduler, not both"))
    return Province(partition, workers if scheduler is None else None, scheduler)
