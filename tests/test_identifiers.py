"""Tests of kehu_desktop.domain.identifiers: what users type and import, and what we store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import assume
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import PHONE_DIGITS_ANYWHERE
from kehu_desktop.domain.identifiers import USCC_ALPHABET
from kehu_desktop.domain.identifiers import USCC_FIRST_CHARS
from kehu_desktop.domain.identifiers import check_postcode
from kehu_desktop.domain.identifiers import check_uscc
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.identifiers import normalise_phone
from kehu_desktop.domain.identifiers import normalise_text
from kehu_desktop.domain.identifiers import parse_amount
from kehu_desktop.domain.identifiers import parse_count
from kehu_desktop.domain.identifiers import parse_date_not_future
from kehu_desktop.domain.identifiers import phone_digits
from kehu_desktop.domain.identifiers import phone_search_keys
from kehu_desktop.domain.identifiers import uscc_check_char
from kehu_desktop.domain.messages import CATALOGUE

TODAY = date(2024, 6, 1)


def only_error(call: Callable[[], Any]) -> FieldError:
    """Run ``call``, which must fail with exactly one field error, and return that error."""
    with pytest.raises(ValidationFailed) as info:
        call()
    assert len(info.value.errors) == 1
    error = info.value.errors[0]
    assert error.code in CATALOGUE, f"{error.code} has no message"
    return error


def to_full_width(s: str) -> str:
    """What a Chinese input method in full-width mode produces for ASCII ``s``."""
    return "".join(
        "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s
    )


# ------------------------------------------------------------------------------------------
# normalise_text
# ------------------------------------------------------------------------------------------


def test_normalise_text_full_width_and_whitespace() -> None:
    assert (
        normalise_text("  ＡＢＣ１２３\u3000（上海）\t\n有限  公司 ") == "ABC123 (上海) 有限 公司"
    )
    assert normalise_text("") == ""
    assert normalise_text("\u3000\u3000") == ""


def test_normalise_text_keeps_other_characters() -> None:
    # Not NFKC: enclosed numbers and CJK compatibility forms are part of names.
    assert normalise_text("第①分店㈱") == "第①分店㈱"


@given(st.text())
def test_normalise_text_idempotent_and_clean(s: str) -> None:
    once = normalise_text(s)
    assert normalise_text(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not any(0xFF01 <= ord(c) <= 0xFF5E or c == "\u3000" for c in once)


# ------------------------------------------------------------------------------------------
# USCC
# ------------------------------------------------------------------------------------------

# Published codes of real enterprises and a public institution (12...), all checked by hand.
REAL_CODES = [
    "91310000132200821H",
    "91110000600037341L",
    "91440300708461136T",
    "914403001922038216",
    "91330100799655058B",
    "91110108551385082Q",
    "91110000717828315T",
    "12100000400000624D",
]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code: str) -> None:
    assert check_uscc(code) == code
    assert stdnum_uscc.is_valid(code)


def test_weights_are_powers_of_three() -> None:
    # The check character of 17 zeros and a single 1 at position i is 31 - 3**i mod 31.
    for i in range(17):
        first17 = "0" * i + "1" + "0" * (16 - i)
        assert uscc_check_char(first17) == USCC_ALPHABET[(31 - pow(3, i, 31)) % 31]
    assert uscc_check_char("0" * 17) == "0"  # 31 -> 0


def test_check_char_of_known_code() -> None:
    assert uscc_check_char("91310000132200821") == "H"
    assert make_uscc("91310000132200821") == "91310000132200821H"


@pytest.mark.parametrize("bad", ["9131000013220082", "9131000013220082IX", "9" * 18 + "1"])
def test_uscc_check_char_rejects_bad_input(bad: str) -> None:
    with pytest.raises(ValueError):
        uscc_check_char(bad)


@pytest.mark.parametrize(
    "raw",
    [
        "91310000132200821h",
        " 91310000132200821H ",
        "9131-0000-1322-0082-1H",
        "9131 0000 1322 0082 1H",
        to_full_width("91310000132200821h"),
        "\u3000９１３１００００１３２２００８２１Ｈ\u3000",
    ],
)
def test_uscc_normalisation(raw: str) -> None:
    assert check_uscc(raw) == "91310000132200821H"


@pytest.mark.parametrize(
    ("raw", "code", "params"),
    [
        ("", "required", {"label": "统一社会信用代码"}),
        ("  ", "required", {"label": "统一社会信用代码"}),
        ("913101000000000", "uscc.excel_mangled", {}),
        ("9.13101E+17", "uscc.excel_mangled", {}),
        ("9.13101e+17", "uscc.excel_mangled", {}),
        ("9.13101E17", "uscc.excel_mangled", {}),
        ("9.13101000132201E+17", "uscc.excel_mangled", {}),
        ("91310000132200821", "uscc.length", {"length": 17}),
        ("91310000132200821HH", "uscc.length", {"length": 19}),
        ("9131000013220082", "uscc.length", {"length": 16}),
        ("12345", "uscc.length", {"length": 5}),
        ("9131000013220082IH", "uscc.charset", {"position": 17, "char": "I"}),
        ("91310000O32200821H", "uscc.charset", {"position": 9, "char": "O"}),
        ("S1310000132200821H", "uscc.charset", {"position": 1, "char": "S"}),
        ("91310000132200821V", "uscc.charset", {"position": 18, "char": "V"}),
        ("913100001322008.1H", "uscc.charset", {"position": 16, "char": "."}),
        ("01310000132200821H", "uscc.first_char", {}),
        ("B1310000132200821H", "uscc.first_char", {}),
        ("913A0000132200821H", "uscc.division", {"position": 4, "char": "A"}),
        ("9131000X132200821H", "uscc.division", {"position": 8, "char": "X"}),
        ("91310000132200821J", "uscc.check_char", {"expected": "H", "actual": "J"}),
        ("91310000132200812H", "uscc.check_char", {"expected": "K", "actual": "H"}),
    ],
)
def test_uscc_errors(raw: str, code: str, params: dict[str, Any]) -> None:
    error = only_error(lambda: check_uscc(raw))
    assert error == FieldError("uscc", code, params)


def test_uscc_messages_render() -> None:
    error = only_error(lambda: check_uscc("91310000132200821J"))
    assert error.message == "统一社会信用代码校验位错误：应为“H”，实为“J”"
    error = only_error(lambda: check_uscc("913A0000132200821H"))
    assert "第4位" in error.message and "A" in error.message
    assert "Excel" in only_error(lambda: check_uscc("9.13101E+17")).message


@pytest.mark.parametrize("first", sorted(USCC_FIRST_CHARS))
def test_every_registration_authority_accepted(first: str) -> None:
    code = make_uscc(first + "2310000MA1FL1234")
    assert check_uscc(code) == code


def test_differences_from_stdnum_are_the_documented_ones() -> None:
    # Authorities A, N, Y exist in GB 32100; stdnum wants 8 leading digits.
    code = make_uscc("N2310000MA1FL1234")
    assert check_uscc(code) == code
    assert not stdnum_uscc.is_valid(code)
    # Authority 0 does not exist; stdnum lets it through.
    code = make_uscc("01310000132200821")
    assert stdnum_uscc.is_valid(code)
    assert only_error(lambda: check_uscc(code)).code == "uscc.first_char"


def gb11714_check(first8: str) -> str:
    """Check character of an organisation code (GB 11714), which we deliberately do not test."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    total = sum(
        alphabet.index(c) * w for c, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)
    )
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def test_organisation_code_check_not_required() -> None:
    assert gb11714_check("13220082") == "1"  # 91310000 13220082-1 H is a real code
    code = make_uscc("91310000132200827")  # organisation check character 7 is wrong
    assert check_uscc(code) == code


