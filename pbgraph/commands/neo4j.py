"""`pbgraph neo4j start|stop|status`: a local Neo4j server
(:mod:`pbgraph.stores.neo4j_local`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from ..errors import PbgraphError
from ..i18n import _
from ..i18n.help import Group
from .common import CONTEXT, handle_errors


@click.group("neo4j", cls=Group, context_settings=CONTEXT)
def neo4j() -> None:
    """A local Neo4j server for people without one (started from Maven Central jars).

    \b
    Example:
      pbgraph neo4j start --port 7687 && export NEO4J_URI=bolt://127.0.0.1:7687
    """


def _data_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--data", type=click.Path(file_okay=False), default=".pbgraph/neo4j",
                        show_default=True, help="Data folder of the local server.")(f)  # fmt: skip


@neo4j.command("start", context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(1, 65535), default=7687, show_default=True)
@click.option(
    "--password",
    envvar="NEO4J_PASSWORD",
    default="pbgraph-local",
    show_default=True,
    help="Password of user neo4j. Env: NEO4J_PASSWORD.",
)
@_data_option
@click.option("--heap", metavar="SIZE",
              help="JVM heap, e.g. 2g. Default: 1/16 of the memory, 512m to 2g.")  # fmt: skip
@click.option("--pagecache", metavar="SIZE",
              help="Page cache, e.g. 4g. Default: the store's size and a quarter, at least "
                   "1/16 of the memory, at most 1/4.")  # fmt: skip
@handle_errors
def neo4j_start(
    port: int, password: str, data: str, heap: str | None, pagecache: str | None
) -> None:
    """Start the local server in the background and print its URI.

    Its memory is sized to the machine and the store unless --heap or --pagecache say
    otherwise; `pbgraph neo4j status` tells what it got.

    \b
    Example:
      pbgraph neo4j start --port 7687 --data .pbgraph/neo4j
      pbgraph neo4j start --heap 4g --pagecache 8g
    """
    from ..stores import neo4j_local

    try:
        uri = neo4j_local.start(
            port=port, data_dir=data, password=password, heap=heap, page_cache=pagecache
        )
    except neo4j_local.LocalNeo4jError as e:
        raise PbgraphError(str(e)) from None
    click.echo(uri)


@neo4j.command("stop", context_settings=CONTEXT)
@_data_option
@handle_errors
def neo4j_stop(data: str) -> None:
    """Stop the local server.

    \b
    Example:
      pbgraph neo4j stop
    """
    from ..stores import neo4j_local

    click.echo(_("stopped") if neo4j_local.stop(data_dir=data) else _("not running"))


@neo4j.command("status", context_settings=CONTEXT)
@_data_option
@handle_errors
def neo4j_status(data: str) -> None:
    """Say whether the local server runs, and where.

    \b
    Example:
      pbgraph neo4j status
    """
    from ..stores import neo4j_local

    st = neo4j_local.status(data_dir=data)
    memory = (_(", heap {heap}, page cache {cache}", heap=st["heap"], cache=st["page_cache"])
              if st.get("heap") else "")  # fmt: skip
    click.echo(
        _("running {uri} (pid {pid}{memory})", uri=st.get("uri"), pid=st.get("pid"), memory=memory)
        if st.get("running")
        else _("not running")
    )
    if not st.get("running"):
        sys.exit(3)
