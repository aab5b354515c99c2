"""The words of balancing and grouping (``pbgraph.labels.balance``, ``pbgraph.labels.grouping``):
every one a (zh, en) pair of non-empty strings whose templates take the same fields in both
languages, and a word for every code the analyses compute."""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import pytest

from pbgraph.analyses.balance import INSTRUCTOR_WEIGHTS
from pbgraph.labels import balance, fill, grouping, join

MODULES = [balance, grouping]


def texts(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every word in ``value`` (a Text, a dict of them or a tuple of them), with its place."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from texts(v, f"{where}[{k!r}]")
    elif isinstance(value, tuple) and not (
        len(value) == 2 and all(isinstance(x, str) for x in value)
    ):
        for k, v in enumerate(value):
            yield from texts(v, f"{where}[{k}]")
    else:
        yield where, value


def words(module: ModuleType) -> list[tuple[str, Any]]:
    """The words a labels module defines: its public values that are not functions, types
    or what it imports."""
    out = []
    for name, value in vars(module).items():
        if name.startswith("_") or callable(value) or isinstance(value, ModuleType):
            continue
        if name in ("Text", "annotations"):
            continue
        out += texts(value, f"{module.__name__}.{name}")
    return out


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_word_is_a_zh_en_pair_of_non_empty_strings(module: ModuleType) -> None:
    found = words(module)
    assert len(found) > 20
    for where, text in found:
        assert isinstance(text, tuple) and len(text) == 2, where
        assert all(isinstance(x, str) and x.strip() for x in text), where


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_templates_take_the_same_fields_in_both_languages(module: ModuleType) -> None:
    for where, (zh, en) in words(module):
        assert fields(zh) == fields(en), where


def test_a_word_for_every_code_the_analyses_compute() -> None:
    assert set(balance.CLASS) == set(INSTRUCTOR_WEIGHTS) - {"large"}  # "large" is a bonus
    assert (
        set(balance.ROLE) == set(balance.ROLES) == set(balance.SUPPLIER_NAME) == set(balance.SHORT)
    )
    assert set(balance.RELEASED) == {"not_needed", "duplicate"}
    assert len(balance.LOCALITY) == 3
    assert set(grouping.METHOD) == {"heuristic", "exact", "exact-limit"}


def test_fill_join_and_names() -> None:
    assert fill(grouping.LATENT, n=2) == (
        "（含组织关系在外、需转接的2名）",
        " (incl. 2 held elsewhere, to transfer)",
    )
    why = join(grouping.SEP, [("甲", "a"), ("乙", "b")])
    assert fill(grouping.SPLIT_REASON, why=why) == ("甲；乙，建议拆分", "a; b: split")
    assert grouping.branch_name("某街道", 2) == "某街道第二联合党支部"
    assert grouping.branch_name("某街道").endswith(grouping.JOINT_BRANCH[0])
