"""Combined ledgers as offices keep them (tests/office_ledgers.py, written by hand): they load
exactly, into the same graph the separate ledgers give, on the embedded store; mappings and
districts by code. (On Neo4j, and `pbgraph inspect`, `--mapping` and `--set` end to end in a
process of their own: ``tests/integration/``.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pbgraph.analyses.balance import balance_instructors, balance_pairings
from pbgraph.analyses.coverage import coverage
from pbgraph.analyses.grouping import group
from pbgraph.keys import load_key
from pbgraph.loaders.ledgers import KINDS
from pbgraph.loaders.load import same_name
from pbgraph.loaders.write import write_ledger
from pbgraph.stores.sqlite import EmbeddedStore
from tests import office_ledgers as ol
from tests.helpers import check_truth, credit_codes, load_files

LEDGERS = {
    "lixia-gb18030": ("lixia", lambda d: ol.lixia_csv(d, "gb18030")),
    "lixia-utf8": ("lixia", lambda d: ol.lixia_csv(d, "utf-8-sig")),
    "lixia-xlsx": ("lixia", ol.lixia_xlsx),
    "shizhong-xlsx": ("shizhong_street", ol.shizhong_street_xlsx),
}


@pytest.mark.parametrize("ledger", list(LEDGERS))
def test_combined_ledger_loads_exactly(tmp_path: Path, store: EmbeddedStore, ledger: str) -> None:
    name, write = LEDGERS[ledger]
    truth = ol.TRUTH[name]
    files = [write(tmp_path), ol.member_units_xlsx(tmp_path)]
    result = load_files(files, store, tmp_path)
    assert result.rejects == []
    assert result.summaries["organizations"].loaded == truth["orgs"]
    implied = {(i.field, i.value) for i in result.implied if i.field == "district"}
    assert implied == {("district", truth["district"])}
    check_truth(store.graph(), truth, load_key().secret)
    # the one unit not in the member-units ledger is reported, made from its name
    made = [n for n in result.notices if "不在成员单位台账中" in n.message]
    assert len(made) == (1 if name == "lixia" else 0)
    # loading the same ledger again changes nothing
    before = store.counts()
    again = load_files(files, store, tmp_path)
    assert again.rejects == [] and store.counts() == before


def test_implied_sources(tmp_path: Path, store: EmbeddedStore) -> None:
    """District from the title (the CSV has a street column), street from the sheet name
    (XLSX), district and street from the title of a street's workbook on Sheet1."""
    r = load_files([ol.lixia_csv(tmp_path)], store, tmp_path)
    assert [(i.field, i.source.split(" ")[0]) for i in r.implied] == [("district", "标题行")]
    # 所在楼宇（园区） names two kinds of place: no kind is implied
    r = load_files([ol.lixia_xlsx(tmp_path)], store, tmp_path)
    got = {(i.sheet, i.field): (i.value, i.source.split(" ")[0]) for i in r.implied}
    assert got[("大明湖街道", "street")] == ("大明湖街道", "工作表名")
    assert got[("大明湖街道", "district")] == ("历下区", "标题行")
    r = load_files([ol.shizhong_street_xlsx(tmp_path)], store, tmp_path)
    got = {
        i.field: (i.value, i.source.split(" ")[0]) for i in r.implied if i.field != "building_kind"
    }
    assert got == {"district": ("市中区", "标题行"), "street": ("大观园街道", "标题行")}
    # 所在商圈 says what kind of place the building column names
    kinds = {d.get("kind") for _, d in store.graph().nodes(data=True) if d["label"] == "Building"}
    assert "商圈" in kinds


def test_district_from_credit_codes_alone(tmp_path: Path, store: EmbeddedStore) -> None:
    """No title, no district column, no district in the file name: the codes' 370102."""
    src = ol.lixia_csv(tmp_path / "src", "utf-8-sig")
    lines = src.read_text(encoding="utf-8-sig").splitlines()[2:]  # no title, no 填报单位
    p = tmp_path / "orgs.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    r = load_files([p], store, tmp_path)
    assert r.rejects == []
    (i,) = [i for i in r.implied if i.field == "district"]
    assert (i.value, i.source.split(" ")[0], i.rows) == (None, "信用代码区划代码", 16)
    assert coverage(store.graph()).totals()["total"] == 16


def test_title_and_codes_disagree_is_reported(tmp_path: Path, store: EmbeddedStore) -> None:
    """--set says 历下区, the codes say 市中区 (370103): the option wins, the rows are
    counted in a notice, nothing is rejected."""
    r = load_files([ol.shizhong_street_xlsx(tmp_path)], store, tmp_path,
                   mapping=_sets(所属区县="历下区"))  # fmt: skip
    assert r.rejects == []
    (n,) = [n for n in r.notices if "区划" in n.message]
    assert n.message.startswith("8行的信用代码区划为其他区县")
    assert {
        d["name"] for _, d in store.graph().nodes(data=True) if d.get("level") == "district"
    } == {"历下区"}


def _sets(**pairs: str) -> Any:
    from pbgraph.loaders.mapping import Mapping

    return Mapping(source="--set").with_fixed(pairs)


