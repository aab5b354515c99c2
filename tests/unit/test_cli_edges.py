"""Where people touch the command line (issue 18): a missing or empty store, the format an
``--out`` file's extension says, the rate's denominator in its header, tables that fit the
terminal with chosen columns and area filters, ``--bom``, and ``pbgraph.toml`` with its
precedence (option > environment > file > default)."""

from __future__ import annotations

import csv
import io
import json
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from pbgraph.cli import cli


@pytest.fixture(autouse=True)
def plain_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder (no pbgraph.toml above it) and no language in the environment."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    for var in ("PBGRAPH_LANG", "PBGRAPH_CONFIG", "PBGRAPH_STORE", "NEO4J_URI", "COLUMNS",
                "LC_ALL", "LC_MESSAGES", "LANG"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    return work


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    r = CliRunner().invoke(cli, list(args), env=env)
    assert "Traceback" not in r.output, r.output
    return r.exit_code, r.output


# -- 1: no store, or an empty one ---------------------------------------------------------


@pytest.mark.parametrize("command", [["coverage"], ["balance", "instructors"], ["group"],
                                     ["progress"], ["demo-sites"], ["funds"]])  # fmt: skip
def test_no_store_is_one_message_and_nothing_is_created(
    command: list[str], plain_environment: Path
) -> None:
    code, out = run(*command)
    assert code == 2
    assert str(plain_environment / ".pbgraph") in out  # where it looked
    assert "--store" in out and "pbgraph load" in out
    assert len(out.strip().splitlines()) == 1
    assert list(plain_environment.iterdir()) == []  # nothing created


def test_an_empty_store_is_an_error_not_zeros(plain_environment: Path) -> None:
    bad = plain_environment / "o.csv"
    bad.write_text("单位名称,统一社会信用代码,所属区县,所属街道\n甲,BAD,历下区,泉城路街道\n",
                   encoding="utf-8")  # fmt: skip
    code, _ = run("-q", "load", str(bad), "--store", "s", "--quarantine", str(plain_environment))
    assert code == 0
    for command in (["coverage"], ["export", "--out", "x"]):
        code, out = run("--lang", "en", *command, "--store", "s")
        assert code == 2
        assert "holds no organizations" in out and "pbgraph load" in out
        assert str(plain_environment / "s") in out
    code, out = run("coverage", "--store", "s")
    assert code == 2 and "没有两新组织" in out  # and in Chinese by default


# -- 2: the format follows --out's extension ----------------------------------------------


def test_out_extension_sets_the_format(loaded_city: Path, plain_environment: Path) -> None:
    store = ["--store", str(loaded_city)]
    assert run("coverage", *store, "--out", "cov.xlsx")[0] == 0
    assert zipfile.is_zipfile("cov.xlsx")
    assert openpyxl.load_workbook("cov.xlsx").active.max_row > 2
    assert run("coverage", *store, "--out", "cov.csv")[0] == 0
    assert (
        next(csv.reader(io.StringIO(Path("cov.csv").read_text(encoding="utf-8-sig"))))[0] == "区县"
    )
    assert run("coverage", *store, "--out", "cov.json")[0] == 0
    assert "rate" in json.loads(Path("cov.json").read_text(encoding="utf-8"))
    assert run("coverage", *store, "--out", "cov.txt")[0] == 0
    assert "──" in Path("cov.txt").read_text(encoding="utf-8")
    assert run("coverage", *store, "--out", "cov")[0] == 0
    assert "──" in Path("cov").read_text(encoding="utf-8")


def test_a_format_contradicting_the_extension_is_an_error(loaded_city: Path) -> None:
    store = ["--store", str(loaded_city), "--lang", "en"]
    code, out = run("coverage", *store, "--out", "cov.xlsx", "--format", "csv")
    assert code == 2 and "contradicts" in out
    assert not Path("cov.xlsx").exists()
    code, out = run("coverage", *store, "--out", "cov.xls")
    assert code == 2 and ".xlsx" in out
    assert run("coverage", *store, "--out", "cov.xlsx", "--format", "xlsx")[0] == 0


