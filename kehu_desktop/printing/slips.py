"""Delivery slips (送货单) and credit-sale slips (赊销单) as PDF: the four-part set (一式四联).

A slip is also the 随货同行单 that goes with the goods (GSP): its title names the seller (company
and branch), the line under it the seller's address, phone and 药品经营许可证 number, every line
the product's dosage form (剂型) and manufacturer (生产厂商) beside name, specification, batch
and expiry, and the signature row has a box for the seller's 出库专用章. A slip issued before
the seller was printed (no seller in its view) prints the branch name as it did then.

The layout is a fixed form, not a flowing document: every box sits at the same place on every
page and for every slip, because a multi-part form may carry pre-printed lines and the per-printer
offsets (套打) only work when the data always lands at the same spot. So:

* each page has a fixed number of line rows (``lines_per_page``: 10 on the 93.1 mm form, 20 on
  139.7 mm, 35 on A4 landscape...); unused rows stay empty and the first of them says 以下空白
  on the last page, so nothing can be added by hand afterwards;
* a long cell is shrunk, then set on two lines, inside its fixed row (never a taller row);
* more lines than fit continue on further pages *of the same copy*, titled (续) and numbered
  "第 x 页 / 共 y 页" per copy; the total (figures and 大写) is printed on the last page only, the
  header, signature boxes and copy caption on every page.

Modes (see :mod:`.paper`): ``plain`` prints copy ① to ④ one after another, each captioned 第一联
… 第四联 with its use; ``multipart`` prints one copy, uncaptioned (the carbonless form has its
captions pre-printed). A voided slip keeps its number and carries an outlined diagonal 作废 on
every page (outlined so that the data under it stays readable); a reprint carries 第N次补印.

Everything is drawn in the embedded WenQuanYi subset; money comes in as ``Decimal`` and is
formatted from ``Decimal``. No Qt and no SQLAlchemy here: DTOs in, PDF bytes out.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kehu_desktop.domain.capitals import amount_in_capitals
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.dto import SlipLineView
from kehu_desktop.dto import SlipView
from kehu_desktop.printing.barcode import QUIET_ZONE
from kehu_desktop.printing.barcode import code128
from kehu_desktop.printing.barcode import draw_code128
from kehu_desktop.printing.fonts import missing_glyphs
from kehu_desktop.printing.fonts import register_cjk_font
from kehu_desktop.printing.paper import PaperSpec
from kehu_desktop.printing.paper import offset_points
from kehu_desktop.printing.paper import paper_spec
from kehu_desktop.printing.paper import validate_profile

log = logging.getLogger(__name__)

KIND_TITLES = {"delivery": "送货单", "credit_sale": "赊销单"}
STATUSES = ("issued", "voided")
PAYMENT_TERMS = {"cash": "现款现货", "agreed": "约定付款", "clear_before_credit": "前清后欠"}
COPY_CAPTIONS = (
    "第一联 存根联（开单单位存查）",
    "第二联 客户联（交客户收执）",
    "第三联 记账联（销货单位记账联：客户签收后交回会计）",
    "第四联 回单联（客户签收后带回存查）",
)
HEADERS = (
    "序号",
    "品名",
    "剂型",
    "规格",
    "生产厂商",
    "单位",
    "批号",
    "有效期",
    "数量",
    "单价",
    "金额",
)
TITLE = "{seller}　{kind}"
SELLER_ADDRESS = "地址：{address}"
SELLER_PHONE = "电话：{phone}"
SELLER_LICENCE = "药品经营许可证：{licence}"
LETTERHEAD_GAP = "　"
CONTINUED = "（续）"
NUMBER_LABEL = "No. {number}"
DISPATCH_LABEL = "发运单号：{number}"
PAGE_LABEL = "第 {page} 页 / 共 {pages} 页"
CUSTOMER_LABEL = "客户："
PHONE_LABEL = "电话："
DATE_LABEL = "日期："
ADDRESS_LABEL = "地址："
TERMS_LABEL = "付款方式："
TERMS_DAYS = "{terms} {days}天"
DUE_LABEL = "到期日："
TOTAL_CAPITALS_LABEL = "合计（大写）："
TOTAL_FIGURES_LABEL = "小写："
CURRENCY = "¥"
CONTINUED_ON_NEXT = "本页未完，接下页"
BLANK_BELOW = "以下空白"
SIGNATURE_LABELS = (
    "开单",
    "送货员",
    "业务经理",
    "供货单位出库专用章",
    "客户签收（盖章）",
    "签收日期",
)
#: Left edges of the signature boxes as fractions of the width (the last is the right edge).
#: The seller's side (issuer, driver, rep, the 出库专用章 box) then the customer's.
_SIGNATURE_EDGES = (0.0, 0.12, 0.24, 0.36, 0.58, 0.83, 1.0)
DATE_BLANKS = "年　　月　　日"
VOID_MARK = "作废"
VOID_REASON_LABEL = "作废原因：{reason}"
REPRINT_MARK = "第{count}次补印"
REPRINT_MARK_UNCOUNTED = "补印"
EMPTY = "—"

# Vertical geometry, from the top margin down (mm). With the 9 mm of margins of a continuous form
# this leaves exactly ten line rows on the short 241 × 93.1 mm form. A line row is 1/6 inch, the
# line pitch of a dot-matrix printer. The header holds the title (the seller), the seller's
# letterhead line and, on plain paper, the copy's caption: the caption between the side blocks
# under the title, the letterhead (longer) below them across the whole width.
HEADER_H = 13.8
TITLE_BASELINE = 5.0
CAPTION_BASELINE = 9.3
BARCODE_H = 6.5  # the slip number's barcode, top right
LETTERHEAD_BASELINE = 12.8
INFO_ROW_H = 4.2
INFO_GAP = 0.8
TABLE_HEAD_H = 4.4
ROW_H = 25.4 / 6
TOTAL_H = 4.8
SIGNATURE_GAP = 0.8
SIGNATURE_H = 8.5
_FIXED_H = (
    HEADER_H + 2 * INFO_ROW_H + INFO_GAP + TABLE_HEAD_H + TOTAL_H + SIGNATURE_GAP + SIGNATURE_H
)

# Columns (HEADERS order): fixed widths in mm for codes, dates and numbers (which must never
# wrap) and the short dosage form, weights for the free-text columns (name, specification,
# manufacturer) that share the rest of the width.
_FIXED_COLUMNS = {0: 7.0, 2: 12.0, 5: 9.0, 6: 19.0, 7: 18.0, 8: 13.0, 9: 17.0, 10: 22.0}
_FLEX_COLUMNS = {1: 3.0, 3: 2.0, 4: 3.0}
_ALIGN = (
    "center",
    "left",
    "center",
    "left",
    "left",
    "center",
    "left",
    "center",
    "right",
    "right",
    "right",
)

# Font sizes (pt): preferred and smallest before a cell goes onto two lines.
CELL_SIZE, CELL_MIN = 8.0, 6.0
INFO_SIZE, INFO_MIN = 8.5, 6.0
TITLE_SIZE = 13.0
CAPTION_SIZE = 8.5
LETTERHEAD_SIZE = 7.5
SMALL_SIZE = 7.0
PADDING = 1.2 * mm
LINE_WIDTH = 0.6

_CENT = Decimal("0.01")


def format_money(amount: Decimal) -> str:
    """``Decimal`` yuan → ``12,345.60`` (rounded half-up to the cent; ``TypeError`` for float)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
    return format(amount.quantize(_CENT, rounding=ROUND_HALF_UP), ",.2f")


