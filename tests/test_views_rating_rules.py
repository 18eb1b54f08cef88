"""评级规则表 on screen (issue 9, step 3): head office's marketing head edits the rule table, sees
the inversions of the edited table change live, is refused without a note (at the note) and with
a table that cannot grade everything (on the rule's row), saves version N+1; the older versions
stay readable; anyone else, or a registered branch, reads the table only. Screenshots in
artifacts/screens."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.rating import DEFAULT_RULES
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import RatingRuleTable
from kehu_desktop.models import SyncState
from kehu_desktop.services import credit
from kehu_desktop.views.credit import RatingRulesView
from kehu_desktop.views.kit.context import AppContext
from tests.factories import Branch
from tests.gui_support import MakeContext
from tests.gui_support import cell
from tests.gui_support import chinese_catalogue
from tests.gui_support import chinese_ui
from tests.gui_support import contexts
from tests.gui_support import save_screen
from tests.test_views_credit import click

__all__ = ["chinese_catalogue", "chinese_ui", "contexts"]  # fixtures used below

TODAY = date(2026, 11, 26)
LAST = len(DEFAULT_RULES) - 1


def versions(branch: Branch) -> int:
    with branch.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(RatingRuleTable)) or 0)


def open_view(qtbot: QtBot, ctx: AppContext) -> RatingRulesView:
    view = RatingRulesView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 720)
    view.show()
    qtbot.waitUntil(lambda: not view.busy and bool(view.versions))
    return view


def test_head_office_edits_the_table_sees_the_inversions_and_saves_a_version(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    view = open_view(qtbot, contexts(Role.MARKETING_HEAD))
    assert view.editable and view.versions[0].version == 0
    assert "默认" in view.in_force.text()
    assert view.rules_table.rowCount() == len(DEFAULT_RULES)
    assert cell(view.rules_table, 1, 4) == "2级：关键指标全A，其他指标有C"
    assert "63" in view.inversions_label.text()  # keys of A and C only (docs/decisions.md)
    assert "A,A,A,C" in view.inversions_label.text()
    assert not view.save_button.isEnabled()  # nothing edited yet

    # "Some C on the keys → 4" before the catch-all: fewer inversions, counted live.
    click(qtbot, view.add_button)
    assert view.rules_table.rowCount() == len(DEFAULT_RULES) + 1
    view.set_rule(LAST, 4, "some_c", "any")
    assert cell(view.rules_table, LAST, 4) == "4级：关键指标有C"
    assert view.edited and "14" in view.inversions_label.text()
    assert "第0版" in view.inversions_label.text() and "63" in view.inversions_label.text()
    # And "some C, others only A and B → 3" above it: none left.
    view.rules_table.selectRow(LAST - 1)
    click(qtbot, view.add_button)
    view.set_rule(LAST, 3, "some_c", "only_ab")
    click(qtbot, view.down_button)
    click(qtbot, view.up_button)
    assert cell(view.rules_table, LAST, 4) == "3级：关键指标有C，其他指标只有A和B"
    assert "没有" in view.inversions_label.text()

    # No note: refused at the note, nothing saved.
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy and view.messages.kind == "error")
    assert "原因" in view.messages.text() and view.note.toolTip()
    assert versions(sqlite_branch) == 0 and view.edited
    view.note.setText("关键指标A、C兼有时不再一律5级")
    save_screen(view, "rating-rules-edited")
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy and view.versions[0].version == 1)
    assert versions(sqlite_branch) == 1 and not view.edited
    assert "已保存" in view.messages.text() or view.messages.kind == "success"
    assert "第1版" in view.in_force.text() and "关键指标A、C兼有" in view.in_force.text()
    assert view.versions[0].inversions == 0 and len(view.versions[0].rules) == LAST + 3
    assert "已修改" not in view.inversions_label.text() and "没有" in view.inversions_label.text()
    saved = credit.rule_table(sqlite_branch.db, sqlite_branch.actor(Role.SALES_MANAGER))
    assert [(r.grade, r.key, r.other) for r in saved.rules[LAST : LAST + 2]] == [
        (3, "some_c", "only_ab"),
        (4, "some_c", "any"),
    ]

    # The versions: the new one in force, the default below, each readable.
    view.tabs.setCurrentIndex(1)
    assert view.versions_table.rowCount() == 2
    assert "1" in cell(view.versions_table, 0, 0) and cell(view.versions_table, 0, 4) == "0"
    view.versions_table.selectRow(1)
    assert view.version_rules.rowCount() == len(DEFAULT_RULES)
    assert cell(view.version_rules, 1, 1) == "2级：关键指标全A，其他指标有C"
    save_screen(view, "rating-rules-versions")


def test_a_table_without_a_catch_all_is_refused_on_its_row(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    view = open_view(qtbot, contexts(Role.MARKETING_HEAD))
    view.set_rule(LAST, 5, "all_a", "any")  # the last rule no longer holds for anything
    assert "不能保存" in view.inversions_label.text()
    view.note.setText("试改")
    click(qtbot, view.save_button)
    qtbot.waitUntil(lambda: not view.busy and view.messages.kind == "error")
    reading = view.rules_table.item(LAST, 4)
    assert reading is not None and "最后一条规则" in reading.toolTip()
    first = view.rules_table.item(0, 4)
    assert first is not None and "最后一条规则" not in first.toolTip()
    assert versions(sqlite_branch) == 0
    save_screen(view, "rating-rules-refused")
    click(qtbot, view.discard_button)
    assert not view.edited and cell(view.rules_table, LAST, 4) == "5级：不符合以上各条"


def test_without_the_right_to_edit_the_table_is_read_only(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    head = sqlite_branch.actor(Role.MARKETING_HEAD)
    table = [{"grade": r.grade, "key": r.key, "other": r.other} for r in DEFAULT_RULES]
    credit.save_rule_table(sqlite_branch.db, head, table[1:], "一级取消")
    view = open_view(qtbot, contexts(Role.SALES_MANAGER))
    assert not view.editable
    assert not view.edit_bar.isVisible() and not view.save_bar.isVisible()
    assert view.rules_table.cellWidget(0, 1) is None
    assert cell(view.rules_table, 0, 1) == "2级" or "2" in cell(view.rules_table, 0, 1)
    assert "第1版" in view.in_force.text() and "一级取消" in view.in_force.text()
    save_screen(view, "rating-rules-read-only")
    view.tabs.setCurrentIndex(1)
    assert view.versions_table.rowCount() == 2


def test_a_registered_branch_reads_the_table_only(
    qtbot: QtBot, chinese_ui: None, contexts: MakeContext, sqlite_branch: Branch
) -> None:
    with sqlite_branch.db.write() as s:  # registered with head office (sync_state's row)
        s.add(SyncState(id=1))
    sqlite_branch.db.refresh_role()
    view = open_view(qtbot, contexts(Role.MARKETING_HEAD))
    assert view.versions[0].edited_at_head_office and not view.editable
    assert not view.save_bar.isVisible() and "总部" in view.hint.text()
    assert view.rules_table.cellWidget(0, 1) is None
