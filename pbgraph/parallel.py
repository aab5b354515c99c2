"""Two cores: :func:`beside` runs a job in a forked child process while this one goes on,
and hands back its result or its error when asked. The report runs two of its analyses
beside the others this way, and writes its workbook while it renders the charts
(:mod:`pbgraph.report`); the embedded store copies its relationships into its column files
beside its labels (:mod:`pbgraph.stores.sqlite_columns`): on a machine of two cores each
takes the time of the longer side instead of both.

A forked child sees everything the parent had (the tables, the results so far) without a
copy; only its result comes back, pickled. Where processes cannot be forked (not Linux) the
job runs at once, in this process: the same results, one after the other.

>>> wait = beside(lambda: sum(range(10)))
>>> wait()
45
>>> def fail() -> None:
...     raise ValueError("no single street called 'x'")
>>> beside(fail)()
Traceback (most recent call last):
ValueError: no single street called 'x'
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["beside"]

T = TypeVar("T")


def beside(job: Callable[[], T]) -> Callable[[], T]:
    """Start ``job`` in a child process (forked: it sees everything this one has) and
    return a function that waits for it and returns its result or raises its error. Where
    processes cannot be forked (not Linux), ``job`` runs now.

    The objects made so far are frozen for the collector first (``gc.freeze``), so that
    the child copies only the memory it writes to.
    """
    if sys.platform != "linux":
        try:
            result = job()
        except Exception as e:
            error = e

            def fail() -> T:
                raise error

            return fail
        return lambda: result
    read, write = os.pipe()
    gc.freeze()
    pid = os.fork()
    if pid == 0:  # the child: the job, its result or error down the pipe, and out
        status = 1
        try:
            os.close(read)
            try:
                out: tuple[str, Any] = ("ok", job())
            except BaseException as e:  # told to the parent
                out = ("error", e)
            try:
                payload = pickle.dumps(out, pickle.HIGHEST_PROTOCOL)
            except Exception:  # a result or an error that cannot be pickled
                payload = pickle.dumps(("error", RuntimeError(repr(out[1]))))
            with os.fdopen(write, "wb") as f:
                f.write(payload)
            status = 0
        finally:
            os._exit(status)  # never back into the parent's code (or a test runner)
    gc.unfreeze()
    os.close(write)

    def wait() -> T:
        with os.fdopen(read, "rb") as f:
            payload = f.read()
        _, status = os.waitpid(pid, 0)
        if not payload:
            raise RuntimeError(f"a child process ended without a result ({status})")
        kind, value = pickle.loads(payload)  # our own child's
        if kind == "error":
            raise value
        return value

    return wait
