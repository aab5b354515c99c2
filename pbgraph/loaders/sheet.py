"""A ledger table as read: :class:`Sheet`, column by column, and the helpers its messages
share (a column's number and letters, a cell's text cut short)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .ledgers import Column, LedgerKind

__all__ = ["CELL_LIMIT", "EMPTY_FILE", "Sheet", "column_label", "cut", "letters"]

#: characters one cell may hold; a longer one is not read (Excel itself stops at 32 767)
CELL_LIMIT = 65_536
EMPTY_FILE = "{}: 文件是空的，找不到台账表头 (the file is empty, 0 bytes: no ledger header found)"


@dataclass
class Sheet:
    """One table of a ledger file, column by column.

    ``columns[i]`` holds the cells under ``headers[i]`` (``groups[i]`` is the merged group
    header above it in a two-level header, or ``""``): a normalized Arrow string array
    (CSV) or a list of raw spreadsheet values (XLSX; a :class:`~.values.BadCell` where the
    reader could not take a cell as it is). ``fields[i]`` is the column it fills (``None``
    if none) and ``how[i]`` how that was decided (``schema``, ``mapping``, ``ignored``,
    ``unknown``, ``implied``, ``duplicate``: another column of the same field is read,
    ``duplicates[i]``). ``row_numbers`` are the rows as a spreadsheet shows them; ``skip``
    says why a row is not data ('blank', 'total', 'footnote') or is ``None``.
    ``preamble`` holds the text of the rows above the header (title, 填报单位).
    """

    path: Path
    sheet: str
    headers: list[str]
    header_row: int
    columns: list[pa.Array | list[Any]]
    row_numbers: list[int]
    skip: list[str | None]
    kind: LedgerKind | None
    encoding: str = ""
    groups: list[str] = field(default_factory=list)
    fields: list[Column | None] = field(default_factory=list)
    how: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    duplicates: dict[int, int] = field(default_factory=dict)

    @property
    def extra_headers(self) -> list[str]:
        """Headers of columns nothing reads (reported once, ignored), and of columns whose
        field another column of the sheet fills (saying which is read)."""
        out = []
        for i, (h, g, how) in enumerate(zip(self.headers, self.groups, self.how, strict=True)):
            name = f"{g}/{h}" if g and g != h else h
            if how == "unknown" and h:
                out.append(name)
            elif how == "duplicate":
                j = self.duplicates[i]
                first = self.headers[j]
                at = f"[{self.sheet}] " if self.sheet else ""
                out.append(
                    f"{name} ({at}第{column_label(i)}列与第{column_label(j)}列“{first}”重复，读第{column_label(j)}列；"
                    f"此列只补其空格，两列不一致的行被拒绝 (column {column_label(i)} duplicates column "
                    f"{column_label(j)}, {first}: column {column_label(j)} is read and this one only fills "
                    "its empty cells; rows where the two differ are rejected))"
                )
        return out

    @property
    def where(self) -> str:
        """The file (and sheet) for messages."""
        return f"{self.path} [{self.sheet}]" if self.sheet else str(self.path)

    def add_column(self, header: str, column: Column, values: pa.Array, how: str) -> None:
        self.headers.append(header)
        self.groups.append("")
        self.columns.append(values)
        self.fields.append(column)
        self.how.append(how)

    def cell_text(self, col: int, i: int) -> str:
        """A cell as text (for messages; a very long one cut short)."""
        c = self.columns[col]
        v = c[i].as_py() if isinstance(c, pa.Array) else c[i]
        return "" if v is None else cut(str(v), 1000)


def letters(n: int) -> str:
    """A spreadsheet column's letters (1 is A, 28 is AB)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def column_label(i: int) -> str:
    """Column ``i`` (from 0) for messages: its number and letters (``17(Q)``)."""
    return f"{i + 1}({letters(i + 1)})"


def cut(text: str, n: int) -> str:
    return text if len(text) <= n else f"{text[:n]}…"
