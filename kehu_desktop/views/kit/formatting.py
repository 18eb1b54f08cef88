"""How every screen writes money, dates and statuses, and the few colours that mark a cell.

One place so that an amount reads the same on the cashier desk, in the credit tab and in a
payment list (¥12,345.60; -¥12.00 for a negative amount), always from ``Decimal``, never a float.
Statuses are English source strings under a translation context per kind of record; the zh_CN
catalogue gives the words of domain.customer, services.dispatch and services.slips.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush
from PySide6.QtGui import QColor

from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP

RED = "#b3261e"  # an error, a negative amount, a customer on hold
RED_BG = "#fdecea"
ORANGE = "#a15c00"  # something owed: a signature, copy ③
GREY = "#8a8a8a"  # a voided record
MUTED = "#757575"  # an inactive product, an expired batch, a withdrawn limit
PLACEHOLDER = "#9e9e9e"  # "Loading…" while a page is on its way


@cache
def brush(colour: str) -> QBrush:
    """The brush of a cell's text in ``colour`` (made once per colour)."""
    return QBrush(QColor(colour))


def yuan(amount: Decimal | None) -> str:
    """¥12,345.60; -¥12.00 for a negative amount; empty for None. From Decimal, never float."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def plain_amount(value: Decimal | None) -> str:
    """1,234.50 without the currency sign, for table cells under a ¥ column title."""
    return "" if value is None else f"{value:,.2f}"


def day_text(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time (UTC, aware or naive) as the user's wall-clock time."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime(fmt)


def local_date(value: datetime | None) -> str:
    return local_time(value, "%Y-%m-%d")


def term(context: str, words: Mapping[str, str], code: str | None) -> str:
    """The word for ``code`` from ``words`` (source strings of ``context``) in the UI language;
    the code itself when there is no word for it (a newer code than this program knows)."""
    source = words.get(code or "")
    return QCoreApplication.translate(context, source) if source else (code or "")


CUSTOMER_STATUS: dict[str, str] = {
    "prospect": QT_TRANSLATE_NOOP("CustomerStatus", "Prospect"),
    "proposed": QT_TRANSLATE_NOOP("CustomerStatus", "Awaiting branch GM review"),
    "reviewed": QT_TRANSLATE_NOOP("CustomerStatus", "Awaiting head-office approval"),
    "selected": QT_TRANSLATE_NOOP("CustomerStatus", "Selected"),
    "sent_back": QT_TRANSLATE_NOOP("CustomerStatus", "Sent back"),
    "rejected": QT_TRANSLATE_NOOP("CustomerStatus", "Rejected"),
    "terminated": QT_TRANSLATE_NOOP("CustomerStatus", "Terminated"),
}
DISPATCH_STATUS: dict[str, str] = {
    "requested": QT_TRANSLATE_NOOP("DispatchStatus", "Awaiting approval"),
    "approved": QT_TRANSLATE_NOOP("DispatchStatus", "Approved"),
    "assigned": QT_TRANSLATE_NOOP("DispatchStatus", "Driver assigned"),
    "released": QT_TRANSLATE_NOOP("DispatchStatus", "Released"),
    "parked": QT_TRANSLATE_NOOP("DispatchStatus", "Parked at market office"),
    "delivered": QT_TRANSLATE_NOOP("DispatchStatus", "Delivered"),
    "returned": QT_TRANSLATE_NOOP("DispatchStatus", "Note returned"),
    "cancelled": QT_TRANSLATE_NOOP("DispatchStatus", "Cancelled"),
}
SLIP_STATUS: dict[str, str] = {
    "issued": QT_TRANSLATE_NOOP("SlipWords", "Issued"),
    "voided": QT_TRANSLATE_NOOP("SlipWords", "Void"),
}
Record = Literal["customer", "dispatch", "slip"]
_STATUSES: dict[str, tuple[str, dict[str, str]]] = {
    "customer": ("CustomerStatus", CUSTOMER_STATUS),
    "dispatch": ("DispatchStatus", DISPATCH_STATUS),
    "slip": ("SlipWords", SLIP_STATUS),
}


def status_label(record: Record, code: str) -> str:
    """The status of a customer file, a dispatch note or a slip in the UI language."""
    context, words = _STATUSES[record]
    return term(context, words, code)
