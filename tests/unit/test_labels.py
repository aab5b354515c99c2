"""Every module of ``pbgraph.labels``: each word a (zh, en) pair of non-empty strings whose
templates take the same fields in both languages (but for the few listed), and one way to
pick a language. What each subject's words must cover is in ``test_labels_<subject>.py``."""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import pytest

import pbgraph.labels
from pbgraph.labels import columns, lang_index, pick

MODULES = [
    importlib.import_module(f"pbgraph.labels.{m.name}")
    for m in pkgutil.iter_modules(pbgraph.labels.__path__)
]

#: templates whose languages differ in their fields, on purpose
DIFFERENT_FIELDS = {
    # the Chinese title names the area in words, the English one takes it from ``by``
    "pbgraph.labels.coverage.CHART_WORDS['by_district']",
    "pbgraph.labels.coverage.CHART_WORDS['by_area']",
    # the Chinese title counts in 万元, the English one in yuan
    "pbgraph.labels.progress.CHART_WORDS['funds']",
}
#: ``pbgraph load`` has no ``--lang``: its summary says both at once, in one string
BOTH_AT_ONCE = {"pbgraph.labels.cli.LOAD_HEADERS", "pbgraph.labels.cli.LOAD_LINES"}


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
    """The words a labels module defines: its upper-case names, but those said at once."""
    return [
        found
        for name, value in vars(module).items()
        if name.isupper()
        and not name.startswith("_")
        and f"{module.__name__}.{name}" not in BOTH_AT_ONCE
        for found in texts(value, f"{module.__name__}.{name}")
    ]


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}


def test_every_subject_has_its_module() -> None:
    names = {m.__name__.rpartition(".")[2] for m in MODULES}
    assert names >= {"coverage", "progress", "demo_sites", "balance", "grouping", "report", "cli"}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_word_is_a_zh_en_pair_of_non_empty_strings(module: ModuleType) -> None:
    found = words(module)
    assert len(found) >= 10
    for where, text in found:
        assert isinstance(text, tuple) and len(text) == 2, where
        assert all(isinstance(x, str) and x.strip() for x in text), where


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_templates_take_the_same_fields_in_both_languages(module: ModuleType) -> None:
    for where, (zh, en) in words(module):
        if where not in DIFFERENT_FIELDS:
            assert fields(zh) == fields(en), where


def test_the_templates_listed_as_different_are() -> None:
    found = dict(w for m in MODULES for w in words(m))
    for where in DIFFERENT_FIELDS:
        zh, en = found[where]
        assert fields(zh) != fields(en), where


def test_one_way_to_pick_a_language() -> None:
    assert [lang_index(x) for x in ("zh", "en")] == [0, 1]
    assert pick(("街道", "street"), "en") == "street"
    assert columns([("s", ("街道", "street"))], "zh") == [("s", "街道")]
    for bad in ("fr", "", "ZH", "zh-CN"):
        with pytest.raises(ValueError, match="lang must be 'zh' or 'en'"):
            lang_index(bad)
