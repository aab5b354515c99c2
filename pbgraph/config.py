"""``pbgraph.toml``: a folder's settings for every command — the store, the language and
every analysis threshold — with one precedence: option > environment > file > default.

The file is the one ``--config FILE`` or ``PBGRAPH_CONFIG`` names, or else the first
``pbgraph.toml`` found in the working folder or one of its parents. Its top-level keys apply
to every command that has an option of that name; a table per command (``[coverage]``,
``[balance]``, ``["neo4j.start"]`` or ``[neo4j.start]``) applies to that command only and
wins over the top level. A key is an option's long name without the dashes, with ``-`` or
``_`` (``min-members``, ``min_members``, ``store``, ``format``)::

    store = "ledgers/.pbgraph"      # relative paths are relative to this file's folder
    lang = "zh"
    min-members = 3

    [balance]
    capacity = 4
    scope = "district"

Nothing here knows a command: the file is turned into click's ``default_map``
(:func:`default_map`), which click consults after the command line and the environment and
before an option's own default, for any command — the report's options included. A key that
no command has, or a value an option would refuse, is an error naming the file and the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

__all__ = ["FILENAME", "default_map", "file_setting", "find", "path", "read", "set_path"]

FILENAME = "pbgraph.toml"

#: ``--config FILE`` of this run (``None``: ``PBGRAPH_CONFIG`` or the search)
_explicit: Path | None = None
_cache: dict[tuple[Path, float], dict[str, Any]] = {}


def set_path(p: str | os.PathLike[str] | None) -> None:
    global _explicit
    _explicit = Path(p) if p is not None else None


def find(start: Path | None = None) -> Path | None:
    """The first ``pbgraph.toml`` in ``start`` (default: the working folder) or a parent."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / FILENAME
        if candidate.is_file():
            return candidate
    return None


def path() -> Path | None:
    """The config file in force: ``--config``, ``PBGRAPH_CONFIG``, or the search."""
    if _explicit is not None:
        return _explicit
    env = os.environ.get("PBGRAPH_CONFIG")
    if env:
        return Path(env)
    return find()


def read(p: Path) -> dict[str, Any]:
    """The file's settings (an error naming the file when it cannot be read or parsed)."""
    from .errors import InputError
    from .i18n import _

    try:
        key = (p.resolve(), p.stat().st_mtime)
    except OSError as e:
        raise InputError(_("{path}: cannot read the config file: {reason}", path=p,
                           reason=e.strerror or e)) from None  # fmt: skip
    if key not in _cache:
        try:
            with p.open("rb") as f:
                _cache[key] = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise InputError(_("{path}: not valid TOML: {reason}", path=p, reason=e)) from None
        except OSError as e:
            raise InputError(_("{path}: cannot read the config file: {reason}", path=p,
                               reason=e.strerror or e)) from None  # fmt: skip
    return _cache[key]


def file_setting(key: str) -> tuple[Any, Path] | None:
    """A top-level setting of the config file in force, and the file; ``None`` when unset."""
    p = path()
    if p is None:
        return None
    data = read(p)
    for k in (key, key.replace("_", "-")):
        if k in data and not isinstance(data[k], dict):
            return data[k], p
    return None


def _names(param: click.Parameter) -> set[str]:
    """The keys a file may use for ``param``: its name and its long options' names."""
    names = {param.name or ""}
    for opt in [*param.opts, *getattr(param, "secondary_opts", [])]:
        if opt.startswith("--"):
            names.add(opt[2:])
    return {n for m in names if m for n in (m, m.replace("-", "_"), m.replace("_", "-"))}


#: options a config file cannot set
UNSET = {"help", "version", "config_file"}


def _settable(param: click.Parameter) -> bool:
    return isinstance(param, click.Option) and param.name not in UNSET


