"""Customer files through the public services, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.errors import Conflict
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import Customer
from kehu_desktop.models import CustomerNameGram
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import name_grams
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import MonthlySalesInput
from kehu_desktop.services.customers import count_customers
from kehu_desktop.services.customers import draft_from_file
from kehu_desktop.services.customers import get_customer
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import save_customer
from tests.factories import Branch

TODAY = date(2026, 11, 26)  # the business clock's day (tests/conftest.py)
USCC_A = make_uscc("91310000132200821")
USCC_B = make_uscc("91310115MA1K3Y4Q2")


def draft(**kw: object) -> CustomerDraft:
    base: dict[str, object] = dict(
        name="上海医药股份有限公司",
        uscc=USCC_A,
        phone="+86 138 1234 5678",
        postcode="200001",
        address="上海市黄浦区河南中路88号",
        channel="国有",
        market_office="浦东市场部",
        founded="1994-01-18",
        annual_sales_scale="1,200,000.50",
        years_in_business="30",
        monthly_sales=[MonthlySalesInput("2026-09", "120", "35000.00", "40")],
    )
    base.update(kw)
    return CustomerDraft(**base)  # type: ignore[arg-type]


def test_save_and_read_back_all_three_parts(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    result = save_customer(branch.db, clerk, draft())
    assert result.created
    f = get_customer(branch.db, clerk, result.customer.id)
    assert f.name == "上海医药股份有限公司"
    assert f.phone == "13812345678"
    assert f.channel == "state_owned"
    assert f.market_office == "浦东市场部"
    assert f.annual_sales_scale == Decimal("1200000.50")
    assert f.years_in_business == 30
    assert f.status == "prospect"
    assert f.monthly_sales[0].month == date(2026, 9, 1)
    assert f.monthly_sales[0].amount == Decimal("35000.00")
    with branch.db.read() as s:
        assert (
            s.execute(
                select(func.count())
                .select_from(AuditRecord)
                .where(AuditRecord.action == "customer_created")
            ).scalar_one()
            == 1
        )
        entities = {o.entity for o in s.execute(select(OutboxOp)).scalars()}
        seqs = [o.seq for o in s.execute(select(OutboxOp).order_by(OutboxOp.seq)).scalars()]
    assert {"customers", "customer_credit_data", "customer_monthly_sales"} <= entities
    assert seqs == list(range(1, len(seqs) + 1))


def test_every_bad_field_is_listed_and_nothing_written(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    bad = draft(
        name="",
        uscc="91310000132200821X",
        postcode="20001",
        phone="12345",
        founded="2999-01-01",
        annual_sales_scale="-5",
        channel="外资",
    )
    with pytest.raises(ValidationFailed) as info:
        save_customer(branch.db, clerk, bad)
    fields = {e.field for e in info.value.errors}
    assert fields >= {
        "name",
        "uscc",
        "postcode",
        "phone",
        "founded",
        "annual_sales_scale",
        "channel",
    }
    assert "校验位" in info.value.for_field("uscc")[0].message
    with branch.db.read() as s:
        assert s.execute(select(func.count()).select_from(Customer)).scalar_one() == 0


def test_duplicate_credit_code_refused_similar_name_warned(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    save_customer(branch.db, clerk, draft())
    with pytest.raises(ValidationFailed) as info:
        save_customer(branch.db, clerk, draft(name="别的公司"))
    assert info.value.errors[0].field == "uscc"
    assert "上海医药股份有限公司" in info.value.errors[0].message
    similar = save_customer(branch.db, clerk, draft(name="上海医药有限公司", uscc=USCC_B))
    assert similar.warnings and "上海医药股份有限公司" in similar.warnings[0]


def test_stale_edit_refused(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    created = save_customer(branch.db, clerk, draft()).customer
    first = draft_from_file(created)
    second = draft_from_file(created)
    first.address = "新地址一"
    save_customer(branch.db, clerk, first)
    second.address = "新地址二"
    with pytest.raises(Conflict):
        save_customer(branch.db, branch.actor(Role.SALES_MANAGER), second)
    assert get_customer(branch.db, clerk, created.id).address == "新地址一"


def test_roles_enforced_in_service(branch: Branch) -> None:
    with pytest.raises(Forbidden) as info:
        save_customer(branch.db, branch.actor(Role.CASHIER), draft())
    assert "文员" in info.value.message


def test_search_box(branch: Branch) -> None:
    clerk = branch.actor(Role.CLERK)
    save_customer(branch.db, clerk, draft())
    save_customer(
        branch.db,
        clerk,
        draft(
            name="杭州华东医药连锁有限公司", uscc=USCC_B, phone="0571-87654321", channel="连锁药店"
        ),
    )

    def names(q: str, **kw: object) -> list[str]:
        page = list_customers(branch.db, clerk, CustomerQuery(search=q, **kw))  # type: ignore[arg-type]
        return [r.name for r in page.rows]

    assert names("shyy") == ["上海医药股份有限公司"]
    assert names("hangzhou") == ["杭州华东医药连锁有限公司"]
    assert names("华东") == ["杭州华东医药连锁有限公司"]
    assert names(USCC_B[:6]) == ["杭州华东医药连锁有限公司"]
    assert names("0571") == ["杭州华东医药连锁有限公司"]
    assert names("138123") == ["上海医药股份有限公司"]
    assert names("", channel="pharmacy_chain") == ["杭州华东医药连锁有限公司"]
    assert names("", sort="name", descending=True)[0] == "杭州华东医药连锁有限公司"
    assert count_customers(branch.db, clerk, CustomerQuery(search="医药")) == 2


def test_renamed_customer_is_found_by_its_new_name_only(branch: Branch) -> None:
    """The name bigrams (customer_name_grams) follow the name: the old ones go on a rename."""
    clerk = branch.actor(Role.CLERK)
    created = save_customer(branch.db, clerk, draft(name="苏州礼安医药有限公司"))
    save_customer(branch.db, clerk, draft(name="杭州华东医药连锁有限公司", uscc=USCC_B))

    def names(q: str) -> list[str]:
        return [r.name for r in list_customers(branch.db, clerk, CustomerQuery(search=q)).rows]

    assert names("礼安") == ["苏州礼安医药有限公司"]
    renamed = draft_from_file(created.customer)
    renamed.name = "宁波鹤年堂药业有限公司"
    save_customer(branch.db, clerk, renamed)
    assert names("礼安") == [] and names("苏州礼") == []
    assert names("鹤年") == names("鹤年堂药") == ["宁波鹤年堂药业有限公司"]
    assert names("有限公司") == ["宁波鹤年堂药业有限公司", "杭州华东医药连锁有限公司"]
    with branch.db.read() as s:
        grams = s.execute(
            select(CustomerNameGram.gram).where(CustomerNameGram.customer_id == created.customer.id)
        ).scalars()
        assert set(grams) == name_grams("宁波鹤年堂药业有限公司")
