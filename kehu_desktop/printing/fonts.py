"""The one font every printed document uses: WenQuanYi Micro Hei, embedded as a subset.

Why embedded and not one of ReportLab's built-in CID fonts (``STSong-Light``...): a CID font is
only *named* in the PDF, and the viewer substitutes whatever it has. Acrobat without the Asian font
pack, many printer drivers and most Linux viewers then print boxes or nothing, which on a signed
customer form is unacceptable. ReportLab's :class:`TTFont` embeds only the glyphs actually used
(``/FontFile2`` subset), so the file stays small and renders identically everywhere.

:func:`missing_glyphs` exists because a font silently draws an empty box for a character it does
not cover (rare given-name characters, emoji pasted from WeChat). Tests use it to prove every
label the forms print is covered, and renderers use it to log data that will not print.

No Qt and no SQLAlchemy here: printing must work from the CLI and from scripts.
"""

from __future__ import annotations

import threading

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kehu_desktop.resources import font_path

#: Name under which the font is registered with ReportLab (and used in ParagraphStyles).
CJK_FONT_NAME = "WenQuanYi"

# Index of "WenQuanYi Micro Hei" in the .ttc (index 1 is the monospaced "Micro Hei Mono").
_SUBFONT_INDEX = 0

# Characters that never reach the page as glyphs: Paragraph treats them as line-breaking
# whitespace, so asking the font for them would report false "missing" characters.
_NOT_DRAWN = frozenset("\t\n\r")

_lock = threading.Lock()
_registered = False


def register_cjk_font() -> str:
    """Register the bundled CJK font with ReportLab once and return its name.

    Idempotent and thread-safe: printing may run in a worker thread while the GUI prints another
    form, and parsing the 5 MB collection twice would be wasted time. The same face is also
    registered as its own bold/italic family members, because the font has no bold variant and
    a stray ``<b>`` in a Paragraph must not make ReportLab fall back to (non-embedded) Helvetica.

    Raises ``FileNotFoundError`` with the expected path when the font file is missing, so a broken
    install produces an actionable message instead of a ReportLab stack trace.
    """
    global _registered
    with _lock:
        if _registered:
            return CJK_FONT_NAME
        path = font_path()
        if not path.is_file():
            raise FileNotFoundError(f"CJK font not found: {path} (set KEHU_RESOURCES_DIR?)")
        pdfmetrics.registerFont(TTFont(CJK_FONT_NAME, str(path), subfontIndex=_SUBFONT_INDEX))
        pdfmetrics.registerFontFamily(
            CJK_FONT_NAME,
            normal=CJK_FONT_NAME,
            bold=CJK_FONT_NAME,
            italic=CJK_FONT_NAME,
            boldItalic=CJK_FONT_NAME,
        )
        _registered = True
        return CJK_FONT_NAME


def missing_glyphs(text: str) -> set[str]:
    """Return the characters of ``text`` that the CJK font cannot draw (empty set when all can).

    Uses the font's own cmap (as parsed by ReportLab), so it answers exactly what the PDF will
    show: a character that maps to no glyph, or to glyph 0 (``.notdef``), prints as a box.
    Tab, CR and LF are ignored because they are layout whitespace, never drawn.
    """
    face = pdfmetrics.getFont(register_cjk_font()).face
    cmap: dict[int, int] = face.charToGlyph
    return {ch for ch in set(text) if ch not in _NOT_DRAWN and not cmap.get(ord(ch))}
