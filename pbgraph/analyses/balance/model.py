"""The balancing problem: suppliers and demand items, their capacities, weights and reach,
the rules both plans share (:class:`Rules`), the secondary cost unit, and the solved
:class:`Plan` (see :mod:`pbgraph.analyses.balance` for the objective)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, TypedDict

SCOPES = ("street", "district", "city")

#: Weight of a demand item (additive). A key organization outweighs every non-key item, so
#: key organizations are served first; then weak party organizations, units that must build
#: their own (应建未建), joint-formation candidates and joint branches, units with no member.
INSTRUCTOR_WEIGHTS: dict[str, int] = {
    "key": 64,  # 重点单位 (ledger's 是否重点, or >= 100 staff, or >= 2 000 万元 revenue)
    "weak": 32,  # 软弱涣散党组织
    "must_build": 16,  # >= 3 formal members, no party organization (应建未建)
    "joint_candidate": 8,  # 1..2 formal members (联合组建对象)
    "joint_branch": 8,  # 联合党支部
    "no_members": 4,  # no formal member: an instructor and member development
    "large": 2,  # >= large_staff employees (Hefei: each instructor has one of >= 50 staff)
}
#: Default pairing capacity of a member unit by its platform's level (local practice: the
#: synthetic city's ledgers give city units 12, district units 6; a ledger's 包挂能力 wins).
PAIRING_CAPACITY: dict[str, int] = {"city": 10, "district": 6, "street": 4, "community": 2}

#: The secondary cost unit: all secondary costs are multiples of it, the continuity bonus is 1.
COST_UNIT = 4


@dataclass(frozen=True)
class Rules:
    """The rules both plans share: who needs a supplier (the coverage thresholds and the
    weights) and what a plan may change and prefers (the costs).

    ``keep_existing`` keeps existing assignments unless moving one serves more or evens two
    loads that differ by ``move_gap`` or more (``False``: plan from scratch);
    ``max_changes`` caps the moves (it needs ``keep_existing``); ``cross_street_cost`` and
    ``cross_district_cost`` are the costs, in load steps, of serving another street of the
    district and another district. ``weights`` overrides entries of
    :data:`INSTRUCTOR_WEIGHTS`; ``min_members`` formal members make a unit build its own
    party organization; a key organization has ``key_employees`` staff or ``key_revenue``
    万元 revenue (or the ledger says so); ``large_staff`` employees earn a bonus (Hefei's
    50). Checked where they are used, as before: :func:`resolve_weights` and :meth:`check`.

    >>> from dataclasses import replace
    >>> rules = replace(Rules(move_gap=2), max_changes=5)
    >>> rules.move_gap, rules.max_changes, Rules.of(rules, {"move_gap": 4}).move_gap
    (2, 5, 4)
    """

    keep_existing: bool = True
    max_changes: int | None = None
    weights: Mapping[str, int] | None = None
    min_members: int = 3
    large_staff: int = 50
    key_employees: int = 100
    key_revenue: float = 2000.0
    cross_street_cost: int = 3
    cross_district_cost: int = 10
    move_gap: int = 3

    @classmethod
    def of(cls, rules: Rules | None, options: RuleOptions) -> Rules:
        """``rules`` (default: the defaults) with the keyword ``options`` overriding fields."""
        return cls(**options) if rules is None else replace(rules, **options)

    def check(self) -> None:
        """Raise :class:`ValueError` when the plan rules contradict themselves."""
        if self.move_gap < 1:
            raise ValueError("选项 --move-gap 至少为 1 (move_gap must be at least 1)")
        if self.cross_street_cost < 0 or self.cross_district_cost < 0:
            raise ValueError("跨街道、跨区县的代价不能为负数 (locality costs must not be negative)")
        if self.max_changes is not None and not self.keep_existing:
            raise ValueError(
                "选项 --max-changes 需要 --keep-existing：重新安排会按需调整全部安排 "
                "(max_changes needs keep_existing: a replan moves what it moves)"
            )

    def params(self, weights: Mapping[str, int]) -> dict[str, Any]:
        """The rules as a result's ``params``, with the resolved ``weights``."""
        return {f.name: getattr(self, f.name) for f in fields(self)} | {"weights": weights}


class RuleOptions(TypedDict, total=False):
    """The fields of :class:`Rules` as keyword arguments (``**options``)."""

    keep_existing: bool
    max_changes: int | None
    weights: Mapping[str, int] | None
    min_members: int
    large_staff: int
    key_employees: int
    key_revenue: float
    cross_street_cost: int
    cross_district_cost: int
    move_gap: int


