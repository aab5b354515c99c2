"""Errors in the language in force (issue 18): what the stores, the pseudonym key, the local
Neo4j and the analyses' rule checks raise reaches a Chinese user in Chinese and an English
user in English — the ``中文 (English)`` pairs :func:`pbgraph.i18n.bilingual` splits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pbgraph import i18n
from pbgraph.cli import cli
from pbgraph.errors import InputError
from pbgraph.outputs import disk_error
from pbgraph.stores import neo4j_local

#: three lowercase English words in a row: a sentence, not a command's or an option's name
ENGLISH = re.compile(r"\b[a-z]{2,}(?: [a-z]{2,}){2,}\b")


def english(text: str) -> list[str]:
    """English phrases of ``text``, leaving out commands quoted in backticks."""
    return ENGLISH.findall(re.sub(r"`[^`]*`", "", text))


@pytest.fixture
def no_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("PBGRAPH_LANG", "PBGRAPH_CONFIG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)


def error(r: Result) -> str:
    """The one error line, checked: exit 2 or more, no traceback."""
    assert r.exit_code >= 2 and r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.splitlines() if line.startswith(("错误：", "Error: "))]
    assert len(lines) == 1, r.stderr
    return lines[0]


def both(args: list[str]) -> tuple[str, str]:
    """The error of ``args`` in the default language (Chinese) and under ``--lang en``."""
    zh = error(CliRunner().invoke(cli, ["-q", *args]))
    en = error(CliRunner().invoke(cli, ["-q", "--lang", "en", *args]))
    return zh, en


def ledger(tmp_path: Path) -> Path:
    p = tmp_path / "o.csv"
    p.write_text("单位名称,统一社会信用代码,所属区县,所属街道,正式党员数\n"
                 "甲,91370102MA3C12345X,历下区,泉城路街道,2\n", encoding="utf-8")  # fmt: skip
    return p


def test_a_load_with_another_key_is_refused_in_the_language_in_force(
    no_language: None, tmp_path: Path
) -> None:
    p, store = ledger(tmp_path), str(tmp_path / "s")
    first = CliRunner().invoke(cli, ["-q", "load", str(p), "--store", store, "--key-file",
                                     str(tmp_path / "a.key"), "--quarantine", str(tmp_path)])  # fmt: skip
    assert first.exit_code == 0, first.output
    zh, en = both(["load", str(p), "--store", store, "--key-file", str(tmp_path / "b.key"),
                   "--quarantine", str(tmp_path)])  # fmt: skip
    assert zh.startswith("错误：数据库 ") and "化名密钥" in zh and "新的化名" in zh
    assert str(tmp_path / "b.key") in zh and english(zh) == [], zh
    assert "was loaded with pseudonym key" in en and "members would get new pseudonyms" in en
    assert not re.search("[\u4e00-\u9fff]", en), en


def test_a_key_file_that_is_no_key(no_language: None, tmp_path: Path) -> None:
    key = tmp_path / "bad.key"
    key.write_text("not hex\n", encoding="ascii")
    key.chmod(0o600)
    zh, en = both(["load", str(ledger(tmp_path)), "--store", str(tmp_path / "s"),
                   "--key-file", str(key), "--quarantine", str(tmp_path)])  # fmt: skip
    assert "不是 pbgraph 密钥" in zh and "64 个十六进制字符" in zh and english(zh) == [], zh
    assert en == f"Error: {key}: not a pbgraph key (expected 64 hexadecimal characters)"


def test_a_too_short_neo4j_password(no_language: None, tmp_path: Path) -> None:
    zh, en = both(["neo4j", "start", "--data", str(tmp_path / "n"), "--password", "short"])
    assert zh == "错误：用户 neo4j 的密码至少要 8 个字符（Neo4j 不接受更短的密码）"
    assert en == ("Error: the password of user neo4j must be at least 8 characters "
                  "(Neo4j refuses shorter ones)")  # fmt: skip
    zh, en = both(["neo4j", "start", "--data", str(tmp_path / "n"), "--password", "password",
                   "--heap", "12x"])  # fmt: skip
    assert zh == "错误：大小 '12x' 无效：应写作 512m 或 2g" and "'12x' is not a size" in en


def test_an_analysis_rule_in_the_language_in_force(no_language: None, loaded_city: Path) -> None:
    zh, en = both(["progress", "--store", str(loaded_city), "--since", "2018-08-01",
                   "--until", "2018-07-01"])  # fmt: skip
    assert zh == "错误：起始日期 2018-08-01 晚于截止日期 2018-07-01"
    assert en == "Error: since (2018-08-01) is after until (2018-07-01)"
    zh, en = both(["coverage", "--store", str(loaded_city), "--compare", "2001-01-01",
                   "2001-02-01"])  # fmt: skip
    assert "没有日期为 2001-01-01 的覆盖快照" in zh and english(zh) == [], zh
    assert "no coverage snapshot dated 2001-01-01 in the store" in en


def test_messages_raised_to_python_keep_their_english() -> None:
    """A Python caller's ``pytest.raises(match=English)`` still matches: the pair holds it."""
    with pytest.raises(neo4j_local.LocalNeo4jError, match="is not a size: write it as 512m"):
        neo4j_local.parse_size("12x")
    with i18n.using("en"):
        e = disk_error("out.csv", OSError(28, "No space left on device"))
        assert i18n.bilingual(str(e)) == "out.csv: No space left on device"
    with i18n.using("zh"):
        assert i18n.bilingual(str(e)) == "out.csv: 磁盘空间已满"
    unknown = disk_error("out.csv", OSError(9999, "Something odd"))
    assert str(unknown) == "out.csv: Something odd"  # no Chinese for it: said as the OS says
    assert isinstance(InputError("x"), Exception)


def test_a_ledger_that_cannot_be_read(no_language: None, tmp_path: Path) -> None:
    doc = tmp_path / "o.doc"
    doc.write_text("甲", encoding="utf-8")
    zh, en = both(["load", str(doc), "--store", str(tmp_path / "s")])
    assert zh == f"错误：{doc}: 不是 CSV 或 XLSX 文件（.csv、.xlsx）；请另存为其中一种"
    assert en == f"Error: {doc}: not a CSV or XLSX file (.csv, .xlsx); save it as one of those"
    page = tmp_path / "o.xlsx"
    page.write_text("<html><table><tr><td>甲</td></tr></table></html>", encoding="utf-8")
    zh, en = both(["load", str(page), "--store", str(tmp_path / "s")])
    assert "网页（HTML）文件" in zh and "请在 Excel 中打开" in zh and english(zh) == [], zh
    assert "not a readable workbook: a web page saved with an .xlsx name" in en


def test_a_mapping_that_is_not_toml(no_language: None, tmp_path: Path) -> None:
    """tomllib's reason ends in ``(at line 1, column 6)``: the Chinese keeps it whole."""
    m = tmp_path / "m.toml"
    m.write_text("[columns\n", encoding="utf-8")
    zh, en = both(["load", str(ledger(tmp_path)), "--store", str(tmp_path / "s"),
                   "--mapping", str(m)])  # fmt: skip
    assert zh.startswith(f"错误：{m}: 不是 TOML 格式的映射文件：") and "（at line 1" in zh, zh
    assert "not a TOML mapping" not in zh
    assert en.startswith(f"Error: {m}: not a TOML mapping: ") and "(at line 1" in en, en
