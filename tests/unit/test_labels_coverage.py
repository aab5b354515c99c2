"""The words of coverage, snapshots, progress, funds and demonstration sites
(``pbgraph.labels.coverage``, ``.progress``, ``.demo_sites``): a word for every code the
analyses compute, and no language but zh and en (``test_labels.py`` checks every word)."""

from __future__ import annotations

import networkx as nx
import pytest

from pbgraph.analyses import coverage as cov
from pbgraph.analyses import demo_sites, funds, progress, snapshots
from pbgraph.labels import coverage
from pbgraph.labels import demo_sites as demo_words
from pbgraph.labels import progress as progress_words


def test_a_word_for_every_category_flag_and_state() -> None:
    assert list(coverage.CATEGORIES) == list(cov.STATE_OF)  # the order of the codes
    assert set(cov.STATE_OF.values()) == set(cov.STATES) == set(coverage.STATES)
    assert set(coverage.REASONS) <= set(coverage.CATEGORIES) | set(coverage.FLAGS)
    assert set(coverage.GROUP_BY) == set(cov.BY)
    result = cov.coverage(nx.MultiDiGraph())
    assert set(result.flags) == set(coverage.FLAGS)
    assert set(coverage.SUMMARY_COLUMNS) <= set(result.totals())
    assert [k for k, _ in result.columns("en")][1:] == list(coverage.SUMMARY_COLUMNS)
    for name in (*cov.CATEGORIES, *cov.FLAGS):
        assert result.listing(name) == []


def test_the_state_mapping_gives_the_code_tuples() -> None:
    assert cov.UNCOVERED_CATEGORIES == ("must_build", "joint_candidate", "no_members")
    assert [list(cov.STATE_OF)[i] for i in cov.ORG_COVERED] == ["own", "joint", "attached"]
    assert set(cov.NO_PARTY_ORG) == set(range(len(cov.STATE_OF))) - set(cov.ORG_COVERED)


def test_a_word_for_every_change_between_snapshots() -> None:
    cats = list(cov.STATE_OF)
    before = {f"{a}>{b}": (a, "s") for a in cats for b in cats} | {"gone": ("own", "s")}
    after = {f"{a}>{b}": (b, "s") for a in cats for b in cats} | {"new": ("work", "s")}
    diff = snapshots.compare(before, after, "2018-06-30", "2018-07-31")
    assert set(diff.counts()) == set(coverage.CHANGES) == {r["change"] for r in diff.changes}
    assert snapshots.CHANGES is coverage.CHANGES
    row = next(r for r in diff.rows(lang="en") if r["credit_code"] == "work>own")
    assert row["reason"] == "from work coverage only to own party organization"
    assert row["label"] == "became covered"


def test_a_word_for_every_progress_flag_and_funds_column() -> None:
    assert progress.FLAGS is progress_words.FLAGS
    assert set(progress_words.REASONS) == set(progress_words.FLAGS)
    result = progress.progress(nx.MultiDiGraph())
    for by in ("street", "district"):
        keys = [k for k, _ in progress.progress(nx.MultiDiGraph(), by=by).columns("zh")]
        assert set(progress_words.COLUMNS) <= set(keys)
    assert [k for k, _ in result.flag_columns("en")] == list(progress_words.FLAG_COLUMNS)
    money = funds.funds(nx.MultiDiGraph())
    assert [k for k, _ in money.columns("en")] == list(progress_words.FUNDS_COLUMNS)
    assert set(money.rows()[-1]) >= set(progress_words.FUNDS_COLUMNS)


def test_a_word_for_every_channel_and_gap_column() -> None:
    assert demo_sites.CHANNELS is demo_words.CHANNELS
    assert set(demo_words.CHANNELS) <= set(demo_words.SITE_COLUMNS)
    assert set(demo_words.NO_SITE) == {"street", "district"}  # what --near takes
    result = demo_sites.demo_sites(nx.MultiDiGraph())
    assert [k for k, _ in result.columns("en", "gaps")] == list(demo_words.GAP_COLUMNS)


@pytest.mark.parametrize("lang", ["fr", "", "ZH"])
def test_a_wrong_language_is_an_error_everywhere(lang: str) -> None:
    result = cov.coverage(nx.MultiDiGraph())
    for call in (
        lambda: result.columns(lang),
        lambda: result.listing("must_build", lang=lang),
        lambda: progress.progress(nx.MultiDiGraph()).columns(lang),
        lambda: demo_sites.demo_sites(nx.MultiDiGraph()).columns(lang),
        lambda: funds.funds(nx.MultiDiGraph()).reason(lang=lang),
    ):
        with pytest.raises(ValueError, match="lang must be"):
            call()
