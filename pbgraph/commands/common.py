"""Shared pieces of the command line: store options, error handling, table output.

Every command module in :mod:`pbgraph.commands` builds on these, so every command opens
stores, reports errors, reads its options and writes tables the same way.
"""

from __future__ import annotations

import functools
import gc
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import DiskError, InputError, PbgraphError
from ..graphmodel.regioncode import Place, district_place, place_of, street_place
from ..i18n import _, bilingual
from ..i18n.help import Command
from ..jsontext import json_bytes
from ..outputs import XlsxSheet, atomic_open, csv_text, write_xlsx

if TYPE_CHECKING:
    from ..loaders.mapping import Mapping
    from ..stores.base import Store

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

__all__ = ["CONTEXT", "Command"]


def echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def progress_printer(ctx: click.Context) -> Callable[[str], None] | None:
    """A progress printer for terminals; silent when piped or with --quiet."""
    quiet = ctx.find_root().params.get("quiet", False)
    if quiet or not sys.stderr.isatty():
        return None
    return lambda msg: click.echo(f"… {msg}", err=True)


# -- store options ------------------------------------------------------------------------


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--store DIR`` (embedded, the default) or ``--neo4j URI`` and its credentials."""
    opts = [
        click.option("--store", "store_dir", type=click.Path(file_okay=False), envvar="PBGRAPH_STORE",
                     default=".pbgraph", show_default=True, help="Folder of the embedded store."),
        click.option("--neo4j", "neo4j_uri", metavar="URI", envvar="NEO4J_URI",
                     help="Use a Neo4j server instead (bolt://host:7687). Env: NEO4J_URI."),
        click.option("--neo4j-user", envvar="NEO4J_USERNAME", default="neo4j", show_default=True,
                     help="Env: NEO4J_USERNAME."),
        click.option("--neo4j-password", envvar="NEO4J_PASSWORD", default=None,
                     help="Env: NEO4J_PASSWORD."),
        click.option("--neo4j-database", envvar="NEO4J_DATABASE", default=None,
                     help="Env: NEO4J_DATABASE (default: the server's default)."),
    ]  # fmt: skip
    for o in reversed(opts):
        f = o(f)
    return f


@contextmanager
def open_store(params: dict[str, Any], *, write: bool = False) -> Iterator[Store]:
    """Open the store the options name; always closed afterwards.

    An option on the command line wins over an environment variable: ``--store DIR`` uses
    the embedded store even when ``NEO4J_URI`` is set, ``--neo4j URI`` uses Neo4j. Unless
    ``write``, an embedded store must exist already, is opened for reading (it reopens for
    writing when a command writes results back) and read as of one moment.
    """
    ctx = click.get_current_context()
    uri = params.pop("neo4j_uri", None)
    user = params.pop("neo4j_user", "neo4j")
    password = params.pop("neo4j_password", None)
    database = params.pop("neo4j_database", None)
    store_dir = params.pop("store_dir", ".pbgraph")
    cmdline = click.core.ParameterSource.COMMANDLINE
    store_given = ctx.get_parameter_source("store_dir") == cmdline
    neo4j_given = ctx.get_parameter_source("neo4j_uri") == cmdline
    if store_given and neo4j_given:
        raise InputError(_("give either --store or --neo4j, not both"))
    store: Store
    where: str
    if uri and not store_given:
        from ..stores.neo4j import Neo4jStore

        store = Neo4jStore(uri, user=user, password=password, database=database)
        where = uri
    else:
        from ..stores.sqlite import EmbeddedStore

        where = str(Path(store_dir).resolve())
        if not write and not (Path(store_dir) / EmbeddedStore.FILENAME).is_file():
            raise InputError(_no_store(ctx, where, empty=False))
        store = EmbeddedStore(store_dir, readonly=not write)
    try:
        if write:
            yield store
        else:
            _check_not_empty(store, ctx, where)
            with store.snapshot():
                yield store
    finally:
        store.close()


def _no_store(ctx: click.Context, where: str, *, empty: bool) -> str:
    """Where a reading command looked and found no store (or an empty one), and what to do."""
    source = ctx.get_parameter_source("store_dir")
    how = {
        click.core.ParameterSource.COMMANDLINE: "--store",
        click.core.ParameterSource.ENVIRONMENT: "PBGRAPH_STORE",
        click.core.ParameterSource.DEFAULT_MAP: _("the config file"),
    }.get(source, _("the default")) if source else _("the default")  # fmt: skip
    store = ctx.params.get("store_dir") or ".pbgraph"
    if empty:
        return _("the store {where} (from {how}) holds no organizations: load ledgers into it "
                 "first: pbgraph load LEDGER... --store {store}", where=where, how=how,
                 store=store)  # fmt: skip
    return _("no pbgraph store in {where} (from {how}): give the folder of one with --store "
             "DIR, or load ledgers first: pbgraph load LEDGER... --store {store}", where=where,
             how=how, store=store)  # fmt: skip


def _check_not_empty(store: Store, ctx: click.Context, where: str) -> None:
    """A store with no organizations is an error, not a table of zeros: its ``tables`` and
    ``graph`` (what every reading command reads first) check, at no extra read."""
    tables, graph = store.tables, store.graph

    def checked_tables(*args: Any, **kwargs: Any) -> Any:
        t = tables(*args, **kwargs)
        if "Organization" in t.nodes and not t.keys("Organization"):
            raise InputError(_no_store(ctx, where, empty=True))
        return t

    def checked_graph() -> Any:
        G = graph()
        if G.number_of_nodes() == 0:
            raise InputError(_no_store(ctx, where, empty=True))
        return G

    setattr(store, "tables", checked_tables)  # noqa: B010 (an instance's method, wrapped)
    setattr(store, "graph", checked_graph)  # noqa: B010


def require_ledgers(found: bool, command: str, zh: str, en: str) -> None:
    """Stop (exit 2) when the store holds nothing of what an analysis is about (``zh``,
    ``en``: what is missing, said in both languages): an empty table then is not a finding
    ("nothing overdue", "nobody trained") but ledgers never loaded, or a store an older
    pbgraph wrote. ``found``: the analysis's inputs hold at least one row of it."""
    if not found:
        raise InputError(bilingual(
            f"库中没有{zh}：先用 pbgraph load 载入，再运行 pbgraph {command}"
            f" (the store holds no {en}: load it with pbgraph load before pbgraph {command})"
        ))  # fmt: skip


