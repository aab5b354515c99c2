"""Chinese first, both languages (issue 18): every message the command line can show has its
Chinese in the catalog (:mod:`pbgraph.i18n.zh`) with the same fields, every word pair in
:mod:`pbgraph.labels` has both languages, the language follows ``--lang``, the environment,
the config file and the locale, and Chinese output carries no internal English code."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import re
import string
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import pbgraph
import pbgraph.labels
from pbgraph import i18n
from pbgraph.cli import cli
from pbgraph.i18n.zh import MESSAGES

ROOT = Path(pbgraph.__file__).parent


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def help_texts() -> dict[str, str]:
    """Every help text of every command and option: message id -> where."""
    out: dict[str, str] = {}

    def walk(cmd: click.Command, path: str) -> None:
        if cmd.help:
            out.setdefault(inspect.cleandoc(cmd.help), path)
        for p in cmd.params:
            h = getattr(p, "help", None)
            if h and p.name not in ("help", "version"):
                out.setdefault(inspect.cleandoc(h), f"{path} {p.opts[0]}")
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    with i18n.using("en"):
        walk(cli, "pbgraph")
    return out


def code_messages() -> dict[str, str]:
    """Every ``_("…")`` in pbgraph's code: message id -> file and line."""
    out: dict[str, str] = {}
    for f in ROOT.rglob("*.py"):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "_" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):  # fmt: skip
                out.setdefault(node.args[0].value, f"{f.relative_to(ROOT)}:{node.lineno}")
    return out


def click_messages() -> set[str]:
    """click's own message ids (``_("…")``, ``ngettext("…", "…")``; ``required`` it looks up
    through a variable)."""
    out: set[str] = {"required"}
    for name in i18n._CLICK_MODULES:
        tree = ast.parse(Path(importlib.import_module(f"click.{name}").__file__ or "").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "_", "ngettext"
            ):  # fmt: skip
                out |= {a.value for a in node.args if isinstance(a, ast.Constant)
                        and isinstance(a.value, str)}  # fmt: skip
    return out


def test_every_help_text_has_its_chinese() -> None:
    missing = {where: m[:70] for m, where in help_texts().items() if m not in MESSAGES}
    assert missing == {}, "add them to pbgraph/i18n/zh.py"


def test_every_message_in_the_code_has_its_chinese() -> None:
    missing = {where: m for m, where in code_messages().items() if m not in MESSAGES}
    assert missing == {}, "add them to pbgraph/i18n/zh.py"


def test_the_catalog_has_no_leftovers_and_keeps_the_fields() -> None:
    used = set(help_texts()) | set(code_messages()) | click_messages()
    assert sorted(set(MESSAGES) - used) == []
    for en, zh in MESSAGES.items():
        assert zh.strip(), en
        assert fields(en) == fields(zh), en
        assert re.search("[\u4e00-\u9fff]", zh) or zh != en, en  # said in Chinese


def text_pairs() -> list[tuple[str, Any]]:
    """Every ``(zh, en)`` pair of the label modules (dict values and module-level tuples)."""
    out = []
    for info in pkgutil.iter_modules(pbgraph.labels.__path__):
        module = importlib.import_module(f"pbgraph.labels.{info.name}")
        for name, value in vars(module).items():
            items = value.items() if isinstance(value, dict) else [(None, value)]
            for key, v in items:
                if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, str) for x in v):
                    out.append((f"{info.name}.{name}[{key}]", v))
    return out


#: chart titles whose Chinese is fixed by the chart (各区县…, 各街道…) or says the sum in 万元
FIELDS_DIFFER = {"coverage.CHART_WORDS[by_district]", "coverage.CHART_WORDS[by_area]",
                 "progress.CHART_WORDS[funds]"}  # fmt: skip


def test_every_label_has_both_languages_with_the_same_fields() -> None:
    pairs = text_pairs()
    assert len(pairs) > 200
    for where, (zh, en) in pairs:
        assert zh and en, where
        assert fields(zh) == fields(en) or where in FIELDS_DIFFER, where


