"""Ledger files -> validated records, without a store: every file read
(:mod:`pbgraph.loaders.reader`), its missing columns implied or reported, every cell parsed
column by column, each row's problems gathered, and duplicate rows merged or rejected.
What is not loaded is a :class:`Reject`, with its reason."""

from __future__ import annotations

import operator
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import InputError
from . import services as _services  # issue 20, helper B
from . import transfers as _transfers
from . import welfare_kinds as _welfare_kinds  # issue 20, helper C
from .arrays import EMPTY_STRINGS, all_different, bools, valid
from .columns import column_threads, parse_column
from .ledgers import KINDS, LOAD_ORDER, Column, LedgerKind
from .mapping import Mapping
from .places import Implied, Notice, imply, provincial, with_city
from .privacy import scrub_text
from .reader import Sheet, read_file
from .values import mask_value

__all__ = ["KindSummary", "Reject", "Rows", "Validated", "validate_ledgers"]


@dataclass
class Reject:
    """A row that was not loaded, and why (values of personal data are masked)."""

    file: str
    sheet: str
    row: int
    column: str
    value: str
    rule: str
    message: str

    def __post_init__(self) -> None:  # an ID or phone number typed anywhere stays masked
        self.value, self.message = scrub_text(self.value), scrub_text(self.message)


@dataclass
class KindSummary:
    kind: str
    files: list[str] = field(default_factory=list)
    read: int = 0
    loaded: int = 0
    merged: int = 0
    rejected: int = 0
    skipped: int = 0


