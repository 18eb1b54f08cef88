"""Checking and normalising the identifiers and numbers that users type or import.

Branch offices enter data by hand, paste it from WeChat, or import spreadsheets exported from
Excel, so the same value arrives in many shapes: full-width digits from a Chinese input method,
"+86" phone prefixes, thousands separators, 2024年3月5日 dates. Every function here accepts the
shapes people actually use, returns one canonical form (so that duplicates can be found by plain
string comparison in the database), and otherwise raises
:class:`~kehu_desktop.domain.errors.ValidationFailed` with a *field-level* error code, so the GUI
can put the message next to the right input box and the importer can report it per row and column.

Everything is pure (no I/O, no clock): "today" is passed in, which keeps the rules testable.
"""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import ValidationFailed

__all__ = [
    "PHONE_DIGITS_ANYWHERE",
    "USCC_ALPHABET",
    "USCC_FIRST_CHARS",
    "check_postcode",
    "check_uscc",
    "escape_like",
    "make_uscc",
    "normalise_phone",
    "normalise_text",
    "parse_amount",
    "parse_count",
    "parse_date_not_future",
    "phone_digits",
    "phone_search_keys",
    "uscc_check_char",
]


def _fail(field: str, code: str, **params: Any) -> ValidationFailed:
    """Build the exception for one bad field (callers ``raise`` it, so mypy sees the exit)."""
    return ValidationFailed([FieldError(field, code, dict(params))])


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

# Full-width ASCII U+FF01..U+FF5E maps to U+0021..U+007E; the ideographic space U+3000 to " ".
# Deliberately not NFKC: that would also rewrite characters such as ① or ㈱ that are part of
# customer names and must be kept as typed.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = 0x20


def normalise_text(s: str) -> str:
    """Return ``s`` stripped, with full-width ASCII made half-width and inner whitespace collapsed.

    Chinese input methods produce full-width digits, letters and punctuation (``１２３``, ``（``)
    that look right on screen but never compare equal to what another user typed; this is the
    first step of every check below and is also suitable for names and addresses.
    """
    return " ".join(s.translate(_HALF_WIDTH).split())


def escape_like(s: str) -> str:
    """``s`` with the LIKE wildcards (``%``, ``_``) and the escape character ``\\`` escaped, for
    a pattern written with ``escape="\\"`` (the search boxes' substring and prefix matches)."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --------------------------------------------------------------------------------------------
# Unified social credit code (统一社会信用代码), GB 32100-2015
# --------------------------------------------------------------------------------------------

#: The 31 characters a USCC may contain: digits and capitals without I, O, Z, S, V (too easily
#: confused with 1, 0, 2, 5, U). The index of a character is its numeric value for the check.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Registration authority codes (GB 32100 table 1): 1-9, A (military), N (agriculture), Y (other).
USCC_FIRST_CHARS = frozenset("123456789ANY")
#: Weight of position i (0-based) is 3**i mod 31.
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}

# Excel turns an all-digit 18-character code into a number: shown as 9.13101E+17, or, when only
# the first 15 significant digits are kept and the cell was later reformatted, a 15-digit string.
_EXCEL_SCIENTIFIC = re.compile(r"^\d(?:\.\d+)?E\+?\d{1,2}$")
_FIFTEEN_DIGITS = re.compile(r"^\d{15}$")
_USCC_FIELD = "uscc"
_USCC_LABEL = "统一社会信用代码"


def uscc_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a USCC.

    GB 32100-2015: C18 = 31 - (sum(value(Ci) * 3**(i-1) mod 31) mod 31), where 31 means "0".
    Raises :class:`ValueError` for input that is not 17 USCC characters, because this is called
    by code (demo data, tests, :func:`check_uscc` after its own checks), never on raw user input.
    """
    if len(first17) != 17 or any(c not in _USCC_VALUE for c in first17):
        raise ValueError(f"need 17 characters from {USCC_ALPHABET!r}, got {first17!r}")
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(first17: str) -> str:
    """``first17`` followed by its check character: a code that passes :func:`check_uscc`."""
    return first17 + uscc_check_char(first17)


