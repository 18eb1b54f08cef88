"""Head-office mode of the services (issue 8): on head office's database, which holds every
branch's records, head office reads every branch, a regional user the branches of the region,
a branch user still only the branch; each list can be narrowed to one branch of the scope.
On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kehu_desktop.db import Database
from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.services import credit
from kehu_desktop.services import dispatch
from kehu_desktop.services import payments
from kehu_desktop.services import slips
from kehu_desktop.services.admin import branch_in_scope
from kehu_desktop.services.admin import branches_in_scope
from kehu_desktop.services.admin import edit_setting
from kehu_desktop.services.admin import region_quotas
from kehu_desktop.services.admin import set_region_max_customers
from kehu_desktop.services.base import Actor
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import Decision
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import iter_customers
from kehu_desktop.services.customers import selection
from tests.hq_factories import HeadOfficeWorld
from tests.hq_factories import branch_name
from tests.hq_factories import make_head_office
from tests.hq_factories import reviewed_customer

TODAY = date(2026, 11, 26)


@pytest.fixture
def world(db: Database) -> HeadOfficeWorld:
    return make_head_office(db)


def _readers(world: HeadOfficeWorld) -> list[tuple[str, Actor, set[str]]]:
    """(who, actor, the branches they read)."""
    return [
        ("marketing head", world.office[Role.MARKETING_HEAD], {"SH", "HZ", "GZ"}),
        ("finance", world.office[Role.FINANCE], {"SH", "HZ", "GZ"}),
        ("HD regional manager", world.office[Role.REGIONAL_MANAGER], {"SH", "HZ"}),
        ("HN marketing director", world.south[Role.MARKETING_DIRECTOR], {"GZ"}),
        ("SH accountant", world.branches["SH"].actor(Role.ACCOUNTANT), {"SH"}),
        ("GZ accountant", world.branches["GZ"].actor(Role.ACCOUNTANT), {"GZ"}),
    ]


def test_each_list_covers_the_readers_branches_and_narrows_to_one(world: HeadOfficeWorld) -> None:
    db = world.db
    customer_branch = {shop.customer_id: code for code, shop in world.shops.items()}
    for who, actor, scope in _readers(world):
        lists = {
            "customers": lambda branch=None, a=actor: {
                customer_branch[r.id]
                for r in iter_customers(db, a, CustomerQuery(branch_id=branch))
            },
            "dispatch notes": lambda branch=None, a=actor: {
                n.number.split("-")[0] for n in dispatch.list_dispatches(db, a, branch_id=branch)
            },
            "slips": lambda branch=None, a=actor: {
                r.number.split("-")[0] for r in slips.list_slips(db, a, branch_id=branch)
            },
            "payments": lambda branch=None, a=actor: {
                customer_branch[p.customer_id]
                for p in payments.list_payments(db, a, branch_id=branch)
            },
            "receivables": lambda branch=None, a=actor: {
                customer_branch[r.customer_id]
                for r in payments.receivables(db, a, branch_id=branch)
            },
            "change form": lambda branch=None, a=actor: {
                e.number.split("-")[0]
                for e in selection.change_form_entries(db, a, branch_id=branch)
            },
        }
        for name, read in lists.items():
            assert read() == scope, f"{who}: {name}"
            for code, branch in world.branches.items():
                expected = {code} & scope  # a branch outside the scope: nothing, never more
                assert read(branch.branch_id) == expected, f"{who}: {name} of {code}"
        assert {b.code for b in branches_in_scope(db, actor)} == scope, who


def test_a_branch_user_cannot_see_another_branchs_records(world: HeadOfficeWorld) -> None:
    db = world.db
    sh = world.branches["SH"]
    gz_customer = world.shops["GZ"].customer_id
    clerk = sh.actor(Role.CLERK)
    with pytest.raises(NotFound):
        get_customer(db, clerk, gz_customer)
    with pytest.raises(NotFound):
        slips.get_slip(db, sh.actor(Role.ACCOUNTANT), world.slips["GZ"])
    with pytest.raises(NotFound):
        payments.outstanding(db, sh.actor(Role.ACCOUNTANT), gz_customer)
    with pytest.raises(NotFound):
        branch_in_scope(db, clerk, "GZ")
    assert branch_in_scope(db, clerk, "sh") == sh.branch_id
    assert get_customer(db, clerk, world.shops["SH"].customer_id).name.startswith("上海")


def test_a_regional_user_stays_in_the_region(world: HeadOfficeWorld) -> None:
    db = world.db
    manager = world.office[Role.REGIONAL_MANAGER]
    director = world.office[Role.MARKETING_DIRECTOR]
    assert get_customer(db, manager, world.shops["HZ"].customer_id).name.startswith("杭州")
    with pytest.raises(NotFound):
        get_customer(db, manager, world.shops["GZ"].customer_id)
    with pytest.raises(NotFound):
        branch_in_scope(db, manager, "GZ")  # another region's branch: as if unknown
    gz_note = dispatch.list_dispatches(
        db, world.office[Role.FINANCE], branch_id=world.branch_id("GZ")
    )[0]
    with pytest.raises(NotFound):
        dispatch.get_dispatch(db, manager, gz_note.id)
    # The HD marketing director grades HD's customers at head office, not HN's.
    credit.set_grade(
        db,
        director,
        world.shops["SH"].customer_id,
        2,
        effective_from=date(2026, 11, 1),
        reason="月度评级",
    )
    with pytest.raises((Forbidden, NotFound)):
        credit.set_grade(
            db,
            director,
            world.shops["GZ"].customer_id,
            2,
            effective_from=date(2026, 11, 1),
            reason="月度评级",
        )


def test_head_office_approves_customers_of_every_branch(world: HeadOfficeWorld) -> None:
    """The approval queue of the marketing head at head office: every branch's reviewed
    customers; the approval writes the change-form entry in the customer's branch."""
    db = world.db
    head = world.office[Role.MARKETING_HEAD]
    reviewed = {}
    for code, branch in world.branches.items():
        reviewed[code] = reviewed_customer(branch, f"{branch_name(code)}新华医药有限公司")
    queue = iter_customers(db, head, CustomerQuery(status="reviewed"))
    assert {r.id for r in queue} == set(reviewed.values())
    only_gz = iter_customers(
        db, head, CustomerQuery(status="reviewed", branch_id=world.branch_id("GZ"))
    )
    assert [r.id for r in only_gz] == [reviewed["GZ"]]
    for cid in reviewed.values():
        # Head office's decision is its own record; the customer is the branch's row.
        assert selection.approve(db, head, cid, Decision.APPROVE).status == "reviewed"
    with pytest.raises(Conflict):  # decided already: waiting for the branch
        selection.approve(db, head, reviewed["GZ"], Decision.APPROVE)
    # Each branch applies the decision after its pull and pushes the customer back (done here
    # on head office's database: the rows the push would bring).
    for code, branch in world.branches.items():
        selection.apply_head_office_decisions(db, branch.actor(Role.BRANCH_GM), branch.branch_id)
        assert get_customer(db, head, reviewed[code]).status == "selected"
    entries = selection.change_form_entries(db, head)
    gz_entry = next(e for e in entries if e.customer_name == "广州新华医药有限公司")
    assert gz_entry.number.startswith("GZ-CF-") and gz_entry.branch_name == "广州分公司"


