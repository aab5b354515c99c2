"""`pbgraph coverage`: organizational and work coverage (:mod:`pbgraph.analyses.coverage`),
and the changes between two coverage snapshots (:mod:`pbgraph.analyses.snapshots`)."""

from __future__ import annotations

from typing import Any

import click

from ..errors import InputError
from ..graphmodel.regioncode import district_columns, district_place, with_city
from ..i18n import _
from ..labels import pick
from ..labels.cli import SHEETS
from ..labels.coverage import LIST_WORDS, RATE_HEADER
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

LISTS = ("must_build", "joint_candidate", "no_members", "work", "own", "joint", "attached",
         "key_unpaired", "joint_grown", "latent", "weak_no_instructor", "joint_over_limits")  # fmt: skip


@click.command("coverage", cls=Command, context_settings=CONTEXT)
@store_options
@click.option(
    "--by",
    type=click.Choice(["city", "district", "street", "building", "industry", "kind"]),
    default="district",
    show_default=True,
    help="Group the counts by this.",
)
@click.option(
    "--denominator",
    type=click.Choice(["all", "eligible"]),
    default="all",
    show_default=True,
    help="Rate over all organizations, or only those with >= --min-members formal members.",
)
@click.option(
    "--list",
    "list_name",
    type=click.Choice(LISTS),
    metavar="CATEGORY",
    help=f"List the organizations of one category or flag instead: {', '.join(LISTS)}.",
)
@joint_limit_options
@lang_option
@out_file_option
@click.option(
    "--write-back",
    is_flag=True,
    help="Store the uncovered organizations as (:AnalysisRun)-[:FLAGS]->(:Organization).",
)
@click.option("--compare", nargs=2, metavar="DATE1 DATE2", default=None,
              help="Compare the coverage snapshots of two dates (made by load --as-of): which "
                   "organizations became covered, lost coverage, are new or gone.")  # fmt: skip
@area_options
@format_option("table", "csv", "json", "xlsx")
@handle_errors
@without_gc
@partition_options
def coverage(by: str, denominator: str, list_name: str | None, min_members: int, max_units: int,
             max_members: int, lang: str, out_file: str | None, write_back: bool,
             compare: tuple[str, str] | None, district_filter: str | None,
             street_filter: str | None, fmt: str, columns: str | None, bom: bool | None,
             province: Any, **store: Any) -> None:  # fmt: skip
    """Organizational and work coverage per group, what is uncovered, and why.

    Every organization is in one category: own, joint, attached (organizational coverage),
    work (an instructor, no party organization), must_build (应建未建), joint_candidate,
    no_members. Flags: key_unpaired, joint_grown, latent, weak_no_instructor,
    joint_over_limits. The rate states its denominator.

    \b
    Example:
      pbgraph coverage --by street --format csv --out coverage.csv
      pbgraph coverage --list must_build --lang en
      pbgraph coverage --list must_build --street 泉城路街道 --columns name,reason
      pbgraph coverage --compare 2018-06-30 2018-07-31
    """
    from ..analyses.coverage import coverage as run
    from ..analyses.coverage import inputs
    from ..analyses.places import inputs as places_inputs
    from ..analyses.places import merge_inputs, places

    if (district_filter or street_filter) and not list_name:
        raise InputError(_("--district and --street filter a list: give --list CATEGORY "
                           "(or --by street for every street's row)"))  # fmt: skip
    if compare:
        _compare(compare, lang, out_file, fmt, store)
        return
    wanted = merge_inputs(inputs(by), places_inputs()) if list_name else inputs(by)
    opts: dict[str, Any] = {"by": by, "denominator": denominator, "min_members": min_members,
                              "max_units": max_units, "max_members": max_members}  # fmt: skip
    if province:  # partitioned on Dask, the same result (pbgraph/province)
        from ..province import run as run_partitioned

        result = run_partitioned("coverage", store, province, out_file, opts=opts, lang=lang,
                                 list_name=list_name, write_back=write_back)  # fmt: skip
    else:
        with open_store(store) as s:  # only the columns coverage reads, no graph
            t = s.tables(**wanted)
            result = run(t, **opts)
            if write_back:
                from ..graphmodel.results import FLAGS, write_run

                write_run(s, "coverage", result.params | {"by": by}, {FLAGS: result.findings()})
    sheets = SHEETS["coverage"]
    if list_name:
        from ..report import list_columns  # the ledgers' headers, as in the report's sheets

        P = None if province else places(t)
        every = (result.listing(list_name, lang=lang) if P is None
                 else _with_area(result.listing(list_name, lang=lang), P, t))  # fmt: skip
        items = filter_area(every, district_filter, street_filter, P.districts if P else None)
        cols = with_city(_area_columns(list_columns(result, list_name, lang), by, lang), every,
                         lang, ("所属城市", "city"))  # fmt: skip
        rows = [{**x, "latent_members": "；".join(x.get("latent_members", []))} for x in items]
        emit_table(cols, rows, fmt, out_file, json_obj={"list": list_name, "items": items},
                   sheet=pick(sheets["list"], lang))  # fmt: skip
        return
    rate = pick(RATE_HEADER[denominator], lang).format(n=min_members)  # the denominator said
    cols = [(k, rate if k == "rate" else h) for k, h in result.columns(lang)]
    rows = [
        {
            k: (f"{r[k]:.1%}" if k in ("rate", "own_rate") and fmt == "table" else r[k])
            for k, _ in cols
        }
        for r in result.rows()
    ]
    emit_table(cols, rows, fmt, out_file, json_obj=result.to_dict(lang=lang),
               sheet=pick(sheets["table"], lang))  # fmt: skip


