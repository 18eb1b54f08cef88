"""First run, on a database without users: open the demo branch, or set up the real one."""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCommandLinkButton
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QPlainTextEdit
from PySide6.QtWidgets import QProgressBar
from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QStackedWidget
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import FieldError
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import set_up_branch
from kehu_desktop.services.slips import SellerInput
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.errors import FieldErrors
from kehu_desktop.views.kit.errors import show_error
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.worker import DbWorker

DEMO_MODULE = "kehu_desktop.demo"


def demo_available() -> bool:
    return importlib.util.find_spec(DEMO_MODULE) is not None


def parse_market_offices(text: str) -> list[tuple[str, str]]:
    """One market office a line: ``PD 浦东市场部`` (code, then name) or just a name, which gets
    a numbered code. Blank lines are skipped."""
    offices: list[tuple[str, str]] = []
    for line in text.splitlines():
        parts = line.strip().split(maxsplit=1)
        if not parts:
            continue
        if len(parts) == 2 and parts[0].isascii() and parts[0].isalnum():
            offices.append((parts[0].upper(), parts[1].strip()))
        else:
            offices.append((f"M{len(offices) + 1:02d}", line.strip()))
    return offices


class FirstRunDialog(QDialog):
    """Two ways to start. ``outcome`` is "demo" or "branch" once accepted; ``demo_info`` holds
    what the demo service returned (its users and password hint are shown at sign-in)."""

    branchSetUp = Signal(object)  # the new branch's id
    demoCreated = Signal(object)  # services.demo.DemoInfo

    def __init__(self, db: Database, worker: DbWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._worker = worker
        self.outcome: str | None = None
        self.demo_info: Any = None
        self._cancel: threading.Event | None = None  # set: the demo being built stops
        self._progress: tuple[int, int] = (0, 0)  # written by the worker, read by a timer
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(200)
        self._progress_timer.timeout.connect(self._show_progress)
        self.setWindowTitle(self.tr("Welcome to Kehu"))
        self.setMinimumWidth(560)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._choice_page())
        self.pages.addWidget(self._setup_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # --- page 1: the choice --------------------------------------------------------------------

    def _choice_page(self) -> QWidget:
        page = QWidget(self)
        title = QLabel(self.tr("Welcome to Kehu customer management"), page)
        font = title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self.tr("This database is empty. How would you like to start?"), page)
        intro.setWordWrap(True)
        self.demo_button = QCommandLinkButton(
            self.tr("Open the demo branch"),
            self.tr(
                "A sample branch with customers and one user for each role, to try the "
                "program out. Nothing in it is real."
            ),
            page,
        )
        self.setup_button = QCommandLinkButton(
            self.tr("Set up my branch"),
            self.tr(
                "Enter your branch and its first administrator. Other users are added "
                "afterwards by the administrator."
            ),
            page,
        )
        if not demo_available():
            self.demo_button.setEnabled(False)
            self.demo_button.setDescription(self.tr("The demo branch is not part of this build."))
        self.busy_label = QLabel(page)
        self.busy_label.setWordWrap(True)
        self.busy_bar = QProgressBar(page)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.cancel_demo_button = push_button(page, self.tr("Stop"), "cancel_demo")
        self.cancel_demo_button.setToolTip(
            self.tr("Stop creating the demo branch; the database stays empty.")
        )
        self.cancel_demo_button.clicked.connect(self.cancel_demo)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.cancel_demo_button.hide()
        progress_row = hbox((self.busy_bar, 1), self.cancel_demo_button)
        quit_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, page)
        quit_box.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.create_demo)
        self.setup_button.clicked.connect(lambda: self.pages.setCurrentIndex(1))
        layout = vbox(title, intro, parent=page)
        layout.addSpacing(8)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.setup_button)
        layout.addWidget(self.busy_label)
        layout.addLayout(progress_row)
        layout.addStretch(1)
        layout.addWidget(quit_box)
        return page

    @property
    def building_demo(self) -> bool:
        return self._cancel is not None

    def create_demo(self) -> None:
        from kehu_desktop import demo  # lazy: the demo may be left out of an install

        if self._cancel is not None:
            return
        cancel = self._cancel = threading.Event()
        self._progress = (0, 0)

        def progress(done: int, steps: int) -> None:  # on the worker: a plain assignment
            self._progress = (done, steps)

        self._set_busy(True, self.tr("Creating the demo branch, please wait…"))
        self.cancel_demo_button.setEnabled(True)
        self.cancel_demo_button.show()
        self._progress_timer.start()
        self._worker.submit(
            demo.create_demo,
            self._db,
            cancel=cancel,
            progress=progress,
            on_done=weak_callback(self._demo_created),
            on_error=weak_callback(self._demo_failed),
        )

    def cancel_demo(self) -> None:
        """Stop the demo being built: the worker discards what it wrote, the database is empty
        again (services.demo.create_demo's ``cancel``)."""
        if self._cancel is None:
            return
        self._cancel.set()
        self.cancel_demo_button.setEnabled(False)
        self.busy_label.setText(self.tr("Stopping; removing what was created…"))

    def _show_progress(self) -> None:
        done, steps = self._progress
        if steps and self._cancel is not None and not self._cancel.is_set():
            self.busy_bar.setRange(0, steps)
            self.busy_bar.setValue(done)

    def _build_ended(self) -> None:
        self._cancel = None
        self._progress_timer.stop()
        self.cancel_demo_button.hide()
        self.busy_bar.setRange(0, 0)

    def _demo_created(self, info: Any) -> None:
        self._build_ended()
        self._set_busy(False)
        self.outcome = "demo"
        self.demo_info = info
        self.demoCreated.emit(info)
        self.accept()

    def _demo_failed(self, exc: Exception) -> None:
        self._build_ended()
        self._set_busy(False)
        if isinstance(exc, KehuError) and exc.code == "demo.cancelled":
            self.busy_label.setText(exc.message)  # a choice, not an error: no message box
            self.busy_label.show()
            return
        show_error(self, exc, self.tr("Open the demo branch"))

    def done(self, result: int) -> None:
        # Closing the dialog (or quitting) while the demo is built cancels the build too; the
        # program waits for the worker to remove it before it ends.
        if result != QDialog.DialogCode.Accepted and self._cancel is not None:
            self._cancel.set()
        super().done(result)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy_label.setText(text)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        for button in (self.demo_button, self.setup_button):
            button.setEnabled(not busy and (button is not self.demo_button or demo_available()))
        if hasattr(self, "submit_button"):
            self.submit_button.setEnabled(not busy)

    # --- page 2: set up a branch ---------------------------------------------------------------

    def _setup_page(self) -> QWidget:
        page = QWidget(self)
        self.errors = FieldErrors()
        self.branch_code = QLineEdit(page)
        self.branch_code.setPlaceholderText(self.tr("e.g. SH (letters or digits)"))
        self.branch_code.setMaxLength(10)
        self.branch_name = QLineEdit(page)
        self.branch_name.setPlaceholderText(self.tr("e.g. Shanghai branch"))
        self.region_name = QLineEdit(page)
        self.region_name.setPlaceholderText(self.tr("e.g. East China region"))
        self.market_offices = QPlainTextEdit(page)
        self.market_offices.setPlaceholderText(
            self.tr("Optional. One per line: code and name, e.g.\nPD Pudong market office")
        )
        self.market_offices.setFixedHeight(self.fontMetrics().height() * 5)
        self.admin_username = QLineEdit(page)
        self.admin_username.setText("admin")
        self.admin_password = QLineEdit(page)
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_password_again = QLineEdit(page)
        self.admin_password_again.setEchoMode(QLineEdit.EchoMode.Password)
        # The branch as the seller at the top of its slips (随货同行单).
        self.company_name = QLineEdit(page)
        self.company_name.setPlaceholderText(self.tr("e.g. 华东康健医药股份有限公司"))
        self.seller_address = QLineEdit(page)
        self.seller_phone = QLineEdit(page)
        self.seller_phone.setPlaceholderText(self.tr("with area code, e.g. 021-56781234"))
        self.licence_no = QLineEdit(page)
        self.licence_no.setPlaceholderText(self.tr("e.g. 沪AA0210001"))

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("branch_code", self.tr("Branch code"), self.branch_code),
            ("branch_name", self.tr("Branch name"), self.branch_name),
            ("region_name", self.tr("Region"), self.region_name),
            ("market_offices", self.tr("Market offices"), self.market_offices),
            ("company_name", self.tr("Company"), self.company_name),
            ("address", self.tr("Branch address"), self.seller_address),
            ("phone", self.tr("Branch phone"), self.seller_phone),
            ("licence_no", self.tr("Drug-trade licence no."), self.licence_no),
            ("admin_username", self.tr("Administrator user name"), self.admin_username),
            ("admin_password", self.tr("Password"), self.admin_password),
            ("admin_password_again", self.tr("Password again"), self.admin_password_again),
        )
        for name, label, widget in rows:
            if name == "company_name":
                seller_note = QLabel(
                    self.tr("Printed on every slip as the seller (随货同行单):"), page
                )
                seller_note.setWordWrap(True)
                form.addRow(seller_note)
            elif name == "admin_username":
                form.addRow(QLabel(self.tr("The first administrator:"), page))
            form.addRow(label, self._with_error(name, widget))
        heading = QLabel(self.tr("Set up my branch"), page)
        font = heading.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        heading.setFont(font)
        buttons = QDialogButtonBox(page)
        self.back_button = QPushButton(self.tr("Back"), page)
        self.submit_button = QPushButton(self.tr("Set up"), page)
        self.submit_button.setDefault(True)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        self.submit_button.clicked.connect(self.submit_setup)
        vbox(heading, form, None, buttons, parent=page)
        return page

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget(widget.parentWidget())
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(self.errors.add(name, FieldErrors.make_label(box)))
        return box

    def branch_setup(self) -> BranchSetup:
        return BranchSetup(
            branch_code=self.branch_code.text().strip(),
            branch_name=self.branch_name.text().strip(),
            region_code="",
            region_name=self.region_name.text().strip(),
            admin_username=self.admin_username.text().strip(),
            admin_password=self.admin_password.text(),
            admin_display_name=self.tr("Administrator"),
            market_offices=parse_market_offices(self.market_offices.toPlainText()),
            seller=SellerInput(
                company_name=self.company_name.text(),
                address=self.seller_address.text(),
                phone=self.seller_phone.text(),
                licence_no=self.licence_no.text(),
            ),
        )

    def submit_setup(self) -> None:
        self.errors.clear()
        code = self.branch_code.text().strip()
        if code and not (code.isascii() and code.isalnum()):
            # The code starts every document number (SH-SL-2026-000123): letters and digits.
            self.errors.set("branch_code", self.tr("Use letters and digits only, e.g. SH."))
            self.branch_code.setFocus()
            return
        if self.admin_password.text() != self.admin_password_again.text():
            self.errors.set("admin_password_again", self.tr("The two passwords differ."))
            self.admin_password_again.setFocus()
            return
        self._set_busy(True)
        self._worker.submit(
            set_up_branch,
            self._db,
            self.branch_setup(),
            on_done=weak_callback(self._branch_set_up),
            on_error=weak_callback(self._setup_failed),
        )

    def _branch_set_up(self, branch_id: object) -> None:
        self._set_busy(False)
        self.outcome = "branch"
        self.branchSetUp.emit(branch_id)
        self.accept()

    def _setup_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationFailed):
            rest: list[FieldError] = self.errors.show(exc.errors)
            if rest:
                show_error(self, ValidationFailed(rest), self.tr("Set up my branch"))
            return
        show_error(self, exc, self.tr("Set up my branch"))

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Enter in a line edit must not close the dialog half-filled.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.pages.currentIndex() == 1:
            self.submit_setup()
            return
        super().keyPressEvent(event)
