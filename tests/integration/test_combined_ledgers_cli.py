"""Combined ledgers as offices keep them (``tests/office_ledgers.py``) through ``pbgraph`` in a
process of its own: `pbgraph inspect`, `--mapping` and `--set` end to end; ledgers that cannot
be read stop with one message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from pbgraph.keys import load_key
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol
from tests.helpers import check_truth


def pbgraph(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pbgraph", "-q", *args],
        capture_output=True, text=True, cwd=cwd, env={"PATH": "/usr/bin:/bin", "PBGRAPH_KEY_FILE": os.environ["PBGRAPH_KEY_FILE"]},
    )  # fmt: skip


def error_lines(stderr: str) -> list[str]:
    """stderr without load's progress lines (stderr is not a terminal: plain lines)."""
    return [x for x in stderr.strip().splitlines() if not x.startswith(("读取 ", "导入 "))]


def test_unreadable_ledger_is_one_message(tmp_path: Path) -> None:
    p = ol.unreadable_csv(tmp_path)
    r = pbgraph("load", str(p), "--store", "s", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    (line,) = error_lines(r.stderr)
    assert str(p) in line and "pbgraph inspect" in line


def test_district_nowhere_is_one_message_and_nothing_loads(tmp_path: Path) -> None:
    p = ol.no_district_csv(tmp_path)
    good = ol.lixia_csv(tmp_path)
    r = pbgraph("load", str(good), str(p), "--store", "s", cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    (line,) = error_lines(r.stderr)
    assert str(p) in line and "所属区县" in line and "--set 所属区县=" in line
    assert "pbgraph inspect" in line
    assert not (tmp_path / "s" / "graph.sqlite").exists() or _org_count(tmp_path / "s") == 0
    # told the district, it loads
    r = pbgraph("load", str(p), "--store", "s", "--set", "所属区县=历下区", "--format", "json",
                cwd=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["kinds"]["organizations"]["loaded"] == 4
    assert out["implied"][0]["source"].startswith("选项或映射文件")


def _org_count(store_dir: Path) -> int:
    with EmbeddedStore(store_dir) as s:
        return s.counts().get("Organization", 0)


def test_inspect_shows_how_a_ledger_is_read(tmp_path: Path) -> None:
    p = ol.lixia_xlsx(tmp_path)
    r = pbgraph("inspect", str(p), "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    sheets = {s["sheet"]: s for s in report["sheets"]}
    assert set(sheets) == {"泉城路街道", "大明湖街道", "解放路街道"}
    s = sheets["泉城路街道"]
    assert s["kind"] == "organizations" and s["header_rows"] == [2, 3] and s["rows"] == 7
    cols = {c["header"]: c for c in s["columns"]}
    assert cols["党组织情况/名称"]["field"] == "party_org_name"
    assert cols["单位名称"]["field"] == "name"
    assert cols["党员情况/正式党员"]["field"] == "formal_members"
    assert cols["所属区县"]["how"] == "implied" and cols["所属区县"]["samples"] == ["历下区"]
    # a person's name is masked in the samples
    assert all("*" in x for x in cols["党建指导员"]["samples"])
    implied = {i["field"]: (i["value"], i["source"].split(" ")[0]) for i in s["implied"]}
    assert implied == {"district": ("历下区", "标题行"), "street": ("泉城路街道", "工作表名")}
    assert s["would_reject"] == {}
    # as text, for a planner
    text = pbgraph("inspect", str(p), cwd=tmp_path).stdout
    assert "推断：所属区县 = 历下区 ← 标题行" in text  # Chinese first (--lang en: implied)


def test_inspect_counts_what_would_be_rejected(tmp_path: Path) -> None:
    code = next(iter(ol.LIXIA_CODES.values()))
    p = tmp_path / "历下区台账.csv"
    p.write_text(
        "单位名称,统一社会信用代码,所属街道,正式党员,联系人\n"
        f"甲公司,{code},泉城路街道,3,王五\n"
        f"乙公司,{code[:-1]}0,泉城路街道,x,赵六\n"
        f"丙公司,,泉城路街道,1,\n",
        encoding="utf-8",
    )
    r = pbgraph("inspect", str(p), "--format", "json", cwd=tmp_path)
    (s,) = json.loads(r.stdout)["sheets"]
    assert s["would_reject"] == {"required": 1, "value": 1}
    unknown = {c["header"]: c for c in s["columns"]}["联系人"]
    assert unknown["field"] is None and unknown["how"] == "unknown"
    assert "closest" in unknown


def test_mapping_makes_the_load_exact(tmp_path: Path) -> None:
    """A ledger whose party-organization column is headed 所在党组织全称 (unknown): the
    load gets the joint branch wrong; `inspect --write-mapping`, the planner names the
    column, `load --mapping` is exact."""
    src = ol.lixia_csv(tmp_path / "src", "utf-8-sig")
    text = src.read_text(encoding="utf-8-sig").replace(",党组织名称,", ",所在支部,", 1)
    p = tmp_path / "历下区两新组织台账.csv"
    p.write_text(text, encoding="utf-8-sig")
    units = ol.member_units_xlsx(tmp_path)
    truth = ol.TRUTH["lixia"]

    r = pbgraph("load", str(p), str(units), "--store", "wrong", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert {"file": str(p), "column": "所在支部"} in json.loads(r.stdout)["unknown_columns"]
    with EmbeddedStore(tmp_path / "wrong") as s:
        assert s.counts()["PartyOrg"] != truth["party_orgs"]  # the branch is split

    m = tmp_path / "map.toml"
    r = pbgraph("inspect", str(p), "--write-mapping", str(m), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    written = m.read_text(encoding="utf-8")
    assert '"所在支部" = ""  # 未识别' in written
    assert tomllib.loads(written)["set"] == {"所属区县": "历下区"}
    m.write_text(written.replace('"所在支部" = ""', '"所在支部" = "党组织名称"'), encoding="utf-8")
    r = pbgraph("load", str(p), str(units), "--store", "right", "--mapping", str(m), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    with EmbeddedStore(tmp_path / "right") as s:
        check_truth(s.graph(), truth, load_key().secret)
