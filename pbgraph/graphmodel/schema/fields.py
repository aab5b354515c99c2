"""Ledger columns that are not node properties: where things are, whom they point to, and
what the combined organizations ledger writes inline on each row."""

from __future__ import annotations

from dataclasses import replace

from . import training as _training
from .lines import LINE_FIELDS  # issue 20, helper A: leadership lines
from .model import Prop
from .nodes import NODES
from .services import FIELDS as _SERVICE_FIELDS  # issue 20, helper B
from .transfers import FIELDS as _TRANSFER_FIELDS

_P = Prop

#: Ledger columns that are not node properties: where things are, whom they point to.
FIELDS: dict[str, Prop] = {
    p.name: p
    for p in (
        NODES["Organization"].prop("city"),  # issue 19: a province's ledgers
        _P("district", zh="所属区县", aliases=("区县", "所在区县", "区(县)", "district")),
        _P(
            "street",
            zh="所属街道",
            aliases=("街道", "所在街道", "街道(镇)", "所属街道(镇)", "镇街", "street"),
        ),
        _P("community", zh="所在社区", aliases=("社区", "所属社区", "community")),
        _P(
            "resident_id",
            zh="公民身份号码",
            aliases=("身份证号", "身份证号码", "resident id"),
            check="resident_id",
            pii=True,
        ),
        _P("phone", zh="联系电话", aliases=("手机号码", "手机", "电话", "phone"), pii=True),
        _P("employer", zh="工作单位", aliases=("工作单位名称", "employer")),
        _P(
            "employer_code",
            zh="工作单位统一社会信用代码",
            aliases=("工作单位信用代码", "employer credit code"),
            check="credit_code",
        ),
        _P(
            "covered_codes",
            zh="覆盖单位统一社会信用代码",
            aliases=("覆盖单位信用代码", "covered credit codes"),
            check="credit_code",
            many=True,
        ),
        _P(
            "guided_codes",
            zh="指导单位统一社会信用代码",
            aliases=("指导单位信用代码", "guided credit codes"),
            check="credit_code",
            many=True,
        ),
        _P(
            "guided_party_orgs",
            zh="指导党组织编号",
            aliases=("guided party orgs",),
            many=True,
        ),
        _P(
            "paired_code",
            zh="包挂单位统一社会信用代码",
            aliases=("包挂企业统一社会信用代码", "结对单位统一社会信用代码", "paired credit code"),
            check="credit_code",
        ),
        _P("paired_name", zh="包挂单位名称", aliases=("包挂企业名称", "paired name")),
        # -- the combined organizations ledger: what an office writes inline on each row
        _P(
            "has_party_org",
            "bool",
            zh="是否建立党组织",
            aliases=(
                "是否成立党组织",
                "是否建立",
                "是否成立",
                "有无党组织",
                "是否已建立党组织",
                "是否单独建立党组织",
            ),
        ),  # fmt: skip
        _P("party_org_name", zh="党组织名称", aliases=("所在党组织名称", "党组织全称")),
        replace(
            NODES["PartyOrg"].prop("form"),
            name="party_org_form",
            required=False,
            zh="组建方式",
            aliases=("组建形式", "党组织组建形式", "党组织组建方式", "建立方式"),
        ),
        replace(
            NODES["PartyOrg"].prop("level"),
            name="party_org_level",
            zh="党组织类别",
            aliases=("党组织类型", "党组织层级"),
        ),
        replace(
            NODES["PartyOrg"].prop("status"),
            name="party_org_status",
            zh="党组织运行状态",
            aliases=("运行状态", "运行情况"),
        ),
        replace(
            NODES["PartyOrg"].prop("founded"),
            name="party_org_founded",
            zh="党组织成立时间",
            aliases=("党组织成立日期", "党组织组建时间", "成立时间", "成立日期", "组建时间"),
        ),
        _P(
            "instructors",
            zh="党建指导员",
            aliases=(
                "党建工作指导员",
                "联系指导员",
                "党建指导员姓名",
                "指导员",
                "党建指导员(联系电话)",
                "党建指导员及联系电话",
                "党建指导员(电话)",
            ),
            check="person_names",
            many=True,
            pii=True,
        ),  # fmt: skip
        _P(
            "paired_units",
            zh="包挂单位",
            aliases=(
                "联系包挂单位",
                "联系单位",
                "包挂成员单位",
                "结对单位",
                "包挂联系单位",
                "结对共建单位",
                "包联单位",
            ),
            check="unit_names",
            many=True,
        ),  # fmt: skip
        _P(
            "member_total",
            "int",
            zh="党员人数",
            aliases=("党员数", "党员总数", "党员合计", "党员(人)", "党员人数(人)", "党员(名)"),
            min=0,
            max=100_000,
        ),
        _P(
            "visited_codes",
            zh="走访单位统一社会信用代码",
            aliases=("走访企业统一社会信用代码", "visited credit codes"),
            check="credit_code",
            many=True,
        ),
        *_TRANSFER_FIELDS,  # issue 20, helper B
        *_SERVICE_FIELDS,
        *LINE_FIELDS,  # issue 20, helper A
    )
}

# issue 20, helper C: the columns of the training (and awards) ledgers
FIELDS.update({p.name: p for p in _training.FIELDS})
