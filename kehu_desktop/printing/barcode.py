"""The slip number as a Code 128 barcode.

Code 128 rather than QR: every warehouse scanner reads it (cheap 1D scanners cannot read QR), it
encodes ``SH-CS-2026-000123`` in about 50 mm × 7 mm, which fits the header of the short
241 × 93.1 mm form, and it survives a dot-matrix ribbon at 0.254 mm (10 mil) bars, about two
print-head dots. ``Code128Auto`` switches to set C for runs of digits, which keeps it short.

The human-readable line of ReportLab's barcode is off: it would be set in (non-embedded) Courier;
the slip prints the number itself in the embedded font.
"""

from __future__ import annotations

from reportlab.graphics.barcode.code128 import Code128Auto
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

BAR_WIDTH = 0.254 * mm
QUIET_ZONE = 10 * BAR_WIDTH  # the minimum the standard asks for on each side


def code128(value: str, *, height: float) -> Code128Auto:
    """A Code 128 flowable for ``value`` (ASCII only; ``ValueError`` otherwise)."""
    if not value or not value.isascii():
        raise ValueError(f"cannot encode {value!r} as Code 128 (ASCII only)")
    return Code128Auto(
        value,
        barWidth=BAR_WIDTH,
        barHeight=height,
        quiet=1,
        lquiet=QUIET_ZONE,
        rquiet=QUIET_ZONE,
        humanReadable=0,
    )


def draw_code128(canvas: Canvas, value: str, *, right: float, top: float, height: float) -> float:
    """Draw ``value`` with its right edge (after the quiet zone) at ``right`` and its top at
    ``top``; return the drawn width including the quiet zones."""
    symbol = code128(value, height=height)
    width = float(symbol.width)
    symbol.drawOn(canvas, right - width, top - height)
    return width