def test_contradictions_are_rejected(tmp_path: Path, store: EmbeddedStore) -> None:
    """是否建立党组织 = 否 with a party organization named; more probationary members than
    members: rejected with their reasons, the other rows load."""
    code_a, code_b, code_c = list(ol.LIXIA_CODES.values())[:3]
    p = tmp_path / "历下区台账.csv"
    p.write_text(
        "单位名称,统一社会信用代码,所属街道,党员人数,其中：预备党员,是否建立党组织,党组织名称\n"
        f"甲公司,{code_a},泉城路街道,3,1,否,甲公司党支部\n"
        f"乙公司,{code_b},泉城路街道,1,2,否,\n"
        f"丙公司,{code_c},泉城路街道,4,1,否,\n",
        encoding="utf-8",
    )
    r = load_files([p], store, tmp_path)
    assert [(x.row, x.column) for x in r.rejects] == [(2, "是否建立党组织"), (3, "预备党员")]
    G = store.graph()
    assert G.nodes[f"Organization:{code_c}"]["formal_members"] == 3  # 4 - 1


# -- the same graph as the separate ledgers -------------------------------------------------


def _separate_ledgers(name: str, folder: Path) -> list[Path]:
    """The same organizations written as the tidy, separate ledgers (by pbgraph's writer)."""
    truth = ol.TRUTH[name]
    district = truth["district"]
    if name == "lixia":
        rows = [(street, o, o.formal) for street, orgs in ol.LIXIA.items() for o in orgs]
        codes = ol.LIXIA_CODES
    else:
        rows = [("大观园街道", o, o.members - o.prob) for o in ol.SHIZHONG]
        codes = ol.SHIZHONG_CODES
    org_records, party_orgs, instructors, pairings = [], {}, {}, []
    units = {same_name(u[6]): u[5] for u in ol.MEMBER_UNITS}
    for street, o, formal in rows:
        code = codes[ol.one_line(o.name)]
        org_records.append({
            "credit_code": code, "name": ol.one_line(o.name), "kind": o.kind,
            "district": district, "street": street, "building": o.building or None,
            "employees": o.staff, "key": o.key in ("是", "√"), "formal_members": formal,
            "probationary_members": o.prob,
        })  # fmt: skip
        po = None
        if o.party_org:
            po = f"{street}/{same_name(o.party_org)}"
            form = {"单建": "independent", "单独组建": "independent", "联建": "joint",
                    "联合组建": "joint", "挂靠": "attached", "兜底": "attached"}[o.form]  # fmt: skip
            entry = party_orgs.setdefault(
                po, {"id": f"P{len(party_orgs) + 1}", "name": o.party_org, "form": form,
                     "covered_codes": []},
            )  # fmt: skip
            entry["covered_codes"].append(code)
        for person in filter(None, o.instructors.split("、")):
            i = instructors.setdefault(
                person, {"id": f"I{len(instructors) + 1}", "name": person, "district": district,
                         "street": street, "guided_codes": [], "guided_party_orgs": []},
            )  # fmt: skip
            if po:
                pid = party_orgs[po]["id"]
                if pid not in i["guided_party_orgs"]:
                    i["guided_party_orgs"].append(pid)
            else:
                i["guided_codes"].append(code)
        for unit in filter(None, [o.paired]):
            uid = units.get(same_name(unit))
            if uid is None:  # a unit only the combined ledger knows: a platform of its own
                uid = "EXTRA"
            pairings.append({"unit_id": uid, "paired_code": code})
    folder.mkdir(parents=True, exist_ok=True)
    platforms = ol.member_units_xlsx(folder)
    extra = []
    if any(p["unit_id"] == "EXTRA" for p in pairings):
        extra = [write_ledger(folder / "extra_units.xlsx", KINDS["platforms"], [{
            "platform_id": "X", "platform_name": "另记", "platform_level": "district",
            "district": district, "unit_id": "EXTRA", "unit_name": "历下区税务局"}])]  # fmt: skip
    return [
        write_ledger(folder / "orgs.csv", KINDS["organizations"], org_records),
        write_ledger(folder / "pos.xlsx", KINDS["party-orgs"], party_orgs.values()),
        write_ledger(folder / "ins.xlsx", KINDS["instructors"], instructors.values()),
        platforms,
        *extra,
        write_ledger(folder / "pairs.xlsx", KINDS["pairings"], pairings),
    ]


def _plan_figures(r: Any) -> dict[str, Any]:
    after = r.stats()["after"]
    return {k: after[k] for k in ("demand", "served", "served_weight", "key_served", "max_load")}


