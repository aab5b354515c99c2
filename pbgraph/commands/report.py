"""`pbgraph report` (:mod:`pbgraph.report`) and `pbgraph export` (:mod:`pbgraph.loaders.export`):
what a store holds, written out as a report or as ledgers."""

from __future__ import annotations

from typing import Any

import click

from ..errors import InputError
from .common import (
    CONTEXT,
    handle_errors,
    lang_option,
    min_members_option,
    open_store,
    progress_printer,
    store_options,
)


@click.command("report", context_settings=CONTEXT)
@store_options
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Report folder.")
@lang_option
@click.option(
    "--street",
    metavar="NAME",
    help="Street whose network is drawn (district/street or a unique street name) "
    "[default: the one with every kind of node and the most uncovered organizations].",
)
@min_members_option
@click.pass_context
@handle_errors
def report(ctx: click.Context, out: str, lang: str, street: str | None, min_members: int,
           **store: Any) -> None:  # fmt: skip
    """Write the HTML report, its PNG charts and an XLSX workbook (a sheet per table).

    The HTML opens offline (charts embedded, nothing fetched). Charts: coverage by district
    and by street, categories, a map of organizations by coverage, one street's network,
    instructor and pairing loads before/after balancing, unmet demand by street, visits
    over time. The workbook's headers are those of the commands' --format xlsx output.

    \b
    Example:
      pbgraph report --out report/ --lang zh
      pbgraph report --neo4j bolt://127.0.0.1:7687 --out report/ --street 泉城路街道
    """
    from ..report import inputs, write_report

    with open_store(store) as s:
        t = s.tables(**inputs())  # what the report reads, no graph
    try:
        files = write_report(t, out, lang=lang, street=street, min_members=min_members,
                             progress=progress_printer(ctx))  # fmt: skip
    except ValueError as e:
        raise InputError(str(e)) from None
    click.echo(f"Report: {files['html']}")
    click.echo(f"Workbook: {files['workbook']}")
    click.echo(f"Charts: {len([k for k in files if k.startswith('chart_')])} PNG files in {out}")


@click.command("export", context_settings=CONTEXT)
@store_options
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write.")
@handle_errors
def export(out: str, **store: Any) -> None:
    """Write the graph back out as ledgers (the layout `generate` writes, `load` reads).

    Members appear under their pseudonyms with masked names, never with ID numbers.

    \b
    Example:
      pbgraph export --out exported/ && pbgraph load exported/* --store copy/
    """
    from ..loaders.export import export_ledgers

    with open_store(store) as s:
        files = export_ledgers(s.graph(), out)
    for f in files:
        click.echo(str(f))
