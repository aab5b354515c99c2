"""The ledger kinds of public-welfare accounts (公益账户), awards (出彩型 表彰) and training
reach (培训观摩 签到), merged into :data:`pbgraph.loaders.ledgers.KINDS` by :func:`kinds`
(called from there once its classes exist: this module imports nothing of the loaders at
its top, so either can be imported first).

* ``welfare`` (公益账户台账): a row per thing an organization gave back — the organization
  by credit code or name, the activity, its date, hours, volunteers, people served, money.
* ``awards`` (表彰台账): a row per honoured party organization or secretary — the award's
  name and date, the party organization (by id or by name in its street), the secretary's
  name and resident ID or phone (pseudonymized on load, the name masked).
* ``trainings`` (培训观摩台账, a sign-in sheet): a row per attendee of a session or study
  visit — the session, the attendee's name and ID or phone, the role (参训身份: secretary,
  leader, party worker) and whom they stand for (party organization, organization).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..graphmodel.schema import FIELDS, NODES

if TYPE_CHECKING:
    from .ledgers import LedgerKind

__all__ = ["KEY_FIELDS", "LOAD_AFTER", "kinds"]

#: loaded after every other kind (they name organizations and party organizations)
LOAD_AFTER = ("welfare", "trainings", "awards")

#: the fields that make a row's key (``pbgraph.loaders.validate``: duplicates): a row per
#: activity, per honouree, per attendee of a session
KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "welfare": ("id", "credit_code", "unit_name", "date", "activity"),
    "awards": ("award", "date", "party_org", "party_org_name", "resident_id", "phone", "name"),
    "trainings": ("training_id", "training_name", "date", "resident_id", "phone", "person_id",
                  "name", "party_org", "party_org_name", "credit_code", "unit_name"),
}  # fmt: skip


def kinds() -> tuple[LedgerKind, ...]:
    """The three kinds, their columns from the schema."""
    from .ledgers import Column, LedgerKind

    org, po, person = NODES["Organization"], NODES["PartyOrg"], NODES["Person"]
    place = (Column("district", FIELDS["district"]), Column("street", FIELDS["street"]))
    where_org = (
        Column("credit_code", org.prop("credit_code")),
        Column("unit_name", FIELDS["unit_name"]),
    )
    who = (
        Column("person_id", person.prop("id")),
        Column("name", person.prop("name_masked")),
        Column("resident_id", FIELDS["resident_id"]),
        Column("phone", FIELDS["phone"]),
    )
    party_org = (
        Column("party_org", po.prop("id")),
        Column("party_org_name", FIELDS["party_org_name"]),
    )
    w, a, t = NODES["WelfareActivity"], NODES["Award"], NODES["Training"]
    welfare = LedgerKind(
        "welfare",
        "公益账户台账",
        (Column("id", w.prop("id")), Column("district", FIELDS["district"], True),
         Column("street", FIELDS["street"]), *where_org,
         Column("activity", w.prop("activity"), True), Column("kind", w.prop("kind")),
         Column("date", w.prop("date"), True),
         *(Column(n, w.prop(n)) for n in ("hours", "volunteers", "beneficiaries", "amount"))),
        file_format="csv",
    )  # fmt: skip
    awards = LedgerKind(
        "awards",
        "表彰台账",
        (Column("award", a.prop("name"), True), Column("date", a.prop("date"), True),
         Column("issuer", a.prop("issuer")), *place, *party_org, *where_org, *who),
        file_format="xlsx",
    )  # fmt: skip
    trainings = LedgerKind(
        "trainings",
        "培训观摩台账",
        (Column("training_id", t.prop("id")), Column("training_name", t.prop("name"), True),
         Column("training_kind", t.prop("kind")), Column("date", t.prop("date"), True),
         Column("days", t.prop("days")), Column("organizer", t.prop("organizer")),
         *place, *who, Column("role", FIELDS["role"]),
         *party_org, *where_org),
        file_format="xlsx",
    )  # fmt: skip
    return welfare, awards, trainings
