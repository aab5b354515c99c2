"""Ledger files -> validated records -> nodes and relationships in a store.

Every problem of a file is gathered before anything is reported; a rejected row goes to the
quarantine file with its reason and the other rows load. Loading the same ledgers twice
changes nothing; a newer ledger updates what changed.
"""

from __future__ import annotations

import csv
import operator
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from ..errors import InputError
from ..graphmodel.schema import NODES, RelType, rel
from ..keys import KEY_ENV, Key, default_key_path, load_key, new_key, pseudonym
from .arrays import EMPTY_STRINGS, all_different, bools, valid
from .columns import column_threads, parse_column
from .ledgers import KINDS, LOAD_ORDER, Column, LedgerKind
from .mapping import Mapping
from .places import Implied, Notice, imply
from .privacy import scrub_column, scrub_text
from .reader import Sheet, read_file
from .values import mask_name, mask_value

if TYPE_CHECKING:  # networkx comes with the store: reading a ledger needs neither
    from ..stores.base import Store

__all__ = [
    "Implied",
    "KindSummary",
    "LoadResult",
    "Notice",
    "Reject",
    "load_ledgers",
    "pseudonym",
    "validate_ledgers",
]

QUARANTINE_HEADERS = [
    "文件",
    "工作表",
    "行号",
    "列",
    "值",
    "规则",
    "原因",
    "file",
    "sheet",
    "row",
    "column",
    "value",
    "rule",
    "reason",
]


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
class LoadResult:
    summaries: dict[str, KindSummary]
    rejects: list[Reject]
    unknown_columns: list[tuple[str, str]]
    quarantine: Path | None
    counts: dict[str, int]
    implied: list[Implied] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of ``pbgraph load --format json``."""
        return {
            "kinds": {k: asdict(s) for k, s in self.summaries.items()},
            "rejected": len(self.rejects),
            "quarantine": str(self.quarantine) if self.quarantine else None,
            "unknown_columns": [{"file": f, "column": c} for f, c in self.unknown_columns],
            "implied": [asdict(i) for i in self.implied],
            "notices": [asdict(n) for n in self.notices],
            "store": self.counts,
        }


@dataclass
class _Rows:
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


def _where(store: Store) -> str:
    return str(getattr(store, "path", None) or getattr(store, "uri", None) or store)


def use_key(store: Store, key: Key | str | os.PathLike[str] | None) -> bytes:
    """The secret of the pseudonym key to load ``store`` with, checked against the key the
    store was loaded with before (its fingerprint) and recorded on the first load.

    ``key`` is a key or the path of its file; ``None`` takes the default key
    (:func:`pbgraph.keys.default_key_path`). A key file is created on first use; a store from before keys were kept apart hands its key over to that file
    when there is none yet, and keeps only the fingerprint.
    """
    legacy = store.legacy_secret()
    if not isinstance(key, Key):
        path = default_key_path() if key is None else Path(key)
        if legacy is not None and not path.exists():
            key = new_key(path, legacy)
        else:
            key = load_key(path, create=True)
    if legacy is not None:
        if legacy != key.secret:
            raise InputError(
                f"{_where(store)}: this store was written by an older pbgraph that kept its pseudonym "
                f"key inside; the key at {key.path} is another one. Move that file away (the "
                "store's key is then written there) or give --key-file with a new path"
            )
        store.drop_legacy_secret()
    fp = store.key_fingerprint()
    if fp is None:
        store.set_key_fingerprint(key.fingerprint)
    elif fp != key.fingerprint:
        raise InputError(
            f"{_where(store)} was loaded with pseudonym key {fp}, but the key at {key.path} is "
            f"{key.fingerprint}: members would get new pseudonyms. Give --key-file (or "
            f"{KEY_ENV}) with the key it was loaded with; a new key needs a new store"
        )
    return key.secret


@dataclass
class Validated:
    """Ledgers read and checked, not yet loaded: records per kind, and what was rejected.

    ``missing`` holds one message per file and sheet that lacks a required column it
    cannot imply either (``validate_ledgers(..., missing="raise")`` stops on them)."""

    records: dict[str, list[_Rows]]
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
        raise InputError(f"unknown ledger kind {kind!r}; one of: {', '.join(KINDS)}")
    if prefer not in ("first", "last"):
        raise InputError(f"prefer must be 'first' or 'last', not {prefer!r}")
    by_kind: dict[str, list[Sheet]] = defaultdict(list)
    unknown: list[tuple[str, str]] = []
    implied: list[Implied] = []
    notices: list[Notice] = []
    all_sheets: list[Sheet] = []
    lacking: list[tuple[Sheet, str]] = []
    for p in paths:
        if progress:
            progress(f"reading {p}")
        for s in read_file(p, encoding=encoding, kind=kind, mapping=mapping):
            assert s.kind is not None
            all_sheets.append(s)
            more, said = imply(s, mapping)
            implied += more
            notices += said
            have = {c.field for c in s.fields if c is not None}
            absent = [c for c in s.kind.columns if c.required and c.field not in have]
            if absent:
                lacking.append((s, _missing_message(s, absent)))
                continue
            if mapping is not None:
                _map_values(s, mapping)
            by_kind[s.kind.name].append(s)
            for h in s.extra_headers:
                if (str(s.path), h) not in unknown:  # once per file, however many sheets
                    unknown.append((str(s.path), h))
    if lacking and missing == "raise":
        raise InputError("\n".join(m for _, m in lacking))
    rejects: list[Reject] = []
    summaries: dict[str, KindSummary] = {}
    records: dict[str, list[_Rows]] = {}
    for name in LOAD_ORDER:
        if name not in by_kind:
            continue
        sheets = by_kind[name]
        summary = summaries[name] = KindSummary(name, files=sorted({str(s.path) for s in sheets}))
        records[name] = [_parse_sheet(s, summary, rejects) for s in sheets]
        _dedupe(KINDS[name], records[name], prefer, summary, rejects)
    return Validated(records, summaries, rejects, unknown, implied, notices, all_sheets, lacking)


def _missing_message(sheet: Sheet, absent: list[Column]) -> str:
    names = "、".join(c.header for c in absent)
    sets = " ".join(f"--set {c.header}=…" for c in absent)
    where = "工作表名、标题行、填报单位行、文件名" + (
        "或信用代码" if any(c.field == "district" for c in absent) else ""
    )
    return (
        f"{sheet.where}: 缺少必填列{names}，且无法从{where}推断 (required column "
        f"{', '.join(c.field for c in absent)} is missing and cannot be implied); add the "
        f"column, or give it with {sets} or a --mapping; see how pbgraph reads the file: "
        f"pbgraph inspect {sheet.path}"
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


def load_ledgers(
    paths: Sequence[str | os.PathLike[str]],
    store: Store,
    *,
    kind: str | None = None,
    encoding: str | None = None,
    prefer: str = "first",
    quarantine_dir: str | os.PathLike[str] | None = None,
    mapping: Mapping | None = None,
    progress: Callable[[str], None] | None = None,
    key: Key | str | os.PathLike[str] | None = None,
) -> LoadResult:
    """Read, validate and load ledger files into ``store``.

    Files of all kinds may be mixed; they are loaded in :data:`LOAD_ORDER` so that a
    pairing can point at an organization loaded by the same call. A combined
    organizations ledger's inline party organizations, instructors and paired units are
    built once the party-organization, instructor and member-unit ledgers of the same call
    are in (so that they are matched to them, not duplicated). With the embedded store the
    whole load is one transaction.
    """
    v = validate_ledgers(
        paths, kind=kind, encoding=encoding, prefer=prefer, mapping=mapping, progress=progress
    )
    shared = _Shared()
    quarantine = None
    with store.transaction():
        secret = use_key(store, key)
        for name, records in v.records.items():
            if name in _AFTER_INLINE and shared.inline:
                _load_inline(shared, _Context(store, secret, shared), v.notices)
            if progress:
                progress(f"loading {name}")
            _load_kind(KINDS[name], records, v.summaries[name], store, secret, v.rejects, shared)
        if shared.inline:
            _load_inline(shared, _Context(store, secret, shared), v.notices)
        if v.rejects:  # complete before the load commits: a committed load has its quarantine
            qdir = Path(quarantine_dir) if quarantine_dir else Path(".")
            quarantine = write_quarantine(v.rejects, qdir / "quarantine.csv")
    return LoadResult(
        v.summaries, v.rejects, v.unknown_columns, quarantine, store.counts(), v.implied,
        v.notices,
    )  # fmt: skip


def write_quarantine(rejects: Iterable[Reject], path: Path) -> Path:
    """Write rejected rows as CSV in UTF-8 with BOM (Excel opens it as is), atomically and
    owner-only; a value that would start a formula gets an apostrophe (pbgraph.outputs)."""
    from ..outputs import atomic_open, csv_row

    with atomic_open(path, encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(QUARANTINE_HEADERS)
        for r in rejects:
            zh, _, en = r.message.partition(" (")
            en = en[:-1] if en.endswith(")") else en
            w.writerow(
                csv_row(
                    [
                        r.file,
                        r.sheet,
                        r.row,
                        r.column,
                        r.value,
                        r.rule,
                        zh,
                        r.file,
                        r.sheet,
                        r.row,
                        r.column,
                        r.value,
                        r.rule,
                        en or zh,
                    ]
                )
            )
    return path


# -- parsing -----------------------------------------------------------------------------


def _parse_sheet(sheet: Sheet, summary: KindSummary, rejects: list[Reject]) -> _Rows:
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
    return _Rows(sheet, [c.field for _, c, _, _ in parsed], [v for _, _, v, _ in parsed], ok)


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
}


def _keys(kind: LedgerKind, rows: _Rows) -> list[Any]:
    """The record key of every row of a sheet (rows not to be loaded included)."""
    cols = [rows.column(f) for f in _KEY_FIELDS[kind.name]]
    if kind.name == "members":
        return [a or b for a, b in zip(*cols, strict=True)]
    return cols[0] if len(cols) == 1 else list(zip(*cols, strict=True))


def _unique_arrow_keys(kind: LedgerKind, batches: list[_Rows]) -> bool:
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
    batches: list[_Rows],
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
    chosen: dict[Any, tuple[_Rows, int]] = {}
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


# -- building graph rows --------------------------------------------------------------------


class _Batch:
    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.rels: dict[RelType, dict[tuple[str, str], dict[str, Any]]] = defaultdict(dict)
        self._regions: dict[tuple[str, str | None, str | None], str] = {}

    def node(self, label: str, key: str, /, **props: Any) -> str:
        row = self.nodes[label].setdefault(key, {NODES[label].key: key})
        row.update({k: v for k, v in props.items() if v is not None})
        return key

    def rel(self, r: RelType, start: str, end: str, **props: Any) -> None:
        self.rels[r][(start, end)] = {"start": start, "end": end, **props}

    def region(
        self, district: str | None, street: str | None = None, community: str | None = None
    ) -> str | None:
        """The region node of a place (creating it and its parents once per batch)."""
        if not district:
            return None
        place = (district, street or None, (community or None) if street else None)
        known = self._regions.get(place)
        if known is not None:
            return known
        key = self.node("Region", district, name=district, level="district")
        if street:
            parent, key = (
                key,
                self.node("Region", f"{district}/{street}", name=street, level="street"),
            )
            self.rel(_PART_OF_REGION_REGION, key, parent)
            if community:
                parent, key = (
                    key,
                    self.node("Region", f"{key}/{community}", name=community, level="community"),
                )
                self.rel(_PART_OF_REGION_REGION, key, parent)
        self._regions[place] = key
        return key

    def write(self, store: Store) -> None:
        for label, rows in self.nodes.items():
            store.upsert_nodes(label, list(rows.values()))
        for r, rel_rows in self.rels.items():
            store.upsert_rels(r, list(rel_rows.values()))


_AT_PLATFORM_REGION = rel("AT", "Platform", "Region")
_BASED_IN_INSTRUCTOR_REGION = rel("BASED_IN", "Instructor", "Region")
_COVERS_PARTYORG_ORGANIZATION = rel("COVERS", "PartyOrg", "Organization")
_FOR_VISITREPORT_REGION = rel("FOR", "VisitReport", "Region")
_VISITED_VISITREPORT_ORGANIZATION = rel("VISITED", "VisitReport", "Organization")
_SITE_OF_DEMOSITE_ORGANIZATION = rel("SITE_OF", "DemoSite", "Organization")
_SITE_OF_DEMOSITE_PARTYORG = rel("SITE_OF", "DemoSite", "PartyOrg")
_IN_DEMOSITE_REGION = rel("IN", "DemoSite", "Region")
_GUIDES_INSTRUCTOR_ORGANIZATION = rel("GUIDES", "Instructor", "Organization")
_GUIDES_INSTRUCTOR_PARTYORG = rel("GUIDES", "Instructor", "PartyOrg")
_HELD_IN_MEMBER_REGION = rel("HELD_IN", "Member", "Region")
_IN_BUILDING_REGION = rel("IN", "Building", "Region")
_IN_BUILDING_ORGANIZATION_BUILDING = rel("IN_BUILDING", "Organization", "Building")
_LOCATED_IN_ORGANIZATION_REGION = rel("LOCATED_IN", "Organization", "Region")
_MEMBER_OF_MEMBERUNIT_PLATFORM = rel("MEMBER_OF", "MemberUnit", "Platform")
_PAIRED_WITH_MEMBERUNIT_ORGANIZATION = rel("PAIRED_WITH", "MemberUnit", "Organization")
_PART_OF_REGION_REGION = rel("PART_OF", "Region", "Region")
_WORKS_AT_MEMBER_ORGANIZATION = rel("WORKS_AT", "Member", "Organization")
_NAME_NOISE = re.compile(r"[()（）\s]|有限责任公司$|股份有限公司$|有限公司$|公司$")


def one_line(text: str) -> str:
    """A name typed over two lines of a cell, on one line (``济南XX\\n有限公司``).

    >>> one_line("济南大观园\\n 珠宝有限公司")
    '济南大观园珠宝有限公司'
    """
    return re.sub(r"\s*[\r\n]+\s*", "", text) if "\n" in text or "\r" in text else text


def same_name(name: str) -> str:
    """A party organization's or unit's name for matching: no spaces, brackets of one width.

    >>> same_name("泉城路街道 恒隆广场（联合）党支部") == same_name("泉城路街道恒隆广场(联合)党支部")
    True
    """
    return "".join(unicodedata.normalize("NFKC", name).split())


def normalize_org_name(name: str) -> str:
    """Name of an organization for matching: no brackets, spaces or company-form suffix.

    >>> normalize_org_name("济南 恒泰（集团）有限责任公司")
    '济南恒泰集团'
    """
    return _NAME_NOISE.sub("", _NAME_NOISE.sub("", name))


def _load_kind(
    kind: LedgerKind,
    batches: list[_Rows],
    summary: KindSummary,
    store: Store,
    secret: bytes,
    rejects: list[Reject],
    shared: _Shared,
) -> None:
    batch = _Batch()
    build = _BUILDERS[kind.name]
    ctx = _Context(store, secret, shared)
    free = _free_text(kind)
    for rows in batches:
        _scrub(rows, free)
        for number, values in rows.records():
            ctx.where = (rows.sheet, number)
            problem = build(batch, values, ctx)
            if problem:
                column, value, message, *rule = problem
                col = kind.column(column)
                rejects.append(
                    Reject(
                        str(rows.sheet.path),
                        rows.sheet.sheet,
                        number,
                        col.header,
                        mask_value(col.prop, value),
                        rule[0] if rule else "reference",
                        message,
                    )
                )
                summary.rejected += 1
            else:
                summary.loaded += 1
    batch.write(store)


def _free_text(kind: LedgerKind) -> list[str]:
    """The fields of ``kind`` that hold free text (not personal data, identifiers, codes or
    choices): where an office may have typed an ID or phone number, or a person's name."""
    return [
        c.field
        for c in kind.columns
        if c.prop.type == "str" and not (c.prop.pii or c.prop.check or c.prop.choices)
        and not c.field.endswith(("id", "ids", "_orgs", "code", "codes"))
    ]  # fmt: skip


