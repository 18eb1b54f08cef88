"""A private CUPS scheduler for tests: its own config, spool, logs and socket in a temp folder.

Never the machine's cupsd: the test starts ``cupsd -f`` with its own ``cupsd.conf`` and
``cups-files.conf``, listening only on a domain socket inside the temp folder, with no
authentication, and adds queues whose device is a file (``FileDevice Yes``).

Why the queues use :data:`PDF_SINK_PPD` and not ``-m raw``: in CUPS 2.4 a raw queue pointing at
a ``file:`` URI runs no filter and no backend, so the job "completes" and the file is never
written. With this PPD the only filter is ``pdftopdf`` (cups-filters, a dependency of the
``cups`` package), whose output, a PDF, is written to the device file by the scheduler itself
(as the scheduler's user, so the output folder needs no special permissions). The device file is
created empty before the queue is added: newer CUPS builds write only to a file that exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PDF_SINK_PPD = """*PPD-Adobe: "4.3"
*FormatVersion: "4.3"
*FileVersion: "1.0"
*LanguageVersion: English
*LanguageEncoding: ISOLatin1
*PCFileName: "KEHUSINK.PPD"
*Manufacturer: "kehu"
*Product: "(kehu test PDF sink)"
*ModelName: "kehu test PDF sink"
*ShortNickName: "kehu test PDF sink"
*NickName: "kehu test PDF sink"
*PSVersion: "(3010.000) 0"
*LanguageLevel: "3"
*ColorDevice: False
*DefaultColorSpace: Gray
*FileSystem: False
*Throughput: "1"
*LandscapeOrientation: Plus90
*TTRasterizer: Type42
*cupsFilter2: "application/vnd.cups-pdf application/pdf 0 -"
*OpenUI *PageSize/Media Size: PickOne
*OrderDependency: 10 AnySetup *PageSize
*DefaultPageSize: A4
*PageSize A4/A4: "<</PageSize[595 842]>>setpagedevice"
*PageSize A5/A5: "<</PageSize[420 595]>>setpagedevice"
*CloseUI: *PageSize
*OpenUI *PageRegion: PickOne
*OrderDependency: 10 AnySetup *PageRegion
*DefaultPageRegion: A4
*PageRegion A4/A4: "<</PageSize[595 842]>>setpagedevice"
*PageRegion A5/A5: "<</PageSize[420 595]>>setpagedevice"
*CloseUI: *PageRegion
*DefaultImageableArea: A4
*ImageableArea A4/A4: "0 0 595 842"
*ImageableArea A5/A5: "0 0 420 595"
*DefaultPaperDimension: A4
*PaperDimension A4/A4: "595 842"
*PaperDimension A5/A5: "420 595"
*VariablePaperSize: True
*MaxMediaWidth: "1000"
*MaxMediaHeight: "10000"
*HWMargins: 0 0 0 0
*CustomPageSize True: "pop pop pop <</PageSize[5 -2 roll]/ImagingBBox null>>setpagedevice"
*ParamCustomPageSize Width: 1 points 36 1000
*ParamCustomPageSize Height: 2 points 36 10000
*ParamCustomPageSize WidthOffset: 3 points 0 0
*ParamCustomPageSize HeightOffset: 4 points 0 0
*ParamCustomPageSize Orientation: 5 int 0 0
"""

CUPSD_CONF = """LogLevel info
Listen {socket}
Browsing No
BrowseLocalProtocols none
DefaultAuthType None
WebInterface No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
"""

# ``Printcap`` names a file in the private folder: a bare ``Printcap`` line (meant as "none") is an
# error since Debian's cups 2.4.2-3+deb12u10 ("Missing value for Printcap"), and a path works on
# every CUPS 2.4. cupsd writes the queue list there; nobody reads it.
CUPS_FILES_CONF = """ServerRoot {root}
RequestRoot {root}/spool
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
FileDevice Yes
Printcap {root}/printcap
"""


def tool(name: str) -> str | None:
    """Path of a CUPS program; the admin ones live in /usr/sbin, often not on a user's PATH."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")