def handle_errors(f: Callable[..., Any]) -> Callable[..., Any]:
    """Turn pbgraph's errors into one line on stderr and their exit code; settle the output
    format from ``--out``'s extension (:func:`output_format`) before the command runs."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            if "fmt" in kwargs and "out_file" in kwargs:
                kwargs["fmt"] = output_format(kwargs["fmt"], kwargs["out_file"])
            return f(*args, **kwargs)
        except PbgraphError as e:
            said = "\n".join(bilingual(line) for line in str(e).splitlines())
            echo_err(_("Error: {message}", message=said))
            sys.exit(e.exit_code)
        except OSError as e:  # a backstop: writers raise DiskError naming their path
            where = f"{e.filename}: " if e.filename else ""
            echo_err(_("Error: {message}", message=f"{where}{e.strerror or e}"))
            sys.exit(DiskError.exit_code)

    return wrapper


def without_gc(f: Callable[..., Any]) -> Callable[..., Any]:
    """Run an analysis command with the cyclic garbage collector paused (restored after).

    A command is a short process whose objects (the tables read, the items and rows made)
    live until it ends: the collector's passes over them freed nothing and took 0.3-2.3 s
    at city scale (docs/performance.md, "The analyses, third pass"). Reference counting
    still frees everything as usual."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return f(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


# -- output -------------------------------------------------------------------------------

