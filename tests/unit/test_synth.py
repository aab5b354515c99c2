"""The synthetic city: deterministic, valid, calibrated to docs/design.md#the-synthetic-city within stated tolerances."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from pbgraph.graphmodel.identifiers import is_credit_code, is_resident_id
from pbgraph.synth import DISTRICTS, build_city, generate


@pytest.fixture(scope="module")
def city():
    return build_city(20000, seed=3)


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(400, tmp_path / "a", seed=11)
    b = generate(400, tmp_path / "b", seed=11)
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    c = generate(400, tmp_path / "c", seed=12)
    assert a[0].read_bytes() != c[0].read_bytes()


def test_formats(small_city: list[Path]) -> None:
    csvs = [p for p in small_city if p.suffix == ".csv"]
    xlsxs = [p for p in small_city if p.suffix == ".xlsx"]
    # issue 20 (A): 10_, 11_; (B): 21_, 22_, 23_; (C): 30_ (CSV), 31_, 32_
    assert len(csvs) == 4 and len(xlsxs) == 8 + 3 + 2
    for p in csvs:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel writes it
    assert "统一社会信用代码" in csvs[0].read_text(encoding="utf-8-sig").splitlines()[0]


def test_identifiers_are_valid_and_unique(city) -> None:
    codes = [o.code for o in city.orgs]
    assert len(set(codes)) == len(codes)
    assert all(is_credit_code(c) for c in codes)
    assert all(is_resident_id(m["resident_id"]) for m in city.members)
    assert {d.name for d in city.districts} == {n for n, _ in DISTRICTS}


def test_calibration(city) -> None:
    n = len(city.orgs)
    covered = {c for p in city.party_orgs for c in p["covered_codes"]}
    assert 0.65 <= len(covered) / n <= 0.75  # ~70 % organizational coverage
    small = [o for o in city.orgs if o.employees < 20]
    assert sum(o.formal == 0 for o in small) / len(small) >= 0.8  # most small firms: no members
    assert 0.10 <= sum(1 <= o.formal <= 2 for o in city.orgs) / n <= 0.25  # many with 1-2
    loads = [len(i["guided_codes"]) + len(i["guided_party_orgs"]) for i in city.instructors]
    assert 2 <= statistics.mean(loads) <= 4  # 2-4 organizations per instructor on average
    assert max(loads) > 4  # ...and some are overloaded, which balancing is for
    joint = [len(p["covered_codes"]) for p in city.party_orgs if p["form"] == "joint"]
    assert sum(k <= 5 for k in joint) / len(joint) >= 0.95  # at most 5 units, bar a few
    assert len(city.instructors) == n // 250
    assert len(city.members) == round(0.3 * n)


def test_each_org_in_one_street_and_covered_once(city) -> None:
    seen: dict[str, str] = {}
    for p in city.party_orgs:
        for c in p["covered_codes"]:
            assert c not in seen, "an organization covered by two party organizations"
            seen[c] = p["form"]
