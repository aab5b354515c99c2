"""Workbooks (XLSX, XLS, ODS) by calamine: each sheet's cells, a cell merged down several
rows filling each of them. A file that is not a workbook is named as what it is, and a
sheet whose used range would exceed :data:`_MAX_GRID` cells is refused before calamine
lays it out."""

from __future__ import annotations

import codecs
import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .sheet import EMPTY_FILE, letters

__all__ = ["read_workbook"]

_MAX_GRID = 64_000_000  # cells of a sheet's used range (rows x columns) calamine lays out
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an encrypted .xlsx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def read_workbook(p: Path) -> Iterator[tuple[str, list[list[Any]]]]:
    """Each sheet's cells; a cell merged down several rows fills the rows it spans (a
    street, or a joint branch, written once over its rows)."""
    from python_calamine import CalamineWorkbook

    form = _workbook_form(p)
    try:
        if (form == "ole") == (p.suffix.lower() == ".xls"):
            wb = CalamineWorkbook.from_path(str(p))
        else:  # an .xls named .xlsx or the other way (calamine goes by the name): by content
            wb = CalamineWorkbook.from_filelike(io.BytesIO(p.read_bytes()))
    except Exception as e:  # calamine raises its own error types for broken files
        raise _not_workbook(
            p, f"无法读取（{type(e).__name__}: {e}）", f"{type(e).__name__}: {e}",
            "请在 Excel 中打开并重新保存", "open and re-save it in Excel",
        ) from None  # fmt: skip
    try:
        for name in wb.sheet_names:
            try:
                sheet = wb.get_sheet_by_name(name)
                grid = sheet.to_python(skip_empty_area=False)
                merged = sheet.merged_cell_ranges or ()
            except Exception as e:
                raise InputError(
                    f"{p}: 工作表 [{name}] 无法读取（{type(e).__name__}: {e}）；请在 Excel 中打开"
                    f"并重新保存 (the sheet [{name}] cannot be read: {type(e).__name__}: {e}; "
                    "open and re-save it in Excel)"
                ) from None
            if grid:
                _fill_merged(grid, merged)
                yield name, grid
    finally:
        wb.close()


def _workbook_form(p: Path) -> str:
    """``zip`` (XLSX, ODS) or ``ole`` (XLS), from the file's first bytes; anything else (a
    web page, a text file, garbage, a zip of other files, a damaged file) stops here with
    what it is. A zip workbook is checked for a sheet too large to lay out."""
    with open(p, "rb") as f:
        head = f.read(1 << 16)
    if not head:
        raise InputError(EMPTY_FILE.format(p))
    if head.startswith(b"PK"):
        _check_zip(p)
        return "zip"
    if head.startswith(_OLE):
        if p.suffix.lower() != ".xls" and _ENCRYPTED in head:
            raise _not_workbook(
                p, "工作簿有密码保护，因而已加密", "it is password-protected, so encrypted",
                "请在 Excel 中打开，去掉密码后重新保存",
                "open it in Excel, remove the password and save it again",
            )  # fmt: skip
        return "ole"
    low = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<table" in low or b"<html" in low:
        raise _not_workbook(
            p, f"是以 {p.suffix} 为名保存的网页（HTML）文件，有些系统这样导出表格",
            f"a web page saved with an {p.suffix} name, as some systems export tables",
            "请在 Excel 中打开并另存为 .xlsx 或 CSV", "open it in Excel and save it as .xlsx, or as CSV",
        )  # fmt: skip
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in low:
        raise _not_workbook(
            p, "是 Excel 2003 XML 表格", "an Excel 2003 XML spreadsheet",
            "请在 Excel 中打开并另存为 .xlsx", "open it in Excel and save it as .xlsx",
        )  # fmt: skip
    if _looks_like_text(head):
        raise _not_workbook(
            p, f"是名为 {p.suffix} 的文本文件，可能是 CSV", f"a text file named {p.suffix}, perhaps a CSV",
            "如果是 CSV，请改名为 .csv", "if it is a CSV, rename it to .csv",
        )  # fmt: skip
    raise _not_workbook(
        p, "既不是 XLSX 也不是 XLS 文件：已损坏，或是其他类型的文件", "neither an XLSX nor an XLS "
        "file: damaged, or another kind of file", "请在 Excel 中打开并另存为 .xlsx",
        "open it in Excel and save it as .xlsx",
    )  # fmt: skip


def _not_workbook(p: Path, zh: str, en: str, hint_zh: str, hint: str) -> InputError:
    """``path: 中文 (English)``: what the file is and what to do, in both languages."""
    return InputError(
        f"{p}: {zh.replace(' (', '（')}，不是可读取的工作簿；{hint_zh} "
        f"(not a readable workbook: {en}; {hint})"
    )


def _looks_like_text(head: bytes) -> bool:
    for enc in ("utf-8", "gb18030"):
        try:
            t = codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return not any(c < " " and c not in "\t\r\n" for c in t)
    return False


