"""The planner's command line: the click group; each command lives in :mod:`pbgraph.commands`.

Importing this module stays cheap (click and the command modules' options only): a command
imports the loaders, the analyses, pandas or matplotlib when it runs.
"""

from __future__ import annotations

import sys

import click

from . import __version__
from .commands.balance import balance
from .commands.common import CONTEXT, echo_err
from .commands.coverage import coverage
from .commands.generate import demo, generate
from .commands.group import group
from .commands.inspect import inspect
from .commands.key import key
from .commands.load import load
from .commands.neo4j import neo4j
from .commands.progress import demo_sites, funds, progress
from .commands.report import export, report


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


for _command in (demo, generate, load, inspect, coverage, report, export, balance, group,
                 progress, demo_sites, funds, key, neo4j):  # fmt: skip
    cli.add_command(_command)


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
