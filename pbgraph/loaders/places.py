"""Columns a ledger implies rather than writes: the district and street of a district's or a
street's own ledger, and the kind of place its 所在商圈/所在市场 column names.

A district office's ledger has no 所属区县 column (the district is in its title, its
填报单位 row and every credit code), a street's workbook often has a sheet per street and
no 所属街道 column. The value is taken, in this order, from

1. an explicit value (``--set 所属区县=历下区`` or a mapping's ``[set]``),
2. the sheet's name (``泉城路街道``),
3. the title and 填报单位 rows above the header (``济南市历下区…台账``,
   ``填报单位：历下区委两新工委``),
4. the file's name,
5. for the district only, each row's credit code: characters 3–8 are the administrative
   division of the registering authority (GB/T 2260; ``370102`` is 历下区). The table
   shipped is ``pbgraph/data/divisions.csv`` (Jinan); a mapping's ``[divisions]`` adds
   more. A code is a strong hint, not a proof (a firm may move): where a title and the
   codes disagree, the title's value is used and the disagreement reported.

Examples
--------
>>> district_in("济南市历下区“两新”组织党建工作台账", known_districts())
'历下区'
>>> street_in("市中区大观园街道“两新”组织党建工作统计表")
'大观园街道'
>>> division_names()["370103"]
'市中区'
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import strings, truth, valid
from .grid import as_text
from .ledgers import Column
from .mapping import Mapping
from .sheet import Sheet

__all__ = [
    "Implied",
    "Notice",
    "city_in",
    "district_in",
    "division_names",
    "division_table",
    "imply",
    "known_cities",
    "known_districts",
    "provincial",
    "street_in",
    "with_city",
]

_CJK = "\u4e00-\u9fff"
_CITY = re.compile(rf"[{_CJK}]{{2,3}}市(?=[{_CJK}]{{1,4}}[区县])")
_DISTRICT = re.compile(rf"([{_CJK}]{{1,4}}?[区县])")
_NOT_DISTRICT = ("社区", "园区", "小区", "片区", "景区", "校区", "商区", "街区", "辖区", "城区")
_STREET = re.compile(rf"([{_CJK}]{{2,8}}?(?:街道|镇|乡))")
_BUILDING_KINDS = (("商圈", "商圈"), ("市场", "市场"), ("园区", "园区"), ("楼宇", "楼宇"))

SOURCES = {
    "set": "选项或映射文件 (--set or mapping)",
    "sheet": "工作表名 (sheet name)",
    "title": "标题行 (title row)",
    "unit": "填报单位行 (填报单位 row)",
    "file": "文件名 (file name)",
    "codes": "信用代码区划代码 (credit codes' division digits)",
    "header": "表头 (header)",
    "district": "区县名称 (district name)",
}


@dataclass
class Implied:
    """A column a sheet implies: its value (``None`` when it varies by row) and source."""

    file: str
    sheet: str
    field: str
    header: str
    value: str | None
    source: str
    rows: int
    detail: str = ""


@dataclass
class Notice:
    """Something a load reports without rejecting a row (a disagreement, a guess made
    visible); ``row`` is 0 when it is about the whole sheet."""

    file: str
    sheet: str
    row: int
    message: str


@functools.cache
def division_table() -> dict[str, tuple[str, str]]:
    """The shipped division table: code -> (name, the city it is in; ``""`` for a city)."""
    with resources.files("pbgraph").joinpath("data/divisions.csv").open(encoding="utf-8") as f:
        return {r["区划代码"]: (r["名称"], r["上级"] or "") for r in csv.DictReader(f)}


@functools.cache
def _table() -> dict[str, str]:
    return {code: name for code, (name, _) in division_table().items()}


def division_names(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Division code -> name: the shipped table and a mapping's ``[divisions]``."""
    return {**_table(), **(extra or {})}


def known_districts(extra: dict[str, str] | None = None) -> list[str]:
    """District and county names of the table, longest first (for searching text)."""
    names = {n for code, n in division_names(extra).items() if not code.endswith("00")}
    return sorted(names, key=lambda n: (-len(n), n))


def district_in(text: str, known: list[str]) -> str | None:
    """The district a text names: a known one, else the first ``…区``/``…县`` after any
    city name (``济南市``); ``None`` if none or if it names two known districts."""
    found = {n for n in known if n in text}
    if len(found) == 1:
        return found.pop()
    if found:
        return None
    for m in _DISTRICT.finditer(_CITY.sub("", text)):
        name = m.group(1)
        if not name.endswith(_NOT_DISTRICT) and len(name) >= 2:
            return name
    return None


