"""The payment receipt (收款收据) as a PDF: what the cashier hands the customer for money received.

A5 landscape, like the receipt books branch cashiers use: title, branch, receipt number and date;
who paid, how, the amount in figures and in capitals (人民币…元整, one function:
:func:`kehu_desktop.domain.capitals.amount_in_capitals`); the slips the money paid; what is left
as credit (预收款); who received it; boxes to sign and stamp. A reversal prints as a 冲销 receipt
with a minus sign in the figures and 冲销 before the capitals (capitals are never negative);
a reversed receipt says by which document.

Every string is drawn in the embedded WenQuanYi subset, page furniture included, so no
non-embedded Helvetica sneaks in. Only DTOs here: no Qt, no database.
"""

from __future__ import annotations

import io
import logging
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A5
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from kehu_desktop.domain.capitals import amount_in_capitals
from kehu_desktop.dto import PaymentView
from kehu_desktop.printing.fonts import missing_glyphs
from kehu_desktop.printing.fonts import register_cjk_font

log = logging.getLogger(__name__)

TITLE = "收款收据"
REVERSAL_TITLE = "收款收据（冲销）"
METHOD_LABELS = {"cash": "现金", "bank_transfer": "银行转账", "bank_draft": "银行汇票"}
SLIP_KIND_LABELS = {"delivery": "送货单", "credit_sale": "赊销单"}
LABELS = {
    "branch": "收款单位：{branch}",
    "date": "日期：{date}",
    "number": "No. {number}",
    "payer": "交款单位",
    "method": "收款方式",
    "reference": "票据号/流水号",
    "capitals": "金额（大写）",
    "figures": "金额（小写）",
    "purpose": "收款事由",
    "purpose_text": "货款",
    "note": "备注",
    "allocations": "冲抵单据",
    "credit": "未冲抵金额（转预收款）：{amount}",
    "no_allocation": "本次收款未冲抵单据，全额转入预收款",
    "reverses": "冲销原收款 {number}",
    "reversed_by": "本收据已被 {number} 冲销",
    "voided_slip": "（单据已作废）",
}
ALLOCATION_HEADERS = ("单据号", "类别", "开单日期", "单据金额", "本次冲抵")
SIGNATURES = ("交款人（签字）", "收款人（签字）", "收款单位（盖章）")
RECEIVED_BY = "收款人：{name}"
REVERSAL_MARK = "（冲销）"
EMPTY = "—"

PAGE_SIZE = landscape(A5)
MARGIN = 10 * mm
FRAME_PADDING = 6  # SimpleDocTemplate's frame pads its content by 6 pt on every side
FONT_SIZE = 9.5


def format_amount(amount: Decimal) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def capitals(amount: Decimal) -> str:
    """Capitals of the amount; a negative (reversal) amount gets 冲销 in front of 人民币."""
    text = amount_in_capitals(abs(amount))
    return REVERSAL_MARK + text if amount < 0 else text


def receipt_pdf(payment: PaymentView) -> bytes:
    """Render the receipt of ``payment`` and return the PDF bytes (one A5 landscape page unless
    the payment paid many slips)."""
    font = register_cjk_font()
    st = _Styles(font)
    buffer = io.BytesIO()
    edge = MARGIN - FRAME_PADDING  # so text and table rules both start at MARGIN
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=edge,
        rightMargin=edge,
        topMargin=edge,
        bottomMargin=edge,
        title=f"{TITLE} {payment.number}",
        author=payment.received_by,
        subject=TITLE,
        creator="kehu-desktop",
        initialFontName=font,  # else every page preamble names (non-embedded) Helvetica
    )
    texts: list[str] = []

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        texts.append(text)
        return Paragraph("<br/>".join(escape(x) for x in text.splitlines() or [""]), style)

    reversal = payment.reverses_number is not None
    width = doc.width - 2 * FRAME_PADDING
    story: list[Any] = [
        para(REVERSAL_TITLE if reversal else TITLE, st.title),
        _meta(payment, para, st, width),
        Spacer(1, 2 * mm),
        _main_table(payment, para, st, width),
        Spacer(1, 2 * mm),
    ]
    story += _allocations(payment, para, st, width)
    story += [Spacer(1, 4 * mm), KeepTogether([_signatures(payment, para, st, width)])]
    lacking = missing_glyphs("".join(texts))
    if lacking:
        log.warning("receipt %s: font lacks %s", payment.number, "".join(sorted(lacking)))
    doc.build(story)
    return buffer.getvalue()


class _Styles:
    def __init__(self, font: str) -> None:
        self.font = font
        base = ParagraphStyle(
            "cell", fontName=font, fontSize=FONT_SIZE, leading=FONT_SIZE * 1.3, wordWrap="CJK"
        )
        self.cell = base
        self.label = ParagraphStyle("label", parent=base, alignment=TA_CENTER)
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10.5)
        self.small_right = ParagraphStyle("small_right", parent=self.small, alignment=TA_RIGHT)
        self.small_center = ParagraphStyle("small_center", parent=self.small, alignment=TA_CENTER)
        self.big = ParagraphStyle("big", parent=base, fontSize=12, leading=15)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=18, leading=22, alignment=TA_CENTER, spaceAfter=1.5 * mm
        )
        self.meta_left = ParagraphStyle("meta_left", parent=base, alignment=TA_LEFT)
        self.meta_center = ParagraphStyle("meta_center", parent=base, alignment=TA_CENTER)
        self.meta_right = ParagraphStyle("meta_right", parent=base, alignment=TA_RIGHT)


