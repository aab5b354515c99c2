"""`pbgraph balance instructors|pairings`: balanced, explainable assignment plans
(:mod:`pbgraph.analyses.balance`)."""

from __future__ import annotations

from typing import Any

import click

from ..errors import InputError
from ..i18n import _
from ..labels import pick
from ..labels.balance import CHANGE, CLASS, NODE_LABELS, STATUS
from ..labels.cli import MAX_CHANGES_NOT_REACHED, SHEETS
from ..province.options import partition_options
from .common import (
    CONTEXT,
    Command,
    area_options,
    echo_err,
    emit_table,
    filter_area,
    format_option,
    handle_errors,
    lang_option,
    open_store,
    out_file_option,
    store_options,
    table_text,
    without_gc,
)

SHOW = ("plan", "changes", "streets", "stats")
KINDS = ("instructors", "pairings")


def _kind(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value not in KINDS:
        raise click.BadParameter(
            _("{value!r}: give instructors or pairings", value=value), ctx, param
        )
    return value


@click.command("balance", cls=Command, context_settings=CONTEXT)
@click.argument("kind", metavar="instructors|pairings", callback=_kind)
@store_options
@click.option("--capacity", type=click.IntRange(0, 500), default=None,
              help="Default capacity of a supplier the ledger gives none: instructors 3 "
                   "(organizations each); member units by platform level (city 10, district 6, "
                   "street 4, community 2).")  # fmt: skip
@click.option("--scope", type=click.Choice(["street", "district", "city"]), default=None,
              help="How far an instructor may go from its street [default: district]. Member "
                   "units reach their platform's area (city, district or street).")  # fmt: skip
@click.option("--keep-existing/--replan", default=True, show_default=True,
              help="Keep existing assignments unless moving one serves more or evens loads; "
                   "--replan plans from scratch.")  # fmt: skip
@click.option("--max-changes", type=click.IntRange(min=0), default=None, metavar="K",
              help="Move at most K existing assignments.")  # fmt: skip
@click.option("--move-gap", type=click.IntRange(min=1), default=3, show_default=True,
              help="Move an assignment to even loads only when they differ by this much.")  # fmt: skip
@click.option("--cross-street-cost", type=click.IntRange(min=0), default=3, show_default=True,
              help="Cost of serving another street of the district (in load steps).")  # fmt: skip
@click.option("--cross-district-cost", type=click.IntRange(min=0), default=10, show_default=True,
              help="Cost of serving another district (--scope city only).")  # fmt: skip
@click.option("--show", type=click.Choice(SHOW), default="plan", show_default=True,
              help="Which table: the plan, the changes, unmet demand by street, statistics.")  # fmt: skip
@lang_option
@out_file_option
@click.option("--write-back", is_flag=True,
              help="Store the plan as (:AnalysisRun)-[:ASSIGNS|PAIRS]->(…) relationships.")  # fmt: skip
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
@partition_options
def balance(kind: str, capacity: int | None, scope: str | None, keep_existing: bool,
            max_changes: int | None, move_gap: int, cross_street_cost: int,
            cross_district_cost: int, show: str, lang: str, out_file: str | None,
            write_back: bool, district_filter: str | None, street_filter: str | None, fmt: str,
            columns: str | None, bom: bool | None, province: Any,
            **store: Any) -> None:  # fmt: skip
    """An optimal plan of who guides whom (instructors) or pairs with whom (member units).

    The plan serves as much weighted demand as capacity allows (key organizations first),
    then makes loads as even as it can, stays local, and keeps existing assignments unless
    moving one serves more or evens loads by --move-gap. Every assignment says why.

    \b
    Example:
      pbgraph balance instructors --scope district --format xlsx --out plan.xlsx
      pbgraph balance instructors --show streets        # unmet demand, instructors short
      pbgraph balance pairings --max-changes 10 --show changes --lang en
      pbgraph balance instructors --street 泉城路街道 --columns name,reason
    """
    from ..analyses.balance import balance_instructors, balance_pairings, inputs

    if max_changes is not None and not keep_existing:
        raise InputError(_("--max-changes needs --keep-existing (a --replan moves what it moves)"))
    if kind == "pairings" and scope is not None:
        raise InputError(_("--scope is for instructors; a member unit reaches its platform's area"))
    common: dict[str, Any] = {"keep_existing": keep_existing, "max_changes": max_changes,
                              "move_gap": move_gap, "cross_street_cost": cross_street_cost,
                              "cross_district_cost": cross_district_cost}  # fmt: skip
    if province:  # partitioned on Dask, the same plan (pbgraph/province)
        from ..province import run as run_partitioned

        cap = 3 if capacity is None and kind == "instructors" else capacity
        opts = {"capacity": cap, "scope": scope or "district", "rules": common}
        try:
            result = run_partitioned("balance", store, province, out_file, kind=kind, opts=opts,
                                     lang=lang, write_back=write_back)  # fmt: skip
        except ValueError as e:
            raise InputError(str(e)) from None
    else:
        with open_store(store) as s:  # only the columns the plan reads, no graph
            G = s.tables(**inputs(kind))
            try:
                if kind == "instructors":
                    result = balance_instructors(
                        G, capacity=3 if capacity is None else capacity, scope=scope or "district",
                        **common,
                    )  # fmt: skip
                else:
                    result = balance_pairings(G, capacity=capacity, **common)
            except ValueError as e:
                raise InputError(str(e)) from None
            if write_back:
                from ..graphmodel.results import write_plan

                run_id = write_plan(s, result)
                echo_err(_("written back as run {run_id}", run_id=run_id))
    if not result.exact:
        echo_err(pick(MAX_CHANGES_NOT_REACHED, lang))
    if fmt == "table" and show != "stats":
        st = result.columns(lang, "stats")
        stats = result.listing("stats", lang=lang)
        click.echo(table_text([h for _, h in st], [[r[k] for k, _ in st] for r in stats]))
        click.echo()
    json_out = fmt == "json"  # the JSON object, or the rows of the table: not both
    filtered = district_filter or street_filter
    rows = [] if json_out and not filtered else result.listing(show, lang=lang)
    rows = filter_area(rows, district_filter, street_filter)
    json_obj = None
    if json_out:
        json_obj = result.to_dict(lang=lang)
        if filtered and show in json_obj:  # the list shown, filtered
            json_obj[show] = rows
        rows = []
    emit_table(result.columns(lang, show), _in_words(rows, lang), fmt, out_file,
               json_obj=json_obj, sheet=pick(SHEETS["balance"][show], lang))  # fmt: skip


def _in_words(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """A table's codes (what is assigned, its class, status and change) in words; JSON
    keeps the codes."""
    words = {"label": NODE_LABELS, "class": CLASS, "status": STATUS, "change": CHANGE}
    return [
        {k: pick(words[k][v], lang) if k in words and v in words[k] else v for k, v in r.items()}
        for r in rows
    ]
