"""Slip and calibration PDFs read back with pypdf: pages, sizes, captions, totals, fonts."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kehu_desktop.demo import DEMO_SETUP
from kehu_desktop.demo import MAKERS
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.dto import SlipLineView
from kehu_desktop.dto import SlipView
from kehu_desktop.printing import calibration
from kehu_desktop.printing import slips
from kehu_desktop.printing.calibration import calibration_pdf
from kehu_desktop.printing.calibration import crosshair_positions
from kehu_desktop.printing.fonts import missing_glyphs
from kehu_desktop.printing.paper import DEFAULT_PROFILES
from kehu_desktop.printing.paper import MODES
from kehu_desktop.printing.paper import PAPERS
from kehu_desktop.printing.paper import cups_media
from kehu_desktop.printing.paper import page_size
from kehu_desktop.printing.paper import validate_mode
from kehu_desktop.printing.paper import validate_profile
from kehu_desktop.printing.slips import format_money
from kehu_desktop.printing.slips import lines_per_page
from kehu_desktop.printing.slips import pages_per_copy
from kehu_desktop.printing.slips import slip_pdf
from kehu_desktop.services.products import DOSAGE_FORMS

# Paper code -> printed page in mm (A4/A5 landscape), written out independently of paper.py.
PAGE_MM = {
    "241x93.1": (241.0, 93.1),
    "241x139.7": (241.0, 139.7),
    "241x279.4": (241.0, 279.4),
    "A4": (297.0, 210.0),
    "A5": (210.0, 148.0),
}
COPY_WORDS = (("第一联", "存根"), ("第二联", "客户"), ("第三联", "记账"), ("第四联", "回单"))

# (name, specification, unit, dosage form, manufacturer)
MEDICINES = (
    ("阿莫西林胶囊", "0.25g×24粒", "盒", "胶囊剂", "石药集团中诺药业（石家庄）有限公司"),
    ("复方甘草片", "100片/瓶", "瓶", "片剂", "北京双鹤药业股份有限公司"),
    ("板蓝根颗粒（无糖型）", "5g×20袋", "包", "颗粒剂", "广州白云山和记黄埔中药有限公司"),
    ("注射用头孢哌酮钠舒巴坦钠", "1.5g/支", "支", "注射剂", "辉瑞制药有限公司"),
)
HEALTH_PRODUCTS = (
    ("医用外科口罩", "17.5cm×9.5cm 50只/盒", "盒", None, "稳健医疗用品股份有限公司"),
    ("维生素C泡腾片", "1g×10片", "支", "片剂", "汤臣倍健股份有限公司"),
)
SELLER = {
    "seller_name": "华东康健医药股份有限公司上海分公司",
    "seller_address": "上海市静安区共和新路1888号康健大厦5楼",
    "seller_phone": "021-56781234",
    "seller_licence_no": "沪AA0210087",
}


def _line(
    no: int,
    product: tuple[str, str, str, str | None, str],
    quantity: int,
    price: str,
    *,
    batch: str | None = None,
    expiry: date | None = None,
) -> SlipLineView:
    unit_price = Decimal(price)
    return SlipLineView(
        line_no=no,
        product_code=f"P{no:04d}",
        product_name=product[0],
        specification=product[1],
        unit=product[2],
        batch_no=batch,
        expiry=expiry,
        quantity=quantity,
        unit_price=unit_price,
        amount=(unit_price * quantity).quantize(Decimal("0.01")),
        dosage_form=product[3],
        manufacturer=product[4],
    )


def _slip(number: str, kind: str, lines: tuple[SlipLineView, ...], **changes: Any) -> SlipView:
    slip = SlipView(
        id=uuid.uuid4(),
        number=number,
        kind=kind,
        status="issued",
        issue_date=date(2026, 3, 5),
        branch_code="SH",
        branch_name="上海分公司",
        customer_name="上海国药大药房连锁有限公司",
        customer_address="上海市浦东新区张江高科技园区蔡伦路1200号2幢3层301室",
        customer_phone="021-58881234",
        payment_terms="cash",
        due_date=None,
        lines=lines,
        total=sum((line.amount for line in lines), Decimal("0")),
        issued_by="张三",
        driver_name="李师傅",
        sales_rep_name="王经理",
        dispatch_note_number="SH-DN-2026-000045",
        print_count=0,
        reprint_count=0,
        void_reason=None,
        copy3_returned_at=None,
        **SELLER,
    )
    return replace(slip, **changes)


def cash_slip() -> SlipView:
    """A delivery slip (送货单) with three lines: one medicine, two health products."""
    lines = (
        _line(1, MEDICINES[0], 120, "12.50", batch="20250612A", expiry=date(2027, 6, 30)),
        _line(2, HEALTH_PRODUCTS[0], 40, "18.80"),
        _line(3, HEALTH_PRODUCTS[1], 60, "9.90"),
    )
    return _slip("SH-DS-2026-000123", "delivery", lines)


def credit_slip() -> SlipView:
    """A credit-sale slip (赊销单), 20 lines, agreed payment terms 30 days."""
    lines = []
    for index in range(20):
        if index % 5 == 4:
            lines.append(_line(index + 1, HEALTH_PRODUCTS[index % 2], 10 + index, "25.00"))
        else:
            lines.append(
                _line(
                    index + 1,
                    MEDICINES[index % 4],
                    5 + index * 7,
                    f"{3 + index * 1.25:.2f}",
                    batch=f"B2025{index + 1:04d}",
                    expiry=date(2027, 1 + index % 12, 28),
                )
            )
    return _slip(
        "SH-CR-2026-000456",
        "credit_sale",
        tuple(lines),
        customer_name="南京医药股份有限公司",
        customer_address="江苏省南京市玄武区中山东路1号",
        customer_phone=None,
        payment_terms="agreed",
        due_date=date(2026, 4, 4),
        dispatch_note_number="SH-DN-2026-000046",
    )


def voided_slip() -> SlipView:
    return replace(cash_slip(), status="voided", void_reason="客户拒收，重新开单")


def reprinted_slip() -> SlipView:
    return replace(credit_slip(), reprint_count=2, print_count=3)


def profile(
    mode: str = "plain", paper: str = "A4", dx: float = 0.0, dy: float = 0.0
) -> PrinterProfileView:
    return PrinterProfileView(
        name="测试打印机",
        mode=mode,
        paper=paper,
        offset_x_mm=dx,
        offset_y_mm=dy,
        queue=None,
        is_default=True,
    )


def _read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(BytesIO(pdf))


def _texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


SLIPS = {"cash": cash_slip, "credit": credit_slip}


@pytest.mark.parametrize("paper", list(PAGE_MM))
@pytest.mark.parametrize("mode", ["plain", "multipart"])
@pytest.mark.parametrize("which", list(SLIPS))
def test_pages_sizes_captions_and_totals(which: str, mode: str, paper: str) -> None:
    slip = SLIPS[which]()
    reader = _read(slip_pdf(slip, profile(mode, paper)))
    per_copy = pages_per_copy(len(slip.lines), paper)
    assert per_copy == -(-len(slip.lines) // lines_per_page(paper))
    copies = 4 if mode == "plain" else 1
    assert len(reader.pages) == copies * per_copy

    width_mm, height_mm = PAGE_MM[paper]
    for sheet in reader.pages:
        assert float(sheet.mediabox.width) == pytest.approx(width_mm * mm, abs=0.5)
        assert float(sheet.mediabox.height) == pytest.approx(height_mm * mm, abs=0.5)

    texts = _texts(reader)
    capitals = "人民币贰万贰仟贰佰零肆元整" if which == "credit" else "人民币贰仟捌佰肆拾陆元整"
    for index, text in enumerate(texts):
        copy, page = divmod(index, per_copy)
        flat = _flat(text)
        assert slip.number in text
        assert slip.dispatch_note_number in text
        # the seller (随货同行单): name in the title, address, phone and licence under it
        assert "华东康健医药股份有限公司上海分公司" in flat
        for value in ("上海市静安区共和新路1888号康健大厦5楼", "021-56781234", "沪AA0210087"):
            assert value in flat
        assert "药品经营许可证" in flat
        assert "供货单位出库专用章" in flat
        assert ("赊销单" if which == "credit" else "送货单") in text
        assert re.search(rf"第\s*{page + 1}\s*页\s*/\s*共\s*{per_copy}\s*页", text)
        assert ("（续）" in text) == (page > 0)
        if mode == "plain":
            number, use = COPY_WORDS[copy]
            assert number in text and use in text
            others = [w for i, (w, _) in enumerate(COPY_WORDS) if i != copy]
            assert not any(w in text for w in others)
        else:
            assert not any(w in text for w, _ in COPY_WORDS)
        for label in ("客户签收", "开单", "送货员", "业务经理", "张三", "李师傅", "王经理"):
            assert label in text
        last = page == per_copy - 1
        assert (capitals in flat) == last
        assert ("¥" + format_money(slip.total) in flat) == last
        assert ("本页未完" in flat) == (not last)
        if which == "credit":
            assert "到期日：2026-04-04" in flat
            assert "约定付款30天" in flat
        else:
            assert "现款现货" in flat and "到期日" not in flat

    # every line, with its batch and expiry, appears once in every copy
    for copy in range(copies):
        copy_text = _flat("".join(texts[copy * per_copy : (copy + 1) * per_copy]))
        for line in slip.lines:
            assert line.product_name.replace(" ", "") in copy_text
            assert line.manufacturer is not None and line.manufacturer in copy_text
            if line.dosage_form:
                assert line.dosage_form in copy_text
            assert format_money(line.amount) in copy_text
            if line.batch_no:
                assert copy_text.count(line.batch_no) == 1
                assert line.expiry is not None and line.expiry.isoformat() in copy_text


def test_geometry_of_each_paper() -> None:
    # The short 93.1 mm form must still hold ten lines (with the seller's lines added at the top
    # and rows of 1/6 inch); the others more.
    assert {p: lines_per_page(p) for p in PAGE_MM} == {
        "241x93.1": 10,
        "241x139.7": 21,
        "241x279.4": 54,
        "A4": 36,
        "A5": 21,
    }
    for paper, (width_mm, height_mm) in PAGE_MM.items():
        width, height = page_size(paper)
        assert width == pytest.approx(width_mm * mm, abs=0.01)
        assert height == pytest.approx(height_mm * mm, abs=0.01)
    assert cups_media("241x139.7") == "Custom.241x139.7mm"
    assert cups_media("A4") == "A4"


def test_credit_slip_continues_on_the_short_form() -> None:
    reader = _read(slip_pdf(credit_slip(), profile("multipart", "241x93.1")))
    texts = _texts(reader)
    assert len(texts) == 2
    assert "（续）" in texts[1] and "（续）" not in texts[0]
    assert "本页未完，接下页" in texts[0]
    assert "以下空白" not in texts[0] and "以下空白" not in texts[1]  # 20 lines fill both pages


def test_unused_rows_say_blank_below() -> None:
    text = _texts(_read(slip_pdf(cash_slip(), profile("multipart", "241x93.1"))))[0]
    assert "以下空白" in text


def test_batch_and_expiry_blank_for_non_medicine_lines() -> None:
    reader = _read(slip_pdf(cash_slip(), profile("multipart", "A4")))
    rows = _text_runs(reader.pages[0])
    by_line = {text: y for text, _, y in rows}
    mask_y = by_line["医用外科口罩"]
    same_row = sorted(text for text, _, y in rows if abs(y - mask_y) < 1)
    assert same_row == sorted(
        ["2", "医用外科口罩", "17.5cm×9.5cm 50只/盒", "稳健医疗用品股份有限公司", "盒", "40"]
        + ["18.80", "752.00"]
    )  # a medical device: no dosage form either


def test_voided_slip_is_marked_on_every_page_and_keeps_its_number() -> None:
    slip = voided_slip()
    for mode, paper in (("plain", "A4"), ("multipart", "241x93.1")):
        texts = _texts(_read(slip_pdf(slip, profile(mode, paper))))
        for text in texts:
            assert "作废" in text
            assert slip.number in text
            assert "客户拒收" in text
    issued = _texts(_read(slip_pdf(cash_slip(), profile())))
    assert not any("作废" in text for text in issued)


def test_reprint_is_marked_with_its_count() -> None:
    slip = reprinted_slip()
    texts = _texts(_read(slip_pdf(slip, profile("plain", "241x93.1"), reprint=True)))
    assert len(texts) == 8
    assert all("第2次补印" in text for text in texts)
    plain = _texts(_read(slip_pdf(slip, profile("plain", "241x93.1"))))
    assert not any("补印" in text for text in plain)
    uncounted = _texts(_read(slip_pdf(cash_slip(), profile(), reprint=True)))
    assert all("补印" in text for text in uncounted)


def _text_runs(page: Any) -> list[tuple[str, float, float]]:
    """Every text run on the page with its start point in page space."""
    runs: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return runs


def _position(page: Any, text: str) -> tuple[float, float]:
    found = [(x, y) for t, x, y in _text_runs(page) if t == text]
    assert found, text
    return found[0]


@pytest.mark.parametrize("paper", ["241x93.1", "A4"])
def test_offsets_move_everything(paper: str) -> None:
    slip = cash_slip()
    label = f"No. {slip.number}"
    base = _read(slip_pdf(slip, profile("multipart", paper)))
    moved = _read(slip_pdf(slip, profile("multipart", paper, dx=5.0, dy=5.0)))
    x0, y0 = _position(base.pages[0], label)
    x1, y1 = _position(moved.pages[0], label)
    assert x1 - x0 == pytest.approx(5 * mm, abs=0.01)
    assert y1 - y0 == pytest.approx(-5 * mm, abs=0.01)  # positive y offset = down the sheet
    # the total moves the same way
    total = "¥" + format_money(slip.total)
    tx0, ty0 = _position(base.pages[0], total)
    tx1, ty1 = _position(moved.pages[0], total)
    assert (tx1 - tx0, ty1 - ty0) == pytest.approx((5 * mm, -5 * mm), abs=0.01)


def test_amounts_are_right_aligned_in_their_column() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kehu_desktop.printing.fonts import register_cjk_font

    font = register_cjk_font()
    slip = credit_slip()
    page = _read(slip_pdf(slip, profile("multipart", "241x139.7"))).pages[0]
    amounts = {format_money(line.amount) for line in slip.lines}
    ends = {
        round(x + stringWidth(text, font, slips.CELL_SIZE), 2)
        for text, x, _ in _text_runs(page)
        if text in amounts
    }
    assert len(ends) == 1


def test_money_is_formatted_from_decimal() -> None:
    assert format_money(Decimal("12345.6")) == "12,345.60"
    assert format_money(Decimal("0.005")) == "0.01"  # half-up, like the capitals
    assert format_money(Decimal("1234567.894")) == "1,234,567.89"
    with pytest.raises(TypeError):
        format_money(12.5)  # type: ignore[arg-type]


def test_big_total_in_capitals_and_figures() -> None:
    line = _line(1, MEDICINES[0], 1000, "12345.60")
    slip = _slip("SH-DS-2026-000999", "delivery", (line,))
    text = _flat(_texts(_read(slip_pdf(slip, profile("multipart", "241x93.1"))))[0])
    assert "人民币壹仟贰佰叁拾肆万伍仟陆佰元整" in text
    assert "¥12,345,600.00" in text


@pytest.mark.parametrize(
    "changes",
    [{"kind": "return"}, {"status": "draft"}, {"payment_terms": "weekly"}],
)
def test_unknown_codes_are_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        slip_pdf(replace(cash_slip(), **changes), profile())


@pytest.mark.parametrize(
    "bad",
    [{"paper": "Letter"}, {"mode": "duplex"}, {"offset_x_mm": 31.0}, {"offset_y_mm": float("nan")}],
)
def test_invalid_profiles_are_refused(bad: dict[str, Any]) -> None:
    broken = replace(profile(), **bad)
    with pytest.raises(ValueError, match=next(iter(bad)).split("_")[0]):
        slip_pdf(cash_slip(), broken)
    with pytest.raises(ValueError):
        calibration_pdf(broken)


def test_paper_and_mode_helpers() -> None:
    assert set(PAPERS) == set(PAGE_MM)
    assert validate_mode("plain") == "plain"
    with pytest.raises(ValueError, match="plain"):
        validate_mode("Plain")
    with pytest.raises(ValueError, match="241x93.1"):
        page_size("241x93")
    assert [p for p in DEFAULT_PROFILES if p.is_default] == [DEFAULT_PROFILES[0]]
    assert {p.mode for p in DEFAULT_PROFILES} == set(MODES)
    assert len({p.name for p in DEFAULT_PROFILES}) == len(DEFAULT_PROFILES)
    for default in DEFAULT_PROFILES:
        validate_profile(default)


def test_long_product_name_stays_in_its_row() -> None:
    name = "注射用头孢哌酮钠舒巴坦钠（舒普深）进口分装规格特别长的一个品名用于测试换行" * 2
    line = replace(_line(1, MEDICINES[0], 1, "1.00"), product_name=name)
    slip = _slip("SH-DS-2026-000777", "delivery", (line,))
    text = _flat(_texts(_read(slip_pdf(slip, profile("multipart", "A5"))))[0])
    assert name[:20] in text


def test_uncovered_characters_in_data_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=slips.__name__):
        slip_pdf(replace(cash_slip(), customer_name="开心😀药房"), profile())
    assert "😀" in caplog.text and "SH-DS-2026-000123" in caplog.text


def _all_renders() -> list[PdfReader]:
    return [
        _read(slip_pdf(cash_slip(), profile("plain", "A4"))),
        _read(slip_pdf(credit_slip(), profile("multipart", "241x93.1"))),
        _read(slip_pdf(voided_slip(), profile("plain", "A5"), reprint=True)),
        _read(slip_pdf(reprinted_slip(), profile("multipart", "241x139.7", 2, -1), reprint=True)),
        _read(calibration_pdf(profile("multipart", "241x93.1", 1.5, -2.0))),
    ]


def test_every_font_is_the_embedded_wenquanyi_subset() -> None:
    for reader in _all_renders():
        fonts = 0
        for page in reader.pages:
            resources: Any = page["/Resources"]
            assert "/Font" in resources
            for ref in resources["/Font"].values():
                font = ref.get_object()
                if "/DescendantFonts" in font:
                    font = font["/DescendantFonts"][0].get_object()
                name = str(font["/BaseFont"])
                assert re.fullmatch(r"/[A-Z]{6}\+WenQuanYiMicroHei.*", name), name
                assert "/FontFile2" in font["/FontDescriptor"].get_object()
                fonts += 1
        assert fonts


def test_font_covers_everything_printed() -> None:
    printed = "".join("".join(_texts(reader)) for reader in _all_renders())
    literals: list[str] = []
    for module in (slips, calibration):
        for name in dir(module):
            value = getattr(module, name)
            if not name.isupper():
                continue
            if isinstance(value, str):
                literals.append(value)
            elif isinstance(value, tuple | list):
                literals += [v for v in value if isinstance(v, str)]
            elif isinstance(value, dict):
                literals += [v for v in value.values() if isinstance(v, str)]
    assert "第三联 记账联（销货单位记账联：客户签收后交回会计）" in literals
    assert "作废" in printed and "补印" in printed and "测量十字线" in printed
    for slip in (cash_slip(), credit_slip()):
        for line in slip.lines:
            literals += [line.product_name, line.specification or "", line.unit]
            literals += [line.dosage_form or "", line.manufacturer or ""]
    # What the demo branch prints: its seller details, its products' makers and dosage forms.
    seller = DEMO_SETUP.seller
    assert seller is not None
    literals += [seller.company_name, seller.address, seller.phone, seller.licence_no]
    literals += [DEMO_SETUP.branch_name, *DOSAGE_FORMS]
    literals += [text for pair in MAKERS.values() for text in pair if text]
    assert "石药集团中诺药业(石家庄)有限公司" in literals and "胶囊剂" in printed
    assert missing_glyphs(printed + "".join(literals)) == set()


def test_calibration_page() -> None:
    for paper, (width_mm, height_mm) in PAGE_MM.items():
        reader = _read(calibration_pdf(profile("multipart", paper, 1.5, -2.0)))
        assert len(reader.pages) == 1
        page = reader.pages[0]
        assert float(page.mediabox.width) == pytest.approx(width_mm * mm, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height_mm * mm, abs=0.5)
        text = page.extract_text()
        flat = _flat(text)
        assert "测量十字线偏差后调整偏移量" in flat
        assert "测试打印机" in text
        assert PAPERS[paper].label.replace(" ", "") in flat
        assert "X=+1.5毫米" in flat and "Y=-2.0毫米" in flat
        for x, y in crosshair_positions((width_mm, height_mm)):
            assert f"左{x:g}上{y:g}" in flat
    assert crosshair_positions((241.0, 93.1)) == [
        (10.0, 10.0),
        (231.0, 10.0),
        (10.0, 83.1),
        (231.0, 83.1),
        (120.5, 46.55),
    ]


def test_calibration_page_applies_the_offsets() -> None:
    base = _read(calibration_pdf(profile("multipart", "241x139.7"))).pages[0]
    moved = _read(calibration_pdf(profile("multipart", "241x139.7", -3.0, 4.0))).pages[0]
    x0, y0 = _position(base, calibration.TITLE)
    x1, y1 = _position(moved, calibration.TITLE)
    assert (x1 - x0, y1 - y0) == pytest.approx((-3 * mm, -4 * mm), abs=0.01)


def test_printing_does_not_import_qt_or_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "import kehu_desktop.printing.slips, kehu_desktop.printing.calibration\n"
        "import kehu_desktop.printing.spool, kehu_desktop.printing.paper\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_renders_and_sees_only_embedded_fonts(tmp_path: Any) -> None:
    path = tmp_path / "slip.pdf"
    path.write_bytes(slip_pdf(voided_slip(), profile("multipart", "241x93.1"), reprint=True))
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        assert "WenQuanYi" in row
        assert re.search(r"\syes\s+yes\s", row), row


# --------------------------------------------------------------------------------------------
# Layout: nothing overlaps, on every paper and in both modes
# --------------------------------------------------------------------------------------------


def _boxes(page: Any) -> list[tuple[str, float, float, float, float]]:
    """(text, x0, y0, x1, y1) of every upright string drawn: its advance width in the embedded
    font at the size it is drawn, from the descent to the ascent of the font. ReportLab draws a
    string in one piece per font subset, and pypdf reports every piece at the string's start:
    pieces at the same point and size are one string again."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from kehu_desktop.printing.fonts import register_cjk_font

    font = register_cjk_font()
    runs: list[list[Any]] = []  # [text, x, y, size]

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        if not text.strip() or abs(b) > 1e-6:  # the rotated 作废 lies across all on purpose
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        height = size * abs(a)
        last = runs[-1] if runs else None
        if last and abs(last[1] - x) < 0.01 and abs(last[2] - y) < 0.01 and last[3] == height:
            last[0] += text
        else:
            runs.append([text, x, y, height])

    page.extract_text(visitor_text=visit)
    return [
        (text.strip(), x, y - 0.2 * size, x + stringWidth(text.strip(), font, size), y + 0.8 * size)
        for text, x, y, size in runs
    ]


