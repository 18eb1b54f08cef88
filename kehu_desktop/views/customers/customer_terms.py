"""Translated words for customer files: field labels, selection steps and decisions.

Statuses and channels live with the customer list (:mod:`.customer_model`); this module adds the
words the editor, the approvals view and the import preview need. English source strings are the
glossary words of domain.md; the zh_CN catalogue gives the words of ``domain.customer``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP

FIELD_LABELS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("CustomerFields", "Customer name"),
    "uscc": QT_TRANSLATE_NOOP("CustomerFields", "Unified social credit code"),
    "address": QT_TRANSLATE_NOOP("CustomerFields", "Address"),
    "phone": QT_TRANSLATE_NOOP("CustomerFields", "Phone"),
    "postcode": QT_TRANSLATE_NOOP("CustomerFields", "Postcode"),
    "owner": QT_TRANSLATE_NOOP("CustomerFields", "Owner"),
    "manager": QT_TRANSLATE_NOOP("CustomerFields", "Manager"),
    "legal_representative": QT_TRANSLATE_NOOP("CustomerFields", "Legal representative"),
    "founded": QT_TRANSLATE_NOOP("CustomerFields", "Founding date"),
    "bank": QT_TRANSLATE_NOOP("CustomerFields", "Bank"),
    "bank_account": QT_TRANSLATE_NOOP("CustomerFields", "Account number"),
    "channel": QT_TRANSLATE_NOOP("CustomerFields", "Channel"),
    "market_office": QT_TRANSLATE_NOOP("CustomerFields", "Market office"),
    "business_nature": QT_TRANSLATE_NOOP("CustomerFields", "Business nature"),
    "licences": QT_TRANSLATE_NOOP("CustomerFields", "Licences"),
    "registration": QT_TRANSLATE_NOOP("CustomerFields", "Registration"),
    "years_in_business": QT_TRANSLATE_NOOP("CustomerFields", "Years in business"),
    "annual_sales_scale": QT_TRANSLATE_NOOP("CustomerFields", "Annual sales scale"),
    "goods_flow": QT_TRANSLATE_NOOP("CustomerFields", "Goods flow"),
    "total_product_sales": QT_TRANSLATE_NOOP("CustomerFields", "Total product sales"),
    "payment_method": QT_TRANSLATE_NOOP("CustomerFields", "Payment method"),
    "payment_reputation": QT_TRANSLATE_NOOP("CustomerFields", "Payment reputation"),
    "month": QT_TRANSLATE_NOOP("CustomerFields", "Month"),
    "volume": QT_TRANSLATE_NOOP("CustomerFields", "Sales volume"),
    "amount": QT_TRANSLATE_NOOP("CustomerFields", "Sales amount"),
    "stock": QT_TRANSLATE_NOOP("CustomerFields", "Stock"),
    "monthly_sales": QT_TRANSLATE_NOOP("CustomerFields", "Sales data"),
    "comment": QT_TRANSLATE_NOOP("CustomerFields", "Comment"),
}

STEP_NAMES: dict[str, str] = {
    "propose": QT_TRANSLATE_NOOP("SelectionWords", "Propose"),
    "review": QT_TRANSLATE_NOOP("SelectionWords", "Review"),
    "approve": QT_TRANSLATE_NOOP("SelectionWords", "Approve"),
    "terminate": QT_TRANSLATE_NOOP("SelectionWords", "Terminate"),
    "withdraw_propose": QT_TRANSLATE_NOOP("SelectionWords", "Propose withdrawal"),
    "withdraw_review": QT_TRANSLATE_NOOP("SelectionWords", "Review withdrawal"),
}

DECISION_NAMES: dict[str, str] = {
    "approved": QT_TRANSLATE_NOOP("SelectionWords", "Passed"),
    "rejected": QT_TRANSLATE_NOOP("SelectionWords", "Rejected"),
    "sent_back": QT_TRANSLATE_NOOP("SelectionWords", "Sent back"),
}

# "monthly_sales[2].amount": a cell of the sales data table, as services name it.
_MONTHLY_FIELD = re.compile(r"^monthly_sales\[(\d+)\]\.(\w+)$")


def _translate(context: str, table: dict[str, str], code: str | None) -> str:
    if not code:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(context, source) if source else code


def field_label(field: str | None) -> str:
    """The label of a field code name; a sales-data cell reads "Sales data row 3: Sales amount"."""
    if field is None:
        return ""
    match = _MONTHLY_FIELD.match(field)
    if match:
        row, column = int(match.group(1)) + 1, match.group(2)
        return QCoreApplication.translate(
            "CustomerFields", "Sales data row {row}: {column}"
        ).format(row=row, column=field_label(column))
    return _translate("CustomerFields", FIELD_LABELS, field)


def parse_monthly_field(field: str) -> tuple[int, str] | None:
    """(index, column) of a sales-data cell field name, or None for any other field."""
    match = _MONTHLY_FIELD.match(field)
    return (int(match.group(1)), match.group(2)) if match else None


def step_name(step: str) -> str:
    return _translate("SelectionWords", STEP_NAMES, step)


def decision_name(decision: str) -> str:
    return _translate("SelectionWords", DECISION_NAMES, decision)
