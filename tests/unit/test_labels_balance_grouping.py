"""The words of balancing and grouping (``pbgraph.labels.balance``, ``pbgraph.labels.grouping``):
a word for every code the analyses compute, and the helpers that fill their templates
(``test_labels.py`` checks every word)."""

from __future__ import annotations

from pbgraph.analyses.balance import INSTRUCTOR_WEIGHTS
from pbgraph.labels import balance, fill, grouping, join


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
