"""`pbgraph progress`, `pbgraph demo-sites`, `pbgraph funds`: is the campaign moving, where
does it stall, whom do the demonstration sites reach, and what does it cost
(:mod:`pbgraph.analyses.progress`, :mod:`~pbgraph.analyses.demo_sites`,
:mod:`~pbgraph.analyses.funds`)."""

from __future__ import annotations

from typing import Any

import click

from ..errors import InputError
from ..i18n import _
from ..labels import columns as label_columns
from ..labels import pick
from ..labels.cli import COLON, REACH_COLUMNS, SHEETS
from ..province.options import partition_options
from .common import (
    CONTEXT,
    Command,
    area_options,
    blank,
    chart_option,
    date_option,
    echo_err,
    emit_table,
    filter_area,
    format_option,
    handle_errors,
    lang_option,
    min_members_option,
    open_store,
    out_file_option,
    store_options,
    without_gc,
)


@click.command("progress", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--by", type=click.Choice(["street", "district"]), default="street", show_default=True,
              help="One row per street, or per district.")  # fmt: skip
@date_option("--since", help="First day of the period [default: the first visit report].")
@date_option("--until", help="Last day of the period, 'today' [default: the last visit report].")
@click.option("--stale-days", type=click.IntRange(min=0), default=5, show_default=True,
              help="A street with no report for more than this many days has stopped.")  # fmt: skip
@click.option("--behind", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="A street is behind when its visits per uncovered organization fall below "
                   "this share of the city's.")  # fmt: skip
@click.option("--window", type=click.IntRange(min=1), default=14, show_default=True,
              help="Days of the recent window the trends compare with the window before.")  # fmt: skip
@min_members_option
@click.option("--flagged", is_flag=True, help="List only the flagged streets, with reasons.")
@lang_option
@out_file_option
@chart_option
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
@partition_options
def progress(by: str, since: str | None, until: str | None, stale_days: int, behind: float,
             window: int, min_members: int, flagged: bool, lang: str, out_file: str | None,
             chart: str | None, fmt: str, columns: str | None, bom: bool | None,
             province: Any, **store: Any) -> None:  # fmt: skip
    """Visits against the uncovered organizations, per street: is the campaign moving?

    Per street: uncovered organizations (they need a visit), visits reported in the
    period, the share visited, willing to build and members developed, party
    organizations founded, days since the last report, trends over the last --window
    days. Streets that never reported, stopped reporting or fall behind the city's pace
    are flagged with the reason.

    \b
    Example:
      pbgraph progress --since 2018-07-01 --by district
      pbgraph progress --flagged --lang en --format csv --out flagged.csv
      pbgraph progress --chart progress.png
    """
    from ..analyses.progress import inputs
    from ..analyses.progress import progress as run

    opts: dict[str, Any] = {"by": by, "stale_days": stale_days, "behind": behind, "window": window,
                            "min_members": min_members}  # fmt: skip
    try:
        if province:  # partitioned on Dask, the same result (pbgraph/province)
            from ..province import run as run_partitioned

            result = run_partitioned("progress", store, province, out_file, opts=opts,
                                     since=since, until=until, lang=lang)  # fmt: skip
        else:
            with open_store(store) as s:
                t = s.tables(**inputs())
            result = run(t, since=since, until=until, **opts)
    except ValueError as e:
        raise InputError(str(e)) from None
    if chart:
        from ..plots import progress as progress_plots
        from ..plots.style import for_files, save

        for_files()
        fig, _ = progress_plots.visits_by_district(result, lang=lang)
        save(fig, chart)
        fig, _ = progress_plots.coverage_over_time(result, lang=lang)
        cov_chart = chart.removesuffix(".png") + "_coverage.png"
        save(fig, cov_chart)
        echo_err(_("charts: {a}, {b}", a=chart, b=cov_chart))
    sheets = SHEETS["progress"]
    if flagged:
        items = result.flagged(lang=lang)
        emit_table(result.flag_columns(lang), items, fmt, out_file, json_obj={"flagged": items},
                   sheet=pick(sheets["flagged"], lang))  # fmt: skip
        return
    emit_table(result.columns(lang), blank(result.table(lang=lang, pct=fmt == "table"), fmt), fmt, out_file,
               json_obj=result.to_dict(lang=lang), sheet=pick(sheets["table"], lang))  # fmt: skip


@click.command("demo-sites", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["sites", "gaps", "uncovered"]), default="sites",
              show_default=True,
              help="The sites and whom they reach; streets with uncovered clusters and no site "
                   "near; or the uncovered organizations each site reaches first.")  # fmt: skip
@click.option("--industry-scope", type=click.Choice(["street", "district", "city"]),
              default="district", show_default=True,
              help="How far 'same industry' reaches from a site.")  # fmt: skip
@click.option("--cluster-min", type=click.IntRange(min=1), default=5, show_default=True,
              help="Uncovered organizations in one building/park/market that make a cluster.")  # fmt: skip
