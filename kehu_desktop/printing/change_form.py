"""The customer change form (客户增减变动表) as a PDF: the paper record of added/removed customers.

Branch offices print this list, have it signed (制表, 审核) and file it, so the layout follows
what such paper forms look like: A4 landscape (eleven columns do not fit portrait), the header row
repeated on every page, long names/addresses/reasons wrapped inside their cells rather than cut
off, and "第 x 页 共 y 页" on every page so a missing sheet is noticed.

Every string is drawn with the embedded WenQuanYi subset (see :mod:`.fonts`), including page
furniture, so the PDF prints the same on any PC. Returns bytes and writes no file: the caller
decides between preview, printer and disk. No Qt and no SQLAlchemy here, only DTOs.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import KeepTogether
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from kehu_desktop.dto import ChangeFormEntryView
from kehu_desktop.printing.fonts import missing_glyphs
from kehu_desktop.printing.fonts import register_cjk_font

log = logging.getLogger(__name__)

TITLE = "客户增减变动表"
KIND_LABELS = {"add": "增", "remove": "减"}
CHANNEL_LABELS = {
    "state_owned": "国有",
    "private": "私营",
    "pharmacy_chain": "连锁药店",
    "large_pharmacy": "大型药店",
}
HEADERS = (
    "编号",
    "类别",
    "生效日期",
    "客户名称",
    "统一社会信用代码",
    "渠道类型",
    "地址",
    "法人代表",
    "原因",
    "批准人",
    "批准时间",
)
BRANCH_LABEL = "分公司：{branch}"
REGION_LABEL = "区域：{regions}"
REGION_SEPARATOR = "、"
COUNTS_LABEL = "共 {total} 条（增 {added} 条，减 {removed} 条）"
NO_ENTRIES = "（无记录）"
SIGNATURE_LABELS = ("制表：", "审核：", "日期：")
FOOTER_LABEL = "打印人：{printed_by}　打印时间：{printed_at}"
PAGE_LABEL = "第 {page} 页 共 {pages} 页"
RUNNING_TITLE = TITLE + " · {branch}"  # footer right: identifies a loose continuation sheet
EMPTY = "—"  # printed for a missing optional value, so a blank cell never looks forgotten

PAGE_SIZE = landscape(A4)
MARGIN_X = 12 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 16 * mm  # room for the footer line
FOOTER_Y = 8 * mm
CELL_FONT_SIZE = 8.0
HEADER_FONT_SIZE = 8.5
CELL_PADDING = 3.0

# Columns sized to their content (codes and dates must never break mid-token), with a cap so a
# freak value cannot starve the others; the remaining width goes to the free-text columns by
# weight. Indexes refer to HEADERS.
_CONTENT_SIZED = {0: 110.0, 1: 30.0, 2: 60.0, 4: 110.0, 5: 50.0, 7: 60.0, 9: 60.0, 10: 60.0}
_FLEX_WEIGHTS = {3: 3.0, 6: 4.0, 8: 3.0}
_FLEX_MIN = 60.0


def change_form_pdf(
    entries: Sequence[ChangeFormEntryView],
    *,
    title_branch: str,
    printed_by: str,
    printed_at: datetime,
) -> bytes:
    """Render the change form for ``entries`` (in the given order) and return the PDF bytes.

    ``title_branch`` is the branch named in the heading, ``printed_by``/``printed_at`` go into
    every page footer so a filed copy shows who printed which version when. An unknown ``kind``
    or ``channel`` code raises ``ValueError``: printing an English code on a signed Chinese form
    would be worse than refusing. Characters the font lacks (rare given-name characters, emoji)
    are logged as a warning, since they will print as empty boxes.
    """
    font = register_cjk_font()
    styles = _Styles(font)
    rows = [_row_texts(entry) for entry in entries]
    for entry, texts in zip(entries, rows, strict=True):
        lacking = missing_glyphs("".join(texts))
        if lacking:
            log.warning(
                "change form entry %s: font lacks %s", entry.number, "".join(sorted(lacking))
            )

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{TITLE} {title_branch}",
        author=printed_by,
        subject=TITLE,
        creator="kehu-desktop",
        # Without this every page preamble names Helvetica, a non-embedded font.
        initialFontName=font,
    )
    widths = _column_widths(rows, font, doc.width)
    story: list[Any] = [
        Paragraph(escape(TITLE), styles.title),
        _meta_line(entries, title_branch, styles, doc.width),
        Spacer(1, 3 * mm),
        _entries_table(rows, widths, styles),
        Spacer(1, 10 * mm),
        KeepTogether([_signature_block(styles, doc.width)]),
    ]
    footer = FOOTER_LABEL.format(printed_by=printed_by, printed_at=_format_datetime(printed_at))
    running_title = RUNNING_TITLE.format(branch=title_branch)
    doc.build(story, canvasmaker=_numbered_canvas_maker(font, footer, running_title))
    return buffer.getvalue()


class _Styles:
    """Paragraph styles of the form, all in the CJK font with CJK line breaking."""

    def __init__(self, font: str) -> None:
        self.font = font
        base = ParagraphStyle(
            "cell",
            fontName=font,
            fontSize=CELL_FONT_SIZE,
            leading=CELL_FONT_SIZE * 1.3,
            wordWrap="CJK",  # break between any two CJK characters, not only at spaces
        )
        self.cell = base
        self.cell_center = ParagraphStyle("cell_center", parent=base, alignment=TA_CENTER)
        self.header = ParagraphStyle(
            "header", parent=base, alignment=TA_CENTER, fontSize=HEADER_FONT_SIZE
        )
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontSize=18,
            leading=24,
            alignment=TA_CENTER,
            spaceAfter=2 * mm,
        )
        self.meta_left = ParagraphStyle("meta_left", parent=base, fontSize=10, leading=13)
        self.meta_center = ParagraphStyle("meta_center", parent=self.meta_left, alignment=TA_CENTER)
        self.meta_right = ParagraphStyle("meta_right", parent=self.meta_left, alignment=TA_RIGHT)
        self.signature = ParagraphStyle("signature", parent=self.meta_left, alignment=TA_LEFT)


def _row_texts(entry: ChangeFormEntryView) -> list[str]:
    """The eleven cell texts of one entry, in HEADERS order (plain text, not yet escaped)."""
    try:
        kind = KIND_LABELS[entry.kind]
    except KeyError:
        raise ValueError(f"unknown change kind {entry.kind!r} in {entry.number}") from None
    if entry.channel is None:
        channel = EMPTY
    elif entry.channel in CHANNEL_LABELS:
        channel = CHANNEL_LABELS[entry.channel]
    else:
        raise ValueError(f"unknown channel {entry.channel!r} in {entry.number}")
    return [
        entry.number,
        kind,
        _format_date(entry.effective_date),
        entry.customer_name,
        entry.uscc or EMPTY,
        channel,
        entry.address or EMPTY,
        entry.legal_representative or EMPTY,
        entry.reason or EMPTY,
        entry.approved_by,
        # Date and time on two lines keep the column narrow.
        f"{_format_date(entry.approved_at.date())}\n{entry.approved_at:%H:%M}",
    ]


def _format_date(value: date) -> str:
    return value.strftime("%Y-%m-%d")


def _format_datetime(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def _markup(text: str) -> str:
    """Escape user text for Paragraph's mini-markup; a customer called "A&B<1>" must print as is."""
    return "<br/>".join(escape(line) for line in text.splitlines() or [""])