def test_a_format_from_the_config_file_yields_to_the_extension(loaded_city: Path) -> None:
    Path("pbgraph.toml").write_text('format = "csv"\n', encoding="utf-8")
    assert run("coverage", "--store", str(loaded_city), "--out", "cov.xlsx")[0] == 0
    assert zipfile.is_zipfile("cov.xlsx")
    code, out = run("coverage", "--store", str(loaded_city))
    assert code == 0 and out.startswith("区县,")  # no --out: the file's format


# -- 3: the rate's header states its denominator ------------------------------------------


@pytest.mark.parametrize(("denominator", "zh", "en"), [
    ("all", "组织覆盖率（全部单位口径）", "coverage rate (of all organizations)"),
    ("eligible", "组织覆盖率（应建口径：正式党员3名以上）", "coverage rate (of those with 3+ formal members)"),
])  # fmt: skip
def test_the_rate_header_states_its_denominator(
    loaded_city: Path, denominator: str, zh: str, en: str
) -> None:
    store = ["--store", str(loaded_city), "--denominator", denominator]
    code, out = run("coverage", *store)
    assert code == 0 and zh in out.splitlines()[0]
    code, out = run("coverage", *store, "--format", "csv", "--lang", "en")
    assert code == 0 and en in next(csv.reader(io.StringIO(out)))
    assert run("coverage", *store, "--out", "c.xlsx")[0] == 0
    header = next(openpyxl.load_workbook("c.xlsx").active.iter_rows(values_only=True))
    assert zh in header


# -- 6: tables that fit, with chosen columns and areas ------------------------------------


WIDE = [["balance", "instructors"], ["demo-sites", "--show", "gaps"],
        ["group", "--list", "members"], ["coverage", "--list", "must_build"]]  # fmt: skip


@pytest.mark.parametrize("command", WIDE, ids=" ".join)
def test_tables_fit_the_terminal(loaded_city: Path, command: list[str]) -> None:
    code, out = run(*command, "--store", str(loaded_city), env={"COLUMNS": "80"})
    assert code == 0
    lines = out.splitlines()
    assert len(lines) > 3
    assert max(cell_len(line) for line in lines) <= 80


def test_cjk_columns_line_up(loaded_city: Path) -> None:
    """Chinese characters are two cells wide: every row's street starts where its header does."""
    code, out = run("coverage", "--list", "must_build", "--store", str(loaded_city),
                    "--columns", "name,street,reason")  # fmt: skip
    assert code == 0
    header, _rule, *rows = out.splitlines()
    at = cell_len(header[: header.index("所属街道")])
    assert at > 20
    for row in rows:
        name, street, *_ = row.split()
        assert cell_len(row[: row.index(street, len(name))]) == at


def test_must_build_list_has_a_street_column(loaded_city: Path) -> None:
    code, out = run("coverage", "--list", "must_build", "--store", str(loaded_city),
                    "--format", "json")  # fmt: skip
    items = json.loads(out)["items"]
    assert items and all(x["street"] and x["district"] for x in items)
    code, out = run("coverage", "--list", "must_build", "--store", str(loaded_city))
    assert "所属街道" in out.splitlines()[0]


def test_columns_choose_and_order(loaded_city: Path) -> None:
    store = ["--store", str(loaded_city)]
    code, out = run("balance", "instructors", *store, "--columns", "name,原因", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0] == "单位名称,原因"
    code, out = run("balance", "instructors", *store, "--columns", "nope", "--lang", "en")
    assert code == 2 and "nope" in out and "reason" in out  # the columns there are


