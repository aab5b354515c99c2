"""The ledger kinds (台账) pbgraph reads and writes, derived from the schema.

Each kind is a list of columns; a column is a schema property (of a node, or one of
:data:`pbgraph.graphmodel.schema.FIELDS`), so its header, aliases, type and checks come
from the schema. ``generate`` writes the canonical Chinese headers; the loader accepts any
alias, in Chinese or English.

Examples
--------
>>> KINDS["organizations"].headers()[:3]
['序号', '统一社会信用代码', '单位名称']
>>> detect_kind(["企业名称", "信用代码", "正式党员数"]).name
'organizations'
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..graphmodel.schema import FIELDS, NODES, Prop
from . import services as _services  # issue 20, helper B
from . import transfers as _transfers
from . import welfare_kinds as _welfare_kinds

__all__ = [
    "COMBINED_ONLY",
    "KINDS",
    "LOAD_ORDER",
    "Column",
    "LedgerKind",
    "detect_kind",
    "norm_header",
]

SEQ_HEADERS = ("序号", "编号序", "no", "no.", "#")


@dataclass(frozen=True)
class Column:
    """A ledger column: the record field it fills and the property that describes it."""

    field: str
    prop: Prop
    required: bool = False

    @property
    def header(self) -> str:
        return self.prop.zh

    def names(self) -> tuple[str, ...]:
        return (self.prop.zh, *self.prop.aliases, self.field)


@dataclass(frozen=True)
class LedgerKind:
    """A kind of ledger: its name on the command line, its title, its columns."""

    name: str
    zh: str
    columns: tuple[Column, ...]
    file_format: str = "csv"
    #: sub-columns under a merged group header: (a word of the group, ((sub-header,
    #: field), ...)); ``党组织情况`` over ``名称`` is the party organization's name, not the
    #: organization's
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    #: fields of which a file must name one to be taken for this kind (issue 20: kinds that
    #: share the organizations ledger's identity and place columns); none: any column counts
    signature: tuple[str, ...] = ()

    def headers(self) -> list[str]:
        """Canonical headers, as ``generate`` writes them (with a leading 序号)."""
        return ["序号", *(c.header for c in self.columns)]

    def column(self, field: str) -> Column:
        for c in self.columns:
            if c.field == field:
                return c
        raise KeyError(field)

    def match(self, header: str, group: str = "") -> Column | None:
        """The column a header names (under the merged group header ``group``, if any),
        or ``None``.

        >>> k = KINDS["organizations"]
        >>> k.match("名称").field, k.match("名称", "党组织情况").field
        ('name', 'party_org_name')
        >>> k.match("其中：预备党员", "党员情况").field
        'probationary_members'
        """
        table = self._lookup()
        sub = norm_header(header)
        if group:
            g = norm_header(group)
            for word, subs in self.groups:
                if word in g:
                    for name, field in subs:
                        if norm_header(name) == sub:
                            return self.column(field)
        found = table.get(sub)
        if found is None and group:
            found = table.get(norm_header(group) + sub)
        return found

    def _lookup(self) -> dict[str, Column]:
        table = _LOOKUPS.get(self.name)
        if table is None:
            table = {}
            for c in self.columns:
                for name in c.names():
                    table.setdefault(norm_header(name), c)
            _LOOKUPS[self.name] = table
        return table


_LOOKUPS: dict[str, dict[str, Column]] = {}


@functools.lru_cache(maxsize=8192)  # headers repeat sheet after sheet
def norm_header(text: str) -> str:
    """Normalize a header for matching: NFKC, no spaces, no line breaks, lower case.

    >>> norm_header(" 正式党员（名）\\n")
    '正式党员(名)'
    """
    t = "".join(unicodedata.normalize("NFKC", text).split()).lower().replace("*", "")
    # "其中：预备党员" (of which: probationary) names the sub-column itself
    rest = t.removeprefix("其中").lstrip(":")
    return rest or t


def _node(label: str, *names: str, required: Iterable[str] = ()) -> tuple[Column, ...]:
    req = set(required)
    return tuple(Column(n, NODES[label].prop(n), n in req) for n in names)


def _f(*names: str, required: Iterable[str] = ()) -> tuple[Column, ...]:
    req = set(required)
    return tuple(Column(n, FIELDS[n], n in req) for n in names)


def _building() -> tuple[Column, ...]:
    b = NODES["Building"]
    return (Column("building", b.prop("name")), Column("building_kind", b.prop("kind")))


KINDS: dict[str, LedgerKind] = {
    k.name: k
    for k in (
        LedgerKind(
            "organizations",
            "两新组织台账",
            _node(
                "Organization",
                "credit_code",
                "name",
                "kind",
                "industry",
                required=("credit_code", "name"),
            )
            + _node("Organization", "city")  # issue 19: a province's ledgers
            + _f("district", "street", required=("district", "street"))
            + _building()
            + _node(
                "Organization",
                "employees",
                "revenue",
                "key",
                "formal_members",
                "probationary_members",
                "lon",
                "lat",
                "registered",  # issue 20: source control (源头把控)
                "registrar",
            )
            # the combined ledger's inline columns (docs/ledgers.md)
            + _f(
                "member_total",
                "has_party_org",
                "party_org_name",
                "party_org_form",
                "party_org_level",
                "party_org_status",
                "party_org_founded",
                "instructors",
                "paired_units",
            ),
            groups=(
                (
                    "党组织",
                    (
                        ("名称", "party_org_name"),
                        ("全称", "party_org_name"),
                        ("是否建立", "has_party_org"),
                        ("是否成立", "has_party_org"),
                        ("有无", "has_party_org"),
                        ("组建方式", "party_org_form"),
                        ("组建形式", "party_org_form"),
                        ("方式", "party_org_form"),
                        ("类别", "party_org_level"),
                        ("类型", "party_org_level"),
                        ("状态", "party_org_status"),
                        ("运行状态", "party_org_status"),
                        ("成立时间", "party_org_founded"),
                        ("成立日期", "party_org_founded"),
                        ("组建时间", "party_org_founded"),
                    ),
                ),
                ("指导员", (("姓名", "instructors"), ("名称", "instructors"))),
                ("包挂", (("名称", "paired_units"), ("单位名称", "paired_units"))),
                ("楼宇", (("名称", "building"),)),
                ("登记", (("日期", "registered"), ("机关", "registrar"), ("部门", "registrar"))),
                (
                    "党员",
                    (
                        ("合计", "member_total"),
                        ("总数", "member_total"),
                        ("人数", "member_total"),
                        ("正式", "formal_members"),
                        ("预备", "probationary_members"),
                    ),
                ),  # fmt: skip
            ),
        ),
        LedgerKind(
            "party-orgs",
            "党组织台账",
            _node(
                "PartyOrg",
                "id",
                "name",
                "form",
                "level",
                "status",
                "founded",
                "superior",  # issue 20: leadership lines
                required=("id", "name", "form"),
            )
            + _f("city", "district", "street", "covered_codes"),
            file_format="xlsx",
        ),
        LedgerKind(
            "members",
            "党员台账",
            (
                Column("member_id", NODES["Member"].prop("id")),
                Column("name", NODES["Member"].prop("name_masked")),
            )
            + _f("resident_id", "phone")
            + _node("Member", "status", "held_by", "held_at", required=("status",))
            + _f("employer", "employer_code", "city", "district", "street", "community"),
        ),
        LedgerKind(
            "instructors",
            "党建指导员台账",
            _node("Instructor", "id", required=("id",))
            + (Column("name", NODES["Instructor"].prop("name_masked")),)
            + _f("phone", "city", "district", "street", required=("district", "street"))
            + _node("Instructor", "capacity")
            + _f("guided_codes", "guided_party_orgs"),
            file_format="xlsx",
        ),
        LedgerKind(
            "platforms",
            "联席会议成员单位台账",
            (
                Column("platform_id", NODES["Platform"].prop("id"), True),
                Column("platform_name", NODES["Platform"].prop("name"), True),
                Column("platform_level", NODES["Platform"].prop("level"), True),
            )
            + _f("city", "district", "street")
            + (
                Column("unit_id", NODES["MemberUnit"].prop("id"), True),
                Column("unit_name", NODES["MemberUnit"].prop("name"), True),
                Column("unit_kind", NODES["MemberUnit"].prop("kind")),
                Column("unit_capacity", NODES["MemberUnit"].prop("capacity")),
            ),
            file_format="xlsx",
        ),
        LedgerKind(
            "pairings",
            "包挂台账",
            (
                Column("unit_id", NODES["MemberUnit"].prop("id"), True),
                Column("unit_name", NODES["MemberUnit"].prop("name")),
            )
            + _f("paired_code", "paired_name", required=("paired_code",)),
            file_format="xlsx",
        ),
        LedgerKind(
            "visits",
            "走访报备台账",
            _f("city", "district", "street", required=("district", "street"))
            + _node("VisitReport", "date", "visited", "willing", "developed", required=("date",))
            + _f("visited_codes"),
            file_format="xlsx",
        ),
        LedgerKind(
            "demo-sites",
            "示范点台账",
            _node("DemoSite", "id", "name", required=("id", "name"))
            + _f("city", "district", "street", required=("district", "street"))
            + (
                Column("credit_code", NODES["Organization"].prop("credit_code")),
                Column("party_org", NODES["PartyOrg"].prop("id")),
                # a combined ledger's party organizations have no id: named in the street
                Column("party_org_name", FIELDS["party_org_name"]),
            )
            + _node(
                "DemoSite",
                "designated",
                "strong_leadership",
                "strong_members",
                "strong_role",
                "good_mechanisms",
                "good_support",
                "good_standing",
                "score",
            ),
            file_format="xlsx",
        ),
        # issue 20, helper A: leadership lines (条块结合, 区域兜底)
        LedgerKind(
            "leading-bodies",
            "领导机构台账",
            _node("LeadingBody", "id", "name", "kind", "line", "host", required=("id", "name"))
            + _f("district", "street")
            + _node("LeadingBody", "superior"),
            file_format="xlsx",
        ),
        LedgerKind(
            "committee-units",
            "两新工委委员单位台账",
            _f("body", required=("body",))
            + _node("CommitteeUnit", "id", "name", "kind", "duty", required=("id", "name")),
            file_format="xlsx",
        ),
    )
}

KINDS.update({k.name: k for k in (*_transfers.kinds(), *_services.kinds())})  # issue 20, B
KINDS.update({k.name: k for k in _welfare_kinds.kinds()})  # issue 20, helper C

#: Columns only a combined ledger has (an organization's party organization, instructors and
#: paired units on its row; a demo site's party organization by name): the tidy, separate
#: ledgers that ``export`` writes say these in ledgers of their own.
COMBINED_ONLY = frozenset(
    {"member_total", "has_party_org", "party_org_name", "party_org_form", "party_org_level",
     "party_org_status", "party_org_founded", "instructors", "paired_units"}
)  # fmt: skip

#: Kinds in the order they are loaded, so references point at what is already there.
LOAD_ORDER = (
    "organizations",
    "leading-bodies",  # issue 20, helper A: before the party organizations they lead
    "party-orgs",
    "members",
    "instructors",
    "platforms",
    "committee-units",  # issue 20, helper A
    "pairings",
    "visits",
    "demo-sites",
    *_transfers.LOAD_AFTER,  # issue 20, helper B
    *_services.LOAD_AFTER,
    *_welfare_kinds.LOAD_AFTER,  # issue 20, helper C
)


def detect_kind(headers: Iterable[str]) -> LedgerKind | None:
    """The kind whose columns the headers name most (at least two; ties go to the kind
    with the larger share of its columns present). Missing required columns are reported
    row by row by the loader, not here."""
    hs = [h for h in headers if h]
    best: tuple[int, float, LedgerKind] | None = None
    for kind in KINDS.values():
        fields = {c.field for h in hs if (c := kind.match(h)) is not None}
        if kind.signature and fields.isdisjoint(kind.signature):
            continue
        matched = len(fields)
        share = matched / len(kind.columns)
        if matched >= 2 and (best is None or (matched, share) > best[:2]):
            best = (matched, share, kind)
    return best[2] if best else None
