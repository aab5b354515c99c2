"""`pbgraph welfare` and `pbgraph training`: what the organizations gave back and whom the
出彩型 honours should go to (公益账户, 出彩型); whose secretaries and leaders the trainings
and study visits reached (培训, 观摩) (:mod:`pbgraph.analyses.welfare`,
:mod:`pbgraph.analyses.training`)."""

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
    open_store,
    out_file_option,
    require_ledgers,
    store_options,
    without_gc,
)

#: the sheet of each view in an XLSX output
_SHEETS = {
    "districts": ("公益账户", "accounts"),
    "orgs": ("公益排名", "rankings"),
    "candidates": ("出彩型党组织推荐", "party org candidates"),
    "secretaries": ("出彩型书记推荐", "secretary candidates"),
    "awards": ("表彰名单", "awards"),
    "streets": ("培训覆盖", "reach by street"),
    "leaders": ("未参训负责人", "leaders not reached"),
    "sessions": ("培训观摩", "sessions"),
    "years": ("年度目标", "years"),
}


@click.command("welfare", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["districts", "orgs", "candidates", "secretaries",
                                           "awards"]), default="districts", show_default=True,
              help="Each district's public-welfare account; each organization's giving, ranked; "
                   "the party organizations put forward as 出彩型; their secretaries; or the "
                   "honours in the ledgers against the criteria.")  # fmt: skip
@click.option("--rank-by", type=click.Choice(["hours", "beneficiaries", "activities", "amount",
                                              "volunteers"]), default="hours", show_default=True,
              help="What the rankings compare.")  # fmt: skip
@click.option("--min-site-score", type=click.FloatRange(0, 100), default=85.0, show_default=True,
              help="Criterion: the mean 三强三好 score of its demonstration site.")  # fmt: skip
@click.option("--min-hours", type=click.FloatRange(min=0), default=50.0, show_default=True,
              help="Criterion: welfare hours of the organizations it covers.")  # fmt: skip
@click.option("--min-member-share", type=click.FloatRange(0, 1), default=0.8, show_default=True,
              help="Criterion: share of the party members working at its organizations who "
                   "are in it (not held by a talent centre, HR market or community).")  # fmt: skip
@click.option("--need", type=click.IntRange(1, 3), default=2, show_default=True,
              help="How many of the three criteria a candidate meets (a weak one never is).")  # fmt: skip
@click.option("--min-trainings", type=click.IntRange(min=0), default=1, show_default=True,
              help="Trainings or study visits a candidate's secretary attended.")  # fmt: skip
@click.option("--top-orgs", type=click.IntRange(min=0), default=28, show_default=True,
              help="Party organizations put forward (0: all that qualify).")  # fmt: skip
@click.option("--top-secretaries", type=click.IntRange(min=0), default=21, show_default=True,
              help="Secretaries put forward (0: all that qualify).")  # fmt: skip
@date_option("--since", help="First day of the period [default: the first date in the ledgers].")
@date_option("--until", help="Last day of the period [default: the last date in the ledgers].")
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
def welfare(show: str, rank_by: str, min_site_score: float, min_hours: float,
            min_member_share: float, need: int, min_trainings: int, top_orgs: int,
            top_secretaries: int, since: str | None, until: str | None, lang: str,
            out_file: str | None, district_filter: str | None, street_filter: str | None,
            fmt: str, columns: str | None, bom: bool | None, **store: Any) -> None:  # fmt: skip
    """Public-welfare accounts (公益账户) and 出彩型 award candidates.

    Per district account: the organizations that gave back, activities, hours, volunteers,
    people served, money and goods; each organization ranked in its district and the city.
    Candidates for 出彩型党组织: not weak, and at least --need of three criteria — its
    demonstration site's score, its organizations' welfare hours, the share of the members
    working there who are in it; their secretaries who attended trainings are the 出彩型书记
    candidates (the seed: 28 and 21). --show awards sets the honours in the ledgers against
    the criteria.

    \b
    Example:
      pbgraph welfare
      pbgraph welfare --show orgs --rank-by beneficiaries --district 历下区
      pbgraph welfare --show candidates --min-site-score 80 --need 3
      pbgraph welfare --show awards --format xlsx --out 出彩型.xlsx
    """
    from ..analyses.welfare import inputs
    from ..analyses.welfare import welfare as run

    with open_store(store) as s:
        t = s.tables(**inputs())
    require_ledgers(len(t.keys("WelfareActivity")) + len(t.keys("Award")) > 0, "welfare",
                    "公益账户台账和表彰台账的数据", "welfare or awards ledger")  # fmt: skip
    try:
        result = run(t, since=since, until=until, rank_by=rank_by, min_site_score=min_site_score,
                     min_hours=min_hours, min_member_share=min_member_share, need=need,
                     min_trainings=min_trainings, top_orgs=top_orgs,
                     top_secretaries=top_secretaries)  # fmt: skip
    except ValueError as e:
        raise InputError(str(e)) from None
    if show == "districts":
        rows = result.rows(lang) if fmt == "table" else result.districts
    else:
        rows = result.listing(show, lang=lang)
    rows = filter_area(rows, district_filter, street_filter) if show != "districts" else rows
    json_obj = result.to_dict(lang=lang) if fmt == "json" else None
    if json_obj is not None and (district_filter or street_filter):
        json_obj[show] = rows
    emit_table(result.columns(lang, show), blank(rows, fmt), fmt, out_file, json_obj=json_obj,
               sheet=pick(_SHEETS[show], lang))  # fmt: skip


