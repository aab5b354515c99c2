"""Shared pieces of the command line: store options, error handling, table output.

Every command module in :mod:`pbgraph.commands` builds on these, so every command opens
stores, reports errors, reads its options and writes tables the same way.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from ..errors import DiskError, InputError, PbgraphError
from ..jsontext import json_bytes
from ..outputs import XlsxSheet, atomic_open, csv_text, write_xlsx

if TYPE_CHECKING:
    from ..loaders.mapping import Mapping
    from ..stores.base import Store

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def progress_printer(ctx: click.Context) -> Callable[[str], None] | None:
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
        from ..stores.neo4j import Neo4jStore

        store = Neo4jStore(uri, user=user, password=password, database=database)
    else:
        from ..stores.sqlite import EmbeddedStore

        store = EmbeddedStore(store_dir, readonly=not write)
    try:
        if write:
            yield store
        else:
            with store.snapshot():
                yield store
    finally:
        store.close()


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


# -- output -------------------------------------------------------------------------------


def emit_table(cols: list[tuple[str, str]], rows: list[dict[str, Any]], fmt: str, out_file: str | None,
          *, json_obj: Any, sheet: str) -> None:  # fmt: skip
    """Write a table as text, CSV, JSON or XLSX (same column names everywhere).

    A file (``--out``) is written atomically and owner-only; CSV and XLSX cells never hold
    a live formula (:mod:`pbgraph.outputs`).
    """
    if fmt == "json":
        data = json_bytes(json_obj)
        if out_file:
            with atomic_open(out_file, "wb") as f:
                f.write(data)
            click.echo(out_file)
        else:
            click.echo(data)
        return
    headers = [h for _, h in cols]
    values = [[r.get(k) for k, _ in cols] for r in rows]
    if fmt == "xlsx":
        if not out_file:
            raise InputError("--format xlsx needs --out FILE.xlsx")
        write_xlsx(out_file, [XlsxSheet(sheet, headers, values)])
        click.echo(out_file)
        return
    if fmt == "csv":
        text = csv_text(headers, values)
    else:
        text = table_text(headers, [[r.get(k, "") for k, _ in cols] for r in rows])
    if out_file:
        csv_file = fmt == "csv"
        with atomic_open(out_file, encoding="utf-8-sig" if csv_file else "utf-8",
                         newline="" if csv_file else None) as f:  # fmt: skip
            f.write(text)
        click.echo(out_file)
    else:
        click.echo(text)


def table_text(headers: list[str], rows: list[list[Any]]) -> str:
    """A plain-text table, as the report writes it (imported only when one is printed)."""
    from ..report import table_text as text

    return text(headers, rows)


def blank(rows: list[dict[str, Any]], fmt: str) -> list[dict[str, Any]]:
    """Empty cells instead of ``None`` in a text table."""
    if fmt != "table":
        return rows
    return [{k: "—" if v is None else v for k, v in r.items()} for r in rows]


# -- options several commands share ----------------------------------------------------------


def format_option(*choices: str) -> Callable[..., Any]:
    return click.option("--format", "fmt", type=click.Choice(choices), default="table",
                        show_default=True, help="Output format.")  # fmt: skip


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
chart_option = click.option("--chart", type=click.Path(dir_okay=False),
                            help="Also draw the chart into this PNG file.")  # fmt: skip
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


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD option (any form the ledgers accept is not needed here)."""
    if value is None:
        return None
    from ..analyses.progress import as_date

    try:
        d = as_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", ctx, param) from None
    return d.isoformat() if d else None


def date_option(*names: str, help: str) -> Any:
    return click.option(*names, metavar="DATE", callback=_date, default=None, help=help)


# -- options of the commands that read ledgers (load, inspect) ------------------------------

LEDGER_KINDS = ("organizations", "party-orgs", "members", "instructors", "platforms",
                "pairings", "visits", "demo-sites")  # fmt: skip

kind_option = click.option("--kind", type=click.Choice(LEDGER_KINDS),
                           help="Kind of ledger (detected from headers if not given).")  # fmt: skip


def mapping_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--mapping FILE`` and ``--set COLUMN=VALUE``: how to read a ledger's columns."""
    f = click.option("--set", "sets", multiple=True, metavar="COLUMN=VALUE",
                     help="A value every row takes where the ledger has no such column, e.g. "
                          "--set 所属区县=历下区 (repeatable; wins over a mapping's [set]).")(f)  # fmt: skip
    return click.option("--mapping", type=click.Path(exists=True, dir_okay=False),
                        help="A mapping file (TOML: [columns], [values.FIELD], [set], "
                             "[divisions]); pbgraph inspect --write-mapping writes one.")(f)  # fmt: skip


def read_mapping(path: str | None, sets: tuple[str, ...]) -> Mapping | None:
    """The mapping ``--mapping`` and ``--set`` give, or ``None`` when neither is given."""
    from ..loaders.mapping import Mapping

    pairs = {}
    for item in sets:
        column, eq, value = item.partition("=")
        if not eq or not column.strip() or not value.strip():
            raise InputError(f"--set {item!r}: write COLUMN=VALUE, e.g. --set 所属区县=历下区")
        pairs[column.strip()] = value.strip()
    if path is None and not pairs:
        return None
    m = Mapping.read(path) if path else Mapping(source="--set")
    return m.with_fixed(pairs)
