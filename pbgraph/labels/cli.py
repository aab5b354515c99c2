"""The words only the command line shows (:mod:`pbgraph.commands`): the sheet names of its
``--format xlsx`` tables, the columns it puts together itself, and its notes.

The words of an analysis's own tables (its columns, categories and reasons) live with that
analysis's labels; these are what the commands add around them:

>>> from pbgraph.labels import pick
>>> pick(SHEETS["balance"]["streets"], "zh")
'街道缺口'
>>> pick(SHEETS["demo-sites"]["gaps"], "en")
'gaps'
"""

from __future__ import annotations

from . import Text

#: the sheet of a command's ``--format xlsx`` file, by command and by what it shows
SHEETS: dict[str, dict[str, Text]] = {
    "coverage": {
        "table": ("覆盖情况", "coverage"),
        "list": ("名单", "list"),
    },
    "balance": {
        "plan": ("安排", "plan"),
        "changes": ("调整", "changes"),
        "streets": ("街道缺口", "streets"),
        "stats": ("统计", "stats"),
    },
    "group": {
        "table": ("联合组建建议", "joint formation"),
        "groups": ("建议联合支部", "groups"),
        "members": ("编入单位", "members"),
        "uncovered": ("未能编入", "uncovered"),
        "splits": ("拆分建议", "splits"),
    },
    "progress": {
        "table": ("工作进度", "progress"),
        "flagged": ("需关注街道", "flagged"),
    },
    "demo-sites": {
        "sites": ("示范点", "sites"),
        "gaps": ("空白街道", "gaps"),
        "uncovered": ("可带动未覆盖单位", "uncovered"),
    },
    "funds": {
        "table": ("经费测算", "funds"),
    },
}

#: ``pbgraph demo-sites --show uncovered``: a row per site and uncovered organization it reaches
REACH_COLUMNS: dict[str, Text] = {
    "site": ("示范点编号", "site"),
    "site_name": ("示范点名称", "site name"),
    "credit_code": ("统一社会信用代码", "credit code"),
    "name": ("单位名称", "name"),
    "reason": ("原因", "reason"),
}

#: ``pbgraph balance --max-changes K`` when the plan moves fewer than K
MAX_CHANGES_NOT_REACHED: Text = (
    "注意：--max-changes 未取满，计划为该上限下的拉格朗日最优解",
    "note: the plan moves fewer than --max-changes; it is the Lagrangian optimum",
)

#: between a heading and what follows it on one line
COLON: Text = ("：", ": ")

#: the headers of ``pbgraph load``'s summary table (load has no --lang: the ledgers' words)
LOAD_HEADERS = ("台账类型", "读取", "导入", "合并重复", "拒绝", "跳过")

#: the lines under ``pbgraph load``'s table, in both languages at once
LOAD_LINES: dict[str, str] = {
    "duplicate": "重复的列 (duplicate column): {file}: {column}",
    "unknown": "未识别的列 (unknown column, ignored): {file}: {column}",
    "implied": "推断 (implied): {where}: {header} = {value} ← {source}",
    "by_row": "按行 (by row)",
    "notice": "提示 (notice): {where} 第{row}行: {message}",
    "more_notices": "… {n} more notices: --format json lists all",
    "rejected": "{n} rejected rows -> {path}",
}