def _table(
    data: list[list[Any]],
    widths: list[float],
    font: str,
    extra: list[tuple[Any, ...]],
    *,
    grid: bool = True,
    heights: list[float] | None = None,
) -> Table:
    commands: list[tuple[Any, ...]] = [
        # String cells (SPAN fillers) are drawn in the table's font: keep it the embedded one.
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if grid:
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, colors.black))
    table = Table(data, colWidths=widths, rowHeights=heights)
    table.setStyle(TableStyle(commands + extra))
    return table


def _meta(p: PaymentView, para: Any, st: _Styles, width: float) -> Table:
    cells = [
        para(LABELS["branch"].format(branch=p.branch_name), st.meta_left),
        para(LABELS["date"].format(date=f"{p.received_on:%Y年%m月%d日}"), st.meta_center),
        para(LABELS["number"].format(number=p.number), st.meta_right),
    ]
    return _table(
        [cells],
        [width * 0.4, width * 0.25, width * 0.35],
        st.font,
        [("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (2, 0), (2, 0), 0)],
        grid=False,
    )


def _main_table(p: PaymentView, para: Any, st: _Styles, width: float) -> Table:
    label_w = 26 * mm
    value_w = (width - 2 * label_w) / 2
    grey = colors.HexColor("#EEEEEE")
    purpose = LABELS["purpose_text"]
    if p.reverses_number:
        purpose = LABELS["reverses"].format(number=p.reverses_number)
    elif p.reversed_by_number:
        purpose = f"{purpose}　{LABELS['reversed_by'].format(number=p.reversed_by_number)}"
    data = [
        [para(LABELS["payer"], st.label), para(p.customer_name, st.cell), "", ""],
        [
            para(LABELS["method"], st.label),
            para(METHOD_LABELS.get(p.method, p.method), st.cell),
            para(LABELS["reference"], st.label),
            para(p.reference or EMPTY, st.cell),
        ],
        [para(LABELS["capitals"], st.label), para(capitals(p.amount), st.big), "", ""],
        [para(LABELS["figures"], st.label), para(format_amount(p.amount), st.big), "", ""],
        [para(LABELS["purpose"], st.label), para(purpose, st.cell), "", ""],
        [para(LABELS["note"], st.label), para(p.note or EMPTY, st.cell), "", ""],
    ]
    spans = [("SPAN", (1, r), (3, r)) for r in (0, 2, 3, 4, 5)]
    shade = [("BACKGROUND", (0, 0), (0, -1), grey), ("BACKGROUND", (2, 1), (2, 1), grey)]
    return _table(data, [label_w, value_w, label_w, value_w], st.font, spans + shade)


def _allocations(p: PaymentView, para: Any, st: _Styles, width: float) -> list[Any]:
    if not p.allocations:
        if p.reverses_number or p.reversed_by_number:
            return []
        return [para(LABELS["no_allocation"], st.small)]
    header = [para(h, st.small_center) for h in ALLOCATION_HEADERS]
    rows: list[list[Any]] = [header]
    for a in p.allocations:
        kind = SLIP_KIND_LABELS.get(a.slip_kind, a.slip_kind)
        if a.slip_voided:
            kind += LABELS["voided_slip"]
        rows.append(
            [
                para(a.slip_number, st.small),
                para(kind, st.small_center),
                para(f"{a.issue_date:%Y-%m-%d}", st.small_center),
                para(format_amount(a.slip_total), st.small_right),
                para(format_amount(a.amount), st.small_right),
            ]
        )
    widths = [width * f for f in (0.30, 0.20, 0.16, 0.17, 0.17)]
    out: list[Any] = [
        para(LABELS["allocations"], st.small),
        _table(
            rows, widths, st.font, [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE"))]
        ),
    ]
    if p.unallocated > 0:
        out += [
            Spacer(1, 1 * mm),
            para(LABELS["credit"].format(amount=format_amount(p.unallocated)), st.small),
        ]
    return out


def _signatures(p: PaymentView, para: Any, st: _Styles, width: float) -> Table:
    """Three boxes: the payer signs, the cashier signs (name printed), the branch stamps."""
    gap = 4 * mm
    box = (width - 2 * gap) / 3
    cells = [
        para(SIGNATURES[0], st.small),
        "",
        para(SIGNATURES[1], st.small),
        "",
        para(SIGNATURES[2], st.small),
    ]
    names = ["", "", para(RECEIVED_BY.format(name=p.received_by), st.small_right), "", ""]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, 0), "TOP"),
        ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
    ]
    for col in (0, 2, 4):
        commands.append(("BOX", (col, 0), (col, 1), 0.6, colors.black))
    # Fixed heights: room for a signature and for a round company stamp.
    return _table(
        [cells, names],
        [box, gap, box, gap, box],
        st.font,
        commands,
        grid=False,
        heights=[9 * mm, 13 * mm],
    )
