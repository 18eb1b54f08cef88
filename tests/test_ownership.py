"""Every table has one decided owner (domain.md §3, docs/sync.md), and every owner names a table:
a new table cannot arrive without someone deciding who writes it."""

from __future__ import annotations

import pytest

import kehu_desktop.models as models
from kehu_desktop.domain.ownership import OWNERS
from kehu_desktop.domain.ownership import TableOwner
from kehu_desktop.domain.ownership import owner_of


def test_every_table_has_an_owner() -> None:
    tables = set(models.Base.metadata.tables)
    assert sorted(tables - set(OWNERS)) == [], "decide the owner in domain/ownership.py"


def test_every_owner_names_a_table_that_exists() -> None:
    tables = set(models.Base.metadata.tables)
    assert sorted(set(OWNERS) - tables) == []


def test_an_undecided_table_is_an_error_not_a_default() -> None:
    assert owner_of("customers") is TableOwner.BRANCH
    with pytest.raises(KeyError, match="no owner decided"):
        owner_of("no_such_table")


def test_the_rule_book_s_examples_land_on_their_side() -> None:
    # domain.md §3, one table per phrase of the rule book.
    assert owner_of("products") is TableOwner.HEAD_OFFICE  # "products, factory prices"
    assert owner_of("regions") is TableOwner.HEAD_OFFICE  # "region quotas"
    assert owner_of("credit_grades") is TableOwner.HEAD_OFFICE  # "rating approval"
    for table in ("customers", "dispatch_notes", "slips", "payments"):
        assert owner_of(table) is TableOwner.BRANCH  # "customer files, dispatch notes, ..."
    assert owner_of("outbox") is TableOwner.LOCAL  # the push queue itself never travels


def test_the_settings_a_branch_keeps_are_the_ones_the_rules_give_the_branch() -> None:
    from kehu_desktop.domain.ownership import BRANCH_SETTINGS  # here: this test only
    from kehu_desktop.dto import Owner
    from kehu_desktop.services.admin.settings import RULES

    branch_rules = {key for key, rule in RULES.items() if rule.owner is Owner.BRANCH}
    assert branch_rules == BRANCH_SETTINGS