def walk(
    cmd: click.Command, name: str, parent: click.Context | None = None
) -> Iterator[tuple[tuple[str, ...], click.Command, click.Context]]:
    """Every command under ``cmd`` (itself first), with its path below the root and a context."""
    ctx = click.Context(cmd, info_name=name, parent=parent)
    path_ = () if parent is None else (*_path(parent), name)
    yield path_, cmd, ctx
    if isinstance(cmd, click.Group):
        for sub in cmd.list_commands(ctx):
            child = cmd.get_command(ctx, sub)
            if child is not None:
                yield from walk(child, sub, ctx)


def _path(ctx: click.Context) -> tuple[str, ...]:
    out: list[str] = []
    while ctx.parent is not None:
        out.append(ctx.info_name or "")
        ctx = ctx.parent
    return tuple(reversed(out))


def _section(
    data: dict[str, Any], where: tuple[str, ...]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The table of a command and its keys' prefix: ``[neo4j.start]`` (nested) or
    ``["neo4j.start"]``."""
    if not where:
        return {}, ()
    dotted = data.get(".".join(where))
    if isinstance(dotted, dict):
        return dotted, (".".join(where),)
    node: Any = data
    for part in where:
        node = node.get(part) if isinstance(node, dict) else None
    return (node, where) if isinstance(node, dict) else ({}, where)


def default_map(root: click.Command, data: dict[str, Any], p: Path) -> dict[str, Any]:
    """click's ``default_map`` for ``root`` and its commands from a config file's ``data``.

    Every value is checked by its option's type (an error names the file and the key); a
    relative path is taken relative to the file's folder.
    """
    from .errors import InputError
    from .i18n import _

    used: set[tuple[str, ...]] = set()
    refused: dict[str, InputError] = {}  # a top-level value no command took, and why
    out: dict[str, Any] = {}
    for where, cmd, ctx in walk(root, "pbgraph"):
        section, prefix = _section(data, where)
        target = out
        for part in where:
            target = target.setdefault(part, {})
        for param in filter(_settable, cmd.params):
            for scope, table in (((), data), (prefix, section)):  # the command's own last
                _take(param, ctx, table, scope, p, target, (used, refused))
        used.add(where)
        if where:
            used.add((".".join(where),))
    for key, error in refused.items():
        if (key,) not in used:
            raise error
    unknown = sorted(".".join(k) for k in _keys(data) if k not in used)
    if unknown:
        raise InputError(_("{path}: unknown setting(s): {keys} (a setting is an option's name, "
                           "e.g. min-members, at the top or in a command's table, e.g. "
                           "[coverage]; `pbgraph config` lists them)",
                           path=p, keys=", ".join(unknown)))  # fmt: skip
    return out


def _take(param: click.Parameter, ctx: click.Context, table: dict[str, Any],
          scope: tuple[str, ...], p: Path, target: dict[str, Any],
          seen: tuple[set[tuple[str, ...]], dict[str, Any]]) -> None:  # fmt: skip
    """The value ``table`` (the top level, or a command's table) gives ``param``, checked;
    ``seen``: the keys used, and the top-level values some command refused."""
    from .errors import InputError

    used, refused = seen
    for key in _names(param) & set(table):
        value = table[key]
        if isinstance(value, dict):
            continue
        try:
            target[param.name or key] = _checked(param, ctx, value, p, (*scope, key))
        except InputError as e:
            if scope:  # a command's own setting must suit it
                raise
            refused.setdefault(key, e)  # the top level: for the commands it suits
            continue
        used.add((*scope, key))


def _keys(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for k, v in data.items():
        yield (*prefix, k)
        if isinstance(v, dict):
            yield from _keys(v, (*prefix, k))


def _checked(param: click.Parameter, ctx: click.Context, value: Any, p: Path,
             key: tuple[str, ...]) -> Any:  # fmt: skip
    from .errors import InputError
    from .i18n import _

    relative = isinstance(value, str) and value and not Path(value).expanduser().is_absolute()
    if isinstance(param.type, click.Path) and relative:
        value = str(p.parent / value)
    try:
        param.type_cast_value(ctx, value)
    except click.BadParameter as e:
        raise InputError(_("{path}: {key} = {value!r}: {reason}", path=p, key=".".join(key),
                           value=value, reason=e.format_message())) from None  # fmt: skip
    return value
