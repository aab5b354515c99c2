"""`pbgraph group`: NOT BUILT YET (issue 7)."""

from __future__ import annotations

import sys

import click

from .clikit import CONTEXT, echo_err


@click.command(
    "group",
    context_settings=CONTEXT,
    help="NOT BUILT YET (issue 7): joint-formation proposals.\n\n\b\nExample:\n  pbgraph group --max-units 5",
)
def group() -> None:
    echo_err("Error: `pbgraph group` is not built yet (tracked in issue 7).")
    sys.exit(2)
