"""A combined ledger's inline parts: the party organization, instructors and paired units
an organization's row names (no ledger of their own), built once the separate
party-organization, instructor and member-unit ledgers of the same load are in, and
matched to theirs where those name them too (so that they are not duplicated)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from ..graphmodel.schema import RelType
from ..keys import pseudonym
from .batch import (
    BASED_IN_INSTRUCTOR_REGION,
    COVERS_PARTYORG_ORGANIZATION,
    GUIDES_INSTRUCTOR_ORGANIZATION,
    GUIDES_INSTRUCTOR_PARTYORG,
    PAIRED_WITH_MEMBERUNIT_ORGANIZATION,
    Batch,
    Context,
    Inline,
    Shared,
)
from .names import one_line, same_name
from .places import Notice
from .values import mask_name

__all__ = ["load_inline", "party_org_id", "party_org_named"]


def party_org_id(district: str, street: str, name: str) -> str:
    """The stable id of a party organization a combined ledger names: district, street and
    its name as compared (a joint branch named on several rows of a street is one).

    >>> party_org_id("历下区", "泉城路街道", "泉城路街道 恒隆广场联合党支部")
    '历下区/泉城路街道/泉城路街道恒隆广场联合党支部'
    """
    return f"{district}/{street}/{same_name(name)}"


def party_org_named(
    ctx: Context, name: str, district: str | None, street: str | None
) -> str | None:
    """The party organization a name means in a street: the one a combined ledger made
    there, else the only one of a separate ledger with that name in that street (or with
    that name at all, when its street is not known)."""
    if district and street:
        pid = party_org_id(district, street, name)
        if ctx.has("PartyOrg", pid):
            return pid
    found = [p for p in ctx.by_name("PartyOrg").get(same_name(name), []) if p.count("/") != 2]
    places = ctx.shared.party_org_places
    if len(found) > 1:
        found = [p for p in found if places.get(p, (None, None)) == (district, street)]
    return found[0] if len(found) == 1 else None


def _infer_form(name: str, rows: int) -> str:
    """A form the ledger left blank, from the name or the number of rows it covers."""
    if "联合" in name:
        return "joint"
    if "综合党委" in name or "兜底" in name:
        return "attached"
    return "joint" if rows > 1 else "independent"


_Notify = Callable[[Inline, str], None]  # a notice about a combined ledger's row
_Target = dict[int, tuple[RelType, str]]  # what an instructor on row k guides


def load_inline(shared: Shared, ctx: Context, notices: list[Notice]) -> None:
    """Build the party organizations, instructors and paired units that combined ledgers'
    rows name, matched to the separate ledgers' ones where those name them too."""
    b = Batch()
    items, shared.inline = shared.inline, []

    def notice(it: Inline, message: str) -> None:
        notices.append(Notice(str(it.sheet.path), it.sheet.sheet, it.row, message))

    target = _party_orgs(b, items, ctx, notice)
    _instructors(b, items, target, ctx, notice)
    _paired_units(b, items, ctx, notice)
    b.write(ctx.store)
    shared.wrote(b)


def _party_orgs(b: Batch, items: list[Inline], ctx: Context, notice: _Notify) -> _Target:
    """Party organizations: one per (district, street, name as compared). Returns what an
    instructor on each row guides: the row's party organization, else the organization."""
    branches: dict[str, list[Inline]] = defaultdict(list)
    target: _Target = {}
    for k, it in enumerate(items):
        v = it.values
        target[k] = (GUIDES_INSTRUCTOR_ORGANIZATION, it.code)
        if not (v.get("has_party_org") or v.get("party_org_name") or v.get("party_org_form")):
            continue
        name = one_line(v.get("party_org_name") or "")
        if not name:
            name = f"{v['name']}党组织"
            notice(it, f"已建党组织但未填名称，按“{name}”记 (has a party organization but "
                       f"no name; recorded as {name})")  # fmt: skip
            v["party_org_name"] = name
        branches[party_org_id(it.district, it.street, name)].append(it)
    index = {id(it): k for k, it in enumerate(items)}
    for derived, its in branches.items():
        first = its[0]
        name = one_line(first.values["party_org_name"])
        forms = Counter(
            it.values["party_org_form"] for it in its if it.values.get("party_org_form")
        )
        if len(forms) > 1:
            notice(first, f"{name}的组建方式各行不一（{'、'.join(forms)}），取最多的一种 (rows "
                          f"disagree on the form of {name}; the most common is used)")  # fmt: skip
        form = forms.most_common(1)[0][0] if forms else _infer_form(name, len(its))
        if not forms:
            notice(first, f"{name}未填组建方式，按名称和覆盖单位数记为{form} (form of {name} "
                          f"not given; taken as {form} from its name and rows)")  # fmt: skip
        pid = derived
        existing = party_org_named(ctx, name, first.district, first.street)
        if existing is not None and existing != derived:
            pid = existing  # the separate party-organization ledger's
            stored = ctx.value_of("PartyOrg", "form", pid)
            if forms and stored and stored != form:
                notice(first, f"{name}在党组织台账中为{stored}，本台账为{form}；保留党组织台账的 "
                              f"(the party-organization ledger says {stored}, this ledger "
                              f"{form}; the party-organization ledger is kept)")  # fmt: skip
        else:

            def pick(field: str, rows: list[Inline] = its) -> Any:
                return next((it.values[field] for it in rows if it.values.get(field)), None)

            b.node("PartyOrg", pid, name=name, form=form, level=pick("party_org_level"),
                   status=pick("party_org_status"), founded=pick("party_org_founded"))  # fmt: skip
        for it in its:
            b.rel(COVERS_PARTYORG_ORGANIZATION, pid, it.code)
            target[index[id(it)]] = (GUIDES_INSTRUCTOR_PARTYORG, pid)
    return target


