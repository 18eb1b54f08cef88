"""我的待办 (issue 9): each role's lines of work with their counts, from the services that own
them (the desktop opening on it: test_views_work). On SQLite (the services below it are tested
on both databases)."""

from __future__ import annotations

from datetime import date

import pytest

from kehu_desktop.domain.rating import KEY_INDICATORS
from kehu_desktop.domain.rating import OTHER_INDICATORS
from kehu_desktop.domain.roles import Role
from kehu_desktop.services import credit
from kehu_desktop.services import my_work as work
from kehu_desktop.services import warnings
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import selection
from tests.factories import Branch
from tests.factories import make_shop
from tests.factories import new_customer
from tests.factories import new_selected_customer
from tests.factories import ready_note
from tests.test_warnings import sold

TODAY = date(2026, 11, 26)


def lines(branch: Branch, role: Role) -> dict[str, int]:
    return {i.key: i.count for i in work.my_work(branch.db, branch.actor(role))}


@pytest.fixture
def busy_branch(sqlite_branch: Branch) -> Branch:
    """A proposed customer, a filed evaluation, a warning for the GM, a note for the cashier."""
    b = sqlite_branch
    proposed = new_customer(b, "上海待审医药有限公司")
    selection.propose(b.db, b.actor(Role.SALES_MANAGER), proposed, "渠道强")
    shop = make_shop(b, grade=3, limit="10000.00")
    sold(shop, "9000.00", issued=TODAY)
    levels = dict.fromkeys((*KEY_INDICATORS, *OTHER_INDICATORS), "A")
    credit.file_evaluation(b.db, b.actor(Role.SALES_MANAGER), shop.customer_id, TODAY, levels)
    new_selected_customer(b, "上海未评医药有限公司")
    ready_note(shop, "cash", "100.00")
    warnings.run_warnings(b.db, Actor.system(b.branch_id))
    return b


def test_each_role_sees_its_own_lines(busy_branch: Branch) -> None:
    gm = lines(busy_branch, Role.BRANCH_GM)
    assert gm["customers"] == 1 and gm["evaluations"] == 1
    assert gm["warnings"] == 1  # grade 3: the GM's
    assert gm["visits"] >= 2  # never visited: due today
    manager = lines(busy_branch, Role.SALES_MANAGER)
    assert "customers" not in manager and "warnings" not in manager
    assert manager["rating_due"] == 1  # the unrated one; the one filed is under way
    assert lines(busy_branch, Role.CASHIER) == {"releases": 1}
    assert lines(busy_branch, Role.CLERK) == {}
    text = {i.key: i.text for i in work.my_work(busy_branch.db, busy_branch.actor(Role.BRANCH_GM))}
    assert text["evaluations"] == "1份资信评估表待处理"