def _with_area(items: list[dict[str, Any]], P: Any, t: Any) -> list[dict[str, Any]]:
    """Each listed organization with its ``district`` and ``street`` (a party organization,
    for the flags listing them, with those of the first organization it covers)."""
    streets = [""] + [s_.rpartition("/")[2] for s_ in P.streets]
    districts = [""] + list(P.districts)
    where: dict[str, tuple[str, str]] = {}
    for label, street_of in (("Organization", P.street_of_org), ("PartyOrg", P.street_of_po)):
        dist_of = P.district_of(street_of)
        for k, si, di in zip(t.keys(label), street_of.tolist(), dist_of.tolist(), strict=True):
            where[k] = (districts[di + 1], streets[si + 1])
    out = []
    for x in items:
        district, street = where.get(x.get("credit_code") or x.get("party_org") or "", ("", ""))
        out.append({**x, **district_columns(district_place(district)), "street": street})
    return out


def _area_columns(cols: list[tuple[str, str]], by: str, lang: str) -> list[tuple[str, str]]:
    """A list's columns with the district and the street after the name; the group column
    only when it says something else (a building, an industry, a kind)."""
    words = {k: pick(w, lang) for k, w in LIST_WORDS.items()}
    out: list[tuple[str, str]] = []
    for k, h in cols:
        if k == "group" and by in ("city", "district", "street"):
            continue
        out.append((k, h))
        if k == "name":
            out += [("district", words["district"]), ("street", words["street"])]
    return out


def _compare(
    dates: tuple[str, str], lang: str, out_file: str | None, fmt: str, store: dict[str, Any]
) -> None:
    """``coverage --compare D1 D2``: the changes between two snapshots, with reasons."""
    from ..analyses.progress import as_date
    from ..analyses.snapshots import CHANGES, compare_stored, inputs

    try:
        d1, d2 = (as_date(d) for d in dates)
    except ValueError as e:
        raise InputError(_("--compare: {reason}", reason=e)) from None
    with open_store(store) as s:
        diff = compare_stored(s, dates[0], dates[1], s.tables(**inputs("compare")))
    if fmt == "table":
        counts = diff.counts()
        click.echo("，".join(f"{pick(CHANGES[k], lang)} {v}" for k, v in counts.items()))
    emit_table(diff.columns(lang), diff.rows(lang=lang), fmt, out_file,
               json_obj=diff.to_dict(lang=lang), sheet=f"{d1}_{d2}")  # fmt: skip
