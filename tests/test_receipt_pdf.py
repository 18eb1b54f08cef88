"""The payment receipt PDF (收款收据), read back with pypdf: text, capitals, page, fonts."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.lib.pagesizes import landscape
from sqlalchemy import select

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.printing import receipt
from kehu_desktop.printing.fonts import missing_glyphs
from kehu_desktop.printing.receipt import receipt_pdf
from kehu_desktop.services import payments
from kehu_desktop.services.payments import AllocationView
from kehu_desktop.services.payments import PaymentView
from tests.factories import Branch
from tests.test_payments import make_customer
from tests.test_payments import make_slip
from tests.test_payments import pay

VIEW = PaymentView(
    id=uuid.uuid4(),
    number="SH-PM-2026-000123",
    branch_code="SH",
    branch_name="上海分公司",
    customer_id=uuid.uuid4(),
    customer_name="上海国药大药房连锁有限公司",
    method="bank_draft",
    amount=Decimal("107000.53"),
    received_on=date(2026, 3, 18),
    received_at=datetime(2026, 3, 18, 2, 30, tzinfo=UTC),
    received_by="王出纳",
    reference="31300051 20260318",
    note="三月份货款 & <余款>",
    allocations=(
        AllocationView(
            uuid.uuid4(),
            "SH-CS-2026-000041",
            "credit_sale",
            date(2026, 1, 5),
            Decimal("80000.00"),
            Decimal("80000.00"),
            False,
        ),
        AllocationView(
            uuid.uuid4(),
            "SH-DS-2026-000077",
            "delivery",
            date(2026, 2, 11),
            Decimal("30000.00"),
            Decimal("25000.00"),
            False,
        ),
    ),
    allocated=Decimal("105000.00"),
    unallocated=Decimal("2000.53"),
    reverses_number=None,
    reversed_by_number=None,
    remitted=Decimal("0.00"),
)


def _read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(BytesIO(pdf))


def _text(reader: PdfReader) -> str:
    return "".join(page.extract_text() for page in reader.pages).replace(" ", "")


def _fonts(reader: PdfReader) -> list[Any]:
    found = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            found.append(font)
    return found


def test_receipt_text_capitals_and_number() -> None:
    reader = _read(receipt_pdf(VIEW))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == tuple(
        round(x) for x in landscape(A5)
    )
    text = _text(reader)
    for expected in (
        "收款收据",
        "SH-PM-2026-000123",
        "人民币壹拾万柒仟元零伍角叁分",
        "¥107,000.53",
        "上海国药大药房连锁有限公司",
        "银行汇票",
        "上海分公司",
        "2026年03月18日",
        "SH-CS-2026-000041",
        "赊销单",
        "送货单",
        "¥25,000.00",
        "¥2,000.53",
        "王出纳",
        "三月份货款&<余款>",
        "交款人（签字）",
        "收款单位（盖章）",
    ):
        assert expected in text, expected


def test_every_font_is_an_embedded_wenquanyi_subset() -> None:
    for view in (
        VIEW,
        replace(
            VIEW,
            amount=Decimal("-500.00"),
            reverses_number="SH-PM-2026-1",
            allocations=(),
            unallocated=Decimal("0"),
        ),
    ):
        fonts = _fonts(_read(receipt_pdf(view)))
        assert fonts
        for font in fonts:
            name = str(font["/BaseFont"])
            assert "WenQuanYi" in name, name
            assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_every_literal_string_is_covered_by_the_font() -> None:
    literals = [
        receipt.TITLE,
        receipt.REVERSAL_TITLE,
        receipt.RECEIVED_BY,
        receipt.EMPTY,
        receipt.REVERSAL_MARK,
        *receipt.LABELS.values(),
        *receipt.METHOD_LABELS.values(),
        *receipt.SLIP_KIND_LABELS.values(),
        *receipt.ALLOCATION_HEADERS,
        *receipt.SIGNATURES,
        "¥-,.0123456789年月日",
    ]
    assert missing_glyphs("".join(literals)) == set()


def test_reversal_and_reversed_receipts() -> None:
    reversal = replace(
        VIEW,
        number="SH-PM-2026-000200",
        amount=Decimal("-107000.53"),
        reverses_number="SH-PM-2026-000123",
        unallocated=Decimal("0"),
        allocations=tuple(replace(a, amount=-a.amount) for a in VIEW.allocations),
    )
    text = _text(_read(receipt_pdf(reversal)))
    assert "收款收据（冲销）" in text and "冲销原收款SH-PM-2026-000123" in text
    assert "（冲销）人民币壹拾万柒仟元零伍角叁分" in text and "-¥107,000.53" in text
    reversed_ = replace(VIEW, reversed_by_number="SH-PM-2026-000200", unallocated=Decimal("0"))
    assert "本收据已被SH-PM-2026-000200冲销" in _text(_read(receipt_pdf(reversed_)))
    prepaid = replace(VIEW, allocations=(), allocated=Decimal("0"), unallocated=VIEW.amount)
    assert "全额转入预收款" in _text(_read(receipt_pdf(prepaid)))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_renders_with_poppler(tmp_path: Path) -> None:
    """Also leaves /tmp/receipt.png behind to look at."""
    path = tmp_path / "receipt.pdf"
    path.write_bytes(receipt_pdf(VIEW))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", str(path), str(tmp_path / "receipt")],
        check=True,
    )
    png = tmp_path / "receipt.png"
    assert png.stat().st_size > 10_000
    shutil.copy(png, "/tmp/receipt.png")
    if shutil.which("pdffonts"):
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
        rows = out.stdout.splitlines()[2:]
        assert rows and all("WenQuanYi" in r and " yes " in r for r in rows), out.stdout


def test_service_prints_and_audits(branch: Branch) -> None:
    c = make_customer(branch, "上海康健医药有限公司")
    make_slip(branch, c, "1007.00", date(2026, 3, 2))
    view = pay(branch, c, "1007.00")
    pdf = payments.payment_receipt_pdf(branch.db, branch.actor(Role.CASHIER), view.id)
    text = _text(_read(pdf))
    assert view.number in text and "人民币壹仟零柒元整" in text and "上海康健医药有限公司" in text
    assert "cashier用户" in text
    with pytest.raises(Forbidden):
        payments.payment_receipt_pdf(branch.db, branch.actor(Role.SALES_REP), view.id)
    with branch.db.read() as s:
        audit = s.execute(
            select(AuditRecord).where(AuditRecord.action == "payment_receipt_printed")
        ).scalar_one()
        assert audit.entity_id == str(view.id) and audit.detail == view.number