#: the format an ``--out`` file's extension means
EXTENSIONS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json", ".txt": "table", "": "table"}


def output_format(fmt: str | None, out_file: str | None) -> str:
    """The output format: ``--format`` when given, else what ``--out``'s extension says
    (``.xlsx``, ``.csv``, ``.json``; ``.txt`` or none: a table), else a table. A format given
    on the command line (or in the environment) that contradicts the extension is an error;
    one from the config file yields to the extension."""
    ctx = click.get_current_context(silent=True)
    src = ctx.get_parameter_source("fmt") if ctx else None
    explicit = fmt is not None and src in (click.core.ParameterSource.COMMANDLINE,
                                           click.core.ParameterSource.ENVIRONMENT)  # fmt: skip
    if not out_file:
        return fmt or "table"
    ext = Path(out_file).suffix.lower()
    implied = EXTENSIONS.get(ext)
    if explicit:
        if implied is not None and implied != fmt and ext:
            raise InputError(_("--format {fmt} contradicts --out {out} (a {ext} file is "
                               "written as --format {implied}): drop --format or change the "
                               "extension", fmt=fmt, out=out_file, ext=ext,
                               implied=implied))  # fmt: skip
        return str(fmt)
    if implied is None:
        raise InputError(_("--out {out}: pbgraph writes .xlsx, .csv, .json or .txt (a table); "
                           "give one of these extensions or --format", out=out_file))  # fmt: skip
    return implied


def emit_table(cols: list[tuple[str, str]], rows: list[dict[str, Any]], fmt: str, out_file: str | None,
          *, json_obj: Any, sheet: str) -> None:  # fmt: skip
    """Write a table as text, CSV, JSON or XLSX (same column names everywhere).

    A file (``--out``) is written atomically and owner-only; CSV and XLSX cells never hold
    a live formula (:mod:`pbgraph.outputs`). ``--columns`` (when the command has it) keeps
    the columns it names; ``--bom`` puts a byte-order mark before CSV on standard output.
    """
    ctx = click.get_current_context(silent=True)
    params = ctx.params if ctx else {}
    if fmt == "json":
        data = json_bytes(json_obj)
        if out_file:
            with atomic_open(out_file, "wb") as f:
                f.write(data)
            click.echo(out_file)
        else:
            click.echo(data)
        return
    cols = choose_columns(cols, params.get("columns"))
    rows = _cells_in_language(rows)
    headers = [h for _k, h in cols]
    values = [[r.get(k) for k, _h in cols] for r in rows]
    if fmt == "xlsx":
        if not out_file:
            raise InputError(_("--format xlsx needs --out FILE.xlsx"))
        write_xlsx(out_file, [XlsxSheet(sheet, headers, values)])
        click.echo(out_file)
        return
    if fmt == "csv":
        text = csv_text(headers, values)
    else:
        text = table_text(headers, [[r.get(k, "") for k, _h in cols] for r in rows],
                          width=None if out_file else terminal_width())  # fmt: skip
    bom = params.get("bom")
    if out_file:
        csv_file = fmt == "csv"
        encoding = "utf-8-sig" if csv_file and bom is not False else "utf-8"
        with atomic_open(out_file, encoding=encoding,
                         newline="" if csv_file else None) as f:  # fmt: skip
            f.write(text)
        click.echo(out_file)
    else:
        click.echo(("\ufeff" if fmt == "csv" and bom else "") + text)


