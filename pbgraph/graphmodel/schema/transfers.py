"""Member-relation transfers and their follow-up visits (组织关系转接, 定期回访).

A ``Transfer`` is one member's case: a formal or probationary member whose relation is held
by a talent centre, an HR market or a community (``held_by``/``held_at`` on the member)
and who is asked whether to transfer it to a party organization of the organization they
work for. Its key is the member's pseudonym (one case per member: a later ledger row of
the same member updates it). It is ``OF`` the member, ``TO`` the organization that would
receive the relation, and ``IN`` the street (or district) whose ledger holds it. The
ledger names the member by resident ID number (pseudonymized on load exactly as the members
ledger is, so that both join) or by a pseudonym pbgraph exported.
"""

from __future__ import annotations

from dataclasses import replace

from .model import NodeType, Prop, RelType

_P = Prop


def nodes(held_by: Prop) -> tuple[NodeType, ...]:
    """The node labels of transfers; ``held_by`` is the member's own property (its choices
    and their words), which a transfer's ``from_kind`` repeats."""
    return (
        NodeType(
            "Transfer",
            "id",
            "组织关系转接",
            (
                _P("id", required=True, zh="转接编号"),
                replace(
                    held_by,
                    name="from_kind",
                    zh="转出类型",
                    aliases=("关系所在类型", "组织关系所在类型", "转出单位类型", "from kind"),
                ),
                _P(
                    "from_at",
                    zh="转出单位",
                    aliases=("组织关系所在", "组织关系现所在", "关系所在", "转出党组织", "from"),
                ),
                _P(
                    "willing",
                    "bool",
                    zh="是否愿意转接",
                    aliases=(
                        "本人是否愿意转接",
                        "愿意转接",
                        "是否有转接意愿",
                        "转接意愿",
                        "willing",
                    ),
                ),
                _P(
                    "registered",
                    "date",
                    required=True,
                    zh="登记日期",
                    aliases=("摸排日期", "排查日期", "登记时间", "registered"),
                ),
                _P(
                    "transferred",
                    "date",
                    zh="转接日期",
                    aliases=("转入日期", "完成转接日期", "已转接日期", "transferred"),
                ),
                _P(
                    "visits",
                    "int",
                    zh="回访次数",
                    aliases=("已回访次数", "回访(次)", "visits"),
                    min=0,
                    max=1000,
                ),
                _P(
                    "last_visit",
                    "date",
                    zh="最近回访日期",
                    aliases=("最近一次回访日期", "上次回访日期", "回访日期", "last visit"),
                ),
            ),
        ),
    )


FIELDS = (
    _P(
        "to_code",
        zh="转入单位统一社会信用代码",
        aliases=("转入单位信用代码", "拟转入单位统一社会信用代码", "to credit code"),
        check="credit_code",
    ),
    _P("to_name", zh="转入单位名称", aliases=("拟转入单位", "转入单位", "to organization")),
)

RELS = (
    RelType("OF", "Transfer", "Member", "转接党员", single=True),
    RelType("TO", "Transfer", "Organization", "转入单位", single=True),
    RelType("IN", "Transfer", "Region", "登记街道", single=True),
)