def street_in(text: str, known: list[str] | None = None) -> str | None:
    """The first street, town or township a text names (``大观园街道``, ``仲宫镇``),
    after any city or district name."""
    rest = _CITY.sub("", text)
    for n in known if known is not None else known_districts():
        rest = rest.replace(n, "|")
    for m in _STREET.finditer(rest):
        name = re.split("[区县]", m.group(1))[-1]  # 高新区舜华路街道 -> 舜华路街道
        if len(name) >= 3:
            return name
    return None


def imply(sheet: Sheet, mapping: Mapping | None) -> tuple[list[Implied], list[Notice]]:
    """Add the columns the sheet implies (district, street, building kind) to it; return
    where each came from and what disagreed. Columns it neither has nor implies are left
    for the caller to report."""
    kind = sheet.kind
    assert kind is not None
    have = {c.field for c in sheet.fields if c is not None}
    fixed = mapping.fixed_for(kind) if mapping else {}
    divisions = mapping.divisions if mapping else {}
    known = known_districts(divisions)
    implied: list[Implied] = []
    notices: list[Notice] = []
    n = len(sheet.row_numbers)
    texts = _texts(sheet)

    def add(column: Column, value: str | None, src: str, detail: str, values: Any = None) -> None:
        arr = values if values is not None else strings([value] * n)
        sheet.add_column(column.header, column, arr, "implied")
        data = np.array([not k for k in sheet.skip], dtype=bool)
        rows = int(data.sum() if values is None else (valid(values) & data).sum())
        implied.append(
            Implied(
                str(sheet.path),
                sheet.sheet,
                column.field,
                column.header,
                value,
                SOURCES[src],
                rows,
                detail,
            )  # fmt: skip
        )

    names = {c.field: c for c in kind.columns}
    if "district" in names and "district" not in have:
        found = _first(fixed.get("district"), texts, lambda t: district_in(t, known))
        codes = _code_districts(sheet, divisions)
        if found:
            district, src, detail = found
            add(names["district"], district, src, detail)
            if codes is not None:
                _disagreements(sheet, codes, district, SOURCES[src], notices)
        elif codes is not None and valid(codes).any():
            add(names["district"], None, "codes", _code_detail(codes), codes)
    if "street" in names and "street" not in have:
        found = _first(fixed.get("street"), texts, lambda t: street_in(t, known))
        if found:
            value, src, detail = found
            add(names["street"], value, src, detail)
    if "building_kind" in names and "building_kind" not in have and "building" in have:
        by_header = _building_kind(sheet)
        if by_header:
            word, header, kinds = by_header
            add(names["building_kind"], word, "header", header, kinds)
    for f, value in fixed.items():  # --set for other columns the sheet lacks
        if f not in have and f not in {i.field for i in implied} and f in names:
            add(names[f], value, "set", mapping.source if mapping else "")
    return implied, notices


def _building_kind(sheet: Sheet) -> tuple[str, str, Any] | None:
    """The building kind the building column's header names (所在商圈: 商圈), its header,
    and the kind for every row with a building; None when the header names none or two
    (所在楼宇（园区）)."""
    i = next(i for i, c in enumerate(sheet.fields) if c is not None and c.field == "building")
    header = sheet.headers[i]
    words = [k for w, k in _BUILDING_KINDS if w in header]
    if len(words) != 1:
        return None
    word = words[0]
    cells = sheet.columns[i]
    arr = cells if isinstance(cells, pa.Array) else as_text(cells)
    return word, header, pc.if_else(pc.is_valid(arr), strings([word])[0], strings([None])[0])


def _texts(sheet: Sheet) -> list[tuple[str, str, str]]:
    """(source, detail, text) to look for places in, in order of trust."""
    out = [("sheet", sheet.sheet, sheet.sheet)] if sheet.sheet else []
    for line in sheet.preamble:
        if "填报单位" in line:
            text = line.split("填报单位", 1)[1].lstrip(":： ").split("填报")[0]
            out.append(("unit", line, text))
        elif not line.startswith(("填报日期", "制表", "单位：", "单位:")):
            out.append(("title", line, line))
    out.sort(key=lambda t: ("sheet", "title", "unit").index(t[0]))
    out.append(("file", sheet.path.name, sheet.path.stem))
    return out