@pytest.mark.parametrize(("command", "key"), [
    (["balance", "instructors"], "street"), (["demo-sites", "--show", "gaps"], "district"),
    (["group", "--list", "members"], "area"), (["coverage", "--list", "no_members"], "district"),
])  # fmt: skip
def test_district_and_street_filters(loaded_city: Path, command: list[str], key: str) -> None:
    store = ["--store", str(loaded_city), "--format", "json"]
    code, out = run(*command, *store)
    data = json.loads(out)
    listed = data.get("items") or data.get("plan") or data.get("gaps")
    assert listed
    district = str(listed[0].get("district") or listed[0][key]).partition("/")[0]
    code, out = run(*command, *store, "--district", district)
    data = json.loads(out)
    kept = data.get("items") or data.get("plan") or data.get("gaps")
    assert 0 < len(kept) <= len(listed)
    assert all(str(x.get("district") or x[key]).partition("/")[0] == district for x in kept)
    code, out = run(*command, *store, "--district", "没有这个区")
    data = json.loads(out)
    assert not (data.get("items") or data.get("plan") or data.get("gaps"))


def test_balance_table_has_words_not_codes(loaded_city: Path) -> None:
    code, out = run("balance", "instructors", "--store", str(loaded_city))
    assert code == 0
    for word in ("Organization", "PartyOrg", "must_build", "joint_candidate", " new ", "kept"):
        assert word not in out
    code, out = run("balance", "instructors", "--store", str(loaded_city), "--show", "changes")
    assert "dropped" not in out and "moved" not in out


# -- --bom ------------------------------------------------------------------------------


def test_bom_for_csv(loaded_city: Path) -> None:
    store = ["coverage", "--store", str(loaded_city), "--format", "csv"]
    r = CliRunner().invoke(cli, store)
    assert not r.output.startswith("\ufeff")  # standard output: none by default
    r = CliRunner().invoke(cli, [*store, "--bom"])
    assert r.output.startswith("\ufeff区县,")
    CliRunner().invoke(cli, [*store, "--out", "a.csv"])
    assert Path("a.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # a file: one by default
    CliRunner().invoke(cli, [*store, "--out", "b.csv", "--no-bom"])
    assert Path("b.csv").read_bytes().startswith("区县".encode())


# -- pbgraph.toml -----------------------------------------------------------------------


def settings(out: str) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["command"], r["setting"]): r for r in json.loads(out)["settings"]}


def test_config_precedence_option_env_file_default(
    loaded_city: Path, plain_environment: Path
) -> None:
    code, out = run("config", "coverage", "--format", "json")
    assert code == 0
    s = settings(out)
    assert s["pbgraph coverage", "min-members"]["value"] == 3
    assert s["pbgraph coverage", "min-members"]["source"] == "默认值"
    # the file: a top-level key for every command, a command's table over it
    Path("pbgraph.toml").write_text(
        'min-members = 4\nlang = "en"\n[coverage]\nmin_members = 5\nby = "street"\n',
        encoding="utf-8",
    )
    s = settings(run("config", "coverage", "group", "--format", "json")[1])
    assert s["pbgraph coverage", "min-members"]["value"] == 5
    assert s["pbgraph group", "min-members"]["value"] == 4
    assert s["pbgraph coverage", "by"]["source"] == f"file {plain_environment / 'pbgraph.toml'}"
    assert s["pbgraph", "lang"]["value"] == "en"
    # the environment over the file
    env = {"PBGRAPH_COVERAGE_MIN_MEMBERS": "6", "PBGRAPH_LANG": "zh"}
    s = settings(run("config", "coverage", "--format", "json", env=env)[1])
    assert s["pbgraph coverage", "min-members"]["value"] == "6"
    assert s["pbgraph coverage", "min-members"]["source"] == "环境变量 PBGRAPH_COVERAGE_MIN_MEMBERS"
    assert s["pbgraph", "lang"]["value"] == "zh"
    # and what the command does: option > environment > file
    store = ["--store", str(loaded_city), "--format", "json"]
    params = lambda *a, env=None: json.loads(run("coverage", *store, *a, env=env)[1])["params"]  # noqa: E731
    assert params()["min_members"] == 5
    assert params(env=env)["min_members"] == 6
    assert params("--min-members", "7", env=env)["min_members"] == 7