@click.command("training", cls=Command, context_settings=CONTEXT)
@store_options
@click.option("--show", type=click.Choice(["streets", "secretaries", "leaders", "sessions",
                                           "years"]), default="streets", show_default=True,
              help="Per street, secretaries and leaders never reached; the party organizations "
                   "whose secretary was never reached; the organizations whose leader was "
                   "not; each session with its attendees; or each year against the targets.")  # fmt: skip
@click.option("--leaders", type=click.Choice(["all", "key", "covered", "uncovered"]),
              default="all", show_default=True,
              help="Whose leaders count: all organizations, key ones, those with a party "
                   "organization, or those without.")  # fmt: skip
@click.option("--target-trainings", type=click.IntRange(min=0), default=10, show_default=True,
              help="Trainings a year (the seed: 10+).")  # fmt: skip
@click.option("--target-visits", type=click.IntRange(min=0), default=6, show_default=True,
              help="Study visits a year (the seed: 6).")  # fmt: skip
@date_option("--since", help="First day of the period [default: the first session].")
@date_option("--until", help="Last day of the period [default: the last session].")
@lang_option
@out_file_option
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
def training(show: str, leaders: str, target_trainings: int, target_visits: int,
             since: str | None, until: str | None, lang: str, out_file: str | None,
             district_filter: str | None, street_filter: str | None, fmt: str,
             columns: str | None, bom: bool | None, **store: Any) -> None:  # fmt: skip
    """Training reach (培训, 观摩): whose secretaries and leaders were never reached.

    A party organization's secretary is reached when its secretary attended a training or
    study visit in the period; an organization's leader (出资人/负责人) likewise. Per
    street: how many were never reached, and why; the lists of them (a party worker's
    attendance is shown, but does not reach the secretary); each session with its
    attendees by role; each year against the targets (the seed: 10+ trainings and 6 study
    visits).

    \b
    Example:
      pbgraph training
      pbgraph training --show secretaries --district 历下区
      pbgraph training --show leaders --leaders key --format csv --out 未参训负责人.csv
      pbgraph training --show years --target-trainings 12
    """
    from ..analyses.training import inputs, reach

    with open_store(store) as s:
        t = s.tables(**inputs())
    require_ledgers(len(t.keys("Training")) > 0, "training", "培训观摩台账的数据",
                    "trainings ledger")  # fmt: skip
    try:
        result = reach(t, since=since, until=until, leaders=leaders,
                       target_trainings=target_trainings, target_visits=target_visits)  # fmt: skip
    except ValueError as e:
        raise InputError(str(e)) from None
    if show == "streets" and fmt == "table" and not (district_filter or street_filter):
        rows = result.rows(lang)
    else:
        rows = result.listing(show, lang=lang)
    if show not in ("sessions", "years"):
        rows = filter_area(rows, district_filter, street_filter)
    if fmt == "table":
        rows = [{k: f"{v:.0%}" if k.endswith("share") and v is not None else v
                 for k, v in r.items()} for r in rows]  # fmt: skip
    json_obj = None
    if fmt == "json":
        json_obj = result.to_dict(lang=lang)
        if show in ("secretaries", "leaders") or district_filter or street_filter:
            json_obj[show] = rows
    emit_table(result.columns(lang, show), blank(rows, fmt), fmt, out_file, json_obj=json_obj,
               sheet=pick(_SHEETS[show] if show != "secretaries" else ("未参训书记",
                                                                      "secretaries not reached"),
                          lang))  # fmt: skip