first17s = st.builds(
    lambda first, kind, division, org: first + kind + division + org,
    st.sampled_from(sorted(USCC_FIRST_CHARS)),
    st.sampled_from(USCC_ALPHABET),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)


@given(first17s)
def test_make_uscc_always_valid(first17: str) -> None:
    code = make_uscc(first17)
    assert len(code) == 18
    assert check_uscc(code) == code
    assert check_uscc(code.lower()) == code


@given(first17s, st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOZSV"))
def test_any_single_substitution_is_caught(first17: str, index: int, char: str) -> None:
    code = make_uscc(first17)
    assume(code[index] != char)
    changed = code[:index] + char + code[index + 1 :]
    with pytest.raises(ValidationFailed):
        check_uscc(changed)


@given(first17s, st.integers(0, 16))
def test_adjacent_transposition_is_caught(first17: str, index: int) -> None:
    code = make_uscc(first17)
    assume(code[index] != code[index + 1])
    swapped = code[:index] + code[index + 1] + code[index] + code[index + 2 :]
    with pytest.raises(ValidationFailed):
        check_uscc(swapped)


@given(st.text(USCC_ALPHABET, min_size=17, max_size=17))
def test_check_char_agrees_with_stdnum(first17: str) -> None:
    assert uscc_check_char(first17) == stdnum_uscc.calc_check_digit(first17)


def _is_valid(code: str) -> bool:
    try:
        check_uscc(code)
    except ValidationFailed:
        return False
    return True


# Codes in the format both implementations understand (authority 1-9, 8 leading digits), half
# with a correct check character and half with a random one.
stdnum_comparable = st.builds(
    lambda head, tail, fix, last: make_uscc(head + tail) if fix else head + tail + last,
    st.builds(
        lambda a, b: a + b,
        st.sampled_from("123456789"),
        st.text("0123456789", min_size=7, max_size=7),
    ),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
    st.booleans(),
    st.sampled_from(USCC_ALPHABET),
)


@given(stdnum_comparable)
def test_agrees_with_stdnum(code: str) -> None:
    assert _is_valid(code) == stdnum_uscc.is_valid(code)


@given(st.text(USCC_ALPHABET + "IOZSV-. abc", max_size=20))
def test_agrees_with_stdnum_on_junk(raw: str) -> None:
    # Anything we accept stdnum accepts too (we are stricter only about the first character).
    if _is_valid(raw):
        assert stdnum_uscc.is_valid(raw)


# ------------------------------------------------------------------------------------------
# Postcode
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("200000", "200000"),
        (" 100 083 ", "100083"),
        ("５１８０００", "518000"),
        ("010010", "010010"),
    ],
)
def test_postcode_valid(raw: str, expected: str) -> None:
    assert check_postcode(raw) == expected


