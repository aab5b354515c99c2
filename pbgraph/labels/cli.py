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

#: the kinds of ledger (``pbgraph load``'s summary and progress, ``--kind``'s codes)
LEDGER_KINDS: dict[str, Text] = {
    "organizations": ("两新组织台账", "organizations"),
    "party-orgs": ("党组织台账", "party organizations"),
    "members": ("党员台账", "members"),
    "instructors": ("党建指导员台账", "instructors"),
    "platforms": ("联席会议成员单位台账", "member units"),
    "pairings": ("包挂台账", "pairings"),
    "visits": ("走访报备台账", "visit reports"),
    "demo-sites": ("示范点台账", "demonstration sites"),
    "welfare": ("公益账户台账", "public-welfare accounts"),  # issue 20, helper C
    "awards": ("表彰台账", "awards"),
    "trainings": ("培训观摩台账", "trainings and study visits"),
    "leading-bodies": ("领导机构台账", "leading bodies"),  # issue 20, helper A
    "committee-units": ("两新工委委员单位台账", "work committee's member units"),
    "transfers": ("组织关系转接台账", "member-relation transfers"),  # issue 20, helper B
    "service-projects": ("党建服务项目台账", "service projects"),
    "service-needs": ("服务需求台账", "service needs"),
}

#: the headers of ``pbgraph load``'s summary table
LOAD_HEADERS: dict[str, Text] = {
    "kind": ("台账类型", "ledger"),
    "read": ("读取", "read"),
    "loaded": ("导入", "loaded"),
    "merged": ("合并重复", "merged duplicates"),
    "rejected": ("拒绝", "rejected"),
    "skipped": ("跳过", "skipped"),
}

#: the lines under ``pbgraph load``'s table
LOAD_LINES: dict[str, Text] = {
    "duplicate": ("重复的列：{file}：{column}", "duplicate column: {file}: {column}"),
    "unknown": ("未识别的列（已忽略）：{file}：{column}", "unknown column, ignored: {file}: {column}"),
    "implied": ("推断：{where}：{header} = {value} ← {source}", "implied: {where}: {header} = {value} ← {source}"),
    "by_row": ("按行", "by row"),
    "notice": ("提示：{where} 第{row}行：{message}", "notice: {where} row {row}: {message}"),
    # a notice of the whole load (a superior found in no ledger, at its end): no row
    "notice_no_row": ("提示：{where}：{message}", "notice: {where}: {message}"),
    "more_notices": ("… 另有{n}条提示：--format json 列出全部", "… {n} more notices: --format json lists all"),
    "rejected": ("{n} 行被拒绝 → {path}", "{n} rejected rows -> {path}"),
    "snapshot": ("{as_of} 覆盖快照：{total} 家两新组织，{org_covered} 家已组织覆盖",
                 "coverage snapshot {as_of}: {total} organizations, {org_covered} covered by a party organization"),
}  # fmt: skip

#: ``pbgraph load``'s progress: reading each file, then loading each kind
LOAD_PROGRESS: dict[str, Text] = {
    "reading": ("读取 {file}", "reading {file}"),
    "files": ("{done}/{all} 个文件", "{done}/{all} files"),
    "loading": ("导入 {kind}", "loading {kind}"),
    "loaded": ("已导入 {kind}", "loaded {kind}"),
}

#: the words the analyses put in a table's cells in Chinese whatever the language (a total
#: row, the city, an unknown place), and their English
CELL_WORDS: dict[str, Text] = {
    "合计": ("合计", "total"),
    "全市": ("全市", "city"),
    "(未知)": ("(未知)", "(unknown)"),
    "(不在楼宇园区)": ("(不在楼宇园区)", "(not in a building)"),
}
