"""A Neo4j server or connection lost in the middle of work: a clear "unreachable" (exit 3)
instead of a traceback, and a read run once more when the driver broke its connection.

The driver retries a managed transaction by itself when the connection is lost or the
server calls the error transient (for up to ``max_transaction_retry_time``). It waits 120 s
for a silent server (the ``connection.recv_timeout_seconds`` Neo4j announces; a long query
is kept alive by the server's no-op messages). Once in CI a read timed out so, and the
driver's clean-up then failed with ``BufferError: Existing exports of data: object cannot
be re-sized`` (the timeout's traceback still held the connection's buffer), which its retry
does not catch: :func:`execute_read` runs such a read once more on a new driver.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from ..errors import StoreUnreachableError
from . import said

log = logging.getLogger("pbgraph.stores.neo4j")


def driver_broke(e: BufferError) -> bool:
    """Whether ``e`` was raised inside the driver (then the connection is as good as
    lost), not by pbgraph's own code."""
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_globals.get("__name__", "").startswith("neo4j.")


@contextlib.contextmanager
def lost(uri: str) -> Iterator[None]:
    """A server that goes away mid-work is 'unreachable' (exit 3), not a traceback."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError) as e:
        raise StoreUnreachableError(said.neo4j_lost(uri, e)) from None
    except BufferError as e:
        if not driver_broke(e):
            raise
        raise StoreUnreachableError(said.neo4j_lost(uri, e)) from None


def execute_read(uri: str, session: Callable[[], Any], renew: Callable[[], None],
                 work: Callable[[Any], Any]) -> Any:  # fmt: skip
    """``work(tx)`` in a read transaction of ``session()``; when the driver broke the
    connection (:func:`driver_broke`), once more after ``renew()`` (a new driver), with a
    warning in the log; a second break is a lost connection."""
    with lost(uri):
        s = session()
        try:
            return s.execute_read(work)
        except BufferError as e:
            if not driver_broke(e):
                raise
            log.warning("%s; reading again on a new connection", said.neo4j_lost(uri, e))
            renew()  # the old driver closed: its connections, the broken one with them
        finally:
            s.close()
        with session() as s:
            return s.execute_read(work)