def _scrub(rows: _Rows, free: list[str]) -> None:
    """Mask ID and phone numbers in the free-text columns, and a row's own person's name
    (members', instructors' ledgers) wherever else the row repeats it."""
    for i, f in enumerate(rows.fields):
        if f in free:
            rows.columns[i] = scrub_column(rows.columns[i])
    if "name" not in rows.fields or "name" in free:
        return
    names = rows.column("name")
    for f in (f for f in rows.fields if f in free):
        cells = rows.column(f)
        for r, (name, cell) in enumerate(zip(names, cells, strict=True)):
            if name and cell and len(name) > 1 and name in cell:
                cells[r] = cell.replace(name, mask_name(name))


@dataclass
class _Inline:
    """A combined ledger's row: what it says inline besides the organization."""

    values: dict[str, Any]
    code: str
    district: str
    street: str
    sheet: Sheet
    row: int


@dataclass
class _Shared:
    """What one load carries from kind to kind: the combined rows' inline parts, and where
    the party organizations and instructors of separate ledgers are (to match them)."""

    inline: list[_Inline] = field(default_factory=list)
    party_org_places: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    instructor_places: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)


#: kinds that may point at what a combined ledger's rows create (a demo site names a joint
#: branch, a pairing ledger a unit): loaded after the inline parts
_AFTER_INLINE = ("pairings", "visits", "demo-sites")