@pytest.mark.parametrize("raw", ["", "20000", "2000000", "20000A", "200-000", "２０００"])
def test_postcode_invalid(raw: str) -> None:
    assert only_error(lambda: check_postcode(raw)) == FieldError("postcode", "postcode.format")


def test_postcode_field_override() -> None:
    error = only_error(lambda: check_postcode("1", field="billing_postcode"))
    assert error.field == "billing_postcode"
    assert error.message == "邮编应为6位数字"


# ------------------------------------------------------------------------------------------
# Phone
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # mobiles
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("008613812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("86-138-1234-5678", "13812345678"),
        ("19912345678", "19912345678"),
        ("１３８１２３４５６７８", "13812345678"),
        # landlines, 3-digit area codes
        ("021-12345678", "021-12345678"),
        ("(021)12345678", "021-12345678"),
        ("（021）12345678", "021-12345678"),
        ("(021) 1234 5678", "021-12345678"),
        ("021 12345678", "021-12345678"),
        ("02112345678", "021-12345678"),
        ("010-87654321", "010-87654321"),
        ("01087654321", "010-87654321"),
        ("020-87654321", "020-87654321"),
        ("+86 21 12345678", "021-12345678"),
        ("+86-21-12345678", "021-12345678"),
        ("+86 (0)21 12345678", "021-12345678"),
        ("+86 021 12345678", "021-12345678"),
        ("0086 21 12345678", "021-12345678"),
        ("86 21 12345678", "021-12345678"),
        ("021-1234-5678", "021-12345678"),
        ("０２１－１２３４５６７８", "021-12345678"),
        # landlines, 4-digit area codes
        ("0571-8765432", "0571-8765432"),
        ("0571-87654321", "0571-87654321"),
        ("05718765432", "0571-8765432"),
        ("057187654321", "0571-87654321"),
        ("0755 12345678", "0755-12345678"),
        ("0571-8765-4321", "0571-87654321"),
        # extensions
        ("0571-8765432-123", "0571-8765432-123"),
        ("0571-8765432转123", "0571-8765432-123"),
        ("0571-8765432 转 123", "0571-8765432-123"),
        ("0571-8765432分机123", "0571-8765432-123"),
        ("0571-8765432 ext 123", "0571-8765432-123"),
        ("0571-8765432 EXT. 123", "0571-8765432-123"),
        ("0571-8765432x123", "0571-8765432-123"),
        ("021-12345678-8001", "021-12345678-8001"),
        ("(021)12345678-8001", "021-12345678-8001"),
        ("02112345678-8001", "021-12345678-8001"),
        ("+86 21 12345678 ext 8", "021-12345678-8"),
        # service numbers
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("400 123 4567", "400-123-4567"),
        ("800-820-8820", "800-820-8820"),
        ("400-123-4567转2", "400-123-4567-2"),
        ("400-123-4567-2", "400-123-4567-2"),
    ],
)
def test_phone_valid(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected
    assert normalise_phone(expected) == expected  # stored form is a fixed point


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "-",
        "()",
        "+",
        "138123456789",  # 12-digit mobile
        "1381234567",  # 10-digit mobile
        "23812345678",  # 11 digits but not 1[3-9]
        "12812345678",  # 12x is not a mobile range
        "10812345678",
        "8612812345678",
        "021-123456",  # subscriber too short
        "0571-876543",
        "021-123456789",  # subscriber too long
        "021-01234567",  # subscriber cannot start with 0
        "12345678",  # no area code
        "+86 12345678",
        "011-12345678",  # no such area code
        "0012345678",
        "057-18765432",  # area code split in the wrong place
        "+1 555 123 4567",  # foreign
        "+44 20 7946 0958",
        "13812345678转123",  # mobiles have no extension
        "021-12345678-1234567",  # extension too long
        "021-12345678 转",
        "021-1234567a",
        "tel: 021-12345678",
        "400-123-456",
        "400-123-45678",
        "021-12345678;13812345678",  # two numbers in one field
        "++8613812345678",
    ],
)
def test_phone_invalid(raw: str) -> None:
    assert only_error(lambda: normalise_phone(raw)) == FieldError("phone", "phone.format")