def lines_per_page(paper: str) -> int:
    """How many slip lines one page of ``paper`` holds."""
    spec = paper_spec(paper)
    usable = spec.height_mm - spec.margin_top_mm - spec.margin_bottom_mm - _FIXED_H
    rows = math.floor(usable / ROW_H + 1e-9)
    if rows < 1:  # pragma: no cover - every paper in PAPERS holds at least ten
        raise ValueError(f"paper {paper!r} is too short for a slip")
    return rows


def pages_per_copy(line_count: int, paper: str) -> int:
    """Pages one copy of a slip with ``line_count`` lines takes on ``paper`` (at least one)."""
    return max(1, math.ceil(line_count / lines_per_page(paper)))


def slip_pdf(slip: SlipView, profile: PrinterProfileView, *, reprint: bool = False) -> bytes:
    """Render ``slip`` for ``profile`` and return the PDF bytes.

    ``plain`` profiles get the four copies (4 × pages per copy), ``multipart`` profiles one copy.
    ``reprint`` adds 第N次补印, N being ``slip.reprint_count``: the caller records the reprint
    first and renders the view it got back. Unknown kind, status or payment-terms codes and an
    invalid profile raise ``ValueError`` (an English code on a signed form would be worse than
    refusing); characters the font lacks are logged, since they would print as boxes.
    """
    spec = validate_profile(profile)
    content = _SlipContent.of(slip, reprint=reprint)
    frame = _Frame.of(spec)
    rows = frame.rows
    chunks = [content.lines[i : i + rows] for i in range(0, len(content.lines), rows)] or [[]]
    captions: Sequence[str | None] = COPY_CAPTIONS if profile.mode == "plain" else (None,)

    font = register_cjk_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=spec.size, initialFontName=font, initialFontSize=CELL_SIZE)
    canvas.setTitle(f"{content.kind_title} {slip.number}")
    canvas.setAuthor(slip.issued_by)
    canvas.setSubject(content.kind_title)
    canvas.setCreator("kehu-desktop")
    painter = _Painter(canvas, font)
    dx, dy = offset_points(profile)
    copies = len(captions) > 1
    if copies:
        # The copies differ only in their caption: each page is drawn once, as a form (a PDF
        # XObject) that every copy's page places, which takes a quarter of the drawing, and
        # of the file.
        for index, chunk in enumerate(chunks):
            canvas.beginForm(_form_name(index))
            _draw_page(painter, frame, content, chunk, index + 1, len(chunks))
            canvas.endForm()
    for caption in captions:
        for index, chunk in enumerate(chunks):
            canvas.saveState()
            canvas.translate(dx, dy)
            if copies:
                canvas.doForm(_form_name(index))
            else:
                _draw_page(painter, frame, content, chunk, index + 1, len(chunks))
            if caption:
                _draw_caption(painter, frame, content, caption)
            canvas.restoreState()
            canvas.showPage()
    canvas.save()

    lacking = missing_glyphs("".join(painter.texts))
    if lacking:
        log.warning("slip %s: font lacks %s", slip.number, "".join(sorted(lacking)))
    return buffer.getvalue()


