"""The calibration page (校准页) for 套打: crosshairs at known positions, printed with the offsets.

The user prints it on the profile's paper, measures where the crosshairs actually landed and
corrects the offsets (see docs/printing.md). Crosshairs sit 10 mm from each corner and at the
centre, each labelled with its nominal distance from the paper's left and top edges; mm rulers run
along the top and left edges. Everything is shifted by the profile's current offsets, exactly like
a slip, so a correct profile prints every crosshair on its label's position.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.printing.fonts import register_cjk_font
from kehu_desktop.printing.paper import MODES
from kehu_desktop.printing.paper import offset_points
from kehu_desktop.printing.paper import validate_profile

TITLE = "套打校准页"
PROFILE_LABEL = "打印机配置：{name}"
PAPER_LABEL = "纸张：{paper}"
MODE_LABEL = "模式：{mode}"
OFFSET_LABEL = "当前偏移量：水平 X = {x:+.1f} 毫米，垂直 Y = {y:+.1f} 毫米（向右、向下为正）"
INSTRUCTIONS = (
    "1. 用直尺量出每个十字线中心到纸张左边缘、上边缘的距离，与十字线旁标注的数值比较。",
    "2. 偏差 = 实测值 − 标注值（偏右、偏下为正）。",
    "3. 测量十字线偏差后调整偏移量：新偏移量 = 当前偏移量 − 偏差。",
    "4. 保存打印机配置后重新打印本页，直到偏差都小于 0.5 毫米。",
)
CROSS_LABEL = "左{x:g} 上{y:g}"

CORNER_DISTANCE = 10.0  # mm from the paper edges
ARM = 4.0  # mm, half the length of a crosshair line
RULER_LONG, RULER_MID, RULER_SHORT = 4.0, 2.5, 1.5  # tick lengths (mm) every 10, 5 and 1 mm
TEXT_SIZE = 7.5


def crosshair_positions(paper_mm: tuple[float, float]) -> list[tuple[float, float]]:
    """Nominal crosshair centres in mm from the left and top edges (corners first, then centre)."""
    width, height = paper_mm
    d = CORNER_DISTANCE
    return [
        (d, d),
        (width - d, d),
        (d, height - d),
        (width - d, height - d),
        (round(width / 2, 2), round(height / 2, 2)),
    ]


def calibration_pdf(profile: PrinterProfileView) -> bytes:
    """One calibration page on ``profile``'s paper, with its offsets applied (PDF bytes).

    An invalid profile (paper, mode, offsets) raises ``ValueError``.
    """
    spec = validate_profile(profile)
    font = register_cjk_font()
    width, height = spec.size
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=spec.size, initialFontName=font, initialFontSize=TEXT_SIZE)
    c.setTitle(f"{TITLE} {profile.name}")
    c.setCreator("kehu-desktop")
    dx, dy = offset_points(profile)
    c.translate(dx, dy)
    c.setLineWidth(0.3)

    def at(x_mm: float, y_mm: float) -> tuple[float, float]:
        """Canvas point of a position given in mm from the left and top edges."""
        return x_mm * mm, height - y_mm * mm

    _draw_rulers(c, font, spec.width_mm, spec.height_mm, at)
    for x_mm, y_mm in crosshair_positions((spec.width_mm, spec.height_mm)):
        x, y = at(x_mm, y_mm)
        c.setLineWidth(0.4)
        c.line(x - ARM * mm, y, x + ARM * mm, y)
        c.line(x, y - ARM * mm, x, y + ARM * mm)
        c.circle(x, y, 1.5 * mm, stroke=1, fill=0)
        # Labels point inwards so none is cut off at an edge.
        right_half = x_mm > spec.width_mm / 2
        lower_half = y_mm > spec.height_mm / 2
        label = CROSS_LABEL.format(x=x_mm, y=y_mm)
        c.setFont(font, 6.5)
        lx = x - (ARM + 1) * mm if right_half else x + (ARM + 1) * mm
        ly = y + 1.5 * mm if lower_half else y - 3.5 * mm
        (c.drawRightString if right_half else c.drawString)(lx, ly, label)

    # Text in the left and right halves, clear of the centre crosshair.
    left_x, right_x = 22 * mm, width / 2 + 10 * mm
    top_y = height - 20 * mm
    c.setFont(font, 11)
    c.drawString(left_x, top_y, TITLE)
    lines = [
        PROFILE_LABEL.format(name=profile.name),
        PAPER_LABEL.format(paper=spec.label),
        MODE_LABEL.format(mode=MODES[profile.mode]),
        OFFSET_LABEL.format(x=profile.offset_x_mm, y=profile.offset_y_mm),
    ]
    _paragraph(c, font, lines, right_x, top_y, width - right_x - 22 * mm)
    _paragraph(c, font, list(INSTRUCTIONS), left_x, top_y - 5 * mm, width / 2 - left_x - 8 * mm)
    c.showPage()
    c.save()
    return buffer.getvalue()


_At = Callable[[float, float], tuple[float, float]]


def _draw_rulers(c: Canvas, font: str, width_mm: float, height_mm: float, at: _At) -> None:
    """mm ticks along the top and left edges, numbered every 10 mm."""
    c.setLineWidth(0.25)
    c.setFont(font, 5.5)
    for along, limit in (("x", width_mm), ("y", height_mm)):
        for n in range(int(limit) + 1):
            length = RULER_LONG if n % 10 == 0 else RULER_MID if n % 5 == 0 else RULER_SHORT
            if along == "x":
                x0, y0 = at(n, 0)
                x1, y1 = at(n, length)
            else:
                x0, y0 = at(0, n)
                x1, y1 = at(length, n)
            c.line(x0, y0, x1, y1)
            near_cross = min(abs(n - CORNER_DISTANCE), abs(limit - CORNER_DISTANCE - n)) < 2
            if n % 10 == 0 and 0 < n < limit - 3 and not near_cross:
                if along == "x":
                    tx, ty = at(n, RULER_LONG + 2.2)
                    c.drawCentredString(tx, ty, str(n))
                else:
                    tx, ty = at(RULER_LONG + 0.6, n + 0.7)
                    c.drawString(tx, ty, str(n))


def _paragraph(c: Canvas, font: str, lines: list[str], x: float, top: float, room: float) -> None:
    """Draw ``lines`` from ``top`` down, wrapping each at character level to ``room`` points."""
    c.setFont(font, TEXT_SIZE)
    leading = TEXT_SIZE * 1.45
    y = top
    for line in lines:
        current = ""
        for ch in line:
            if current and c.stringWidth(current + ch, font, TEXT_SIZE) > room:
                c.drawString(x, y, current)
                y -= leading
                current = "  "  # hanging indent for the continuation
            current += ch
        c.drawString(x, y, current)
        y -= leading
