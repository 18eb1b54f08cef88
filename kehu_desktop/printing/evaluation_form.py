"""The credit evaluation form (客户资信等级评估表) as a PDF: one A4 portrait page per evaluation,
as the branch files it with the signatures of the three who handled it.

The page: title; customer, branch and month; the indicators in two groups (key, other), each with
its level and the evidence shown when it was filed; the grade with its one-sentence reason, the
rule that fired and the table's version; the workflow (filled, reviewed, decided: who, when,
comment); three ruled lines to sign; who printed it and when. Every string is drawn in the
embedded WenQuanYi subset (:mod:`.fonts`). Returns bytes; no Qt, no SQLAlchemy, only DTOs.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.rating_evidence import evidence_lines
from kehu_desktop.dto import EvaluationView
from kehu_desktop.printing.fonts import register_cjk_font

TITLE = "客户资信等级评估表"
STATUS_LABELS = {
    "submitted": "待总经理审核",
    "reviewed": "待营销总监批准",
    "approved": "已批准",
    "sent_back": "已退回",
}
EMPTY = "—"
MARGIN = 15 * mm


def evaluation_form_pdf(
    view: EvaluationView, *, branch_name: str, printed_by: str, printed_at: datetime
) -> bytes:
    """The filed form ``view`` as a one-page PDF."""
    font = register_cjk_font()
    base = ParagraphStyle("cell", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    title = ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER)
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{TITLE} {view.customer_name} {view.month:%Y-%m}",
        author=printed_by,
        subject=TITLE,
        creator="kehu-desktop",
        initialFontName=font,  # no non-embedded Helvetica in the page preamble
    )
    width = doc.width

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text), style)

    meta = _grid(
        [
            [p(f"客户：{view.customer_name}"), p(f"分支机构：{branch_name}")],
            [
                p(f"评级月份：{view.month:%Y年%m月}"),
                p(f"状态：{STATUS_LABELS.get(view.status, view.status)}"),
            ],
        ],
        [width * 0.6, width * 0.4],
        font,
        lines=False,
    )
    evidence = evidence_lines(view.evidence)
    rows: list[list[Any]] = [
        [p("类别", centre), p("指标", centre), p("评定", centre), p("依据", centre)]
    ]
    for group, codes in (("关键指标", KEY_INDICATORS), ("其他指标", OTHER_INDICATORS)):
        for i, (code, label) in enumerate(codes.items()):
            rows.append(
                [
                    p(group if i == 0 else "", centre),
                    p(label),
                    p(view.levels.get(code, EMPTY), centre),
                    p(evidence.get(code, EMPTY), small),
                ]
            )
    indicators = _grid(rows, [width * 0.11, width * 0.17, width * 0.08, width * 0.64], font)
    keys = len(KEY_INDICATORS)
    indicators.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 1), (0, keys)),
                ("SPAN", (0, keys + 1), (0, len(rows) - 1)),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6")),
            ]
        )
    )
    result = _grid(
        [
            [
                p("评定等级", centre),
                p(f"{view.grade}级", centre),
                p(f"{view.explanation}（第{view.rule}条规则，规则表第{view.rule_version}版）"),
            ]
        ],
        [width * 0.14, width * 0.1, width * 0.76],
        font,
    )
    steps = [
        ("填写（销售经理）", view.filled_by, view.filled_at, view.comment),
        ("审核（总经理）", view.reviewed_by, view.reviewed_at, view.review_comment),
        ("批准（营销总监）", view.decided_by, view.decided_at, view.decision_comment),
    ]
    flow_rows: list[list[Any]] = [
        [p("环节", centre), p("经办人", centre), p("时间", centre), p("意见", centre)]
    ]
    for step, who, when, comment in steps:
        flow_rows.append(
            [
                p(step),
                p(who or EMPTY, centre),
                p(when.astimezone().strftime("%Y-%m-%d %H:%M") if when else EMPTY, centre),
                p(comment or EMPTY),
            ]
        )
    flow = _grid(flow_rows, [width * 0.2, width * 0.16, width * 0.2, width * 0.44], font)
    flow.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E6E6E6"))]))
    signatures = _grid(
        [[p("销售经理："), "", p("总经理："), "", p("营销总监："), ""]],
        [width * 0.12, width * 0.2, width * 0.1, width * 0.2, width * 0.12, width * 0.2],
        font,
        lines=False,
    )
    signatures.setStyle(
        TableStyle([("LINEBELOW", (c, 0), (c, 0), 0.6, colors.black) for c in (1, 3, 5)])
    )
    footer = p(f"打印人：{printed_by}　打印时间：{printed_at.strftime('%Y-%m-%d %H:%M')}", small)
    story = [
        p(TITLE, title),
        Spacer(1, 4 * mm),
        meta,
        Spacer(1, 3 * mm),
        indicators,
        Spacer(1, 3 * mm),
        result,
        Spacer(1, 3 * mm),
        flow,
        Spacer(1, 14 * mm),
        signatures,
        Spacer(1, 8 * mm),
        footer,
    ]
    doc.build(story)
    return buffer.getvalue()


def _grid(rows: list[list[Any]], widths: list[float], font: str, *, lines: bool = True) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), font),  # filler cells: no non-embedded Helvetica
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if lines:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    table.setStyle(TableStyle(commands))
    return table
