"""Importing never doubles customers: rows that repeat a customer of the branch, or an earlier row,
are reported as duplicates and skipped, or update the existing file when asked; on SQLite and
PostgreSQL, through real files."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Branch as BranchRow
from kehu_desktop.models import Customer
from kehu_desktop.models import OutboxOp
from kehu_desktop.services.customers import CREATE
from kehu_desktop.services.customers import SKIP
from kehu_desktop.services.customers import UPDATE
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import ImportReport
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import import_customers
from kehu_desktop.services.customers import phone_key
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection
from kehu_desktop.services.customers import text_key
from tests.factories import Branch
from tests.test_import_export import code
from tests.test_import_export import counts
from tests.test_import_export import errors
from tests.test_import_export import write_csv

HEADER = ["客户名称", "统一社会信用代码", "电话", "地址", "法人代表"]


def run(
    branch: Branch,
    path: Path,
    *,
    dry_run: bool = False,
    update: bool = False,
    seen: dict[uuid.UUID, int] | None = None,
    role: Role = Role.CLERK,
) -> ImportReport:
    return import_customers(
        branch.db,
        branch.actor(role),
        path,
        dry_run=dry_run,
        update_existing=update,
        seen=seen,
    )


def customers(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.execute(select(func.count()).select_from(Customer)).scalar_one())


def fates(report: ImportReport) -> list[tuple[int, str, str | None, int | None]]:
    """(row, action, reason, repeated row) of every row without errors."""
    return [
        (
            r.row,
            r.action,
            r.duplicate.reason if r.duplicate else None,
            r.duplicate.row if r.duplicate else None,
        )
        for r in report.rows
    ]


def save(branch: Branch, **values: object) -> uuid.UUID:
    draft = CustomerDraft(**values)  # type: ignore[arg-type]
    return save_customer(branch.db, branch.actor(Role.CLERK), draft).customer.id


# --------------------------------------------------------------------------------------------
# The same file twice
# --------------------------------------------------------------------------------------------


def test_the_same_file_imported_twice_adds_nothing_the_second_time(
    branch: Branch, tmp_path: Path
) -> None:
    """What the issue saw: every customer without a credit code was added again (300 → 302 →
    304) and the check said every row was correct."""
    path = write_csv(
        tmp_path / "客户.csv",
        [
            HEADER,
            ["上海第1医药有限公司", code(1), "13800000001", "", ""],
            ["杭州华东医药连锁有限公司", "", "0571-87654321", "", ""],
            ["宁波礼安大药房", "", "", "宁波市海曙区中山西路1号", ""],
        ],
    )
    first = run(branch, path)
    assert fates(first) == [
        (2, CREATE, None, None),
        (3, CREATE, None, None),
        (4, CREATE, None, None),
    ]
    assert len(first.created) == 3 and customers(branch) == 3
    before = counts(branch)

    check = run(branch, path, dry_run=True)
    assert check.errors == () and check.ok == 3
    assert fates(check) == [
        (2, SKIP, "uscc", None),
        (3, SKIP, "name_phone", None),
        (4, SKIP, "name_address", None),
    ]
    # Each duplicate names the customer it repeats.
    assert [r.duplicate.customer_id for r in check.rows if r.duplicate] == list(first.created)
    assert check.rows[1].message == "与已有客户“杭州华东医药连锁有限公司”重复（客户名称和电话相同）"

    second = run(branch, path)
    assert (second.errors, second.created, len(second.with_action(SKIP))) == ((), (), 3)
    assert customers(branch) == 3
    assert counts(branch) == before  # not even an audit record: nothing was written


def test_names_phones_and_addresses_are_compared_normalised(branch: Branch, tmp_path: Path) -> None:
    save(branch, name="上海万宇医药（集团）有限公司", phone="021-32778951")
    save(branch, name="ABC 大药房", address="上海市浦东新区张江路1号")
    save(branch, name="嘉兴仁济医药有限公司", uscc=code(7), phone="0573-82345678")
    rows = [
        HEADER,
        ["上海万宇医药(集团)有限公司", "", "02132778951", "", ""],  # brackets, phone digits
        ["ａｂｃ大药房", "", "", "上海市浦东新区 张江路１号", ""],  # full width, case, spaces
        ["上海万宇医药（集团）有限公司", "", "021-32778952", "", ""],  # another phone: new
        ["嘉兴仁济医药有限公司", code(8), "0573-82345678", "", ""],  # another code: new
        ["嘉兴仁济医药有限公司", "", "0573-82345678", "", ""],  # no code: repeats row 5
    ]
    report = run(branch, write_csv(tmp_path / "c.csv", rows), dry_run=True)
    assert fates(report) == [
        (2, SKIP, "name_phone", None),
        (3, SKIP, "name_address", None),
        (4, CREATE, None, None),
        (5, CREATE, None, None),
        (6, SKIP, "name_phone", 5),  # an earlier row counts before the branch's customers
    ]
    rows[4][1] = ""  # row 5 without its other code: the branch's customer
    report = run(branch, write_csv(tmp_path / "c.csv", rows), dry_run=True)
    assert fates(report)[3:] == [(5, SKIP, "name_phone", None), (6, SKIP, "name_phone", 5)]
    assert text_key(" 上海万宇医药（集团）有限公司") == text_key("上海万宇医药(集团)有限公司")
    assert phone_key("021-32778951") == phone_key("02132778951") == "02132778951"


def test_rows_of_the_file_that_repeat_each_other(branch: Branch, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["甲医药有限公司", code(1), "13800000001", "", ""],
        ["乙医药有限公司", "", "13800000002", "上海市黄浦区1号", ""],
        ["甲医药公司（重复代码）", code(1), "", "", ""],  # the same credit code as row 2
        ["乙医药有限公司", "", "", "上海市黄浦区1号", ""],  # name and address of row 3
        ["乙医药有限公司", "", "13800000009", "上海市徐汇区9号", ""],  # same name only: new
    ]
    before = customers(branch)
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert fates(report) == [
        (2, CREATE, None, None),
        (3, CREATE, None, None),
        (4, SKIP, "uscc", 2),
        (5, SKIP, "name_address", 3),
        (6, CREATE, None, None),
    ]
    assert report.rows[2].message == "与本文件第2行重复（统一社会信用代码相同）"
    assert customers(branch) == before + 3


def test_duplicates_are_reported_also_when_other_rows_have_errors(
    branch: Branch, tmp_path: Path
) -> None:
    save(branch, name="已有医药有限公司", uscc=code(9))
    rows = [HEADER, ["新医药有限公司", "", "12345", "", ""], ["已有医药", code(9), "", "", ""]]
    before = counts(branch)
    report = run(branch, write_csv(tmp_path / "c.csv", rows))
    assert errors(report) == [(2, "phone", "phone.format")]
    assert fates(report) == [(3, SKIP, "uscc", None)]
    assert report.rows[0].duplicate is not None
    assert report.rows[0].duplicate.customer_name == "已有医药有限公司"
    assert counts(branch) == before


def test_a_credit_code_of_another_branch_is_an_error(branch: Branch, tmp_path: Path) -> None:
    with branch.db.write() as s:
        region = s.get(BranchRow, branch.branch_id).region_id  # type: ignore[union-attr]
        other = BranchRow(code="HZ", name="杭州分公司", region_id=region)
        s.add(other)
        s.flush()
        s.add(
            Customer(
                branch_id=other.id,
                name="杭州某医药有限公司",
                name_pinyin="hangzhou",
                name_initials="hz",
                uscc=code(5),
            )
        )
    rows = [HEADER, ["杭州某医药有限公司", code(5), "", "", ""]]
    report = run(branch, write_csv(tmp_path / "c.csv", rows), update=True)
    assert errors(report) == [(2, "uscc", "uscc.duplicate")]
    assert "杭州某医药有限公司" in report.errors[0].message


# --------------------------------------------------------------------------------------------
# Updating the existing file instead
# --------------------------------------------------------------------------------------------


def selected_customer(branch: Branch) -> uuid.UUID:
    cid = save(
        branch,
        name="上海康健医药有限公司",
        uscc=code(3),
        phone="021-58881234",
        address="上海市浦东新区张杨路1号",
        manager="李四",
    )
    selection.propose(branch.db, branch.actor(Role.SALES_MANAGER), cid, "渠道强")
    selection.review(branch.db, branch.actor(Role.BRANCH_GM), cid, Decision.APPROVE, "同意")
    selection.approve(branch.db, branch.actor(Role.MARKETING_HEAD), cid, Decision.APPROVE)
    return cid


def test_update_existing_changes_the_filled_cells_through_the_editor_never_the_status(
    branch: Branch, tmp_path: Path
) -> None:
    cid = selected_customer(branch)
    clerk = branch.actor(Role.CLERK)
    old = get_customer(branch.db, clerk, cid)
    assert old.status == "selected"
    header = [*HEADER, "经营管理者", "状态"]
    rows = [
        header,
        # The credit code matches; a new phone and legal representative, the manager left
        # blank, the status cell says terminated.
        ["上海康健医药有限公司", code(3), "021-58889999", "", "王五", "", "已终止"],
        ["新开医药有限公司", "", "13900000001", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    check = run(branch, path, dry_run=True, update=True)
    assert fates(check) == [(2, UPDATE, "uscc", None), (3, CREATE, None, None)]
    assert check.rows[0].changes == ("phone", "legal_representative")
    assert check.rows[0].message.endswith("更新：电话、法人代表")
    assert check.seen_versions == {cid: old.version}

    before = counts(branch)
    report = run(branch, path, update=True, seen=check.seen_versions)
    assert report.errors == () and fates(report) == fates(check)
    assert report.rows[0].customer_id == cid and len(report.created) == 1
    new = get_customer(branch.db, clerk, cid)
    assert (new.phone, new.legal_representative) == ("021-58889999", "王五")
    assert (new.manager, new.address) == ("李四", "上海市浦东新区张杨路1号")  # blank: kept
    assert new.status == "selected"  # never the workflow
    assert new.version == old.version + 1
    with branch.db.read() as s:
        audits = list(
            s.execute(
                select(AuditRecord)
                .where(AuditRecord.action.like("customer%"))
                .order_by(AuditRecord.at)
            ).scalars()
        )
        outbox = s.execute(select(func.count()).select_from(OutboxOp)).scalar_one()
    updated = [a for a in audits if a.action == "customer_updated"][-1]
    assert updated.entity_id == str(cid)
    assert (updated.before or {})["phone"] == "021-58881234"
    assert (updated.after or {})["phone"] == "021-58889999"
    assert (audits[-1].action, audits[-1].after) == (
        "customers_imported",
        {"file": "c.csv", "created": 1, "updated": 1, "skipped": 0},
    )
    assert counts(branch)[2] == before[2] + 4 == outbox  # customer + credit data, twice

    again = run(branch, path, update=True)
    assert fates(again) == [(2, SKIP, "uscc", None), (3, SKIP, "name_phone", None)]
    assert again.rows[0].up_to_date and "无需更新" in again.rows[0].message
    assert get_customer(branch.db, clerk, cid).version == new.version


def test_a_customer_changed_after_the_check_is_refused_and_nothing_is_written(
    branch: Branch, tmp_path: Path
) -> None:
    cid = save(branch, name="上海康健医药有限公司", phone="021-58881234")
    rows = [
        HEADER,
        ["上海康健医药有限公司", "", "021-58881234", "上海市新地址1号", ""],
        ["另一家医药有限公司", "", "13900000002", "", ""],
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    check = run(branch, path, dry_run=True, update=True)
    assert fates(check) == [(2, UPDATE, "name_phone", None), (3, CREATE, None, None)]
    clerk = branch.actor(Role.CLERK)
    save_customer(
        branch.db,
        clerk,
        CustomerDraft(name="上海康健医药有限公司", phone="021-58881234", id=cid, version=1),
    )  # someone saves the file in the editor meanwhile
    before = counts(branch)
    report = run(branch, path, update=True, seen=check.seen_versions)
    assert errors(report) == [(2, None, "import.stale")]
    assert "上海康健医药有限公司" in report.errors[0].message
    assert counts(branch) == before and report.created == ()
    assert get_customer(branch.db, clerk, cid).address is None


def test_an_update_with_a_bad_field_refuses_the_whole_file(branch: Branch, tmp_path: Path) -> None:
    save(branch, name="上海康健医药有限公司", uscc=code(3))
    save(branch, name="别家医药有限公司", uscc=code(4))
    rows = [
        ["客户名称", "统一社会信用代码", "市场部"],
        ["新开医药有限公司", "", ""],
        ["上海康健医药有限公司", code(3), "火星市场部"],  # an unknown market office
    ]
    before = counts(branch)
    report = run(branch, write_csv(tmp_path / "c.csv", rows), update=True)
    assert errors(report) == [(3, "market_office", "market_office.unknown")]
    assert counts(branch) == before


def test_a_row_matching_several_customers_cannot_update(branch: Branch, tmp_path: Path) -> None:
    first = save(branch, name="同名医药有限公司", phone="13800000001")
    save(branch, name="同名医药有限公司", phone="13800000001", address="另一个地址")
    path = write_csv(tmp_path / "c.csv", [HEADER, ["同名医药有限公司", "", "13800000001", "", ""]])
    skipped = run(branch, path, dry_run=True)
    assert fates(skipped) == [(2, SKIP, "name_phone", None)]
    assert skipped.rows[0].duplicate and skipped.rows[0].duplicate.customer_id == first
    report = run(branch, path, update=True)
    assert errors(report) == [(2, None, "import.ambiguous")]
    assert "请在文件中填写统一社会信用代码" in report.errors[0].message


def test_updating_needs_the_right_to_edit(branch: Branch, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [HEADER, ["甲公司", "", "", "", ""]])
    with pytest.raises(Forbidden):
        run(branch, path, update=True, role=Role.CASHIER)
