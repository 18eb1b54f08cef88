"""评级规则表 (step 3): the rating's ordered rule table in force, each rule with its one-sentence
reading, and every older version, read-only. Head office's marketing head edits the table here
(adds, removes, moves a rule, chooses its grade and the two named conditions of
``domain.rating``), sees live where the edited table grades a better evaluation worse (the
inversions, against the version in force) and saves a new version with a note saying why. A
branch registered with head office shows the table read-only: it is edited at head office."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QLineEdit
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QTabWidget
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain import rating
from kehu_desktop.domain.errors import KehuError
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.messages import render
from kehu_desktop.dto import RuleTableView
from kehu_desktop.services import credit
from kehu_desktop.views.credit.credit_records import RED
from kehu_desktop.views.credit.credit_records import word
from kehu_desktop.views.kit.buttons import push_button
from kehu_desktop.views.kit.column_widths import fit_columns
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.errors import error_text
from kehu_desktop.views.kit.field_widgets import Banner
from kehu_desktop.views.kit.field_widgets import BusyBar
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.field_widgets import mark_invalid
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.layouts import vbox

log = logging.getLogger(__name__)

#: How many inversions the editor spells out (all of them are counted).
EXAMPLES = 4
GRADE, KEY, OTHER, READING = 1, 2, 3, 4


def levels_text(levels: str) -> str:
    """``AAAC`` as the editor shows it: ``A,A,A,C``."""
    return ",".join(levels)


def rules_of(view: RuleTableView) -> list[rating.Rule]:
    return [rating.Rule(line.grade, line.key, line.other) for line in view.rules]


class RatingRulesView(QWidget):
    """The table in force, its editor (``credit.edit_rules``) and the older versions."""

    rulesSaved = Signal(int)  # the new version

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._versions: list[RuleTableView] = []
        self._rules: list[rating.Rule] = []  # the table as edited
        self._row_errors: dict[int, str] = {}  # row → the service's reason
        self.setObjectName("rating_rules_view")
        may_edit = ctx.actor.can("credit.edit_rules")
        title = QLabel(self.tr("Rating rule table"), self)
        emphasise(title, 1.15)
        self.refresh_button = push_button(self, self.tr("Refresh"), "refresh", self.refresh)
        self.busy_bar = BusyBar(self)
        self.busy_bar.busyChanged.connect(lambda _busy: self._enable())
        self.messages = Banner(self)
        self.messages.setObjectName("messages")
        self.in_force = QLabel(self)
        self.in_force.setObjectName("in_force")
        self.in_force.setWordWrap(True)

        # The rules: the table in force, or the one being edited.
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.rules_table = QTableWidget(0, 5, self)
        self.rules_table.setObjectName("rules")
        self.rules_table.setHorizontalHeaderLabels(
            [
                self.tr("No."),
                self.tr("Grade"),
                self.tr("Key indicators"),
                self.tr("Other indicators"),
                self.tr("Reading"),
            ]
        )
        self.rules_table.verticalHeader().hide()
        self.rules_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rules_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.rules_table, "credit/rating_rules", names=[READING])
        self.rules_table.itemSelectionChanged.connect(self._enable)
        self.add_button = push_button(self, self.tr("Add a rule"), "add_rule", self.add_rule)
        self.remove_button = push_button(self, self.tr("Remove"), "remove_rule", self.remove_rule)
        self.up_button = push_button(
            self, self.tr("Move up"), "move_up", lambda: self.move_rule(-1)
        )
        self.down_button = push_button(
            self, self.tr("Move down"), "move_down", lambda: self.move_rule(1)
        )
        self.discard_button = push_button(self, self.tr("Discard changes"), "discard", self.discard)
        self.edit_bar = QWidget(self)
        hbox(
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            None,
            self.discard_button,
            parent=self.edit_bar,
            margins=0,
        )
        self.inversions_label = QLabel(self)
        self.inversions_label.setObjectName("inversions")
        self.inversions_label.setWordWrap(True)
        self.inversions_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("Why the table changes (required)"))
        self.note.textEdited.connect(lambda _text: mark_invalid(self.note, False))
        self.save_button = push_button(self, self.tr("Save as a new version"), "save", self.save)
        self.save_bar = QWidget(self)
        hbox(
            QLabel(self.tr("Note"), self),
            (self.note, 1),
            self.save_button,
            parent=self.save_bar,
            margins=0,
        )
        self.edit_bar.setVisible(may_edit)
        self.save_bar.setVisible(may_edit)
        rules_page = QWidget(self)
        vbox(
            self.hint,
            (self.rules_table, 1),
            self.edit_bar,
            self.inversions_label,
            self.save_bar,
            parent=rules_page,
        )

        # The versions, newest first, and the rules of the one chosen (read-only).
        self.versions_table = QTableWidget(0, 6, self)
        self.versions_table.setObjectName("versions")
        self.versions_table.setHorizontalHeaderLabels(
            [
                self.tr("Version"),
                self.tr("Saved at"),
                self.tr("Saved by"),
                self.tr("Rules"),
                self.tr("Inversions"),
                self.tr("Note"),
            ]
        )
        self.versions_table.verticalHeader().hide()
        self.versions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_columns(self.versions_table, "credit/rating_versions", names=[5])
        self.versions_table.itemSelectionChanged.connect(self._version_chosen)
        self.version_rules = QTableWidget(0, 2, self)
        self.version_rules.setObjectName("version_rules")
        self.version_rules.setHorizontalHeaderLabels([self.tr("No."), self.tr("Reading")])
        self.version_rules.verticalHeader().hide()
        self.version_rules.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        fit_columns(self.version_rules, "credit/rating_version_rules", names=[1])
        versions_page = QWidget(self)
        vbox((self.versions_table, 2), (self.version_rules, 3), parent=versions_page)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(rules_page, self.tr("Rules"))
        self.tabs.addTab(versions_page, self.tr("Versions"))
        vbox(
            hbox(title, None, self.refresh_button),
            self.busy_bar,
            self.messages,
            self.in_force,
            (self.tabs, 1),
            parent=self,
        )
        self.refresh()

    # --- state -------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.busy_bar.busy

    @property
    def versions(self) -> list[RuleTableView]:
        return self._versions

    @property
    def editable(self) -> bool:
        """The marketing head, where the table is kept (not at a registered branch)."""
        return (
            self._ctx.actor.can("credit.edit_rules")
            and bool(self._versions)
            and not self._versions[0].edited_at_head_office
        )

    @property
    def edited(self) -> bool:
        return bool(self._versions) and self._rules != rules_of(self._versions[0])

    def edited_rules(self) -> list[rating.Rule]:
        return list(self._rules)

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.busy_bar.start()
        self._ctx.call(credit.rule_table_versions, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, versions: list[RuleTableView]) -> None:
        keep = self.edited  # a refresh keeps unsaved edits
        self._versions = versions
        current = versions[0]
        if current.version == 0:
            text = self.tr("In force: the default table (version 0, domain rules), never edited.")
        else:
            text = self.tr("In force: version {version}, saved by {who} at {when}: {note}").format(
                version=current.version,
                who=current.saved_by or "—",
                when=local_time(current.saved_at),
                note=current.note or "—",
            )
        self.in_force.setText(text)
        hint = self.tr(
            "The first rule whose two conditions hold gives the grade; the last rule must hold "
            "for anything, so that every evaluation gets a grade."
        )
        if current.edited_at_head_office and self._ctx.actor.can("credit.edit_rules"):
            hint += " " + self.tr(
                "This branch is registered with head office: the table is edited at head "
                "office and each version arrives with the next sync."
            )
        self.hint.setText(hint)
        self.edit_bar.setVisible(self.editable)
        self.save_bar.setVisible(self.editable)
        if not keep:
            self._rules = rules_of(current)
            self._row_errors = {}
        self._fill_rules()
        self._fill_versions()
        self.busy_bar.finish()
        self._enable()

    def _failed(self, exc: Exception) -> None:
        self.busy_bar.finish()
        if isinstance(exc, ValidationFailed):
            self._mark(exc)
            return
        if not isinstance(exc, KehuError):
            log.error("rating rules view: background task failed", exc_info=exc)
        self.messages.show_message("error", error_text(exc))

    # --- the rules ---------------------------------------------------------------------------

    def _fill_rules(self) -> None:
        selected = self._selected_row()
        table = self.rules_table
        table.setRowCount(len(self._rules))
        editable = self.editable
        for r, rule in enumerate(self._rules):
            table.setItem(r, 0, QTableWidgetItem(str(r + 1)))
            if editable:
                table.setItem(r, GRADE, QTableWidgetItem())
                table.setItem(r, KEY, QTableWidgetItem())
                table.setItem(r, OTHER, QTableWidgetItem())
                table.setCellWidget(r, GRADE, self._grade_box(r, rule.grade))
                table.setCellWidget(r, KEY, self._condition_box(r, "key", rule.key))
                table.setCellWidget(r, OTHER, self._condition_box(r, "other", rule.other))
            else:
                for column in (GRADE, KEY, OTHER):
                    table.removeCellWidget(r, column)
                table.setItem(r, GRADE, QTableWidgetItem(word("grade_n", grade=rule.grade)))
                table.setItem(r, KEY, QTableWidgetItem(rating.condition_text(rule.key)))
                table.setItem(r, OTHER, QTableWidgetItem(rating.condition_text(rule.other)))
            table.setItem(r, READING, QTableWidgetItem())
        self._show_readings()
        if selected is not None and self._rules:
            table.selectRow(min(selected, len(self._rules) - 1))

    def _grade_box(self, row: int, grade: int) -> QComboBox:
        box = QComboBox(self.rules_table)
        box.setObjectName(f"grade_{row}")
        for g in (1, 2, 3, 4, 5):
            box.addItem(word("grade_n", grade=g), g)
        box.setCurrentIndex(box.findData(grade))
        box.currentIndexChanged.connect(lambda _i: self._changed(row, grade=box.currentData()))
        return box

    def _condition_box(self, row: int, side: str, condition: str) -> QComboBox:
        box = QComboBox(self.rules_table)
        box.setObjectName(f"{side}_{row}")
        for name in rating.CONDITIONS:
            box.addItem(rating.condition_text(name), name)
        box.setCurrentIndex(box.findData(condition))
        box.currentIndexChanged.connect(lambda _i: self._changed(row, **{side: box.currentData()}))
        return box

    def _changed(self, row: int, **change: object) -> None:
        rule = self._rules[row]
        fields = {"grade": rule.grade, "key": rule.key, "other": rule.other} | change
        self._rules[row] = rating.Rule(
            int(str(fields["grade"])), str(fields["key"]), str(fields["other"])
        )
        self._row_errors.pop(row, None)
        self._show_readings()
        self._enable()

    def set_rule(self, row: int, grade: int, key: str, other: str) -> None:
        """Choose a rule's grade and conditions as the boxes do (also for tests)."""
        for column, value in ((GRADE, grade), (KEY, key), (OTHER, other)):
            box = self.rules_table.cellWidget(row, column)
            assert isinstance(box, QComboBox)
            box.setCurrentIndex(box.findData(value))

    def _show_readings(self) -> None:
        """Each rule's sentence, the rows the service refused, and the inversions."""
        for r, rule in enumerate(self._rules):
            item = self.rules_table.item(r, READING)
            number = self.rules_table.item(r, 0)
            if item is None or number is None:
                continue
            error = self._row_errors.get(r)
            item.setText(error or rating.explain(rule))
            item.setToolTip(error or rating.explain(rule))
            for cell in (item, number):
                cell.setForeground(RED if error else self.palette().text())
                if error:
                    cell.setBackground(Qt.GlobalColor.yellow)
                else:
                    cell.setData(Qt.ItemDataRole.BackgroundRole, None)
        self._show_inversions()

    def _show_inversions(self) -> None:
        """The inversions of the table as edited (live), against the version in force."""
        if not self._versions:
            return
        try:
            found = rating.inversions(self._rules)
        except rating.RuleTableError as error:
            self.inversions_label.setStyleSheet("color: #b3261e;")
            self.inversions_label.setText(
                self.tr("The edited table cannot be saved: {reason}").format(
                    reason=render(error.code, **error.params)
                )
            )
            return
        lines = []
        if self.edited:
            in_force = self._versions[0]
            lines.append(
                self.tr(
                    "Edited, not saved (version {version} in force: {count} inversions)."
                ).format(version=in_force.version, count=in_force.inversions)
            )
        lines.append(self._inversions_text(found))
        lines += self._examples(found)
        self.inversions_label.setStyleSheet("color: #b3261e;" if found else "")
        self.inversions_label.setText("\n".join(lines))

    def _inversions_text(self, found: Sequence[rating.Inversion]) -> str:
        if not found:
            return self.tr("No case where a better evaluation gets a worse grade.")
        return self.tr(
            "{count} cases where one indicator one level better gives a worse grade, for example:"
        ).format(count=len(found))

    def _examples(self, found: Sequence[rating.Inversion]) -> list[str]:
        shown = sorted(found, key=lambda i: (i.key_after, i.other_after, i.key, i.other))
        return [
            "• "
            + self.tr(
                "key {better_key} / others {better_other} → grade {worse_grade}, "
                "while key {key} / others {other} → grade {grade}"
            ).format(
                better_key=levels_text(i.key_after),
                better_other=levels_text(i.other_after),
                worse_grade=i.grade_after,
                key=levels_text(i.key),
                other=levels_text(i.other),
                grade=i.grade,
            )
            for i in shown[:EXAMPLES]
        ]

    def _selected_row(self) -> int | None:
        rows = self.rules_table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def add_rule(self) -> None:
        """A new rule above the last (the catch-all stays last), to be chosen."""
        row = self._selected_row()
        at = row + 1 if row is not None and row < len(self._rules) - 1 else len(self._rules) - 1
        self._rules.insert(max(at, 0), rating.Rule(4, "all_three", "only_ab"))
        self._row_errors = {}
        self._fill_rules()
        self.rules_table.selectRow(max(at, 0))
        self._enable()

    def remove_rule(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        del self._rules[row]
        self._row_errors = {}
        self._fill_rules()
        self._enable()

    def move_rule(self, step: int) -> None:
        row = self._selected_row()
        if row is None or not 0 <= row + step < len(self._rules):
            return
        self._rules[row], self._rules[row + step] = self._rules[row + step], self._rules[row]
        self._row_errors = {}
        self._fill_rules()
        self.rules_table.selectRow(row + step)
        self._enable()

    def discard(self) -> None:
        if self._versions:
            self._rules = rules_of(self._versions[0])
        self._row_errors = {}
        self.note.clear()
        mark_invalid(self.note, False)
        self.messages.clear()
        self._fill_rules()
        self._enable()

    def _enable(self) -> None:
        idle = not self.busy
        row = self._selected_row()
        last = len(self._rules) - 1
        self.add_button.setEnabled(idle)
        self.remove_button.setEnabled(idle and row is not None and last > 0)
        self.up_button.setEnabled(idle and row is not None and row > 0)
        self.down_button.setEnabled(idle and row is not None and row < last)
        self.discard_button.setEnabled(idle and self.edited)
        self.save_button.setEnabled(idle and self.edited)
        self.refresh_button.setEnabled(idle)

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> None:
        rules = [{"grade": r.grade, "key": r.key, "other": r.other} for r in self._rules]
        self.messages.clear()
        self.busy_bar.start()
        self._ctx.call(
            credit.save_rule_table,
            rules,
            self.note.text(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _mark(self, exc: ValidationFailed) -> None:
        """The reason on the rule's row (or on the note); every reason listed on top."""
        self._row_errors = {}
        for error in exc.errors:
            if error.field == "note":
                mark_invalid(self.note, True)
                self.note.setToolTip(error.message)
            elif error.field == "rules" and self._rules:
                number = error.params.get("rule")
                row = int(number) - 1 if isinstance(number, int) else len(self._rules) - 1
                self._row_errors[row] = error.message
        self._show_readings()
        self.messages.show_message(
            "error", self.tr("Nothing was saved:"), [("", e.message) for e in exc.errors]
        )

    def _saved(self, view: RuleTableView) -> None:
        self.busy_bar.finish()
        self.note.clear()
        self.note.setToolTip("")
        self._rules = rules_of(view)
        self.messages.show_message(
            "success", self.tr("Version {version} saved.").format(version=view.version)
        )
        self.rulesSaved.emit(view.version)
        self.refresh()

    # --- the versions ------------------------------------------------------------------------

    def _fill_versions(self) -> None:
        table = self.versions_table
        table.setRowCount(len(self._versions))
        for r, v in enumerate(self._versions):
            version = (
                self.tr("{version} (in force)").format(version=v.version)
                if r == 0
                else str(v.version)
            )
            note = v.note or (self.tr("The default table") if v.version == 0 else "")
            cells = [
                version,
                local_time(v.saved_at) if v.saved_at else "",
                v.saved_by or "",
                str(len(v.rules)),
                str(v.inversions),
                note,
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)
        if self._versions:
            table.selectRow(0)

    def _version_chosen(self) -> None:
        rows = self.versions_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._versions):
            self.version_rules.setRowCount(0)
            return
        chosen = self._versions[rows[0].row()]
        self.version_rules.setRowCount(len(chosen.rules))
        for r, line in enumerate(chosen.rules):
            self.version_rules.setItem(r, 0, QTableWidgetItem(str(line.number)))
            self.version_rules.setItem(r, 1, QTableWidgetItem(line.explanation))
