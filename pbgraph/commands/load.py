"""`pbgraph load`: validate ledgers and load them into the store (:mod:`pbgraph.loaders`)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from ..i18n import bilingual
from ..labels import pick
from ..labels.cli import LEDGER_KINDS, LOAD_HEADERS, LOAD_LINES
from .common import (
    CONTEXT,
    Command,
    date_option,
    echo_err,
    format_option,
    handle_errors,
    kind_option,
    lang_option,
    mapping_options,
    open_store,
    read_mapping,
    store_options,
    table_text,
)
from .loadprogress import LoadProgress

if TYPE_CHECKING:
    from ..loaders.load import LoadResult

#: notices printed under the table; --format json lists them all
NOTICES = 20


@click.command("load", cls=Command, context_settings=CONTEXT)
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
@click.option("--import/--no-import", "offline", default=None,
              help="With --neo4j: write a first load into the empty database of the local "
                   "Neo4j that 'pbgraph neo4j start' runs with Neo4j's offline importer (the "
                   "database stops meanwhile) instead of over Bolt. Default: when the ledgers "
                   "are 16 MiB or more.")  # fmt: skip
@date_option("--as-of", help="Date of these ledgers: after the load, record every organization's "
                             "coverage as of DATE (replaces that date's snapshot; see coverage "
                             "--compare).")  # fmt: skip
@lang_option
@format_option("table", "json")
@click.pass_context
@handle_errors
def load(ctx: click.Context, ledgers: tuple[str, ...], kind: str | None, encoding: str | None,
         prefer: str, quarantine_dir: str, strict: bool, key_file: str | None,
         mapping: str | None, sets: tuple[str, ...], offline: bool | None, as_of: str | None,
         lang: str, fmt: str, **store: Any) -> None:  # fmt: skip
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
    from ..stores.neo4j_import import chosen

    m = read_mapping(mapping, sets)
    quiet = bool(ctx.find_root().params.get("quiet"))
    with open_store(store, write=True) as bolt, LoadProgress(ledgers, lang, quiet=quiet) as shown, \
            chosen(bolt, use=offline, ledgers=ledgers, say=shown) as s:  # fmt: skip
        result = load_ledgers(list(ledgers), s, kind=kind, encoding=encoding, prefer=prefer,
                              quarantine_dir=quarantine_dir, mapping=m, key=key_file,
                              progress=shown)  # fmt: skip
        if as_of:
            from ..analyses.snapshots import inputs, take_snapshot

            snap = take_snapshot(s, s.tables(**inputs("take")), as_of)
            echo_err(pick(LOAD_LINES["snapshot"], lang).format(**{**snap, "as_of": as_of}))
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(result, lang)
    if strict and result.rejects:
        sys.exit(1)


def _print_summary(result: LoadResult, lang: str) -> None:
    """The table of what each kind of ledger gave, then what was noticed on the way."""
    rows = [
        [pick(LEDGER_KINDS[s.kind], lang) if s.kind in LEDGER_KINDS else s.kind, s.read,
         s.loaded, s.merged, s.rejected, s.skipped]
        for s in result.summaries.values()
    ]  # fmt: skip
    click.echo(table_text([pick(h, lang) for h in LOAD_HEADERS.values()], rows))
    lines = {k: pick(v, lang) for k, v in LOAD_LINES.items()}
    for f, col in result.unknown_columns:
        # the reader says which column is read: "… ) duplicates column …"
        line = "duplicate" if ") duplicates column " in col else "unknown"
        click.echo(lines[line].format(file=f, column=bilingual(col)))
    for i in result.implied:
        click.echo(lines["implied"].format(
            where=f"{i.file} [{i.sheet}]" if i.sheet else i.file, header=i.header,
            value=i.value if i.value is not None else lines["by_row"],
            source=bilingual(i.source),
        ))  # fmt: skip
    for n in result.notices[:NOTICES]:
        where = f"{n.file} [{n.sheet}]" if n.sheet else n.file
        said = lines["notice"] if n.row else lines["notice_no_row"]
        click.echo(said.format(where=where, row=n.row, message=bilingual(n.message)))
    if len(result.notices) > NOTICES:
        click.echo(lines["more_notices"].format(n=len(result.notices) - NOTICES))
    if result.quarantine:
        click.echo(lines["rejected"].format(n=len(result.rejects), path=result.quarantine))
