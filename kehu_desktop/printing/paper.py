"""Papers and print modes of the slip printers, and the printer profiles a new branch starts with.

Papers are named by the codes stored in ``printer_profiles.paper``:

* ``241x93.1``, ``241x139.7``, ``241x279.4``: continuous fan-fold forms for dot-matrix (针式)
  printers, 241 mm wide *including* the two tractor strips, 1/3, 1/2 and 1/1 of 11 inches high
  (三等分 / 二等分 / 整张). The page is as wide as the paper, so the margins keep clear of the
  strips that are torn off.
* ``A4``, ``A5``: cut sheets, printed **landscape**. A slip is a wide table (nine columns, codes and
  dates that must not wrap); landscape A5 (210 × 148 mm) has the shape of the 241 × 139.7 form,
  landscape A4 gives the roomiest table. CUPS rotates a landscape page onto portrait media itself.

Modes (``printer_profiles.mode``): ``plain`` prints the four copies as four captioned pages;
``multipart`` prints once on a carbonless four-part form whose copy captions are pre-printed.

Offsets (套打): ``offset_x_mm`` > 0 moves everything to the right, ``offset_y_mm`` > 0 moves it
*down* (forms are measured from their top edge, the way they feed). No Qt and no SQLAlchemy here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.lib.units import mm

from kehu_desktop.dto import PrinterProfileView


@dataclass(frozen=True)
class PaperSpec:
    """Geometry of one paper code (sizes in mm, as the page is printed)."""

    code: str
    label: str  # shown in the profile editor and on the calibration page
    width_mm: float
    height_mm: float
    cups_media: str  # value of ``lp -o media=``
    continuous: bool  # fan-fold form (tractor strips, no unprintable top/bottom edge)
    margin_x_mm: float
    margin_top_mm: float
    margin_bottom_mm: float

    @property
    def size(self) -> tuple[float, float]:
        """(width, height) in PDF points."""
        return (self.width_mm * mm, self.height_mm * mm)


def _form(height: str, label: str) -> PaperSpec:
    return PaperSpec(
        code=f"241x{height}",
        label=label,
        width_mm=241.0,
        height_mm=float(height),
        cups_media=f"Custom.241x{height}mm",
        continuous=True,
        # 12.7 mm tractor strip plus a little air on each side.
        margin_x_mm=15.0,
        margin_top_mm=5.0,
        margin_bottom_mm=4.0,
    )


def _sheet(code: str, width: float, height: float, margin_x: float) -> PaperSpec:
    return PaperSpec(
        code=code,
        label=f"{code} 横向",
        width_mm=width,
        height_mm=height,
        cups_media=code,
        continuous=False,
        margin_x_mm=margin_x,
        # Laser and inkjet printers cannot print the outer ~5 mm of a sheet.
        margin_top_mm=8.0,
        margin_bottom_mm=7.0,
    )


PAPERS: dict[str, PaperSpec] = {
    spec.code: spec
    for spec in (
        _form("93.1", "241×93.1 毫米连续纸（三等分）"),
        _form("139.7", "241×139.7 毫米连续纸（二等分）"),
        _form("279.4", "241×279.4 毫米连续纸（整张）"),
        _sheet("A4", 297.0, 210.0, 12.0),
        _sheet("A5", 210.0, 148.0, 10.0),
    )
}

MODES: dict[str, str] = {
    "plain": "普通纸（每联一页，共四页）",
    "multipart": "多联复写纸（一次打印四联）",
}

#: Largest offset accepted, in mm. Printers and forms disagree by a few mm; more is a typo.
OFFSET_LIMIT_MM = 30.0


def paper_spec(paper: str) -> PaperSpec:
    """The :class:`PaperSpec` of a paper code; ``ValueError`` naming the valid codes otherwise."""
    try:
        return PAPERS[paper]
    except KeyError:
        raise ValueError(f"unknown paper {paper!r}; expected one of {', '.join(PAPERS)}") from None


def page_size(paper: str) -> tuple[float, float]:
    """(width, height) in points of the page printed on ``paper`` (A4/A5 are landscape)."""
    return paper_spec(paper).size


def cups_media(paper: str) -> str:
    """The CUPS ``media`` option for ``paper``, e.g. ``Custom.241x139.7mm`` or ``A4``."""
    return paper_spec(paper).cups_media


def validate_mode(mode: str) -> str:
    """Return ``mode`` if it is ``plain`` or ``multipart``; ``ValueError`` otherwise."""
    if mode not in MODES:
        raise ValueError(f"unknown print mode {mode!r}; expected one of {', '.join(MODES)}")
    return mode


def validate_profile(profile: PrinterProfileView) -> PaperSpec:
    """Check a profile's paper, mode and offsets; return its paper. ``ValueError`` when invalid."""
    spec = paper_spec(profile.paper)
    validate_mode(profile.mode)
    for name, value in (("offset_x_mm", profile.offset_x_mm), ("offset_y_mm", profile.offset_y_mm)):
        if not math.isfinite(value) or abs(value) > OFFSET_LIMIT_MM:
            raise ValueError(
                f"{name} of profile {profile.name!r} must be within ±{OFFSET_LIMIT_MM:g} mm, "
                f"got {value!r}"
            )
    return spec


def offset_points(profile: PrinterProfileView) -> tuple[float, float]:
    """The canvas translation (dx, dy) in points for the profile's offsets (y grows upwards)."""
    return (profile.offset_x_mm * mm, -profile.offset_y_mm * mm)


def _profile(name: str, mode: str, paper: str, *, is_default: bool = False) -> PrinterProfileView:
    return PrinterProfileView(
        name=name,
        mode=mode,
        paper=paper,
        offset_x_mm=0.0,
        offset_y_mm=0.0,
        queue=None,
        is_default=is_default,
    )


#: Profiles a new branch starts with (system default printer, no offsets); edited per PC.
DEFAULT_PROFILES: tuple[PrinterProfileView, ...] = (
    _profile("普通纸A4", "plain", "A4", is_default=True),
    _profile("普通纸A5", "plain", "A5"),
    _profile("针式四联241×93.1", "multipart", "241x93.1"),
    _profile("针式四联241×139.7", "multipart", "241x139.7"),
    _profile("针式四联241×279.4", "multipart", "241x279.4"),
)
