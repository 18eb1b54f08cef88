"""Document numbers: ``{branch}-{kind}-{year}-{seq:06d}``, e.g. ``SH-DN-2026-000123``.

The sequence comes from a counter row locked in the transaction that creates the document
(services.records.next_number), so numbers are gapless and unique per branch, kind and year. This
module only formats and parses them: pure, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DISPATCH_NOTE = "DN"  # 货物发运单
DELIVERY_SLIP = "DS"  # 送货单 (cash sale)
CREDIT_SALE_SLIP = "CS"  # 赊销单 (credit sale)
TEMPORARY_RECEIPT = "TR"  # 临时收条

KINDS: dict[str, str] = {
    DISPATCH_NOTE: "货物发运单",
    DELIVERY_SLIP: "送货单",
    CREDIT_SALE_SLIP: "赊销单",
    TEMPORARY_RECEIPT: "临时收条",
}

#: Slip kind (as stored in ``slips.kind``) -> number kind.
SLIP_NUMBER_KINDS: dict[str, str] = {"delivery": DELIVERY_SLIP, "credit_sale": CREDIT_SALE_SLIP}

SEQ_DIGITS = 6
_PATTERN = re.compile(r"^([A-Z0-9]{1,10})-([A-Z]{2,4})-(\d{4})-(\d{6,})$")


@dataclass(frozen=True)
class DocumentNumber:
    branch_code: str
    kind: str
    year: int
    seq: int

    def __str__(self) -> str:
        return document_number(self.branch_code, self.kind, self.year, self.seq)


def document_number(branch_code: str, kind: str, year: int, seq: int) -> str:
    """``document_number("SH", "DN", 2026, 123)`` → ``"SH-DN-2026-000123"``.

    Refuses what could not be parsed back: an empty or non-alphanumeric branch code, a kind that
    is not 2-4 capital letters, a year outside 1000-9999, a sequence below 1. Sequences beyond
    999999 simply get more digits (they still sort within a year because the counter is gapless).
    """
    code = branch_code.strip().upper()
    if not code or not code.isascii() or not code.isalnum() or len(code) > 10:
        raise ValueError(f"bad branch code {branch_code!r}")
    if not (2 <= len(kind) <= 4 and kind.isascii() and kind.isalpha() and kind.isupper()):
        raise ValueError(f"bad document kind {kind!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"bad year {year}")
    if seq < 1:
        raise ValueError(f"sequence must start at 1, got {seq}")
    return f"{code}-{kind}-{year}-{seq:0{SEQ_DIGITS}d}"


def parse_document_number(text: str) -> DocumentNumber | None:
    """The parts of a document number, or None if ``text`` is not one (case-insensitive)."""
    match = _PATTERN.match(text.strip().upper())
    if match is None:
        return None
    code, kind, year, seq = match.groups()
    if int(seq) < 1:
        return None
    return DocumentNumber(code, kind, int(year), int(seq))
