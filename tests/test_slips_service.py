"""Slips through the services on SQLite and PostgreSQL: read, list, void, copy ③, printing with
its print record (a real private CUPS queue, and a spooler that fails), save as PDF, printer
profiles, and the `kehu slip` commands."""

from __future__ import annotations

import argparse
import io
import json
import os
import uuid
from collections.abc import Iterator
from datetime import date
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kehu_desktop.cli import slips as slips_cli
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.models import Slip
from kehu_desktop.models import SlipPrint
from kehu_desktop.printing.spool import CupsSpooler
from kehu_desktop.printing.spool import PrintFailed
from kehu_desktop.services.base import os_origin
from kehu_desktop.services.base import put_setting
from kehu_desktop.services.dispatch import preview_release
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import list_slips
from kehu_desktop.services.slips import printers
from kehu_desktop.services.slips import record_copy3_returned
from kehu_desktop.services.slips import slips_missing_copy3
from kehu_desktop.services.slips import void_slip
from tests.cups_helpers import PrivateCups
from tests.cups_helpers import cups_available
from tests.cups_helpers import wait_for
from tests.factories import PASSWORD
from tests.factories import TODAY
from tests.factories import Branch
from tests.factories import Shop
from tests.factories import audits
from tests.factories import count
from tests.factories import deliver
from tests.factories import make_shop
from tests.factories import ready_note
from tests.factories import release as release_note
from tests.factories import settle


def slip_for(shop: Shop, sale_kind: str = "credit", amount: str = "125.00") -> str:
    """A delivered note's slip; the customer first pays what it owes (前清后送)."""
    settle(shop)
    note_id = ready_note(shop, sale_kind, amount)
    assert release_note(shop, note_id).released
    return deliver(shop, note_id).slip_numbers[-1]


class RecordingSpooler:
    """A spooler that keeps what it was given; ``fail`` makes it refuse like a dead queue."""

    def __init__(self) -> None:
        self.jobs: list[tuple[bytes, str | None, str, str]] = []
        self.fail: PrintFailed | OSError | None = None

    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str:
        if self.fail is not None:
            raise self.fail
        self.jobs.append((pdf, queue, paper, title))
        return f"fake-{len(self.jobs)}"


def pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


# --------------------------------------------------------------------------------------------
# Reading and listing
# --------------------------------------------------------------------------------------------


def test_get_and_list(branch: Branch) -> None:
    shop = make_shop(branch)
    cs = slip_for(shop)
    ds = slip_for(shop, "cash", "50.00")
    acc = branch.actor(Role.ACCOUNTANT)
    view = get_slip(branch.db, acc, cs)
    assert get_slip(branch.db, acc, view.id) == view
    assert get_slip(branch.db, acc, cs.lower()).number == cs
    assert (view.branch_code, view.branch_name) == ("SH", "上海分公司")
    assert view.issued_by == "sales_rep用户" and view.total == Decimal("125.00")
    assert [r.number for r in list_slips(branch.db, acc)] == [cs, ds]
    assert [r.number for r in list_slips(branch.db, acc, kind="delivery")] == [ds]
    assert [
        r.number for r in list_slips(branch.db, acc, customer_id=shop.customer_id, status="issued")
    ] == [cs, ds]
    with pytest.raises(NotFound):
        get_slip(branch.db, acc, "SH-CS-2026-999999")
    with pytest.raises(Forbidden):
        get_slip(branch.db, branch.actor(Role.DRIVER), cs)
    with pytest.raises(ValidationFailed):
        list_slips(branch.db, acc, kind="invoice")


# --------------------------------------------------------------------------------------------
# Void and copy ③
# --------------------------------------------------------------------------------------------


