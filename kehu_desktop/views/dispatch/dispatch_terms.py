"""Words and numbers of the dispatch screens: state, sale kind and approval labels, money text,
and the credit-check failures re-worded with their amounts as money (¥1,234.00).

English source strings; the zh_CN catalogue gives the words of services.dispatch and
domain.credit (tests/test_views_dispatch.py checks they agree).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from kehu_desktop.domain.credit_check import Failure
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.messages import render
from kehu_desktop.views.kit.formatting import yuan
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP

# Short words for a table column; the long ones (现款现货) for forms.
SALE_KIND_SHORT: dict[str, str] = {
    "cash": QT_TRANSLATE_NOOP("SaleKind", "Cash"),
    "credit": QT_TRANSLATE_NOOP("SaleKind", "Credit"),
}
SALE_KIND_LABELS: dict[str, str] = {
    "cash": QT_TRANSLATE_NOOP("SaleKind", "Cash on delivery"),
    "credit": QT_TRANSLATE_NOOP("SaleKind", "Credit sale"),
}
PAYMENT_TERMS_LABELS: dict[str, str] = {
    "cash": QT_TRANSLATE_NOOP("PaymentTerms", "Cash on delivery"),
    "agreed": QT_TRANSLATE_NOOP("PaymentTerms", "Agreed payment"),
    "clear_before_credit": QT_TRANSLATE_NOOP("PaymentTerms", "Clear before credit"),
}
SLIP_KIND_LABELS: dict[str, str] = {
    "delivery": QT_TRANSLATE_NOOP("SlipKind", "Delivery slip"),
    "credit_sale": QT_TRANSLATE_NOOP("SlipKind", "Credit-sale slip"),
}


def _tr(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def sale_kind_label(code: str, *, short: bool = False) -> str:
    source = (SALE_KIND_SHORT if short else SALE_KIND_LABELS).get(code)
    return _tr("SaleKind", source) if source else code


def payment_terms_label(code: str | None) -> str:
    source = PAYMENT_TERMS_LABELS.get(code or "")
    return _tr("PaymentTerms", source) if source else (code or "")


def slip_kind_label(code: str) -> str:
    source = SLIP_KIND_LABELS.get(code)
    return _tr("SlipKind", source) if source else code


def approval_label(mode: str | None, signature_owed: bool) -> str:
    """签字 / 电话批准·待补签 / 电话批准·已补签; empty before approval."""
    if mode == "signed":
        return QCoreApplication.translate("ApprovalMode", "Signed")
    if mode == "phone":
        if signature_owed:
            return QCoreApplication.translate("ApprovalMode", "Phone approval · signature owed")
        return QCoreApplication.translate("ApprovalMode", "Phone approval · signed since")
    return ""


def _as_money(numbers: Mapping[str, Decimal | str | Term]) -> dict[str, str]:
    """Amounts as ¥ money; a Term (a status, a channel) in the language of the moment."""
    return {k: yuan(v) if isinstance(v, Decimal) else str(v) for k, v in numbers.items()}


def failure_text(failure: Failure) -> str:
    """One failed rule (or warning) with its numbers made plain, amounts as ¥ money."""
    n = failure.numbers
    if failure.code == "release.over_limit":
        return QCoreApplication.translate(
            "CreditFailure",
            "Over this month's credit limit: exposure {exposure} + this note {amount} = "
            "{after} > limit {limit} (over by {over})",
        ).format(**_as_money(n))
    if failure.code == "release.near_limit":
        return QCoreApplication.translate(
            "CreditFailure",
            "Near the credit limit: after release the exposure is {after}, at or above the "
            "{percent} warning line ({threshold}) of the limit {limit}",
        ).format(**_as_money(n))
    # The other rules carry few or no amounts: the catalogue's sentence, amounts as money.
    text = render(failure.code, **_as_money(n))
    return failure.message if text == failure.code else text