def check_uscc(value: str) -> str:
    """Validate a unified social credit code and return it normalised (18 upper-case characters).

    Input is cleaned first (full-width to half-width, upper-case, spaces and hyphens removed), so
    ``９１３１ ０１００-...`` is accepted. Then, in this order, the first problem found is reported
    on field ``uscc``:

    * ``required`` - nothing was entered;
    * ``uscc.excel_mangled`` - exactly 15 digits, or scientific notation such as ``9.13101E+17``:
      Excel converted the code to a number, and the user has to fix the spreadsheet, not the code;
    * ``uscc.length`` (``length``) - not 18 characters;
    * ``uscc.charset`` (``position`` 1-based, ``char``) - a character outside the 31 allowed;
    * ``uscc.first_char`` - the registration authority is not 1-9, A, N or Y;
    * ``uscc.division`` (``position``, ``char``) - characters 3-8 (administrative division) are
      not all digits;
    * ``uscc.check_char`` (``expected``, ``actual``) - wrong 18th character (typos).

    Deliberately *not* checked: the GB 11714 check character of the embedded organisation code
    (position 17), which many legitimately issued codes of non-enterprise entities do not satisfy,
    and whether the division code exists (the table changes every year).

    Compared with ``stdnum.cn.uscc``: stdnum requires the first 8 characters to be digits, so it
    rejects the authority codes A, N and Y that the standard defines; it accepts a first
    character 0 that the standard does not define. Otherwise the two agree.
    """
    code = normalise_text(value).upper().replace(" ", "").replace("-", "")
    if not code:
        raise _fail(_USCC_FIELD, "required", label=_USCC_LABEL)
    if _FIFTEEN_DIGITS.match(code) or _EXCEL_SCIENTIFIC.match(code):
        raise _fail(_USCC_FIELD, "uscc.excel_mangled")
    if len(code) != 18:
        raise _fail(_USCC_FIELD, "uscc.length", length=len(code))
    for position, char in enumerate(code, start=1):
        if char not in _USCC_VALUE:
            raise _fail(_USCC_FIELD, "uscc.charset", position=position, char=char)
    if code[0] not in USCC_FIRST_CHARS:
        raise _fail(_USCC_FIELD, "uscc.first_char")
    for position in range(3, 9):
        char = code[position - 1]
        if not char.isdigit():
            raise _fail(_USCC_FIELD, "uscc.division", position=position, char=char)
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise _fail(_USCC_FIELD, "uscc.check_char", expected=expected, actual=code[17])
    return code


# --------------------------------------------------------------------------------------------
# Postcode
# --------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^\d{6}$")


def check_postcode(value: str, *, field: str = "postcode") -> str:
    """Return a mainland postcode as 6 digits; spaces and full-width digits are accepted.

    Empty input is an error too (``postcode.format``): whether the field is optional is the
    caller's decision, made before calling.
    """
    code = normalise_text(value).replace(" ", "")
    if not _POSTCODE.match(code):
        raise _fail(field, "postcode.format")
    return code


# --------------------------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------------------------