def test_void_keeps_the_number_frees_the_exposure_and_allows_a_corrected_slip(
    branch: Branch,
) -> None:
    shop = make_shop(branch, limit="1000.00")
    note_id = ready_note(shop, amount="900.00")
    release_note(shop, note_id)
    number = deliver(shop, note_id).slip_numbers[0]
    cashier = branch.actor(Role.CASHIER)
    assert preview_release(branch.db, cashier, ready_note(shop, amount="200.00")).codes == (
        "release.previous_unpaid",
        "release.over_limit",
    )
    with pytest.raises(Forbidden):
        void_slip(branch.db, branch.actor(Role.SALES_REP), number, "开错")
    with pytest.raises(ValidationFailed):
        void_slip(branch.db, branch.actor(Role.ACCOUNTANT), number, "")
    voided = void_slip(branch.db, branch.actor(Role.ACCOUNTANT), number, "数量开错")
    assert (voided.number, voided.status, voided.void_reason) == (number, "voided", "数量开错")
    with pytest.raises(Conflict):
        void_slip(branch.db, branch.actor(Role.BRANCH_GM), number, "再次")
    assert len(audits(branch, "slip_voided")) == 1
    # The goods are still out: the note counts again until a corrected slip is issued …
    second = ready_note(shop, amount="200.00")
    assert preview_release(branch.db, cashier, second).exposure == Decimal("900.00")
    corrected = deliver(shop, note_id, {1: 100})  # 100 × 5.00 … of 180 ordered
    assert corrected.slip_numbers == (number, "SH-CS-2026-000002")
    decision = preview_release(branch.db, cashier, second)
    assert decision.exposure == Decimal("500.00")  # within the limit again; still owed
    assert decision.codes == ("release.previous_unpaid",)
    with pytest.raises(Conflict):  # one live slip per note
        deliver(shop, note_id)


def test_copy3_returned_and_missing_list(branch: Branch) -> None:
    shop = make_shop(branch)
    old = slip_for(shop)
    with branch.db.write() as s:  # issued ten days ago
        slip = s.execute(select(Slip).where(Slip.number == old)).scalar_one()
        slip.issue_date = TODAY - timedelta(days=10)
    new = slip_for(shop)
    acc = branch.actor(Role.ACCOUNTANT)
    missing = slips_missing_copy3(branch.db, acc)  # default 7 days
    assert [r.number for r in missing] == [old]
    assert [r.number for r in slips_missing_copy3(branch.db, acc, 0)] == [old, new]
    with branch.db.write() as s:
        put_setting(s, "slip.copy3_overdue_days", 11)
    assert slips_missing_copy3(branch.db, acc) == []
    with pytest.raises(Forbidden):
        record_copy3_returned(branch.db, branch.actor(Role.CASHIER), old)
    view = record_copy3_returned(branch.db, acc, old)
    assert view.copy3_returned_at is not None
    with pytest.raises(Conflict):
        record_copy3_returned(branch.db, acc, old)
    assert [r.number for r in list_slips(branch.db, acc, missing_copy3=True)] == [new]
    assert len(audits(branch, "slip_copy3_returned")) == 1


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def test_print_reprint_and_a_failed_print_that_is_retried(branch: Branch) -> None:
    shop = make_shop(branch)
    number = slip_for(shop)
    rep = branch.actor(Role.SALES_REP)
    spooler = RecordingSpooler()
    first = printers.print_slip(branch.db, rep, number, spooler=spooler)
    assert first.ok and (first.print_count, first.reprint_count, first.reprint) == (1, 0, False)
    assert first.profile == "普通纸A4" and first.job_id == "fake-1"
    pdf, queue, paper, title = spooler.jobs[0]
    assert (queue, paper, title) == (None, "A4", number)
    assert number in pdf_text(pdf) and "补印" not in pdf_text(pdf)

    spooler.fail = PrintFailed(
        "queue_disabled", queue="slips", reason="（缺纸）", detail="paper out"
    )
    failed = printers.print_slip(branch.db, rep, number, spooler=spooler)
    assert not failed.ok and failed.outcome == "failed"
    # the user's words; the spooler's own (English) words only in the audit record
    assert failed.error is not None and "缺纸" in failed.error and "paper out" not in failed.error
    assert (failed.print_count, failed.reprint_count) == (1, 0)  # nothing counted
    spooler.fail = OSError("lp: broken pipe")
    broken = printers.print_slip(branch.db, rep, number, spooler=spooler).error
    assert broken == "无法把文档交给打印服务，请检查打印机后重试"
    details = [a.detail or "" for a in audits(branch, "slip_print_failed")]
    assert any("paper out" in d for d in details) and any("broken pipe" in d for d in details)

    spooler.fail = None
    again = printers.print_slip(branch.db, rep, number, spooler=spooler)
    assert again.ok and again.reprint and (again.print_count, again.reprint_count) == (2, 1)
    assert "第1次补印" in pdf_text(spooler.jobs[1][0])
    assert get_slip(branch.db, rep, number).reprint_count == 1
    # No number was ever taken by printing: still one slip, same number.
    assert count(branch, Slip) == 1
    with branch.db.read() as s:
        outcomes = [
            p.outcome for p in s.execute(select(SlipPrint).order_by(SlipPrint.printed_at)).scalars()
        ]
    assert outcomes == ["printed", "failed", "failed", "printed"]
    assert len(audits(branch, "slip_printed")) == 2
    assert len(audits(branch, "slip_print_failed")) == 2
    with pytest.raises(Forbidden):
        printers.print_slip(branch.db, branch.actor(Role.DRIVER), number, spooler=spooler)