def _cells_in_language(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The few Chinese words the analyses put in cells (合计, 全市, (未知)) in English when the
    language is English."""
    from .. import i18n
    from ..labels.cli import CELL_WORDS

    if i18n.current() != "en":
        return rows
    en = {k: v[1] for k, v in CELL_WORDS.items()}
    return [{k: en.get(v, v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]


def choose_columns(cols: list[tuple[str, str]], chosen: str | None) -> list[tuple[str, str]]:
    """The columns ``--columns`` names (keys or headers, comma-separated, in its order)."""
    if not chosen:
        return cols
    by_name = {name: (k, h) for k, h in cols for name in (k, h)}
    wanted = [c.strip() for c in chosen.replace("，", ",").split(",") if c.strip()]
    unknown = [c for c in wanted if c not in by_name]
    if unknown:
        known = ", ".join(f"{k} ({h})" for k, h in cols)
        raise InputError(_("--columns: no column {names}; the columns: {known}",
                           names=", ".join(unknown), known=known))  # fmt: skip
    return [by_name[c] for c in wanted]


def terminal_width() -> int | None:
    """The width a table on standard output must fit: the terminal's, or ``COLUMNS``; none
    when piped (a script gets whole rows)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


#: a column no wider than this (display cells) is never wrapped in a fitted table
NO_WRAP = 18
#: the narrowest a wrapped column gets
MIN_WRAPPED = 6


def table_text(headers: list[str], rows: list[list[Any]], *, width: int | None = None) -> str:
    """An aligned text table: widths in display cells (a Chinese character is two, by rich's
    ``cell_len``); with ``width``, short columns (codes, places, numbers) stay whole and the
    long ones wrap so that every line fits. (rich's own ``Table`` draws the same, 25-30 times
    slower: 15 s for 20 000 rows against 0.6 s, measured; a city's lists have 100 000.)"""
    from rich.cells import cell_len

    cells = [[str(h) for h in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    n = len(headers)
    lens = [[cell_len(c) for c in r] for r in cells]
    natural = [max(r[i] for r in lens) for i in range(n)]
    widths = _fit(natural, width - 2 * (n - 1)) if width else natural
    out: list[str] = []
    for j, (r, ln) in enumerate(zip(cells, lens, strict=True)):
        parts = [_wrap(c, w) if lc > w else [c] for c, lc, w in zip(r, ln, widths, strict=True)]
        for k in range(max(len(p) for p in parts)):
            line = "  ".join(
                (p[k] if k < len(p) else "").ljust(w - cell_len(p[k]) + len(p[k]))
                if k < len(p) else " " * w
                for p, w in zip(parts, widths, strict=True)
            )  # fmt: skip
            out.append(line.rstrip())
        if j == 0:
            out.append("─" * (sum(widths) + 2 * (n - 1)))
    return "\n".join(out)


def _fit(natural: list[int], room: int) -> list[int]:
    """Column widths within ``room`` cells: short columns whole when they leave the long ones
    room, the rest shared in proportion to their natural widths."""
    if sum(natural) <= room:
        return natural
    short = [w <= NO_WRAP for w in natural]
    fixed = sum(w for w, s_ in zip(natural, short, strict=True) if s_)
    least = MIN_WRAPPED
    if fixed + least * short.count(False) > room:
        short = [False] * len(natural)  # every column shares, down to 2 cells if need be
        fixed = 0
        least = max(2, min(MIN_WRAPPED, room // len(natural)))
    wide = [i for i, s_ in enumerate(short) if not s_]
    widths = list(natural)
    for i in wide:
        widths[i] = min(natural[i], least)
    pool = room - fixed - sum(widths[i] for i in wide)  # shared by what the long ones want more
    want = {i: natural[i] - widths[i] for i in wide}
    total = sum(want.values())
    if pool > 0 and total:
        for i in wide:
            widths[i] += min(want[i], pool * want[i] // total)
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells (at a space when there is one near)."""
    from rich.cells import cell_len

    lines: list[str] = []
    cur, cur_w = "", 0
    for ch in text:
        w = cell_len(ch)
        if cur_w + w > width:
            cut = cur.rfind(" ")
            if cut > 0 and cur_w - cell_len(cur[:cut]) < width // 2:  # break at the space
                lines.append(cur[:cut])
                cur = cur[cut + 1 :]
                cur_w = cell_len(cur)
            else:
                lines.append(cur)
                cur, cur_w = "", 0
        cur, cur_w = cur + ch, cur_w + w
    lines.append(cur)
    return lines


def blank(rows: list[dict[str, Any]], fmt: str) -> list[dict[str, Any]]:
    """Empty cells instead of ``None`` in a text table."""
    if fmt != "table":
        return rows
    return [{k: "—" if v is None else v for k, v in r.items()} for r in rows]


# -- the area filters of list outputs ------------------------------------------------------


def area_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--district NAME`` and ``--street NAME``: only the rows of that district or street."""
    f = click.option("--street", "street_filter", metavar="NAME",
                     help="Only the rows of this street (its name, or district/street).")(f)  # fmt: skip
    return click.option("--district", "district_filter", metavar="NAME",
                        help="Only the rows of this district (its name, or city/district).")(f)  # fmt: skip


def area_of(row: dict[str, Any]) -> Place:
    """The city (``""`` in a one-city store), district and street of a row: its ``city``,
    ``district`` and ``street`` columns, or a region code in ``street``, ``area`` or
    ``group`` (read by :mod:`pbgraph.graphmodel.regioncode`, never split on its first ``/``)."""
    city, district = str(row.get("city") or ""), str(row.get("district") or "")
    street = street_place(str(row.get("street") or "")).street
    if district:
        d = district_place(district)
        return Place(city or d.city, d.district, street)
    for key in ("street", "area", "group"):
        value = str(row.get(key) or "")
        if value:
            return street_place(value) if key == "street" else place_of(value)
    return Place(city, "", street)


def filter_area(rows: list[dict[str, Any]], district: str | None, street: str | None,
                known: Iterable[str] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The rows in ``district`` (``市中区``, or ``枣庄市/市中区`` where a district's name is
    in two cities — of the store's district codes ``known``, else of the rows: the name alone
    is then refused) and ``street`` (its name, or its code)."""
    if not district and not street:
        return rows
    want = district_place(district or "")
    if street and "/" in street:
        s_ = street_place(street)
        want, street = district_place(s_.district_code), s_.street
    areas = [area_of(r) for r in rows]
    if want.district and not want.city:
        places = areas if known is None else [district_place(k) for k in known]
        cities = sorted({a.city for a in places if a.district == want.district and a.city})
        if len(cities) > 1:
            raise InputError(_("--district {name}: {n} cities have a district of that name; "
                               "give one: {choices}", name=want.district, n=len(cities),
                               choices=", ".join(f"{c}/{want.district}" for c in cities)))  # fmt: skip
    out = []
    for r, a in zip(rows, areas, strict=True):
        if ((not want.district or (a.district == want.district
                                   and (not want.city or a.city == want.city)))
                and (not street or a.street == street)):  # fmt: skip
            out.append(r)
    return out


# -- options several commands share ----------------------------------------------------------


def format_option(*choices: str) -> Callable[..., Any]:
    """``--format`` (default: what ``--out``'s extension says, else a table); with CSV among
    the choices, ``--bom/--no-bom``; with a table, ``--columns``."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        if "csv" in choices:
            f = click.option("--bom/--no-bom", default=None,
                             help="A byte-order mark before CSV, for Excel [default: in a file "
                                  "yes, on standard output no].")(f)  # fmt: skip
        if "csv" in choices or "xlsx" in choices:
            f = click.option("--columns", metavar="COL,COL…",
                             help="Only these columns, in this order (keys or headers, as "
                                  "--format json or the table names them).")(f)  # fmt: skip
        return click.option("--format", "fmt", type=click.Choice(choices), default=None,
                            help="Output format [default: from --out's extension (.xlsx, "
                                 ".csv, .json), else table].")(f)  # fmt: skip

    return decorate


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """``--lang``: the language from now on (eager, so that ``--lang en --help`` is English);
    the command gets the language in force (:mod:`pbgraph.i18n`)."""
    from .. import i18n

    src = ctx.get_parameter_source(param.name or "lang")
    given = src == click.core.ParameterSource.COMMANDLINE
    # an option given before the command (pbgraph --lang en report) beats the environment
    # and the file, which the command's own --lang reads too
    if value is not None and (given or i18n.source() != "option"):
        i18n.set_lang(value, "option" if given
                      else "env PBGRAPH_LANG" if src == click.core.ParameterSource.ENVIRONMENT
                      else "file")  # fmt: skip
    return i18n.current()


lang_option = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    is_eager=True,
    expose_value=True,
    callback=_set_lang,
    envvar="PBGRAPH_LANG",
    help="Language of everything shown [default: PBGRAPH_LANG, the config file, the locale, "
    "else zh].",
)
out_file_option = click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False),
    help="Write to this file instead of stdout (its extension sets the format).",
)
chart_option = click.option("--chart", type=click.Path(dir_okay=False),
                            help="Also draw the chart into this PNG file.")  # fmt: skip
min_members_option = click.option(
    "--min-members",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Formal members from which a unit must build its own organization (N).",
)


def joint_limit_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--min-members``, ``--max-units``, ``--max-members``: the rules of a joint branch."""
    f = click.option(
        "--max-members",
        type=click.IntRange(min=1),
        default=50,
        show_default=True,
        help="Members (formal + probationary) one joint branch may have.",
    )(f)
    f = click.option(
        "--max-units",
        type=click.IntRange(min=2),
        default=5,
        show_default=True,
        help="Units one joint branch may cover.",
    )(f)
    return min_members_option(f)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A YYYY-MM-DD option (any form the ledgers accept is not needed here)."""
    if value is None:
        return None
    from ..analyses.progress import as_date

    try:
        d = as_date(value)
    except ValueError:
        raise click.BadParameter(_("{value!r} is not a date (YYYY-MM-DD)", value=value), ctx,
                                param) from None  # fmt: skip
    return d.isoformat() if d else None


def date_option(*names: str, help: str) -> Any:
    return click.option(*names, metavar="DATE", callback=_date, default=None, help=help)


# -- options of the commands that read ledgers (load, inspect) ------------------------------

#: every kind the loader knows, in the order a load takes them (pbgraph.loaders.ledgers)
LEDGER_KINDS = ("organizations", "leading-bodies", "party-orgs", "members", "instructors",
                "platforms", "committee-units", "pairings", "visits", "demo-sites", "transfers",
                "service-projects", "service-needs", "welfare", "trainings", "awards")  # fmt: skip

kind_option = click.option("--kind", type=click.Choice(LEDGER_KINDS),
                           help="Kind of ledger (detected from headers if not given).")  # fmt: skip


def mapping_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--mapping FILE`` and ``--set COLUMN=VALUE``: how to read a ledger's columns."""
    f = click.option("--set", "sets", multiple=True, metavar="COLUMN=VALUE",
                     help="A value every row takes where the ledger has no such column, e.g. "
                          "--set 所属区县=历下区 (repeatable; wins over a mapping's [set]).")(f)  # fmt: skip
    return click.option("--mapping", type=click.Path(exists=True, dir_okay=False),
                        help="A mapping file (TOML: [columns], [values.FIELD], [set], "
                             "[divisions]); pbgraph inspect --write-mapping writes one.")(f)  # fmt: skip


def read_mapping(path: str | None, sets: tuple[str, ...]) -> Mapping | None:
    """The mapping ``--mapping`` and ``--set`` give, or ``None`` when neither is given."""
    from ..loaders.mapping import Mapping

    pairs = {}
    for item in sets:
        column, eq, value = item.partition("=")
        if not eq or not column.strip() or not value.strip():
            raise InputError(_("--set {item!r}: write COLUMN=VALUE, e.g. --set 所属区县=历下区",
                               item=item))  # fmt: skip
        pairs[column.strip()] = value.strip()
    if path is None and not pairs:
        return None
    m = Mapping.read(path) if path else Mapping(source="--set")
    return m.with_fixed(pairs)
