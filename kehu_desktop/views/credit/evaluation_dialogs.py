"""The credit evaluation form (资信等级评估表, step 3): the sales manager scores each indicator A,
B or C with the evidence beside it and sees the grade and its one-sentence reason as he chooses;
the branch GM and the marketing director read the same form and pass it on, approve it or send it
back with a comment.

The grade shown while choosing is ``domain.rating.rate`` on the table in force (the form carries
it); the service grades again when it files, so what is stored never depends on the screen.
"""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox
from PySide6.QtWidgets import QDialogButtonBox
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QWidget

from kehu_desktop.domain import credit as rules
from kehu_desktop.domain import rating
from kehu_desktop.domain.rating_evidence import evidence_lines
from kehu_desktop.dto import EvaluationForm
from kehu_desktop.dto import EvaluationView
from kehu_desktop.services import credit
from kehu_desktop.views.credit.credit_records import word
from kehu_desktop.views.kit.buttons import box_button
from kehu_desktop.views.kit.context import AppContext
from kehu_desktop.views.kit.field_widgets import emphasise
from kehu_desktop.views.kit.formatting import local_time
from kehu_desktop.views.kit.i18n import QT_TRANSLATE_NOOP
from kehu_desktop.views.kit.layouts import hbox
from kehu_desktop.views.kit.service_dialog import ServiceDialog
from kehu_desktop.views.kit.service_dialog import text_box

#: The indicators' names on the form (English source; zh_CN in evaluation_dialogs.tsv).
INDICATORS: dict[str, str] = {
    "annual_sales_scale": QT_TRANSLATE_NOOP("Evaluation", "Annual sales scale"),
    "monthly_sales_amount": QT_TRANSLATE_NOOP("Evaluation", "Monthly sales amount"),
    "payment_method": QT_TRANSLATE_NOOP("Evaluation", "Payment method"),
    "payment_reputation": QT_TRANSLATE_NOOP("Evaluation", "Payment reputation"),
    "business_nature": QT_TRANSLATE_NOOP("Evaluation", "Business nature"),
    "licences": QT_TRANSLATE_NOOP("Evaluation", "Licences"),
    "registration": QT_TRANSLATE_NOOP("Evaluation", "Registration"),
    "years_in_business": QT_TRANSLATE_NOOP("Evaluation", "Years in business"),
    "goods_flow": QT_TRANSLATE_NOOP("Evaluation", "Goods flow"),
    "total_product_sales": QT_TRANSLATE_NOOP("Evaluation", "Total product sales"),
}
STATUSES: dict[str, str] = {
    "submitted": QT_TRANSLATE_NOOP("Evaluation", "Awaiting the branch GM's review"),
    "reviewed": QT_TRANSLATE_NOOP("Evaluation", "Awaiting the marketing director"),
    "approved": QT_TRANSLATE_NOOP("Evaluation", "Approved"),
    "sent_back": QT_TRANSLATE_NOOP("Evaluation", "Sent back"),
}


def indicator_label(code: str) -> str:
    return QCoreApplication.translate("Evaluation", INDICATORS[code])


def status_text(status: str, awaiting_branch: bool = False) -> str:
    if awaiting_branch:
        return QCoreApplication.translate(
            "Evaluation", "Decided at head office; the branch applies it at its next sync"
        )
    return QCoreApplication.translate("Evaluation", STATUSES.get(status, status))


