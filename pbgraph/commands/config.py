"""`pbgraph config`: every setting in force — the store, the language, every command's
options — and where each came from (:mod:`pbgraph.config`)."""

from __future__ import annotations

import os
from typing import Any

import click

from .. import config as cfg
from .. import i18n
from ..i18n import _
from .common import CONTEXT, Command, emit_table, handle_errors

#: options whose value is never shown
SECRET = {"neo4j_password", "password"}


@click.command("config", cls=Command, context_settings=CONTEXT)
@click.argument("commands", nargs=-1, metavar="[COMMAND]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Output format.")  # fmt: skip
@click.pass_context
@handle_errors
def config(ctx: click.Context, commands: tuple[str, ...], fmt: str) -> None:
    """Show every setting in force and where it came from: option, environment, config
    file, default.

    A setting comes from, first to last: the command line, the environment (the variable
    an option's help names, or PBGRAPH_<COMMAND>_<OPTION>), the config file (pbgraph.toml
    in this folder or a parent, --config, PBGRAPH_CONFIG), the option's default.

    \b
    Example:
      pbgraph config                     # every command's settings
      pbgraph config coverage balance    # these commands' only
      pbgraph --config city.toml config --format json
    """
    root = ctx.find_root()
    path = cfg.path()
    rows: list[dict[str, Any]] = [
        {"command": "pbgraph", "setting": "config", "value": str(path) if path else "",
         "source": _("found") if path else _("none")},
        {"command": "pbgraph", "setting": "lang", "value": i18n.current(),
         "source": _source_words(i18n.source())},
    ]  # fmt: skip
    known = set()
    for where, cmd, sub in _walk(root):
        name = " ".join(where)
        known.add(name)
        if not where or (
            commands and not any(name == c or name.startswith(c + " ") for c in commands)
        ):
            continue
        for param in cmd.params:
            if not isinstance(param, click.Option) or param.name in cfg.UNSET or not param.name:
                continue
            value, source = _in_force(param, sub)
            if param.name in SECRET and value:
                value = "***"
            rows.append({"command": f"pbgraph {name}", "setting": _key(param), "value": value,
                         "source": source})  # fmt: skip
    unknown = [c for c in commands if c not in known]
    if unknown:
        from ..errors import InputError

        raise InputError(_("no command {names}", names=", ".join(unknown)))
    cols = [("command", _("command")), ("setting", _("setting")), ("value", _("value")),
            ("source", _("source"))]  # fmt: skip
    shown = rows if fmt == "json" else [{**r, "value": _shown(r["value"])} for r in rows]
    emit_table(cols, shown, fmt, None, json_obj={"settings": rows}, sheet="config")


def _walk(root: click.Context) -> Any:
    """Every command below the root with a context under ``root`` (its ``default_map``)."""

    def walk(cmd: click.Command, ctx: click.Context, where: tuple[str, ...]) -> Any:
        yield where, cmd, ctx
        if isinstance(cmd, click.Group):
            for sub in sorted(cmd.list_commands(ctx)):
                child = cmd.get_command(ctx, sub)
                if child is not None:
                    yield from walk(child, click.Context(child, info_name=sub, parent=ctx),
                                    (*where, sub))  # fmt: skip

    return walk(root.command, root, ())


def _key(param: click.Option) -> str:
    """The setting's name in a config file: the option's long name without dashes."""
    longs = [o[2:] for o in param.opts if o.startswith("--")]
    return longs[0] if longs else (param.name or "")


def _in_force(param: click.Option, ctx: click.Context) -> tuple[Any, str]:
    """The value a command would take without the option on its command line, and from where."""
    env = param.resolve_envvar_value(ctx)
    if env is not None:
        var = param.envvar if isinstance(param.envvar, str) else None
        if var is None and ctx.auto_envvar_prefix and param.name:
            var = f"{ctx.auto_envvar_prefix}_{param.name.upper()}"
        if isinstance(param.envvar, list | tuple):
            var = next((v for v in param.envvar if os.environ.get(v)), None)
        return env, _("env {var}", var=var)
    from_file = ctx.lookup_default(param.name or "", call=False)
    if from_file is not None:
        return from_file, _("file {path}", path=cfg.path())
    default = param.get_default(ctx)
    if type(default).__name__ == "Sentinel":  # click's "no default"
        default = None
    return default, _("default")


def _source_words(source: str) -> str:
    """The language's source (:func:`pbgraph.i18n.source`) in words."""
    kind, _sep, rest = source.partition(" ")
    words = {"option": _("option --lang"), "locale": _("locale"), "default": _("default")}
    if kind == "env":
        return _("env {var}", var=rest)
    if kind == "file":
        return _("file {path}", path=rest or cfg.path())
    return words.get(kind, source)


def _shown(value: Any) -> str:
    if value is None or value == ():
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
