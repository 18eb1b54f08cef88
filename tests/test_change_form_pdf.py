"""The customer change form PDF, read back with pypdf: text, page size, fonts, pagination."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import date
from datetime import datetime
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from kehu_desktop.dto import ChangeFormEntryView
from kehu_desktop.printing import change_form
from kehu_desktop.printing.change_form import change_form_pdf
from kehu_desktop.printing.fonts import missing_glyphs

LONG_ADDRESS = (
    "上海市浦东新区张江高科技园区蔡伦路1200号2幢3层301室（近科苑路地铁站2号出口，"
    "门口有国药控股标识，送货请从东侧货运通道进入并提前电话联系仓库管理员）"
)
PRINTED_AT = datetime(2026, 3, 5, 10, 20)


def _entry(number: int, **changes: Any) -> ChangeFormEntryView:
    entry = ChangeFormEntryView(
        id=uuid.uuid4(),
        number=f"SH-CF-2026-{number:06d}",
        kind="add",
        effective_date=date(2026, 3, 13),
        customer_name="上海国药大药房连锁有限公司",
        uscc="91310000MA1FL8TQ3K",
        channel="pharmacy_chain",
        address=LONG_ADDRESS,
        legal_representative="王建国",
        branch_name="上海分公司",
        region_name="华东区",
        reason="新开户，经营范围含药品零售",
        approved_by="李经理",
        approved_at=datetime(2026, 3, 2, 14, 30),
        created_at=datetime(2026, 3, 1, 9, 0),
    )
    return replace(entry, **changes)


ENTRIES = [
    _entry(12),
    _entry(
        13,
        kind="remove",
        customer_name="A&B <医药> 有限公司",
        uscc=None,
        channel="private",
        address=None,
        legal_representative=None,
        reason="连续12个月无交易\n申请停户",
    ),
    _entry(14, customer_name="上海市第六人民医院", channel="state_owned", reason=None),
    _entry(15, customer_name="华润堂大药房（南京东路店）", channel="large_pharmacy"),
]


def _render(entries: list[ChangeFormEntryView]) -> PdfReader:
    pdf = change_form_pdf(
        entries, title_branch="上海分公司", printed_by="张三", printed_at=PRINTED_AT
    )
    assert pdf.startswith(b"%PDF-")
    return PdfReader(BytesIO(pdf))


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    return _render(ENTRIES)


def _text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_text_is_extractable(reader: PdfReader) -> None:
    text = _text(reader)
    assert "客户增减变动表" in text
    assert "上海国药大药房连锁有限公司" in text
    assert "A&B <医药> 有限公司" in text  # markup characters are escaped, not interpreted
    assert "分公司：上海分公司" in text
    assert "区域：华东区" in text
    for label in ("统一社会信用代码", "连锁药店", "私营", "国有", "大型药店", "增", "减"):
        assert label in text
    assert "打印人：张三" in text
    assert "2026-03-05 10:20" in text
    assert re.search(r"第\s*1\s*页\s*共\s*1\s*页", text)
    assert "制表" in text and "审核" in text


def test_long_address_is_wrapped_not_cut(reader: PdfReader) -> None:
    flat = re.sub(r"\s+", "", _text(reader))
    assert LONG_ADDRESS in flat


def test_page_is_a4_landscape(reader: PdfReader) -> None:
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(A4[1], abs=1)
        assert height == pytest.approx(A4[0], abs=1)


def _fonts(reader: PdfReader) -> list[Any]:
    found = []
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for ref in resources["/Font"].values():
            font = ref.get_object()
            if "/DescendantFonts" in font:  # composite font: the descriptor sits one level down
                font = font["/DescendantFonts"][0].get_object()
            found.append(font)
    return found


def test_every_font_is_an_embedded_wenquanyi_subset(reader: PdfReader) -> None:
    fonts = _fonts(reader)
    assert fonts
    for font in fonts:
        name = str(font["/BaseFont"])
        assert "STSong" not in name
        assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei.*", name), name  # subset tag
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_every_literal_string_of_the_form_is_covered_by_the_font() -> None:
    literals: list[str] = []
    for name in dir(change_form):
        value = getattr(change_form, name)
        if not name.isupper():
            continue
        if isinstance(value, str):
            literals.append(value)
        elif isinstance(value, tuple | list):
            literals += [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict):
            literals += [v for v in value.values() if isinstance(v, str)]
    assert "客户增减变动表" in literals and "统一社会信用代码" in literals
    assert "第 {page} 页 共 {pages} 页" in literals
    literals.append("0123456789-: ")  # formatted dates, times, counts
    assert missing_glyphs("".join(literals)) == set()


def test_pages_are_numbered_and_the_header_repeats() -> None:
    reader = _render([_entry(n) for n in range(60)])
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{pages}\s*页", text)
        assert "统一社会信用代码" in text
        assert "客户增减变动表" in text
    assert "制表" in reader.pages[-1].extract_text()


def test_empty_form_still_renders() -> None:
    text = _text(_render([]))
    assert "（无记录）" in text
    assert "共 0 条" in text


@pytest.mark.parametrize("changes", [{"kind": "added"}, {"channel": "hospital"}])
def test_unknown_codes_are_refused(changes: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        _render([_entry(1, **changes)])


def test_uncovered_characters_in_data_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=change_form.__name__):
        _render([_entry(1, customer_name="开心😀药房")])
    assert "😀" in caplog.text
    assert "SH-CF-2026-000001" in caplog.text


def test_printing_and_domain_do_not_import_qt_or_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "import kehu_desktop.printing.change_form, kehu_desktop.domain.capitals\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_poppler_sees_only_embedded_fonts(tmp_path: Any) -> None:
    path = tmp_path / "form.pdf"
    path.write_bytes(
        change_form_pdf(
            ENTRIES, title_branch="上海分公司", printed_by="张三", printed_at=PRINTED_AT
        )
    )
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "WenQuanYi" in row
        # columns: name type encoding emb sub uni ...; emb and sub must both be "yes"
        assert re.search(r"\syes\s+yes\s", row), row