def test_phone_field_override() -> None:
    error = only_error(lambda: normalise_phone("123", field="fax"))
    assert error == FieldError("fax", "phone.format")
    assert error.message.startswith("电话号码无效")


mobiles = st.builds(
    lambda second, rest: "1" + second + rest,
    st.sampled_from("3456789"),
    st.text("0123456789", min_size=9, max_size=9),
)


@given(mobiles, st.sampled_from(["", "+86 ", "0086", "86", "+86-"]), st.booleans())
def test_mobile_formats_round_trip(mobile: str, prefix: str, spaced: bool) -> None:
    body = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}" if spaced else mobile
    assert normalise_phone(prefix + body) == mobile
    assert normalise_phone(to_full_width(prefix + body)) == mobile


landlines = st.one_of(
    st.builds(
        lambda area, sub: (area, sub),
        st.sampled_from(["010", "020", "021", "022", "025", "028", "029"]),
        st.from_regex(r"\A[1-9][0-9]{7}\Z"),
    ),
    st.builds(
        lambda area, sub: (area, sub),
        st.from_regex(r"\A0[3-9][0-9]{2}\Z"),
        st.from_regex(r"\A[1-9][0-9]{6,7}\Z"),
    ),
)


@given(landlines, st.sampled_from(["{a}-{s}", "({a}){s}", "{a} {s}", "{a}{s}", "+86 {n} {s}"]))
def test_landline_formats_round_trip(area_sub: tuple[str, str], template: str) -> None:
    area, sub = area_sub
    raw = template.format(a=area, s=sub, n=area[1:])
    assert normalise_phone(raw) == f"{area}-{sub}"


