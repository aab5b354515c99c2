"""How pbgraph will read ledger files, before anything is loaded (``pbgraph inspect``).

For every file and sheet: the header rows found, the kind, each column and the field it
fills (or unknown, with the closest names pbgraph knows), the columns it implies and where
from, a few normalized sample values (personal data masked), and what a load would reject,
counted by rule. :func:`mapping_toml` turns the same into a mapping a planner can edit.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import pyarrow as pa

from .ledgers import LedgerKind, norm_header
from .load import validate_ledgers
from .mapping import Mapping, header_key, toml_string
from .privacy import scrub_text
from .values import mask_name, mask_value, parse, split_names

__all__ = ["inspect_ledgers", "mapping_toml", "render"]

_SAMPLES = 3
_WORDS = 12  # the words of a yes/no or choice column, for the mapping's [values]


def _few_values(prop: Any) -> bool:
    return (
        prop is not None
        and not prop.many
        and bool(prop.labels or prop.choices or prop.type == "bool")
    )


def inspect_ledgers(
    paths: Sequence[str | os.PathLike[str]],
    *,
    kind: str | None = None,
    encoding: str | None = None,
    mapping: Mapping | None = None,
) -> dict[str, Any]:
    """What a load of ``paths`` would read, imply and reject (the JSON of ``inspect``)."""
    v = validate_ledgers(paths, kind=kind, encoding=encoding, mapping=mapping, missing="report")
    missing = {id(s): m for s, m in v.missing}
    sheets = []
    for s in v.sheets:
        assert s.kind is not None
        here = (str(s.path), s.sheet)
        rejected: dict[str, set[int]] = {}
        for r in v.rejects:
            if (r.file, r.sheet) == here:
                rejected.setdefault(r.rule, set()).add(r.row)
        top = s.header_row - (1 if any(s.groups) else 0)
        columns = []
        for i, (h, g, c, how) in enumerate(zip(s.headers, s.groups, s.fields, s.how, strict=True)):
            entry: dict[str, Any] = {
                "header": header_key(h, g) if how != "implied" else h,
                "field": c.field if c is not None else None,
                "field_zh": c.header if c is not None else None,
                "how": how,
                "samples": _samples(s.columns[i], s.skip, c.prop if c is not None else None),
            }
            if how == "unknown" and h:
                entry["closest"] = closest(s.kind, h)
            columns.append(entry)
        sheets.append(
            {
                "file": str(s.path),
                "sheet": s.sheet,
                "encoding": s.encoding,
                "kind": s.kind.name,
                "kind_zh": s.kind.zh,
                "header_rows": list(range(top, s.header_row + 1)),
                "preamble": s.preamble,
                "rows": sum(1 for k in s.skip if not k),
                "skipped": dict(Counter(k for k in s.skip if k)),
                "columns": columns,
                "implied": [asdict(i) for i in v.implied if (i.file, i.sheet) == here],
                "would_reject": {rule: len(rows) for rule, rows in sorted(rejected.items())},
                "missing": missing.get(id(s)),
            }
        )
    notices = [asdict(n) for n in v.notices]
    return {"sheets": sheets, "notices": notices}


def closest(kind: LedgerKind, header: str) -> list[str]:
    """The known headers nearest to an unknown one, as ``header (field)``."""
    names: dict[str, str] = {}
    for c in kind.columns:
        for n in c.names():
            names.setdefault(norm_header(n), f"{n} ({c.field})")
    near = difflib.get_close_matches(norm_header(header), list(names), n=3, cutoff=0.4)
    return [names[n] for n in near]


def _samples(col: pa.Array | list[Any], skip: list[str | None], prop: Any) -> list[str]:
    out: list[str] = []
    cells = col.to_pylist() if isinstance(col, pa.Array) else col
    for v, k in zip(cells, skip, strict=True):
        if k or v in (None, ""):
            continue
        text = str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
        text = "↵".join(line.strip() for line in text.splitlines())  # one line a sample
        if prop is not None and prop.check == "person_names":
            text = "、".join(mask_name(n) for n in split_names(text))
        elif prop is not None and prop.pii:
            text = mask_value(prop, text)
        else:
            text = scrub_text(text)
        if text not in out:
            out.append(text)
        if len(out) == (_WORDS if _few_values(prop) else _SAMPLES):
            break
    return out


#: the words of :func:`render`, ``(Chinese, English)``
WORDS: dict[str, tuple[str, str]] = {
    "head": ("  表头在第{rows}行 · {kind} · 数据行 {n}", "  header rows {rows} · {kind} · {n} data rows"),
    "skipped": (" · 跳过 {skipped}", " · skipped {skipped}"),
    "preamble": ("  表头以上：{text}", "  above the header: {text}"),
    "columns": ("  列 → 字段：", "  column → field:"),
    "mapping": (" [映射]", " [mapping]"),
    "implied_how": (" [推断]", " [implied]"),
    "ignored": ("— 不读取", "— ignored"),
    "duplicate": ("= 重复列，只补前一列的空格", "= duplicate: fills the blanks of the first"),
    "none": ("无", "none"),
    "unknown": ("? 未识别，忽略；最接近：{near}", "? unknown, ignored; closest: {near}"),
    "sample": ("   例：{sample}", "   e.g. {sample}"),
    "by_row": ("按行", "by row"),
    "implied": ("  推断：{header} = {value} ← {source}{detail}", "  implied: {header} = {value} ← {source}{detail}"),
    "missing": ("  不能导入：{missing}", "  cannot load: {missing}"),
    "would_reject": ("  将被拒绝的行，按规则：{counts}", "  rows that would be rejected, by rule: {counts}"),
    "no_reject": ("  没有将被拒绝的行", "  no row would be rejected"),
    "notice": ("提示：{where} 第{row}行：{message}", "notice: {where} row {row}: {message}"),
    "list": ("、", ", "),
}  # fmt: skip


def render(report: dict[str, Any], lang: str = "zh") -> str:
    """The inspection as text for a terminal, in ``lang`` (``zh`` or ``en``); a message the
    readers give in both languages (``中文 (English)``) is shown in ``lang``'s half."""
    from ..i18n import bilingual, using
    from ..labels import lang_index

    i = lang_index(lang)
    w = {k: v[i] for k, v in WORDS.items()}
    lines: list[str] = []
    with using(lang):
        for s in report["sheets"]:
            lines += _render_sheet(s, w, lang)
        for n in report["notices"]:
            where = f"{n['file']} [{n['sheet']}]" if n["sheet"] else n["file"]
            lines.append(w["notice"].format(where=where, row=n["row"],
                                            message=bilingual(n["message"])))  # fmt: skip
    return "\n".join(lines).rstrip() + "\n"


