"""Customer import and export with real files, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete, func, select

from kehu_desktop.domain.errors import Forbidden, KehuError
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord, Customer, CustomerCreditData, OutboxOp
from kehu_desktop.resources import resources_dir
from kehu_desktop.services.customer_list import CustomerQuery, list_customers
from kehu_desktop.services.customers import (
    BASIC_FIELDS,
    CREDIT_FIELDS,
    CustomerDraft,
    get_customer,
    save_customer,
)
from kehu_desktop.services.exporting import HEADERS, export_customers
from kehu_desktop.services.importing import (
    COLUMNS,
    ImportReport,
    import_customers,
    template_headers,
    write_template,
)
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


def errors(report: ImportReport) -> list[tuple[int, str, str]]:
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
    assert summary == [{"count": 2, "file": "客户.csv"}]
    assert [e for e, _ in outbox] == ["customer", "customer_credit_data"] * 2
    assert [seq for _, seq in outbox] == [1, 2, 3, 4]


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
    assert errors(report) == [(1, "uscc", "uscc.excel_mangled"), (2, "uscc", "uscc.excel_mangled")]
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
    assert errors(report) == [(1, "uscc", "uscc.excel_mangled"), (2, "uscc", "uscc.excel_mangled")]
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
    assert errors(report) == [(2, "bank_account", "import.excel_number")]
    report = run(branch, write_xlsx(tmp_path / "d.xlsx", [header, typed]))
    f = get_customer(branch.db, branch.actor(Role.CLERK), report.created[0])
    assert (f.phone, f.postcode, f.founded) == ("13812345678", "200001", date(2005, 6, 1))
    assert (f.years_in_business, str(f.annual_sales_scale)) == (18, "1200000.50")
    assert f.bank_account == "6222020200112233445"


def test_missing_name_column(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["统一社会信用代码", "电话"], [code(1), "13812345678"]])
    report = run(branch, path)
    assert errors(report) == [(0, "name", "import.missing_column")]
    assert "客户名称" in report.errors[0].message


def test_empty_rows_are_skipped_but_counted(branch: Branch, tmp_path: Path) -> None:
    bad_phone = good_row(3)
    bad_phone[2] = "12345"
    bad_postcode = good_row(6)
    bad_postcode[3] = "2000"
    rows = [HEADER, good_row(1), ["", " ", ""], bad_phone, [], [""] * 7, bad_postcode]
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [(3, "phone", "phone.format"), (6, "postcode", "postcode.format")]
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
    assert {f for r, f, _ in errors(report) if r == 2} == {
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
    assert {r for r, _, _ in errors(report)} == {2}


def test_duplicate_codes_in_the_file_and_in_the_database(branch: Branch, tmp_path: Path) -> None:
    save_customer(
        branch.db,
        branch.actor(Role.CLERK),
        CustomerDraft(name="已有医药有限公司", uscc=code(9)),
    )
    rows = [HEADER, good_row(1), good_row(2), good_row(1), good_row(9)]
    rows[4][2] = "12345"  # a row with another problem still has its duplicate found
    before = counts(branch)
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [
        (3, "uscc", "import.duplicate_in_file"),
        (4, "phone", "phone.format"),
        (4, "uscc", "uscc.duplicate"),
    ]
    assert "第1行" in report.errors[0].message
    assert "已有医药有限公司" in report.errors[2].message
    assert report.ok == 2
    assert counts(branch) == before


def test_all_or_nothing(branch: Branch, tmp_path: Path) -> None:
    bad = good_row(3)
    bad[1] = "91310115000000003A"  # wrong check character
    rows = [HEADER, good_row(1), good_row(2), bad, good_row(4)]
    before = counts(branch)
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [(3, "uscc", "uscc.check_char")]
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
        (0, "备注", "import.unknown_column"),
        (0, "name", "import.duplicate_column"),
        (1, "phone", "phone.format"),
        (2, "row", "import.cell_without_column"),
        (2, "row", "import.cell_without_column"),
    ]
    assert "E" in report.errors[3].message


def test_files_that_cannot_be_imported(branch: Branch, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    cases = {
        "import.format": [tmp_path / "a.xls", tmp_path / "a.txt", tmp_path / "noext"],
        "import.unreadable": [broken, tmp_path / "missing.csv"],
        "import.encoding": [tmp_path / "utf16.csv", tmp_path / "binary.csv"],
        "import.no_header": [
            tmp_path / "empty.csv",
            tmp_path / "blank.xlsx",
            tmp_path / "data-only.csv",
        ],
    }
    for p in cases["import.format"]:
        p.write_text("客户名称\n甲公司\n")
    (tmp_path / "utf16.csv").write_text("客户名称\n甲公司\n", encoding="utf-16")
    (tmp_path / "binary.csv").write_bytes(bytes([0xFF, 0xFE, 0x81]) * 20)
    (tmp_path / "empty.csv").write_bytes(b"\xef\xbb\xbf\r\n,,\r\n")
    write_xlsx(tmp_path / "blank.xlsx", [])
    write_csv(tmp_path / "data-only.csv", [good_row(1), good_row(2)])
    before = counts(branch)
    for expected, paths in cases.items():
        for p in paths:
            report = run(branch, p)
            assert errors(report) == [(0, "file", expected)], p.name
            assert report.errors[0].message
    assert counts(branch) == before
    with broken.open("wb") as f:
        f.write(b"PK\x03\x04 truncated")
    assert errors(run(branch, broken)) == [(0, "file", "import.unreadable")]


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
        assert run(branch, path) == ImportReport(0, ())
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
