"""The first loader: what `generate` writes loads completely, twice = once, bad rows are
quarantined with their reasons."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pbgraph.errors import InputError
from pbgraph.loaders.load import load_ledgers
from pbgraph.stores.sqlite import EmbeddedStore
from pbgraph.synth import build_city


def _snapshot(s: EmbeddedStore):
    G = s.graph()
    return (
        sorted((n, sorted(d.items())) for n, d in G.nodes(data=True)),
        sorted((u, v, k) for u, v, k in G.edges(keys=True)),
    )


def test_generated_city_loads_completely(
    small_city: list[Path], store: EmbeddedStore, tmp_path: Path
) -> None:
    result = load_ledgers(small_city, store, quarantine_dir=tmp_path)
    city = build_city(1500, seed=7)
    assert result.rejects == [] and result.quarantine is None
    c = result.counts
    assert c["Organization"] == 1500
    assert c["PartyOrg"] == len(city.party_orgs)
    assert c["Member"] == len(city.members)
    assert c["Instructor"] == len(city.instructors)
    assert c["COVERS_PartyOrg_Organization"] == sum(
        len(p["covered_codes"]) for p in city.party_orgs
    )
    assert c["PAIRED_WITH_MemberUnit_Organization"] == len(city.pairings)
    assert result.summaries["organizations"].loaded == 1500


def test_twice_is_once(small_city: list[Path], store: EmbeddedStore, tmp_path: Path) -> None:
    load_ledgers(small_city, store, quarantine_dir=tmp_path)
    once = _snapshot(store)
    load_ledgers(small_city, store, quarantine_dir=tmp_path)
    assert _snapshot(store) == once


def test_members_are_pseudonymized(loaded_city: Path, small_city: list[Path]) -> None:
    with EmbeddedStore(loaded_city) as s:
        G = s.graph()
        raw = s.path.read_bytes()
    members = [d for _, d in G.nodes(data=True) if d["label"] == "Member"]
    assert members and all(d["id"].startswith("M-") for d in members)
    assert all(d["name_masked"][1:] == "*" * (len(d["name_masked"]) - 1) for d in members)
    city = build_city(1500, seed=7)
    for m in city.members[:50]:  # no resident ID, phone or full name anywhere in the file
        assert m["resident_id"].encode() not in raw
        assert m["phone"].encode() not in raw
        assert m["name"].encode() not in raw or len(m["name"]) < 2


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f).writerows(rows)
    return path


GOOD = "91350100M000100Y43"


def test_bad_rows_are_quarantined_and_others_load(tmp_path: Path, store: EmbeddedStore) -> None:
    p = _write_csv(
        tmp_path / "orgs.csv",
        [
            ["济南市两新组织台账"],
            ["填报单位：历下区委组织部", "", "填报日期：2018年7月31日"],
            [
                "序号",
                "企业名称",
                "信用代码",
                "所属区县",
                "所属街道",
                "正式党员数",
                "是否重点",
                "自定义列",
            ],
            ["1", "甲公司", GOOD, "历下区", "泉城路街道", "3人", "是", "x"],
            ["2", "乙公司", "91350100M000100Y44", "历下区", "泉城路街道", "1", "否", ""],
            ["3", "丙公司", "4.10101E+17", "历下区", "泉城路街道", "0", "否", ""],
            ["4", "丁公司", "", "历下区", "泉城路街道", "abc", "否", ""],
            ["", "", "", "", "", "", "", ""],
            ["合计", "", "", "", "", "4", "", ""],
            ["注：本表由各街道填报"],
        ],
        encoding="gb18030",
    )
    result = load_ledgers([p], store, quarantine_dir=tmp_path)
    s = result.summaries["organizations"]
    assert (s.read, s.loaded, s.rejected, s.skipped) == (7, 1, 3, 3)
    assert result.unknown_columns == [(str(p), "自定义列")]
    org = store.graph().nodes[f"Organization:{GOOD}"]
    assert org["formal_members"] == 3 and org["key"] is True
    with open(result.quarantine, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    by_row = {(r["行号"], r["规则"]) for r in rows}
    assert ("5", "value") in by_row  # wrong check character, spreadsheet row 5
    assert ("6", "value") in by_row  # Excel's scientific notation, never repaired
    assert ("7", "required") in by_row and ("7", "value") in by_row  # missing code and a bad number
    assert any("Excel" in r["reason"] for r in rows)


def test_duplicates(tmp_path: Path, store: EmbeddedStore) -> None:
    header = ["单位名称", "统一社会信用代码", "所属区县", "所属街道", "正式党员"]
    row = ["甲公司", GOOD, "历下区", "泉城路街道", "1"]
    p = _write_csv(
        tmp_path / "d.csv", [header, row, row, ["甲公司", GOOD, "历下区", "泉城路街道", "2"]]
    )
    result = load_ledgers([p], store, quarantine_dir=tmp_path)
    s = result.summaries["organizations"]
    assert (s.loaded, s.merged, s.rejected) == (1, 1, 1)
    assert store.graph().nodes[f"Organization:{GOOD}"]["formal_members"] == 1
    load_ledgers([p], store, quarantine_dir=tmp_path, prefer="last")
    assert store.graph().nodes[f"Organization:{GOOD}"]["formal_members"] == 2


def test_unreadable_files(tmp_path: Path, store: EmbeddedStore) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable workbook"):
        load_ledgers([bad], store)
    txt = tmp_path / "x.pdf"
    txt.write_text("x")
    with pytest.raises(InputError, match="not a CSV or XLSX"):
        load_ledgers([txt], store)
    none = _write_csv(tmp_path / "n.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(InputError, match="no ledger header"):
        load_ledgers([none], store)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")  # cannot be mapped: read, and found to have no header
    with pytest.raises(InputError, match="no ledger header"):
        load_ledgers([empty], store)


def test_round_trip_generate_load_export_load(loaded_city: Path, tmp_path: Path) -> None:
    """generate -> load -> export -> load again gives the same graph."""
    from pbgraph.loaders.export import export_ledgers

    with EmbeddedStore(loaded_city) as s:
        G1 = s.graph()
    files = export_ledgers(G1, tmp_path / "exported")
    assert {p.suffix for p in files} == {".csv", ".xlsx"}
    with EmbeddedStore(tmp_path / "copy") as s2:
        result = load_ledgers(files, s2, quarantine_dir=tmp_path)
        assert result.rejects == []
        G2 = s2.graph()
    assert sorted(G2.nodes(data=True)) == sorted(G1.nodes(data=True))
    assert sorted(G2.edges(keys=True, data=True)) == sorted(G1.edges(keys=True, data=True))
    members = (tmp_path / "exported" / "03_党员台账.csv").read_text(encoding="utf-8-sig")
    assert "公民身份号码" not in members and "M-" in members


def test_numbers_read_by_arrow_agree_with_the_cell_rules(
    small_city: list[Path], tmp_path: Path
) -> None:
    """A clean export's number columns are parsed by Arrow itself; one odd cell (a unit,
    full-width digits, an infinite or out-of-range number) sends the whole file through the
    cell rules. Both paths give the same records for the same rows."""
    from pbgraph.loaders.load import validate_ledgers

    src = next(p for p in small_city if p.name.startswith("01_"))
    lines = src.read_text(encoding="utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if "统一社会信用代码" in line)
    cols = next(csv.reader([lines[header]]))
    j = cols.index("从业人员数")
    clean = validate_ledgers([src]).records["organizations"][0]
    assert not isinstance(clean.columns[clean.fields.index("employees")], list)  # Arrow's path
    for odd in ("12人", "１２", "inf", "1e9", "-3"):
        row = next(csv.reader([lines[header + 1]]))
        row[j] = odd
        out = tmp_path / f"{odd}.csv"
        with open(out, "w", encoding="utf-8-sig", newline="") as f:
            f.write("\n".join(lines[: header + 1]) + "\n")
            csv.writer(f).writerow(row)
            f.write("\n".join(lines[header + 2 :]) + "\n")
        v = validate_ledgers([out])
        messy = v.records["organizations"][0]
        assert messy.fields == clean.fields
        for field in clean.fields:  # every row but the odd one: the same values
            assert clean.column(field)[1:] == messy.column(field)[1:], (odd, field)
        if odd in ("12人", "１２"):
            assert messy.column("employees")[0] == 12 and not v.rejects
        else:
            assert [r.column for r in v.rejects] == ["从业人员数"], odd
