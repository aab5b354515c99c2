"""The planner's command line: thin wiring of loaders, stores and analyses."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .commands.balance import balance
from .commands.common import (
    CONTEXT,
    date_option,
    echo_err,
    emit_table,
    format_option,
    handle_errors,
    joint_limit_options,
    lang_option,
    min_members_option,
    open_store,
    out_file_option,
    progress_printer,
    store_options,
)
from .commands.group import group
from .commands.progress import demo_sites, funds, progress
from .errors import InputError, PbgraphError

SCALES = {"small": 3000, "city": 500_000}
LISTS = ("must_build", "joint_candidate", "no_members", "work", "own", "joint", "attached",
         "key_unpaired", "joint_grown", "latent", "weak_no_instructor", "joint_over_limits")  # fmt: skip


# -- the group ------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="pbgraph")
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def cli(quiet: bool) -> None:
    """pbgraph: analyse a city's regional party-building network (区域化党建网络).

    Load the organization department's ledgers (台账) into a graph and find which
    organizations are not covered, how to spread instructors and pairings, and which
    small organizations should form joint branches.

    \b
    Example:
      pbgraph demo                      # synthetic city -> load -> analyses -> report
      pbgraph load ledgers/*.csv ledgers/*.xlsx
      pbgraph coverage --by street
    """


_layout_option = click.option(
    "--layout",
    type=click.Choice(["normalized", "combined"]),
    default="normalized",
    show_default=True,
    help="normalized: one tidy ledger per kind. combined: organizations, party "
    "organizations, instructors and pairings in one workbook per district, a sheet per "
    "street, as offices keep them.",
)


@cli.command(context_settings=CONTEXT)
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
@_layout_option
@click.pass_context
@handle_errors
def demo(ctx: click.Context, scale: str, out: str, seed: int, layout: str) -> None:
    """Generate a synthetic city, load it, run every analysis, write a report.

    \b
    Example:
      pbgraph demo --out /tmp/demo && open /tmp/demo/report/index.html
      pbgraph demo --layout combined     # the ledgers as district offices keep them
    """
    from .loaders.load import load_ledgers
    from .report import write_report
    from .stores.sqlite import EmbeddedStore
    from .synth import generate

    n = _scale(scale)
    progress = progress_printer(ctx)
    outdir = Path(out)
    if progress:
        progress(f"generating a city of {n} organizations")
    files = generate(n, outdir / "ledgers", seed=seed, layout=layout, progress=progress)
    store_dir = outdir / "store"
    with EmbeddedStore(store_dir) as store:
        result = load_ledgers(files, store, quarantine_dir=outdir, progress=progress)
        if progress:
            progress("running the analyses")
        report = write_report(store.graph(), outdir / "report", progress=progress)
    c = result.counts
    nodes = sum(v for k, v in c.items() if "_" not in k)
    click.echo(f"Generated {len(files)} ledgers in {outdir / 'ledgers'}")
    click.echo(f"Loaded {nodes} nodes and {sum(c.values()) - nodes} relationships into {store_dir}")
    click.echo(f"Report: {report['html']}")
    click.echo(f"Workbook: {report['workbook']}")
    click.echo(f"Next: pbgraph coverage --store {store_dir} --by street")


def _scale(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    try:
        n = int(scale)
    except ValueError:
        raise InputError(f"--scale must be small, city or a number, not {scale!r}") from None
    if n < 1:
        raise InputError("--scale must be at least 1")
    return n


@cli.command(context_settings=CONTEXT)
@click.option("--orgs", type=click.IntRange(min=1), required=True, help="Number of organizations.")
@click.option("--seed", type=int, default=2018, show_default=True, help="Random seed.")
@click.option("--out", type=click.Path(file_okay=False), required=True, help="Folder to write.")
@_layout_option
@click.pass_context
@handle_errors
def generate(ctx: click.Context, orgs: int, seed: int, out: str, layout: str) -> None:
    """Write the ledgers of a synthetic Jinan-like city (CSV and XLSX, Chinese headers).

    The same seed gives byte-identical files, and the same city in both layouts.

    \b
    Example:
      pbgraph generate --orgs 20000 --seed 7 --out ledgers/
      pbgraph generate --orgs 20000 --seed 7 --layout combined --out offices/
    """
    from .synth import generate as gen

    for p in gen(orgs, out, seed=seed, layout=layout, progress=progress_printer(ctx)):
        click.echo(str(p))


_NOTICES = 20


def _mapping_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--set", "sets", multiple=True, metavar="COLUMN=VALUE",
                     help="A value every row takes where the ledger has no such column, e.g. "
                          "--set 所属区县=历下区 (repeatable; wins over a mapping's [set]).")(f)  # fmt: skip
    return click.option("--mapping", type=click.Path(exists=True, dir_okay=False),
                        help="A mapping file (TOML: [columns], [values.FIELD], [set], "
                             "[divisions]); pbgraph inspect --write-mapping writes one.")(f)  # fmt: skip


def _mapping(path: str | None, sets: tuple[str, ...]) -> Any:
    from .loaders.mapping import Mapping

    pairs = {}
    for item in sets:
        column, eq, value = item.partition("=")
        if not eq or not column.strip() or not value.strip():
            raise InputError(f"--set {item!r}: write COLUMN=VALUE, e.g. --set 所属区县=历下区")
        pairs[column.strip()] = value.strip()
    if path is None and not pairs:
        return None
    m = Mapping.read(path) if path else Mapping(source="--set")
    return m.with_fixed(pairs)


@cli.command(context_settings=CONTEXT)
@click.argument("ledgers", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@store_options
@click.option("--kind", type=click.Choice(["organizations", "party-orgs", "members", "instructors",
              "platforms", "pairings", "visits", "demo-sites"]), help="Kind of ledger (detected from headers if not given).")  # fmt: skip
@click.option(
    "--encoding",
    help="Encoding of CSV files (detected: UTF-8, GB18030/GBK, and UTF-16/32 or UTF-8 with a BOM).",
)
@click.option(
    "--prefer",
    type=click.Choice(["first", "last"]),
    default="first",
    show_default=True,
    help="Which of two conflicting duplicate rows wins.",
)
@click.option(
    "--quarantine",
    "quarantine_dir",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder for quarantine.csv (rejected rows).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any row was rejected.")
@click.option("--key-file", type=click.Path(dir_okay=False), envvar="PBGRAPH_KEY_FILE",
              help="The pseudonym key (created on first use, owner-only). Env: PBGRAPH_KEY_FILE. "
                   "Default: ~/.config/pbgraph/pseudonym.key.")  # fmt: skip
@_mapping_options
@date_option("--as-of", help="Date of these ledgers: after the load, record every organization's "
                             "coverage as of DATE (replaces that date's snapshot; see coverage "
                             "--compare).")  # fmt: skip
@format_option("table", "json")
@click.pass_context
@handle_errors
def load(ctx: click.Context, ledgers: tuple[str, ...], kind: str | None, encoding: str | None,
         prefer: str, quarantine_dir: str, strict: bool, key_file: str | None,
         mapping: str | None, sets: tuple[str, ...], as_of: str | None, fmt: str,
         **store: Any) -> None:  # fmt: skip
    """Validate ledgers and load them into the store; rejected rows go to quarantine.csv.

    A district's or street's combined ledger (party organization, instructor and paired
    unit on each organization's row; no district or street column) loads as it is: see how
    it will be read first with `pbgraph inspect`.

    \b
    Example:
      pbgraph load ledgers/01_两新组织台账.csv ledgers/*.xlsx --store .pbgraph
      pbgraph load 历下区台账.xlsx --set 所属区县=历下区
      pbgraph load ledgers/* --as-of 2018-07-31      # and snapshot the coverage of that day
    """
    from .loaders.load import load_ledgers

    m = _mapping(mapping, sets)
    with open_store(store, write=True) as s:
        result = load_ledgers(list(ledgers), s, kind=kind, encoding=encoding, prefer=prefer,
                              quarantine_dir=quarantine_dir, mapping=m, key=key_file,
                              progress=progress_printer(ctx))  # fmt: skip
        if as_of:
            from .analyses.snapshots import take_snapshot

            snap = take_snapshot(s, s.graph(), as_of)
            echo_err(f"coverage snapshot {as_of}: {snap['total']} organizations, "
                     f"{snap['org_covered']} covered by a party organization")  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        from .report import table_text

        headers = ["台账类型", "读取", "导入", "合并重复", "拒绝", "跳过"]
        rows = [
            [s.kind, s.read, s.loaded, s.merged, s.rejected, s.skipped]
            for s in result.summaries.values()
        ]
        click.echo(table_text(headers, rows))
        for f, col in result.unknown_columns:
            if ") duplicates column " in col:  # the reader says which column is read
                click.echo(f"重复的列 (duplicate column): {f}: {col}")
            else:
                click.echo(f"未识别的列 (unknown column, ignored): {f}: {col}")
        for i in result.implied:
            where = f"{i.file} [{i.sheet}]" if i.sheet else i.file
            value = i.value if i.value is not None else "按行 (by row)"
            click.echo(f"推断 (implied): {where}: {i.header} = {value} ← {i.source}")
        for n in result.notices[:_NOTICES]:
            where = f"{n.file} [{n.sheet}]" if n.sheet else n.file
            click.echo(f"提示 (notice): {where} 第{n.row}行: {n.message}")
        if len(result.notices) > _NOTICES:
            click.echo(f"… {len(result.notices) - _NOTICES} more notices: --format json lists all")
        if result.quarantine:
            click.echo(f"{len(result.rejects)} rejected rows -> {result.quarantine}")
    if strict and result.rejects:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("ledgers", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--kind", type=click.Choice(["organizations", "party-orgs", "members", "instructors",
              "platforms", "pairings", "visits", "demo-sites"]), help="Kind of ledger (detected from headers if not given).")  # fmt: skip
@click.option("--encoding", help="Encoding of CSV files (detected if not given).")
@_mapping_options
@click.option("--write-mapping", type=click.Path(dir_okay=False),
              help="Write a mapping to edit (TOML) and give back to load --mapping.")  # fmt: skip
@format_option("table", "json")
@handle_errors
def inspect(ledgers: tuple[str, ...], kind: str | None, encoding: str | None,
            mapping: str | None, sets: tuple[str, ...], write_mapping: str | None,
            fmt: str) -> None:  # fmt: skip
    """Show how ledgers will be read, without loading them.

    Per file and sheet: the header rows, the kind, each column and the field it fills (or
    unknown, with the closest known names), the columns implied (district, street) and
    where from, sample values, and the rows a load would reject, by rule.

    \b
    Example:
      pbgraph inspect 历下区两新组织台账.xlsx
      pbgraph inspect 历下区两新组织台账.xlsx --write-mapping 历下区.toml
      pbgraph load 历下区两新组织台账.xlsx --mapping 历下区.toml
    """
    from .loaders.inspect import inspect_ledgers, mapping_toml, render

    report = inspect_ledgers(list(ledgers), kind=kind, encoding=encoding,
                             mapping=_mapping(mapping, sets))  # fmt: skip
    if write_mapping:
        from .outputs import atomic_open

        with atomic_open(write_mapping, encoding="utf-8") as f:  # never a half-written mapping
            f.write(mapping_toml(report))
        echo_err(f"mapping -> {write_mapping}")
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(render(report), nl=False)


@cli.command(context_settings=CONTEXT)
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
@format_option("table", "csv", "json", "xlsx")
@handle_errors
def coverage(by: str, denominator: str, list_name: str | None, min_members: int, max_units: int,
             max_members: int, lang: str, out_file: str | None, write_back: bool,
             compare: tuple[str, str] | None, fmt: str, **store: Any) -> None:  # fmt: skip
    """Organizational and work coverage per group, what is uncovered, and why.

    Every organization is in one category: own, joint, attached (organizational coverage),
    work (an instructor, no party organization), must_build (应建未建), joint_candidate,
    no_members. Flags: key_unpaired, joint_grown, latent, weak_no_instructor,
    joint_over_limits. The rate states its denominator.

    \b
    Example:
      pbgraph coverage --by street --format csv --out coverage.csv
      pbgraph coverage --list must_build --lang en
      pbgraph coverage --compare 2018-06-30 2018-07-31
    """
    from .analyses.coverage import coverage as run

    if compare:
        _compare(compare, lang, out_file, fmt, store)
        return
    with open_store(store) as s:
        result = run(s.graph(), by=by, denominator=denominator, min_members=min_members,
                     max_units=max_units, max_members=max_members)  # fmt: skip
        if write_back:
            from .graphmodel.results import FLAGS, write_run

            write_run(s, "coverage", result.params | {"by": by}, {FLAGS: result.findings()})
    zh = lang == "zh"
    if list_name:
        from .report import list_columns  # the ledgers' headers, as in the report's sheets

        items = result.listing(list_name, lang=lang)
        cols = list_columns(result, list_name, lang)
        rows = [{**x, "latent_members": "；".join(x.get("latent_members", []))} for x in items]
        emit_table(cols, rows, fmt, out_file, json_obj={"list": list_name, "items": items},
              sheet="名单" if zh else "list")  # fmt: skip
        return
    cols = result.columns(lang)
    rows = [
        {
            k: (f"{r[k]:.1%}" if k in ("rate", "own_rate") and fmt == "table" else r[k])
            for k, _ in cols
        }
        for r in result.rows()
    ]
    emit_table(cols, rows, fmt, out_file, json_obj=result.to_dict(lang=lang),
          sheet="覆盖情况" if zh else "coverage")  # fmt: skip


@cli.command(context_settings=CONTEXT)
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
    from .report import write_report

    with open_store(store) as s:
        G = s.graph()
    try:
        files = write_report(G, out, lang=lang, street=street, min_members=min_members,
                             progress=progress_printer(ctx))  # fmt: skip
    except ValueError as e:
        raise InputError(str(e)) from None
    click.echo(f"Report: {files['html']}")
    click.echo(f"Workbook: {files['workbook']}")
    click.echo(f"Charts: {len([k for k in files if k.startswith('chart_')])} PNG files in {out}")


@cli.command(context_settings=CONTEXT)
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
    from .loaders.export import export_ledgers

    with open_store(store) as s:
        files = export_ledgers(s.graph(), out)
    for f in files:
        click.echo(str(f))


cli.add_command(balance)
cli.add_command(group)
cli.add_command(progress)
cli.add_command(demo_sites)
cli.add_command(funds)


def _compare(
    dates: tuple[str, str], lang: str, out_file: str | None, fmt: str, store: dict[str, Any]
) -> None:
    """``coverage --compare D1 D2``: the changes between two snapshots, with reasons."""
    from .analyses.progress import as_date
    from .analyses.snapshots import CHANGES, compare_stored

    try:
        d1, d2 = (as_date(d) for d in dates)
    except ValueError as e:
        raise InputError(f"--compare: {e}") from None
    with open_store(store) as s:
        diff = compare_stored(s, dates[0], dates[1], s.graph())
    zh = lang == "zh"
    if fmt == "table":
        counts = diff.counts()
        click.echo("，".join(f"{CHANGES[k][0 if zh else 1]} {v}" for k, v in counts.items()))
    emit_table(diff.columns(lang), diff.rows(lang=lang), fmt, out_file,
               json_obj=diff.to_dict(lang=lang), sheet=f"{d1}_{d2}")  # fmt: skip


@cli.group(context_settings=CONTEXT)
def key() -> None:
    """The pseudonym key: where it is, its fingerprint, a new one.

    Members' ID numbers become keyed pseudonyms on load. The key is a file of its own,
    readable by its owner only, never in a store (whoever has both could recover ID
    numbers). Keep it where the department keeps its other secrets, and back it up apart
    from the stores: without it, a new load cannot be matched to the old pseudonyms.

    \b
    Example:
      pbgraph key show
      pbgraph key new --key-file /secure/pbgraph-2027.key   # then load into a new store
    """


def _key_file_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--key-file", type=click.Path(dir_okay=False), envvar="PBGRAPH_KEY_FILE",
                        help="Env: PBGRAPH_KEY_FILE. Default: ~/.config/pbgraph/pseudonym.key.")(f)  # fmt: skip


@key.command("show", context_settings=CONTEXT)
@_key_file_option
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="Also say whether this embedded store was loaded with the key.")  # fmt: skip
@handle_errors
def key_show(key_file: str | None, store_dir: str | None) -> None:
    """Print where the key is and its fingerprint (never the key).

    \b
    Example:
      pbgraph key show --store .pbgraph
    """
    from .keys import load_key

    k = load_key(key_file)
    click.echo(f"{k.path}  fingerprint {k.fingerprint}")
    if store_dir is not None:
        from .stores.sqlite import EmbeddedStore

        with EmbeddedStore(store_dir, readonly=True) as s:
            fp = s.key_fingerprint()
        if fp != k.fingerprint:
            raise InputError(
                f"{store_dir} was loaded with key {fp}, not with this one"
                if fp
                else f"{store_dir} has not been loaded with any key yet"
            )
        click.echo(f"{store_dir}: loaded with this key")


@key.command("new", context_settings=CONTEXT)
@_key_file_option
@handle_errors
def key_new(key_file: str | None) -> None:
    """Create a new key (owner-only); an existing key file is never overwritten.

    \b
    Example:
      pbgraph key new --key-file /secure/pbgraph-2027.key
    """
    from .keys import default_key_path, new_key

    k = new_key(key_file or default_key_path())
    click.echo(f"{k.path}  fingerprint {k.fingerprint}")


@cli.group(context_settings=CONTEXT)
def neo4j() -> None:
    """A local Neo4j server for people without one (started from Maven Central jars).

    \b
    Example:
      pbgraph neo4j start --port 7687 && export NEO4J_URI=bolt://127.0.0.1:7687
    """


def _neo4j_opts(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--data", type=click.Path(file_okay=False), default=".pbgraph/neo4j",
                     show_default=True, help="Data folder of the local server.")(f)  # fmt: skip
    return f


@neo4j.command("start", context_settings=CONTEXT)
@click.option("--port", type=click.IntRange(1, 65535), default=7687, show_default=True)
@click.option(
    "--password",
    envvar="NEO4J_PASSWORD",
    default="pbgraph-local",
    show_default=True,
    help="Password of user neo4j. Env: NEO4J_PASSWORD.",
)
@_neo4j_opts
@handle_errors
def neo4j_start(port: int, password: str, data: str) -> None:
    """Start the local server in the background and print its URI.

    \b
    Example:
      pbgraph neo4j start --port 7687 --data .pbgraph/neo4j
    """
    from .stores import neo4j_local

    try:
        uri = neo4j_local.start(port=port, data_dir=data, password=password)
    except neo4j_local.LocalNeo4jError as e:
        raise PbgraphError(str(e)) from None
    click.echo(uri)


@neo4j.command("stop", context_settings=CONTEXT)
@_neo4j_opts
@handle_errors
def neo4j_stop(data: str) -> None:
    """Stop the local server.

    \b
    Example:
      pbgraph neo4j stop
    """
    from .stores import neo4j_local

    click.echo("stopped" if neo4j_local.stop(data_dir=data) else "not running")


@neo4j.command("status", context_settings=CONTEXT)
@_neo4j_opts
@handle_errors
def neo4j_status(data: str) -> None:
    """Say whether the local server runs, and where.

    \b
    Example:
      pbgraph neo4j status
    """
    from .stores import neo4j_local

    st = neo4j_local.status(data_dir=data)
    click.echo(
        f"running {st.get('uri')} (pid {st.get('pid')})" if st.get("running") else "not running"
    )
    if not st.get("running"):
        sys.exit(3)


def main() -> None:
    """Console entry point: usage errors are one line on stderr and exit code 2."""
    try:
        rv = cli.main(prog_name="pbgraph", standalone_mode=False)
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else "pbgraph"
        echo_err(f"Error: {e.format_message()} (see `{where} --help`)")
        sys.exit(2)
    except click.ClickException as e:
        echo_err(f"Error: {e.format_message()}")
        sys.exit(e.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        echo_err("interrupted")
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
