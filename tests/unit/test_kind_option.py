"""`load --kind` and `inspect --kind` offer every kind of ledger the loader knows."""

from __future__ import annotations

from pbgraph.commands.common import LEDGER_KINDS
from pbgraph.loaders.ledgers import KINDS, LOAD_ORDER


def test_every_kind_the_loader_knows_is_a_choice() -> None:
    assert set(LEDGER_KINDS) == set(KINDS)
    assert LEDGER_KINDS == LOAD_ORDER
