"""The parts the stores are split into (issue 16), each on its own, with no server: the names a
module re-exports from its parts are the same objects, and the modules stay small."""

from __future__ import annotations

import ast
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pbgraph.stores
from pbgraph.errors import StoreError
from pbgraph.graphmodel.schema import NODES, RELS, RESULT_RELS, rel
from pbgraph.stores import neo4j_launcher, neo4j_load, neo4j_local, neo4j_process, neo4j_read
from pbgraph.stores import sqlite_sql as sql

STORES_DIR = Path(pbgraph.stores.__file__).parent


# -- names re-exported by the modules they moved out of --------------------------------------------------------------------


def test_split_names_import_from_the_modules_they_left() -> None:
    from pbgraph.stores import neo4j

    for name in (
        "build",
        "build_dir",
        "LocalNeo4jError",
        "LAUNCHER_DIR",
        "JVM_FLAGS",
        "MAIN_CLASS",
    ):
        assert getattr(neo4j_local, name) is getattr(neo4j_launcher, name)
    for name in ("PID_FILE", "STATE_FILE", "LOG_FILE"):
        assert getattr(neo4j_local, name) == getattr(neo4j_process, name)
    assert neo4j_local.LAUNCHER_DIR == STORES_DIR / "launcher"
    for name in ("BATCH", "LOAD_BEAT", "LOAD_STALE", "LOADING", "DONE", "FAILED"):
        assert getattr(neo4j, name) == getattr(neo4j_load, name)
    assert neo4j.PAGE == neo4j_read.PAGE


def _long_functions(tree: ast.AST, limit: int) -> list[str]:
    return [
        f"{n.name} ({n.end_lineno - n.lineno + 1} lines)"
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        and n.end_lineno is not None
        and n.end_lineno - n.lineno + 1 > limit
    ]