@click.option("--near", type=click.Choice(["street", "district"]), default="street",
              show_default=True, help="A site is near a cluster in the same street or district.")  # fmt: skip
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="Uncovered organizations listed per site, nearest first.")  # fmt: skip
@min_members_option
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
def demo_sites(show: str, industry_scope: str, cluster_min: int, near: str, top: int,
               min_members: int, lang: str, out_file: str | None, district_filter: str | None,
               street_filter: str | None, fmt: str, columns: str | None, bom: bool | None,
               **store: Any) -> None:  # fmt: skip
    """Demonstration sites (示范点): whom each can pull along, and where none is near.

    For each site (with its 三强三好 scores): the organizations it reaches in the same
    building or park, the same street, the same industry, through a shared instructor or
    member unit, and how many of them are uncovered. --show gaps lists the streets with an
    uncovered cluster and no site near.

    \b
    Example:
      pbgraph demo-sites
      pbgraph demo-sites --show gaps --cluster-min 3 --near district
      pbgraph demo-sites --show gaps --district 历下区
      pbgraph demo-sites --show uncovered --top 5 --format csv --out reach.csv
    """
    from ..analyses.demo_sites import demo_sites as run
    from ..analyses.demo_sites import inputs

    with open_store(store) as s:
        t = s.tables(**inputs())
    result = run(t, industry_scope=industry_scope, cluster_min=cluster_min, near=near, top=top,
                 min_members=min_members)  # fmt: skip
    sheet = pick(SHEETS["demo-sites"][show], lang)
    sites = filter_area(result.listing("sites", lang=lang), district_filter, street_filter)
    if show == "uncovered":  # a row per site and organization it reaches
        rows = [{"site": s_["id"], "site_name": s_["name"], **u}
                for s_ in sites for u in s_["uncovered_list"]]  # fmt: skip
        emit_table(label_columns(REACH_COLUMNS, lang), rows, fmt, out_file,
                   json_obj={"uncovered": rows}, sheet=sheet)  # fmt: skip
        return
    listed = filter_area(result.listing(show, lang=lang), district_filter, street_filter)
    json_obj = result.to_dict(lang=lang) if fmt == "json" else None
    if json_obj is not None and (district_filter or street_filter):
        json_obj[show] = listed
    emit_table(result.columns(lang, show), blank(listed, fmt), fmt, out_file, json_obj=json_obj,
               sheet=sheet)  # fmt: skip


@click.command("funds", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--budget", type=click.IntRange(min=0), default=10_000_000, show_default=True,
              help="The year's budget (yuan).")  # fmt: skip
@click.option("--new-org", type=click.IntRange(min=0), default=2_000, show_default=True,
              help="Start-up fund per newly founded party organization (yuan).")  # fmt: skip
@click.option("--demo-site", type=click.IntRange(min=0), default=100_000, show_default=True,
              help="Fund per demonstration site (yuan).")  # fmt: skip
@date_option("--since", help="First day of the period [default: 1 January of the latest year "
                              "in the ledgers].")  # fmt: skip
@date_option("--until", help="Last day of the period [default: 31 December of that year].")
@lang_option
@out_file_option
@chart_option
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
@partition_options
def funds(budget: int, new_org: int, demo_site: int, since: str | None, until: str | None,
          lang: str, out_file: str | None, chart: str | None, fmt: str, columns: str | None,
          bom: bool | None, province: Any, **store: Any) -> None:  # fmt: skip
    """What the ledgers imply in funds, by district, against the year's budget.

    New party organizations founded in the period × the start-up fund, plus demonstration
    sites designated in the period × the site fund (the seed article: 177 × 2 000 =
    354 000 yuan; 53 × 100 000 = 5 300 000 yuan; a budget of 10 000 000).

    \b
    Example:
      pbgraph funds
      pbgraph funds --budget 8000000 --since 2018-01-01 --until 2018-12-31 --format json
    """
    from ..analyses.funds import funds as run
    from ..analyses.funds import inputs

    opts = {"budget": budget, "new_org": new_org, "demo_site": demo_site}
    try:
        if province:  # partitioned on Dask, the same result (pbgraph/province)
            from ..province import run as run_partitioned

            result = run_partitioned("funds", store, province, out_file, opts=opts, since=since,
                                     until=until, lang=lang)  # fmt: skip
        else:
            with open_store(store) as s:
                t = s.tables(**inputs())
            result = run(t, since=since, until=until, **opts)
    except ValueError as e:
        raise InputError(str(e)) from None
    if chart:
        from ..plots.progress import funds_by_district
        from ..plots.style import for_files, save

        for_files()
        save(funds_by_district(result, lang=lang)[0], chart)
        echo_err(_("chart: {path}", path=chart))
    rows = result.rows()
    if fmt == "table":
        rows = [{**r, "budget_share": "—" if r["budget_share"] is None else f"{r['budget_share']:.1%}"}
                for r in rows]  # fmt: skip
        click.echo(f"{result.since} – {result.until}{pick(COLON, lang)}{result.reason(lang=lang)}")
    emit_table(result.columns(lang), rows, fmt, out_file, json_obj=result.to_dict(lang=lang),
               sheet=pick(SHEETS["funds"]["table"], lang))  # fmt: skip
