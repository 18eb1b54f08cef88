"""The printer profiles of this PC: list, add, edit, calibrate (套打校准).

A profile says which printer (queue), which paper, which mode (plain paper, four captioned
pages / a multi-part form in one pass) and the x/y offsets in mm that move everything printed
(docs/printing.md, "Offsets and the calibration procedure"). The calibration page of the profile
being edited is previewed live and can be printed with the values on screen, before they are
saved, so the user can measure, correct and print again.

Only administrators change and delete profiles (``printer.edit``); everyone else sees them
read-only and may print a calibration page. Loading and saving go through a :class:`ProfileStore`;
:class:`ServiceProfileStore` is the real one (services.printers on the DB worker).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtCore import QTimer
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialog
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QDoubleSpinBox
from PySide6.QtWidgets import QFormLayout
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QListWidget
from PySide6.QtWidgets import QListWidgetItem
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QSplitter
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.dto import PrinterProfileView
from kehu_desktop.printing.calibration import calibration_pdf
from kehu_desktop.printing.paper import MODES
from kehu_desktop.printing.paper import OFFSET_LIMIT_MM
from kehu_desktop.printing.paper import PAPERS
from kehu_desktop.printing.paper import paper_spec
from kehu_desktop.printing.paper import validate_mode
from kehu_desktop.printing.spool import Spooler
from kehu_desktop.services.slips import printers
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.errors import weak_callback
from kehu_desktop.views.kit.field_widgets import INVALID_STYLE
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import FieldBox
from kehu_desktop.views.kit.field_widgets import ask_save_discard_cancel
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox
from kehu_desktop.views.kit.pdf_preview import PdfPreview
from kehu_desktop.views.kit.pdf_preview import Zoom
from kehu_desktop.views.kit.pdf_preview import mode_label
from kehu_desktop.views.kit.pdf_preview import paper_label
from kehu_desktop.views.kit.pdf_preview import paper_text
from kehu_desktop.views.kit.pdf_preview import profile_label
from kehu_desktop.views.kit.worker import DbWorker
from kehu_desktop.views.slips.print_jobs import PrintJobRunner
from kehu_desktop.views.slips.qt_spooler import available_printers
from kehu_desktop.views.slips.qt_spooler import default_spooler

NAME_MAX = 50  # as services.printers.save_profile

Profiles = list[PrinterProfileView]


class ProfileStore(Protocol):
    """Where profiles come from and go to; callbacks run on the GUI thread."""

    def load(
        self, on_done: Callable[[Profiles], None], on_error: Callable[[Exception], None]
    ) -> None: ...

    def save(
        self,
        profile: PrinterProfileView,
        on_done: Callable[[PrinterProfileView], None],
        on_error: Callable[[Exception], None],
    ) -> None: ...

    def delete(
        self,
        name: str,
        on_done: Callable[[object], None],
        on_error: Callable[[Exception], None],
    ) -> None: ...


class ServiceProfileStore:
    """services.printers through the DB worker (saving refuses all but administrators)."""

    def __init__(self, ctx: AppContext) -> None:
        self._ctx = ctx

    def load(
        self, on_done: Callable[[Profiles], None], on_error: Callable[[Exception], None]
    ) -> None:
        self._ctx.worker.submit(
            printers.list_profiles,
            self._ctx.db,
            self._ctx.actor,
            on_done=on_done,
            on_error=on_error,
        )

    def save(
        self,
        profile: PrinterProfileView,
        on_done: Callable[[PrinterProfileView], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._ctx.worker.submit(
            printers.save_profile,
            self._ctx.db,
            self._ctx.actor,
            profile,
            on_done=on_done,
            on_error=on_error,
        )

    def delete(
        self,
        name: str,
        on_done: Callable[[object], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        self._ctx.worker.submit(
            printers.delete_profile,
            self._ctx.db,
            self._ctx.actor,
            name,
            on_done=on_done,
            on_error=on_error,
        )


def calibration_job(spooler: Spooler, profile: PrinterProfileView) -> str:
    """Runs on the printing thread: lay out and print the calibration page; the job id."""
    return spooler.print_pdf(
        calibration_pdf(profile),
        queue=profile.queue,
        paper=profile.paper,
        title=f"校准页 {profile.name}",
    )


class PrinterProfilesDialog(QDialog):
    """List, add and edit printer profiles; preview and print the calibration page."""

    profileSaved = Signal(object)  # the saved PrinterProfileView

    def __init__(
        self,
        store: ProfileStore,
        *,
        can_edit: bool,
        spooler: Spooler | None = None,
        printer_names: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printer_profiles")
        self.setWindowTitle(self.tr("Printer profiles"))
        self.setStyleSheet(INVALID_STYLE)
        self.resize(1180, 660)
        self._store = store
        self._can_edit = can_edit
        self._spooler = spooler
        self._profiles: Profiles = []
        self._editing: str | None = None  # name of the stored profile on the form; None = new
        self._dirty = False
        self._filling = False
        #: Asks before a profile is deleted; a test answers instead of a person.
        self.confirm_delete: Callable[[str], bool] = self._ask_delete

        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.busy_bar = BusyBar(self)

        self.profile_list = QListWidget(self)
        self.profile_list.setObjectName("profiles")
        self.profile_list.setSpacing(2)
        self.profile_list.setAlternatingRowColors(True)
        self.profile_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.profile_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.profile_list.currentItemChanged.connect(self._item_chosen)
        self.new_button = push_button(self, self.tr("New profile"), "new", self.new_profile)
        self.new_button.setVisible(can_edit)
        left = QWidget(self)
        vbox(
            QLabel(self.tr("Profiles"), left),
            (self.profile_list, 1),
            self.new_button,
            parent=left,
            margins=0,
        )

        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.name.setMaxLength(NAME_MAX + 10)  # longer is refused with a message, not cut off
        self.mode = QComboBox(self)
        self.mode.setObjectName("mode")
        for code in MODES:
            self.mode.addItem(mode_label(code), code)
        self.paper = QComboBox(self)
        self.paper.setObjectName("paper")
        for code in PAPERS:
            self.paper.addItem(paper_label(code), code)
        self.offset_x = self._offset_box("offset_x")
        self.offset_y = self._offset_box("offset_y")
        self.queue = QComboBox(self)
        self.queue.setObjectName("queue")
        self.queue.setEditable(True)
        self.queue.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line_edit = self.queue.lineEdit()
        if line_edit is not None:
            line_edit.setPlaceholderText(self.tr("System default printer"))
        self.default = QCheckBox(self.tr("Use this profile unless another one is chosen"), self)
        self.default.setObjectName("is_default")

        self.boxes: dict[str, FieldBox] = {
            "name": FieldBox(self.name, parent=self),
            "mode": FieldBox(self.mode, parent=self),
            "paper": FieldBox(self.paper, parent=self),
            "offset_x": FieldBox(self.offset_x, parent=self),
            "offset_y": FieldBox(self.offset_y, parent=self),
            "queue": FieldBox(self.queue, parent=self),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Name"), self.boxes["name"])
        form.addRow(self.tr("Print mode"), self.boxes["mode"])
        form.addRow(self.tr("Paper"), self.boxes["paper"])
        form.addRow(self.tr("Offset X"), self.boxes["offset_x"])
        form.addRow(self.tr("Offset Y"), self.boxes["offset_y"])
        hint = QLabel(
            self.tr(
                "Positive X moves the print right, positive Y moves it down. "
                "New offset = current offset − deviation measured on the "
                "calibration page."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        form.addRow("", hint)
        form.addRow(self.tr("Printer"), self.boxes["queue"])
        form.addRow("", self.default)

        self.save_button = push_button(self, self.tr("Save"), "save", self.save, visible=can_edit)
        self.delete_button = push_button(
            self, self.tr("Delete"), "delete", self.delete, visible=can_edit
        )
        self.calibration_button = push_button(
            self, self.tr("Print calibration page"), "print_calibration", self.print_calibration
        )
        actions = hbox(self.save_button, self.calibration_button, None, self.delete_button)
        middle = QWidget(self)
        vbox(form, actions, None, parent=middle, margins=0)

        self.preview = PdfPreview(self)
        self.preview.setObjectName("calibration_preview")
        self.preview.set_zoom(Zoom.FIT_PAGE)
        right = QWidget(self)
        vbox(
            QLabel(self.tr("Calibration page (with the offsets above)"), right),
            (self.preview, 1),
            parent=right,
            margins=0,
        )

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        for widget in (left, middle, right):
            splitter.addWidget(widget)
        splitter.setSizes([230, 400, 550])
        splitter.setStretchFactor(2, 1)

        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)

        vbox(self.busy_bar, self.messages, (splitter, 1), buttons, parent=self)

        for signal in (
            self.name.textEdited,
            self.mode.currentIndexChanged,
            self.paper.currentIndexChanged,
            self.offset_x.valueChanged,
            self.offset_y.valueChanged,
            self.queue.currentTextChanged,
            self.default.toggled,
        ):
            signal.connect(self._edited)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(300)
        self._preview_timer.timeout.connect(self._update_preview)

        self.runner = PrintJobRunner(self)
        self.runner.busyChanged.connect(self._print_busy)
        self.runner.printFinished.connect(
            lambda _job: self.messages.show_message(
                "success", self.tr("The calibration page was sent to the printer.")
            )
        )
        self.runner.printFailed.connect(
            lambda message: self.messages.show_message(
                "error", self.tr("The calibration page was not printed: %1").replace("%1", message)
            )
        )

        for editor in (
            self.name,
            self.mode,
            self.paper,
            self.offset_x,
            self.offset_y,
            self.queue,
            self.default,
        ):
            editor.setEnabled(can_edit)
        if not can_edit:
            self.messages.show_message(
                "info",
                self.tr(
                    "Only an administrator can change printer profiles. "
                    "You can print a calibration page."
                ),
            )
        self._set_printer_names(printer_names)
        self.load()

    @classmethod
    def for_context(
        cls,
        ctx: AppContext,
        *,
        spooler: Spooler | None = None,
        printer_names: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> PrinterProfilesDialog:
        """The dialog on the real profiles (services.printers), editable by administrators."""
        return cls(
            ServiceProfileStore(ctx),
            can_edit=ctx.actor.can("printer.edit"),
            spooler=spooler,
            printer_names=printer_names,
            parent=parent,
        )

    def _offset_box(self, name: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(-OFFSET_LIMIT_MM, OFFSET_LIMIT_MM)
        box.setDecimals(1)
        box.setSingleStep(0.1)
        box.setSuffix(self.tr(" mm"))
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        box.setKeyboardTracking(False)
        return box

    def _set_printer_names(self, names: Sequence[str] | None) -> None:
        if names is None:
            # Asking CUPS or Windows for its printers can take a while: not on the GUI thread.
            self._lookup = DbWorker(self, name="kehu-printer-list")
            self._lookup.submit(
                available_printers, on_done=self._set_printer_names, on_error=lambda _exc: None
            )
            return
        text = self.queue.currentText()
        self._filling, filling = True, self._filling
        self.queue.clear()
        self.queue.addItem("")
        self.queue.addItems(list(names))
        self.queue.setCurrentText(text)
        self._filling = filling

    # --- loading and choosing --------------------------------------------------------------

    def load(self, select: str | None = None) -> None:
        self.busy_bar.show()
        # Held weakly: a dialog closed before its list arrives is not kept alive by the task
        # (the worker thread would then destroy it; views/kit/errors.weak_callback).
        loaded = weak_callback(self._loaded)
        self._store.load(
            lambda profiles: loaded(profiles, select), weak_callback(self._load_failed)
        )

    def _loaded(self, profiles: Profiles, select: str | None) -> None:
        self.busy_bar.hide()
        self._profiles = list(profiles)
        chosen = (
            select
            or self._editing
            or next(
                (p.name for p in profiles if p.is_default), profiles[0].name if profiles else None
            )
        )
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        for profile in self._profiles:
            item = QListWidgetItem(self._list_text(profile))
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            item.setToolTip(paper_text(profile))
            self.profile_list.addItem(item)
            if profile.name == chosen:
                self.profile_list.setCurrentItem(item)
        self.profile_list.blockSignals(False)
        current = self._find(chosen)
        if current is not None:
            self._fill(current)
        elif self._can_edit:
            self.new_profile()

    @staticmethod
    def _list_text(profile: PrinterProfileView) -> str:
        """Two lines: the name (marked if default), then mode and paper in short."""
        paper = (
            profile.paper.replace("x", "×")
            if profile.paper.startswith("241x")
            else (paper_label(profile.paper))
        )
        return f"{profile_label(profile)}\n{mode_label(profile.mode)} · {paper}"

    def _load_failed(self, exc: Exception) -> None:
        self.busy_bar.hide()
        self.messages.show_message(
            "error",
            self.tr("The printer profiles could not be loaded: %1").replace("%1", error_text(exc)),
        )

    def _find(self, name: str | None) -> PrinterProfileView | None:
        return next((p for p in self._profiles if p.name == name), None)

    def _item_chosen(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        if self._dirty and not self._may_leave():
            if previous is not None:
                self.profile_list.blockSignals(True)
                self.profile_list.setCurrentItem(previous)
                self.profile_list.blockSignals(False)
            return
        profile = self._find(item.data(Qt.ItemDataRole.UserRole))
        if profile is not None:
            self._fill(profile)

    def _may_leave(self) -> bool:
        """Unsaved changes on the form: Save saves them and stays, Discard drops them, Cancel
        stays. True when the form may be left."""
        answer = ask_save_discard_cancel(
            self,
            self.tr("Unsaved changes"),
            self.tr("The profile on the form has changes that are not saved yet. Save them?"),
        )
        if answer == QMessageBox.StandardButton.Save:
            self.save()
            return False
        return answer == QMessageBox.StandardButton.Discard

    def new_profile(self) -> None:
        if self._dirty and not self._may_leave():
            return
        self.profile_list.blockSignals(True)
        self.profile_list.clearSelection()
        self.profile_list.setCurrentRow(-1)
        self.profile_list.blockSignals(False)
        self._fill(PrinterProfileView("", "plain", "A4", 0.0, 0.0, None, False), new=True)
        self.name.setFocus()

    def _fill(self, profile: PrinterProfileView, *, new: bool = False) -> None:
        self._filling = True
        self._editing = None if new else profile.name
        self.name.setText(profile.name)
        _choose(self.mode, profile.mode, self.tr("%1 (unknown)"))
        _choose(self.paper, profile.paper, self.tr("%1 (unknown)"))
        self.offset_x.setValue(_clamp(profile.offset_x_mm))
        self.offset_y.setValue(_clamp(profile.offset_y_mm))
        self.queue.setCurrentText(profile.queue or "")
        self.default.setChecked(profile.is_default)
        self._filling = False
        self._dirty = False
        self.delete_button.setEnabled(not new)
        self.show_errors(self.check(profile, offsets=(profile.offset_x_mm, profile.offset_y_mm)))
        self._update_preview()

    # --- the form -------------------------------------------------------------------------

    def profile(self) -> PrinterProfileView:
        """The profile as it stands on the form."""
        return PrinterProfileView(
            name=self.name.text().strip(),
            mode=str(self.mode.currentData()),
            paper=str(self.paper.currentData()),
            offset_x_mm=round(self.offset_x.value(), 1),
            offset_y_mm=round(self.offset_y.value(), 1),
            queue=self.queue.currentText().strip() or None,
            is_default=self.default.isChecked(),
        )

    def check(
        self, profile: PrinterProfileView, *, offsets: tuple[float, float] | None = None
    ) -> dict[str, str]:
        """Field name -> message for what the service would refuse (empty when fine)."""
        errors: dict[str, str] = {}
        if not profile.name:
            errors["name"] = self.tr("Enter a name for this profile.")
        elif len(profile.name) > NAME_MAX:
            errors["name"] = self.tr("At most %1 characters.").replace("%1", str(NAME_MAX))
        elif self._editing != profile.name and self._find(profile.name) is not None:
            errors["name"] = self.tr(
                "There is already a profile with this name; choose it in the list to change it."
            )
        try:
            paper_spec(profile.paper)
        except ValueError:
            errors["paper"] = self.tr("Unknown paper “%1”: choose a paper from the list.").replace(
                "%1", profile.paper
            )
        try:
            validate_mode(profile.mode)
        except ValueError:
            errors["mode"] = self.tr(
                "Unknown print mode “%1”: choose a mode from the list."
            ).replace("%1", profile.mode)
        x, y = offsets or (profile.offset_x_mm, profile.offset_y_mm)
        for field, value in (("offset_x", x), ("offset_y", y)):
            if not math.isfinite(value) or abs(value) > OFFSET_LIMIT_MM:
                errors[field] = self.tr("An offset must be between −%1 and +%1 mm.").replace(
                    "%1", f"{OFFSET_LIMIT_MM:g}"
                )
        return errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for field, box in self.boxes.items():
            box.set_error(errors.get(field))

    @property
    def preview_up_to_date(self) -> bool:
        """The calibration preview shows the values on the form (no edit waiting, no render)."""
        return not self._preview_timer.isActive() and not self.preview.rendering

    def errors(self) -> dict[str, str]:
        """The messages shown next to the fields now."""
        return {field: box.error for field, box in self.boxes.items() if box.error}

    def _edited(self, *_args: object) -> None:
        if self._filling:
            return
        self._dirty = True
        if self.messages.kind != "info":  # an old "saved" or error no longer applies
            self.messages.clear()
        self._preview_timer.start()

    def _update_preview(self) -> None:
        profile = self.profile()
        if "paper" in self.check(profile) or "mode" in self.check(profile):
            self.preview.clear()
            return
        if not profile.name:
            profile = dataclasses.replace(profile, name=self.tr("(new profile)"))
        self.preview.set_pdf(lambda: calibration_pdf(profile))

    # --- saving and printing --------------------------------------------------------------

    def save(self) -> None:
        if not self._can_edit:
            return
        profile = self.profile()
        errors = self.check(profile)
        self.show_errors(errors)
        if errors:
            self.messages.show_message(
                "error", self.tr("Not saved. Please correct the fields marked in red.")
            )
            return
        self.busy_bar.show()
        self.save_button.setEnabled(False)
        self._store.save(profile, weak_callback(self._saved), weak_callback(self._save_failed))

    def _saved(self, profile: PrinterProfileView) -> None:
        self.busy_bar.hide()
        self.save_button.setEnabled(True)
        self._dirty = False
        self._editing = profile.name
        self.messages.show_message(
            "success", self.tr("Profile “%1” saved.").replace("%1", profile.name)
        )
        self.profileSaved.emit(profile)
        self.load(select=profile.name)

    def _save_failed(self, exc: Exception) -> None:
        self.busy_bar.hide()
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            placed = {"name": "name"}
            shown: dict[str, str] = {}
            others = []
            for error in exc.errors:
                if error.field in placed:
                    shown[placed[error.field]] = error.message
                else:
                    others.append(error.message)
            self.show_errors(shown)
            self.messages.show_message(
                "error",
                "\n".join(
                    [self.tr("Not saved. Please correct the fields marked in red."), *others]
                ),
            )
            return
        self.messages.show_message("error", self.tr("Not saved: %1").replace("%1", error_text(exc)))

    def _ask_delete(self, name: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Delete the profile"),
            self.tr(
                "Delete the printer profile “%1”? Slips already printed keep its name in "
                "their print records."
            ).replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete(self) -> None:
        """Delete the stored profile on the form (administrators; the service refuses others)."""
        name = self._editing
        if not self._can_edit or name is None or not self.confirm_delete(name):
            return
        self.busy_bar.show()
        self.delete_button.setEnabled(False)
        deleted = weak_callback(self._deleted)
        self._store.delete(name, lambda _r: deleted(name), weak_callback(self._delete_failed))

    def _deleted(self, name: str) -> None:
        self.busy_bar.hide()
        self.delete_button.setEnabled(True)
        self._dirty = False
        self._editing = None
        self.messages.show_message("success", self.tr("Profile “%1” deleted.").replace("%1", name))
        self.load()

    def _delete_failed(self, exc: Exception) -> None:
        self.busy_bar.hide()
        self.delete_button.setEnabled(True)
        self.messages.show_message(
            "error", self.tr("Not deleted: %1").replace("%1", error_text(exc))
        )

    def print_calibration(self) -> None:
        profile = self.profile()
        errors = {k: v for k, v in self.check(profile).items() if k != "name"}
        if errors:
            self.show_errors(errors)
            return
        if not profile.name:
            profile = dataclasses.replace(profile, name=self.tr("(new profile)"))
        spooler = self._spooler or default_spooler()
        self.runner.run(lambda: calibration_job(spooler, profile), label=profile.name)

    def _print_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.calibration_button.setEnabled(not busy)
        if busy:
            self.messages.show_message("info", self.tr("Printing the calibration page…"))

    def reject(self) -> None:
        if self._dirty and self._can_edit and not self._may_leave():
            return
        self.preview.clear()
        super().reject()


def _choose(combo: QComboBox, code: str, unknown: str) -> None:
    """Select ``code``; a code this version does not know (written by a newer one, or by hand)
    is added, marked, so the user sees it and the check explains it."""
    for index in range(combo.count() - 1, -1, -1):
        if combo.itemData(index, Qt.ItemDataRole.UserRole + 1):
            combo.removeItem(index)
    index = combo.findData(code)
    if index < 0:
        combo.addItem(unknown.replace("%1", code), code)
        index = combo.count() - 1
        combo.setItemData(index, True, Qt.ItemDataRole.UserRole + 1)
    combo.setCurrentIndex(index)


def _clamp(value: float) -> float:
    if not math.isfinite(value):
        return 0.0
    return max(-OFFSET_LIMIT_MM, min(OFFSET_LIMIT_MM, value))