@dataclass(frozen=True)
class _SlipContent:
    """Every string a slip prints, derived once from the view (codes checked here)."""

    number: str
    kind_title: str
    title: str
    letterhead: str  # the seller's address, phone and licence; "" on slips from before 0004
    dispatch: str
    customer: str
    phone: str
    issue_date: str
    address: str
    terms: str
    due: str | None  # None: no due-date cell (cash slips)
    lines: list[list[str]]
    capitals: str
    total: str
    signatures: tuple[str, str, str]
    reprint_mark: str | None
    void_reason: str | None  # None: not voided; "" voided without a reason

    @classmethod
    def of(cls, slip: SlipView, *, reprint: bool) -> _SlipContent:
        try:
            kind_title = KIND_TITLES[slip.kind]
        except KeyError:
            raise ValueError(f"unknown slip kind {slip.kind!r} in {slip.number}") from None
        if slip.status not in STATUSES:
            raise ValueError(f"unknown slip status {slip.status!r} in {slip.number}")
        credit = slip.kind == "credit_sale"
        if slip.payment_terms is None:
            terms = EMPTY if credit else PAYMENT_TERMS["cash"]
        elif slip.payment_terms in PAYMENT_TERMS:
            terms = PAYMENT_TERMS[slip.payment_terms]
            if slip.due_date is not None and slip.payment_terms != "cash":
                days = (slip.due_date - slip.issue_date).days
                terms = TERMS_DAYS.format(terms=terms, days=days)
        else:
            raise ValueError(f"unknown payment terms {slip.payment_terms!r} in {slip.number}")
        due = None
        if credit:
            due = DUE_LABEL + (_format_date(slip.due_date) if slip.due_date else EMPTY)
        mark = None
        if reprint:
            count = slip.reprint_count
            mark = REPRINT_MARK.format(count=count) if count > 0 else REPRINT_MARK_UNCOUNTED
        letterhead = LETTERHEAD_GAP.join(
            template.format(**{key: value})
            for template, key, value in (
                (SELLER_ADDRESS, "address", slip.seller_address),
                (SELLER_PHONE, "phone", slip.seller_phone),
                (SELLER_LICENCE, "licence", slip.seller_licence_no),
            )
            if value
        )
        return cls(
            number=slip.number,
            kind_title=kind_title,
            title=TITLE.format(seller=slip.seller_name or slip.branch_name, kind=kind_title),
            letterhead=letterhead,
            dispatch=DISPATCH_LABEL.format(number=slip.dispatch_note_number),
            customer=CUSTOMER_LABEL + slip.customer_name,
            phone=PHONE_LABEL + (slip.customer_phone or EMPTY),
            issue_date=DATE_LABEL + _format_date(slip.issue_date),
            address=ADDRESS_LABEL + (slip.customer_address or EMPTY),
            terms=TERMS_LABEL + terms,
            due=due,
            lines=[_line_texts(line) for line in sorted(slip.lines, key=lambda x: x.line_no)],
            capitals=amount_in_capitals(slip.total),
            total=CURRENCY + format_money(slip.total),
            signatures=(slip.issued_by, slip.driver_name or "", slip.sales_rep_name or ""),
            reprint_mark=mark,
            void_reason=(slip.void_reason or "") if slip.status == "voided" else None,
        )


