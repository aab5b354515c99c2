"""Write docs/cli.md, the command-line reference, from click's --help of every command.

Walks the click group ``pbgraph.cli:cli`` and its subgroups, renders each command's help at a
fixed width (so the file does not depend on the terminal), and writes one section per
command. ``tests/unit/test_docs.py`` checks that the committed file is what this script writes:
after changing a command's options or help, run

    python scripts/cli_reference.py            # rewrite docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 when docs/cli.md is out of date
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "cli.md"
WIDTH = 100

HEADER = """\
# Command-line reference

Generated from `--help` by `scripts/cli_reference.py`; do not edit by hand (the tests check
that this file is up to date). The guides in [commands/](commands/) explain what each command
is for; this page lists every option.
"""


def walk(
    cmd: click.Command, name: str = "pbgraph", parent: click.Context | None = None
) -> Iterator[tuple[str, click.Command, click.Context]]:
    """Every command under ``cmd`` (itself first), with its full name and a help context."""
    settings = {**cmd.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = click.Context(cmd, info_name=name, parent=parent, **settings)
    yield ctx.command_path, cmd, ctx
    if isinstance(cmd, click.Group):
        for sub in sorted(cmd.list_commands(ctx)):
            child = cmd.get_command(ctx, sub)
            if child is not None and not child.hidden:
                yield from walk(child, sub, ctx)


def render() -> str:
    """The text of docs/cli.md: the help in English, whatever the locale (``pbgraph --lang zh
    COMMAND --help`` shows it in Chinese)."""
    from pbgraph import i18n

    with i18n.using("en"):
        return _render()


def _render() -> str:
    from pbgraph.cli import cli

    parts = [HEADER]
    commands = list(walk(cli))
    parts.append("\n".join(f"- [`{path}`](#{anchor(path)})" for path, _, _ in commands) + "\n")
    for path, cmd, ctx in commands:
        help_text = cmd.get_help(ctx).rstrip()
        parts.append(f"## {path}\n\n```text\n{help_text}\n```\n")
    return "\n".join(parts)


def anchor(path: str) -> str:
    """The anchor GitHub gives the heading ``## path``."""
    return path.lower().replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the file is current")
    ap.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} is out of date: run python scripts/cli_reference.py", file=sys.stderr
            )
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
