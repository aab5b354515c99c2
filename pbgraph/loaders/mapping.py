"""A planner's mapping: how to read a ledger whose headers or values pbgraph does not know.

The schema's aliases are the default; a mapping only adds to them or overrides them. It is
a small TOML file (``pbgraph inspect FILE --write-mapping map.toml`` writes one to edit,
``pbgraph load FILE --mapping map.toml`` uses it)::

    [columns]                       # header as in the ledger = field (or "" to ignore it)
    "党组织情况/名称" = "party_org_name"   # a two-level header is "group/column"
    "联系人" = ""

    [values.party_org_form]         # a cell as written = the value pbgraph knows
    "兜底挂靠" = "attached"

    [set]                           # a value every row of the file takes
    "所属区县" = "历下区"

    [divisions]                     # more administrative divisions (GB/T 2260)
    "370102" = "历下区"

Fields may be named by their field name (``party_org_name``) or by their Chinese header
(``党组织名称``); ``pbgraph inspect`` lists both.

Examples
--------
>>> m = Mapping.parse('[columns]\\n"联系人" = ""\\n"单位" = "单位名称"\\n[set]\\n"所属区县" = "历下区"')
>>> from pbgraph.loaders.ledgers import KINDS
>>> k = KINDS["organizations"]
>>> resolve(k, "单位", "", m)[0].field, resolve(k, "联系人", "", m), m.fixed_for(k)
('name', (None, 'ignored'), {'district': '历下区'})
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .ledgers import Column, LedgerKind, norm_header

__all__ = ["Mapping", "resolve", "header_key"]


def header_key(header: str, group: str = "") -> str:
    """How a header is named in a mapping: ``"group/column"`` under a merged group."""
    return f"{group}/{header}" if group and group != header else header


@dataclass
class Mapping:
    """Column names, value words, fixed values and division codes a planner added."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    divisions: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def parse(cls, text: str, source: str = "") -> Mapping:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            said = str(e).replace(" (", "（")  # tomllib: "... (at line 3, column 5)"
            raise InputError(f"{source or 'mapping'}: 不是 TOML 格式的映射文件：{said} "
                             f"(not a TOML mapping: {e})") from None  # fmt: skip
        unknown = set(data) - {"columns", "values", "set", "divisions"}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise InputError(
                f"{source or 'mapping'}: 未知的表 {names}；映射文件只有 [columns]、[values.字段]、"
                f"[set] 和 [divisions] (unknown section(s) {names}; a mapping has [columns], "
                "[values.FIELD], [set] and [divisions])"
            )

        def table(name: str, value: Any) -> dict[str, str]:
            if not isinstance(value, dict) or not all(
                isinstance(v, str | int) for v in value.values()
            ):
                raise InputError(f'{source or "mapping"}: [{name}] 中每行应为 键 = "文字" '
                                 f'([{name}] must hold key = "text" lines)')  # fmt: skip
            return {str(k): str(v) for k, v in value.items()}

        values = data.get("values", {})
        if not isinstance(values, dict):
            raise InputError(f"{source or 'mapping'}: values 下应为 [values.字段] 表 "
                             "([values.FIELD] tables expected)")  # fmt: skip
        return cls(
            columns={
                norm_header(k): v for k, v in table("columns", data.get("columns", {})).items()
            },
            values={f: table(f"values.{f}", v) for f, v in values.items()},
            fixed=table("set", data.get("set", {})),
            divisions=table("divisions", data.get("divisions", {})),
            source=source,
        )

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Mapping:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8-sig")
        except OSError as e:
            raise InputError(f"{p}: 无法读取映射文件：{e.strerror} "
                             f"(cannot read the mapping: {e.strerror})") from None  # fmt: skip
        return cls.parse(text, str(p))

    def with_fixed(self, pairs: dict[str, str]) -> Mapping:
        """This mapping with ``--set`` values added (they win over the file's)."""
        return Mapping(
            dict(self.columns), dict(self.values), {**self.fixed, **pairs}, dict(self.divisions),
            self.source,
        )  # fmt: skip

    def fixed_for(self, kind: LedgerKind) -> dict[str, str]:
        """``[set]`` values as ``{field: value}`` for the columns ``kind`` has."""
        out = {}
        for name, value in self.fixed.items():
            c = field_of(kind, name)
            if c is not None:
                out[c.field] = value
        return out

    def values_for(self, kind: LedgerKind, column: Column) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, words in self.values.items():
            c = field_of(kind, name)
            if c is not None and c.field == column.field:
                out.update({norm_value(k): v for k, v in words.items()})
        return out


def norm_value(text: str) -> str:
    return norm_header(text)


def field_of(kind: LedgerKind, name: str) -> Column | None:
    """The column of ``kind`` a mapping names: by field name or by any of its headers."""
    for c in kind.columns:
        if c.field == name:
            return c
    return kind.match(name)


def resolve(
    kind: LedgerKind, header: str, group: str, mapping: Mapping | None
) -> tuple[Column | None, str]:
    """The column a header fills and how that was decided: ``schema``, ``mapping``,
    ``ignored`` (the mapping says so) or ``unknown``."""
    if mapping is not None and mapping.columns:
        for key in (header_key(header, group), header):
            target = mapping.columns.get(norm_header(key))
            if target is None:
                continue
            if target == "":
                return None, "ignored"
            c = field_of(kind, target)
            if c is None and _any_kind_has(target):
                continue  # a mapping for several kinds of ledger: not this kind's field
            if c is None:
                fields = ", ".join(c.field for c in kind.columns)
                raise InputError(
                    f"{mapping.source or 'mapping'}: 没有台账有字段 {target!r}（[columns] {key!r} = "
                    f"{target!r}）；{kind.name} 台账的字段为 {fields} ([columns] {key!r} = "
                    f"{target!r}: no ledger has such a field; {kind.name} ledgers have {fields})"
                )
            return c, "mapping"
    c = kind.match(header, group) if header else None
    return (c, "schema") if c is not None else (None, "unknown")


def _any_kind_has(name: str) -> bool:
    from .ledgers import KINDS

    return any(field_of(k, name) is not None for k in KINDS.values())


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)