# -- choosing the language ----------------------------------------------------------------


@pytest.fixture
def no_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("PBGRAPH_LANG", "PBGRAPH_CONFIG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)


@pytest.mark.parametrize(("env", "args", "chinese"), [
    ({}, [], True),  # the default
    ({"LANG": "en_US.UTF-8"}, [], False),
    ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"}, [], True),  # LC_ALL first
    ({"LANG": "C.UTF-8"}, [], True),
    ({"LANG": "zh_CN.UTF-8", "PBGRAPH_LANG": "en"}, [], False),
    ({"PBGRAPH_LANG": "en"}, ["--lang", "zh"], True),
])  # fmt: skip
def test_the_language_follows_option_env_locale(
    no_language: None, env: dict[str, str], args: list[str], chinese: bool
) -> None:
    r = CliRunner().invoke(cli, [*args, "coverage", "--help"], env=env)
    assert r.exit_code == 0
    assert ("按区域统计组织覆盖" in r.output) is chinese
    assert ("Organizational and work coverage" in r.output) is not chinese
    assert ("用法：" in r.output) is chinese


def test_the_language_from_the_config_file(no_language: None, tmp_path: Path) -> None:
    (tmp_path / "pbgraph.toml").write_text('lang = "en"\n', encoding="utf-8")
    r = CliRunner().invoke(cli, ["coverage", "--help"])
    assert "Organizational and work coverage" in r.output
    r = CliRunner().invoke(cli, ["coverage", "--help"], env={"PBGRAPH_LANG": "zh"})
    assert "按区域统计组织覆盖" in r.output


def test_command_lang_before_help(no_language: None) -> None:
    r = CliRunner().invoke(cli, ["balance", "--lang", "en", "--help"])
    assert "An optimal plan" in r.output


def test_chinese_help_fits_the_terminal(no_language: None) -> None:
    from rich.cells import cell_len

    for path in (["--help"], ["coverage", "--help"], ["group", "--help"], ["load", "--help"]):
        r = CliRunner().invoke(cli, path, terminal_width=80)
        assert r.exit_code == 0
        text = [line for line in r.output.splitlines() if not line.startswith("  -")]  # options
        assert max(cell_len(line) for line in text) <= 82, path  # closing punctuation may hang


def test_usage_errors_in_chinese(no_language: None) -> None:
    r = CliRunner().invoke(cli, ["coverage", "--by", "planet"])
    assert r.exit_code == 2 and "值无效" in r.output and "Invalid value" not in r.output


# -- no internal code in Chinese output -------------------------------------------------

#: ASCII words Chinese output may hold: names of commands and options, formats, units
ALLOWED = {"pbgraph", "json", "csv", "xlsx", "MB", "format", "lists"}
CODES = re.compile(r"(?<![A-Za-z0-9_/.-])[A-Za-z][A-Za-z_]+(?![A-Za-z0-9_])")


def ascii_words(text: str) -> set[str]:
    """ASCII words outside identifiers (credit codes, ids, pseudonyms hold digits)."""
    words = set()
    for line in text.splitlines():
        for token in re.split(r"[\s,，；;：:（）()、/]+", line):
            if token and not re.search(r"\d", token) and not token.startswith("-"):
                words |= set(CODES.findall(token))
    return words - ALLOWED


@pytest.mark.parametrize("args", [
    ["coverage"], ["coverage", "--by", "street"], ["coverage", "--list", "must_build"],
    ["coverage", "--list", "weak_no_instructor"], ["coverage", "--list", "latent"],
    ["balance", "instructors"], ["balance", "instructors", "--show", "changes"],
    ["balance", "pairings"], ["balance", "pairings", "--show", "streets"],
    ["group"], ["group", "--list", "members"], ["group", "--list", "groups"],
    ["group", "--list", "splits"], ["progress"], ["progress", "--flagged"],
    ["progress", "--by", "district"], ["demo-sites"], ["demo-sites", "--show", "gaps"],
    ["demo-sites", "--show", "uncovered"], ["funds"],
])  # fmt: skip
def test_chinese_tables_have_no_internal_codes(
    no_language: None, loaded_city: Path, args: list[str]
) -> None:
    r = CliRunner().invoke(cli, [*args, "--store", str(loaded_city)])
    assert r.exit_code == 0, r.output
    assert ascii_words(r.output) == set()


def test_chinese_csv_and_xlsx_have_no_internal_codes(
    no_language: None, loaded_city: Path, tmp_path: Path
) -> None:
    import openpyxl

    r = CliRunner().invoke(cli, ["balance", "instructors", "--store", str(loaded_city),
                                 "--format", "csv"])  # fmt: skip
    assert ascii_words(r.output) == set()
    out = tmp_path / "plan.xlsx"
    CliRunner().invoke(cli, ["balance", "instructors", "--store", str(loaded_city), "--show",
                             "changes", "--out", str(out)])  # fmt: skip
    cells = [str(c) for row in openpyxl.load_workbook(out).active.iter_rows(values_only=True)
             for c in row if c is not None]  # fmt: skip
    assert ascii_words("\n".join(cells)) == set()


def test_load_summary_and_notices_in_both_languages(
    no_language: None, small_city: list[Path], tmp_path: Path
) -> None:
    args = ["load", *map(str, small_city), "--store", str(tmp_path / "s"), "--quarantine",
            str(tmp_path)]  # fmt: skip
    r = CliRunner().invoke(cli, args)
    assert r.exit_code == 0
    assert "两新组织台账" in r.stdout and "台账类型" in r.stdout
    assert ascii_words(r.stdout) == set()
    assert "读取" in r.stderr and "导入 两新组织台账" in r.stderr  # progress, not a terminal
    r = CliRunner().invoke(cli, ["--lang", "en", *args])
    assert "organizations" in r.stdout and "ledger" in r.stdout and "台账类型" not in r.stdout
    assert "reading" in r.stderr
    r = CliRunner().invoke(cli, ["-q", *args])
    assert r.stderr == ""  # -q: no progress
    data = json.loads(CliRunner().invoke(cli, ["-q", *args, "--format", "json"]).stdout)
    assert data["kinds"]["organizations"]["read"] > 0


def test_chinese_reject_reasons_say_as_much_as_the_english(
    no_language: None, tmp_path: Path
) -> None:
    """The quarantine's Chinese reason names the check character, what it should be and what
    it is, as the English one does."""
    import csv

    from pbgraph.graphmodel.identifiers import make_credit_code, uscc_check

    good = make_credit_code("91", "370102", "MA3C1234")
    wrong = "0" if good[17] != "0" else "1"
    bad = good[:17] + wrong
    p = tmp_path / "o.csv"
    p.write_text("单位名称,统一社会信用代码,所属区县,所属街道,正式党员数\n"
                 f"甲,{bad},历下区,泉城路街道,2\n乙,{good[:16]}Q{good[17]},历下区,泉城路街道,1\n"
                 f"丙,{good},历下区,泉城路街道,两\n", encoding="utf-8")  # fmt: skip
    r = CliRunner().invoke(cli, ["-q", "load", str(p), "--store", str(tmp_path / "s"),
                                 "--quarantine", str(tmp_path)])  # fmt: skip
    assert r.exit_code == 0, r.output
    with (tmp_path / "quarantine.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header, *rejects = rows
    n = len(header) // 2  # the Chinese half, then the English half
    by_zh = [row[n - 1] for row in rejects]
    assert f"第18位校验码应为{uscc_check(bad[:17])}，实为{wrong}" in by_zh
    assert "实为 '两'" in " ".join(by_zh)  # a number that is not one, quoted as the English does
    for row in rejects:
        zh, en = row[n - 1], row[-1]
        assert re.search("[\u4e00-\u9fff]", zh) and not re.search("[a-z]{3,}", zh), zh
        for detail in re.findall(r"[0-9A-Z]\b|'[^']*'", en):  # what the English names
            assert detail in zh or detail.strip("'") in zh, (zh, en)
