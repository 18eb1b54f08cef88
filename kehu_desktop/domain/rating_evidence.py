"""The evidence beside each indicator of the credit evaluation, as one line per indicator in the
language of the moment (``domain.messages``): the form on screen and the printed form say the
same. Pure: the evidence is the JSON the service gathered (``services.credit.evaluations``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kehu_desktop.domain.credit import money_text
from kehu_desktop.domain.messages import Term
from kehu_desktop.domain.messages import render
from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS

_MONEY_FIELDS = ("annual_sales_scale", "total_product_sales")
_SEPARATOR = "；"


def _yuan(value: Any) -> str:
    return render("evaluation.evidence.yuan", amount=money_text(Decimal(str(value))))


def evidence_lines(evidence: Mapping[str, Any]) -> dict[str, str]:
    """Indicator code → what to show beside it: the customer file's value, last month's sales
    (reported and bought from us), the contract's terms, the payment record, last month's
    level."""
    file = evidence.get("file") or {}
    out: dict[str, list[str]] = {code: [] for code in (*KEY_INDICATORS, *OTHER_INDICATORS)}
    for code, value in file.items():
        if value is not None and code in out:
            shown = _yuan(value) if code in _MONEY_FIELDS else str(value)
            out[code].append(render("evaluation.evidence.file", value=shown))
    month = evidence.get("sales_month", "")
    reported = evidence.get("reported_sales")
    out["monthly_sales_amount"] = [
        render("evaluation.evidence.not_reported", month=month)
        if reported is None
        else render("evaluation.evidence.reported", month=month, amount=_yuan(reported)),
        render("evaluation.evidence.bought", amount=_yuan(evidence.get("our_sales") or "0")),
    ]
    terms = evidence.get("contract_terms")
    out["payment_method"].insert(
        0,
        render("evaluation.evidence.contract", terms=Term("contract.terms", terms))
        if terms
        else render("evaluation.evidence.no_contract"),
    )
    out["payment_reputation"].insert(0, record_line(evidence))
    last = evidence.get("last")
    if last:
        for code, level in last["levels"].items():
            if code in out:
                out[code].append(
                    render("evaluation.evidence.last", month=last["month"], level=level)
                )
    return {code: _SEPARATOR.join(parts) for code, parts in out.items() if parts}


def record_line(evidence: Mapping[str, Any]) -> str:
    """The payment record in one line: the numbers beside payment reputation."""
    record = evidence.get("record") or {}
    months = evidence.get("record_months", 12)
    if not record.get("due"):
        return render("evaluation.evidence.no_record", months=months)
    share = Decimal(record["share_on_time"]) * 100
    return render(
        "evaluation.evidence.record",
        months=months,
        due=record["due"],
        on_time=record["on_time"],
        share=f"{share:.0f}",
        worst=record["worst_days_late"],
        overdue=record["overdue_now"],
    )