def _column_widths(rows: list[list[str]], font: str, available: float) -> list[float]:
    """Size code/date/short columns to their widest line and give the rest to the text columns.

    Headers of up to four characters stay on one line; longer ones may wrap onto two, so such a
    column is at least half its header wide. When the
    content-sized columns leave too little room (absurdly long codes), everything is scaled down
    proportionally rather than overflowing the page.
    """
    widths = [0.0] * len(HEADERS)
    for index, cap in _CONTENT_SIZED.items():
        header = HEADERS[index]
        shown = header if len(header) <= 4 else header[: (len(header) + 1) // 2]
        needed = stringWidth(shown, font, HEADER_FONT_SIZE)
        for row in rows:
            for line in row[index].splitlines():
                needed = max(needed, stringWidth(line, font, CELL_FONT_SIZE))
        widths[index] = min(needed + 2 * CELL_PADDING + 1, cap)
    remaining = available - sum(widths)
    total_weight = sum(_FLEX_WEIGHTS.values())
    for index, weight in _FLEX_WEIGHTS.items():
        widths[index] = max(remaining * weight / total_weight, _FLEX_MIN)
    scale = min(1.0, available / sum(widths))
    return [w * scale for w in widths]


def _meta_line(
    entries: Sequence[ChangeFormEntryView], branch: str, styles: _Styles, width: float
) -> Table:
    """Branch, region(s) and counts under the title, as a borderless three-cell row."""
    regions = list(dict.fromkeys(e.region_name for e in entries if e.region_name))
    added = sum(1 for e in entries if e.kind == "add")
    counts = COUNTS_LABEL.format(total=len(entries), added=added, removed=len(entries) - added)
    region_text = REGION_SEPARATOR.join(regions) or EMPTY
    cells = [
        Paragraph(escape(BRANCH_LABEL.format(branch=branch)), styles.meta_left),
        Paragraph(escape(REGION_LABEL.format(regions=region_text)), styles.meta_center),
        Paragraph(escape(counts), styles.meta_right),
    ]
    table = Table([cells], colWidths=[width / 3] * 3)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (2, 0), (2, 0), 0),
            ]
        )
    )
    return table