@dataclass
class Rows:
    """The parsed rows of one sheet, column by column; ``ok[r]`` says whether row ``r`` is
    to be loaded (not skipped, rejected or merged away as a duplicate)."""

    sheet: Sheet
    fields: list[str]
    columns: list[list[Any] | pa.Array]  # Python values, or Arrow until they are loaded
    ok: list[bool]

    def __len__(self) -> int:
        return sum(self.ok)

    def column(self, field: str) -> list[Any]:
        """The Python values of a column (``None`` for every row if the sheet lacks it)."""
        if field not in self.fields:
            return [None] * len(self.ok)
        i = self.fields.index(field)
        c = self.columns[i]
        if isinstance(c, pa.Array):
            c = self.columns[i] = c.to_pylist()
        return c

    def values(self, r: int) -> dict[str, Any]:
        """Row ``r`` as ``{field: value}`` (empty cells are ``None``)."""
        return {f: self.column(f)[r] for f in self.fields}

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(row number, values)`` of the rows to load, in sheet order."""
        fields, numbers = self.fields, self.sheet.row_numbers
        columns = [self.column(f) for f in fields]
        rows = zip(numbers, zip(*columns, strict=True), strict=True)
        for number, row in compress(rows, self.ok):
            yield number, dict(zip(fields, row, strict=True))


@dataclass
class Validated:
    """Ledgers read and checked, not yet loaded: records per kind, and what was rejected.

    ``missing`` holds one message per file and sheet that lacks a required column it
    cannot imply either (``validate_ledgers(..., missing="raise")`` stops on them)."""

    records: dict[str, list[Rows]]
    summaries: dict[str, KindSummary]
    rejects: list[Reject]
    unknown_columns: list[tuple[str, str]]
    implied: list[Implied] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    missing: list[tuple[Sheet, str]] = field(default_factory=list)


def validate_ledgers(
    paths: Sequence[str | os.PathLike[str]],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    prefer: str = "first",
    mapping: Mapping | None = None,
    missing: str = "raise",
    progress: Callable[[str], None] | None = None,
) -> Validated:
    """Read and check ledger files without a store: every problem of every file is gathered.

    A required column a sheet neither has nor implies (:mod:`pbgraph.loaders.places`)
    stops everything before anything is loaded: one message per file and sheet
    (``missing="report"`` leaves the sheet out instead and says why in
    :attr:`Validated.missing`, for ``pbgraph inspect``). References to organizations and
    units are checked when loading, against the store.
    """
    if kind is not None and kind not in KINDS:
        raise InputError(
            f"未知的台账类型 {kind!r}，可选：{'、'.join(KINDS)} "
            f"(unknown ledger kind {kind!r}; one of: {', '.join(KINDS)})"
        )
    if prefer not in ("first", "last"):
        raise InputError(
            f"prefer 应为 'first' 或 'last'，不能是 {prefer!r} "
            f"(prefer must be 'first' or 'last', not {prefer!r})"
        )
    v = Validated({}, {}, [], [])
    by_kind: dict[str, list[Sheet]] = defaultdict(list)
    for p in paths:
        if progress:
            progress(f"reading {p}")
        for s in read_file(p, encoding=encoding, kind=kind, mapping=mapping):
            _take(s, mapping, v, by_kind)
    if v.missing and missing == "raise":
        raise InputError("\n".join(m for _, m in v.missing))
    cities = provincial(v.sheets, mapping)  # a province's ledgers: regions under cities
    for name in LOAD_ORDER:
        if name not in by_kind:
            continue
        sheets = by_kind[name]
        summary = KindSummary(name, files=sorted({str(s.path) for s in sheets}))
        v.summaries[name] = summary
        v.records[name] = [_parse_sheet(s, summary, v.rejects) for s in sheets]
        for rows in v.records[name] if cities else ():
            with_city(rows, mapping, v.implied, v.notices)
        _dedupe(KINDS[name], v.records[name], prefer, summary, v.rejects)
    return v


def _take(s: Sheet, mapping: Mapping | None, v: Validated, by_kind: dict[str, list[Sheet]]) -> None:
    """One sheet as read: its implied columns and notices, then either why it lacks a
    required column (``v.missing``) or its values mapped and the sheet filed by kind."""
    assert s.kind is not None
    v.sheets.append(s)
    more, said = imply(s, mapping)
    v.implied += more
    v.notices += said
    have = {c.field for c in s.fields if c is not None}
    absent = [c for c in s.kind.columns if c.required and c.field not in have]
    if absent:
        v.missing.append((s, _missing_message(s, absent)))
        return
    if mapping is not None:
        _map_values(s, mapping)
    by_kind[s.kind.name].append(s)
    for h in s.extra_headers:
        if (str(s.path), h) not in v.unknown_columns:  # once per file, however many sheets
            v.unknown_columns.append((str(s.path), h))


def _missing_message(sheet: Sheet, absent: list[Column]) -> str:
    names = "、".join(c.header for c in absent)
    sets = " ".join(f"--set {c.header}=…" for c in absent)
    where = "工作表名、标题行、填报单位行、文件名" + (
        "或信用代码" if any(c.field == "district" for c in absent) else ""
    )
    return (
        f"{sheet.where}: 缺少必填列{names}，且无法从{where}推断；请补上该列，或用 {sets} 或 "
        f"--mapping 给出；查看 pbgraph 如何读取此文件：pbgraph inspect {sheet.path} (required "
        f"column {', '.join(c.field for c in absent)} is missing and cannot be implied; add "
        f"the column, or give it with {sets} or a --mapping; see how pbgraph reads the file: "
        f"pbgraph inspect {sheet.path})"
    )


def _map_values(sheet: Sheet, mapping: Mapping) -> None:
    """Replace cells by the words a mapping gives for their column (``[values.FIELD]``)."""
    from .arrays import strings
    from .mapping import norm_value

    assert sheet.kind is not None
    for i, c in enumerate(sheet.fields):
        words = mapping.values_for(sheet.kind, c) if c is not None else {}
        if not words:
            continue
        col = sheet.columns[i]
        cells = col.to_pylist() if isinstance(col, pa.Array) else col
        sheet.columns[i] = strings(
            [None if v is None else words.get(norm_value(str(v)), str(v)) for v in cells]
        )


def _parse_sheet(sheet: Sheet, summary: KindSummary, rejects: list[Reject]) -> Rows:
    """Parse a sheet column by column, then gather each row's problems in column order."""
    kind = sheet.kind
    assert kind is not None
    index: list[tuple[int, Column]] = []
    for i, c in enumerate(sheet.fields):
        if c is not None and all(c.field != f.field for _, f in index):
            index.append((i, c))
    n = len(sheet.row_numbers)
    summary.read += n
    parsed = list(
        column_threads().map(
            lambda ic: (*ic, *parse_column(ic[1].prop, sheet.columns[ic[0]], lazy=True)), index
        )
    )
    skip = sheet.skip
    bad: dict[int, list[Reject]] = {}
    for i, c, values, problems in parsed:
        for r, problem in problems.items():
            if not skip[r]:
                raw = sheet.cell_text(i, r)
                bad.setdefault(r, []).append(
                    _reject(
                        sheet, sheet.row_numbers[r], sheet.headers[i], c.prop, raw, "value", problem
                    )
                )
        if c.required:
            missing = (
                "缺少必填项 (required value is missing)"
                if sheet.how[i] != "implied"
                else "台账无此列，且信用代码的区划代码不在区划表中 (the ledger has no such column "
                "and the credit code's division digits are not in the division table; use "
                "--set or a mapping's [divisions])"
            )
            for r in [r for r in _null_rows(values) if r not in problems]:
                if not skip[r]:
                    bad.setdefault(r, []).append(
                        _reject(
                            sheet,
                            sheet.row_numbers[r],
                            sheet.headers[i],
                            c.prop,
                            "",
                            "required",
                            missing,
                        )  # fmt: skip
                    )
    ok = list(map(operator.not_, skip))  # a reason to skip, or None
    n_skipped = n - sum(ok)
    summary.skipped += n_skipped
    for r in sorted(bad):
        if ok[r]:
            ok[r] = False
            rejects.extend(bad[r])
            summary.rejected += 1
    return Rows(sheet, [c.field for _, c, _, _ in parsed], [v for _, _, v, _ in parsed], ok)