def _line_texts(line: SlipLineView) -> list[str]:
    """The cells of a line, in HEADERS order; batch and expiry blank when not tracked, dosage
    form and manufacturer blank when the product has none (or the slip predates them)."""
    return [
        str(line.line_no),
        line.product_name,
        line.dosage_form or "",
        line.specification or "",
        line.manufacturer or "",
        line.unit,
        line.batch_no or "",
        _format_date(line.expiry) if line.expiry else "",
        f"{line.quantity:,}",
        format_money(line.unit_price),
        format_money(line.amount),
    ]


def _format_date(value: date) -> str:
    return value.strftime("%Y-%m-%d")


@dataclass(frozen=True)
class _Frame:
    """Where things go on an unshifted page (points, y upwards)."""

    spec: PaperSpec
    left: float
    right: float
    top: float
    rows: int
    columns: tuple[float, ...]  # x of every column edge, left to right (len(HEADERS) + 1)

    @classmethod
    def of(cls, spec: PaperSpec) -> _Frame:
        width, height = spec.size
        left, right = spec.margin_x_mm * mm, width - spec.margin_x_mm * mm
        fixed = sum(_FIXED_COLUMNS.values()) * mm
        flex = (right - left) - fixed
        weights = sum(_FLEX_COLUMNS.values())
        edges = [left]
        for index in range(len(HEADERS)):
            if index in _FIXED_COLUMNS:
                edges.append(edges[-1] + _FIXED_COLUMNS[index] * mm)
            else:
                edges.append(edges[-1] + flex * _FLEX_COLUMNS[index] / weights)
        return cls(
            spec=spec,
            left=left,
            right=right,
            top=height - spec.margin_top_mm * mm,
            rows=lines_per_page(spec.code),
            columns=tuple(edges),
        )


