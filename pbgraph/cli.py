"""The planner's command line: the click group; each command lives in :mod:`pbgraph.commands`.

Importing this module stays cheap (click and the command modules' options only): a command
imports the loaders, the analyses, pandas or matplotlib when it runs.
"""

from __future__ import annotations

import sys

import click

from . import __version__, i18n
from .commands.balance import balance
from .commands.common import CONTEXT, echo_err
from .commands.config import config
from .commands.coverage import coverage
from .commands.generate import demo, generate
from .commands.group import group
from .commands.inspect import inspect
from .commands.key import key
from .commands.lines import lines, newregs
from .commands.load import load
from .commands.neo4j import neo4j
from .commands.progress import demo_sites, funds, progress
from .commands.report import export, report
from .commands.transfers import services, transfers  # issue 20, helper B
from .commands.welfare import training, welfare  # issue 20, helper C
from .i18n import help as _help


def _use_config(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--config FILE`` (or ``PBGRAPH_CONFIG``, or a ``pbgraph.toml`` found upward): its
    settings become every command's defaults (click's ``default_map``), then the language is
    decided (:func:`pbgraph.i18n.resolve`)."""
    from . import config as cfg
    from .errors import PbgraphError

    cfg.set_path(value)
    given = ctx.get_parameter_source("lang") == click.core.ParameterSource.COMMANDLINE
    if not given:
        i18n.set_lang(None)
    try:
        path = cfg.path()
        if path is not None:
            ctx.default_map = cfg.default_map(ctx.command, cfg.read(path), path)
        if not given:
            i18n.set_lang(*i18n.resolve())
    except PbgraphError as e:
        raise click.UsageError(i18n.bilingual(str(e)), ctx) from None
    return value


def _root_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if (
        value is not None
        and ctx.get_parameter_source("lang") == click.core.ParameterSource.COMMANDLINE
    ):
        i18n.set_lang(value, "option")
    return value


@click.group(cls=_help.Group, context_settings={**CONTEXT, "auto_envvar_prefix": "PBGRAPH"})
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True),
              envvar="PBGRAPH_CONFIG", is_eager=True, callback=_use_config, expose_value=False,
              help="Settings file [default: PBGRAPH_CONFIG, else pbgraph.toml in this folder or "
                   "a parent]; `pbgraph config` shows what is in force.")  # fmt: skip
@click.option("--lang", type=click.Choice(["zh", "en"]), is_eager=True, callback=_root_lang,
              expose_value=False, help="Language of help, messages and tables [default: "
              "PBGRAPH_LANG, the config file, the locale, else zh].")  # fmt: skip
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


for _command in (demo, generate, load, inspect, coverage, report, export, balance, group,
                 progress, demo_sites, funds, key, neo4j, config,
                 lines, newregs, transfers, services, welfare, training):  # fmt: skip
    _help.adopt(_command)  # report and export are plain click commands
    cli.add_command(_command)


i18n.install_click()


def main() -> None:
    """Console entry point: usage errors are one line on stderr and exit code 2."""
    _ = i18n._
    try:
        rv = cli.main(prog_name="pbgraph", standalone_mode=False)
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else "pbgraph"
        echo_err(_("Error: {message}", message=e.format_message())
                 + _(" (see `{where} --help`)", where=where))  # fmt: skip
        sys.exit(2)
    except click.ClickException as e:
        echo_err(_("Error: {message}", message=e.format_message()))
        sys.exit(e.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        echo_err(_("interrupted"))
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
