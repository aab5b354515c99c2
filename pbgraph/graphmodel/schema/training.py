"""Training reach (培训, 观摩): training sessions and study visits, the people who attend
them, and whom those people stand for — the secretary of a party organization, the leader
(出资人/负责人) of an organization, a party worker (党务工作者).

* ``Training`` is one session or visit (``kind``: training or study_visit); its key is the
  ledger's 培训编号, or ``"<date>|<name>"`` when the sign-in sheet has none.
* ``Person`` is an attendee (and an honoured secretary, :mod:`.welfare`): the key is a keyed
  pseudonym (``P-…``) of the resident ID, else of the phone, else of the name with the unit
  (pbgraph.loaders.training); the name is stored masked. Persons are not party members'
  records: a leader need not be a member.
* What a person stands for is a relationship: ``SECRETARY_OF`` a party organization,
  ``PARTY_WORKER_OF`` one, ``LEADS`` an organization. A party organization's secretary is
  reached when a person who is its secretary attended a session or visit.
"""

from __future__ import annotations

from .model import NodeType, Prop, RelType

_P = Prop

#: the role a sign-in sheet gives an attendee (身份/职务), in the words offices write
ROLE = _P(
    "role",
    zh="参训身份",
    aliases=("身份", "人员类别", "参训人员类别", "参训人员身份", "role"),
    choices=("secretary", "leader", "party_worker", "other"),
    labels=(
        ("secretary", ("党组织书记", "书记", "党支部书记", "党总支书记", "党委书记", "支部书记")),
        ("leader", ("出资人", "负责人", "出资人负责人", "主要负责人", "法定代表人", "董事长",
                    "总经理", "经理", "理事长", "会长", "秘书长", "院长", "企业负责人")),
        ("party_worker", ("党务工作者", "党务干部", "组织委员", "宣传委员", "纪检委员",
                          "专职党务工作者", "党建联络员", "联络员", "副书记")),
        ("other", ("其他", "其它")),
    ),
)  # fmt: skip

NODES = (
    NodeType(
        "Training",
        "id",
        "培训观摩",
        (
            _P("id", required=True, zh="培训编号", aliases=("班次编号", "活动编号", "training id")),
            _P(
                "name",
                required=True,
                zh="培训名称",
                aliases=(
                    "培训班名称",
                    "班次名称",
                    "培训主题",
                    "观摩名称",
                    "培训(观摩)名称",
                    "training",
                ),
            ),  # fmt: skip
            _P(
                "kind",
                zh="培训类型",
                aliases=("类型", "形式", "培训形式", "kind"),
                choices=("training", "study_visit"),
                labels=(
                    ("training", ("培训", "培训班", "集中培训", "示范培训", "专题培训")),
                    ("study_visit", ("观摩", "现场观摩", "观摩学习", "观摩交流", "参观学习")),
                ),
            ),
            _P(
                "date",
                "date",
                required=True,
                zh="培训日期",
                aliases=("日期", "开班日期", "举办日期", "观摩日期", "时间", "date"),
            ),
            _P("days", "float", zh="培训天数", aliases=("天数", "days"), min=0, max=366),
            _P("organizer", zh="主办单位", aliases=("举办单位", "承办单位", "organizer")),
        ),
    ),
    NodeType(
        "Person",
        "id",
        "人员",
        (
            _P("id", required=True, zh="人员编号(假名)", aliases=("person id",)),
            _P(
                "name_masked",
                zh="姓名",
                aliases=("参训人员", "参训人员姓名", "书记姓名", "人员姓名", "name"),
                pii=True,
            ),
        ),
    ),
)

#: ledger columns of these kinds that are not node properties (merged into ``FIELDS``)
FIELDS = (
    ROLE,
    _P(
        "unit_name",
        zh="所在单位",
        aliases=("工作单位", "单位", "所在单位名称", "unit"),
    ),
)

RELS = (
    RelType("ATTENDED", "Person", "Training", "参训"),
    RelType("SECRETARY_OF", "Person", "PartyOrg", "党组织书记"),
    RelType("PARTY_WORKER_OF", "Person", "PartyOrg", "党务工作者"),
    RelType("LEADS", "Person", "Organization", "出资人负责人"),
)