def _instructors(
    b: Batch, items: list[Inline], target: _Target, ctx: Context, notice: _Notify
) -> None:
    """Instructors: one per person of a district (by name as written), the separate
    instructor ledger's where it names them too."""
    people: dict[tuple[str, str], list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        for person in it.values.get("instructors") or []:
            people[(it.district, person)].append(k)
    masked: dict[str, list[str]] = defaultdict(list)  # masked name -> ledger instructors
    for key, m in ctx.store.key_values("Instructor", "name_masked") if people else []:
        if m and key in ctx.shared.instructor_places:
            masked[m].append(key)
    for (district, person), ks in people.items():
        streets = Counter(items[k].street for k in ks)
        home = streets.most_common(1)[0][0]
        found = _instructor(ctx, masked, district, home, person, items[ks[0]], notice)
        iid = found or pseudonym(ctx.secret, "I", f"{district}/{person}")
        if found is None:
            b.node("Instructor", iid, name_masked=mask_name(person))
            street = b.region(district, home)
            assert street is not None
            b.rel(BASED_IN_INSTRUCTOR_REGION, iid, street)
        for k in ks:
            r, end = target[k]
            b.rel(r, iid, end)


def _paired_units(b: Batch, items: list[Inline], ctx: Context, notice: _Notify) -> None:
    """Paired member units: the member-units ledger's, by name, else made from the name."""
    units = ctx.by_name("MemberUnit") if any(it.values.get("paired_units") for it in items) else {}
    said: set[str] = set()
    for it in items:
        for unit in it.values.get("paired_units") or []:
            named = units.get(same_name(unit), [])
            if len(named) == 1:
                uid = named[0]
            else:
                uid = f"U:{same_name(unit)}"
                b.node("MemberUnit", uid, name=unit)
                if unit not in said:
                    said.add(unit)
                    notice(it, (f"成员单位台账中有{len(named)}个“{unit}”，未能区分，按名称另记 "
                                f"({len(named)} member units are named {unit}; recorded apart)")
                           if named else
                           (f"包挂单位“{unit}”不在成员单位台账中，按名称新建 (paired unit "
                            f"{unit} is not in a member-units ledger; created from its name)"))  # fmt: skip
            b.rel(PAIRED_WITH_MEMBERUNIT_ORGANIZATION, uid, it.code)


def _instructor(
    ctx: Context,
    masked: dict[str, list[str]],
    district: str,
    street: str,
    person: str,
    it: Inline,
    notice: _Notify,
) -> str | None:
    """The instructor of a separate instructor ledger a combined row names: same masked
    name in the same district (and street, if that is needed to tell them apart)."""
    places = ctx.shared.instructor_places
    same = [iid for iid in masked.get(mask_name(person), []) if places[iid][0] == district]
    if len(same) > 1:
        same = [iid for iid in same if places[iid][1] == street]
    if len(same) == 1:
        return same[0]
    if same:
        notice(it, f"指导员台账中有{len(same)}位{mask_name(person)}，未能区分，另记一人 "
                   f"({len(same)} instructors in the instructor ledger could be "
                   f"{mask_name(person)}; recorded as another person)")  # fmt: skip
    return None
