"""`pbgraph group`: joint-formation proposals (issue 7), thin wiring of
:mod:`pbgraph.analyses.grouping`."""

from __future__ import annotations

from typing import Any

import click

from ..errors import InputError
from ..i18n import _
from ..labels import pick
from ..labels.cli import SHEETS
from ..province.options import partition_options
from .common import (
    CONTEXT,
    Command,
    area_options,
    emit_table,
    filter_area,
    format_option,
    handle_errors,
    joint_limit_options,
    lang_option,
    open_store,
    out_file_option,
    store_options,
    without_gc,
)

LISTS = ("groups", "members", "uncovered", "splits")


def _prefer(value: str) -> tuple[str, ...]:
    items = tuple(x.strip() for x in value.split(",") if x.strip())
    if any(x not in ("building", "industry") for x in items) or len(set(items)) != len(items):
        raise InputError(_("--prefer takes building and/or industry, comma-separated (e.g. "
                           "building,industry), not {value!r}", value=value))  # fmt: skip
    return items


@click.command("group", cls=Command, context_settings=CONTEXT)
@store_options
@joint_limit_options
@click.option(
    "--within",
    type=click.Choice(["street", "district"]),
    default="street",
    show_default=True,
    help="Groups stay within one street (the rule) or district.",
)
@click.option(
    "--prefer",
    default="building,industry",
    show_default=True,
    help="Preference order for compact groups: building, industry.",
)
@click.option(
    "--include-empty", is_flag=True, help="Let units with no formal member join groups with room."
)
@click.option(
    "--count-latent",
    is_flag=True,
    help="Count members held by talent centres, HR markets or communities as the employer's.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Solve areas with up to --exact-max candidates optimally (HiGHS MIP).",
)
@click.option(
    "--exact-max",
    type=click.IntRange(min=1),
    default=40,
    show_default=True,
    help="Largest area (candidates) solved exactly with --exact.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds per area and stage for --exact.",
)
@click.option(
    "--list",
    "list_name",
    type=click.Choice(LISTS),
    help="Print a list instead of the per-area summary: groups, members (with "
    "reasons), uncovered, splits.",
)
@lang_option
@out_file_option
@click.option(
    "--write-back",
    is_flag=True,
    help="Store the proposals as (:AnalysisRun)-[:PROPOSES]->(:Organization).",
)
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
@partition_options
def group(min_members: int, max_units: int, max_members: int, within: str, prefer: str,
          include_empty: bool, count_latent: bool, exact: bool, exact_max: int, time_limit: float,
          list_name: str | None, lang: str, out_file: str | None, write_back: bool,
          district_filter: str | None, street_filter: str | None, fmt: str, columns: str | None,
          bom: bool | None, province: Any, **store: Any) -> None:  # fmt: skip
    """Joint-formation proposals (联合组建): joint branches that cover the most small
    organizations within the rules, per street, with an upper bound and the gap to it.

    Candidates are organizations with no party organization and 1 … N-1 formal members.
    Every group has >= --min-members formal members, <= --max-units units, <= --max-members
    members, stays in one street (--within district to cross streets) and prefers the same
    building, then the same industry. Each group has a suggested name and a reason per
    organization. Joint branches over the limits, or with a unit grown to N, get a split
    proposal (--list splits).

    \b
    Example:
      pbgraph group --format xlsx --out 联合组建建议.xlsx
      pbgraph group --list members --include-empty --lang en
      pbgraph group --list members --street 泉城路街道 --columns name,reason
      pbgraph group --exact --within street --max-units 5 --min-members 3
    """
    from ..analyses.grouping import group as run
    from ..analyses.grouping import inputs

    prefer_t = _prefer(prefer)
    if (district_filter or street_filter) and not list_name:
        raise InputError(_("--district and --street filter a list: give --list"))
    if max_members < min_members:
        raise InputError(_("--max-members must be at least --min-members"))
    opts: dict[str, Any] = {"min_members": min_members, "max_units": max_units, "max_members": max_members,
            "within": within, "prefer": prefer_t, "include_empty": include_empty,
            "count_latent": count_latent, "exact": exact, "exact_max": exact_max,
            "time_limit": time_limit}  # fmt: skip
    if province:  # partitioned on Dask, the same result (pbgraph/province)
        from ..province import run as run_partitioned

        result = run_partitioned("group", store, province, out_file, opts=opts, lang=lang,
                                 write_back=write_back)  # fmt: skip
    else:
        with open_store(store) as s:  # only the columns grouping reads, no graph
            t = s.tables(**inputs(within=within, count_latent=count_latent))
            if not t.keys("Organization"):
                raise InputError(_("no organizations in the store: load ledgers first (pbgraph load LEDGER...)"))  # fmt: skip
            result = run(t, **opts)
            if write_back:
                from ..graphmodel.results import PROPOSES, write_run

                write_run(s, "group", result.params, {PROPOSES: result.findings(lang=lang)})
    sheets = SHEETS["group"]
    if list_name:
        items = filter_area(result.listing(list_name, lang=lang), district_filter, street_filter)
        emit_table(result.list_columns(list_name, lang), items, fmt, out_file,
                   json_obj={"list": list_name, "items": items},
                   sheet=pick(sheets[list_name], lang))  # fmt: skip
        return
    rows = [
        {**r, "method": result.method_label(r["method"], lang) if r["method"] else ""}
        for r in result.rows()
    ]
    emit_table(result.columns(lang), rows, fmt, out_file, json_obj=result.to_dict(lang=lang),
               sheet=pick(sheets["table"], lang))  # fmt: skip
