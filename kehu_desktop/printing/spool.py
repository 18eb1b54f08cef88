"""Handing a finished PDF to the operating system's spooler.

:class:`Spooler` is the interface the service layer prints through. :class:`CupsSpooler` (Linux,
macOS) drives the CUPS command-line clients: ``lpstat`` to check the queue first, then ``lp``
with the profile's paper as ``media`` and ``print-scaling=none`` (a slip printed at 97 % misses
the boxes of a pre-printed form). The Windows back-end renders the PDF with QtPdf through
``QPrinter`` and therefore lives in the Qt layer (views/), implementing the same protocol.

Printing never allocates a slip number and never changes a slip: a failed print raises
:class:`PrintFailed`, the service records the attempt, and the user retries the same slip.
A queue that is disabled, rejecting jobs, out of paper or offline is refused *before* the job is
sent, because CUPS would otherwise accept the job and leave it waiting silently.

No Qt and no SQLAlchemy here.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import struct
import subprocess
from pathlib import Path
from typing import Any
from typing import Protocol

from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.messages import language
from kehu_desktop.domain.messages import render
from kehu_desktop.printing.paper import cups_media

#: Seconds a CUPS command may take before the print counts as failed.
COMMAND_TIMEOUT = 60.0

# The user's messages are in the catalogue (domain.messages, codes ``print.<code>``); CUPS's own
# English output is kept as :attr:`PrintFailed.detail` only, for the log and the audit record.

# printer-state-reasons (RFC 8011, without -error/-warning/-report) that stop a slip from printing;
# the words are ``print.problem.<reason>`` in the catalogue.
PRINTER_PROBLEMS = (
    "offline",
    "media-empty",
    "media-needed",
    "media-jam",
    "cover-open",
    "door-open",
    "toner-empty",
    "marker-supply-empty",
    "shutdown",
)

# IPP job-state enum (RFC 8011 §5.3.7).
JOB_STATES = {
    3: "pending",
    4: "held",
    5: "processing",
    6: "stopped",
    7: "canceled",
    8: "aborted",
    9: "completed",
}


class PrintFailed(KehuError):
    """A print job could not be handed to the printer. ``message`` is for the user, in their
    language, from the catalogue (``print.<code>``); ``detail`` is the spooler's own output
    (CUPS speaks English), for the log and the audit record, never for the user."""

    def __init__(self, code: str, *, detail: str = "", **params: Any) -> None:
        super().__init__(code, **params)
        self.detail = detail

    @property
    def message(self) -> str:
        return render(f"print.{self.code}", **self.params)


class Spooler(Protocol):
    """Sends a PDF to a printer queue and returns the spooler's job id; raises PrintFailed."""

    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str: ...


class CupsSpooler:
    """:class:`Spooler` over CUPS. ``server`` is a ``host[:port]`` or a domain-socket path
    (``lp -h``); ``None`` uses the machine's CUPS configuration."""

    def __init__(self, server: str | None = None) -> None:
        self.server = server

    def print_pdf(
        self, pdf: bytes, *, queue: str | None, paper: str, title: str, copies: int = 1
    ) -> str:
        return print_pdf_cups(
            pdf, queue=queue, paper=paper, title=title, copies=copies, server=self.server
        )

    def job_state(self, job_id: str) -> str:
        return job_state(job_id, self.server)