class _Painter:
    """Draws text in the CJK font and remembers every string (for the glyph-coverage log)."""

    def __init__(self, canvas: Canvas, font: str) -> None:
        self.canvas = canvas
        self.font = font
        self.texts: list[str] = []
        ascent, descent = getAscentDescent(font, 1.0)
        self._centre_drop = (ascent + descent) / 2  # baseline offset to centre a line, per pt

    def text(self, value: str, x: float, y: float, size: float, align: str = "left") -> None:
        if not value:
            return
        self.texts.append(value)
        c = self.canvas
        c.setFont(self.font, size)
        if align == "left":
            c.drawString(x, y, value)
        elif align == "right":
            c.drawRightString(x, y, value)
        else:
            c.drawCentredString(x, y, value)

    def width(self, value: str, size: float) -> float:
        return float(stringWidth(value, self.font, size))

    def text_within(
        self, value: str, x: float, y: float, size: float, room: float, align: str = "left"
    ) -> float:
        """Draw one line, shrunk if it is wider than ``room``; return the drawn width."""
        natural = self.width(value, size)
        if natural > room > 0:
            size *= room / natural
        self.text(value, x, y, size, align)
        return min(natural, max(room, 0.0))

    def fit(
        self,
        value: str,
        box: tuple[float, float, float, float],
        *,
        size: float,
        min_size: float,
        align: str = "left",
    ) -> None:
        """Draw ``value`` inside ``box`` = (x0, y0, x1, y1): one line, shrunk down to
        ``min_size`` if need be, else two lines, else two lines cut with "…" (logged)."""
        if not value:
            return
        x0, y0, x1, y1 = box
        room = x1 - x0 - 2 * PADDING
        height = y1 - y0
        natural = self.width(value, size)
        one_line = size if natural <= room else size * room / natural
        if one_line >= min_size:
            self._lines([value], box, min(one_line, height / 1.15), align)
            return
        two_line = min(size, height / 2.3)
        while two_line >= 4.5:
            wrapped = self._wrap(value, room, two_line)
            if len(wrapped) <= 2:
                self._lines(wrapped, box, two_line, align)
                return
            two_line -= 0.25
        wrapped = self._wrap(value, room, 4.5)
        first, second = wrapped[0], "".join(wrapped[1:])
        while second and self.width(second + "…", 4.5) > room:
            second = second[:-1]
        log.warning("text cut to fit its box: %r", value)
        self._lines([first, second + "…"], box, 4.5, align)

    def _wrap(self, value: str, room: float, size: float) -> list[str]:
        lines = [""]
        for ch in value:
            if lines[-1] and self.width(lines[-1] + ch, size) > room:
                lines.append("")
            lines[-1] += ch
        return lines

    def _lines(
        self, lines: list[str], box: tuple[float, float, float, float], size: float, align: str
    ) -> None:
        x0, y0, x1, y1 = box
        leading = size * 1.12
        middle = (y0 + y1) / 2
        first = middle + leading * (len(lines) - 1) / 2 - self._centre_drop * size
        x = {"left": x0 + PADDING, "right": x1 - PADDING}.get(align, (x0 + x1) / 2)
        for index, line in enumerate(lines):
            self.text(line, x, first - index * leading, size, align)


def _form_name(index: int) -> str:
    return f"page{index + 1}"


def _draw_page(
    p: _Painter,
    frame: _Frame,
    content: _SlipContent,
    lines: list[list[str]],
    page: int,
    pages: int,
) -> None:
    """One page of a copy, all but its caption (:func:`_draw_caption`)."""
    c = p.canvas
    c.setLineWidth(LINE_WIDTH)
    top = frame.top
    _draw_header(p, frame, content, page, pages)
    info_top = top - HEADER_H * mm
    _draw_info(p, frame, content, info_top)
    table_top = info_top - (2 * INFO_ROW_H + INFO_GAP) * mm
    table_bottom = _draw_table(p, frame, content, lines, table_top, last=page == pages)
    _draw_signatures(p, frame, content, table_bottom - SIGNATURE_GAP * mm)
    if content.void_reason is not None:
        _draw_void_mark(p, frame, content.void_reason)


def _header_sides(p: _Painter, frame: _Frame, content: _SlipContent) -> tuple[float, float]:
    """Where the header's left block (number, dispatch note) ends and its barcode begins."""
    number = NUMBER_LABEL.format(number=content.number)
    left_end = frame.left + max(p.width(number, 9.0), p.width(content.dispatch, 7.5)) + 2 * mm
    return left_end, frame.right - float(code128(content.number, height=BARCODE_H * mm).width)


def _draw_caption(p: _Painter, frame: _Frame, content: _SlipContent, caption: str) -> None:
    """The copy's caption across the page below the header, between its side blocks."""
    centre = (frame.left + frame.right) / 2
    left_end, right_start = _header_sides(p, frame, content)
    room = 2 * min(centre - left_end, right_start - centre)
    p.text_within(caption, centre, frame.top - CAPTION_BASELINE * mm, CAPTION_SIZE, room, "center")


