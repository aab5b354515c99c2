"""`pbgraph lines` and `pbgraph newregs`: who leads whom (条块结合, 区域兜底) and the new
registrations that should have a party organization by now (源头把控)
(:mod:`pbgraph.analyses.lines`, :mod:`pbgraph.analyses.newregs`)."""

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
    require_ledgers,
    store_options,
)

#: the sheet of each view in an XLSX output
_SHEETS = {
    "problems": ("隶属关系问题", "problems"),
    "superiors": ("上级党组织负荷", "superiors"),
    "streets": ("街道兜底", "street committees"),
    "units": ("委员单位", "member units"),
    "overdue": ("逾期未建", "overdue"),
    "open": ("未建党组织", "open"),
    "summary": ("按登记机关和区县", "by registrar and district"),
}


@click.command("lines", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["problems", "superiors", "streets", "units"]),
              default="problems", show_default=True,
              help="Party organizations with no superior or one of the wrong line; the load "
                   "of every superior; each street committee's 兜底 load; or the work "
                   "committee's member units and their duties.")  # fmt: skip
@min_members_option
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
def lines(show: str, min_members: int, lang: str, out_file: str | None,
          district_filter: str | None, street_filter: str | None, fmt: str,
          columns: str | None, bom: bool | None, **store: Any) -> None:  # fmt: skip
    """Leadership lines (条块结合, 区域兜底): who leads every party organization.

    Every party organization should have a superior (上级党组织): the 非公 or 社会组织 line's
    committee, a district's 党工委, a street's 综合党委, or a party organization above it.
    Lists those with none, with one in no ledger, or led on the wrong line (a social
    organization's branch under the enterprise line); --show superiors gives each
    superior's load (party organizations, branches, members), --show streets what each
    street's 综合党委 takes in (兜底).

    \b
    Example:
      pbgraph lines
      pbgraph lines --show superiors --format xlsx --out 上级党组织.xlsx
      pbgraph lines --show streets --district 历下区
    """
    from ..analyses.lines import inputs
    from ..analyses.lines import lines as run

    with open_store(store) as s:
        t = s.tables(**inputs())
    found = len(t.keys("LeadingBody")) > 0 or any(
        v is not None for v in t.column("PartyOrg", "superior")
    )
    require_ledgers(found, "lines", "领导机构台账，党组织台账也未填上级党组织",
                    "leading-bodies ledger, and no party organization names its superior "
                    "(上级党组织)")  # fmt: skip
    result = run(t, min_members=min_members)
    rows = result.listing(show, lang=lang)
    if show != "units":
        rows = filter_area(rows, district_filter, street_filter)
    json_obj = result.to_dict(lang=lang) if fmt == "json" else None
    if json_obj is not None and (district_filter or street_filter):
        json_obj[show] = rows
    emit_table(result.columns(lang, show), blank(rows, fmt), fmt, out_file, json_obj=json_obj,
               sheet=pick(_SHEETS[show], lang))  # fmt: skip


@click.command("newregs", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["overdue", "open", "summary"]), default="overdue",
              show_default=True,
              help="New organizations overdue for a party organization; those still within "
                   "the deadline too; or counts per registering unit and district.")  # fmt: skip
@click.option("--days", "days_limit", type=click.IntRange(min=0), default=90, show_default=True,
              help="Days after registration by which an organization that meets the "
                   "conditions should have a party organization.")  # fmt: skip
@date_option("--as-of", help="The day of the check [default: the latest registration "
                             "date in the ledgers].")  # fmt: skip
@date_option("--since", help="First registration day counted as new [default: 365 days before "
                             "--as-of].")  # fmt: skip
@min_members_option
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
def newregs(show: str, days_limit: int, as_of: str | None, since: str | None, min_members: int,
            lang: str, out_file: str | None, district_filter: str | None,
            street_filter: str | None, fmt: str, columns: str | None, bom: bool | None,
            **store: Any) -> None:  # fmt: skip
    """Source control (源头把控): new registrations that should have a party organization.

    民政局 registers social organizations, 市场监管局 enterprises. A newly registered
    organization (登记日期 in the organizations ledger) with at least --min-members formal
    members and no party organization --days days after registration is overdue; the
    follow-up stays open until one covers it (the last visit and an instructor are shown).

    \b
    Example:
      pbgraph newregs
      pbgraph newregs --days 60 --as-of 2018-07-31 --show open
      pbgraph newregs --show summary --format xlsx --out 源头把控.xlsx
    """
    from ..analyses.newregs import inputs
    from ..analyses.newregs import newregs as run

    with open_store(store) as s:
        t = s.tables(**inputs())
    require_ledgers(any(v is not None for v in t.column("Organization", "registered")),
                    "newregs", "两新组织的登记日期（两新组织台账的登记日期列）",
                    "registration date of any organization (登记日期 in the organizations "
                    "ledger)")  # fmt: skip
    try:
        result = run(t, as_of=as_of, since=since, days_limit=days_limit, min_members=min_members)
    except ValueError as e:
        raise InputError(str(e)) from None
    rows = filter_area(result.listing(show, lang=lang), district_filter, street_filter)
    json_obj = result.to_dict(lang=lang) if fmt == "json" else None
    if json_obj is not None and (district_filter or street_filter):
        json_obj["open" if show != "summary" else "summary"] = rows
    if fmt == "table" and show == "summary":
        rows = [{**r, "build_rate": "—" if r["build_rate"] is None else f"{r['build_rate']:.1%}"}
                for r in rows]  # fmt: skip
    emit_table(result.columns(lang, show), blank(rows, fmt), fmt, out_file, json_obj=json_obj,
               sheet=pick(_SHEETS[show], lang))  # fmt: skip
