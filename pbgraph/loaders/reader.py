"""Read ledger files (CSV in any usual Chinese encoding, XLSX with any number of sheets) into
column tables, find the header row, and mark rows that are not data.

CSV is read by Arrow's multi-threaded reader when the file is a clean table below its header
(the usual export), and by the csv module otherwise (ragged rows). XLSX is read by calamine
(python-calamine), ten times faster than openpyxl on big sheets.

Hostile shapes are bounded, never a traceback and never quadratic:

* **Encodings**: a byte-order mark decides first (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE, as
  Excel's "Unicode text" is saved); else UTF-8, then GB18030 (which reads GBK). NUL bytes
  in a file without a BOM that is not UTF-16 stop it with a message (a binary file named
  .csv).
* **Header detection** looks at the first :data:`~.headers.HEADER_SCAN` rows only, at
  most :data:`~.headers._HEADER_CELLS` cells of each and :data:`~.headers._HEADER_CHARS`
  characters of a cell (a CSV's first :data:`~.csvread._HEAD_BYTES` bytes).
* **A cell over** :data:`CELL_LIMIT` **characters** (64 Ki; Excel itself stops at 32 767)
  is not read: its row is rejected with the reason (``cell over 64 Ki characters``) when
  the column is one pbgraph reads (a column it ignores is not looked at).
* **A row of more than** :data:`ROW_CELLS` **cells** (16 384, a spreadsheet's columns) is
  not parsed and is rejected; values beyond the header (its last named column) in a data
  row reject the row with the column they start at (a row blank within the header stays
  a blank row; an unnamed column between named ones is ignored, as before).
* **Two columns of one field** (单位名称 twice, or 单位名称 and 企业名称): the first is read,
  the other fills its empty cells and is reported with the unknown columns; a row where
  they give different values is rejected, naming both.
* **A text cell escaped for CSV** by pbgraph's writers (``'=…``, ``'+…``, ``'-…``,
  ``'@…``, see :func:`pbgraph.outputs.csv_cell`) is read without the apostrophe.
* **Workbooks**: a cell merged down several data rows fills each of them (in the merge's
  first column: a block merged over several columns gives its value to the column it is
  written in, not to neighbours under their own headers); a file that is not a workbook
  (HTML saved as .xls, a zip of other files, a damaged or truncated file, a CSV named
  .xlsx) is named as such; a sheet whose used range would exceed
  :data:`~.xlsxread._MAX_GRID` cells (a stray value in cell XFD1048576) is refused before
  it is read.

Where each part is: :mod:`.csvread` (encodings, CSV parsing, hostile rows),
:mod:`.xlsxread` (workbook sniffing, calamine, merged cells), :mod:`.headers` (the header
row), :mod:`.grid` (cells below the header -> columns, rows to skip, duplicate columns),
:mod:`.sheet` (:class:`Sheet`).

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_text("济南市两新组织台账\\n序号,单位名称,统一社会信用代码\\n1,甲公司,X\\n合计,,\\n", encoding="gb18030")
>>> sheet, = read_file(p)
>>> sheet.encoding, sheet.header_row, sheet.headers
('gb18030', 2, ['序号', '单位名称', '统一社会信用代码'])
>>> sheet.row_numbers, sheet.skip
([3, 4], [None, 'total'])
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from .csvread import ROW_CELLS, read_csv
from .grid import as_text, grid_sheet
from .headers import HEADER_SCAN
from .mapping import Mapping
from .sheet import CELL_LIMIT, Sheet
from .xlsxread import read_workbook

__all__ = ["CELL_LIMIT", "ROW_CELLS", "Sheet", "read_file"]

_as_text = as_text  # the name pbgraph.loaders.places imported before the reader was split


def read_file(
    path: str | os.PathLike[str],
    *,
    encoding: str | None = None,
    kind: str | None = None,
    mapping: Mapping | None = None,
) -> list[Sheet]:
    """Every table in ``path``: one for a CSV, one per non-empty sheet of an XLSX."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: 文件不存在 (no such file)")
    if p.is_dir():
        raise InputError(
            f"{p}: 是文件夹；请给出其中的台账文件 (is a folder; give the ledger files inside it)"
        )
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheets = [
            s
            for name, grid in read_workbook(p)
            if (s := grid_sheet(p, name, "", grid, kind, mapping))
        ]
    elif suffix in (".csv", ".txt", ".tsv"):
        s = read_csv(p, encoding, kind, mapping)
        sheets = [s] if s else []
    else:
        raise InputError(
            f"{p}: 不是 CSV 或 XLSX 文件（.csv、.xlsx）；请另存为其中一种 "
            "(not a CSV or XLSX file (.csv, .xlsx); save it as one of those)"
        )
    if not sheets:
        raise InputError(
            f"{p}: 前{HEADER_SCAN}行中找不到台账表头（应有 统一社会信用代码、单位名称 等列）；"
            f"用 pbgraph inspect {p} 查看 pbgraph 如何读取它（再用 --kind，或用 --mapping 指明"
            f"各列） (no ledger header found in the first {HEADER_SCAN} rows: expected columns "
            f"such as 统一社会信用代码, 单位名称; see how pbgraph reads it with: pbgraph inspect "
            f"{p} (then --kind, or a --mapping that names the columns))"
        )
    return sheets