def _draw_header(
    p: _Painter,
    frame: _Frame,
    content: _SlipContent,
    page: int,
    pages: int,
) -> None:
    """Number and dispatch note (left), title (the seller), the seller's letterhead line and 补印
    stamp (centre), barcode and page number (right); the copy's caption goes below them all
    (:func:`_draw_caption`). The centre texts shrink rather than run into the side blocks when
    a name is long or the paper narrow."""
    c = p.canvas
    top, centre = frame.top, (frame.left + frame.right) / 2
    number = NUMBER_LABEL.format(number=content.number)
    p.text(number, frame.left, top - 3.6 * mm, 9.0)
    p.text(content.dispatch, frame.left, top - 7.6 * mm, 7.5)
    draw_code128(c, content.number, right=frame.right, top=top, height=BARCODE_H * mm)
    page_label = PAGE_LABEL.format(page=page, pages=pages)
    p.text(page_label, frame.right - QUIET_ZONE, top - 9.6 * mm, SMALL_SIZE, "right")

    # The centre texts stay centred on the page while they fit between the side blocks (and
    # the stamp); a longer title slides towards the free side, then shrinks.
    left_end, right_start = _header_sides(p, frame, content)
    mark, mark_size = content.reprint_mark, 8.0
    stamp = p.width(mark, mark_size) + 2 * PADDING if mark else 0.0
    title = content.title + (CONTINUED if page > 1 else "")
    low = left_end + (stamp + 2.5 * mm if mark else 0.0)
    size = min(TITLE_SIZE, TITLE_SIZE * (right_start - low) / p.width(title, TITLE_SIZE))
    width = p.width(title, size)
    x = min(max(centre, low + width / 2), right_start - width / 2)
    p.text(title, x, top - TITLE_BASELINE * mm, size, "center")
    if content.letterhead:
        room = frame.right - frame.left
        baseline = top - LETTERHEAD_BASELINE * mm
        p.text_within(content.letterhead, centre, baseline, LETTERHEAD_SIZE, room, "center")
    if mark:
        # A stamp-like box just left of the title.
        right = x - width / 2 - 2.5 * mm
        c.rect(right - stamp, top - 6.2 * mm, stamp, 5.0 * mm, stroke=1, fill=0)
        p.text(mark, right - stamp / 2, top - 4.8 * mm, mark_size, "center")


def _draw_info(p: _Painter, frame: _Frame, content: _SlipContent, top: float) -> None:
    width = frame.right - frame.left
    xs = [frame.left + width * f for f in (0.0, 0.56, 0.78, 1.0)]
    rows = (
        (content.customer, content.phone, content.issue_date),
        (content.address, content.terms, content.due or ""),
    )
    for r, cells in enumerate(rows):
        y1 = top - r * INFO_ROW_H * mm
        for i, text in enumerate(cells):
            box = (xs[i] - (PADDING if i == 0 else 0), y1 - INFO_ROW_H * mm, xs[i + 1], y1)
            p.fit(text, box, size=INFO_SIZE, min_size=INFO_MIN)