class _Context:
    """Lookups a builder needs, fetched from the store once and only when needed."""

    def __init__(self, store: Store, secret: bytes, shared: _Shared | None = None) -> None:
        self.store, self.secret = store, secret
        self.shared = shared or _Shared()
        self.where: tuple[Sheet, int] | None = None
        self._keys: dict[str, set[str]] = {}
        self._names: dict[str, list[str]] | None = None
        self._by_name: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._values: dict[tuple[str, str], dict[str, Any]] = {}

    def value_of(self, label: str, prop: str, key: str) -> Any:
        """A stored property of one node (the whole column is fetched once)."""
        table = self._values.get((label, prop))
        if table is None:
            table = self._values[(label, prop)] = dict(self.store.key_values(label, prop))
        return table.get(key)

    def by_name(self, label: str, prop: str = "name") -> dict[str, list[str]]:
        """Keys of ``label`` by normalized ``prop`` (spaces and bracket widths ignored)."""
        table = self._by_name.get((label, prop))
        if table is None:
            table = self._by_name[(label, prop)] = defaultdict(list)
            for key, value in self.store.key_values(label, prop):
                if value:
                    table[same_name(value)].append(key)
        return table

    def has(self, label: str, key: str) -> bool:
        if label not in self._keys:
            self._keys[label] = self.store.keys(label)
        return key in self._keys[label]

    def org_by_name(self, name: str) -> list[str]:
        if self._names is None:
            self._names = defaultdict(list)
            for code, n in self.store.key_values("Organization", "name"):
                if n:
                    self._names[normalize_org_name(n)].append(code)
        return self._names.get(normalize_org_name(name), [])