@pytest.mark.parametrize("ledger", ["lixia-xlsx", "shizhong-xlsx"])
def test_same_graph_as_separate_ledgers(tmp_path: Path, ledger: str) -> None:
    """Coverage of every organization, party organizations, the grouping proposals and the
    balance plans are those of the separate ledgers."""
    name, write = LEDGERS[ledger]
    with EmbeddedStore(tmp_path / "a") as a, EmbeddedStore(tmp_path / "b") as b:
        ra = load_files(
            [write(tmp_path / "combined"), ol.member_units_xlsx(tmp_path / "combined")], a, tmp_path
        )
        rb = load_files(_separate_ledgers(name, tmp_path / "separate"), b, tmp_path)
        assert ra.rejects == [] and rb.rejects == []
        Ga, Gb = a.graph(), b.graph()
    ca, cb = coverage(Ga), coverage(Gb)
    assert ca.categories == cb.categories
    assert ca.totals() == cb.totals()
    assert {k: sorted(credit_codes(v)) for k, v in ca.flags.items()} == {
        k: sorted(credit_codes(v)) for k, v in cb.flags.items()
    }

    def groups(G: Any) -> set[frozenset[str]]:
        return {frozenset(g.codes) for g in group(G, include_empty=True).groups}

    assert groups(Ga) == groups(Gb)
    assert _plan_figures(balance_instructors(Ga)) == _plan_figures(balance_instructors(Gb))
    assert _plan_figures(balance_pairings(Ga)) == _plan_figures(balance_pairings(Gb))


# -- mappings, districts by code, separate ledgers alongside --------------------------------


def test_mapping_value_words(tmp_path: Path, store: EmbeddedStore) -> None:
    """[values.FIELD] teaches a word pbgraph does not know (已建 for yes)."""
    from pbgraph.loaders.mapping import Mapping

    code = next(iter(ol.LIXIA_CODES.values()))
    p = tmp_path / "历下区台账.csv"
    p.write_text(
        "单位名称,统一社会信用代码,所属街道,正式党员,是否建立党组织,党组织名称,组建方式\n"
        f"甲公司,{code},泉城路街道,3,已建,甲公司党支部,自建\n",
        encoding="utf-8",
    )
    rejects = load_files([p], store, tmp_path).rejects
    assert {(x.row, x.column) for x in rejects} == {(2, "是否建立党组织"), (2, "组建方式")}
    m = Mapping.parse(
        '[values.has_party_org]\n"已建" = "是"\n[values."组建方式"]\n"自建" = "independent"'
    )
    r = load_files([p], store, tmp_path, mapping=m)
    assert r.rejects == []
    assert coverage(store.graph()).category_of(code) == "own"


def test_rows_whose_code_implies_no_district_are_rejected(
    tmp_path: Path, store: EmbeddedStore
) -> None:
    """District by the codes, row by row: a code of a division the table does not know is
    that row's reject (with the way out), the others load."""
    known = list(ol.LIXIA_CODES.values())[:2]
    p = tmp_path / "orgs.csv"
    p.write_text(
        "单位名称,统一社会信用代码,所属街道\n"
        f"甲公司,{known[0]},泉城路街道\n"
        f"乙公司,{ol.NO_DISTRICT_CODES[0]},泉城路街道\n"
        f"丙公司,{known[1]},大明湖街道\n",
        encoding="utf-8",
    )
    r = load_files([p], store, tmp_path)
    assert [(x.row, x.column, x.rule) for x in r.rejects] == [(3, "所属区县", "required")]
    assert "区划表" in r.rejects[0].message and "--set" in r.rejects[0].message
    assert r.summaries["organizations"].loaded == 2


def test_matched_with_separate_ledgers(tmp_path: Path, store: EmbeddedStore) -> None:
    """A party-organization ledger and an instructor ledger loaded with the combined one:
    the joint branch and the instructor are the separate ledgers' (matched by name in the
    street / masked name in the district), not made twice; a disagreement on the form is
    reported and the party-organization ledger kept."""
    branch = "泉城路街道恒隆广场（商务楼宇）联合党支部"
    pos = write_ledger(tmp_path / "党组织台账.xlsx", KINDS["party-orgs"], [
        {"id": "DZZ001", "name": branch, "form": "independent", "district": "历下区",
         "street": "泉城路街道"}])  # fmt: skip
    ins = write_ledger(tmp_path / "指导员台账.xlsx", KINDS["instructors"], [
        {"id": "ZDY001", "name": "李红梅", "district": "历下区", "street": "泉城路街道",
         "capacity": 4}])  # fmt: skip
    files = [ol.lixia_csv(tmp_path), pos, ins, ol.member_units_xlsx(tmp_path)]
    r = load_files(files, store, tmp_path)
    assert r.rejects == []
    G = store.graph()
    truth = ol.TRUTH["lixia"]
    assert store.counts()["PartyOrg"] == truth["party_orgs"]
    covered = {v.split(":", 1)[1] for _, v, k in G.out_edges("PartyOrg:DZZ001", keys=True)
               if k == "COVERS"}  # fmt: skip
    assert covered == next(iter(truth["joint_branches"].values()))
    (said,) = [n for n in r.notices if "党组织台账中为" in n.message]
    assert "independent" in said.message and "joint" in said.message
    # 李红梅 is the ledger's ZDY001: the joint branch and 泉城路文化传媒
    assert store.counts()["Instructor"] == len(truth["instructor_loads"])
    guided = [v for _, v, k in G.out_edges("Instructor:ZDY001", keys=True) if k == "GUIDES"]
    assert len(guided) == truth["instructor_loads"]["李红梅"]
