"""RMB amounts in Chinese financial capitals (大写金额), as required on vouchers and forms.

The rules follow 《支付结算办法》(附件一) and 《会计基础工作规范》第五十二条. Where those rules
allow a choice, this module always makes the same one, so printed documents are consistent:

* The amount is rounded half-up to the cent *before* it is written, because the capitals must
  agree with the figures printed next to them (which are rounded the same way).
* Digits are 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿 (amounts below one 万亿 only). A leading
  ten is written 壹拾 (never a bare 拾), so nothing can be inserted in front of it.
* Zeros inside the number are written 零, and a run of zeros (even across a 万/亿 boundary)
  is written as one 零: 1,007 → 壹仟零柒, 100,000,001 → 壹亿零壹.
* Optional 零 at the 万/亿 place: when only the trailing zeros of a 万 (or 亿) section separate
  it from a non-zero 仟 digit, the 万/亿 character already marks the place and *no* 零 is
  written: 107,000.53 → 壹拾万柒仟元… (the rules allow 壹拾万零柒仟 too).
* Optional 零 at the 元 place (第五十二条: 元位是"0" … 但角位不是"0"时，可以只写一个"零"字，
  也可以不写"零"字): we **write** it, so nothing can be inserted between 元 and 角:
  107,000.53 → 人民币壹拾万柒仟元零伍角叁分, 10.50 → 人民币壹拾元零伍角整.
  When 角 is 0 and 分 is not, the 零 is mandatory anyway: 1.05 → 人民币壹元零伍分.
* 整 follows 元 or 角 (when there is no 分), never 分: 1.50 → 壹元伍角整, 0.05 → 伍分.
* Amounts below one yuan have no 零元 prefix: 0.50 → 人民币伍角整; zero is 人民币零元整.
* The text starts with 人民币 immediately followed by the amount, leaving no room for additions.

Pure functions, no I/O: used by printing and by validation alike.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Context
from decimal import Decimal

PREFIX = "人民币"
DIGITS = "零壹贰叁肆伍陆柒捌玖"
ZERO = DIGITS[0]

#: Exclusive upper bound: the largest amount is 999,999,999,999.99 (万亿 is not supported).
LIMIT = Decimal(10) ** 12

_CENT = Decimal("0.01")
# A private context: the caller's decimal context (precision, traps) must not change the result.
_CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP)
_SMALL_UNITS = ("", "拾", "佰", "仟")  # place within a 4-digit section
_SECTION_UNITS = ("", "万", "亿")  # suffix of each 4-digit section, lowest first
_SMALL_PLACE = {"拾": 1, "佰": 2, "仟": 3}
_SECTION_INDEX = {"万": 1, "亿": 2}


def amount_in_capitals(amount: Decimal) -> str:
    """Return ``amount`` (yuan) in financial capitals, e.g. ``人民币壹仟零柒元整`` for 1007.

    Accepts ``Decimal`` (and ``int``, which is exact). ``float`` raises ``TypeError`` on purpose:
    0.1 + 0.2 style binary errors must never reach a money document, so the caller has to decide
    on the exact value. Negative, non-finite, and too large amounts (≥ 1,000,000,000,000.00 after
    rounding) raise ``ValueError``. See the module docstring for the 零 and 整 rules.
    """
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"amount must be finite, got {value}")
    if value < 0:
        raise ValueError(f"amount must not be negative, got {value}")
    if value >= LIMIT:
        raise ValueError(f"amount must be below {LIMIT:,}, got {value}")
    rounded = value.quantize(_CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)
    if rounded >= LIMIT:
        raise ValueError(f"amount must be below {LIMIT:,}, got {value} (rounds to {rounded})")

    cents = int(rounded.scaleb(2, context=_CONTEXT))  # exact: rounded has two places
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10

    if cents == 0:
        return f"{PREFIX}{ZERO}元整"
    parts = [PREFIX]
    if yuan:
        parts.append(_integer_in_capitals(yuan))
        parts.append("元")
        # 元位 is 0 and 角 is not (optional, we write it) or 角 is 0 and 分 is not (mandatory).
        if (yuan % 10 == 0 and jiao) or (not jiao and fen):
            parts.append(ZERO)
    if jiao:
        parts.append(DIGITS[jiao] + "角")
    if fen:
        parts.append(DIGITS[fen] + "分")
    else:
        parts.append("整")
    return "".join(parts)


def _integer_in_capitals(number: int) -> str:
    """Write a positive integer below 10**12 with 拾佰仟 within sections and 万/亿 between them.

    One pass over the digits, highest first. A zero only sets a "pending 零" flag, which is
    written when the next non-zero digit comes, so a run of zeros yields exactly one 零 and
    trailing zeros none. Writing a 万/亿 suffix clears the flag (the optional-零 choice above).
    """
    digits = str(number)
    out: list[str] = []
    pending_zero = False
    section_has_digit = False
    for index, char in enumerate(digits):
        place = len(digits) - 1 - index
        digit = int(char)
        if digit:
            if pending_zero:
                out.append(ZERO)
                pending_zero = False
            out.append(DIGITS[digit] + _SMALL_UNITS[place % 4])
            section_has_digit = True
        else:
            pending_zero = True
        if place % 4 == 0 and place:
            if section_has_digit:
                out.append(_SECTION_UNITS[place // 4])
                pending_zero = False
            section_has_digit = False
    return "".join(out)


def parse_capitals(text: str) -> Decimal:
    """Read financial capitals back into a ``Decimal`` with two places (inverse of the writer).

    It exists to *check* capitals (property tests, imported vouchers), so it is strict rather than
    forgiving: it accepts exactly the forms the rules allow, i.e. what :func:`amount_in_capitals`
    writes plus the permitted alternatives (the optional 零 omitted at 元 or written at a
    万/亿 boundary, 正 instead of 整, no 整 after 角). A bare 拾, 零零, a missing mandatory
    零 (壹仟柒 is ambiguous: colloquially it means 1,700), units out of order, 整 after 分
    or a missing 人民币 all raise ``ValueError``.
    """
    if not text.startswith(PREFIX):
        raise ValueError(f"capitals must start with {PREFIX}: {text!r}")
    body = text[len(PREFIX) :]
    if body.endswith(("整", "正")):
        body = body[:-1]
        if not body.endswith(("元", "角")):
            raise ValueError(f"整 must follow 元 or 角, never 分: {text!r}")
    elif not body.endswith(("角", "分")):  # 整 is optional after 角, mandatory after 元
        raise ValueError(f"capitals must end with 整, 角 or 分: {text!r}")

    integer_text, sep, fraction_text = body.partition("元")
    if not sep:
        integer_text, fraction_text = "", body
    elif not integer_text:
        raise ValueError(f"元 without an amount: {text!r}")

    if integer_text == ZERO:
        if fraction_text:
            raise ValueError(f"零元 must stand alone: {text!r}")
        return Decimal("0.00")
    yuan = _parse_integer(integer_text, text) if integer_text else 0
    cents = _parse_fraction(fraction_text, yuan, text)
    if not yuan and not cents:
        raise ValueError(f"no amount in {text!r}")
    return Decimal(yuan * 100 + cents).scaleb(-2)


def _parse_integer(body: str, text: str) -> int:
    """Parse the part before 元 and check every 零 against the rules.

    First the text is split into (zero-before, digit, place-in-section, section) tokens; sections
    are known only from the 万/亿 that *follows* them, so they are assigned walking backwards.
    Then consecutive digits are checked: adjacent places must have no 零 between them, a gap of
    zeros must have one, except when the gap is the tail of a 万/亿 section followed by a 仟 digit.
    """
    tokens: list[list[int]] = []  # [zero_before, digit, small_place, section]
    markers: list[int] = []  # number of digit tokens seen when each 万/亿 came, per marker
    marker_sections: list[int] = []
    zero_before = 0
    i = 0
    while i < len(body):
        char = body[i]
        if char == ZERO:
            if zero_before or not tokens:
                raise ValueError(f"misplaced 零 in {text!r}")
            zero_before = 1
            i += 1
        elif char in DIGITS:
            place = _SMALL_PLACE.get(body[i + 1], 0) if i + 1 < len(body) else 0
            tokens.append([zero_before, DIGITS.index(char), place, 0])
            zero_before = 0
            i += 2 if place else 1
        elif char in _SECTION_INDEX:
            if zero_before or not tokens or (markers and markers[-1] == len(tokens)):
                raise ValueError(f"misplaced {char} in {text!r}")
            markers.append(len(tokens))
            marker_sections.append(_SECTION_INDEX[char])
            i += 1
        else:
            raise ValueError(f"unexpected character {char!r} in {text!r}")
    if zero_before:
        raise ValueError(f"trailing 零 in {text!r}")

    section = 0
    for end, marker_section in zip(reversed(markers), reversed(marker_sections), strict=True):
        if marker_section <= section:
            raise ValueError(f"万/亿 out of order in {text!r}")
        section = marker_section
        for token in tokens[:end]:
            token[3] = section

    total = 0
    previous: int | None = None
    for zero, digit, small_place, token_section in tokens:
        place = small_place + 4 * token_section
        if previous is not None:
            gap = previous - place - 1
            if gap < 0:
                raise ValueError(f"units out of order in {text!r}")
            section_tail = small_place == 3 and previous // 4 == token_section + 1
            if (gap == 0 and zero) or (gap > 0 and not zero and not section_tail):
                raise ValueError(f"wrong 零 before {DIGITS[digit]} in {text!r}")
        total += digit * 10**place
        previous = place
    return total


def _parse_fraction(body: str, yuan: int, text: str) -> int:
    """Parse ``[零][X角][Y分]`` into cents and check the 零 between 元 and 角/分.

    The 零 is mandatory when 角 is 0 and 分 is not, optional when the 元 place is 0 and 角 is
    not, and wrong otherwise (also without a 元 part: 0.05 is 伍分, not 零伍分).
    """
    has_zero = body.startswith(ZERO)
    if has_zero:
        body = body[1:]
    cents = 0
    for unit_char, unit in (("角", 10), ("分", 1)):
        if len(body) >= 2 and body[1] == unit_char:
            digit = DIGITS.find(body[0])
            if digit <= 0:
                raise ValueError(f"bad digit before {unit_char} in {text!r}")
            cents += digit * unit
            body = body[2:]
    if body:
        raise ValueError(f"unexpected {body!r} in {text!r}")
    jiao, fen = divmod(cents, 10)
    zero_required = bool(yuan) and not jiao and bool(fen)
    zero_allowed = zero_required or (bool(yuan) and yuan % 10 == 0 and bool(jiao))
    if (has_zero and not zero_allowed) or (zero_required and not has_zero):
        raise ValueError(f"wrong 零 after 元 in {text!r}")
    return cents
