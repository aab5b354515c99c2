"""How names are matched (:mod:`pbgraph.loaders.names`): the quick way most names take is
the rule itself, the pattern applied as written."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pbgraph.loaders.names import normalize_org_name

# the rule, as the docstrings of pbgraph.loaders.names state it: brackets, spaces (any
# Unicode space) and a company-form suffix removed; once more when what is left ends in 公司
_RULE = re.compile(r"[()（）\s]|有限责任公司$|股份有限公司$|有限公司$|公司$")


def _by_the_rule(name: str) -> str:
    once = _RULE.sub("", name)
    return _RULE.sub("", once) if once.endswith("公司") else once


_PARTS = ["济南", "恒泰", "有限", "责任", "股份", "公司", "有限公司", "有限责任公司",
          "股份有限公司", " ", "(", "（", ")", "）", "集团", "\n", "\u3000", "\xa0", "a"]  # fmt: skip


@given(st.lists(st.sampled_from(_PARTS), max_size=8).map("".join))
def test_normalized_names_follow_the_rule(name: str) -> None:
    assert normalize_org_name(name) == _by_the_rule(name)


def test_company_forms() -> None:
    assert normalize_org_name("济南恒泰有限责任公司") == "济南恒泰"
    assert normalize_org_name("济南恒泰股份有限公司公司") == "济南恒泰"
    assert normalize_org_name("有限责任公司有限责任公司") == ""
    assert normalize_org_name("济南恒泰（集团）有限公司") == "济南恒泰集团"
    assert normalize_org_name("济南\u3000恒泰公司") == "济南恒泰"
