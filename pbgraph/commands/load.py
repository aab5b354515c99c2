"""`pbgraph load`: validate ledgers and load them into the store (:mod:`pbgraph.loaders`)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from ..labels.cli import LOAD_HEADERS, LOAD_LINES
from .common import (
    CONTEXT,
    date_option,
    echo_err,
    format_option,
    handle_errors,
    kind_option,
    mapping_options,
    open_store,
    progress_printer,
    read_mapping,
    store_options,
    table_text,
)

if TYPE_CHECKING:
    from ..loaders.load import LoadResult

#: notices printed under the table; --format json lists them all
NOTICES = 20


@click.command("load", context_settings=CONTEXT)
@click.argument("ledgers", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@store_options
@kind_option
@click.option(
    "--encoding",
    help="Encoding of CSV files (detected: UTF-8, GB18030/GBK, and UTF-16/32 or UTF-8 with a BOM).",
)
@click.option(
    "--prefer",
    type=click.Choice(["first", "last"]),
    default="first",
    show_default=True,
    help="Which of two conflicting duplicate rows wins.",
)
@click.option(
    "--quarantine",
    "quarantine_dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder for quarantine.csv (rejected rows).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any row was rejected.")
@click.option("--key-file", type=click.Path(dir_okay=False), envvar="PBGRAPH_KEY_FILE",
              help="The pseudonym key (created on first use, owner-only). Env: PBGRAPH_KEY_FILE. "
                   "Default: ~/.config/pbgraph/pseudonym.key.")  # fmt: skip
@mapping_options
@date_option("--as-of", help="Date of these ledgers: after the load, record every organization's "
                             "coverage as of DATE (replaces that date's snapshot; see coverage "
                             "--compare).")  # fmt: skip
@format_option("table", "json")
@click.pass_context
@handle_errors
def load(ctx: click.Context, ledgers: tuple[str, ...], kind: str | None, encoding: str | None,
         prefer: str, quarantine_dir: str, strict: bool, key_file: str | None,
         mapping: str | None, sets: tuple[str, ...], as_of: str | None, fmt: str,
         **store: Any) -> None:  # fmt: skip
    """Validate ledgers and load them into the store; rejected rows go to quarantine.csv.

    A district's or street's combined ledger (party organization, instructor and paired
    unit on each organization's row; no district or street column) loads as it is: see how
    it will be read first with `pbgraph inspect`.

    \b
    Example:
      pbgraph load ledgers/01_两新组织台账.csv ledgers/*.xlsx --store .pbgraph
      pbgraph load 历下区台账.xlsx --set 所属区县=历下区
      pbgraph load ledgers/* --as-of 2018-07-31      # and snapshot the coverage of that day
    """
    from ..loaders.load import load_ledgers

    m = read_mapping(mapping, sets)
    with open_store(store, write=True) as s:
        result = load_ledgers(list(ledgers), s, kind=kind, encoding=encoding, prefer=prefer,
                              quarantine_dir=quarantine_dir, mapping=m, key=key_file,
                              progress=progress_printer(ctx))  # fmt: skip
        if as_of:
            from ..analyses.snapshots import inputs, take_snapshot

            snap = take_snapshot(s, s.tables(**inputs("take")), as_of)
            echo_err(f"coverage snapshot {as_of}: {snap['total']} organizations, "
                     f"{snap['org_covered']} covered by a party organization")  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(result)
    if strict and result.rejects:
        sys.exit(1)


def _print_summary(result: LoadResult) -> None:
    """The table of what each kind of ledger gave, then what was noticed on the way."""
    rows = [
        [s.kind, s.read, s.loaded, s.merged, s.rejected, s.skipped]
        for s in result.summaries.values()
    ]
    click.echo(table_text(list(LOAD_HEADERS), rows))
    for f, col in result.unknown_columns:
        # the reader says which column is read: "… ) duplicates column …"
        line = "duplicate" if ") duplicates column " in col else "unknown"
        click.echo(LOAD_LINES[line].format(file=f, column=col))
    for i in result.implied:
        click.echo(LOAD_LINES["implied"].format(
            where=f"{i.file} [{i.sheet}]" if i.sheet else i.file, header=i.header,
            value=i.value if i.value is not None else LOAD_LINES["by_row"], source=i.source,
        ))  # fmt: skip
    for n in result.notices[:NOTICES]:
        where = f"{n.file} [{n.sheet}]" if n.sheet else n.file
        click.echo(LOAD_LINES["notice"].format(where=where, row=n.row, message=n.message))
    if len(result.notices) > NOTICES:
        click.echo(LOAD_LINES["more_notices"].format(n=len(result.notices) - NOTICES))
    if result.quarantine:
        click.echo(LOAD_LINES["rejected"].format(n=len(result.rejects), path=result.quarantine))
