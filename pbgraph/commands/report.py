"""`pbgraph report` (:mod:`pbgraph.report`) and `pbgraph export` (:mod:`pbgraph.loaders.export`):
what a store holds, written out as a report or as ledgers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..errors import InputError
from ..i18n import _
from ..province.options import partition_options
from .common import (
    CONTEXT,
    handle_errors,
    joint_limit_options,
    lang_option,
    open_store,
    progress_printer,
    store_options,
)


def rule_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The thresholds of the report's analyses, as the commands that run them alone take
    them (same names, ranges and defaults; ``--pairing-capacity`` is ``balance pairings
    --capacity``): :class:`pbgraph.report.ReportParams`."""
    opts = [
        click.option("--denominator", type=click.Choice(["all", "eligible"]), default="all",
                     show_default=True, help="Coverage rate over all organizations, or only "
                     "those with >= --min-members formal members (as coverage)."),
        click.option("--capacity", type=click.IntRange(0, 500), default=3, show_default=True,
                     help="Capacity of an instructor the ledger gives none (as balance "
                          "instructors)."),
        click.option("--pairing-capacity", type=click.IntRange(0, 500), default=None,
                     help="Capacity of a member unit the ledger gives none [default: by "
                          "platform level: city 10, district 6, street 4, community 2] (as "
                          "balance pairings --capacity)."),
        click.option("--scope", type=click.Choice(["street", "district", "city"]),
                     default="district", show_default=True,
                     help="How far an instructor may go from its street (as balance)."),
        click.option("--within", type=click.Choice(["street", "district"]), default="street",
                     show_default=True, help="Joint branches stay within one street or "
                     "district (as group)."),
        click.option("--include-empty", is_flag=True,
                     help="Let units with no formal member join joint branches (as group)."),
        click.option("--count-latent", is_flag=True,
                     help="Count members held by talent centres, HR markets or communities as "
                          "the employer's in the proposals (as group)."),
        click.option("--stale-days", type=click.IntRange(min=0), default=5, show_default=True,
                     help="Flag a street that has not reported for more days (as progress)."),
        click.option("--behind", type=click.FloatRange(0, 1), default=0.5, show_default=True,
                     help="Flag a street whose visits fall below this share of the city's "
                          "pace (as progress)."),
        click.option("--window", type=click.IntRange(min=1), default=14, show_default=True,
                     help="Days of the recent window the trends compare (as progress)."),
        click.option("--budget", type=click.IntRange(min=0), default=10_000_000,
                     show_default=True, help="The year's budget, yuan (as funds)."),
        click.option("--new-org", type=click.IntRange(min=0), default=2_000, show_default=True,
                     help="Start-up fund per new party organization, yuan (as funds)."),
        click.option("--demo-site", type=click.IntRange(min=0), default=100_000,
                     show_default=True, help="Fund per demonstration site, yuan (as funds)."),
    ]  # fmt: skip
    for o in reversed(opts):
        f = o(f)
    return joint_limit_options(f)


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
@rule_options
@click.pass_context
@handle_errors
@partition_options
def report(ctx: click.Context, out: str, lang: str, street: str | None, province: Any,
           **options: Any) -> None:  # fmt: skip
    """Write the HTML report, its PNG charts and an XLSX workbook (a sheet per table).

    The HTML opens offline (charts embedded, nothing fetched). Charts: coverage by district
    and by street, categories, a map of organizations by coverage, one street's network,
    instructor and pairing loads before/after balancing, unmet demand by street, visits
    over time. The workbook's headers are those of the commands' --format xlsx output.
    Every threshold is the option of the command that runs that analysis alone; the page
    and the workbook's 说明 sheet state the data date, the parameters and the definitions.

    \b
    Example:
      pbgraph report --out report/ --lang zh
      pbgraph report --neo4j bolt://127.0.0.1:7687 --out report/ --street 泉城路街道
      pbgraph report --out report/ --max-units 4 --scope city --budget 8000000
    """
    from dataclasses import fields

    from ..report import ReportParams, inputs, write_report

    names = {f.name for f in fields(ReportParams)}
    params = ReportParams(**{k: options.pop(k) for k in names})
    try:
        params.check()
    except ValueError as e:
        raise InputError(str(e)) from None
    if province:  # a report per partition on Dask, and the province summary (pbgraph/province)
        from ..province import run as run_partitioned

        summary = run_partitioned("report", options, province, None, out=out, lang=lang,
                                  params=params)  # fmt: skip
        click.echo(_("Province: a report per partition ({n}) in {folder}, the summary in "
                     "{folder}/province.json", n=len(summary["partitions"]), folder=out))  # fmt: skip
        return
    with open_store(options) as s:
        t = s.tables(**inputs(params))  # what the report reads, no graph
    try:
        files = write_report(t, out, lang=lang, street=street, params=params,
                             progress=progress_printer(ctx))  # fmt: skip
    except ValueError as e:
        raise InputError(str(e)) from None
    click.echo(_("Report: {path}", path=files["html"]))
    click.echo(_("Workbook: {path}", path=files["workbook"]))
    charts = len([k for k in files if k.startswith("chart_")])
    click.echo(_("Charts: {n} PNG files in {folder}", n=charts, folder=out))


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
