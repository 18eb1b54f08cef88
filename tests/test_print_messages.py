"""What a cashier reads when a slip does not print: the catalogue's words in their language,
never CUPS's English (``lp``/``lpstat`` say "scheduler is not running", "Paused", "Invalid
destination name"...), which is kept for the log and the audit record only. Against a real,
private CUPS scheduler: stopped, a missing queue, a disabled queue, a queue rejecting jobs."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from kehu_desktop.domain.messages import set_language
from kehu_desktop.domain.roles import Role
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import SlipPrint
from kehu_desktop.printing.spool import CupsSpooler
from kehu_desktop.services.slips import printers
from tests.cups_helpers import PrivateCups
from tests.cups_helpers import cups_available
from tests.factories import Branch
from tests.factories import make_shop
from tests.test_slips_service import slip_for

IN_CI = os.environ.get("CI", "").lower() == "true"
PROFILE = "前台针式打印机"


@pytest.fixture
def cups() -> Iterator[PrivateCups]:
    """A scheduler of the test's own: one of the cases stops it."""
    if not cups_available():
        if IN_CI:
            pytest.fail("CUPS is not installed: CI must run the print tests")
        pytest.skip("CUPS is not installed (apt-get install cups cups-client)")
    server = PrivateCups()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _english_words(text: str, *names: str) -> list[str]:
    """Latin words in a message other than the names in it (queue, slip number) and the
    product name CUPS."""
    for name in names:
        text = text.replace(name, "")
    return [w for w in re.findall(r"[A-Za-z]+", text) if w != "CUPS"]


def _setup(branch: Branch, cups: PrivateCups, queue: str) -> str:
    printers.save_profile(
        branch.db,
        branch.actor(Role.ADMIN),
        PrinterProfileView(PROFILE, "multipart", "241x93.1", 0.0, 0.0, queue, False),
    )
    return slip_for(make_shop(branch))


@pytest.mark.parametrize(
    ("case", "said_by_cups", "words"),
    [
        ("stopped", "scheduler is not running", "打印服务（CUPS）未运行"),
        ("missing", "Invalid destination", "不存在"),
        ("disabled", "Paused", "已停用"),
        ("rejecting", "Rejecting Jobs", "不接受新的打印任务"),
    ],
)
def test_a_failed_print_says_why_in_chinese_and_keeps_cups_words_as_detail(
    sqlite_branch: Branch, cups: PrivateCups, case: str, said_by_cups: str, words: str
) -> None:
    queue = f"kehu-{case}-{uuid.uuid4().hex[:4]}"
    number = _setup(sqlite_branch, cups, queue if case != "missing" else "no-such-queue")
    if case == "missing":
        queue = "no-such-queue"
    else:
        cups.add_queue(queue)
    if case == "disabled":
        cups.run("cupsdisable", queue)  # CUPS's default reason: "Paused"
    elif case == "rejecting":
        cups.run("cupsreject", queue)  # "Rejecting Jobs"
    elif case == "stopped":
        assert cups.process is not None
        cups.process.terminate()
        cups.process.wait(timeout=10)

    rep = sqlite_branch.actor(Role.SALES_REP)
    outcome = printers.print_slip(
        sqlite_branch.db, rep, number, PROFILE, spooler=CupsSpooler(cups.server)
    )
    assert not outcome.ok and outcome.error is not None and outcome.message is not None
    assert words in outcome.error
    assert said_by_cups not in outcome.message
    assert _english_words(outcome.message, queue, number) == [], outcome.message
    with sqlite_branch.db.read() as s:
        recorded = s.execute(select(SlipPrint.error)).scalar_one()
        audited = s.execute(
            select(AuditRecord.detail).where(AuditRecord.action == "slip_print_failed")
        ).scalar_one()
    assert recorded == outcome.error  # the print history shows the user's words
    assert audited is not None and said_by_cups in audited  # CUPS's own words, for the log
    history = printers.print_history(sqlite_branch.db, rep, number)
    assert [error for *_, error in history] == [outcome.error]

    set_language("en")  # an English user reads English, from the same catalogue
    try:
        again = printers.print_slip(
            sqlite_branch.db, rep, number, PROFILE, spooler=CupsSpooler(cups.server)
        )
        assert again.error is not None and not re.search(r"[\u4e00-\u9fff]", again.error)
    finally:
        set_language("zh_CN")