_Problem = tuple[str, ...] | None  # (column field, value, message[, rule])
_MEMBER_ID = re.compile(r"M-[0-9a-f]{16}")


def _missing_org(field: str, code: str) -> tuple[str, str, str]:
    return (
        field,
        code,
        f"单位不在两新组织台账中 (no organization with credit code {code} in the store or this load)",
    )


def _unknown_orgs(ctx: _Context, v: dict[str, Any], field: str) -> _Problem:
    """The first credit code of a multi-valued column that names no organization."""
    for code in v.get(field) or []:
        if not ctx.has("Organization", code):
            return _missing_org(field, code)
    return None


def _b_org(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    total = v.get("member_total")
    if total is not None and v.get("formal_members") is None:
        # 党员人数 with 其中：预备党员: the formal members are the rest
        probationary = v.get("probationary_members") or 0
        if probationary > total:
            return (
                "probationary_members",
                str(probationary),
                f"其中预备党员({probationary})多于党员人数({total}) "
                f"(probationary members {probationary} exceed the total {total})",
                "value",
            )
        v["formal_members"] = total - probationary
    has, po_name, form = v.get("has_party_org"), v.get("party_org_name"), v.get("party_org_form")
    if has is False and (po_name or form):
        return (
            "has_party_org",
            "否",
            f"是否建立党组织为“否”，却填写了党组织（{po_name or form}） (says it has no party "
            f"organization, but names one: {po_name or form})",
            "value",
        )
    for k in ("name", "building"):
        if v.get(k):
            v[k] = one_line(v[k])
    street = b.region(v["district"], v["street"])
    assert street is not None
    if has or po_name or form or v.get("instructors") or v.get("paired_units"):
        assert ctx.where is not None
        ctx.shared.inline.append(
            _Inline(v, v["credit_code"], v["district"], v["street"], *ctx.where)
        )
    props = {
        k: v.get(k)
        for k in (
            "name",
            "kind",
            "industry",
            "employees",
            "revenue",
            "key",
            "formal_members",
            "probationary_members",
            "lat",
            "lon",
        )
    }
    code = b.node("Organization", v["credit_code"], **props)
    b.rel(_LOCATED_IN_ORGANIZATION_REGION, code, street)
    if v.get("building"):
        bid = b.node(
            "Building",
            f"{v['district']}/{v['building']}",
            name=v["building"],
            kind=v.get("building_kind"),
        )
        b.rel(_IN_BUILDING_REGION, bid, street)
        b.rel(_IN_BUILDING_ORGANIZATION_BUILDING, code, bid)
    return None


def _b_party_org(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    if problem := _unknown_orgs(ctx, v, "covered_codes"):
        return problem
    ctx.shared.party_org_places[v["id"]] = (v.get("district"), v.get("street"))
    pid = b.node(
        "PartyOrg", v["id"], **{k: v.get(k) for k in ("name", "form", "level", "status", "founded")}
    )
    for code in v.get("covered_codes") or []:
        b.rel(_COVERS_PARTYORG_ORGANIZATION, pid, code)
    return None


def _b_member(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    employer = None
    if v.get("employer_code"):
        employer = v["employer_code"]
        if not ctx.has("Organization", employer):
            return _missing_org("employer_code", employer)
    elif v.get("employer"):
        codes = ctx.org_by_name(v["employer"])
        if len(codes) > 1:
            return (
                "employer",
                v["employer"],
                f"工作单位名称对应多个单位，请填写信用代码 (employer name matches {len(codes)} organizations; add its credit code)",
            )
        if not codes:
            return (
                "employer",
                v["employer"],
                "工作单位不在两新组织台账中 (no organization of that name; check the name or add its credit code)",
            )
        employer = codes[0]
    if v.get("resident_id"):
        member = pseudonym(ctx.secret, "M", v["resident_id"])
    elif v.get("member_id") and _MEMBER_ID.fullmatch(v["member_id"]):
        member = v["member_id"]  # a ledger exported by pbgraph: pseudonyms, never IDs
    elif v.get("member_id"):
        return (
            "member_id",
            v["member_id"],
            "党员编号格式不对 (not a pbgraph member pseudonym M-…)",
            "value",
        )
    else:
        return ("resident_id", "", "缺少公民身份号码 (resident ID number is missing)", "required")
    mid = b.node(
        "Member",
        member,
        name_masked=mask_name(v.get("name") or "") or None,
        status=v["status"],
        held_by=v.get("held_by"),
        held_at=v.get("held_at"),
    )
    if employer:
        b.rel(_WORKS_AT_MEMBER_ORGANIZATION, mid, employer)
    if v.get("community"):
        region = b.region(v.get("district"), v.get("street"), v["community"])
        if region and region.count("/") == 2:
            b.rel(_HELD_IN_MEMBER_REGION, mid, region)
    return None


def _b_instructor(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    if problem := _unknown_orgs(ctx, v, "guided_codes"):
        return problem
    for pid in v.get("guided_party_orgs") or []:
        if not ctx.has("PartyOrg", pid):
            return (
                "guided_party_orgs",
                pid,
                f"党组织编号不存在 (no party organization {pid} in the store or this load)",
            )
    iid = b.node(
        "Instructor",
        v["id"],
        name_masked=mask_name(v.get("name") or "") or None,
        capacity=v.get("capacity"),
    )
    ctx.shared.instructor_places[v["id"]] = (v.get("district"), v.get("street"))
    street = b.region(v["district"], v["street"])
    assert street is not None
    b.rel(_BASED_IN_INSTRUCTOR_REGION, iid, street)
    for code in v.get("guided_codes") or []:
        b.rel(_GUIDES_INSTRUCTOR_ORGANIZATION, iid, code)
    for pid in v.get("guided_party_orgs") or []:
        b.rel(_GUIDES_INSTRUCTOR_PARTYORG, iid, pid)
    return None


def _b_platform(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    pid = b.node("Platform", v["platform_id"], name=v["platform_name"], level=v["platform_level"])
    region = b.region(v.get("district"), v.get("street"))
    if region:
        b.rel(_AT_PLATFORM_REGION, pid, region)
    uid = b.node(
        "MemberUnit",
        v["unit_id"],
        name=v["unit_name"],
        kind=v.get("unit_kind"),
        capacity=v.get("unit_capacity"),
    )
    b.rel(_MEMBER_OF_MEMBERUNIT_PLATFORM, uid, pid)
    return None


def _b_pairing(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    if not ctx.has("MemberUnit", v["unit_id"]):
        return (
            "unit_id",
            v["unit_id"],
            f"成员单位编号不存在 (no member unit {v['unit_id']}; load the platforms ledger first)",
        )
    if not ctx.has("Organization", v["paired_code"]):
        return _missing_org("paired_code", v["paired_code"])
    b.rel(_PAIRED_WITH_MEMBERUNIT_ORGANIZATION, v["unit_id"], v["paired_code"])
    return None


def _b_visit(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    if problem := _unknown_orgs(ctx, v, "visited_codes"):
        return problem
    street = b.region(v["district"], v["street"])
    assert street is not None
    vid = b.node(
        "VisitReport",
        f"{street}|{v['date'].isoformat()}",
        date=v["date"],
        visited=v.get("visited"),
        willing=v.get("willing"),
        developed=v.get("developed"),
    )
    b.rel(_FOR_VISITREPORT_REGION, vid, street)
    for code in v.get("visited_codes") or []:
        b.rel(_VISITED_VISITREPORT_ORGANIZATION, vid, code)
    return None


_SCORES = ("strong_leadership", "strong_members", "strong_role", "good_mechanisms",
           "good_support", "good_standing", "score")  # fmt: skip


def _b_demo_site(b: _Batch, v: dict[str, Any], ctx: _Context) -> _Problem:
    code, pid = v.get("credit_code"), v.get("party_org")
    if not pid and v.get("party_org_name"):
        name = v["party_org_name"]
        pid = _party_org_named(ctx, name, v["district"], v["street"])
        if pid is None:
            return (
                "party_org_name",
                name,
                f"街道内没有这个名称的党组织 (no party organization named {name} in "
                f"{v['district']}{v['street']}, in the store or this load)",
            )
    if code and not ctx.has("Organization", code):
        return _missing_org("credit_code", code)
    if pid and not ctx.has("PartyOrg", pid):
        return (
            "party_org",
            pid,
            f"党组织编号不存在 (no party organization {pid} in the store or this load)",
        )
    sid = b.node(
        "DemoSite",
        v["id"],
        name=v["name"],
        designated=v.get("designated"),
        **{k: v.get(k) for k in _SCORES},
    )
    street = b.region(v["district"], v["street"])
    assert street is not None
    b.rel(_IN_DEMOSITE_REGION, sid, street)
    if code:
        b.rel(_SITE_OF_DEMOSITE_ORGANIZATION, sid, code)
    if pid:
        b.rel(_SITE_OF_DEMOSITE_PARTYORG, sid, pid)
    return None


_BUILDERS: dict[str, Callable[[_Batch, dict[str, Any], _Context], _Problem]] = {
    "organizations": _b_org,
    "party-orgs": _b_party_org,
    "members": _b_member,
    "instructors": _b_instructor,
    "platforms": _b_platform,
    "pairings": _b_pairing,
    "visits": _b_visit,
    "demo-sites": _b_demo_site,
}


# -- a combined ledger's inline parts ---------------------------------------------------------


def party_org_id(district: str, street: str, name: str) -> str:
    """The stable id of a party organization a combined ledger names: district, street and
    its name as compared (a joint branch named on several rows of a street is one).

    >>> party_org_id("历下区", "泉城路街道", "泉城路街道 恒隆广场联合党支部")
    '历下区/泉城路街道/泉城路街道恒隆广场联合党支部'
    """
    return f"{district}/{street}/{same_name(name)}"


def _party_org_named(
    ctx: _Context, name: str, district: str | None, street: str | None
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


def _load_inline(shared: _Shared, ctx: _Context, notices: list[Notice]) -> None:
    """Build the party organizations, instructors and paired units that combined ledgers'
    rows name, matched to the separate ledgers' ones where those name them too."""
    b = _Batch()
    items, shared.inline = shared.inline, []

    def notice(it: _Inline, message: str) -> None:
        notices.append(Notice(str(it.sheet.path), it.sheet.sheet, it.row, message))

    # party organizations: one per (district, street, name as compared)
    branches: dict[str, list[_Inline]] = defaultdict(list)
    target: dict[int, tuple[RelType, str]] = {}  # what an instructor on the row guides
    for k, it in enumerate(items):
        v = it.values
        target[k] = (_GUIDES_INSTRUCTOR_ORGANIZATION, it.code)
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
        existing = _party_org_named(ctx, name, first.district, first.street)
        if existing is not None and existing != derived:
            pid = existing  # the separate party-organization ledger's
            stored = ctx.value_of("PartyOrg", "form", pid)
            if forms and stored and stored != form:
                notice(first, f"{name}在党组织台账中为{stored}，本台账为{form}；保留党组织台账的 "
                              f"(the party-organization ledger says {stored}, this ledger "
                              f"{form}; the party-organization ledger is kept)")  # fmt: skip
        else:

            def pick(field: str, rows: list[_Inline] = its) -> Any:
                return next((it.values[field] for it in rows if it.values.get(field)), None)

            b.node("PartyOrg", pid, name=name, form=form, level=pick("party_org_level"),
                   status=pick("party_org_status"), founded=pick("party_org_founded"))  # fmt: skip
        for it in its:
            b.rel(_COVERS_PARTYORG_ORGANIZATION, pid, it.code)
            target[index[id(it)]] = (_GUIDES_INSTRUCTOR_PARTYORG, pid)
    # instructors: one per person of a district (by name as written)
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
            b.rel(_BASED_IN_INSTRUCTOR_REGION, iid, street)
        for k in ks:
            r, end = target[k]
            b.rel(r, iid, end)
    # paired member units: the member-units ledger's, by name, else made from the name
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
            b.rel(_PAIRED_WITH_MEMBERUNIT_ORGANIZATION, uid, it.code)
    b.write(ctx.store)


def _instructor(
    ctx: _Context,
    masked: dict[str, list[str]],
    district: str,
    street: str,
    person: str,
    it: _Inline,
    notice: Callable[[_Inline, str], None],
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