def _overlaps(boxes: list[tuple[str, float, float, float, float]]) -> list[tuple[str, str]]:
    found = []
    for i, (t1, ax0, ay0, ax1, ay1) in enumerate(boxes):
        for t2, bx0, by0, bx1, by1 in boxes[i + 1 :]:
            if min(ax1, bx1) - max(ax0, bx0) > 0.3 and min(ay1, by1) - max(ay0, by0) > 0.3:
                found.append((t1, t2))
    return found


def _dressed(slip: SlipView) -> SlipView:
    """The slip with the longest seller and manufacturer texts of the tests."""
    return replace(
        slip,
        seller_name="华东康健医药股份有限公司上海分公司",
        seller_address="上海市静安区共和新路1888号康健大厦5楼（近汶水路）",
    )


@pytest.mark.parametrize("paper", list(PAGE_MM))
@pytest.mark.parametrize("mode", ["plain", "multipart"])
def test_nothing_overlaps_and_the_header_reads_top_down(mode: str, paper: str) -> None:
    """Seller title, caption, seller letterhead, customer rows, table, signatures: in this
    order from the top, inside the page, no two texts on top of each other, nothing on the
    barcode, every paper and both modes (plain with the 补印 stamp, the widest header)."""
    from reportlab.pdfgen.canvas import Canvas

    from kehu_desktop.printing.barcode import draw_code128
    from kehu_desktop.printing.paper import paper_spec

    slip = _dressed(reprinted_slip())
    reader = _read(slip_pdf(slip, profile(mode, paper), reprint=mode == "plain"))
    spec = paper_spec(paper)
    width, height = spec.size
    barcode = draw_code128(
        Canvas(BytesIO()), slip.number, right=width - spec.margin_x_mm * mm, top=0, height=1
    )
    for page in reader.pages:
        boxes = _boxes(page)
        assert _overlaps(boxes) == []
        for text, x0, y0, x1, y1 in boxes:
            assert x0 >= 0 and x1 <= width and y0 >= 0 and y1 <= height, text
        top = {text: (x0, y0, x1, y1) for text, x0, y0, x1, y1 in boxes}
        title = next(t for t in top if t.startswith("华东康健医药股份有限公司上海分公司"))
        letterhead = next(t for t in top if t.startswith("地址：上海市静安区"))
        assert "电话：021-56781234" in letterhead and "药品经营许可证：沪AA0210087" in letterhead
        customer = next(t for t in top if t.startswith("客户："))
        heading = top["生产厂商"]
        stamp = top["供货单位出库专用章"]
        order = [top[title], top[letterhead], top[customer], heading, stamp]
        if mode == "plain":
            caption = next(t for t in top if t.startswith("第") and "联" in t)
            order.insert(1, top[caption])
        tops = [box[3] for box in order]
        assert tops == sorted(tops, reverse=True), order
        for text in (title, letterhead):  # the barcode stays clear of the title line
            if top[text][3] > height - (spec.margin_top_mm + 6.5) * mm:
                assert top[text][2] <= width - spec.margin_x_mm * mm - barcode + 0.5
        assert top[letterhead][3] - top[letterhead][1] >= 5.0  # not shrunk past legibility


def test_a_slip_issued_before_the_seller_was_printed_reprints_as_it_printed() -> None:
    """Posted documents are immutable: a slip from before revision 0004 has no seller in its
    view and prints the branch name, as it did, with no letterhead."""
    old = replace(
        cash_slip(),
        seller_name=None,
        seller_address=None,
        seller_phone=None,
        seller_licence_no=None,
    )
    old = replace(
        old, lines=tuple(replace(ln, manufacturer=None, dosage_form=None) for ln in old.lines)
    )
    text = _flat(_texts(_read(slip_pdf(old, profile("multipart", "A4"), reprint=True)))[0])
    assert "上海分公司送货单" in text
    assert (
        "华东康健" not in text and "药品经营许可证" not in text and "地址：上海市静安区" not in text
    )
    assert "客户：上海国药大药房连锁有限公司" in text  # the rest as before