def _entries_table(rows: list[list[str]], widths: list[float], styles: _Styles) -> Table:
    """The bordered main table; its header row repeats on every page."""
    centered = {1, 2, 5, 10}  # short fixed values read better centred
    data: list[list[Any]] = [[Paragraph(escape(h), styles.header) for h in HEADERS]]
    for row in rows:
        data.append(
            [
                Paragraph(_markup(text), styles.cell_center if i in centered else styles.cell)
                for i, text in enumerate(row)
            ]
        )
    commands: list[tuple[Any, ...]] = [
        # String cells (the empty filler of a SPAN) are drawn in the table's own font; without
        # this ReportLab would pull in non-embedded Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if not rows:
        data.append([Paragraph(escape(NO_ENTRIES), styles.cell_center)] + [""] * (len(HEADERS) - 1))
        commands.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(commands))
    return table


def _signature_block(styles: _Styles, width: float) -> Table:
    """制表 / 审核 / 日期, each followed by a ruled blank to sign on, spread over the width."""
    label_width, line_width = 18 * mm, 55 * mm
    gap = (width - len(SIGNATURE_LABELS) * (label_width + line_width)) / 2
    cells: list[Any] = []
    col_widths: list[float] = []
    line_columns: list[int] = []
    for i, label in enumerate(SIGNATURE_LABELS):
        if i:
            cells.append("")
            col_widths.append(gap)
        cells.append(Paragraph(escape(label), styles.signature))
        col_widths.append(label_width)
        line_columns.append(len(cells))
        cells.append("")
        col_widths.append(line_width)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (0, 0), 0),
    ]
    commands += [("LINEBELOW", (c, 0), (c, 0), 0.6, colors.black) for c in line_columns]
    table = Table([cells], colWidths=col_widths, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _numbered_canvas_maker(font: str, footer: str, running_title: str) -> type[canvas.Canvas]:
    """A Canvas class that defers every page until the page count is known.

    "共 y 页" needs the total before the first page is finished; platypus only knows it at the
    end. Saving each page's state and drawing the footers in ``save()`` avoids rendering twice.
    """

    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab's name
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._saved_pages)
            for number, state in enumerate(self._saved_pages, start=1):
                self.__dict__.update(state)
                self._draw_footer(number, pages)
                super().showPage()
            super().save()

        def _draw_footer(self, page: int, pages: int) -> None:
            width = PAGE_SIZE[0]
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.black)
            self.drawString(MARGIN_X, FOOTER_Y, footer)
            self.drawCentredString(width / 2, FOOTER_Y, PAGE_LABEL.format(page=page, pages=pages))
            self.drawRightString(width - MARGIN_X, FOOTER_Y, running_title)
            self.restoreState()

    return NumberedCanvas
