"""Exit 0 if a PDF embeds the WenQuanYi font (the Windows smoke test's ``pdffonts``).

    python installer/pdf_font_embedded.py slip.pdf

Needs pypdf (the `test` extra). installer/smoke-test.sh uses poppler's pdffonts instead.
"""

from __future__ import annotations

import sys
from typing import Any

from pypdf import PdfReader

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def embedded_fonts(path: str) -> dict[str, bool]:
    """Every font of every page: its name → whether its program is in the file."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources: Any = page.get("/Resources") or {}
        fonts: Any = resources.get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            parts = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            descriptors = [
                p["/FontDescriptor"].get_object() for p in parts if "/FontDescriptor" in p
            ]
            name = str(font.get("/BaseFont", "?"))
            found[name] = any(key in d for d in descriptors for key in FONT_FILES)
    return found


def main(argv: list[str]) -> int:
    fonts = embedded_fonts(argv[1])
    for name, embedded in fonts.items():
        print(f"{name}\t{'embedded' if embedded else 'NOT embedded'}")
    ok = any(embedded and "wenquanyi" in name.lower() for name, embedded in fonts.items())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
