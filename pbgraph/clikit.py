"""Shared pieces of the command line: store options, error handling, table output.

Each command module (:mod:`pbgraph.cli`, :mod:`pbgraph.cli_balance`, :mod:`pbgraph.cli_group`)
builds on these, so every command opens stores, reports errors and writes tables the same way.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from .errors import DiskError, InputError, PbgraphError
from .outputs import atomic_open, csv_text, save_workbook, xlsx_row

if TYPE_CHECKING:
    from .stores.base import Store

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def progress(ctx: click.Context) -> Callable[[str], None] | None:
    """A progress printer for terminals; silent when piped or with --quiet."""
    quiet = ctx.find_root().params.get("quiet", False)
    if quiet or not sys.stderr.isatty():
        return None
    return lambda msg: click.echo(f"… {msg}", err=True)


# -- store options ------------------------------------------------------------------------


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store DIR`` (embedded, the default) or ``--neo4j URI`` and its credentials."""
    opts = [
        click.option("--store", "store_dir", type=click.Path(file_okay=False), envvar="PBGRAPH_STORE",
                     default=".pbgraph", show_default=True, help="Folder of the embedded store."),
        click.option("--neo4j", "neo4j_uri", metavar="URI", envvar="NEO4J_URI",
                     help="Use a Neo4j server instead (bolt://host:7687). Env: NEO4J_URI."),
        click.option("--neo4j-user", envvar="NEO4J_USERNAME", default="neo4j", show_default=True,
                     help="Env: NEO4J_USERNAME."),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None,
                     help="Env: NEO4J_PASSWORD."),
        click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None,
                     help="Env: NEO4J_DATABASE (default: the server's default)."),
    ]  # fmt: skip
    for o in reversed(opts):
        f = o(f)
    return f


@contextmanager
def open_store(params: dict[str, Any], *, write: bool = False) -> Iterator[Store]:
    """Open the store the options name; always closed afterwards.

    An option on the command line wins over an environment variable: ``--store DIR`` uses
    the embedded store even when ``NEO4J_URI`` is set, ``--neo4j URI`` uses Neo4j. Unless
    ``write``, an embedded store must exist already, is opened for reading (it reopens for
    writing when a command writes results back) and read as of one moment.
    """
    ctx = click.get_current_context()
    uri = params.pop("neo4j_uri", None)
    user = params.pop("neo4j_user", "neo4j")
    password = params.pop("neo4j_password", None)
    database = params.pop("neo4j_database", None)
    store_dir = params.pop("store_dir", ".pbgraph")
    cmdline = click.core.ParameterSource.COMMANDLINE
    store_given = ctx.get_parameter_source("store_dir") == cmdline
    neo4j_given = ctx.get_parameter_source("neo4j_uri") == cmdline
    if store_given and neo4j_given:
        raise InputError("give either --store or --neo4j, not both")
    store: Store
    if uri and not store_given:
        from .stores.neo4j import Neo4jStore

        store = Neo4jStore(uri, user=user, password=password, database=database)
    else:
        from .stores.sqlite import EmbeddedStore

        store = EmbeddedStore(store_dir, readonly=not write)
    try:
        if write:
            yield store
        else:
            with store.snapshot():
                yield store
    finally:
        store.close()


def format_option(*choices: str) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(choices), default="table",
                        show_default=True, help="Output format.")  # fmt: skip


def handle_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn pbgraph's errors into one line on stderr and their exit code."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except PbgraphError as e:
            echo_err(f"Error: {e}")
            sys.exit(e.exit_code)
        except OSError as e:  # a backstop: writers raise DiskError naming their path
            where = f"{e.filename}: " if e.filename else ""
            echo_err(f"Error: {where}{e.strerror or e}")
            sys.exit(DiskError.exit_code)

    return wrapper


def emit_table(cols: list[tuple[str, str]], rows: list[dict[str, Any]], fmt: str, out_file: str | None,
          *, json_obj: Any, sheet: str) -> None:  # fmt: skip
    """Write a table as text, CSV, JSON or XLSX (same column names everywhere).

    A file (``--out``) is written atomically and owner-only; CSV and XLSX cells never hold
    a live formula (:mod:`pbgraph.outputs`).
    """
    headers = [h for _, h in cols]
    values = [[r.get(k) for k, _ in cols] for r in rows]
    if fmt == "xlsx":
        if not out_file:
            raise InputError("--format xlsx needs --out FILE.xlsx")
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = sheet
        ws.append(xlsx_row(ws, headers))
        for v in values:
            ws.append(xlsx_row(ws, v))
        save_workbook(wb, out_file)
        click.echo(out_file)
        return
    if fmt == "json":
        text = json.dumps(json_obj, ensure_ascii=False, indent=2)
    elif fmt == "csv":
        text = csv_text(headers, values)
    else:
        from .report import table_text

        text = table_text(headers, [[r.get(k, "") for k, _ in cols] for r in rows])
    if out_file:
        csv_file = fmt == "csv"
        with atomic_open(out_file, encoding="utf-8-sig" if csv_file else "utf-8",
                         newline="" if csv_file else None) as f:  # fmt: skip
            f.write(text)
        click.echo(out_file)
    else:
        click.echo(text)


# -- options several commands share ----------------------------------------------------------

lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of headers and reasons.",
)
out_file_option = click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of stdout.",
)
min_members_option = click.option(
    "--min-members",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Formal members from which a unit must build its own organization (N).",
)


def joint_limit_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--min-members``, ``--max-units``, ``--max-members``: the rules of a joint branch."""
    f = click.option(
        "--max-members",
        type=click.IntRange(min=1),
        default=50,
        show_default=True,
        help="Members (formal + probationary) one joint branch may have.",
    )(f)
    f = click.option(
        "--max-units",
        type=click.IntRange(min=2),
        default=5,
        show_default=True,
        help="Units one joint branch may cover.",
    )(f)
    return min_members_option(f)