def _first(
    fixed: str | None, texts: list[tuple[str, str, str]], find: Any
) -> tuple[str, str, str] | None:
    if fixed:
        return fixed, "set", ""
    for src, detail, text in texts:
        value = find(text)
        if value:
            return value, src, detail
    return None


def _code_districts(sheet: Sheet, divisions: dict[str, str]) -> pa.Array | None:
    """Each row's district by its credit code's division digits (null where unknown)."""
    i = next(
        (i for i, c in enumerate(sheet.fields) if c is not None and c.field == "credit_code"),
        None,
    )
    if i is None:
        return None
    cells = sheet.columns[i]
    arr = cells if isinstance(cells, pa.Array) else as_text(cells)
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    table = division_names(divisions)
    codes = strings(list(table))
    digits = pc.utf8_slice_codeunits(pc.utf8_upper(arr), 2, 8)
    return pc.take(strings(list(table.values())), pc.index_in(digits, value_set=codes))


def _code_detail(codes: pa.Array) -> str:
    counts = pc.value_counts(codes.drop_null()).to_pylist()
    return "、".join(f"{c['values']} {c['counts']}" for c in counts)


def _disagreements(
    sheet: Sheet, codes: pa.Array, value: str, source: str, notices: list[Notice]
) -> None:
    ok = valid(codes)
    other = ok & truth(pc.not_equal(codes, strings([value])[0]))
    rows = [r for r in np.flatnonzero(other).tolist() if not sheet.skip[r]]
    if not rows:
        return
    first = rows[0]
    example = codes[first].as_py()
    notices.append(
        Notice(
            str(sheet.path),
            sheet.sheet,
            sheet.row_numbers[first],
            f"{len(rows)}行的信用代码区划为其他区县（如第{sheet.row_numbers[first]}行：{example}），"
            f"按{source}取{value} ({len(rows)} rows' credit codes were registered in "
            f"another district, e.g. row {sheet.row_numbers[first]}: {example}; the district "
            f"is taken from the {source.split(' (')[-1].rstrip(')')}: {value})",
        )
    )


# -- cities (issue 19): a province's ledgers, docs/ledgers.md#cities -------------------------


def known_cities(extra: dict[str, str] | None = None) -> dict[str, str]:
    """District or county name -> its city, for names of one city only (``历下区`` ->
    ``济南市``; not ``市中区``, which 济南 and 枣庄 both have), and each city -> itself."""
    parents: dict[str, set[str]] = {}
    for name, parent in division_table().values():
        parents.setdefault(name, set()).add(parent or name)
    for code, name in (extra or {}).items():  # a mapping's [divisions]: its codes tell
        city = division_table().get(code[:4] + "00", ("", ""))[0]
        if city:
            parents.setdefault(name, set()).add(city)
    return {n: next(iter(cs)) for n, cs in parents.items() if len(cs) == 1}


def _cities() -> list[str]:
    return sorted({p for _, p in division_table().values() if p}, key=lambda n: (-len(n), n))


def city_in(text: str) -> str | None:
    """The one city of the division table a text names (``枣庄市市中区…台账``), else ``None``."""
    found = {c for c in _cities() if c in text}
    return found.pop() if len(found) == 1 else None


def _city_hint(sheet: Sheet, fixed: dict[str, str]) -> tuple[str, str, str] | None:
    """The city a sheet names for all its rows: (city, source, detail), from ``--set`` or a
    mapping's ``[set]``, the sheet's name, title and 填报单位 rows, the file's name or the
    names of the two folders above it (a province's ``370400_枣庄市/``)."""
    texts = _texts(sheet)
    texts += [("file", str(sheet.path.parent), d) for d in sheet.path.parent.parts[-2:][::-1]]
    return _first(fixed.get("city"), texts, city_in)


def provincial(sheets: list[Sheet], mapping: Mapping | None) -> bool:
    """Whether a load's regions get a city level: some sheet has a 所属城市 column (or
    ``--set 所属城市=…``), or the sheets name two cities or more. A one-city load with no
    city column stays as before: ``历下区/泉城路街道``, not ``济南市/历下区/…``."""
    named: set[str] = set()
    for s in sheets:
        fixed = mapping.fixed_for(s.kind) if mapping and s.kind else {}
        if "city" in fixed or any(
            c is not None and c.field == "city" and _filled(col)
            for c, col in zip(s.fields, s.columns, strict=True)
        ):
            return True
        hint = _city_hint(s, fixed)
        if hint:
            named.add(hint[0])
    return len(named) > 1


