"""`pbgraph neo4j start|stop|status`: a local Neo4j server
(:mod:`pbgraph.stores.neo4j_local`), and Neo4j Browser beside it (``start --browser``).

``start`` tells what it is doing on standard error (:class:`StartProgress`): building the
launcher and fetching jars from Maven Central, starting, waiting for Bolt, with the seconds
since the command began; its standard output is the Bolt URI alone (scripts read it).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
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


class StartProgress:
    """``neo4j start``'s progress on standard error, as a callback for
    :func:`pbgraph.stores.neo4j_local.start` (its events: ``build``, ``fetch``, ``start``,
    ``wait``, ``running``; then :meth:`done`): on a terminal one line that changes as the start
    goes on, with a spinner and the time since the command began; otherwise a plain line per
    step with the seconds; nothing with ``quiet``."""

    def __init__(self, *, quiet: bool = False, tty: bool | None = None) -> None:
        self.quiet = quiet
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.began = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self.last = ""

    def __enter__(self) -> StartProgress:
        if self.quiet or not self.tty:
            return self
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                             TimeElapsedColumn(),
                             console=Console(file=sys.stderr, force_terminal=True))  # fmt: skip
        self._bar.start()
        self._task = self._bar.add_task(_("preparing Neo4j's launcher"), total=None)
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:  # fmt: skip
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @staticmethod
    def message(event: str, **fields: Any) -> str:
        """What ``event`` means, in the language in force."""
        if event == "build":
            return _("building Neo4j's launcher with Maven (the first time, it fetches "
                     "Neo4j's jars from Maven Central: about 90 s)")  # fmt: skip
        if event == "fetch":
            return _("fetching Neo4j's jars from Maven Central: {jars} so far", jars=fields["jars"])
        if event == "start":
            return _("starting Neo4j (heap {heap}, page cache {cache})",
                     heap=fields["heap"], cache=fields["page_cache"])  # fmt: skip
        if event == "wait":
            return _("waiting for Bolt on {uri}", uri=fields["uri"])
        if event == "running":
            return _("Neo4j already runs on {uri}", uri=fields["uri"])
        return _("Neo4j answers on {uri}", uri=fields["uri"])  # done

    def __call__(self, event: str, **fields: Any) -> None:
        self.last = event
        if self.quiet:
            return
        text = self.message(event, **fields)
        if self._bar is not None:
            self._bar.update(self._task, description=text)
        elif event != "fetch" or fields["jars"] % 50 == 1:  # plain lines: every 50th jar
            seconds = round(time.monotonic() - self.began)
            click.echo(_("{message} ({seconds} s)", message=text, seconds=seconds), err=True)

    def done(self, uri: str) -> None:
        """The server answers on ``uri`` (said unless it was running already)."""
        if self.last != "running":
            self("done", uri=uri)


@neo4j.command("start", context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(1, 65535), default=7687, show_default=True,
              help="Bolt port on 127.0.0.1.")  # fmt: skip
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
@click.option("--browser", is_flag=True,
              help="Also serve Neo4j Browser on 127.0.0.1 and say its address.")  # fmt: skip
@click.option("--http-port", type=click.IntRange(1, 65535), metavar="PORT",
              help="Neo4j Browser's port (implies --browser). Default: 7474, or a free port "
                   "when 7474 is taken.")  # fmt: skip
@click.pass_context
@handle_errors
def neo4j_start(
    ctx: click.Context,
    port: int,
    password: str,
    data: str,
    heap: str | None,
    pagecache: str | None,
    browser: bool,
    http_port: int | None,
) -> None:
    """Start the local server in the background and print its URI.

    Its memory is sized to the machine and the store unless --heap or --pagecache say
    otherwise; `pbgraph neo4j status` tells what it got. With --browser it also serves
    Neo4j Browser (user neo4j, the password) on 127.0.0.1. What it is doing goes to
    stderr (the first start builds a launcher and fetches jars from Maven Central).

    \b
    Example:
      pbgraph neo4j start --port 7687 --data .pbgraph/neo4j
      pbgraph neo4j start --browser
      pbgraph neo4j start --heap 4g --pagecache 8g
    """
    from ..stores import neo4j_local

    quiet = bool(ctx.find_root().params.get("quiet"))
    try:
        with StartProgress(quiet=quiet) as progress:
            uri = neo4j_local.start(port=port, data_dir=data, password=password, heap=heap,
                                    page_cache=pagecache, browser=browser, http_port=http_port,
                                    progress=progress)  # fmt: skip
            progress.done(uri)
    except neo4j_local.LocalNeo4jError as e:
        raise PbgraphError(str(e)) from None
    address = neo4j_local.status(data_dir=data).get("browser")
    if address:  # what --browser asked for: said even with -q (progress is not)
        click.echo(_("Neo4j Browser: {url} (user neo4j and the password)", url=address), err=True)
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
    if st.get("running") and st.get("browser"):
        click.echo(_("Neo4j Browser: {url} (user neo4j and the password)", url=st["browser"]))
    if not st.get("running"):
        sys.exit(3)