@pytest.mark.parametrize("path", sorted(STORES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_store_modules_stay_small(path: Path) -> None:
    """Issue 16: no module of pbgraph/stores over 500 lines, no function over 80."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 500
    assert _long_functions(ast.parse(text), 80) == []


# -- neo4j_load: rows, batches, the marker ----------------------------------------------------


def test_row_lists_are_in_column_order_with_iso_dates() -> None:
    rows: list[dict[str, Any]] = [{"a": 1, "d": dt.date(2024, 5, 1)}, {"b": "x"}]
    assert neo4j_load.row_lists(rows, ["a", "b", "d"]) == [
        [1, None, "2024-05-01"],
        [None, "x", None],
    ]


def test_batches_keep_the_rows_of_one_start_together() -> None:
    rows = [[k, i] for i, k in enumerate("aabbbcca")]
    plain = list(neo4j_load.batches(rows, 3, together=False))
    assert [len(b) for b in plain] == [3, 3, 2]
    together = list(neo4j_load.batches(rows, 2, together=True))
    assert sorted(map(tuple, sum(together, []))) == sorted(map(tuple, rows))
    for batch in together:  # no start key is in two batches
        others = [r for b in together if b is not batch for r in b]
        assert not {r[0] for r in batch} & {r[0] for r in others}


def test_node_and_rel_columns_check_the_rows() -> None:
    region = NODES["Region"]
    assert neo4j_load.node_columns(region, [{"name": "x", "code": "1"}])[0] == region.key
    with pytest.raises(StoreError, match="not in the schema"):
        neo4j_load.node_columns(region, [{"code": "1", "colour": "red"}])
    with pytest.raises(StoreError, match="lack the key"):
        neo4j_load.node_columns(region, [{"name": "x"}])
    located = rel("LOCATED_IN", "Organization", "Region")
    assert neo4j_load.rel_columns(located, [{"start": "a", "end": "b", "extra": None}])[:2] == [
        "start",
        "end",
    ]
    with pytest.raises(StoreError, match="not in the schema"):
        neo4j_load.rel_columns(located, [{"start": "a", "end": "b", "extra": 1}])
    with pytest.raises(StoreError, match="'start' and an 'end'"):
        neo4j_load.rel_columns(located, [{"start": "a"}])


class _Tx:
    """A transaction whose every query returns ``marker`` as its single record."""

    def __init__(self, marker: dict[str, Any] | None) -> None:
        self.marker = marker

    def run(self, query: str, **params: Any) -> _Tx:
        assert "$meta" in query and params["meta"] == "store"  # values as parameters only
        return self

    def single(self) -> dict[str, Any] | None:
        return self.marker


def _marker(state: str | None, age: float = 1.0, token: str = "t1") -> dict[str, Any]:
    return {
        "state": state,
        "host": "another machine",
        "pid": 1,
        "pid_start": None,
        "age": age,
        "token": token,
        "started": None,
        "ended": None,
    }


def test_the_marker_refuses_unfinished_and_running_loads() -> None:
    uri = "bolt://example:7687"
    assert neo4j_load.check_marker(_Tx(None), uri) is None
    assert neo4j_load.check_marker(_Tx(_marker("done")), uri)["state"] == "done"
    with pytest.raises(StoreError, match="is in progress"):
        neo4j_load.check_marker(_Tx(_marker("loading", age=1.0)), uri)
    with pytest.raises(StoreError, match="did not finish"):
        neo4j_load.check_marker(_Tx(_marker("loading", age=neo4j_load.LOAD_STALE + 1)), uri)
    with pytest.raises(StoreError, match="did not finish"):
        neo4j_load.check_marker(_Tx(_marker("failed")), uri)
    assert neo4j_load.check_marker(_Tx(_marker("loading")), uri, own=True)["state"] == "loading"
    neo4j_load.check_same_load(_Tx(_marker("done")), uri, _marker("done"))
    with pytest.raises(StoreError, match="ran while this was reading"):
        neo4j_load.check_same_load(_Tx(_marker("done", token="t2")), uri, _marker("done"))


def test_when_says_local_time() -> None:
    assert neo4j_load.when(None) == "at an unknown time"
    t = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert neo4j_load.when(t) == t.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip()


# -- neo4j_read: pages and rows ---------------------------------------------------------------


def _reader(sections: list[list[list[Any]]], fail: Exception | None = None) -> Any:
    def read(put: Callable[[Any], bool]) -> None:
        for pages in sections:
            for page in pages:
                put(page)
            put(neo4j_read.Pages.END)
        if fail is not None:
            raise fail

    return read


def test_pages_hand_over_sections_in_order() -> None:
    pages = neo4j_read.Pages(_reader([[[1], [2]], [], [[3]]]), depth=1)
    try:
        assert list(pages.section()) == [[1], [2]]
        assert list(pages.section()) == []
        assert list(pages.section()) == [[3]]
        pages.finish()
    finally:
        pages.close()


def test_pages_raise_what_the_reader_raised() -> None:
    pages = neo4j_read.Pages(_reader([[[1]]], fail=StoreError("gone")))
    try:
        assert list(pages.section()) == [[1]]
        with pytest.raises(StoreError, match="gone"):
            pages.finish()
    finally:
        pages.close()
    early = neo4j_read.Pages(_reader([]))
    try:
        with pytest.raises(StoreError, match="ended before the graph was complete"):
            list(early.section())
    finally:
        early.close()


def test_pages_stop_reading_when_closed() -> None:
    handed = threading.Event()

    def endless(put: Callable[[Any], bool]) -> None:
        while put([0]):
            handed.set()

    pages = neo4j_read.Pages(endless, depth=2)
    assert handed.wait(10)
    pages.close()
    assert not pages._thread.is_alive()


def test_rows_from_pages_drop_none() -> None:
    region = NODES["Region"]
    names = region.prop_names
    row = ["370102", *([None] * (len(names) - 1))]
    ((key, attrs),) = neo4j_read.node_rows(region, [[row]])
    assert key == "370102" and attrs == {"label": "Region", region.key: "370102"}
    plain = RELS[0]
    assert list(neo4j_read.rel_rows(plain, [[["a", "b"]]])) == [("a", "b", {"type": plain.type})]
    r = next(r for r in RESULT_RELS if r.props)
    props = [None] * len(r.props)
    ((start, end, attrs),) = neo4j_read.rel_rows(r, [[["a", "b", *props]]])
    assert (start, end, attrs) == ("a", "b", {"type": r.type})


# -- sqlite_sql ---------------------------------------------------------------------------------


def test_sql_quotes_schema_names_and_keeps_values_as_parameters() -> None:
    assert sql.q('a"b') == '"a""b"'
    region = NODES["Region"]
    text = sql.upsert_nodes_sql(region, [region.key, "name"])
    assert text.count("?") == 2 and "coalesce(excluded" in text and "370102" not in text
    assert sql.upsert_nodes_sql(region, [region.key]).endswith("DO NOTHING")
    located = rel("LOCATED_IN", "Organization", "Region")
    assert sql.upsert_rels_sql(located, []).count("?") == 2


def test_sql_rows_and_values() -> None:
    assert sql.row_columns(["a", "b", "c"], [{"c": 1}, {"a": 2}], "a") == ["a", "c"]
    with pytest.raises(StoreError, match="lack the key"):
        sql.row_columns(["a", "b"], [{"b": 1}], "a")
    with pytest.raises(StoreError, match="not in the schema"):
        sql.row_columns(["a"], [{"a": 1, "z": 2}], "a")
    assert sql.sql_value(True) == 1 and sql.sql_value(dt.date(2020, 1, 2)) == "2020-01-02"
    assert sql.sql_value("x") == "x"


# -- neo4j_launcher ---------------------------------------------------------------------------


def test_the_launcher_is_built_in_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    where = neo4j_launcher.build_dir()
    assert where.parent == tmp_path / "pbgraph" and where.name.startswith("launcher-")
    assert neo4j_launcher.build_dir("ab" * 20).name == "launcher-" + "ab" * 8


def test_the_launcher_command_line(tmp_path: Path) -> None:
    jar = tmp_path / "target" / "neo4j-launcher.jar"
    cmd = neo4j_launcher.launcher_command(
        "java", jar, data=tmp_path / "d", port=7999, heap="384m", page_cache="64m"
    )
    assert cmd[:3] == ["java", "-Xms384m", "-Xmx384m"]
    assert cmd[-4:] == [neo4j_launcher.MAIN_CLASS, str(tmp_path / "d"), "7999", "64m"]
    assert cmd[cmd.index("-cp") + 1].split(":") == [str(jar), str(jar.parent / "dependency/*")]


def test_a_short_password_is_refused_before_anything_starts(tmp_path: Path) -> None:
    with pytest.raises(neo4j_local.LocalNeo4jError, match="at least 8 characters"):
        neo4j_local.start(port=1, data_dir=tmp_path / "neo4j", password="x")
    assert not (tmp_path / "neo4j").exists()