def test_config_store_is_relative_to_the_file_and_found_upward(
    loaded_city: Path, plain_environment: Path
) -> None:
    (plain_environment / "pbgraph.toml").write_text(f'store = "{loaded_city}"\n', encoding="utf-8")
    sub = plain_environment / "a" / "b"
    sub.mkdir(parents=True)
    os.chdir(sub)
    code, out = run("coverage", "--by", "city", "--format", "csv")
    assert code == 0 and out.startswith("全市,")
    (plain_environment / "pbgraph.toml").write_text('store = "nothing-here"\n', encoding="utf-8")
    code, out = run("coverage")
    assert code == 2 and str(plain_environment / "nothing-here") in out and "配置文件" in out


def test_config_errors_name_the_file_and_key(plain_environment: Path) -> None:
    Path("pbgraph.toml").write_text("min-membrs = 3\n", encoding="utf-8")
    code, out = run("--lang", "en", "coverage")
    assert code == 2 and "pbgraph.toml" in out and "min-membrs" in out
    Path("pbgraph.toml").write_text('[coverage]\nby = "planet"\n', encoding="utf-8")
    code, out = run("--lang", "en", "coverage")
    assert code == 2 and "coverage.by" in out and "planet" in out
    Path("pbgraph.toml").write_text("min-members = [\n", encoding="utf-8")
    code, out = run("--lang", "en", "config")
    assert code == 2 and "TOML" in out
    other = plain_environment / "other.toml"
    other.write_text("[balance]\ncapacity = 4\n", encoding="utf-8")
    code, out = run("--config", str(other), "config", "balance", "--format", "json")
    assert code == 0 and settings(out)["pbgraph balance", "capacity"]["value"] == 4


# -- 9: load's progress ------------------------------------------------------------------


def test_load_progress_on_a_terminal_shows_files_size_and_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The terminal's display (rich): the files read of all, their size, then each kind."""
    from pbgraph.commands.loadprogress import LoadProgress

    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(b"x" * 3_000_000)
    b.write_bytes(b"y" * 1_000_000)
    with LoadProgress([str(a), str(b)], "en", tty=True) as shown:
        shown(f"reading {a}")
        shown(f"reading {b}")
        shown("loading organizations")
        shown("loading members")
    err = capsys.readouterr().err
    assert "2/2 files" in err and "4.0" in err and "MB" in err  # files and bytes of all
    assert "loaded organizations" in err and "loaded members" in err
    with LoadProgress([str(a)], "zh", tty=True, quiet=True) as shown:
        shown(f"reading {a}")
    assert capsys.readouterr().err == ""  # -q


def test_load_progress_plain_lines_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pbgraph.commands.loadprogress import LoadProgress

    a = tmp_path / "a.csv"
    a.write_bytes(b"x" * 2_500_000)
    with LoadProgress([str(a)], "zh", tty=False) as shown:
        shown(f"reading {a}")
        shown("loading party-orgs")
    assert capsys.readouterr().err.splitlines() == [
        "读取 a.csv (1/1 个文件, 2.5 MB)",
        "导入 党组织台账",
    ]


def test_shell_completion(plain_environment: Path) -> None:
    """click's completion (docs/commands/config.md#shell-completion) through pbgraph's main."""
    import subprocess
    import sys

    env = {**os.environ, "_PBGRAPH_COMPLETE": "bash_complete", "COMP_WORDS": "pbgraph coverage --by ",
           "COMP_CWORD": "3"}  # fmt: skip
    r = subprocess.run([sys.executable, "-c", "from pbgraph.cli import main; main()"], env=env,
                       capture_output=True, text=True, check=False)  # fmt: skip
    assert "plain,street" in r.stdout.splitlines()
    env |= {"_PBGRAPH_COMPLETE": "bash_source"}
    r = subprocess.run([sys.executable, "-c", "from pbgraph.cli import main; main()"], env=env,
                       capture_output=True, text=True, check=False)  # fmt: skip
    assert "_pbgraph_completion" in r.stdout
