"""An organizations ledger's rows built a run of rows at a time: the nodes and
relationships :func:`pbgraph.loaders.build._b_org` would make of each row, column by column,
without a Python loop doing a row's work (issue 17: 500 000 rows took 4-5 s one by one).

A row that needs the full builder (it names a party organization, instructors or paired
units inline, or its member counts disagree) goes through it, in its place: the rows
between two such rows are one run, built at once. The batch ends up as the row-by-row
build leaves it, down to the order keys were first met in (``tests/unit/test_quick_rows.py``
compares them): organizations in row order, each run's streets and buildings as first
met, a building's kind the last one given (a ``None`` never overwrites a value).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import compress, repeat
from typing import Any

from .batch import (
    IN_BUILDING_ORGANIZATION_BUILDING,
    IN_BUILDING_REGION,
    LOCATED_IN_ORGANIZATION_REGION,
    NO_PROPS,
    Batch,
    Context,
)
from .names import one_line
from .validate import Rows

__all__ = ["org_rows"]

_Problem = tuple[str, ...] | None
_Builder = Callable[[Batch, dict[str, Any], Context], _Problem]

#: the fields a run reads besides the properties
_PLACE = ("credit_code", "district", "street", "member_total", "building", "building_kind")


def org_rows(
    build: _Builder,
    b: Batch,
    rows: Rows,
    ctx: Context,
    props: Sequence[str],
    inline: Sequence[str],
) -> Iterator[tuple[int, _Problem]]:
    """The rows of an organizations ledger as ``build`` makes them: ``(row number,
    problem or None)`` in row order. ``props`` are the organization's properties
    (``formal_members`` and ``probationary_members`` among them), ``inline`` the fields
    that send a row through ``build``."""
    col = rows.column
    cols = {f: col(f) for f in (*_PLACE, *props)}
    numbers = rows.sheet.row_numbers
    full = _full_rows(rows, [col(f) for f in inline], cols, props)
    start = 0
    for r in [*full, len(rows.ok)]:
        yield from _run(b, rows, cols, props, start, r)
        if r < len(rows.ok):
            ctx.where = (rows.sheet, numbers[r])
            yield numbers[r], build(b, rows.values(r), ctx)
        start = r + 1


def _full_rows(
    rows: Rows, inline: list[list[Any]], cols: dict[str, list[Any]], props: Sequence[str]
) -> list[int]:
    """The rows (to load) that go through the full builder: something inline, or more
    probationary members than members (the builder rejects the row)."""
    ok = rows.ok
    full = {r for c in inline if c.count(None) != len(c) for r, v in enumerate(c) if v and ok[r]}
    total = cols["member_total"]
    if total.count(None) != len(total):
        formal, probationary = cols["formal_members"], cols["probationary_members"]
        full.update(
            r
            for r, (t, f, p) in enumerate(zip(total, formal, probationary, strict=True))
            if ok[r] and t is not None and f is None and (p or 0) > t
        )
    return sorted(full)


def _run(
    b: Batch, rows: Rows, cols: dict[str, list[Any]], props: Sequence[str], start: int, end: int
) -> Iterator[tuple[int, _Problem]]:
    """Rows ``start:end`` (none of them for the full builder) into ``b``, at once."""
    if start >= end:
        return
    keep = rows.ok[start:end]
    whole = all(keep)

    def take(values: list[Any]) -> list[Any]:
        part = values[start:end] if start or end != len(values) else values
        return part if whole else list(compress(part, keep))

    codes, districts, streets = (
        take(cols["credit_code"]),
        take(cols["district"]),
        take(cols["street"]),
    )
    if not codes:
        return
    values = [take(cols[p]) for p in props]
    names, formal = props.index("name"), props.index("formal_members")
    values[names] = [one_line(v) if v else v for v in values[names]]
    total = take(cols["member_total"])
    if total.count(None) != len(
        total
    ):  # 党员人数 with 其中：预备党员: the formal members are the rest
        probationary = values[props.index("probationary_members")]
        values[formal] = [
            t - (p or 0) if t is not None and f is None else f
            for t, f, p in zip(total, values[formal], probationary, strict=True)
        ]
    wheres = _regions(b, districts, streets)
    b.nodes["Organization"].extend(codes, props, values)
    b.rels[LOCATED_IN_ORGANIZATION_REGION].update(
        zip(zip(codes, wheres, strict=True), repeat(NO_PROPS))
    )
    _buildings(b, codes, districts, wheres, take(cols["building"]), take(cols["building_kind"]))
    yield from zip(take(rows.sheet.row_numbers), repeat(None))


def _regions(b: Batch, districts: list[str], streets: list[str | None]) -> list[str]:
    """Each row's street region (made once per place, as first met)."""
    found: dict[tuple[str, str | None], str] = {}
    for place in zip(districts, streets, strict=True):
        if place not in found:
            where = b.region(*place)
            assert where is not None
            found[place] = where
    return list(map(found.__getitem__, zip(districts, streets, strict=True)))


def _buildings(
    b: Batch,
    codes: list[str],
    districts: list[str],
    wheres: list[str],
    buildings: list[str | None],
    kinds: list[str | None],
) -> None:
    """The buildings the rows name (each once, as first met, its last kind given), and the
    rows' relationships to them."""
    at = [i for i, v in enumerate(buildings) if v]
    if not at:
        return
    named = [one_line(str(buildings[i])) for i in at]
    bids = [f"{districts[i]}/{v}" for i, v in zip(at, named, strict=True)]
    kind: dict[str, tuple[str, str | None]] = {}
    for bid, name, i in zip(bids, named, at, strict=True):
        k = kinds[i]
        if k is not None or bid not in kind:
            kind[bid] = (name, k)
    for bid, (name, k) in kind.items():
        b.node("Building", bid, name=name, kind=k)
    b.rels[IN_BUILDING_REGION].update(
        zip(zip(bids, [wheres[i] for i in at], strict=True), repeat(NO_PROPS))
    )
    b.rels[IN_BUILDING_ORGANIZATION_BUILDING].update(
        zip(zip([codes[i] for i in at], bids, strict=True), repeat(NO_PROPS))
    )