@given(st.text(max_size=25))
def test_phone_result_is_a_fixed_point(raw: str) -> None:
    try:
        stored = normalise_phone(raw)
    except ValidationFailed:
        return
    assert normalise_phone(stored) == stored


# ------------------------------------------------------------------------------------------
# Dates
# ------------------------------------------------------------------------------------------


def parse_date(value: str | date) -> date:
    return parse_date_not_future(value, field="founded_on", label="成立日期", today=TODAY)


@pytest.mark.parametrize(
    "raw",
    [
        "2024-03-05",
        "2024/3/5",
        "2024.3.5",
        "2024.03.05",
        "2024年3月5日",
        "2024年03月05日",
        "2024 年 3 月 5 日",
        "2024年3月5",
        "20240305",
        " 2024-3-5 ",
        "２０２４－０３－０５",
        "2024/3/5 0:00",
        "2024-03-05 00:00:00",
        date(2024, 3, 5),
        datetime(2024, 3, 5, 14, 30),
    ],
)
def test_date_valid(raw: str | date) -> None:
    assert parse_date(raw) == date(2024, 3, 5)


def test_date_today_is_not_future() -> None:
    assert parse_date("2024-06-01") == TODAY
    assert parse_date(TODAY) == TODAY


@pytest.mark.parametrize(
    "raw",
    [
        "abc",
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "2024-3/5",
        "24-3-5",
        "0224-03-05",
        "2024年3月",
        "2024-03",
        "3/5/2024",
        "20241305",
    ],
)
def test_date_format_error(raw: str) -> None:
    error = only_error(lambda: parse_date(raw))
    assert error == FieldError("founded_on", "date.format", {"label": "成立日期"})
    assert error.message == "成立日期日期格式无效，应为YYYY-MM-DD"


@pytest.mark.parametrize("raw", ["2024-06-02", "2099/1/1", date(2024, 6, 2), datetime(2025, 1, 1)])
def test_date_future_error(raw: str | date) -> None:
    error = only_error(lambda: parse_date(raw))
    assert error == FieldError("founded_on", "date.future", {"label": "成立日期"})
    assert error.message == "成立日期不能晚于今天"


def test_date_leap_day_and_empty() -> None:
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert only_error(lambda: parse_date("")).code == "required"


# ------------------------------------------------------------------------------------------
# Amounts and counts
# ------------------------------------------------------------------------------------------


def amount(value: Any) -> Decimal | None:
    return parse_amount(value, field="credit_limit", label="授信额度")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.50", "1234.50"),
        ("1234", "1234.00"),
        ("¥1234", "1234.00"),
        ("￥1,234.5", "1234.50"),
        ("¥ 1234 元", "1234.00"),
        ("1234元", "1234.00"),
        ("１２３４", "1234.00"),
        ("１，２３４．５０", "1234.50"),
        ("0", "0.00"),
        ("-0", "0.00"),
        ("0.5", "0.50"),
        (".5", "0.50"),
        ("1.500", "1.50"),
        ("+12", "12.00"),
        ("1,234,567.89", "1234567.89"),
        (1234, "1234.00"),
        (0, "0.00"),
        (Decimal("12.3"), "12.30"),
        (Decimal("12.300"), "12.30"),
    ],
)
def test_amount_valid(raw: Any, expected: str) -> None:
    result = amount(raw)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u3000"])