def _check_zip(p: Path) -> None:
    """A zip that is a workbook, whole, with no sheet whose used range calamine would lay
    out as more than :data:`_MAX_GRID` cells (it allocates rows x columns at once: one
    stray value in XFD1048576 would ask for 17 billion cells and abort the process)."""
    try:
        with zipfile.ZipFile(p) as zf:
            names = set(zf.namelist())
            if "[Content_Types].xml" not in names and "mimetype" not in names:
                shown = ", ".join(sorted(names)[:3])
                raise _not_workbook(
                    p, f"是其他文件的压缩包：{shown or '无'}",
                    f"a zip archive of other files: {shown or 'nothing'}",
                    "请解压后导入其中的台账", "unzip it and load the ledgers inside",
                )  # fmt: skip
            for name, part in _sheet_parts(zf, names):
                rows, cols, ref = _extent(zf, part)
                if rows * cols > _MAX_GRID:
                    raise InputError(
                        f"{p}: 工作表 [{name}] 的单元格{ref}有内容，工作表因此有{rows}行×{cols}列，"
                        f"超过 {_MAX_GRID:,} 个单元格；请删除表格以外的内容后重新保存 "
                        f"(sheet [{name}]: a value in cell {ref} makes the sheet {rows:,} rows x "
                        f"{cols:,} columns, over {_MAX_GRID:,} cells; delete what lies beyond "
                        "the table and save again)"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as e:
        raise _not_workbook(
            p, f"文件不完整或已损坏：{e}", f"damaged or truncated: {e}",
            "请重新获取文件，或在 Excel 中打开后重新保存",
            "get the file again, or open it in Excel and save it again",
        ) from None  # fmt: skip


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="(?:[A-Z]+[0-9]+:)?([A-Z]+)([0-9]+)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c r="([A-Z]{1,3})([0-9]{1,7})"[^>]*>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
# a cell reference at column BJ (62) or beyond, or at row 1 000 000 or beyond
_FAR = re.compile(rb'r="(?:(?:[A-Z]{3}|[C-Z][A-Z]|B[J-Z])[0-9]|[A-Z]{1,3}[0-9]{7})')


def _sheet_parts(zf: zipfile.ZipFile, names: set[str]) -> list[tuple[str, str]]:
    """(sheet name, part) of each worksheet of an XLSX."""
    try:
        book, rels = zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        book = rels = b""
    targets = {}
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rel = dict(_ATTR.findall(m.group(0)))
        targets[rel.get(b"Id")] = rel.get(b"Target", b"").decode("utf-8", "replace")
    out = []
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        attrs = _ATTR.findall(m.group(0))
        name = next((v for k, v in attrs if k == b"name"), b"").decode("utf-8", "replace")
        rid = next((v for k, v in attrs if k.endswith(b":id")), None)
        target = targets.get(rid, "")
        part = posixpath.normpath(target[1:] if target.startswith("/") else "xl/" + target)
        if part in names:
            out.append((html.unescape(name), part))
    if not out:
        out = [(n, n) for n in sorted(names) if n.startswith("xl/worksheets/")]
    return out


def _extent(zf: zipfile.ZipFile, part: str) -> tuple[int, int, str]:
    """Rows and columns of a worksheet's used range as calamine lays it out (from A1), and
    its last cell: from the ``<dimension>`` Excel writes at the top when that is small;
    else, read as a stream, from the cells that hold a value (a styled empty cell counts in
    the dimension but not for calamine) when one lies far (column BJ or beyond, row
    1 000 000 or beyond: only then can rows x columns exceed :data:`_MAX_GRID`)."""
    with zf.open(part) as f:
        top = f.read(4096)
    m = _DIMENSION.search(top)
    if m:
        rows, cols = int(m.group(2)), _col_number(m.group(1))
        if rows * cols <= _MAX_GRID:
            return rows, cols, f"{m.group(1).decode()}{rows}"
    with zf.open(part) as f:
        last = b""
        while chunk := f.read(1 << 22):
            buf = last + chunk
            if _FAR.search(buf):
                break
            last = buf[-32:]  # a reference cut in two is whole in the next round
        else:
            return 0, 0, ""  # nothing far: small enough whatever the rows
    rows = cols = 0
    last = b""
    with zf.open(part) as f:
        while chunk := f.read(1 << 22):
            buf = last + chunk
            for m in _CELL_REF.finditer(buf):
                if m.group(0).endswith(b"/>") or buf.startswith(b"</c>", m.end()):
                    continue  # no value
                rows = max(rows, int(m.group(2)))
                cols = max(cols, _col_number(m.group(1)))
            last = buf[-256:]  # a tag cut in two is whole in the next round
    return rows, cols, f"{letters(cols)}{rows}"


def _col_number(letters: bytes) -> int:
    n = 0
    for b in letters:
        n = n * 26 + b - 64
    return n


def _fill_merged(grid: list[list[Any]], ranges: Any) -> None:
    """A value merged down several rows fills each of them, in the merge's first column: a
    merge over several columns gives its value to the column it is written in only (its
    neighbours have headers of their own). A merge along one row (a title, a group header,
    a footnote) leaves the other cells empty: the header reader knows a group by the
    empty cells beside it."""
    for (r0, c0), (r1, _c1) in ranges:
        if r1 <= r0 or r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        if value in (None, ""):
            continue
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and grid[r][c0] in (None, ""):
                grid[r][c0] = value