def _level_combo(parent: QWidget, code: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(code)
    combo.addItem(QCoreApplication.translate("Evaluation", "— choose —"), None)
    for level in rating.LEVELS:
        combo.addItem(level, level)
    return combo


class EvaluationDialog(ServiceDialog):
    """填写资信等级评估表: the sales manager's form, prefilled; OK files it."""

    def __init__(
        self, ctx: AppContext, form: EvaluationForm, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            ctx, "", parent, ok_text=QCoreApplication.translate("Evaluation", "Submit for review")
        )
        self.setWindowTitle(
            QCoreApplication.translate("Evaluation", "Credit evaluation: {name}").format(
                name=form.customer_name
            )
        )
        self.setMinimumWidth(860)
        self._form = form
        current = (
            word("grade_n", grade=form.grade)
            if form.grade
            else QCoreApplication.translate("Evaluation", "not graded")
        )
        intro = QCoreApplication.translate(
            "Evaluation", "Current grade: {grade}. Rule table version {version}."
        ).format(grade=current, version=form.rule_version)
        if form.suggested_reputation:
            intro += " " + QCoreApplication.translate(
                "Evaluation", "The payment record suggests {level} for payment reputation."
            ).format(level=form.suggested_reputation)
        self.set_intro(intro)
        self.month = QComboBox(self)
        this_month = rules.month_start(ctx.db.clock.today())
        next_month = rules.month_start(this_month + timedelta(days=31))
        for month in (this_month, next_month):
            self.month.addItem(f"{month:%Y-%m}", month)
        self.month.setCurrentIndex(max(0, self.month.findData(form.month)))
        self.add_field("month", QCoreApplication.translate("Evaluation", "Month rated"), self.month)
        evidence = evidence_lines(form.evidence)
        self.levels: dict[str, QComboBox] = {}
        for group, codes in (
            (QCoreApplication.translate("Evaluation", "Key indicators"), rating.KEY_INDICATORS),
            (QCoreApplication.translate("Evaluation", "Other indicators"), rating.OTHER_INDICATORS),
        ):
            heading = QLabel(group, self)
            emphasise(heading, 1.05)
            self.form.addRow(heading)
            for code in codes:
                combo = _level_combo(self, code)
                combo.setCurrentIndex(max(0, combo.findData(form.levels.get(code))))
                combo.currentIndexChanged.connect(self._regrade)
                combo.currentIndexChanged.connect(
                    lambda _i, code=code: self.boxes[code].set_error(None)
                )
                note = QLabel(evidence.get(code, ""), self)
                note.setObjectName(f"{code}_evidence")
                note.setWordWrap(True)
                note.setStyleSheet("color: #555;")
                row = QWidget(self)
                hbox(combo, (note, 1), parent=row, margins=0)
                self.add_field(code, indicator_label(code), row, framed=combo)
                self.levels[code] = combo
        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("result")
        emphasise(self.grade_label, 1.1)
        self.form.addRow(QCoreApplication.translate("Evaluation", "Grade"), self.grade_label)
        self.comment = text_box(self)
        self.comment.setPlaceholderText(
            QCoreApplication.translate("Evaluation", "What the reviewer should know (optional)")
        )
        self.add_field("comment", QCoreApplication.translate("Evaluation", "Comment"), self.comment)
        self._regrade()

    def chosen(self) -> dict[str, str]:
        return {
            code: combo.currentData() for code, combo in self.levels.items() if combo.currentData()
        }

    def _regrade(self) -> None:
        chosen = self.chosen()
        missing = rating.missing_levels(chosen)
        if missing:
            self.grade_label.setText(
                QCoreApplication.translate(
                    "Evaluation", "{count} indicators still to score"
                ).format(count=len(missing))
            )
            return
        self.grade_label.setText(rating.rate(chosen, self._form.rules).explanation)

    def submit(self) -> None:
        month: date = self.month.currentData()
        self.run(
            credit.file_evaluation,
            self._ctx.db,
            self._ctx.actor,
            self._form.customer_id,
            month,
            self.chosen(),
            comment=self.comment.toPlainText(),
            revises=self._form.revises_id,
        )


class EvaluationReviewDialog(ServiceDialog):
    """The filed form as the branch GM (review) or the marketing director (approval) reads it:
    levels, evidence, the grade and its rule, the workflow so far; pass on / approve, or send
    back with a comment. ``step`` is "review" or "decide"."""

    def __init__(
        self, ctx: AppContext, view: EvaluationView, step: str, parent: QWidget | None = None
    ) -> None:
        ok = (
            QCoreApplication.translate("Evaluation", "Pass to the marketing director")
            if step == "review"
            else QCoreApplication.translate("Evaluation", "Approve")
        )
        super().__init__(ctx, "", parent, ok_text=ok)
        self.setWindowTitle(
            QCoreApplication.translate("Evaluation", "Credit evaluation: {name}, {month}").format(
                name=view.customer_name, month=f"{view.month:%Y-%m}"
            )
        )
        self.setMinimumWidth(860)
        self._view, self._step = view, step
        self.send_back_button = box_button(
            self.buttons,
            QCoreApplication.translate("Evaluation", "Send back"),
            QDialogButtonBox.ButtonRole.ActionRole,
            "send_back",
            lambda: self._decide(False),
        )
        self.set_intro(workflow_text(view))
        evidence = evidence_lines(view.evidence)
        for code in (*rating.KEY_INDICATORS, *rating.OTHER_INDICATORS):
            level = QLabel(view.levels.get(code, "—"), self)
            level.setObjectName(code)
            emphasise(level, 1.05)
            note = QLabel(evidence.get(code, ""), self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #555;")
            row = QWidget(self)
            hbox(level, (note, 1), parent=row, margins=0)
            self.form.addRow(indicator_label(code), row)
        result = QLabel(
            QCoreApplication.translate(
                "Evaluation", "{explanation} (rule {rule}, table version {version})"
            ).format(explanation=view.explanation, rule=view.rule, version=view.rule_version),
            self,
        )
        result.setObjectName("result")
        emphasise(result, 1.1)
        self.form.addRow(QCoreApplication.translate("Evaluation", "Grade"), result)
        self.comment = text_box(self)
        self.comment.setPlaceholderText(
            QCoreApplication.translate(
                "Evaluation", "Required to send back; recorded with the decision"
            )
        )
        self.add_field("comment", QCoreApplication.translate("Evaluation", "Comment"), self.comment)

    def submit(self) -> None:
        self._decide(True)

    def _decide(self, approve: bool) -> None:
        fn = credit.review_evaluation if self._step == "review" else credit.decide_evaluation
        self.run(
            fn, self._ctx.db, self._ctx.actor, self._view.id, approve, self.comment.toPlainText()
        )

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        if hasattr(self, "send_back_button"):
            self.send_back_button.setEnabled(not busy)


def workflow_text(view: EvaluationView) -> str:
    """Who filed, reviewed and decided, with their comments, in one paragraph."""
    parts = [
        QCoreApplication.translate("Evaluation", "Filed by {name} on {at}").format(
            name=view.filled_by, at=local_time(view.filled_at)
        )
        + (f"：{view.comment}" if view.comment else "")
    ]
    if view.reviewed_by:
        parts.append(
            QCoreApplication.translate("Evaluation", "reviewed by {name} on {at}").format(
                name=view.reviewed_by, at=local_time(view.reviewed_at)
            )
            + (f"：{view.review_comment}" if view.review_comment else "")
        )
    if view.decided_by:
        parts.append(
            QCoreApplication.translate("Evaluation", "decided by {name} on {at}").format(
                name=view.decided_by, at=local_time(view.decided_at)
            )
            + (f"：{view.decision_comment}" if view.decision_comment else "")
        )
    status = status_text(view.status, view.awaiting_branch)
    return (
        "；".join(parts)
        + "。"
        + QCoreApplication.translate("Evaluation", "Status: {status}").format(status=status)
    )