# Extension written with a word: 转 (transfer), 分机, ext, ext., x. A trailing "-123" extension
# is recognised later, from the digit groups.
_PHONE_EXTENSION = re.compile(r"^(?P<main>.*?)[\s,;-]*(?:转|分机|ext\.?|x)\s*(?P<ext>\d{1,6})$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s()\-]+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SERVICE = re.compile(r"^[48]00\d{7}$")
_SUBSCRIBER = re.compile(r"^[1-9]\d{6,7}$")
_EXTENSION = re.compile(r"^\d{1,6}$")


def _area_code_length(digits: str) -> int:
    """Length of the area code (with its leading 0) at the start of ``digits``, 0 if invalid.

    Beijing 010 and the 02x cities (Shanghai 021, Guangzhou 020, ...) have 3-digit area codes,
    everywhere else 4 (0571 Hangzhou, 0755 Shenzhen). No code starts with 00 or with 01 other
    than 010, which is what makes an unseparated "02112345678" unambiguous.
    """
    if digits.startswith(("010", "02")):
        return 3
    if re.match(r"^0[3-9]\d\d", digits):
        return 4
    return 0


def normalise_phone(value: str, *, field: str = "phone") -> str:
    """Return a mainland phone number in the one form we store, so duplicates compare equal.

    * Mobile: 11 digits starting 13-19 → ``"13812345678"``; prefixes +86, 0086 and 86, spaces
      and hyphens are accepted (``+86 138-1234-5678``).
    * Landline with area code → ``"021-12345678"``, ``"0571-8765432"``, with extension
      ``"0571-8765432-123"``. Accepted: ``(021)12345678``, ``021 12345678``, ``02112345678``
      (split by the area code rules), ``+86 21 12345678`` / ``+86 (0)21 ...`` (the 0 is
      restored); the extension after 转, 分机, ext, x, or as a last ``-group`` when the groups
      before it already form a full number (``021-12345678-123``).
      A local number without area code is refused: it cannot be dialled from another city.
    * 400/800 service numbers → ``"400-123-4567"`` (extension as for landlines).

    ``field`` names the field in the error (``phone.format``), so contact and fax fields can
    use the same rules. Empty input is an error; optional fields are skipped by the caller.
    """
    text = normalise_text(value).lower()
    ext = ""
    match = _PHONE_EXTENSION.match(text)
    if match:
        text, ext = match.group("main").strip(), match.group("ext")
    if not text or not _PHONE_CHARS.match(text):
        raise _fail(field, "phone.format")

    # Digit groups, and whether a hyphen came before each (for "021-12345678-123").
    tokens = re.findall(r"(\D*)(\d+)", text)
    groups = [digits for _, digits in tokens]
    hyphen_before = ["-" in separator for separator, _ in tokens]
    if not groups:
        raise _fail(field, "phone.format")

    # Country prefix: +86, 0086, or a bare 86 that is clearly separate or precedes a mobile.
    first = groups[0]
    if text.startswith("+"):
        if not first.startswith("86"):
            raise _fail(field, "phone.format")  # foreign numbers are not supported
        prefix = 2
    elif first.startswith("0086"):
        prefix = 4
    elif first.startswith("86") and (
        (first == "86" and len(groups) > 1) or _MOBILE.match("".join(groups)[2:])
    ):
        # No domestic number starts with 86 (landlines start with 0, mobiles with 1).
        prefix = 2
    else:
        prefix = 0
    international = prefix > 0
    if international:
        groups[0] = first[prefix:]
        if not groups[0]:
            del groups[0], hyphen_before[0]
        if len(groups) > 1 and groups[0] == "0":  # "+86 (0)21 12345678"
            del groups[0], hyphen_before[0]
        if not groups:
            raise _fail(field, "phone.format")

    digits = "".join(groups)
    if _MOBILE.match(digits):
        if ext:
            raise _fail(field, "phone.format")
        return digits

    def hyphen_extension(number_groups: list[str]) -> tuple[str, str] | None:
        """(number, extension) if the last group follows a "-" and the rest is a whole number."""
        if ext or len(number_groups) < 2 or not hyphen_before[-1]:
            return None
        if not _EXTENSION.match(number_groups[-1]):
            return None
        return "".join(number_groups[:-1]), number_groups[-1]

    if digits.startswith(("400", "800")):
        number, extension = digits, ext
        if not _SERVICE.match(number):
            split = hyphen_extension(groups)
            if split is None or not _SERVICE.match(split[0]):
                raise _fail(field, "phone.format")
            number, extension = split
        return _with_extension(f"{number[:3]}-{number[3:6]}-{number[6:]}", extension)

    if international and not digits.startswith("0"):
        groups[0] = "0" + groups[0]
        digits = "0" + digits
    area_length = _area_code_length(digits)
    if not area_length or len(groups[0]) < area_length:
        # No area code, or written split inside it ("057-18765432"): refuse rather than guess.
        raise _fail(field, "phone.format")
    area = digits[:area_length]
    subscriber_groups = [g for g in [groups[0][area_length:], *groups[1:]] if g]
    subscriber, extension = "".join(subscriber_groups), ext
    split = hyphen_extension(subscriber_groups)
    if split is not None and _SUBSCRIBER.match(split[0]):
        subscriber, extension = split
    if not _SUBSCRIBER.match(subscriber):
        raise _fail(field, "phone.format")
    return _with_extension(f"{area}-{subscriber}", extension)


def _with_extension(number: str, extension: str) -> str:
    """The stored form of an extension: appended after a hyphen."""
    return f"{number}-{extension}" if extension else number


#: Fewest digits a search looks for anywhere in a phone number; fewer match only its start (an
#: area code such as 021, a mobile prefix such as 139).
PHONE_DIGITS_ANYWHERE = 4


def phone_digits(phone: str | None) -> str | None:
    """The digits of a stored phone number, which the search box matches whatever dashes or
    spaces the user types: ``"021-32778951"`` → ``"02132778951"``. None without digits."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    return digits or None


def phone_search_keys(phone: str | None) -> frozenset[str]:
    """The runs of digits a search for part of ``phone`` looks up: the digits from every
    position after the area code (or after the first digit of a mobile or service number), while
    :data:`PHONE_DIGITS_ANYWHERE` of them are left. ``"021-32778951"`` gives ``32778951``,
    ``2778951``, ... ``8951``. The start of the number is not among them (the customers table
    has the digits, searched by prefix), nor are positions inside the area code: nobody types
    ``5718765`` for 0571-8765…, and such keys would be shared by a whole city.
    """
    digits = phone_digits(phone)
    if digits is None:
        return frozenset()
    first_group = re.match(r"\D*(\d+)", phone or "")
    area = len(first_group.group(1)) if first_group and first_group.group(1) != digits else 0
    if not area:  # written without separators: a landline's area code by the dialling rules
        area = _area_code_length(digits)
    start = max(1, area)
    return frozenset(digits[i:] for i in range(start, len(digits) - PHONE_DIGITS_ANYWHERE + 1))


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    # 2024-03-05, 2024/3/5, 2024.3.5, optionally followed by a time that Excel CSV exports add.
    re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),  # 20240305, as many Chinese systems export dates
)
_EARLIEST_YEAR = 1900  # catches "0224-03-05" style typos that are technically valid dates


def parse_date_not_future(value: str | date, *, field: str, label: str, today: date) -> date:
    """Parse a date that cannot lie in the future (founding date, licence issue date...).

    Accepts ``date`` (and ``datetime``, reduced to its date) objects and the strings
    2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305 (full-width digits too). ``today`` is
    a parameter rather than ``date.today()`` so tests and the import preview are deterministic.
    Errors: ``required`` (empty), ``date.format`` (unreadable, impossible such as 2月30日, or
    before 1900), ``date.future``; each with ``label`` for the message.
    """
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        text = normalise_text(value)
        if not text:
            raise _fail(field, "required", label=label)
        parsed_or_none: date | None = None
        for pattern in _DATE_PATTERNS:
            match = pattern.match(text)
            if match:
                numbers = [int(g) for g in match.groups() if g.isdigit()]
                try:
                    parsed_or_none = date(numbers[0], numbers[1], numbers[2])
                except ValueError:
                    parsed_or_none = None
                break
        if parsed_or_none is None or parsed_or_none.year < _EARLIEST_YEAR:
            raise _fail(field, "date.format", label=label)
        parsed = parsed_or_none
    if parsed > today:
        raise _fail(field, "date.future", label=label)
    return parsed


# --------------------------------------------------------------------------------------------
# Amounts and counts
# --------------------------------------------------------------------------------------------

_CENT = Decimal("0.01")
_AMOUNT = re.compile(
    r"^(?P<sign1>[+-]?)\s*[¥￥]?\s*(?P<sign2>[+-]?)\s*"
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*元?$"
)
_COUNT = re.compile(r"^(?P<sign>[+-]?)\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?$")


def _reject_float(value: object) -> None:
    """Floats (and bools) are a programming error: money and counts must never pass through
    binary floating point, so the importer has to hand over the cell text or a Decimal."""
    if isinstance(value, float | bool):
        raise TypeError(f"expected str, int or Decimal, not {type(value).__name__}")


MAX_AMOUNT = Decimal("999999999999.99")


def parse_amount(value: str | int | Decimal | None, *, field: str, label: str) -> Decimal | None:
    """Parse a money amount in yuan into a ``Decimal`` quantized to 0.01; empty gives ``None``.

    Accepts ``1,234.50``, ``1234``, ``¥1234``, ``￥1,234元``, full-width ``１２３４``, ints and
    Decimals. Errors: ``amount.format``, ``amount.negative`` (amounts here are credit limits and
    turnover, never negative), ``amount.precision`` (more than 2 decimals, e.g. ``1.005``:
    rounding silently would change what the user typed). Trailing zeros are fine (``1.500``).
    A ``float`` raises :class:`TypeError`.
    """
    _reject_float(value)
    if value is None:
        return None
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _fail(field, "amount.format", label=label)
        amount = value
    else:
        text = normalise_text(value)
        if not text:
            return None
        match = _AMOUNT.match(text)
        if match is None or (match["sign1"] and match["sign2"]):
            raise _fail(field, "amount.format", label=label)
        amount = Decimal(match["number"].replace(",", ""))
        if "-" in (match["sign1"], match["sign2"]):
            amount = -amount
    if amount < 0:
        raise _fail(field, "amount.negative", label=label)
    try:
        rounded = amount.quantize(_CENT)
    except InvalidOperation:  # more digits than the decimal context holds: not a real amount
        raise _fail(field, "amount.format", label=label) from None
    if rounded != amount:
        raise _fail(field, "amount.precision", label=label)
    if rounded > MAX_AMOUNT:  # NUMERIC(14,2): larger amounts cannot be stored
        raise _fail(field, "amount.too_large", label=label)
    return abs(rounded)  # abs: "-0" must come back as 0.00, not -0.00


def parse_count(value: str | int | Decimal | None, *, field: str, label: str) -> int | None:
    """Parse a whole number ≥ 0 (staff, beds, stores); empty gives ``None``.

    Accepts ``1234``, ``1,234``, full-width digits, and ``12.0`` (how Excel exports whole numbers
    in some locales). Errors: ``number.format``, ``number.negative``. A ``float`` raises
    :class:`TypeError`, as in :func:`parse_amount`.
    """
    _reject_float(value)
    if value is None:
        return None
    if isinstance(value, int):
        count = value
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise _fail(field, "number.format", label=label)
        count = int(value)
    else:
        text = normalise_text(value)
        if not text:
            return None
        match = _COUNT.match(text)
        if match is None:
            raise _fail(field, "number.format", label=label)
        count = int(match["number"].replace(",", ""))
        if match["sign"] == "-":
            count = -count
    if count < 0:
        raise _fail(field, "number.negative", label=label)
    return count
