"""The Chinese of every message the command line shows: ``MESSAGES[English] = Chinese``.

The keys are the English texts in the code (gettext's message ids): click's own words, the
commands' help (a docstring cleaned by :func:`inspect.cleandoc`, an option's ``help=``),
errors and notices. ``str.format`` fields (``{path}``) are the same in both.
``tests/unit/test_i18n.py`` checks that every help text and every message id in the code
has its entry here, with the same fields, and no entry is left over.
"""

from __future__ import annotations

# fmt: off
MESSAGES: dict[str, str] = {
    # -- click's own words ------------------------------------------------------------------
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "Error: {message}": "错误：{message}",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",  # click: _(extra["required"])
    "env var: {var}": "环境变量：{var}",
    "Aborted!": "已中止！",
    "Missing argument": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值。可用的值：{states}",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Value must be an iterable.": "值必须可迭代。",
    "unknown error": "未知错误",
    # -- the command line's own messages ----------------------------------------------------
    " (see `{where} --help`)": "（见 `{where} --help`）",
    "interrupted": "已中断",
    "the config file": "配置文件",
    "the default": "默认值",
    "no pbgraph store in {where} (from {how}): give the folder of one with --store DIR, "
    "or load ledgers first: pbgraph load LEDGER... --store {store}":
        "{where} 没有 pbgraph 数据库（位置来自{how}）：用 --store 文件夹 指定数据库所在的文件夹，"
        "或先导入台账：pbgraph load 台账文件... --store {store}",
    "the store {where} (from {how}) holds no organizations: load ledgers into it first: "
    "pbgraph load LEDGER... --store {store}":
        "数据库 {where}（位置来自{how}）中没有两新组织：请先导入台账：pbgraph load 台账文件... "
        "--store {store}",
    "--format {fmt} contradicts --out {out} (a {ext} file is written as --format {implied}): "
    "drop --format or change the extension":
        "--format {fmt} 与 --out {out} 矛盾（{ext} 文件应为 --format {implied}）：去掉 --format "
        "或改用相应的扩展名",
    "--out {out}: pbgraph writes .xlsx, .csv, .json or .txt (a table); give one of these "
    "extensions or --format":
        "--out {out}：pbgraph 只写 .xlsx、.csv、.json 或 .txt（文本表格）文件；请使用其中一种"
        "扩展名，或指定 --format",
    "--format xlsx needs --out FILE.xlsx": "--format xlsx 需要 --out 文件.xlsx",
    "--columns: no column {names}; the columns: {known}":
        "--columns：没有列 {names}；可选的列：{known}",
    "--district and --street filter a list: give --list CATEGORY (or --by street for every "
    "street's row)":
        "--district 和 --street 用于筛选名单：请同时给出 --list 类别（或用 --by street 查看各街道）",
    "--district and --street filter a list: give --list":
        "--district 和 --street 用于筛选名单：请同时给出 --list",
    "give either --store or --neo4j, not both": "--store 和 --neo4j 只能给一个",
    "{value!r} is not a date (YYYY-MM-DD)": "{value!r} 不是日期（YYYY-MM-DD）",
    "--set {item!r}: write COLUMN=VALUE, e.g. --set 所属区县=历下区":
        "--set {item!r}：应写作 列名=值，如 --set 所属区县=历下区",
    "{value!r}: give instructors or pairings": "{value!r}：应为 instructors（指导员）或 pairings（包挂）",
    "--max-changes needs --keep-existing (a --replan moves what it moves)":
        "--max-changes 需要 --keep-existing（--replan 会按需调整全部安排）",
    "--scope is for instructors; a member unit reaches its platform's area":
        "--scope 只用于指导员；成员单位的范围为其联席会议所辖区域",
    "written back as run {run_id}": "已写回，运行编号 {run_id}",
    "--compare: {reason}": "--compare：{reason}",
    "Generated {n} ledgers in {folder}": "已在 {folder} 生成 {n} 份台账",
    "Loaded {nodes} nodes and {rels} relationships into {store}":
        "已把 {nodes} 个节点、{rels} 条关系导入 {store}",
    "Report: {path}": "报告：{path}",
    "Workbook: {path}": "工作簿：{path}",
    "Charts: {n} PNG files in {folder}": "图表：{n} 个 PNG 文件，在 {folder}",
    "Next: pbgraph coverage --store {store} --by street": "下一步：pbgraph coverage --store {store} --by street",
    "--scale must be small, city or a number, not {scale!r}":
        "--scale 应为 small、city 或一个数字，不能是 {scale!r}",
    "--scale must be at least 1": "--scale 至少为 1",
    "generating a city of {n} organizations": "正在生成有 {n} 家单位的城市",
    "running the analyses": "正在运行各项分析",
    "--prefer takes building and/or industry, comma-separated (e.g. building,industry), not {value!r}":
        "--prefer 取 building 和/或 industry，用逗号分隔（如 building,industry），不能是 {value!r}",
    "--max-members must be at least --min-members": "--max-members 不能小于 --min-members",
    "no organizations in the store: load ledgers first (pbgraph load LEDGER...)":
        "数据库中没有两新组织：请先导入台账（pbgraph load 台账文件...）",
    "mapping -> {path}": "映射文件 → {path}",
    "{path}  fingerprint {fingerprint}": "{path}  指纹 {fingerprint}",
    "{store}: loaded with this key": "{store}：用此密钥导入",
    "{store} was loaded with key {fp}, not with this one": "{store} 是用密钥 {fp} 导入的，不是这把密钥",
    "{store} has not been loaded with any key yet": "{store} 尚未用任何密钥导入",
    "stopped": "已停止",
    "not running": "未运行",
    ", heap {heap}, page cache {cache}": "，堆内存 {heap}，页缓存 {cache}",
    "running {uri} (pid {pid}{memory})": "运行中 {uri}（进程 {pid}{memory}）",
    "Neo4j Browser: {url} (user neo4j and the password)":
        "Neo4j Browser：{url}（用户 neo4j，密码即启动时所给）",
    "preparing Neo4j's launcher": "正在准备 Neo4j 启动器",
    "building Neo4j's launcher with Maven (the first time, it fetches Neo4j's jars from Maven Central: about 90 s)":
        "正在用 Maven 构建 Neo4j 启动器（首次会从 Maven Central 下载 Neo4j 的 jar 包：约 90 秒）",
    "fetching Neo4j's jars from Maven Central: {jars} so far":
        "正在从 Maven Central 下载 Neo4j 的 jar 包：已下载 {jars} 个",
    "starting Neo4j (heap {heap}, page cache {cache})": "正在启动 Neo4j（堆内存 {heap}，页缓存 {cache}）",
    "waiting for Bolt on {uri}": "正在等待 {uri} 上的 Bolt 应答",
    "Neo4j already runs on {uri}": "Neo4j 已在 {uri} 上运行",
    "Neo4j answers on {uri}": "Neo4j 已在 {uri} 上应答",
    "{message} ({seconds} s)": "{message}（{seconds} 秒）",
    "charts: {a}, {b}": "图表：{a}、{b}",
    "chart: {path}": "图表：{path}",
    # -- the config file ------------------------------------------------------------------
    "{path}: cannot read the config file: {reason}": "{path}：无法读取配置文件：{reason}",
    "{path}: not valid TOML: {reason}": "{path}：不是有效的 TOML：{reason}",
    "{path}: unknown setting(s): {keys} (a setting is an option's name, e.g. min-members, at "
    "the top or in a command's table, e.g. [coverage]; `pbgraph config` lists them)":
        "{path}：未知设置 {keys}（设置名即选项名，如 min-members，写在文件顶层或命令的表中，"
        "如 [coverage]；`pbgraph config` 列出全部设置）",
    "{path}: {key} = {value!r}: {reason}": "{path}：{key} = {value!r}：{reason}",
    "--lang / PBGRAPH_LANG must be zh or en, not {lang!r}":
        "--lang / PBGRAPH_LANG 只能是 zh 或 en，不能是 {lang!r}",
    # -- pbgraph config -------------------------------------------------------------------
    "command": "命令",
    "setting": "设置",
    "value": "值",
    "source": "来源",
    "found": "已找到",
    "none": "无",
    "default": "默认值",
    "locale": "系统语言环境",
    "option --lang": "选项 --lang",
    "env {var}": "环境变量 {var}",
    "file {path}": "配置文件 {path}",
    "yes": "是",
    "no": "否",
    "no command {names}": "没有命令 {names}",
    # -- help: the commands' docstrings and their options' help ---------------------------
    "pbgraph: analyse a city's regional party-building network (区域化党建网络).\n\nLoad the organization department's ledgers (台账) into a graph and find which\norganizations are not covered, how to spread instructors and pairings, and which\nsmall organizations should form joint branches.\n\n\x08\nExample:\n  pbgraph demo                      # synthetic city -> load -> analyses -> report\n  pbgraph load ledgers/*.csv ledgers/*.xlsx\n  pbgraph coverage --by street":
        'pbgraph：分析一个城市的区域化党建网络。\n\n把组织部门的台账导入一张图，找出哪些两新组织尚未覆盖、党建指导员和包挂如何安排、\n哪些小微单位应当联合组建党支部。\n\n\x08\n示例：\n  pbgraph demo                      # 模拟城市 -> 导入 -> 分析 -> 报告\n  pbgraph load ledgers/*.csv ledgers/*.xlsx\n  pbgraph coverage --by street',
    'Settings file [default: PBGRAPH_CONFIG, else pbgraph.toml in this folder or a parent]; `pbgraph config` shows what is in force.':
        '设置文件 [默认：PBGRAPH_CONFIG，否则为当前文件夹或上级文件夹中的 pbgraph.toml]；`pbgraph config` 显示生效的设置。',
    'Language of help, messages and tables [default: PBGRAPH_LANG, the config file, the locale, else zh].':
        '帮助、提示和表格的语言 [默认：PBGRAPH_LANG、配置文件、系统语言环境，否则为 zh]。',
    'No progress messages.':
        '不显示进度信息。',
    'An optimal plan of who guides whom (instructors) or pairs with whom (member units).\n\nThe plan serves as much weighted demand as capacity allows (key organizations first),\nthen makes loads as even as it can, stays local, and keeps existing assignments unless\nmoving one serves more or evens loads by --move-gap. Every assignment says why.\n\n\x08\nExample:\n  pbgraph balance instructors --scope district --format xlsx --out plan.xlsx\n  pbgraph balance instructors --show streets        # unmet demand, instructors short\n  pbgraph balance pairings --max-changes 10 --show changes --lang en\n  pbgraph balance instructors --street 泉城路街道 --columns name,reason':
        '最优安排：党建指导员指导哪些单位（instructors），成员单位包挂哪些单位（pairings）。\n\n在能力允许的范围内尽量满足加权需求（重点单位优先），再尽量均衡负荷、就近安排，\n并保持现有安排，除非调整能多覆盖或使负荷差距缩小 --move-gap 以上。每项安排都说明理由。\n\n\x08\n示例：\n  pbgraph balance instructors --scope district --format xlsx --out plan.xlsx\n  pbgraph balance instructors --show streets        # 各街道未满足需求、缺多少指导员\n  pbgraph balance pairings --max-changes 10 --show changes --lang en\n  pbgraph balance instructors --street 泉城路街道 --columns name,reason',
    'Folder of the embedded store.':
        '嵌入式数据库所在的文件夹。',
    'Use a Neo4j server instead (bolt://host:7687). Env: NEO4J_URI.':
        '改用 Neo4j 服务器（bolt://host:7687）。环境变量：NEO4J_URI。',
    'Env: NEO4J_USERNAME.':
        '环境变量：NEO4J_USERNAME。',
    'Env: NEO4J_PASSWORD.':
        '环境变量：NEO4J_PASSWORD。',
    "Env: NEO4J_DATABASE (default: the server's default).":
        '环境变量：NEO4J_DATABASE（默认：服务器的默认数据库）。',
    'Default capacity of a supplier the ledger gives none: instructors 3 (organizations each); member units by platform level (city 10, district 6, street 4, community 2).':
        '台账未给出能力时的默认能力：指导员 3 家；成员单位按联席会议层级（市级 10、区县 6、街道 4、社区 2）。',
    "How far an instructor may go from its street [default: district]. Member units reach their platform's area (city, district or street).":
        '指导员可跨出本街道的范围 [默认：district（本区县）]。成员单位的范围为其联席会议所辖区域（全市、区县或街道）。',
    'Keep existing assignments unless moving one serves more or evens loads; --replan plans from scratch.':
        '保持现有安排，除非调整能多覆盖或使负荷更均衡；--replan 从头安排。',
    'Move at most K existing assignments.':
        '至多调整 K 项现有安排。',
    'Move an assignment to even loads only when they differ by this much.':
        '负荷相差达到此数时，才为均衡负荷而调整。',
    'Cost of serving another street of the district (in load steps).':
        '服务本区县其他街道的代价（以负荷为单位）。',
    'Cost of serving another district (--scope city only).':
        '服务其他区县的代价（仅限 --scope city）。',
    'Which table: the plan, the changes, unmet demand by street, statistics.':
        '显示哪张表：安排、调整、各街道未满足需求、统计。',
    'Language of everything shown [default: PBGRAPH_LANG, the config file, the locale, else zh].':
        '显示内容的语言 [默认：PBGRAPH_LANG、配置文件、系统语言环境，否则为 zh]。',
    'Write to this file instead of stdout (its extension sets the format).':
        '写入此文件而不是标准输出（由扩展名决定格式）。',
    'Store the plan as (:AnalysisRun)-[:ASSIGNS|PAIRS]->(…) relationships.':
        '把安排存为 (:AnalysisRun)-[:ASSIGNS|PAIRS]->(…) 关系。',
    'Only the rows of this district (its name, or city/district).':
        '只显示此区县的行（区县名，或 城市/区县）。',
    'Only the rows of this street (its name, or district/street).':
        '只显示此街道的行（街道名，或 区县/街道）。',
    "Output format [default: from --out's extension (.xlsx, .csv, .json), else table].":
        '输出格式 [默认：由 --out 的扩展名决定（.xlsx、.csv、.json），否则为表格]。',
    'Only these columns, in this order (keys or headers, as --format json or the table names them).':
        '只显示这些列，按此顺序（列名或表头，即 --format json 或表格中的名称）。',
    'A byte-order mark before CSV, for Excel [default: in a file yes, on standard output no].':
        'CSV 前加字节顺序标记（BOM），供 Excel 识别 [默认：写入文件时加，标准输出不加]。',
    "Show every setting in force and where it came from: option, environment, config\nfile, default.\n\nA setting comes from, first to last: the command line, the environment (the variable\nan option's help names, or PBGRAPH_<COMMAND>_<OPTION>), the config file (pbgraph.toml\nin this folder or a parent, --config, PBGRAPH_CONFIG), the option's default.\n\n\x08\nExample:\n  pbgraph config                     # every command's settings\n  pbgraph config coverage balance    # these commands' only\n  pbgraph --config city.toml config --format json":
        '显示每项生效的设置及其来源：选项、环境变量、配置文件、默认值。\n\n设置的来源依次为：命令行、环境变量（选项帮助中注明的变量，或 PBGRAPH_<命令>_<选项>）、\n配置文件（当前或上级文件夹中的 pbgraph.toml、--config、PBGRAPH_CONFIG）、选项的默认值。\n\n\x08\n示例：\n  pbgraph config                     # 所有命令的设置\n  pbgraph config coverage balance    # 只看这些命令\n  pbgraph --config city.toml config --format json',
    'Output format.':
        '输出格式。',
    'Organizational and work coverage per group, what is uncovered, and why.\n\nEvery organization is in one category: own, joint, attached (organizational coverage),\nwork (an instructor, no party organization), must_build (应建未建), joint_candidate,\nno_members. Flags: key_unpaired, joint_grown, latent, weak_no_instructor,\njoint_over_limits. The rate states its denominator.\n\n\x08\nExample:\n  pbgraph coverage --by street --format csv --out coverage.csv\n  pbgraph coverage --list must_build --lang en\n  pbgraph coverage --list must_build --street 泉城路街道 --columns name,reason\n  pbgraph coverage --compare 2018-06-30 2018-07-31':
        '按区域统计组织覆盖和工作覆盖，列出未覆盖的单位及原因。\n\n每家单位属于一个类别：own（单独组建）、joint（联合组建）、attached（挂靠组建）（以上为组织覆盖），\nwork（工作覆盖：有指导员、无党组织），must_build（应建未建）、joint_candidate（联合组建对象）、\nno_members（无党员）。标记：key_unpaired、joint_grown、latent、weak_no_instructor、\njoint_over_limits。覆盖率的表头注明其分母（口径）。\n\n\x08\n示例：\n  pbgraph coverage --by street --format csv --out coverage.csv\n  pbgraph coverage --list must_build --lang en\n  pbgraph coverage --list must_build --street 泉城路街道 --columns name,reason\n  pbgraph coverage --compare 2018-06-30 2018-07-31',
    'Group the counts by this.':
        '按此分组统计。',
    'Rate over all organizations, or only those with >= --min-members formal members.':
        '覆盖率的分母：全部单位（all），或正式党员达到 --min-members 的单位（eligible，应建口径）。',
    'List the organizations of one category or flag instead: must_build, joint_candidate, no_members, work, own, joint, attached, key_unpaired, joint_grown, latent, weak_no_instructor, joint_over_limits.':
        '改为列出某一类别或标记的单位：must_build、joint_candidate、no_members、work、own、joint、attached、key_unpaired、joint_grown、latent、weak_no_instructor、joint_over_limits。',
    'Formal members from which a unit must build its own organization (N).':
        '正式党员达到此数（N）的单位应单独组建党组织。',
    'Units one joint branch may cover.':
        '一个联合党支部至多覆盖的单位数。',
    'Members (formal + probationary) one joint branch may have.':
        '一个联合党支部至多拥有的党员数（正式党员 + 预备党员）。',
    'Store the uncovered organizations as (:AnalysisRun)-[:FLAGS]->(:Organization).':
        '把未覆盖单位存为 (:AnalysisRun)-[:FLAGS]->(:Organization)。',
    'Compare the coverage snapshots of two dates (made by load --as-of): which organizations became covered, lost coverage, are new or gone.':
        '比较两个日期的覆盖快照（由 load --as-of 生成）：哪些单位新实现覆盖、失去覆盖、新增或已不在台账。',
    'Generate a synthetic city, load it, run every analysis, write a report.\n\n\x08\nExample:\n  pbgraph demo --out /tmp/demo && open /tmp/demo/report/index.html\n  pbgraph demo --layout combined     # the ledgers as district offices keep them':
        '生成一个模拟城市，导入，运行所有分析，写出报告。\n\n\x08\n示例：\n  pbgraph demo --out /tmp/demo && open /tmp/demo/report/index.html\n  pbgraph demo --layout combined     # 按区县办公室的习惯记台账',
    'City size: small (3 000 organizations), city (500 000) or a number.':
        '城市规模：small（3 000 家单位）、city（500 000 家）或一个数字。',
    'Folder for the ledgers, the store and the report.':
        '存放台账、数据库和报告的文件夹。',
    'Random seed.':
        '随机数种子。',
    'normalized: one tidy ledger per kind. combined: organizations, party organizations, instructors and pairings in one workbook per district, a sheet per street, as offices keep them.':
        'normalized：每类台账一个规整的文件。combined：两新组织、党组织、指导员和包挂合在一个工作簿里，每个区县一个工作簿、每个街道一张工作表，按办公室的习惯。',
    'Demonstration sites (示范点): whom each can pull along, and where none is near.\n\nFor each site (with its 三强三好 scores): the organizations it reaches in the same\nbuilding or park, the same street, the same industry, through a shared instructor or\nmember unit, and how many of them are uncovered. --show gaps lists the streets with an\nuncovered cluster and no site near.\n\n\x08\nExample:\n  pbgraph demo-sites\n  pbgraph demo-sites --show gaps --cluster-min 3 --near district\n  pbgraph demo-sites --show gaps --district 历下区\n  pbgraph demo-sites --show uncovered --top 5 --format csv --out reach.csv':
        '示范点：每个示范点能带动哪些单位，哪里附近没有示范点。\n\n每个示范点（及其三强三好得分）：同楼宇园区、同街道、同行业、同指导员或同包挂成员单位\n可带动的单位，以及其中未覆盖的单位数。--show gaps 列出有未覆盖单位聚集、附近却没有\n示范点的街道。\n\n\x08\n示例：\n  pbgraph demo-sites\n  pbgraph demo-sites --show gaps --cluster-min 3 --near district\n  pbgraph demo-sites --show gaps --district 历下区\n  pbgraph demo-sites --show uncovered --top 5 --format csv --out reach.csv',
    'The sites and whom they reach; streets with uncovered clusters and no site near; or the uncovered organizations each site reaches first.':
        '示范点及其带动范围；有未覆盖单位聚集且附近无示范点的街道；或每个示范点优先带动的未覆盖单位。',
    "How far 'same industry' reaches from a site.":
        '“同行业”从示范点算起的范围。',
    'Uncovered organizations in one building/park/market that make a cluster.':
        '同一楼宇/园区/市场内构成聚集的未覆盖单位数。',
    'A site is near a cluster in the same street or district.':
        '同街道或同区县的示范点算作附近。',
    'Uncovered organizations listed per site, nearest first.':
        '每个示范点列出的未覆盖单位数，由近及远。',
    'Write the graph back out as ledgers (the layout `generate` writes, `load` reads).\n\nMembers appear under their pseudonyms with masked names, never with ID numbers.\n\n\x08\nExample:\n  pbgraph export --out exported/ && pbgraph load exported/* --store copy/':
        '把图重新写成台账（generate 写出、load 读取的格式）。\n\n党员以假名和脱敏姓名出现，不含身份证号。\n\n\x08\n示例：\n  pbgraph export --out exported/ && pbgraph load exported/* --store copy/',
    'Folder to write.':
        '写入的文件夹。',
    "What the ledgers imply in funds, by district, against the year's budget.\n\nNew party organizations founded in the period × the start-up fund, plus demonstration\nsites designated in the period × the site fund (the seed article: 177 × 2 000 =\n354 000 yuan; 53 × 100 000 = 5 300 000 yuan; a budget of 10 000 000).\n\n\x08\nExample:\n  pbgraph funds\n  pbgraph funds --budget 8000000 --since 2018-01-01 --until 2018-12-31 --format json":
        '按区县测算台账对应的经费，并与年度预算比较。\n\n期间新建党组织数 × 启动经费，加上期间认定的示范点数 × 示范点经费（参照文章：177 × 2 000 =\n354 000 元；53 × 100 000 = 5 300 000 元；预算 10 000 000 元）。\n\n\x08\n示例：\n  pbgraph funds\n  pbgraph funds --budget 8000000 --since 2018-01-01 --until 2018-12-31 --format json',
    "The year's budget (yuan).":
        '年度预算（元）。',
    'Start-up fund per newly founded party organization (yuan).':
        '每个新建党组织的启动经费（元）。',
    'Fund per demonstration site (yuan).':
        '每个示范点的经费（元）。',
    'First day of the period [default: 1 January of the latest year in the ledgers].':
        '期间第一天 [默认：台账中最近一年的 1 月 1 日]。',
    'Last day of the period [default: 31 December of that year].':
        '期间最后一天 [默认：该年 12 月 31 日]。',
    'Also draw the chart into this PNG file.':
        '同时把图表画到此 PNG 文件。',
    # -- issue 19: pbgraph generate --cities / --province (a synthetic province)
    "Write the ledgers of a synthetic Jinan-like city (CSV and XLSX, Chinese headers),\nor of a province: Shandong's cities with their real districts and division codes, a\nfolder per city (370400_枣庄市/), each city drawn like the one city.\n\nThe same seed gives byte-identical files, and the same city in both layouts; in a\nprovince, a city is the same whatever the number of cities.\n\n\x08\nExample:\n  pbgraph generate --orgs 20000 --seed 7 --out ledgers/\n  pbgraph generate --orgs 20000 --seed 7 --layout combined --out offices/\n  pbgraph generate --cities 4 --orgs 20000 --out province/ && pbgraph load province/*/*":
        '写出一个类似济南的模拟城市的台账（CSV 和 XLSX，中文表头），\n或一个省的台账：山东各市，真实的区县名称和区划代码，\n每市一个文件夹（370400_枣庄市/），每个城市都按单个城市的方式生成。\n\n相同的种子得到逐字节相同的文件，两种布局对应同一个城市；\n生成一个省时，无论生成几个城市，同一城市都相同。\n\n\x08\n示例：\n  pbgraph generate --orgs 20000 --seed 7 --out ledgers/\n  pbgraph generate --orgs 20000 --seed 7 --layout combined --out offices/\n  pbgraph generate --cities 4 --orgs 20000 --out province/ && pbgraph load province/*/*',
    'Number of organizations (of each city, with --cities or --province).':
        '单位数（使用 --cities 或 --province 时为每个城市的单位数）。',
    "A province: the first N of Shandong's 16 cities, a folder each.":
        '生成一个省：山东 16 个市中的前 N 个，每市一个文件夹。',
    'A province of all 16 cities (--cities 16).':
        '生成全省 16 个市（即 --cities 16）。',
    '--province is all 16 cities: give --province or --cities, not both':
        '--province 即全部 16 个市：--province 与 --cities 只能给一个',
    'Joint-formation proposals (联合组建): joint branches that cover the most small\norganizations within the rules, per street, with an upper bound and the gap to it.\n\nCandidates are organizations with no party organization and 1 … N-1 formal members.\nEvery group has >= --min-members formal members, <= --max-units units, <= --max-members\nmembers, stays in one street (--within district to cross streets) and prefers the same\nbuilding, then the same industry. Each group has a suggested name and a reason per\norganization. Joint branches over the limits, or with a unit grown to N, get a split\nproposal (--list splits).\n\n\x08\nExample:\n  pbgraph group --format xlsx --out 联合组建建议.xlsx\n  pbgraph group --list members --include-empty --lang en\n  pbgraph group --list members --street 泉城路街道 --columns name,reason\n  pbgraph group --exact --within street --max-units 5 --min-members 3':
        '联合组建建议：在规则之内覆盖最多小微单位的联合党支部，按街道给出，并给出覆盖上限及差距。\n\n联合组建对象是尚无党组织、有 1 … N-1 名正式党员的单位。每个联合党支部至少有\n--min-members 名正式党员、至多 --max-units 个单位、至多 --max-members 名党员，不跨街道\n（--within district 可跨街道），优先同楼宇，其次同行业。每个支部有建议名称，每家单位有\n编入理由。超出限制或有单位已满 N 人的联合党支部给出拆分建议（--list splits）。\n\n\x08\n示例：\n  pbgraph group --format xlsx --out 联合组建建议.xlsx\n  pbgraph group --list members --include-empty --lang en\n  pbgraph group --list members --street 泉城路街道 --columns name,reason\n  pbgraph group --exact --within street --max-units 5 --min-members 3',
    'Groups stay within one street (the rule) or district.':
        '联合党支部不跨街道（规定）或不跨区县。',
    'Preference order for compact groups: building, industry.':
        '组建时的优先顺序：building（同楼宇）、industry（同行业）。',
    'Let units with no formal member join groups with room.':
        '允许无正式党员的单位编入尚有余量的联合党支部。',
    "Count members held by talent centres, HR markets or communities as the employer's.":
        '把人才中心、人才市场或社区代管的党员算作其工作单位的党员。',
    'Solve areas with up to --exact-max candidates optimally (HiGHS MIP).':
        '对联合组建对象不超过 --exact-max 家的区域求最优解（HiGHS 混合整数规划）。',
    'Largest area (candidates) solved exactly with --exact.':
        '用 --exact 精确求解的最大区域（联合组建对象数）。',
    'Seconds per area and stage for --exact.':
        '--exact 每个区域每个阶段的秒数上限。',
    'Print a list instead of the per-area summary: groups, members (with reasons), uncovered, splits.':
        '改为列出名单：groups（建议支部）、members（编入单位及理由）、uncovered（未能编入）、splits（拆分建议）。',
    'Store the proposals as (:AnalysisRun)-[:PROPOSES]->(:Organization).':
        '把建议存为 (:AnalysisRun)-[:PROPOSES]->(:Organization)。',
    'Show how ledgers will be read, without loading them.\n\nPer file and sheet: the header rows, the kind, each column and the field it fills (or\nunknown, with the closest known names), the columns implied (district, street) and\nwhere from, sample values, and the rows a load would reject, by rule.\n\n\x08\nExample:\n  pbgraph inspect 历下区两新组织台账.xlsx\n  pbgraph inspect 历下区两新组织台账.xlsx --write-mapping 历下区.toml\n  pbgraph load 历下区两新组织台账.xlsx --mapping 历下区.toml':
        '显示台账将如何读取，而不导入。\n\n每个文件和工作表：表头行、台账类型、每列及其对应的字段（或未识别，并给出最接近的已知列名）、\n推断出的列（区县、街道）及其来源、示例值，以及导入时会被拒绝的行（按规则）。\n\n\x08\n示例：\n  pbgraph inspect 历下区两新组织台账.xlsx\n  pbgraph inspect 历下区两新组织台账.xlsx --write-mapping 历下区.toml\n  pbgraph load 历下区两新组织台账.xlsx --mapping 历下区.toml',
    'Kind of ledger (detected from headers if not given).':
        '台账类型（未指定时按表头识别）。',
    'Encoding of CSV files (detected if not given).':
        'CSV 文件的编码（未指定时自动识别）。',
    'A mapping file (TOML: [columns], [values.FIELD], [set], [divisions]); pbgraph inspect --write-mapping writes one.':
        '映射文件（TOML：[columns]、[values.字段]、[set]、[divisions]）；pbgraph inspect --write-mapping 可生成。',
    "A value every row takes where the ledger has no such column, e.g. --set 所属区县=历下区 (repeatable; wins over a mapping's [set]).":
        '台账没有某列时，每一行都取的值，如 --set 所属区县=历下区（可重复；优先于映射文件的 [set]）。',
    'Write a mapping to edit (TOML) and give back to load --mapping.':
        '写出一个可编辑的映射文件（TOML），再交给 load --mapping。',
    "The pseudonym key: where it is, its fingerprint, a new one.\n\nMembers' ID numbers become keyed pseudonyms on load. The key is a file of its own,\nreadable by its owner only, never in a store (whoever has both could recover ID\nnumbers). Keep it where the department keeps its other secrets, and back it up apart\nfrom the stores: without it, a new load cannot be matched to the old pseudonyms.\n\n\x08\nExample:\n  pbgraph key show\n  pbgraph key new --key-file /secure/pbgraph-2027.key   # then load into a new store":
        '假名密钥：位置、指纹、新建。\n\n导入时党员身份证号变为带密钥的假名。密钥单独存为一个文件，只有所有者可读，从不存入数据库\n（同时拥有两者即可还原身份证号）。请把它与单位其他机密一起保管，并与数据库分开备份：\n没有它，新的导入无法与原有假名对应。\n\n\x08\n示例：\n  pbgraph key show\n  pbgraph key new --key-file /secure/pbgraph-2027.key   # 然后导入新的数据库',
    'Create a new key (owner-only); an existing key file is never overwritten.\n\n\x08\nExample:\n  pbgraph key new --key-file /secure/pbgraph-2027.key':
        '新建密钥（仅所有者可读）；已有的密钥文件从不覆盖。\n\n\x08\n示例：\n  pbgraph key new --key-file /secure/pbgraph-2027.key',
    'Env: PBGRAPH_KEY_FILE. Default: ~/.config/pbgraph/pseudonym.key.':
        '环境变量：PBGRAPH_KEY_FILE。默认：~/.config/pbgraph/pseudonym.key。',
    'Print where the key is and its fingerprint (never the key).\n\n\x08\nExample:\n  pbgraph key show --store .pbgraph':
        '显示密钥的位置和指纹（从不显示密钥本身）。\n\n\x08\n示例：\n  pbgraph key show --store .pbgraph',
    'Also say whether this embedded store was loaded with the key.':
        '同时说明此嵌入式数据库是否用该密钥导入。',
    "Validate ledgers and load them into the store; rejected rows go to quarantine.csv.\n\nA district's or street's combined ledger (party organization, instructor and paired\nunit on each organization's row; no district or street column) loads as it is: see how\nit will be read first with `pbgraph inspect`.\n\n\x08\nExample:\n  pbgraph load ledgers/01_两新组织台账.csv ledgers/*.xlsx --store .pbgraph\n  pbgraph load 历下区台账.xlsx --set 所属区县=历下区\n  pbgraph load ledgers/* --as-of 2018-07-31      # and snapshot the coverage of that day":
        '校验台账并导入数据库；被拒绝的行写入 quarantine.csv。\n\n进度显示在标准错误输出：在终端上为进度条（已读文件、大小、剩余时间），否则为逐行文字，\n-q 时不显示。\n\n区县或街道的合并台账（每家单位一行，含党组织、指导员和包挂单位；没有区县或街道列）\n可直接导入：先用 `pbgraph inspect` 查看将如何读取。\n\n\x08\n示例：\n  pbgraph load ledgers/01_两新组织台账.csv ledgers/*.xlsx --store .pbgraph\n  pbgraph load 历下区台账.xlsx --set 所属区县=历下区\n  pbgraph load ledgers/* --as-of 2018-07-31      # 并记录当天的覆盖快照',
    'Encoding of CSV files (detected: UTF-8, GB18030/GBK, and UTF-16/32 or UTF-8 with a BOM).':
        'CSV 文件的编码（自动识别：UTF-8、GB18030/GBK，以及带 BOM 的 UTF-16/32 或 UTF-8）。',
    'Which of two conflicting duplicate rows wins.':
        '两行重复且内容冲突时，以哪一行为准。',
    'Folder for quarantine.csv (rejected rows).':
        'quarantine.csv（被拒绝的行）所在的文件夹。',
    'Exit 1 when any row was rejected.':
        '有任何行被拒绝时以退出码 1 结束。',
    'The pseudonym key (created on first use, owner-only). Env: PBGRAPH_KEY_FILE. Default: ~/.config/pbgraph/pseudonym.key.':
        '假名密钥（首次使用时创建，仅所有者可读）。环境变量：PBGRAPH_KEY_FILE。默认：~/.config/pbgraph/pseudonym.key。',
    "Date of these ledgers: after the load, record every organization's coverage as of DATE (replaces that date's snapshot; see coverage --compare).":
        '这些台账的日期：导入后记录每家单位在该日的覆盖情况（替换该日的快照；见 coverage --compare）。',
    'A local Neo4j server for people without one (started from Maven Central jars).\n\n\x08\nExample:\n  pbgraph neo4j start --port 7687 && export NEO4J_URI=bolt://127.0.0.1:7687':
        '本地 Neo4j 服务器，供没有服务器的用户使用（由 Maven Central 的 jar 包启动）。\n\n\x08\n示例：\n  pbgraph neo4j start --port 7687 && export NEO4J_URI=bolt://127.0.0.1:7687',
    'Start the local server in the background and print its URI.\n\nIts memory is sized to the machine and the store unless --heap or --pagecache say\notherwise; `pbgraph neo4j status` tells what it got. With --browser it also serves\nNeo4j Browser (user neo4j, the password) on 127.0.0.1. What it is doing goes to\nstderr (the first start builds a launcher and fetches jars from Maven Central).\n\n\x08\nExample:\n  pbgraph neo4j start --port 7687 --data .pbgraph/neo4j\n  pbgraph neo4j start --browser\n  pbgraph neo4j start --heap 4g --pagecache 8g':
        '在后台启动本地服务器并输出其 URI。\n\n内存按本机和数据库大小设定，除非用 --heap 或 --pagecache 指定；`pbgraph neo4j status`\n显示实际分配。加 --browser 时还在 127.0.0.1 上提供 Neo4j Browser（用户 neo4j，密码同上）。\n启动进度写到标准错误（首次启动会构建启动器并从 Maven Central 下载 jar 包）。\n\n\x08\n示例：\n  pbgraph neo4j start --port 7687 --data .pbgraph/neo4j\n  pbgraph neo4j start --browser\n  pbgraph neo4j start --heap 4g --pagecache 8g',
    'Bolt port on 127.0.0.1.':
        '127.0.0.1 上的 Bolt 端口。',
    'Also serve Neo4j Browser on 127.0.0.1 and say its address.':
        '同时在 127.0.0.1 上提供 Neo4j Browser，并给出其地址。',
    "Neo4j Browser's port (implies --browser). Default: 7474, or a free port when 7474 is taken.":
        'Neo4j Browser 的端口（隐含 --browser）。默认：7474；7474 被占用时另选一个空闲端口。',
    'Password of user neo4j. Env: NEO4J_PASSWORD.':
        '用户 neo4j 的密码。环境变量：NEO4J_PASSWORD。',
    'Data folder of the local server.':
        '本地服务器的数据文件夹。',
    'JVM heap, e.g. 2g. Default: 1/16 of the memory, 512m to 2g.':
        'JVM 堆内存，如 2g。默认：内存的 1/16，介于 512m 和 2g 之间。',
    "Page cache, e.g. 4g. Default: the store's size and a quarter, at least 1/16 of the memory, at most 1/4.":
        '页缓存，如 4g。默认：数据库大小再加四分之一，至少为内存的 1/16，至多 1/4。',
    'Say whether the local server runs, and where.\n\n\x08\nExample:\n  pbgraph neo4j status':
        '显示本地服务器是否在运行、地址在哪里。\n\n\x08\n示例：\n  pbgraph neo4j status',
    'Stop the local server.\n\n\x08\nExample:\n  pbgraph neo4j stop':
        '停止本地服务器。\n\n\x08\n示例：\n  pbgraph neo4j stop',
    "Visits against the uncovered organizations, per street: is the campaign moving?\n\nPer street: uncovered organizations (they need a visit), visits reported in the\nperiod, the share visited, willing to build and members developed, party\norganizations founded, days since the last report, trends over the last --window\ndays. Streets that never reported, stopped reporting or fall behind the city's pace\nare flagged with the reason.\n\n\x08\nExample:\n  pbgraph progress --since 2018-07-01 --by district\n  pbgraph progress --flagged --lang en --format csv --out flagged.csv\n  pbgraph progress --chart progress.png":
        '按街道对照未覆盖单位看走访：工作是否在推进？\n\n每个街道：未覆盖单位数（需要走访）、期间报备的走访、走访比例、有意愿组建和发展党员的数量、\n新建党组织数、距最后一次报备的天数、最近 --window 天的趋势。从未报备、停止报备或落后于\n全市进度的街道会被标出并说明原因。\n\n\x08\n示例：\n  pbgraph progress --since 2018-07-01 --by district\n  pbgraph progress --flagged --lang en --format csv --out flagged.csv\n  pbgraph progress --chart progress.png',
    'One row per street, or per district.':
        '每个街道一行，或每个区县一行。',
    'First day of the period [default: the first visit report].':
        '期间第一天 [默认：第一次走访报备]。',
    "Last day of the period, 'today' [default: the last visit report].":
        "期间最后一天，或 'today' [默认：最后一次走访报备]。",
    'A street with no report for more than this many days has stopped.':
        '超过此天数未报备的街道视为停止报备。',
    "A street is behind when its visits per uncovered organization fall below this share of the city's.":
        '街道每家未覆盖单位的走访数低于全市的此比例时，视为进度落后。',
    'Days of the recent window the trends compare with the window before.':
        '趋势比较的近期窗口天数（与之前同样长的窗口比较）。',
    'List only the flagged streets, with reasons.':
        '只列出需关注的街道及原因。',
    "Write the HTML report, its PNG charts and an XLSX workbook (a sheet per table).\n\nThe HTML opens offline (charts embedded, nothing fetched). Charts: coverage by district\nand by street, categories, a map of organizations by coverage, one street's network,\ninstructor and pairing loads before/after balancing, unmet demand by street, visits\nover time. The workbook's headers are those of the commands' --format xlsx output.\nEvery threshold is the option of the command that runs that analysis alone; the page\nand the workbook's 说明 sheet state the data date, the parameters and the definitions.\n\n\x08\nExample:\n  pbgraph report --out report/ --lang zh\n  pbgraph report --neo4j bolt://127.0.0.1:7687 --out report/ --street 泉城路街道\n  pbgraph report --out report/ --max-units 4 --scope city --budget 8000000":
        '写出 HTML 报告、PNG 图表和 XLSX 工作簿（每张表一个工作表）。\n\nHTML 可离线打开（图表内嵌，不联网）。图表：各区县和各街道的覆盖情况、覆盖类别、单位覆盖分布图、\n一个街道的网络、调整前后的指导员和包挂负荷、各街道未满足需求、走访进度。工作簿的表头与各命令\n--format xlsx 的输出相同。每个阈值即单独运行该分析的命令的选项；页面和工作簿的说明表注明\n数据日期、参数和口径。\n\n\x08\n示例：\n  pbgraph report --out report/ --lang zh\n  pbgraph report --neo4j bolt://127.0.0.1:7687 --out report/ --street 泉城路街道\n  pbgraph report --out report/ --max-units 4 --scope city --budget 8000000',
    'Report folder.':
        '报告文件夹。',
    'Street whose network is drawn (district/street or a unique street name) [default: the one with every kind of node and the most uncovered organizations].':
        '绘制网络的街道（区县/街道，或唯一的街道名）[默认：各类节点齐全且未覆盖单位最多的街道]。',
    'Coverage rate over all organizations, or only those with >= --min-members formal members (as coverage).':
        '覆盖率的分母：全部单位，或正式党员达到 --min-members 的单位（同 coverage）。',
    'Capacity of an instructor the ledger gives none (as balance instructors).':
        '台账未给出能力时指导员的能力（同 balance instructors）。',
    'Capacity of a member unit the ledger gives none [default: by platform level: city 10, district 6, street 4, community 2] (as balance pairings --capacity).':
        '台账未给出能力时成员单位的能力 [默认：按联席会议层级：市级 10、区县 6、街道 4、社区 2]（同 balance pairings --capacity）。',
    'How far an instructor may go from its street (as balance).':
        '指导员可跨出本街道的范围（同 balance）。',
    'Joint branches stay within one street or district (as group).':
        '联合党支部不跨街道或不跨区县（同 group）。',
    'Let units with no formal member join joint branches (as group).':
        '允许无正式党员的单位编入联合党支部（同 group）。',
    "Count members held by talent centres, HR markets or communities as the employer's in the proposals (as group).":
        '在建议中把人才中心、人才市场或社区代管的党员算作其工作单位的党员（同 group）。',
    'Flag a street that has not reported for more days (as progress).':
        '超过此天数未报备的街道标为停止报备（同 progress）。',
    "Flag a street whose visits fall below this share of the city's pace (as progress).":
        '走访低于全市进度此比例的街道标为落后（同 progress）。',
    'Days of the recent window the trends compare (as progress).':
        '趋势比较的近期窗口天数（同 progress）。',
    "The year's budget, yuan (as funds).":
        '年度预算，元（同 funds）。',
    'Start-up fund per new party organization, yuan (as funds).':
        '每个新建党组织的启动经费，元（同 funds）。',
    'Fund per demonstration site, yuan (as funds).':
        '每个示范点的经费，元（同 funds）。',
    # -- issue 20, helper A: pbgraph lines (条块结合, 区域兜底) and pbgraph newregs (源头把控)
    "Leadership lines (条块结合, 区域兜底): who leads every party organization.\n\nEvery party organization should have a superior (上级党组织): the 非公 or 社会组织 line's\ncommittee, a district's 党工委, a street's 综合党委, or a party organization above it.\nLists those with none, with one in no ledger, or led on the wrong line (a social\norganization's branch under the enterprise line); --show superiors gives each\nsuperior's load (party organizations, branches, members), --show streets what each\nstreet's 综合党委 takes in (兜底).\n\n\x08\nExample:\n  pbgraph lines\n  pbgraph lines --show superiors --format xlsx --out 上级党组织.xlsx\n  pbgraph lines --show streets --district 历下区":
        '隶属关系（条块结合、区域兜底）：每个党组织由谁领导。\n\n每个党组织都应有上级党组织：非公或社会组织条线的党委、区县党工委、街道综合党委，\n或其上一级党组织。列出没有上级、上级不在任何台账中，或隶属条线不符（社会组织的\n党支部隶属非公条线）的党组织；--show superiors 给出每个上级党组织的负荷（党组织、\n党支部、党员），--show streets 给出每个街道综合党委的兜底任务。\n\n\x08\n示例：\n  pbgraph lines\n  pbgraph lines --show superiors --format xlsx --out 上级党组织.xlsx\n  pbgraph lines --show streets --district 历下区',
    "Party organizations with no superior or one of the wrong line; the load of every superior; each street committee's 兜底 load; or the work committee's member units and their duties.":
        '隶属关系问题（无上级、上级条线不符）；每个上级党组织的负荷；每个街道综合党委的兜底任务；或两新工委委员单位及其职责。',
    'Source control (源头把控): new registrations that should have a party organization.\n\n民政局 registers social organizations, 市场监管局 enterprises. A newly registered\norganization (登记日期 in the organizations ledger) with at least --min-members formal\nmembers and no party organization --days days after registration is overdue; the\nfollow-up stays open until one covers it (the last visit and an instructor are shown).\n\n\x08\nExample:\n  pbgraph newregs\n  pbgraph newregs --days 60 --as-of 2018-07-31 --show open\n  pbgraph newregs --show summary --format xlsx --out 源头把控.xlsx':
        '源头把控：新登记、应建党组织的单位。\n\n民政局登记社会组织，市场监管局登记企业。新登记的单位（两新组织台账的登记日期）\n正式党员达到 --min-members 名、登记 --days 天后仍未建立党组织的，为逾期未建；\n在有党组织覆盖之前跟进不结束（列出最近走访和党建指导员）。\n\n\x08\n示例：\n  pbgraph newregs\n  pbgraph newregs --days 60 --as-of 2018-07-31 --show open\n  pbgraph newregs --show summary --format xlsx --out 源头把控.xlsx',
    'New organizations overdue for a party organization; those still within the deadline too; or counts per registering unit and district.':
        '逾期未建党组织的新登记单位；连同期限内未建的；或按登记机关和区县的统计。',
    'Days after registration by which an organization that meets the conditions should have a party organization.':
        '登记后多少天内，符合条件的单位应建立党组织。',
    'The day of the check [default: the latest registration date in the ledgers].':
        '检查日期 [默认：台账中最晚的登记日期]。',
    'First registration day counted as new [default: 365 days before --as-of].':
        '从哪天起登记的算新登记单位 [默认：--as-of 前 365 天]。',
    # -- issue 20, helper B: pbgraph transfers (组织关系转接, 定期回访) and pbgraph services (服务圈)
    "Member-relation transfers (组织关系转接) and follow-up visits (定期回访).\n\nMembers whose relation is held by a talent centre, an HR market or a community, from\nthe transfers ledger: who is willing and not yet transferred (pending), per district;\nwhose follow-up visit is overdue; and what each pending transfer changes in coverage —\nthe member becomes a formal member of the receiving organization (by default the one\nthey work at), coverage runs again on that copy, and each case says its organization's\ncategory before and after.\n\n\x08\nExample:\n  pbgraph transfers --show districts\n  pbgraph transfers --state pending --district 历下区\n  pbgraph transfers --state overdue --visit-days 60 --format csv --out visits.csv":
        '组织关系转接与定期回访。\n\n根据组织关系转接台账，列出组织关系在人才服务中心、人力资源市场或社区的党员：按区县统计\n愿意转接但尚未转入（待转入）的人数；哪些人的回访已逾期；每一项待转入会给覆盖带来什么变化——\n该党员成为转入单位（默认为其工作单位）的正式党员，在这份副本上重新计算覆盖情况，\n逐人说明转入单位转接前后的覆盖类别。\n\n\x08\n示例：\n  pbgraph transfers --show districts\n  pbgraph transfers --state pending --district 历下区\n  pbgraph transfers --state overdue --visit-days 60 --format csv --out visits.csv',
    "The service circle (服务圈): organizations' needs matched to service projects.\n\nNeeds already met take their project's places; every open need is matched to a\nproject of its type with places left — an exact plan that meets as many needs as the\ncapacities allow, a project in the same street first, then the same district, then\nanywhere in the city. Lists the plan with the reason for each need, the needs still\nunmet by street (and why: no project of the type, or capacity used up), and each\nproject's use and its participants' mean feedback score.\n\n\x08\nExample:\n  pbgraph services\n  pbgraph services --show unmet --district 历下区\n  pbgraph services --show projects --format xlsx --out projects.xlsx":
        '服务圈：两新组织的服务需求与党建服务项目对接。\n\n已对接的需求占用其项目的容量；其余每项待对接需求安排给同类型、仍有容量的项目——\n在容量允许的范围内满足尽可能多的需求的精确方案，优先同街道的项目，其次同区县，再次全市。\n列出方案及每项需求的说明、按街道统计仍未满足的需求（及原因：没有该类型项目，或容量已用完），\n以及每个项目的使用情况和参与单位的平均评价得分。\n\n\x08\n示例：\n  pbgraph services\n  pbgraph services --show unmet --district 历下区\n  pbgraph services --show projects --format xlsx --out projects.xlsx',
    "A row per member's case, or per district.":
        '每名党员一行，或每个区县一行。',
    'Only the cases in this state (overdue: a follow-up visit is due).':
        '只列此状态的记录（overdue：回访已逾期）。',
    'An open case is visited again at least this often (days).':
        '未办结的记录至少每隔这么多天回访一次（天）。',
    'The day follow-ups are judged on [default: the latest date in the transfers ledger].':
        '判断回访是否逾期的日期 [默认：转接台账中最晚的日期]。',
    'Every open need and the project planned for it; only the unmet ones; a row per street; or a row per project with its use and feedback.':
        '每项待对接需求及为其安排的项目；只列仍未满足的需求；每个街道一行；或每个项目一行（使用情况和评价）。',
    # -- issue 20, helper C: pbgraph welfare (公益账户, 出彩型) and pbgraph training (培训, 观摩)
    "Public-welfare accounts (公益账户) and 出彩型 award candidates.\n\nPer district account: the organizations that gave back, activities, hours, volunteers,\npeople served, money and goods; each organization ranked in its district and the city.\nCandidates for 出彩型党组织: not weak, and at least --need of three criteria — its\ndemonstration site's score, its organizations' welfare hours, the share of the members\nworking there who are in it; their secretaries who attended trainings are the 出彩型书记\ncandidates (the seed: 28 and 21). --show awards sets the honours in the ledgers against\nthe criteria.\n\n\x08\nExample:\n  pbgraph welfare\n  pbgraph welfare --show orgs --rank-by beneficiaries --district 历下区\n  pbgraph welfare --show candidates --min-site-score 80 --need 3\n  pbgraph welfare --show awards --format xlsx --out 出彩型.xlsx":
        '公益账户与出彩型推荐。\n\n按区县公益账户统计：参与回馈社会的单位、活动次数、服务时长、参与人数、受益人数、\n捐款捐物；每家单位在本区县和全市的排名。出彩型党组织推荐：非软弱涣散，且至少满足\n--need 项条件——示范点得分、所属单位公益服务时长、在本单位工作的党员在本组织的比例；\n这些党组织中参加过培训观摩的书记为出彩型书记推荐人选（种子材料：28个和21名）。\n--show awards 将台账中的表彰与推荐条件逐一对照。\n\n\x08\n示例：\n  pbgraph welfare\n  pbgraph welfare --show orgs --rank-by beneficiaries --district 历下区\n  pbgraph welfare --show candidates --min-site-score 80 --need 3\n  pbgraph welfare --show awards --format xlsx --out 出彩型.xlsx',
    "Each district's public-welfare account; each organization's giving, ranked; the party organizations put forward as 出彩型; their secretaries; or the honours in the ledgers against the criteria.":
        '每个区县的公益账户；每家单位的公益情况及排名；推荐的出彩型党组织；其书记；或台账中的表彰与推荐条件的对照。',
    'What the rankings compare.':
        '排名依据。',
    'Criterion: the mean 三强三好 score of its demonstration site.':
        '条件：其示范点“三强三好”平均分。',
    'Criterion: welfare hours of the organizations it covers.':
        '条件：所覆盖单位的公益服务时长。',
    'Criterion: share of the party members working at its organizations who are in it (not held by a talent centre, HR market or community).':
        '条件：在所覆盖单位工作的党员中，组织关系在本组织（而非人才服务中心、人力资源市场或社区）的比例。',
    'How many of the three criteria a candidate meets (a weak one never is).':
        '推荐对象须满足三项条件中的几项（软弱涣散党组织不予推荐）。',
    "Trainings or study visits a candidate's secretary attended.":
        '推荐对象的书记参加培训观摩的次数。',
    'Party organizations put forward (0: all that qualify).':
        '推荐的党组织个数（0：所有符合条件的）。',
    'Secretaries put forward (0: all that qualify).':
        '推荐的书记人数（0：所有符合条件的）。',
    'First day of the period [default: the first date in the ledgers].':
        '统计期起始日 [默认：台账中最早的日期]。',
    'Last day of the period [default: the last date in the ledgers].':
        '统计期截止日 [默认：台账中最晚的日期]。',
    "Training reach (培训, 观摩): whose secretaries and leaders were never reached.\n\nA party organization's secretary is reached when its secretary attended a training or\nstudy visit in the period; an organization's leader (出资人/负责人) likewise. Per\nstreet: how many were never reached, and why; the lists of them (a party worker's\nattendance is shown, but does not reach the secretary); each session with its\nattendees by role; each year against the targets (the seed: 10+ trainings and 6 study\nvisits).\n\n\x08\nExample:\n  pbgraph training\n  pbgraph training --show secretaries --district 历下区\n  pbgraph training --show leaders --leaders key --format csv --out 未参训负责人.csv\n  pbgraph training --show years --target-trainings 12":
        '培训观摩覆盖：哪些书记和负责人从未参训。\n\n党组织书记在统计期内参加过培训或观摩，即为该党组织书记已参训；单位出资人负责人同理。\n按街道统计从未参训的人数及说明；列出名单（党务工作者参训会列出，但不算书记参训）；\n每期培训观摩的参训人员（按身份）；每年与目标对照（种子材料：培训10期以上、观摩6次）。\n\n\x08\n示例：\n  pbgraph training\n  pbgraph training --show secretaries --district 历下区\n  pbgraph training --show leaders --leaders key --format csv --out 未参训负责人.csv\n  pbgraph training --show years --target-trainings 12',
    'Per street, secretaries and leaders never reached; the party organizations whose secretary was never reached; the organizations whose leader was not; each session with its attendees; or each year against the targets.':
        '每个街道从未参训的书记和负责人；书记从未参训的党组织；负责人从未参训的单位；每期培训观摩及参训人员；或每年与目标的对照。',
    'Whose leaders count: all organizations, key ones, those with a party organization, or those without.':
        '统计哪些单位的负责人：全部单位、重点单位、已建党组织的单位，或未建党组织的单位。',
    'Trainings a year (the seed: 10+).':
        '每年培训期数（种子材料：10期以上）。',
    'Study visits a year (the seed: 6).':
        '每年观摩次数（种子材料：6次）。',
    'First day of the period [default: the first session].':
        '统计期起始日 [默认：最早一期培训观摩]。',
    'Last day of the period [default: the last session].':
        '统计期截止日 [默认：最晚一期培训观摩]。',
    # -- issue 19: a province on Dask (--partition, --workers, --scheduler; pbgraph/province)
    '--partition: give city or district':
        '--partition：请给 city 或 district',
    'the store has no city level (its regions start at districts): give --partition district':
        '库中没有城市一级（地区从区县开始）：请用 --partition district',
    'the store has no district: load ledgers first':
        '库中没有区县：请先导入台账',
    "--partition needs Dask distributed: pip install 'pbgraph[province]'":
        "--partition 需要 Dask distributed：pip install 'pbgraph[province]'",
    'no Dask scheduler at {address}: {reason}':
        '{address} 处没有 Dask 调度器：{reason}',
    "{n} of {total} partitions failed ({what}); the other partitions' results are in {folder}":
        '{total} 个分区中有 {n} 个失败（{what}）；其他分区的结果在 {folder}',
    '--workers and --scheduler go with --partition city|district':
        '--workers 和 --scheduler 需与 --partition city|district 一起使用',
    'give either --workers (a local cluster) or --scheduler, not both':
        '--workers（本机集群）与 --scheduler 只能给一个',
    'Run partitioned by city or district on a Dask cluster, with the same results (docs/province.md).':
        '在 Dask 集群上按城市或区县分区运行，结果相同（docs/province.md）。',
    'Worker processes of the local Dask cluster [default: 2].':
        '本机 Dask 集群的工作进程数 [默认：2]。',
    'An existing Dask scheduler (tcp://host:8786) instead of a local cluster.':
        '使用已有的 Dask 调度器（tcp://host:8786），而不是本机集群。',
    'Province: a report per partition ({n}) in {folder}, the summary in {folder}/province.json':
        '全省：每个分区一份报告（{n} 份），在 {folder}，汇总在 {folder}/province.json',
    # -- issue 19: a province's places in the outputs (--district 枣庄市/市中区; graphmodel/regioncode)
    '--district {name}: {n} cities have a district of that name; give one: {choices}':
        '--district {name}：{n} 个城市都有此名称的区县，请写明其一：{choices}',
    # -- issue 17: pbgraph load --import/--no-import (Neo4j's offline importer; stores/neo4j_import)
    "With --neo4j: write a first load into the empty database of the local Neo4j that "
    "'pbgraph neo4j start' runs with Neo4j's offline importer (the database stops meanwhile) "
    "instead of over Bolt. Default: when the ledgers are 16 MiB or more.":
        "与 --neo4j 一起使用：首次导入 pbgraph neo4j start 启动的本机 Neo4j 的空数据库时，用 Neo4j "
        "的离线导入工具写入（其间该数据库暂停），而不经 Bolt 写入。默认：台账合计 16 MiB 及以上时。",
}
# fmt: on
