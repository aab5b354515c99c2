"""`pbgraph transfers` and `pbgraph services`: member-relation transfers and their
follow-up visits (组织关系转接, 定期回访), and the service circle's needs matched to projects
(服务圈) (:mod:`pbgraph.analyses.transfers`, :mod:`pbgraph.analyses.services`)."""

from __future__ import annotations

from typing import Any

import click

from ..errors import InputError
from ..labels import pick
from .common import (
    CONTEXT,
    Command,
    area_options,
    blank,
    date_option,
    emit_table,
    filter_area,
    format_option,
    handle_errors,
    lang_option,
    min_members_option,
    open_store,
    out_file_option,
    store_options,
)

#: the sheet of each view in an XLSX output
_SHEETS = {
    "cases": ("组织关系转接", "transfers"),
    "districts": ("按区县", "by district"),
    "needs": ("需求对接", "needs"),
    "unmet": ("未满足需求", "unmet needs"),
    "streets": ("按街道", "by street"),
    "projects": ("服务项目", "projects"),
}


@click.command("transfers", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["cases", "districts"]), default="cases",
              show_default=True,
              help="A row per member's case, or per district.")  # fmt: skip
@click.option("--state", type=click.Choice(["pending", "done", "unwilling", "unknown", "overdue"]),
              help="Only the cases in this state (overdue: a follow-up visit is due).")  # fmt: skip
@click.option("--visit-days", type=click.IntRange(min=1), default=90, show_default=True,
              help="An open case is visited again at least this often (days).")  # fmt: skip
@date_option("--as-of", help="The day follow-ups are judged on [default: the latest date in the "
                             "transfers ledger].")  # fmt: skip
@min_members_option
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
def transfers(show: str, state: str | None, visit_days: int, as_of: str | None,
              min_members: int, lang: str, out_file: str | None, district_filter: str | None,
              street_filter: str | None, fmt: str, columns: str | None, bom: bool | None,
              **store: Any) -> None:  # fmt: skip
    """Member-relation transfers (组织关系转接) and follow-up visits (定期回访).

    Members whose relation is held by a talent centre, an HR market or a community, from
    the transfers ledger: who is willing and not yet transferred (pending), per district;
    whose follow-up visit is overdue; and what each pending transfer changes in coverage —
    the member becomes a formal member of the receiving organization (by default the one
    they work at), coverage runs again on that copy, and each case says its organization's
    category before and after.

    \b
    Example:
      pbgraph transfers --show districts
      pbgraph transfers --state pending --district 历下区
      pbgraph transfers --state overdue --visit-days 60 --format csv --out visits.csv
    """
    from ..analyses.transfers import inputs
    from ..analyses.transfers import transfers as run

    with open_store(store) as s:
        t = s.tables(**inputs())
    try:
        result = run(t, visit_days=visit_days, as_of=as_of, min_members=min_members)
    except ValueError as e:
        raise InputError(str(e)) from None
    sheet = pick(_SHEETS[show], lang)
    if show == "districts":
        rows = [r for r in result.districts() if not district_filter
                or r["district"] in (district_filter, "合计")]  # fmt: skip
        emit_table(result.columns(lang, "districts"), rows, fmt, out_file,
                   json_obj=result.to_dict(lang=lang), sheet=sheet)  # fmt: skip
        return
    table = result.table(lang=lang, state=state) if fmt != "json" else []
    listed = filter_area(table, district_filter, street_filter)
    json_obj = result.to_dict(lang=lang) if fmt == "json" else None
    if json_obj is not None and (state or district_filter or street_filter):
        json_obj["cases"] = filter_area(result.cases(lang=lang, state=state), district_filter,
                                        street_filter)  # fmt: skip
    emit_table(result.columns(lang), blank(listed, fmt), fmt, out_file, json_obj=json_obj,
               sheet=sheet)  # fmt: skip


@click.command("services", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["needs", "unmet", "streets", "projects"]),
              default="needs", show_default=True,
              help="Every open need and the project planned for it; only the unmet ones; a "
                   "row per street; or a row per project with its use and feedback.")  # fmt: skip
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
def services(show: str, lang: str, out_file: str | None, district_filter: str | None,
             street_filter: str | None, fmt: str, columns: str | None, bom: bool | None,
             **store: Any) -> None:  # fmt: skip
    """The service circle (服务圈): organizations' needs matched to service projects.

    Needs already met take their project's places; every open need is matched to a
    project of its type with places left — an exact plan that meets as many needs as the
    capacities allow, a project in the same street first, then the same district, then
    anywhere in the city. Lists the plan with the reason for each need, the needs still
    unmet by street (and why: no project of the type, or capacity used up), and each
    project's use and its participants' mean feedback score.

    \b
    Example:
      pbgraph services
      pbgraph services --show unmet --district 历下区
      pbgraph services --show projects --format xlsx --out projects.xlsx
    """
    from ..analyses.services import inputs
    from ..analyses.services import services as run

    with open_store(store) as s:
        t = s.tables(**inputs())
    result = run(t)
    sheet = pick(_SHEETS[show], lang)
    json_obj = result.to_dict(lang=lang) if fmt == "json" else None
    if show in ("needs", "unmet"):
        rows = filter_area(result.table(lang=lang, unmet=show == "unmet"), district_filter,
                           street_filter)  # fmt: skip
        name = "needs"
    elif show == "streets":
        rows = filter_area(result.streets(lang=lang), district_filter, street_filter)
        name = "streets"
    else:
        rows, name = result.projects(lang=lang), "projects"
    emit_table(result.columns(lang, name), blank(rows, fmt), fmt, out_file, json_obj=json_obj,
               sheet=sheet)  # fmt: skip