def _render_sheet(s: dict[str, Any], w: dict[str, str], lang: str) -> list[str]:
    from rich.cells import cell_len

    from ..i18n import bilingual

    where = f"{s['file']} [{s['sheet']}]" if s["sheet"] else s["file"]
    enc = f" ({s['encoding']})" if s["encoding"] else ""
    rows = w["list"].join(map(str, s["header_rows"]))
    skipped = w["list"].join(f"{k} {n}" for k, n in s["skipped"].items())
    kind = s["kind_zh"] if lang == "zh" else s["kind"]
    lines = [f"{where}{enc}",
             w["head"].format(rows=rows, kind=kind, n=s["rows"])
             + (w["skipped"].format(skipped=skipped) if skipped else "")]  # fmt: skip
    if s["preamble"]:
        lines.append(w["preamble"].format(text=" | ".join(s["preamble"])))
    lines.append(w["columns"])
    width = max((cell_len(c["header"]) for c in s["columns"]), default=0)
    for c in s["columns"]:
        if not c["header"]:
            continue
        if c["field"]:
            how = {"mapping": w["mapping"], "implied": w["implied_how"]}.get(c["how"], "")
            target = f"{c['field_zh'] if lang == 'zh' else c['field']}{how}"
        elif c["how"] in ("ignored", "duplicate"):
            target = w[c["how"]]
        else:
            target = w["unknown"].format(near=w["list"].join(c.get("closest") or []) or w["none"])
        sample = "；".join(c["samples"])
        pad = " " * (width - cell_len(c["header"]))
        lines.append(f"    {c['header']}{pad} → {target}"
                     + (w["sample"].format(sample=sample) if sample else ""))  # fmt: skip
    for imp in s["implied"]:
        value = imp["value"] if imp["value"] is not None else w["by_row"]
        detail = f": {bilingual(imp['detail'])}" if imp["detail"] else ""
        lines.append(w["implied"].format(header=imp["header"], value=value,
                                         source=bilingual(imp["source"]), detail=detail))  # fmt: skip
    if s["missing"]:
        lines.append(w["missing"].format(missing=bilingual(s["missing"])))
    elif s["would_reject"]:
        counts = w["list"].join(f"{rule} {n}" for rule, n in s["would_reject"].items())
        lines.append(w["would_reject"].format(counts=counts))
    else:
        lines.append(w["no_reject"])
    lines.append("")
    return lines


