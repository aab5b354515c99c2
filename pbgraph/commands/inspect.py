"""`pbgraph inspect`: how ledgers will be read, without loading them
(:mod:`pbgraph.loaders.inspect`)."""

from __future__ import annotations

import json

import click

from ..i18n import _
from .common import (
    CONTEXT,
    Command,
    echo_err,
    format_option,
    handle_errors,
    kind_option,
    mapping_options,
    read_mapping,
)


@click.command("inspect", cls=Command, context_settings=CONTEXT)
@click.argument("ledgers", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@kind_option
@click.option("--encoding", help="Encoding of CSV files (detected if not given).")
@mapping_options
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
    from ..loaders.inspect import inspect_ledgers, mapping_toml, render

    report = inspect_ledgers(list(ledgers), kind=kind, encoding=encoding,
                             mapping=read_mapping(mapping, sets))  # fmt: skip
    if write_mapping:
        from ..outputs import atomic_open

        with atomic_open(write_mapping, encoding="utf-8") as f:  # never a half-written mapping
            f.write(mapping_toml(report))
        echo_err(_("mapping -> {path}", path=write_mapping))
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
    else:
        from .. import i18n

        click.echo(render(report, i18n.current()), nl=False)