def print_pdf_cups(
    pdf: bytes,
    *,
    queue: str | None,
    paper: str,
    title: str,
    copies: int = 1,
    server: str | None = None,
) -> str:
    """Print ``pdf`` on CUPS ``queue`` (``None``: the default destination) and return the job id
    (e.g. ``kehu-test-12``). Raises :class:`PrintFailed` when ``lp``/``lpstat`` are missing, the
    scheduler is down, the queue does not exist, is disabled, rejects jobs or reports a paper or
    offline problem, or when ``lp`` fails. ``ValueError`` for an unknown paper or copies < 1."""
    media = cups_media(paper)
    if copies < 1:
        raise ValueError(f"copies must be at least 1, got {copies}")
    if not pdf.startswith(b"%PDF"):
        raise ValueError("not a PDF document")
    queue = _check_queue(queue, server)
    result = _run(
        [
            "lp",
            "-d",
            queue,
            "-n",
            str(copies),
            "-t",
            title,
            "-o",
            f"media={media}",
            "-o",
            "print-scaling=none",
            "-",
        ],
        server,
        stdin=pdf,
    )
    if result.returncode != 0:
        raise _lp_error(result.stderr, queue)
    match = re.search(r"request id is (\S+)", result.stdout)
    if not match:
        output = (result.stdout + result.stderr).strip()
        raise PrintFailed("lp_failed", detail=output or "lp")
    return match.group(1)


def job_state(job_id: str, server: str | None = None) -> str:
    """The IPP state of a CUPS job: pending, held, processing, stopped, canceled, aborted,
    completed, or ``unknown`` when CUPS no longer knows the job. ``job_id`` as returned by
    :func:`print_pdf_cups`. Raises :class:`PrintFailed` when the scheduler cannot be reached."""
    number = int(job_id.rsplit("-", 1)[-1])
    try:
        status, attributes = _ipp_get_job_attributes(number, server)
    except OSError as error:
        raise PrintFailed("cups_not_running", detail=str(error)) from error
    if status >= 0x0400:  # client-error-not-found and friends
        return "unknown"
    state = attributes.get("job-state")
    return JOB_STATES.get(state, "unknown") if isinstance(state, int) else "unknown"


def _run(
    args: list[str], server: str | None, *, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    command = shutil.which(args[0])
    if command is None:
        raise PrintFailed("cups_missing", command=args[0])
    full = [command, *(["-h", server] if server else []), *args[1:]]
    # English, UTF-8 output so the messages can be parsed and the title passes through intact.
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        completed = subprocess.run(
            full, input=stdin, capture_output=True, env=env, timeout=COMMAND_TIMEOUT
        )
    except subprocess.TimeoutExpired as error:
        raise PrintFailed("timeout", seconds=COMMAND_TIMEOUT, detail=str(error)) from error
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )


def _check_queue(queue: str | None, server: str | None) -> str:
    """Resolve the default queue and refuse one that would not print now; return its name."""
    running = _run(["lpstat", "-r"], server)
    if "not running" in running.stdout or running.returncode != 0:
        raise PrintFailed("cups_not_running", detail=running.stdout + running.stderr)
    if queue is None:
        default = _run(["lpstat", "-d"], server)
        match = re.search(r"system default destination:\s*(\S+)", default.stdout)
        if not match:
            raise PrintFailed("no_default_queue", detail=default.stdout + default.stderr)
        queue = match.group(1)
    status = _run(["lpstat", "-l", "-p", queue], server)
    if status.returncode != 0 or not status.stdout.startswith("printer "):
        raise PrintFailed("queue_missing", queue=queue, detail=status.stderr)
    first, _, rest = status.stdout.partition("\n")
    if " disabled since " in first:
        raise PrintFailed("queue_disabled", queue=queue, reason=_reason(rest), detail=status.stdout)
    alerts = re.search(r"^\s*Alerts:\s*(.*)$", rest, re.MULTILINE)
    problems = _problems(alerts.group(1) if alerts else "")
    if problems:
        raise PrintFailed(
            "printer_alert", queue=queue, problem="、".join(problems), detail=status.stdout
        )
    accepting = _run(["lpstat", "-a", queue], server)
    if accepting.returncode != 0 or "not accepting" in accepting.stdout:
        raise PrintFailed(
            "queue_rejecting",
            queue=queue,
            reason=_reason(accepting.stdout.partition("\n")[2]),
            detail=accepting.stdout + accepting.stderr,
        )
    return queue


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _reason(text: str) -> str:
    """The administrator's reason (the indented line lpstat prints), as "（…）" or "".

    Only a reason written in Chinese is shown: that is an administrator's note for the users
    (``cupsdisable -r "缺纸，请装纸"``). CUPS's own defaults ("Paused", "Rejecting Jobs") and a
    backend's English stay in the detail."""
    line = text.split("\n", 1)[0].strip()
    if not line or line.endswith(":") or line.startswith(("Form mounted", "Alerts")):
        return ""
    if not _CHINESE.search(line):
        return ""
    return f"（{line}）" if language() != "en" else f" ({line})"