def _null_rows(values: list[Any] | pa.Array) -> list[int]:
    """Rows whose value is empty (or was rejected)."""
    if isinstance(values, pa.Array):
        if not values.null_count:
            return []
        return np.flatnonzero(~valid(values)).tolist()
    if None not in values:
        return []
    return [r for r, v in enumerate(values) if v is None]


def _reject(
    sheet: Sheet, row: int, column: str, prop: Any, raw: Any, rule: str, message: str
) -> Reject:
    text = "" if raw is None else str(raw)
    return Reject(str(sheet.path), sheet.sheet, row, column, mask_value(prop, text), rule, message)


_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "organizations": ("credit_code",),
    "party-orgs": ("id",),
    "members": ("resident_id", "member_id"),  # the first that is filled
    "instructors": ("id",),
    "platforms": ("platform_id", "unit_id"),
    "pairings": ("unit_id", "paired_code"),
    "visits": ("district", "street", "date"),
    "demo-sites": ("id",),
    **_transfers.KEY_FIELDS,  # issue 20, helper B
    **_welfare_kinds.KEY_FIELDS,  # issue 20, helper C
    **_services.KEY_FIELDS,
    "leading-bodies": ("id",),  # issue 20, helper A
    "committee-units": ("body", "id"),
}


def _keys(kind: LedgerKind, rows: Rows) -> list[Any]:
    """The record key of every row of a sheet (rows not to be loaded included)."""
    cols = [rows.column(f) for f in _KEY_FIELDS[kind.name]]
    if kind.name == "members":
        return [a or b for a, b in zip(*cols, strict=True)]
    return cols[0] if len(cols) == 1 else list(zip(*cols, strict=True))


def _unique_arrow_keys(kind: LedgerKind, batches: list[Rows]) -> bool:
    """Whether a one-field key still held in Arrow is unique over the rows to load."""
    fields = _KEY_FIELDS[kind.name]
    if len(fields) != 1:
        return False
    live = []
    for b in batches:
        if fields[0] not in b.fields:
            return False
        col = b.columns[b.fields.index(fields[0])]
        if not isinstance(col, pa.Array):
            return False
        live.append(col if all(b.ok) else col.filter(bools(np.array(b.ok, dtype=bool))))
    keys = pa.concat_arrays(live) if live else EMPTY_STRINGS
    return bool(keys.null_count == 0 and all_different(keys))


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _dedupe(
    kind: LedgerKind,
    batches: list[Rows],
    prefer: str,
    summary: KindSummary,
    rejects: list[Reject],
) -> None:
    """Merge exact duplicates; report conflicting ones (the first wins unless ``prefer`` is
    ``last``). Only rows whose key occurs twice are looked at one by one."""
    if _unique_arrow_keys(kind, batches):
        return
    keys = [_keys(kind, b) for b in batches]
    live = [k for b, ks in zip(batches, keys, strict=True) for k in compress(ks, b.ok)]
    if len(set(live)) == len(live):
        return
    dup = {k for k, c in Counter(live).items() if c > 1}
    chosen: dict[Any, tuple[Rows, int]] = {}
    for b, ks in zip(batches, keys, strict=True):
        for r in [r for r, k in enumerate(ks) if k in dup and b.ok[r]]:
            k = ks[r]
            first = chosen.get(k)
            if first is None:
                chosen[k] = (b, r)
                continue
            fb, fr = first
            a, c = _filled(fb.values(fr)), _filled(b.values(r))
            if a == c:
                b.ok[r] = False
                summary.merged += 1
                continue
            (lb, lr), (wb, wr) = ((b, r), first) if prefer == "first" else (first, (b, r))
            chosen[k] = (wb, wr)
            lb.ok[lr] = False
            win, lose = wb.sheet.row_numbers[wr], lb.sheet.row_numbers[lr]
            loser = c if lb is b and lr == r else a
            other = a if loser is c else c
            diff = sorted(f for f in set(loser) | set(other) if loser.get(f) != other.get(f))
            col = kind.column(diff[0])
            rejects.append(
                Reject(
                    str(lb.sheet.path),
                    lb.sheet.sheet,
                    lose,
                    col.header,
                    mask_value(col.prop, str(loser.get(diff[0], ""))),
                    "duplicate",
                    f"与第{win}行重复且内容不同，保留第{win}行 "
                    f"(conflicting duplicate of row {win}; row {win} is kept, "
                    f"--prefer {'last' if prefer == 'first' else 'first'} keeps the other)",
                )
            )
            summary.rejected += 1
