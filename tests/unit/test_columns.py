"""The column-at-a-time parser agrees with the cell-by-cell rules, cell for cell."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from pbgraph.graphmodel.identifiers import make_credit_code, make_resident_id
from pbgraph.graphmodel.schema import FIELDS, NODES
from pbgraph.loaders.arrays import strings
from pbgraph.loaders.columns import normalize, parse_column
from pbgraph.loaders.values import parse

PROPS = [
    NODES["Organization"].prop("credit_code"),
    NODES["Organization"].prop("employees"),
    NODES["Organization"].prop("revenue"),
    NODES["Organization"].prop("lat"),
    NODES["Organization"].prop("key"),
    NODES["Organization"].prop("kind"),
    NODES["Organization"].prop("name"),
    NODES["PartyOrg"].prop("founded"),
    FIELDS["resident_id"],
    FIELDS["covered_codes"],
]
import datetime as dt  # noqa: E402

GOOD = [
    make_credit_code("91", "370102", "MA3C1234"),
    make_credit_code("52", "370103", "MJD12345"),
    make_resident_id("370102", dt.date(1990, 2, 28), 17),
]
cells = st.one_of(
    st.none(),
    # "Cn": characters this Python's Unicode tables do not know yet; Arrow's NFKC may be a
    # newer Unicode version and normalize them (U+1E030 -> "а"), which changes only the
    # value a message echoes, not whether the cell is accepted.
    st.text(st.characters(exclude_categories=["Cs", "Cn"]), max_size=25),
    st.sampled_from(
        [
            "3人",
            " 12 ",
            "1.5",
            "-3",
            "4.10101E+17",
            "是",
            "否",
            "√",
            "2018年7月31日",
            "20180731",
            "43312",
            "非公企业",
            "社会组织",
            "36.6",
            "１２",
            "91",
            "1e3",
            *GOOD,
            f"{GOOD[0]}；{GOOD[1]}",
            f"{GOOD[0]}、bad",
            GOOD[0].lower(),
            " " + GOOD[2] + " ",
        ]
    ),  # fmt: skip
)


def _expected(prop, values):
    out = [parse(prop, v) for v in values]
    return [v for v, _ in out], {i: p for i, (_, p) in enumerate(out) if p}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PROPS), st.lists(cells, max_size=12))
def test_text_columns_agree_with_cell_rules(prop, values) -> None:
    col = normalize(pa.array(values, pa.string()))
    assert parse_column(prop, col) == _expected(prop, values)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PROPS),
    st.lists(
        st.one_of(cells, st.integers(-5, 10**6), st.floats(allow_nan=False), st.just(4.10101e17)),
        max_size=12,
    ),
)
def test_spreadsheet_columns_agree_with_cell_rules(prop, values) -> None:
    assert parse_column(prop, list(values)) == _expected(prop, values)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([p for p in PROPS if p.type in ("int", "float")]),
    st.lists(
        st.one_of(st.none(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False)), max_size=12
    ),
)
def test_numeric_spreadsheet_columns_agree_with_cell_rules(prop, values) -> None:
    assert parse_column(prop, list(values)) == _expected(prop, values)


@settings(max_examples=25, deadline=None)
@given(st.lists(cells.filter(lambda c: c is None or isinstance(c, str)), min_size=1, max_size=40))
def test_a_long_column_of_few_values_is_normalized_like_each_cell(values: list[str | None]) -> None:
    """Long columns with few distinct values are normalized one distinct value at a time."""
    from pbgraph.loaders.values import clean

    long = (values * (10_000 // len(values) + 1))[:10_000]
    got = normalize(pa.array(long, pa.string())).to_pylist()
    assert got == [None if v is None else (clean(v) or None) for v in long]


def _rid(first17: str) -> str:
    """A resident ID number with its right check character, whatever its date."""
    s = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(first17)) % 11
    return first17 + "10X98765432"[s]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text("0123456789", min_size=8, max_size=8), min_size=1, max_size=50))
def test_dates_of_birth_are_checked_like_the_calendar(days: list[str]) -> None:
    def real(s: str) -> bool:
        try:
            dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            return False
        return True

    days = [*days, "20000229", "19000229"]
    ids = [_rid(f"370102{d}123") for d in days]
    values, problems = parse_column(FIELDS["resident_id"], normalize(strings(ids)))
    assert [i not in problems for i in range(len(ids))] == [real(d) for d in days]
    assert (values, problems) == _expected(FIELDS["resident_id"], ids)


ALPHABETS = {
    "credit_code": "0123456789ABCDEFGHJKLMNPQRTUWXY" + "IOSVZa #０",
    "resident_id": "0123456789X" + "x #",
}


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from([NODES["Organization"].prop("credit_code"), FIELDS["resident_id"]]),
    st.lists(st.tuples(st.integers(0, 17), st.integers(0, 99)), max_size=3),
    st.integers(0, 2),
    st.booleans(),
)
def test_identifiers_a_few_typos_away_agree_with_cell_rules(prop, typos, which, recheck) -> None:
    """Valid codes with a few characters changed (check characters, dates, the embedded
    organization code), the last check character recomputed or not: the numpy checks and
    the cell rules agree on every one."""
    from pbgraph.graphmodel.identifiers import uscc_check

    alphabet = ALPHABETS[prop.check]
    good = GOOD[:2] if prop.check == "credit_code" else [GOOD[2], _rid("11010519491231002")]
    chars = list(good[which % len(good)])
    for at, k in typos:
        chars[at] = alphabet[k % len(alphabet)]
    code = "".join(chars)
    if recheck and prop.check == "credit_code" and set(code[:17]) <= set(alphabet[:31]):
        code = code[:17] + uscc_check(code[:17])  # only the embedded code can be wrong now
    elif recheck and prop.check == "resident_id" and code[:17].isdigit():
        code = _rid(code[:17])  # only the date can be wrong now
    cells = [code, *good, code]  # clean rows around it, and a duplicate
    assert parse_column(prop, normalize(strings(cells))) == _expected(prop, cells)


def test_credit_code_check_matches_the_cell_rule_on_every_single_character_change() -> None:
    """Every position, every character of the alphabet: nothing slips through."""
    prop = NODES["Organization"].prop("credit_code")
    cells = [
        GOOD[0][:i] + c + GOOD[0][i + 1 :]
        for i in range(18)
        for c in ALPHABETS["credit_code"]
    ]  # fmt: skip
    values, problems = parse_column(prop, normalize(strings(cells)))
    assert (values, problems) == _expected(prop, cells)
    # one changed character is always caught (31 is prime): all that passes is the code
    # itself, written with a lower-case letter or a full-width digit at most
    assert {values[i] for i in range(len(cells)) if i not in problems} == {GOOD[0]}
    assert len(cells) - len(problems) == 18 + GOOD[0].count("A") + GOOD[0].count("0")


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            # combining marks, Hangul jamo, compatibility forms and the ASCII/CJK they attach to
            st.text(
                st.sampled_from("ae\u0301\u0308\u1100\u1161\u11a8\uff21\u3000济南 ·、"), max_size=6
            ),
        ),
        max_size=30,
    )
)
def test_columns_normalized_as_a_whole_agree_with_each_cell(values) -> None:
    """Whether a column needs NFKC is judged on all its cells at once; that never lets a
    cell that needs it through."""
    from pbgraph.loaders.values import clean

    got = normalize(strings(values)).to_pylist()
    assert got == [None if v is None else (clean(v) or None) for v in values]


def test_ascii_and_the_cjk_ideographs_are_left_alone_by_nfkc() -> None:
    """The byte-level shortcut of normalize: these code points neither change nor combine."""
    import unicodedata

    chars = [chr(c) for c in [*range(0x80), *range(0x4000, 0xA000)]]
    assert all(unicodedata.is_normalized("NFKC", c) for c in chars)
    assert all(unicodedata.combining(c) == 0 for c in chars)
    # no character composes with a preceding one of them, and none of them composes with
    # what precedes it: every canonical pair decomposition names neither as its second part
    kept = set(chars)
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<") and len(d.split()) == 2:
            assert chr(int(d.split()[1], 16)) not in kept, hex(cp)


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 4), st.lists(st.integers(0, 30), max_size=40))
def test_all_different_is_exact(width: int, picks: list[int]) -> None:
    """Hashing keys of one width never calls equal keys different, nor the reverse."""
    from pbgraph.loaders.arrays import all_different

    keys = [str(p).zfill(width)[-width:] for p in picks]
    assert all_different(strings(keys)) == (len(set(keys)) == len(keys))


def test_reading_a_csv_never_imports_pandas(tmp_path) -> None:
    """pyarrow imports pandas (a third of a second) when it converts a Python object; the
    loader builds its arrays from buffers and a ledger reads without it."""
    import subprocess
    import sys

    from pbgraph.synth import generate

    generate(300, tmp_path, seed=5)
    paths = [str(p) for p in sorted(tmp_path.glob("*.csv"))]
    code = (
        "import sys\nfrom pbgraph.loaders.load import validate_ledgers\n"
        f"v = validate_ledgers({paths!r})\n"
        "assert sum(s.read for s in v.summaries.values()) > 300\n"
        "print(sorted(m for m in ('pandas', 'networkx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
