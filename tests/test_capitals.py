"""Financial capitals (大写金额): the documented examples, the rule choices and properties.

The property tests compare the writer with an independent regex-based oracle (the classical
"write every place, then collapse the zeros" method) and check invariants derived from
《支付结算办法》 and 《会计基础工作规范》第五十二条, plus a strict round trip through the parser.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP
from decimal import Decimal

import pytest
from hypothesis import example
from hypothesis import given
from hypothesis import strategies as st

from kehu_desktop.domain.capitals import DIGITS
from kehu_desktop.domain.capitals import amount_in_capitals
from kehu_desktop.domain.capitals import parse_capitals

EXAMPLES = [
    ("1007.00", "人民币壹仟零柒元整"),
    ("100000000.00", "人民币壹亿元整"),
    ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ("10.00", "人民币壹拾元整"),
    ("0.50", "人民币伍角整"),
    ("0.05", "人民币伍分"),
    ("0.00", "人民币零元整"),
    ("1.05", "人民币壹元零伍分"),
    ("1.50", "人民币壹元伍角整"),
    ("10.005", "人民币壹拾元零壹分"),
    ("100010.00", "人民币壹拾万零壹拾元整"),
    ("1000001", "人民币壹佰万零壹元整"),
    ("10000", "人民币壹万元整"),
    ("100000001.00", "人民币壹亿零壹元整"),
    ("120000000", "人民币壹亿贰仟万元整"),
    ("2.345", "人民币贰元叁角伍分"),
    ("2.344", "人民币贰元叁角肆分"),
    # More choices and edge cases, documented in the module docstring.
    ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),  # 元位 0, 角 not 0: we write 零
    ("10.50", "人民币壹拾元零伍角整"),
    ("0.55", "人民币伍角伍分"),
    ("1.00", "人民币壹元整"),
    ("15.00", "人民币壹拾伍元整"),
    ("110.00", "人民币壹佰壹拾元整"),
    ("1409.50", "人民币壹仟肆佰零玖元伍角整"),
    ("6007.14", "人民币陆仟零柒元壹角肆分"),
    ("100500.00", "人民币壹拾万零伍佰元整"),
    ("1010000.00", "人民币壹佰零壹万元整"),
    ("100100000.00", "人民币壹亿零壹拾万元整"),
    ("100007000.00", "人民币壹亿零柒仟元整"),  # empty 万 section: 零 is mandatory
    ("1070000000.00", "人民币壹拾亿柒仟万元整"),
    ("100010001.00", "人民币壹亿零壹万零壹元整"),
    ("999999999999.99", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("999999999999.994", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("0.004", "人民币零元整"),
    ("0.005", "人民币壹分"),
    ("1E+3", "人民币壹仟元整"),
]


@pytest.mark.parametrize(("amount", "expected"), EXAMPLES)
def test_examples(amount: str, expected: str) -> None:
    assert amount_in_capitals(Decimal(amount)) == expected


@pytest.mark.parametrize(("amount", "expected"), EXAMPLES)
def test_examples_parse_back_to_the_rounded_amount(amount: str, expected: str) -> None:
    rounded = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert parse_capitals(expected) == rounded


def test_int_is_accepted() -> None:
    assert amount_in_capitals(1007) == "人民币壹仟零柒元整"  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [1.5, 0.0, True, "1.50", None])
def test_non_decimal_is_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        amount_in_capitals(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad",
    ["-0.01", "-0.004", "1000000000000", "999999999999.995", "1E+20", "NaN", "Infinity", "-1"],
)
def test_out_of_range_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        amount_in_capitals(Decimal(bad))


def test_parse_accepts_the_allowed_alternatives() -> None:
    assert parse_capitals("人民币壹拾万零柒仟元伍角叁分") == Decimal("107000.53")
    assert parse_capitals("人民币壹仟陆佰捌拾元叁角贰分") == Decimal("1680.32")
    assert parse_capitals("人民币壹元伍角正") == Decimal("1.50")
    assert parse_capitals("人民币伍角") == Decimal("0.50")


@pytest.mark.parametrize(
    "bad",
    [
        "壹元整",  # no 人民币
        "人民币拾元整",  # bare 拾
        "人民币壹仟柒元整",  # 零 missing: colloquially 1700
        "人民币壹仟零零柒元整",
        "人民币壹元伍分",  # 角 is 0, 分 is not: 零 is mandatory
        "人民币壹元零伍角整",  # 元位 is not 0: no 零
        "人民币零伍分",
        "人民币零元伍分",
        "人民币伍分整",  # 整 after 分
        "人民币壹亿柒仟元整",  # zeros across a whole empty 万 section need 零
        "人民币壹万壹亿元整",
        "人民币壹拾零万元整",
        "人民币元整",
        "人民币壹元",  # 整 is mandatory after 元
        "人民币整",
        "人民币",
        "人民币壹元整整",
        "人民币壹美元整",
    ],
)
def test_parse_refuses_malformed_text(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_capitals(bad)


# --- property tests -------------------------------------------------------------------------

_SMALL = ("", "拾", "佰", "仟")
_SECTION = ("", "万", "亿")


def _oracle(amount: Decimal) -> str:
    """Independent reference: write every place with its unit, then collapse zeros by regex."""
    cents = int(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    if not cents:
        return "人民币零元整"
    text = ""
    if yuan:
        digits = str(yuan)
        full = "".join(
            DIGITS[int(d)] + _SMALL[p % 4] + (_SECTION[p // 4] if p % 4 == 0 else "")
            for d, p in zip(digits, range(len(digits) - 1, -1, -1), strict=True)
        )
        full = re.sub("零[拾佰仟]", "零", full)
        full = re.sub("零+", "零", full)
        full = re.sub("零([万亿])", r"\1", full)  # section tail zeros: the 万/亿 marks the place
        full = full.replace("亿万", "亿零")  # a whole empty 万 section is an interior zero run
        full = re.sub("零+", "零", full).rstrip("零")
        text = full + "元"
        if (yuan % 10 == 0 and jiao) or (not jiao and fen):
            text += "零"
    if jiao:
        text += DIGITS[jiao] + "角"
    text += DIGITS[fen] + "分" if fen else "整"
    return "人民币" + text


# Digits that are zero half of the time, so runs of zeros and empty sections are common.
_zeroish_digit = st.sampled_from("000000123456789")
amounts = st.one_of(
    st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2),
    st.integers(min_value=0, max_value=99_999_999_999_999).map(lambda c: Decimal(c).scaleb(-2)),
    st.lists(_zeroish_digit, min_size=1, max_size=14).map(
        lambda ds: Decimal(int("".join(ds))).scaleb(-2)
    ),
)


@given(amounts)
@example(Decimal("0.00"))
@example(Decimal("107000.53"))
@example(Decimal("100007000.00"))
@example(Decimal("999999999999.99"))
def test_properties(amount: Decimal) -> None:
    text = amount_in_capitals(amount)
    cents = int(amount * 100)
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10

    assert parse_capitals(text) == amount
    assert text == _oracle(amount)

    assert text.startswith("人民币")
    assert set(text[3:]) <= set(DIGITS + "拾佰仟万亿元角分整")
    assert "零零" not in text
    assert not text.endswith("分整")
    assert text.endswith("整") == (fen == 0)
    assert text.endswith("分") == (fen != 0)
    assert text.count("整") <= 1
    assert ("零元" in text) == (amount == 0)
    assert ("元" in text) == (yuan > 0 or amount == 0)
    assert ("角" in text) == (jiao > 0)
    assert ("分" in text) == (fen > 0)
    if amount != 0:
        assert not text.startswith("人民币零")
        # 零 only ever stands before a non-zero digit, never before a unit.
        assert re.search("零[^壹贰叁肆伍陆柒捌玖]", text) is None
    # Every unit has its digit: never a bare 拾 (壹拾, not 拾), never 零拾.
    assert re.search("(^|[^壹贰叁肆伍陆柒捌玖])[拾佰仟角分]", text[3:]) is None
    # The 零 after 元 is written exactly when 角 is 0 and 分 is not, or 元位 is 0 and 角 is not.
    if yuan:
        assert ("元零" in text) == ((yuan % 10 == 0 and jiao > 0) or (jiao == 0 and fen > 0))
    # Our choice at 万/亿: no 零 between the section unit and the 仟 digit of the next section
    # (after 亿 that 仟 is in the 万 section only if a 万 follows; 壹亿零柒仟 needs its 零).
    assert re.search("万零[壹贰叁肆伍陆柒捌玖]仟", text) is None
    assert re.search("亿零[壹贰叁肆伍陆柒捌玖]仟[^元]*万", text) is None


@given(st.integers(min_value=0, max_value=99_999_999_999_999))
def test_rounding_is_half_up_on_the_third_decimal(cents: int) -> None:
    base = Decimal(cents).scaleb(-2)
    # x.xx5 always rounds up (banker's rounding would go to even), x.xx4 always down.
    if cents < 99_999_999_999_999:
        assert parse_capitals(amount_in_capitals(base + Decimal("0.005"))) == base + Decimal("0.01")
    assert parse_capitals(amount_in_capitals(base + Decimal("0.004"))) == base
    assert parse_capitals(amount_in_capitals(base + Decimal("0.0049999"))) == base