def _filled(cells: Any) -> bool:
    """Whether a column has a value (an exported ledger's 所属城市 may be empty)."""
    if isinstance(cells, pa.Array):
        return bool(pc.any(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(
            cells.cast(pa.string()))), 0)).as_py() or False)  # fmt: skip
    return any(str(v).strip() for v in cells if v is not None)


def with_city(
    rows: Any, mapping: Mapping | None, implied: list[Implied], notices: list[Notice]
) -> None:
    """Give a parsed sheet's rows (:class:`~.validate.Rows`) their city, in a provincial
    load: the 所属城市 column, else the sheet's city (:func:`_city_hint`), else the row's
    credit code's division, else its district's name where one city alone has it. The
    district becomes ``城市/区县`` (``枣庄市/市中区``; a platform of the city with no district:
    ``枣庄市/``), whence the region codes ``枣庄市/市中区/…街道``; the city is kept in the
    ``city`` column (an organization's property). Rows with no city found keep their
    district alone, in a notice."""
    sheet = rows.sheet
    if not any(f in rows.fields for f in ("district", "city")) or sheet.kind is None:
        return
    if "district" not in {c.field for c in sheet.kind.columns}:
        return
    fixed = mapping.fixed_for(sheet.kind) if mapping else {}
    table, names = division_table(), known_cities(mapping.divisions if mapping else None)
    hint = _city_hint(sheet, fixed)
    given = rows.column("city")
    codes = rows.column("credit_code") if "credit_code" in rows.fields else [None] * len(given)
    districts = list(rows.column("district"))
    cities: list[str | None] = []
    sources: dict[str, int] = {}
    for r, (city, code, district) in enumerate(zip(given, codes, districts, strict=True)):
        src = "column"
        if district and not city:  # 枣庄市市中区 written whole in the district's column
            city = next((c for c in _cities() if district.startswith(c) and district != c), None)
            if city:
                districts[r] = district = district.removeprefix(city)
        if not city and hint:
            city, src = hint[0], hint[1]
        if not city and code and len(code) >= 8:
            name, parent = table.get(code[2:8].upper(), ("", ""))
            city, src = parent or name or None, "codes"
        if not city and district:
            city, src = names.get(district), "district"
        cities.append(city)
        if city and rows.ok[r]:
            sources[src] = sources.get(src, 0) + 1
        if city and district:
            districts[r] = f"{city}/{district}"
        elif city and sheet.kind.name == "platforms":
            districts[r] = f"{city}/"
    _set_column(rows, "district", districts)
    _set_column(rows, "city", cities)
    _report_cities(rows, hint, sources, cities, implied, notices)


def _set_column(rows: Any, field: str, values: list[Any]) -> None:
    if field in rows.fields:
        rows.columns[rows.fields.index(field)] = values
    else:
        rows.fields.append(field)
        rows.columns.append(values)


def _report_cities(
    rows: Any,
    hint: tuple[str, str, str] | None,
    sources: dict[str, int],
    cities: list[str | None],
    implied: list[Implied],
    notices: list[Notice],
) -> None:
    """The city's :class:`Implied` entry (where it came from other than a column) and a
    :class:`Notice` of the rows left with no city."""
    sheet = rows.sheet
    other = {s: n for s, n in sources.items() if s != "column"}
    if other:
        src = max(other, key=lambda s: (other[s], s))
        found = {c for c, ok in zip(cities, rows.ok, strict=True) if ok and c}
        value = found.pop() if len(found) == 1 else None
        detail = hint[2] if hint and src == hint[1] else ""
        implied.append(
            Implied(
                str(sheet.path),
                sheet.sheet,
                "city",
                "所属城市",
                value,
                SOURCES[src],
                sum(other.values()),
                detail,
            )  # fmt: skip
        )
    missing = [r for r, (c, ok) in enumerate(zip(cities, rows.ok, strict=True)) if ok and not c]
    if missing:
        n, first = len(missing), sheet.row_numbers[missing[0]]
        notices.append(
            Notice(
                str(sheet.path),
                sheet.sheet,
                first,
                f"{n}行无法确定所属城市（如第{first}行），其区县按无城市处理；请补所属城市列或用 "
                f"--set 所属城市=… ({n} rows name no city, e.g. row {first}: their district is "
                "taken without a city; add a 所属城市 column or give --set 所属城市=…)",
            )
        )
