"""`pbgraph balance`: NOT BUILT YET (issue 6)."""

from __future__ import annotations

import sys

import click

from .clikit import CONTEXT, echo_err


@click.command(
    "balance",
    context_settings=CONTEXT,
    help="NOT BUILT YET (issue 6): balanced instructor and pairing plans.\n\n\b\nExample:\n  pbgraph balance instructors",
)
def balance() -> None:
    echo_err("Error: `pbgraph balance` is not built yet (tracked in issue 6).")
    sys.exit(2)