def test_saved_pdf_is_counted_as_a_copy(branch: Branch) -> None:
    shop = make_shop(branch)
    number = slip_for(shop)
    acc = branch.actor(Role.ACCOUNTANT)
    first = printers.slip_pdf_bytes(branch.db, acc, number)
    assert first.startswith(b"%PDF") and "补印" not in pdf_text(first)
    second = printers.slip_pdf_bytes(branch.db, acc, number, "针式四联241×139.7")
    assert "第1次补印" in pdf_text(second)
    assert len(PdfReader(BytesIO(second)).pages) == 1  # multi-part form: one pass
    view = get_slip(branch.db, acc, number)
    assert (view.print_count, view.reprint_count) == (2, 1)
    assert len(audits(branch, "slip_pdf_saved")) == 2
    with pytest.raises(NotFound):
        printers.slip_pdf_bytes(branch.db, acc, number, "不存在的打印机")


def test_saving_a_pdf_needs_the_permission_to_print(branch: Branch) -> None:
    """Issue 11 §6: a saved PDF counts as a copy and prints anywhere, yet it was open to every
    role that sees slips while printing was limited to four: one permission for both."""
    shop = make_shop(branch)
    number = slip_for(shop)
    spooler = RecordingSpooler()
    for role in (Role.SALES_MANAGER, Role.BRANCH_GM, Role.MARKETING_HEAD, Role.ADMIN):
        assert get_slip(branch.db, branch.actor(role), number).number == number  # may see it
        with pytest.raises(Forbidden) as info:
            printers.slip_pdf_bytes(branch.db, branch.actor(role), number)
        assert "打印单据" in info.value.message
        with pytest.raises(Forbidden):
            printers.print_slip(branch.db, branch.actor(role), number, spooler=spooler)
    assert get_slip(branch.db, branch.actor(Role.CLERK), number).print_count == 0
    for role in (Role.SALES_REP, Role.CASHIER, Role.ACCOUNTANT, Role.CLERK):
        assert printers.slip_pdf_bytes(branch.db, branch.actor(role), number).startswith(b"%PDF")
    assert get_slip(branch.db, branch.actor(Role.CLERK), number).print_count == 4


def test_printer_profiles(branch: Branch) -> None:
    acc = branch.actor(Role.ACCOUNTANT)
    profiles = printers.list_profiles(branch.db, acc)
    assert profiles[0].name == "普通纸A4" and profiles[0].is_default
    assert {p.paper for p in profiles} == {"A4", "A5", "241x93.1", "241x139.7", "241x279.4"}
    admin = branch.actor(Role.ADMIN)
    mine = PrinterProfileView("仓库针打", "multipart", "241x139.7", 1.5, -2.0, "epson-lq", True)
    with pytest.raises(Forbidden):
        printers.save_profile(branch.db, acc, mine)
    assert printers.save_profile(branch.db, admin, mine) == mine
    assert printers.get_profile(branch.db, acc).name == "仓库针打"  # the new default
    assert sum(p.is_default for p in printers.list_profiles(branch.db, acc)) == 1
    with pytest.raises(ValidationFailed):
        printers.save_profile(
            branch.db, admin, PrinterProfileView("坏的", "plain", "B5", 0.0, 0.0, None, False)
        )
    with pytest.raises(ValidationFailed):
        printers.save_profile(
            branch.db, admin, PrinterProfileView("偏太多", "plain", "A4", 99.0, 0.0, None, False)
        )
    printers.delete_profile(branch.db, admin, "仓库针打")
    assert printers.get_profile(branch.db, acc).name != "仓库针打"


IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="module")
def cups() -> Iterator[PrivateCups]:
    if not cups_available():
        if IN_CI:
            pytest.fail("CUPS is not installed: CI must run the print test")
        pytest.skip("CUPS is not installed (apt-get install cups cups-client)")
    server = PrivateCups()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_print_to_a_real_cups_queue(branch: Branch, cups: PrivateCups) -> None:
    queue = f"kehu-slips-{uuid.uuid4().hex[:6]}"
    out = cups.add_queue(queue)
    admin = branch.actor(Role.ADMIN)
    printers.save_profile(
        branch.db, admin, PrinterProfileView("测试队列", "plain", "A4", 0.0, 0.0, queue, False)
    )
    number = slip_for(make_shop(branch))
    rep = branch.actor(Role.SALES_REP)
    spooler = CupsSpooler(cups.server)
    cups.run("cupsdisable", "-r", "paper out", queue)
    failed = printers.print_slip(branch.db, rep, number, "测试队列", spooler=spooler)
    assert not failed.ok and failed.error is not None and queue in failed.error
    cups.run("cupsenable", queue)
    done = printers.print_slip(branch.db, rep, number, "测试队列", spooler=spooler)
    assert done.ok and done.job_id is not None and done.job_id.startswith(queue)
    assert wait_for(lambda: out.exists() and out.read_bytes().rstrip().endswith(b"%%EOF"))
    received = PdfReader(BytesIO(out.read_bytes()))
    assert len(received.pages) == 4  # plain paper: the four copies
    assert number in received.pages[0].extract_text()
    assert (done.print_count, done.reprint_count) == (1, 0)


# --------------------------------------------------------------------------------------------
# `kehu slip`
# --------------------------------------------------------------------------------------------


def run_cli(branch: Branch, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kehu")
    parser.add_argument("--database")
    slips_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["--database", branch.db.url, *argv])
    return int(args.handler(args))


def test_cli_list_and_pdf(
    branch: Branch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shop = make_shop(branch)
    cs = slip_for(shop)
    ds = slip_for(shop, "cash", "50.00")
    record_copy3_returned(branch.db, branch.actor(Role.ACCOUNTANT), ds)
    capsys.readouterr()
    assert run_cli(branch, "slip", "list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "number": cs,
            "kind": "credit_sale",
            "customer": "上海康健医药有限公司",
            "total": "125.00",
            "status": "issued",
            "issue_date": TODAY.isoformat(),
            "due_date": (TODAY + timedelta(days=30)).isoformat(),
            "dispatch_note": "SH-DN-2026-000001",
            "print_count": 0,
            "reprint_count": 0,
            "copy3_returned": False,
        },
        {
            "number": ds,
            "kind": "delivery",
            "customer": "上海康健医药有限公司",
            "total": "50.00",
            "status": "issued",
            "issue_date": TODAY.isoformat(),
            "due_date": None,
            "dispatch_note": "SH-DN-2026-000002",
            "print_count": 0,
            "reprint_count": 0,
            "copy3_returned": True,
        },
    ]
    assert run_cli(branch, "slip", "list", "--json", "--kind", "delivery") == 0
    assert [r["number"] for r in json.loads(capsys.readouterr().out)] == [ds]
    assert run_cli(branch, "slip", "list", "--json", "--status", "voided") == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run_cli(branch, "slip", "list") == 0
    assert cs in capsys.readouterr().out

    target = tmp_path / "slip.pdf"
    # The local administrator may not make copies (issue 11: saving is printing) ...
    with pytest.raises(Forbidden):
        run_cli(branch, "slip", "pdf", cs, "-o", str(target))
    # ... an accountant may, the password on standard input.
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    argv = ("slip", "pdf", cs, "-o", str(target), "--profile", "普通纸A5", "--user", "accountant")
    assert run_cli(branch, *argv, "--password-stdin") == 0
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and cs in pdf_text(data)
    assert len(PdfReader(BytesIO(data)).pages) == 4
    assert get_slip(branch.db, branch.actor(Role.ACCOUNTANT), cs).print_count == 1
    saved = audits(branch, "slip_pdf_saved")[0]
    assert saved.username == "accountant" and saved.origin == os_origin()
    assert date.fromisoformat(rows[0]["issue_date"]) == TODAY


def test_a_prepayment_pays_the_new_slip_at_once(branch: Branch) -> None:
    from kehu_desktop.services.payments import PaymentInput
    from kehu_desktop.services.payments import record_payment

    shop = make_shop(branch)
    record_payment(
        branch.db,
        branch.actor(Role.CASHIER),
        PaymentInput(shop.customer_id, "cash", "100.00", TODAY),
    )
    number = slip_for(shop, amount="125.00")
    decision = preview_release(
        branch.db, branch.actor(Role.CASHIER), ready_note(shop, amount="50.00")
    )
    assert decision.position is not None
    assert [(i.number, i.amount) for i in decision.position.exposure.items] == [
        (number, Decimal("25.00"))
    ]
    assert len(audits(branch, "payment_credit_allocated")) == 1
