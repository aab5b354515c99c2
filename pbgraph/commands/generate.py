"""`pbgraph demo` and `pbgraph generate`: the synthetic city (:mod:`pbgraph.synth`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..i18n import _
from .common import CONTEXT, Command, handle_errors, progress_printer

SCALES = {"small": 3000, "city": 500_000}

layout_option = click.option(
    "--layout",
    type=click.Choice(["normalized", "combined"]),
    default="normalized",
    show_default=True,
    help="normalized: one tidy ledger per kind. combined: organizations, party "
    "organizations, instructors and pairings in one workbook per district, a sheet per "
    "street, as offices keep them.",
)


@click.command("demo", cls=Command, context_settings=CONTEXT)
@click.option(
    "--scale",
    default="small",
    show_default=True,
    metavar="small|city|N",
    help="City size: small (3 000 organizations), city (500 000) or a number.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="pbgraph-demo",
    show_default=True,
    help="Folder for the ledgers, the store and the report.",
)
@click.option("--seed", type=int, default=2018, show_default=True, help="Random seed.")
@layout_option
@click.pass_context
@handle_errors
def demo(ctx: click.Context, scale: str, out: str, seed: int, layout: str) -> None:
    """Generate a synthetic city, load it, run every analysis, write a report.

    \b
    Example:
      pbgraph demo --out /tmp/demo && open /tmp/demo/report/index.html
      pbgraph demo --layout combined     # the ledgers as district offices keep them
    """
    from ..loaders.load import load_ledgers
    from ..report import inputs, write_report
    from ..stores.sqlite import EmbeddedStore
    from ..synth import generate as gen

    n = _scale(scale)
    progress = progress_printer(ctx)
    outdir = Path(out)
    if progress:
        progress(_("generating a city of {n} organizations", n=n))
    files = gen(n, outdir / "ledgers", seed=seed, layout=layout, progress=progress)
    store_dir = outdir / "store"
    with EmbeddedStore(store_dir) as store:
        result = load_ledgers(files, store, quarantine_dir=outdir, progress=progress)
        if progress:
            progress(_("running the analyses"))
        report = write_report(store.tables(**inputs()), outdir / "report", progress=progress)
    c = result.counts
    nodes = sum(v for k, v in c.items() if "_" not in k)
    click.echo(_("Generated {n} ledgers in {folder}", n=len(files), folder=outdir / "ledgers"))
    click.echo(_("Loaded {nodes} nodes and {rels} relationships into {store}", nodes=nodes,
                 rels=sum(c.values()) - nodes, store=store_dir))  # fmt: skip
    click.echo(_("Report: {path}", path=report["html"]))
    click.echo(_("Workbook: {path}", path=report["workbook"]))
    click.echo(_("Next: pbgraph coverage --store {store} --by street", store=store_dir))


def _scale(scale: str) -> int:
    """``--scale``: a named size or a number of organizations."""
    if scale in SCALES:
        return SCALES[scale]
    try:
        n = int(scale)
    except ValueError:
        raise InputError(_("--scale must be small, city or a number, not {scale!r}",
                           scale=scale)) from None  # fmt: skip
    if n < 1:
        raise InputError(_("--scale must be at least 1"))
    return n


@click.command("generate", cls=Command, context_settings=CONTEXT)
@click.option(
    "--orgs",
    type=click.IntRange(min=1),
    required=True,
    help="Number of organizations (of each city, with --cities or --province).",
)
@click.option(
    "--cities",
    type=click.IntRange(min=1, max=16),
    default=None,
    help="A province: the first N of Shandong's 16 cities, a folder each.",
)
@click.option("--province", is_flag=True, help="A province of all 16 cities (--cities 16).")
@click.option("--seed", type=int, default=2018, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write.")
@layout_option
@click.pass_context
@handle_errors
def generate(
    ctx: click.Context,
    orgs: int,
    cities: int | None,
    province: bool,
    seed: int,
    out: str,
    layout: str,
) -> None:
    """Write the ledgers of a synthetic Jinan-like city (CSV and XLSX, Chinese headers),
    or of a province: Shandong's cities with their real districts and division codes, a
    folder per city (370400_枣庄市/), each city drawn like the one city.

    The same seed gives byte-identical files, and the same city in both layouts; in a
    province, a city is the same whatever the number of cities.

    \b
    Example:
      pbgraph generate --orgs 20000 --seed 7 --out ledgers/
      pbgraph generate --orgs 20000 --seed 7 --layout combined --out offices/
      pbgraph generate --cities 4 --orgs 20000 --out province/ && pbgraph load province/*/*
    """
    if province and cities not in (None, 16):
        raise InputError(_("--province is all 16 cities: give --province or --cities, not both"))
    n_cities = 16 if province else cities
    progress = progress_printer(ctx)
    if n_cities is None:
        from ..synth import generate as gen

        files = gen(orgs, out, seed=seed, layout=layout, progress=progress)
    else:
        from ..synth.province import generate_province

        files = generate_province(n_cities, orgs, out, seed=seed, layout=layout, progress=progress)
    for p in files:
        click.echo(str(p))
