"""Printing a slip through a real, private CUPS scheduler whose queues write to files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from kehu_desktop.domain.messages import set_language
from kehu_desktop.printing import spool
from kehu_desktop.printing.slips import slip_pdf
from kehu_desktop.printing.spool import CupsSpooler
from kehu_desktop.printing.spool import PrintFailed
from kehu_desktop.printing.spool import job_state
from kehu_desktop.printing.spool import print_pdf_cups
from tests.cups_helpers import PrivateCups
from tests.cups_helpers import cups_available
from tests.cups_helpers import wait_for
from tests.test_slip_pdf import cash_slip
from tests.test_slip_pdf import credit_slip
from tests.test_slip_pdf import profile

IN_CI = os.environ.get("CI", "").lower() == "true"


def _require_cups() -> None:
    if not cups_available():
        if IN_CI:
            pytest.fail("CUPS (cupsd, lp, lpadmin) is not installed: CI must run the print test")
        pytest.skip("CUPS is not installed (apt-get install cups cups-client)")


@pytest.fixture(scope="module")
def cups() -> Iterator[PrivateCups]:
    _require_cups()
    server = PrivateCups()
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _printed(path: Path, job: str, server: str) -> PdfReader:
    assert wait_for(lambda: job_state(job, server) in ("completed", "aborted", "canceled"))
    assert job_state(job, server) == "completed"
    assert wait_for(lambda: path.exists() and path.read_bytes().rstrip().endswith(b"%%EOF"))
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    return PdfReader(BytesIO(data))


def test_a_slip_reaches_the_printer(cups: PrivateCups) -> None:
    out = cups.add_queue("kehu-test")
    slip = credit_slip()
    pdf = slip_pdf(slip, profile("plain", "241x93.1"))
    sent = PdfReader(BytesIO(pdf))
    job = print_pdf_cups(
        pdf, queue="kehu-test", paper="241x93.1", title=f"赊销单 {slip.number}", server=cups.server
    )
    assert re.fullmatch(r"kehu-test-\d+", job)
    received = _printed(out, job, cups.server)
    assert len(received.pages) == len(sent.pages) == 8
    first = received.pages[0]
    # the media option reached the queue: the 241 x 93.1 mm page survived the filter
    assert float(first.mediabox.width) == pytest.approx(241 * mm, abs=1.5)
    assert float(first.mediabox.height) == pytest.approx(93.1 * mm, abs=1.5)
    assert slip.number in first.extract_text()


def test_the_default_queue_is_used_when_the_profile_names_none(cups: PrivateCups) -> None:
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(
            slip_pdf(cash_slip(), profile()),
            queue=None,
            paper="A4",
            title="送货单",
            server=cups.server,
        )
    assert failure.value.code == "no_default_queue"
    assert "默认打印机" in failure.value.message

    out = cups.add_queue("kehu-default")
    cups.run("lpadmin", "-d", "kehu-default")
    spooler = CupsSpooler(cups.server)
    job = spooler.print_pdf(
        slip_pdf(cash_slip(), profile()), queue=None, paper="A4", title="送货单"
    )
    assert job.startswith("kehu-default-")
    assert len(_printed(out, job, cups.server).pages) == 4
    assert spooler.job_state(job) == "completed"


def test_a_disabled_queue_is_refused_before_sending(cups: PrivateCups) -> None:
    cups.add_queue("kehu-off")
    cups.run("cupsdisable", "-r", "paper out", "kehu-off")
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(
            slip_pdf(cash_slip(), profile()),
            queue="kehu-off",
            paper="A4",
            title="送货单",
            server=cups.server,
        )
    assert failure.value.code == "queue_disabled"
    assert "打印机“kehu-off”已停用" in failure.value.message
    # An English reason (CUPS's "Paused", a backend's words, or this one) is for the log only;
    # a reason the administrator wrote in Chinese is for the users and is shown.
    assert "paper out" not in failure.value.message and "paper out" in failure.value.detail
    cups.run("cupsdisable", "-r", "缺纸，请装纸", "kehu-off")
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(
            slip_pdf(cash_slip(), profile()),
            queue="kehu-off",
            paper="A4",
            title="送货单",
            server=cups.server,
        )
    assert (
        failure.value.message
        == "打印机“kehu-off”已停用（脱机）（缺纸，请装纸），请在打印机恢复后重试"
    )
    assert cups.run("lpstat", "-o", "kehu-off", check=False).stdout.strip() == ""


def test_a_queue_rejecting_jobs_is_refused(cups: PrivateCups) -> None:
    cups.add_queue("kehu-reject")
    cups.run("cupsreject", "kehu-reject")
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(
            slip_pdf(cash_slip(), profile()),
            queue="kehu-reject",
            paper="A4",
            title="送货单",
            server=cups.server,
        )
    assert failure.value.code == "queue_rejecting"
    assert "不接受" in failure.value.message


def test_a_missing_queue_is_refused_in_the_users_language(cups: PrivateCups) -> None:
    pdf = slip_pdf(cash_slip(), profile())
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(pdf, queue="no-such-queue", paper="A4", title="送货单", server=cups.server)
    assert failure.value.message == "打印队列“no-such-queue”不存在，请检查打印机配置"
    assert "no-such-queue" in failure.value.detail
    set_language("en")
    try:
        assert "does not exist" in failure.value.message
    finally:
        set_language("zh_CN")


def test_unknown_jobs_have_an_unknown_state(cups: PrivateCups) -> None:
    assert job_state("kehu-test-99999", cups.server) == "unknown"


def test_a_scheduler_that_is_not_running_is_reported(tmp_path: Path) -> None:
    _require_cups()
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(
            b"%PDF-1.4\n", queue="x", paper="A4", title="x", server=str(tmp_path / "none.sock")
        )
    assert failure.value.code == "cups_not_running"
    assert "未运行" in failure.value.message


def test_missing_lp_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrintFailed) as failure:
        print_pdf_cups(b"%PDF-1.4\n", queue="x", paper="A4", title="x")
    assert failure.value.code == "cups_missing"
    assert "CUPS" in failure.value.message


def test_bad_arguments_are_refused_before_any_command_runs() -> None:
    with pytest.raises(ValueError):
        print_pdf_cups(b"%PDF-1.4\n", queue="x", paper="Letter", title="x")
    with pytest.raises(ValueError):
        print_pdf_cups(b"%PDF-1.4\n", queue="x", paper="A4", title="x", copies=0)
    with pytest.raises(ValueError):
        print_pdf_cups(b"not a pdf", queue="x", paper="A4", title="x")


def test_paper_and_offline_alerts_become_user_words() -> None:
    # What `lpstat -l -p` prints on its "Alerts:" line (printer-state-reasons).
    assert spool._problems("media-empty-error offline-report toner-low-warning") == ["缺纸", "离线"]
    assert spool._problems("none") == []
    assert spool._problems("paused") == []  # a paused queue is reported as disabled instead


def test_the_private_scheduler_says_why_it_does_not_start() -> None:
    """When cupsd refuses its config (as a CUPS security update once did with a bare
    ``Printcap``), the failure quotes cupsd: an unknown directive is refused by every CUPS 2.4."""
    _require_cups()
    server = PrivateCups()
    try:
        with pytest.raises(RuntimeError) as refused:
            server.start(extra_files_conf="KehuNoSuchDirective yes\n")
        message = str(refused.value)
        assert "refused to start" in message
        assert "KehuNoSuchDirective" in message  # cupsd's own words name the bad line
        assert "cups-files.conf" in message
    finally:
        server.stop()