def cups_available() -> bool:
    return all(tool(name) for name in ("cupsd", "lp", "lpstat", "lpadmin", "cupsdisable"))


class PrivateCups:
    """Start with :meth:`start`, always :meth:`stop` (it kills cupsd and removes the folder)."""

    def __init__(self) -> None:
        # Short path: a domain socket path must stay under ~100 bytes. Not pytest's tmp_path,
        # whose 0700 parents the scheduler's unprivileged filters could not traverse.
        self.root = Path(tempfile.mkdtemp(prefix="kehu-cups-"))
        self.root.chmod(0o755)
        self.socket = str(self.root / "cups.sock")
        self.out = self.root / "out"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        """What ``lp -h`` takes: here, the socket path."""
        return self.socket

    def start(self, timeout: float = 15.0, *, extra_files_conf: str = "") -> None:
        """Start cupsd; ``extra_files_conf`` lines are appended to cups-files.conf (tests of the
        helper's own failure message use it)."""
        for sub in ("spool", "tmp", "cache", "state", "log", "ppd", "out"):
            (self.root / sub).mkdir()
        (self.root / "tmp").chmod(0o1777)
        (self.root / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket))
        (self.root / "cups-files.conf").write_text(
            CUPS_FILES_CONF.format(root=self.root) + extra_files_conf
        )
        (self.root / "kehu-sink.ppd").write_text(PDF_SINK_PPD)
        self.process = subprocess.Popen(
            [
                tool("cupsd") or "cupsd",
                "-f",
                "-c",
                str(self.root / "cupsd.conf"),
                "-s",
                str(self.root / "cups-files.conf"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env={k: v for k, v in os.environ.items() if k != "CUPS_SERVER"},
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self._refusal())
            probe = self.run("lpstat", "-r", check=False)
            if "scheduler is running" in probe.stdout:
                return
            time.sleep(0.05)
        raise RuntimeError(f"cupsd did not come up in {timeout} s\n{self.error_log()}")

    def add_queue(self, name: str) -> Path:
        """Add an enabled, accepting queue ``name`` printing to the file it returns."""
        target = self.out / f"{name}.pdf"
        # The file must exist: since Debian's cups 2.4.2-3+deb12u10 the scheduler opens a file:
        # device with O_WRONLY|O_EXCL and no O_CREAT (it no longer creates files), while older
        # 2.4 builds create or truncate it. An empty file satisfies both.
        target.touch()
        self.run(
            "lpadmin",
            "-p",
            name,
            "-E",
            "-v",
            f"file://{target}",
            "-P",
            str(self.root / "kehu-sink.ppd"),
        )
        return target

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a CUPS client command against this scheduler."""
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        env.pop("CUPS_SERVER", None)
        return subprocess.run(
            [tool(args[0]) or args[0], "-h", self.server, *args[1:]],
            capture_output=True,
            text=True,
            env=env,
            check=check,
            timeout=30,
        )

    def _refusal(self) -> str:
        """Why cupsd exited, in its own words: what it printed and its error log."""
        assert self.process is not None
        output = self.process.stdout.read().decode(errors="replace") if self.process.stdout else ""
        said = "\n".join(
            line.strip() for line in (output + "\n" + self.error_log()).splitlines() if line.strip()
        )
        return (
            f"the private cupsd ({tool('cupsd') or 'cupsd'}) refused to start, exit status "
            f"{self.process.returncode}; it said:\n{said or '(nothing)'}\n"
            f"config: {self.root / 'cupsd.conf'}, {self.root / 'cups-files.conf'}"
        )

    def error_log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.process is not None and self.process.stdout:
            self.process.stdout.close()
        shutil.rmtree(self.root, ignore_errors=True)


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0, interval: float = 0.05) -> bool:
    """Poll ``predicate()`` until it is true or ``timeout`` seconds pass; return the last result."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return bool(predicate())
        time.sleep(interval)
