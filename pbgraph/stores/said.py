"""What the stores tell a person, as ``中文 (English)`` pairs (:func:`pbgraph.i18n.bilingual`
shows the one of the language in force; a Python caller's ``match=`` finds the English).

>>> from pbgraph import i18n
>>> with i18n.using("en"):
...     i18n.bilingual(neo4j_refused("bolt://h:7687", "neo4j")).split(";")[0]
"Neo4j at bolt://h:7687 refused user 'neo4j' with that password"
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DiskError, PbgraphError, StoreError, StoreUnreachableError

# -- Neo4j ------------------------------------------------------------------------------


def neo4j_bad_scheme(uri: str, schemes: tuple[str, ...]) -> str:
    return (
        f"地址 {uri!r} 不是 Neo4j 的 Bolt URI：请用 bolt://host:7687 或 neo4j://host:7687"
        f"（可用的协议：{', '.join(schemes)}；Neo4j 的 http:// 端口不供驱动程序连接） "
        f"({uri!r} is not a Neo4j Bolt URI: use bolt://host:7687 or neo4j://host:7687 "
        f"(schemes {', '.join(schemes)}; Neo4j's http:// port is not for drivers))"
    )


def neo4j_bad_uri(uri: str, reason: object) -> str:
    return f"无效的 Neo4j URI {uri!r}：{reason} (bad Neo4j URI {uri!r}: {reason})"


def neo4j_refused(uri: str, user: str) -> str:
    return (
        f"位于 {uri} 的 Neo4j 拒绝了用户 {user!r} 和所给的密码；请设置 NEO4J_PASSWORD"
        "（或 --neo4j-password）和 NEO4J_USERNAME "
        f"(Neo4j at {uri} refused user {user!r} with that password; "
        "set NEO4J_PASSWORD (or --neo4j-password) and NEO4J_USERNAME)"
    )


def neo4j_unreachable(uri: str, e: BaseException) -> str:
    return (
        f"无法连接位于 {uri} 的 Neo4j（{type(e).__name__}）；服务器是否在运行？"
        "`pbgraph neo4j start` 可启动本地服务器，或设置 NEO4J_URI "
        f"(cannot reach Neo4j at {uri} ({type(e).__name__}); is it running? "
        "`pbgraph neo4j start` runs a local one, or set NEO4J_URI)"
    )


def neo4j_says(uri: str, message: object) -> str:
    return f"位于 {uri} 的 Neo4j 报错：{message} (Neo4j at {uri}: {message})"


def neo4j_lost(uri: str, e: BaseException) -> str:
    return (
        f"与位于 {uri} 的 Neo4j 的连接中断（{type(e).__name__}）；已写入的内容会保留："
        "服务器恢复后请重新运行同一命令 "
        f"(lost the connection to Neo4j at {uri} ({type(e).__name__}); "
        "what was written is kept: rerun the same command once the server is back)"
    )


# -- the embedded store -----------------------------------------------------------------

#: the Chinese of what the embedded store says it was doing when SQLite failed
DOING_ZH = {
    "cannot open the store": "无法打开数据库",
    "cannot read the store": "无法读取数据库",
    "cannot write the store": "无法写入数据库",
    "nothing of this write was kept": "此次写入的内容均未保存",
}


def store_cannot_create(path: Path, reason: object) -> str:
    return f"{path}: 无法创建数据库：{reason} (cannot create the store: {reason})"


def store_read_only(path: Path) -> str:
    return (
        f"{path}: 无法写入数据库：所在文件夹只读（只读介质或权限不足）；只读取它的命令仍可使用 "
        "(cannot write the store: its folder is read-only (read-only media "
        "or permissions); commands that only read it still work)"
    )


def no_store_here(directory: Path) -> str:
    return (
        f"{directory}: 这里没有 pbgraph 数据库；请先导入台账"
        f"（pbgraph load 台账文件... --store {directory}） "
        "(no pbgraph store here; load ledgers into it first "
        f"(pbgraph load FILES --store {directory}))"
    )


def not_a_store(path: Path) -> str:
    return (
        f"{path}: 不是 pbgraph 数据库（其中没有模式版本） "
        "(not a pbgraph store (no schema version in it))"
    )


def newer_store(path: Path, version: int, current: int) -> str:
    return (
        f"数据库 {path} 由更新版本的 pbgraph 写入（模式版本 {version} > {current}）；请升级 pbgraph "
        f"(the store at {path} was written by a newer pbgraph "
        f"(schema {version} > {current}); upgrade pbgraph)"
    )


def sqlite_error(path: Path, text: str, doing: str) -> PbgraphError:
    """SQLite's error ``text`` as one of pbgraph's errors, naming the store."""
    if "locked" in text or "busy" in text:
        return StoreUnreachableError(
            f"{path}: 数据库正忙（另一个 pbgraph 正在写入）；请待其结束后再试 "
            "(the store is busy (another pbgraph is writing it); try again when it is done)"
        )
    said = f"{path}: {DOING_ZH[doing]}：{text} ({doing}: {text})"
    if "full" in text or "I/O error" in text or "readonly" in text or "read-only" in text:
        return DiskError(said)
    if "not a database" in text or "malformed" in text:
        return StoreError(
            f"{path}: 不是 pbgraph 数据库，或已损坏：{text} (not a pbgraph store, or damaged: {text})"
        )
    return StoreError(said)