def _draw_table(
    p: _Painter,
    frame: _Frame,
    content: _SlipContent,
    lines: list[list[str]],
    top: float,
    *,
    last: bool,
) -> float:
    """Header row, ``frame.rows`` line rows and the total row; returns the table's bottom."""
    c = p.canvas
    cols = frame.columns
    head_bottom = top - TABLE_HEAD_H * mm
    rows_bottom = head_bottom - frame.rows * ROW_H * mm
    bottom: float = rows_bottom - TOTAL_H * mm
    c.rect(frame.left, bottom, frame.right - frame.left, top - bottom, stroke=1, fill=0)
    for index in range(frame.rows + 1):
        y = head_bottom - index * ROW_H * mm
        c.line(frame.left, y, frame.right, y)
    for x in cols[1:-1]:
        c.line(x, rows_bottom, x, top)
    c.line(cols[-2], bottom, cols[-2], rows_bottom)  # the amount column runs into the total row

    for i, header in enumerate(HEADERS):
        p.fit(
            header,
            (cols[i], head_bottom, cols[i + 1], top),
            size=CELL_SIZE,
            min_size=5.0,
            align="center",
        )
    for r, cells in enumerate(lines):
        y1 = head_bottom - r * ROW_H * mm
        for i, text in enumerate(cells):
            box = (cols[i], y1 - ROW_H * mm, cols[i + 1], y1)
            p.fit(text, box, size=CELL_SIZE, min_size=CELL_MIN, align=_ALIGN[i])
    if last and len(lines) < frame.rows:
        y1 = head_bottom - len(lines) * ROW_H * mm
        p.fit(
            BLANK_BELOW, (cols[1], y1 - ROW_H * mm, cols[3], y1), size=CELL_SIZE, min_size=CELL_MIN
        )

    span = (cols[0], bottom, cols[-2], rows_bottom)
    if last:
        figures_width = p.width(TOTAL_FIGURES_LABEL, CELL_SIZE) + 2 * PADDING
        p.fit(
            TOTAL_CAPITALS_LABEL + content.capitals,
            (span[0], bottom, span[2] - figures_width, rows_bottom),
            size=9.0,
            min_size=CELL_MIN,
        )
        p.fit(TOTAL_FIGURES_LABEL, span, size=CELL_SIZE, min_size=CELL_MIN, align="right")
        p.fit(
            content.total,
            (cols[-2], bottom, cols[-1], rows_bottom),
            size=9.0,
            min_size=CELL_MIN,
            align="right",
        )
    else:
        p.fit(CONTINUED_ON_NEXT, span, size=CELL_SIZE, min_size=CELL_MIN)
    return bottom


def _draw_signatures(p: _Painter, frame: _Frame, content: _SlipContent, top: float) -> None:
    """开单 / 送货员 / 业务经理 with the names, the box for the seller's 出库专用章 (a round
    stamp is larger than the row: it is pressed over the box, as on every Chinese form), then
    empty boxes for the customer's signature or stamp and the date."""
    c = p.canvas
    width = frame.right - frame.left
    xs = [frame.left + width * f for f in _SIGNATURE_EDGES]
    bottom = top - SIGNATURE_H * mm
    values = (*content.signatures, "", "", "")
    for i, label in enumerate(SIGNATURE_LABELS):
        c.rect(xs[i], bottom, xs[i + 1] - xs[i], top - bottom, stroke=1, fill=0)
        p.text(label, xs[i] + PADDING, top - 2.6 * mm, 6.5)
        if values[i]:
            p.fit(
                values[i],
                (xs[i], bottom, xs[i + 1], top - 3.2 * mm),
                size=INFO_SIZE,
                min_size=INFO_MIN,
            )
    p.text(DATE_BLANKS, xs[-1] - PADDING, bottom + 1.6 * mm, SMALL_SIZE, "right")


def _draw_void_mark(p: _Painter, frame: _Frame, reason: str) -> None:
    """A large outlined 作废 across the page: outlined so the data beneath stays legible."""
    c = p.canvas
    width, height = frame.spec.size
    size = min(height * 0.5, width * 0.22)
    angle = max(15.0, min(35.0, math.degrees(math.atan2(height, width))))
    c.saveState()
    c.translate(width / 2, height / 2)
    c.rotate(angle)
    c.setStrokeGray(0.35)
    c.setFillGray(0.35)
    if reason:
        p.text(VOID_REASON_LABEL.format(reason=reason), 0, -size * 0.55 - 12, 10.0, "center")
    # The text render mode is graphics state: keep the outline mode away from other text.
    c.saveState()
    c.setLineWidth(1.5)
    text = c.beginText()
    text.setTextRenderMode(1)  # stroke only
    text.setFont(p.font, size)
    text.setTextOrigin(-p.width(VOID_MARK, size) / 2, -size * 0.26)
    text.textOut(VOID_MARK)
    c.drawText(text)
    p.texts.append(VOID_MARK)
    c.restoreState()
    c.restoreState()
