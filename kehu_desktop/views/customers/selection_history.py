"""A customer's status and selection history (step 1): who decided what, when, and why."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from PySide6.QtWidgets import QHeaderView
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QTableWidget
from PySide6.QtWidgets import QTableWidgetItem
from PySide6.QtWidgets import QWidget

from kehu_desktop.dto import CustomerFile
from kehu_desktop.dto import SelectionStepView
from kehu_desktop.views.customers.customer_terms import decision_name
from kehu_desktop.views.customers.customer_terms import step_name
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.formatting import status_label
from kehu_desktop.views.kit.layouts import vbox

COMMENT = 2  # the column of the comment


class SelectionHistoryPanel(QWidget):
    """Read-only: the status in words and a table of every selection step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("status")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        emphasise(self.status_label)
        # Three columns, the comment widest: the panel also sits in a narrow side pane.
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("history")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Step and decision"), self.tr("By and when"), self.tr("Comment")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COMMENT, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self.tr("No decisions yet."), self)
        self.empty_label.setStyleSheet("color: #666;")
        layout = vbox(self.status_label, self.empty_label, (self.table, 1), parent=self, margins=0)
        layout.addStretch(0)  # keeps the labels at the top while the table is hidden
        self.show_file(None)

    def show_file(self, customer: CustomerFile | None) -> None:
        if customer is None:
            self.status_label.setText(self.tr("Status: new customer file (not saved yet)"))
            steps: tuple[SelectionStepView, ...] = ()
        else:
            text = self.tr("Status: {status}").format(
                status=status_label("customer", customer.status)
            )
            if customer.on_hold:
                text += QCoreApplication.translate("CustomerStatus", " (on hold)")
            self.status_label.setText(text)
            steps = customer.selection_steps
        self.table.setRowCount(len(steps))
        for row, step in enumerate(steps):
            cells = (
                self.tr("{step}: {decision}").format(
                    step=step_name(step.step), decision=decision_name(step.decision)
                ),
                f"{step.user}\n{local_time(step.at)}",
                step.comment or "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if column == COMMENT:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.empty_label.setVisible(not steps)
        self.table.setVisible(bool(steps))