@dataclass(frozen=True)
class Supplier:
    """An instructor or a member unit: home street and district (``None`` when unknown or
    above that level), capacity, reach (``street``, ``district`` or ``city``), the demand
    items it serves now, and its city (the code of its region's city, in a store with a
    city level: a province's; ``None`` in a one-city store)."""

    id: str
    name: str
    street: str | None
    district: str | None
    capacity: int
    reach: str = "district"
    existing: tuple[str, ...] = ()
    city: str | None = None

    @property
    def hub(self) -> tuple[str, str | None, str | None, str | None]:
        """What decides which streets it reaches, and at which cost: suppliers alike in it
        share a hub of the flow network."""
        return (self.reach, self.street, self.district, self.city)


@dataclass(frozen=True)
class DemandItem:
    """Something that needs a supplier: an organization or a party organization."""

    id: str
    name: str
    street: str | None
    district: str | None
    weight: int
    klass: str = "no_members"
    size: int = 0  # for the order within a class: bigger first
    label: str = "Organization"
    key: bool = False


_new = object.__new__
_set = object.__setattr__


def demand_item(  # noqa: PLR0913 (DemandItem's fields, positional as its own)
    id: str, name: str, street: str | None, district: str | None, weight: int, klass: str,
    size: int, label: str, key: bool,
) -> DemandItem:  # fmt: skip
    """``DemandItem(id, name, street, district, weight, klass, size, label, key)``, made
    in half the time: a frozen dataclass's ``__init__`` sets each field through
    ``object.__setattr__``, which took 0.3 s for a city's 160 000 items; this sets the
    instance's ``__dict__`` at once (the same fields in the same order: an equal object)."""
    item = _new(DemandItem)
    _set(item, "__dict__", {"id": id, "name": name, "street": street, "district": district,
                            "weight": weight, "klass": klass, "size": size, "label": label,
                            "key": key})  # fmt: skip
    return item


@dataclass
class Plan:
    """The solved plan of an instance (no words yet: :class:`BalanceResult` adds them)."""

    assignment: dict[str, str]  # item id -> supplier id
    kept: set[str]  # item ids whose existing supplier keeps them
    moved: dict[str, tuple[str, str | None]]  # item id -> (old supplier, new supplier|None)
    released: list[tuple[str, str, str]]  # (supplier, item, "not_needed"|"duplicate")
    load_before: dict[str, int]
    load_after: dict[str, int]
    served_count: int
    served_weight: int
    moves: int
    objective: int  # the secondary cost of the plan (see the module docstring)
    exact: bool = True
    bonus: int = 0  # extra keep bonus that --max-changes needed


def locality(s: Supplier, it: DemandItem) -> int:
    """0 same street, 1 same district (or a city-wide supplier with no home), 2 elsewhere."""
    if s.street is not None and s.street == it.street:
        return 0
    if s.district is not None and s.district == it.district:
        return 1
    if s.street is None and s.district is None and s.reach == "city":
        return 1
    return 2


def reaches(s: Supplier, street: str | None, district: str | None) -> bool:
    """Whether ``s`` may serve an item of ``street`` and ``district`` (codes). A city-wide
    supplier reaches its city: in a one-city store (no city), everything; in a province,
    the districts and streets whose codes are under its city's (``济南市/…``), never
    another city's."""
    if s.reach == "city":
        if s.city is None:
            return True
        under = s.city + "/"
        return any(c is not None and c.startswith(under) for c in (district, street))
    if s.reach == "district":
        return s.district is not None and s.district == district
    return s.street is not None and s.street == street


def item_order(it: DemandItem) -> tuple[int, int, str]:
    """The hand-out order within a demand class: heaviest, then biggest, ties by id."""
    return (-it.weight, -it.size, it.id)


def resolve_weights(weights: Mapping[str, int] | None) -> dict[str, int]:
    """:data:`INSTRUCTOR_WEIGHTS` with ``weights`` overriding entries (checked)."""
    w = {**INSTRUCTOR_WEIGHTS, **(weights or {})}
    unknown = set(w) - set(INSTRUCTOR_WEIGHTS)
    if unknown:
        raise ValueError(f"unknown weight(s) {sorted(unknown)}; known: {list(INSTRUCTOR_WEIGHTS)}")
    if any(not isinstance(v, int) or v < 1 for v in w.values()):
        raise ValueError("权重必须是正整数 (weights must be positive integers)")
    return w