def mapping_toml(report: dict[str, Any]) -> str:
    """A mapping file for the inspected ledgers, to edit and give to ``load --mapping``:
    every column with the field it fills (unknown ones empty, with the closest names),
    the implied district/street when one value holds for every sheet, and the words seen
    in columns of fixed choices with what they mean."""
    out = [
        "# pbgraph 映射文件 (mapping): pbgraph load LEDGER... --mapping THIS_FILE",
        "# 读取的文件 (files): " + "、".join(sorted({s["file"] for s in report["sheets"]})),
        '# [columns]: 表头 = 字段 (field name or its Chinese header); "" = 不读取 (ignore).',
        "# 两级表头写作 组/列 (a two-level header is group/column).",
        "",
        "[columns]",
    ]
    columns, values = _toml_columns(report)
    out += columns
    out += ["", "[set]", '# 每行都取的值 (a value every row takes), e.g. "所属区县" = "历下区"']
    out += _toml_set(report)
    for f, info in values.items():
        out += [
            "",
            f"[values.{f}]",
            "# 台账中的写法 = pbgraph 的取值 (a word as written = its value)",
        ]
        out += _toml_values(info["prop"], info["words"])
    out += [
        "",
        "[divisions]",
        '# 区划代码 = 区县 (more GB/T 2260 divisions), e.g. "370102" = "历下区"',
        "",
    ]
    return "\n".join(out)


def _toml_columns(report: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The ``[columns]`` lines (each header once), and the words seen in every column of
    fixed choices, by field."""
    from .ledgers import KINDS

    out: list[str] = []
    seen: set[str] = set()
    values: dict[str, dict[str, Any]] = {}
    for s in report["sheets"]:
        kind = KINDS[s["kind"]]
        for c in s["columns"]:
            if not c["header"] or c["how"] == "implied":
                continue
            if c["field"] and _few_values(prop := kind.column(c["field"]).prop):
                values.setdefault(c["field"], {"prop": prop, "words": set()})
                values[c["field"]]["words"].update(c["samples"])
            if c["header"] not in seen:
                seen.add(c["header"])
                out.append(_toml_column(c))
    return out, values


def _toml_column(c: dict[str, Any]) -> str:
    header = toml_string(c["header"])
    if c["field"]:
        return f"{header} = {toml_string(c['field'])}"
    if c["how"] == "ignored":
        return f'{header} = ""'
    if c["how"] == "duplicate":
        return f"# {header}: 重复列 (a duplicate column)"
    near = "、".join(c.get("closest") or []) or "—"
    return f'{header} = ""  # 未识别 unknown; closest: {near}'


def _toml_set(report: dict[str, Any]) -> list[str]:
    """The ``[set]`` lines: an implied column with one value in every sheet, else a comment
    with the values by sheet."""
    by_field: dict[str, set[str | None]] = {}
    headers: dict[str, str] = {}
    for s in report["sheets"]:
        for i in s["implied"]:
            by_field.setdefault(i["field"], set()).add(i["value"])
            headers[i["field"]] = i["header"]
    out = []
    for f, vals in by_field.items():
        if f == "building_kind":
            continue
        only = next(iter(vals)) if len(vals) == 1 else None
        if only is not None:
            out.append(f"{toml_string(headers[f])} = {toml_string(only)}  # 推断 implied")
        else:
            shown = "、".join(sorted(v or "按行 (by row)" for v in vals))
            out.append(f"# {toml_string(headers[f])} = …  # 各表不同 (differs by sheet): {shown}")
    return out


def _toml_values(prop: Any, words: set[str]) -> list[str]:
    """A ``[values.FIELD]`` section's lines: each word seen and the value it reads as."""
    out = []
    for w in sorted(words):
        value, problem = parse(prop, w)
        if problem or value is None:
            out.append(f'# {toml_string(w)} = ""  # 未识别 not understood: {problem}')
        else:
            shown = "true" if value is True else "false" if value is False else str(value)
            out.append(f"{toml_string(w)} = {toml_string(shown)}")
    return out