def test_amount_empty(raw: Any) -> None:
    assert amount(raw) is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-1", "amount.negative"),
        ("-0.01", "amount.negative"),
        ("¥-5", "amount.negative"),
        ("－１", "amount.negative"),
        (-1, "amount.negative"),
        (Decimal("-1"), "amount.negative"),
        ("1.005", "amount.precision"),
        ("0.001", "amount.precision"),
        (Decimal("1.005"), "amount.precision"),
        ("abc", "amount.format"),
        ("1,23", "amount.format"),
        ("12,34.5", "amount.format"),
        ("1.2.3", "amount.format"),
        ("1e5", "amount.format"),
        ("NaN", "amount.format"),
        ("--1", "amount.format"),
        ("1 234", "amount.format"),
        ("$12", "amount.format"),
        (Decimal("NaN"), "amount.format"),
        (Decimal("Infinity"), "amount.format"),
        ("9" * 40, "amount.format"),
    ],
)
def test_amount_errors(raw: Any, code: str) -> None:
    error = only_error(lambda: amount(raw))
    assert error == FieldError("credit_limit", code, {"label": "授信额度"})
    assert error.message.startswith("授信额度")


@pytest.mark.parametrize("raw", [1.5, 0.0, float("nan"), True])
def test_amount_float_is_programming_error(raw: Any) -> None:
    with pytest.raises(TypeError):
        amount(raw)


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2, allow_nan=False))
def test_amount_round_trip(value: Decimal) -> None:
    assert amount(str(value)) == value
    assert amount(f"{value:,.2f}") == value
    assert amount(to_full_width(f"¥{value:,}")) == value


def count(value: Any) -> int | None:
    return parse_count(value, field="staff", label="员工人数")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", 0),
        ("12", 12),
        ("1,234", 1234),
        ("１２", 12),
        ("12.0", 12),
        (7, 7),
        (Decimal("3.00"), 3),
        ("+5", 5),
        ("-0", 0),
        ("", None),
        (None, None),
    ],
)
def test_count_valid(raw: Any, expected: int | None) -> None:
    assert count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-3", "number.negative"),
        (-1, "number.negative"),
        (Decimal("-2"), "number.negative"),
        ("1.5", "number.format"),
        ("abc", "number.format"),
        ("1,23", "number.format"),
        (Decimal("1.5"), "number.format"),
        ("1e3", "number.format"),
    ],
)
def test_count_errors(raw: Any, code: str) -> None:
    error = only_error(lambda: count(raw))
    assert error == FieldError("staff", code, {"label": "员工人数"})


def test_count_float_is_programming_error() -> None:
    with pytest.raises(TypeError):
        count(3.0)


def test_amount_too_large_for_the_database_is_refused() -> None:
    from kehu_desktop.domain.identifiers import parse_amount as _parse

    assert _parse("999999999999.99", field="a", label="金额") == Decimal("999999999999.99")
    with pytest.raises(ValidationFailed) as info:
        _parse("1000000000000", field="a", label="金额")
    assert info.value.errors[0].code == "amount.too_large"


@pytest.mark.parametrize(
    ("phone", "digits", "keys"),
    [
        ("021-32778951", "02132778951", {"32778951", "2778951", "778951", "78951", "8951"}),
        ("0571-8765432-123", "05718765432123", {"8765432123", "765432123", "2123"}),
        ("13912345678", "13912345678", {"3912345678", "12345678", "5678"}),
        ("400-123-4567", "4001234567", {"1234567", "4567"}),
        ("02132778951", "02132778951", {"32778951", "8951"}),  # area code by the dialling rules
        ("(021) 3277 8951", "02132778951", {"32778951", "8951"}),
    ],
)
def test_phone_search_keys_start_after_the_area_code(
    phone: str, digits: str, keys: set[str]
) -> None:
    found = phone_search_keys(phone)
    assert phone_digits(phone) == digits
    assert keys <= found
    assert all(digits.endswith(k) and len(k) >= PHONE_DIGITS_ANYWHERE for k in found)
    assert digits not in found  # the start of the number is searched in the customers table
    area = len(digits) - max(len(k) for k in found)
    assert area == (1 if digits.startswith("1") else 3 if digits.startswith(("02", "4")) else 4)


def test_no_phone_no_keys() -> None:
    assert phone_digits(None) is None and phone_digits("") is None
    assert phone_search_keys(None) == frozenset() and phone_search_keys("021") == frozenset()
