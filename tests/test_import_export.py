"""Customer import and export with real files, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerCreditData
from kehu_desktop.models import OutboxOp
from kehu_desktop.resources import resources_dir
from kehu_desktop.services.customers import BASIC_FIELDS
from kehu_desktop.services.customers import COLUMNS
from kehu_desktop.services.customers import CREDIT_FIELDS
from kehu_desktop.services.customers import HEADERS
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import ImportReport
from kehu_desktop.services.customers import export_customers
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import import_customers
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import template_headers
from kehu_desktop.services.customers import write_template
from tests.factories import Branch

TODAY = date(2026, 11, 26)
HEADER = ["客户名称", "统一社会信用代码", "电话", "邮编", "地址", "渠道类型", "市场部"]


def code(i: int) -> str:
    """A valid credit code, different for each i."""
    return make_uscc(f"91310115{i:09d}")


def good_row(i: int) -> list[str]:
    return [
        f"上海第{i}医药有限公司",
        code(i),
        f"138{i:08d}",
        "200001",
        "上海市浦东新区张江路1号",
        "私营",
        "浦东市场部",
    ]


def write_csv(
    path: Path, rows: list[list[str]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run(
    branch: Branch, path: Path, *, dry_run: bool = False, role: Role = Role.CLERK
) -> ImportReport:
    return import_customers(branch.db, branch.actor(role), path, dry_run=dry_run)


def errors(report: ImportReport) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.field, e.code) for e in report.errors]


def counts(branch: Branch) -> list[int]:
    """Customers, audit records and outbox rows: all three stay put when nothing is written."""
    with branch.db.read() as s:
        return [
            s.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (Customer, AuditRecord, OutboxOp)
        ]


def test_gbk_csv_with_chinese_is_imported_with_audit_and_outbox(
    branch: Branch, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "客户.csv", [HEADER, good_row(1), good_row(2)], encoding="gbk")
    report = run(branch, path)
    assert (report.ok, report.errors, len(report.created)) == (2, (), 2)
    f = get_customer(branch.db, branch.actor(Role.CLERK), report.created[0])
    assert (f.name, f.uscc, f.phone) == ("上海第1医药有限公司", code(1), "13800000001")
    assert (f.channel, f.market_office, f.status) == ("private", "浦东市场部", "prospect")
    with branch.db.read() as s:
        actions = list(s.execute(select(AuditRecord.action, AuditRecord.after)))
        outbox = list(s.execute(select(OutboxOp.entity, OutboxOp.seq).order_by(OutboxOp.seq)))
    assert [a for a, _ in actions].count("customer_created") == 2
    summary = [after for action, after in actions if action == "customers_imported"]
    assert summary == [{"file": "客户.csv", "created": 2, "updated": 0, "skipped": 0}]
    # After the branch's users (each user and role goes to head office too).
    imported = [(e, seq) for e, seq in outbox if e not in ("users", "user_roles")]
    assert [e for e, _ in imported] == ["customers", "customer_credit_data"] * 2
    first = imported[0][1]
    assert [seq for _, seq in imported] == [first, first + 1, first + 2, first + 3]


def test_imported_customers_are_found_by_a_name_substring(branch: Branch, tmp_path: Path) -> None:
    """An import writes the name bigrams too, so a rare Chinese word finds its customers."""
    rows = [HEADER, good_row(1), good_row(2), good_row(3)]
    rows[2][0] = "宁波礼安大药房有限公司"
    report = run(branch, write_csv(tmp_path / "客户.csv", rows))
    assert report.ok == 3 and not report.errors
    clerk = branch.actor(Role.CLERK)
    for q, found in (
        ("礼安", ["宁波礼安大药房有限公司"]),
        ("礼安大药房", ["宁波礼安大药房有限公司"]),
        ("鹤年", []),
        ("医药有限", ["上海第1医药有限公司", "上海第3医药有限公司"]),
    ):
        page = list_customers(branch.db, clerk, CustomerQuery(search=q))
        assert [r.name for r in page.rows] == found, q


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_utf8_bom_csv_with_any_usual_delimiter(
    branch: Branch, tmp_path: Path, delimiter: str
) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1)], delimiter=delimiter)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    report = run(branch, path)
    assert (report.ok, report.errors) == (1, ())
    assert get_customer(branch.db, branch.actor(Role.CLERK), report.created[0]).postcode == "200001"


def test_plain_utf8_csv_without_bom(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1)], encoding="utf-8")
    assert run(branch, path).ok == 1


def test_xlsx_numeric_credit_code_cell_is_reported_as_mangled(
    branch: Branch, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "c.xlsx",
        [
            ["客户名称", "统一社会信用代码"],
            ["甲公司", 9.13101e17],  # what Excel keeps of an 18-digit code typed as a number
            ["乙公司", 913101151234567890],
            ["丙公司", code(3)],
        ],
    )
    before = counts(branch)
    report = run(branch, path)
    assert errors(report) == [(2, "uscc", "uscc.excel_mangled"), (3, "uscc", "uscc.excel_mangled")]
    assert "Excel" in report.errors[0].message
    assert report.ok == 1 and report.created == ()
    assert counts(branch) == before


def test_csv_credit_code_mangled_by_excel(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        [
            ["客户名称", "统一社会信用代码"],
            ["甲公司", "913101150000000"],  # 15 digits: Excel's precision, reformatted as text
            ["乙公司", "9.13101E+17"],
            ["丙公司", f"  {code(3)}  "],  # spaces around are fine
            ["丁公司", code(4).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})],
        ],
    )
    report = run(branch, path)
    assert errors(report) == [(2, "uscc", "uscc.excel_mangled"), (3, "uscc", "uscc.excel_mangled")]
    assert report.ok == 2


def test_xlsx_cell_types(branch: Branch, tmp_path: Path) -> None:
    header = ["客户名称", "电话", "邮编", "创办时间", "经营年数", "年销售规模", "账号"]
    typed = [
        "甲公司",
        13812345678,
        200001,
        datetime(2005, 6, 1),
        18,
        1200000.5,
        "6222020200112233445",
    ]
    as_number = ["乙公司", None, None, None, 18.0, 0.1, 6.22202020011223e18]
    report = run(branch, write_xlsx(tmp_path / "c.xlsx", [header, typed, as_number]))
    assert errors(report) == [(3, "bank_account", "import.excel_number")]
    report = run(branch, write_xlsx(tmp_path / "d.xlsx", [header, typed]))
    f = get_customer(branch.db, branch.actor(Role.CLERK), report.created[0])
    assert (f.phone, f.postcode, f.founded) == ("13812345678", "200001", date(2005, 6, 1))
    assert (f.years_in_business, str(f.annual_sales_scale)) == (18, "1200000.50")
    assert f.bank_account == "6222020200112233445"


def test_missing_name_column(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["统一社会信用代码", "电话"], [code(1), "13812345678"]])
    report = run(branch, path)
    assert errors(report) == [(1, "name", "import.missing_column")]
    assert "客户名称" in report.errors[0].message


def test_empty_rows_are_skipped_but_counted(branch: Branch, tmp_path: Path) -> None:
    bad_phone = good_row(3)
    bad_phone[2] = "12345"
    bad_postcode = good_row(6)
    bad_postcode[3] = "2000"
    rows = [HEADER, good_row(1), ["", " ", ""], bad_phone, [], [""] * 7, bad_postcode]
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [(4, "phone", "phone.format"), (7, "postcode", "postcode.format")]
    assert report.ok == 1


def test_every_problem_of_a_row_is_reported(branch: Branch, tmp_path: Path) -> None:
    header = [*HEADER, "创办时间", "年销售规模", "经营年数"]
    row = [
        "",
        "91310115000000001X",
        "12345",
        "20001",
        "",
        "外资",
        "火星市场部",
        "2999-01-01",
        "-5",
        "三十",
    ]
    report = run(branch, write_csv(tmp_path / "c.csv", [header, good_row(1), row]))
    assert {f for r, f, _ in errors(report) if r == 3} == {
        "name",
        "uscc",
        "phone",
        "postcode",
        "channel",
        "market_office",
        "founded",
        "annual_sales_scale",
        "years_in_business",
    }
    assert {r for r, _, _ in errors(report)} == {3}


def test_rows_are_numbered_as_excel_shows_them(branch: Branch, tmp_path: Path) -> None:
    """Row numbers are the ones Excel and WPS show: the header is usually row 1 and the first
    customer row 2; blank rows, also above the header, count."""
    bad = good_row(2)
    bad[2] = "12345"
    path = write_xlsx(
        tmp_path / "c.xlsx", [[], [], HEADER, good_row(1), [], bad, ["", "", "13812345678"]]
    )
    report = run(branch, path, dry_run=True)
    assert errors(report) == [(6, "phone", "phone.format"), (7, "name", "required")]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.cell(row=3, column=1).value == "客户名称"  # the header
    assert sheet.cell(row=6, column=3).value == "12345"  # the phone reported on row 6
    assert [r.row for r in report.rows] == [4]
    headerless = write_csv(tmp_path / "h.csv", [["客户名称", "备注"], ["甲公司", "x"]])
    assert errors(run(branch, headerless)) == [(1, "备注", "import.unknown_column")]


def test_all_or_nothing(branch: Branch, tmp_path: Path) -> None:
    bad = good_row(3)
    bad[1] = "91310115000000003A"  # wrong check character
    rows = [HEADER, good_row(1), good_row(2), bad, good_row(4)]
    before = counts(branch)
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [(4, "uscc", "uscc.check_char")]
    assert (report.ok, report.created) == (3, ())
    assert counts(branch) == before


def test_dry_run_writes_nothing(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1), good_row(2)])
    before = counts(branch)
    report = run(branch, path, dry_run=True)
    assert (report.ok, report.errors, report.created, report.dry_run) == (2, (), (), True)
    assert counts(branch) == before
    assert run(branch, path).ok == 2


def test_english_and_decorated_headers(branch: Branch, tmp_path: Path) -> None:
    header = [
        "Customer Name*",
        " USCC ",
        "PHONE",
        "邮　编（必填）",
        "Channel_Type",
        "market office",
        "Annual Sales Scale",
        "Legal Representative",
        "状态",
    ]
    row = [
        "Sino Pharma",
        code(1),
        "021-58881234",
        "200120",
        "state_owned",
        "MH",
        "1,000",
        "王五",
        "已选定",
    ]
    report = run(branch, write_csv(tmp_path / "c.csv", [header, row]))
    assert report.errors == ()
    f = get_customer(branch.db, branch.actor(Role.CLERK), report.created[0])
    assert (f.name, f.postcode, f.channel, f.market_office) == (
        "Sino Pharma",
        "200120",
        "state_owned",
        "闵行市场部",
    )
    assert (f.legal_representative, f.status) == ("王五", "prospect")  # 状态 is ignored
    assert str(f.annual_sales_scale) == "1000.00"


def test_unknown_duplicate_and_headerless_columns(branch: Branch, tmp_path: Path) -> None:
    rows = [
        ["客户名称", "备注", "电话", "name", ""],
        ["甲公司", "老客户", "12345", "x", ""],
        ["乙公司", "", "13812345678", "", "上海市", "黄浦区"],
    ]  # an unquoted comma
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [
        (1, "备注", "import.unknown_column"),
        (1, "name", "import.duplicate_column"),
        (2, "phone", "phone.format"),
        (3, None, "import.cell_without_column"),
        (3, None, "import.cell_without_column"),
    ]
    assert "E" in report.errors[3].message


ENGLISH = re.compile(r"(?i)\b(?:file|zip|no such|errno|directory|permission|denied|error)\b")


def refused(branch: Branch, path: Path) -> tuple[str, str]:
    """The one error of a file that cannot be read: its code and its (Chinese) message."""
    report = run(branch, path)
    assert [(e.row, e.field) for e in report.errors] == [(None, None)], report.errors
    assert (report.ok, report.rows, report.created) == (0, (), ())
    message = report.errors[0].message
    assert message and not ENGLISH.search(message), message
    return report.errors[0].code, message


def test_a_missing_file_and_a_folder(branch: Branch, tmp_path: Path) -> None:
    before = counts(branch)
    assert refused(branch, tmp_path / "客户清单.xlsx") == (
        "import.missing_file",
        "找不到文件“客户清单.xlsx”，可能已被移动、改名或删除",
    )
    folder = tmp_path / "客户.csv"
    folder.mkdir()
    code_, message = refused(branch, folder)
    assert code_ == "import.is_directory" and "文件夹" in message
    assert counts(branch) == before


def test_a_file_of_another_kind_under_an_xlsx_or_csv_name(branch: Branch, tmp_path: Path) -> None:
    renamed = write_csv(tmp_path / "renamed.csv", [HEADER, good_row(1)])
    renamed = renamed.rename(tmp_path / "客户.xlsx")  # a CSV given the .xlsx name
    assert refused(branch, renamed)[0] == "import.not_xlsx"
    assert "另存为.xlsx" in refused(branch, renamed)[1]
    docx = tmp_path / "报告.xlsx"
    with zipfile.ZipFile(docx, "w") as z:  # a zip, but no workbook in it (a .docx, say)
        z.writestr("word/document.xml", "<w:document/>")
    assert refused(branch, docx)[0] == "import.not_xlsx"
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))  # Excel 97-2003
    assert refused(branch, old)[0] == "import.xlsx_is_ole"
    book = write_xlsx(tmp_path / "book.xlsx", [HEADER, good_row(1)])
    as_csv = tmp_path / "book.csv"
    as_csv.write_bytes(book.read_bytes())  # a workbook given the .csv name
    assert refused(branch, as_csv)[0] == "import.csv_is_workbook"
    for name in ("a.xls", "a.txt", "noext"):
        (tmp_path / name).write_text("客户名称\n甲公司\n")
        assert refused(branch, tmp_path / name)[0] == "import.format"


def test_damaged_and_empty_files(branch: Branch, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "good.xlsx", [HEADER, good_row(1)]).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(book[: len(book) // 2])  # an unfinished download or copy
    assert refused(branch, truncated)[0] == "import.damaged_xlsx"
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook")  # the workbook part, cut off
    assert refused(branch, broken)[0] == "import.damaged_xlsx"
    for name in ("empty.csv", "empty.xlsx"):
        (tmp_path / name).write_bytes(b"")
        assert refused(branch, tmp_path / name) == (
            "import.empty_file",
            f"文件“{name}”是空的（0字节）",
        )
    no_rows = {
        "blank.csv": b"\xef\xbb\xbf\r\n,,\r\n",
        "blank.xlsx": write_xlsx(tmp_path / "b.xlsx", []).read_bytes(),
    }
    for name, data in no_rows.items():
        (tmp_path / name).write_bytes(data)
        assert refused(branch, tmp_path / name)[0] == "import.no_header"
    write_csv(tmp_path / "data-only.csv", [good_row(1), good_row(2)])
    assert refused(branch, tmp_path / "data-only.csv")[0] == "import.no_header"
    huge = tmp_path / "quote.csv"
    huge.write_text('客户名称,地址\n甲公司,"上海市' + "很长" * 70_000 + "\n", encoding="utf-8")
    code_, message = refused(branch, huge)
    assert code_ == "import.csv_damaged" and "引号" in message


def test_a_file_in_an_unknown_encoding(branch: Branch, tmp_path: Path) -> None:
    (tmp_path / "utf16.csv").write_text("客户名称\n甲公司\n", encoding="utf-16")
    (tmp_path / "binary.csv").write_bytes(bytes([0xFF, 0xFE, 0x81]) * 20)
    for name in ("utf16.csv", "binary.csv"):
        code_, message = refused(branch, tmp_path / name)
        assert code_ == "import.encoding" and "UTF-8" in message and "GBK" in message


@contextmanager
def as_nobody() -> Iterator[None]:
    """Permissions do not stop root: a test running as root reads as nobody for a moment."""
    if os.geteuid() != 0:
        yield
        return
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)


def test_a_file_that_may_not_be_read(branch: Branch, tmp_path: Path) -> None:
    """What the import says for a file it may not open; on Windows also for a file that Excel
    or WPS holds open (a sharing violation is a PermissionError too). A real refusal here."""
    folder = Path(tempfile.mkdtemp(prefix="kehu-locked-"))
    try:
        folder.chmod(0o755)
        path = write_csv(folder / "客户.csv", [HEADER, good_row(1)])
        path.chmod(0o000)
        with as_nobody():
            # The file is read before the database is opened, so the import stops there.
            report = run(branch, path)
        assert [(e.row, e.field, e.code) for e in report.errors] == [(None, None, "import.locked")]
        message = report.errors[0].message
        assert "占用" in message and "客户.csv" in message and not ENGLISH.search(message)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_cashier_cannot_import(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, good_row(1)])
    with pytest.raises(Forbidden) as info:
        run(branch, path, role=Role.CASHIER)
    assert "导入客户" in info.value.message
    assert counts(branch)[0] == 0


def _full_customer(i: int, **kw: object) -> CustomerDraft:
    values: dict[str, object] = dict(
        name=f"杭州第{i}医药有限公司",
        uscc=code(i),
        address="杭州市西湖区文三路1号",
        phone="0571-87654321",
        postcode="310012",
        owner="张三",
        manager="李四",
        legal_representative="王五",
        founded="2001-02-03",
        bank="中国银行杭州分行",
        bank_account="0012345678901234567",
        channel="连锁药店",
        market_office="PD",
        business_nature="医药批发",
        licences="齐全",
        registration="杭州市",
        years_in_business="25",
        annual_sales_scale="1234567.89",
        goods_flow="浙江全省",
        total_product_sales="0.10",
        payment_method="月结",
        payment_reputation="良好",
    )
    values.update(kw)
    return CustomerDraft(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_gives_the_same_files(
    branch: Branch, tmp_path: Path, suffix: str
) -> None:
    clerk = branch.actor(Role.CLERK)
    drafts = [
        _full_customer(1),
        _full_customer(
            2, uscc=None, channel="国有", market_office=None, founded=None, annual_sales_scale=None
        ),
        _full_customer(3, name='=HYPERLINK("x")'),
    ]
    ids = [save_customer(branch.db, clerk, d).customer.id for d in drafts]
    before = {f.name: f for f in (get_customer(branch.db, clerk, i) for i in ids)}
    path = tmp_path / f"export{suffix}"
    assert export_customers(branch.db, clerk, CustomerQuery(), path) == 3
    assert not list(tmp_path.glob(".*partial"))
    with branch.db.write() as s:  # start again from an empty branch
        s.execute(delete(CustomerCreditData))
        s.execute(delete(Customer))
    report = run(branch, path)
    assert (report.ok, report.errors) == (3, ())
    for new_id in report.created:
        after = get_customer(branch.db, clerk, new_id)
        old = before[after.name]
        for name in (*BASIC_FIELDS, *CREDIT_FIELDS, "market_office"):
            assert getattr(after, name) == getattr(old, name), name


def test_export_columns_text_cells_and_filters(branch: Branch, tmp_path: Path) -> None:
    clerk = branch.actor(Role.CLERK)
    save_customer(branch.db, clerk, _full_customer(1))
    save_customer(branch.db, clerk, _full_customer(2, channel="国有"))
    xlsx = tmp_path / "e.xlsx"
    assert export_customers(branch.db, clerk, CustomerQuery(channel="state_owned"), xlsx) == 1
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and HEADERS[-1] == "状态"
    assert rows[1][0] == "杭州第2医药有限公司" and rows[1][-1] == "待提名"
    uscc = sheet.cell(2, 2)
    assert (uscc.value, uscc.data_type, uscc.number_format) == (code(2), "s", "@")
    csv_path = tmp_path / "e.csv"
    assert export_customers(branch.db, branch.actor(Role.CASHIER), CustomerQuery(), csv_path) == 2
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == HEADERS and len(lines) == 3
    with pytest.raises(KehuError) as info:
        export_customers(branch.db, clerk, CustomerQuery(), tmp_path / "no-such-folder" / "e.csv")
    assert info.value.code == "export.unwritable"
    assert not list(tmp_path.rglob("*.partial"))


def test_templates(branch: Branch, tmp_path: Path) -> None:
    for suffix in (".xlsx", ".csv"):
        path = write_template(tmp_path / f"t{suffix}")
        assert run(branch, path) == ImportReport(0, (), ())
        committed = resources_dir() / "templates" / f"customers-template{suffix}"
        if suffix == ".csv":
            assert committed.read_bytes() == path.read_bytes()
            continue
        book = openpyxl.load_workbook(committed)
        sheet = book.worksheets[0]
        assert [c.value for c in sheet[1]] == template_headers()
        letter = openpyxl.utils.get_column_letter(2)
        assert sheet.column_dimensions[letter].number_format == "@"  # credit codes stay text
        assert [
            r[0]
            for r in book["填写说明"].iter_rows(
                min_row=2, max_row=len(COLUMNS) + 1, values_only=True
            )
        ] == [c.header for c in COLUMNS]


def test_documentation_lists_every_column() -> None:
    doc = (Path(__file__).parents[1] / "docs" / "import-template.md").read_text(encoding="utf-8")
    for col in COLUMNS:
        assert f"| {col.header} |" in doc and f"`{col.field}`" in doc, col.header