def test_region_quotas_at_head_office(world: HeadOfficeWorld) -> None:
    db = world.db
    head = world.office[Role.MARKETING_HEAD]
    finance = world.office[Role.FINANCE]
    rows = {r.code: r for r in region_quotas(db, head)}
    assert list(rows) == ["HD", "HN"]
    assert (rows["HD"].branches, rows["HD"].selected_customers) == (2, 2)
    assert rows["HD"].max_customers is None and rows["HD"].credit_quota is None
    assert rows["HN"].approved_this_month == Decimal("10000.00")  # GZ's customer's limit
    assert [r.code for r in region_quotas(db, world.south[Role.REGIONAL_MANAGER])] == ["HN"]
    assert [r.code for r in region_quotas(db, world.branches["SH"].actor(Role.CLERK))] == ["HD"]

    set_region_max_customers(db, head, rows["HD"].id, " 2 ")
    edit_setting(db, finance, "credit.region_quota.HD", "50000")
    after = {r.code: r for r in region_quotas(db, head)}["HD"]
    assert after.max_customers == 2 and after.credit_quota == Decimal("50000.00")
    # The region is full: head office's next approval there is refused.
    cid = reviewed_customer(world.branches["HZ"], "杭州满额医药有限公司")
    with pytest.raises(Conflict):
        selection.approve(db, head, cid, Decision.APPROVE)
    set_region_max_customers(db, head, rows["HD"].id, "")  # no limit again
    selection.approve(db, head, cid, Decision.APPROVE)  # head office's step, for HZ to apply

    with pytest.raises(ValidationFailed) as bad:
        set_region_max_customers(db, head, rows["HD"].id, "两百")
    assert bad.value.errors[0].field == "max_customers"
    with pytest.raises(Forbidden):  # the number of customers is the marketing head's
        set_region_max_customers(db, finance, rows["HD"].id, "5")
    with pytest.raises(Forbidden):  # the credit quota finance's (or the administrator's)
        edit_setting(db, head, "credit.region_quota.HD", "1")
