"""`pbgraph key show|new`: the pseudonym key (:mod:`pbgraph.keys`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..errors import InputError
from ..i18n import _
from ..i18n.help import Group
from .common import CONTEXT, handle_errors


@click.group("key", cls=Group, context_settings=CONTEXT)
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
    from ..keys import load_key

    k = load_key(key_file)
    click.echo(_("{path}  fingerprint {fingerprint}", path=k.path, fingerprint=k.fingerprint))
    if store_dir is not None:
        from ..stores.sqlite import EmbeddedStore

        with EmbeddedStore(store_dir, readonly=True) as s:
            fp = s.key_fingerprint()
        if fp != k.fingerprint:
            raise InputError(
                _("{store} was loaded with key {fp}, not with this one", store=store_dir, fp=fp)
                if fp
                else _("{store} has not been loaded with any key yet", store=store_dir)
            )
        click.echo(_("{store}: loaded with this key", store=store_dir))


@key.command("new", context_settings=CONTEXT)
@_key_file_option
@handle_errors
def key_new(key_file: str | None) -> None:
    """Create a new key (owner-only); an existing key file is never overwritten.

    \b
    Example:
      pbgraph key new --key-file /secure/pbgraph-2027.key
    """
    from ..keys import default_key_path, new_key

    k = new_key(key_file or default_key_path())
    click.echo(_("{path}  fingerprint {fingerprint}", path=k.path, fingerprint=k.fingerprint))
