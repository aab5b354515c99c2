"""pbgraph's errors: one base, a subclass per way things go wrong, each with an exit code.

Messages say what is wrong and how to fix it; the CLI prints them on one line, no traceback.
"""

from __future__ import annotations

__all__ = [
    "DiskError",
    "InfeasibleError",
    "InputError",
    "PbgraphError",
    "StoreError",
    "StoreUnreachableError",
]


class PbgraphError(Exception):
    """Base of every error pbgraph raises on purpose."""

    exit_code = 2


class InputError(PbgraphError):
    """Bad usage or bad input: a file that cannot be read, an option that makes no sense."""

    exit_code = 2


class StoreError(PbgraphError):
    """The store rejected an operation (wrong label, a store from a newer version...)."""

    exit_code = 2


class StoreUnreachableError(StoreError):
    """The store could not be reached (Neo4j down, wrong password, locked file)."""

    exit_code = 3


class InfeasibleError(PbgraphError):
    """An optimisation problem has no solution with the given parameters."""

    exit_code = 2


class DiskError(PbgraphError):
    """The operating system refused a read or write (disk full, permission denied, read-only
    media). The message names the path."""

    exit_code = 4