def _problems(alerts: str) -> list[str]:
    """User words for the printer-state-reasons that prevent printing (warnings are ignored)."""
    found: list[str] = []
    for keyword in alerts.split():
        base = re.sub(r"-(error|report)$", "", keyword)
        if keyword.endswith("-warning") or base not in PRINTER_PROBLEMS:
            continue
        word = render(f"print.problem.{base}")
        if word not in found:
            found.append(word)
    return found


def _lp_error(stderr: str, queue: str) -> PrintFailed:
    text = stderr.strip()
    if "does not exist" in text or "Invalid destination" in text:
        return PrintFailed("queue_missing", queue=queue, detail=text)
    if "not accepting" in text:
        return PrintFailed("queue_rejecting", queue=queue, reason="", detail=text)
    if "Unable to connect" in text or "Connection refused" in text:
        return PrintFailed("cups_not_running", detail=text)
    return PrintFailed("lp_failed", detail=text or "lp")


# --- a minimal IPP client for Get-Job-Attributes (lpstat cannot tell completed from aborted) ---


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self._path)
        self.sock = sock


def _connection(server: str | None) -> http.client.HTTPConnection:
    server = server or os.environ.get("CUPS_SERVER") or ""
    if not server and Path("/run/cups/cups.sock").exists():
        server = "/run/cups/cups.sock"
    if server.startswith("/"):
        return _UnixHTTPConnection(server, COMMAND_TIMEOUT)
    host, _, port = (server or "localhost").partition(":")
    return http.client.HTTPConnection(host, int(port or 631), timeout=COMMAND_TIMEOUT)


def _attribute(tag: int, name: str, value: bytes) -> bytes:
    encoded = name.encode()
    return struct.pack(">BH", tag, len(encoded)) + encoded + struct.pack(">H", len(value)) + value


def _ipp_get_job_attributes(job: int, server: str | None) -> tuple[int, dict[str, object]]:
    """Send Get-Job-Attributes for job ``job``; return (status code, {name: first value})."""
    body = (
        struct.pack(">BBHI", 2, 0, 0x0009, 1)
        + b"\x01"
        + _attribute(0x47, "attributes-charset", b"utf-8")
        + _attribute(0x48, "attributes-natural-language", b"en")
        + _attribute(0x45, "job-uri", f"ipp://localhost/jobs/{job}".encode())
        + _attribute(0x42, "requesting-user-name", os.environ.get("USER", "kehu").encode())
        + _attribute(0x44, "requested-attributes", b"job-state")
        + _attribute(0x44, "", b"job-state-reasons")
        + b"\x03"
    )
    connection = _connection(server)
    try:
        connection.request("POST", "/jobs/", body, {"Content-Type": "application/ipp"})
        data = connection.getresponse().read()
    finally:
        connection.close()
    if len(data) < 8:
        raise OSError("short IPP response")
    status = struct.unpack(">H", data[2:4])[0]
    attributes: dict[str, object] = {}
    offset, name = 8, ""
    while offset < len(data):
        tag = data[offset]
        offset += 1
        if tag == 0x03:
            break
        if tag < 0x10:  # a new attribute group
            continue
        (name_length,) = struct.unpack(">H", data[offset : offset + 2])
        name = data[offset + 2 : offset + 2 + name_length].decode() or name
        offset += 2 + name_length
        (value_length,) = struct.unpack(">H", data[offset : offset + 2])
        value = data[offset + 2 : offset + 2 + value_length]
        offset += 2 + value_length
        if name not in attributes:
            attributes[name] = (
                struct.unpack(">i", value)[0] if tag in (0x21, 0x23) and len(value) == 4 else value
            )
    return status, attributes
