import datetime as dt

import pytest

from pbgraph.graphmodel import identifiers as ids


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example printed in GB 32100-2015
        ids.make_credit_code("91", "370102", "MA3C1234"),
        ids.make_credit_code("52", "370103", "MJD12345"),
    ],
)
def test_valid_credit_codes(code: str) -> None:
    assert ids.is_credit_code(code)
    assert ids.credit_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("91350100M000100Y44", "check character 18"),  # wrong 18th
        ("91350100M000100Y4", "18 characters"),  # too short
        ("91350100M00010OY43", "not allowed: O"),  # O is not in the alphabet
        ("91350100I000100Y43", "not allowed: I"),
    ],
)
def test_invalid_credit_codes(code: str, fragment: str) -> None:
    problem = ids.credit_code_problem(code)
    assert problem is not None and fragment in problem


def test_embedded_organization_code_is_checked() -> None:
    # Body M000100Y with a wrong organization-code check character (5 instead of 4), and a
    # recomputed 18th character so that only the embedded check fails.
    first17 = "91350100M000100Y5"
    code = first17 + ids.uscc_check(first17)
    assert "organization code" in (ids.credit_code_problem(code) or "")


def test_org_code_check_known_values() -> None:
    assert ids.org_code_check("M000100Y") == "4"
    assert ids.org_code_check("D2143569") == "X"


def test_resident_id() -> None:
    assert ids.is_resident_id("11010519491231002X")
    assert not ids.is_resident_id("110105194912310021")  # check digit
    assert "date of birth" in (ids.resident_id_problem("110105194913310028") or "")
    rid = ids.make_resident_id("370102", dt.date(1990, 2, 28), 17)
    assert ids.is_resident_id(rid) and rid.startswith("37010219900228017")


def test_mobile() -> None:
    assert ids.is_mobile("13912345678")
    assert not ids.is_mobile("1391234567")
    assert not ids.is_mobile("23912345678")
