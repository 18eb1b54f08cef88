"""Products, factory prices and batches on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlalchemy import select

from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import NotFound
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import OutboxOp
from kehu_desktop.services import products
from kehu_desktop.services.products import ProductInput
from tests.factories import Branch

TODAY = date(2026, 11, 26)
AMOXICILLIN = ProductInput(
    code="yp-001",
    name="阿莫西林胶囊",
    specification="0.25g×24粒",
    unit="盒",
    factory_price="12.50",
    batch_required=True,
)


def add(branch: Branch, inp: ProductInput = AMOXICILLIN, **changes: object) -> products.ProductView:
    inp = dataclasses.replace(inp, **changes)  # type: ignore[arg-type]
    return products.save_product(branch.db, branch.actor(Role.ADMIN), inp)


def codes(branch: Branch, search: str, **kwargs: object) -> list[str]:
    found = products.list_products(branch.db, branch.actor(Role.CASHIER), search, **kwargs)  # type: ignore[arg-type]
    return [p.code for p in found]


def test_save_and_search(branch: Branch) -> None:
    view = add(branch)
    assert (view.code, view.factory_price, view.batch_required) == (
        "YP-001",
        Decimal("12.50"),
        True,
    )
    add(branch, code="YP-002", name="布洛芬缓释胶囊", factory_price="8")
    add(
        branch, code="BJ-001", name="维生素C片", factory_price=Decimal("3.20"), batch_required=False
    )
    assert codes(branch, "") == ["BJ-001", "YP-001", "YP-002"]
    assert codes(branch, "amxl") == ["YP-001"]  # pinyin initials
    assert codes(branch, "AMXL") == ["YP-001"]
    assert codes(branch, "amoxi") == ["YP-001"]  # full pinyin prefix
    assert codes(branch, "bu luo fen") == ["YP-002"]  # spaced pinyin
    assert codes(branch, "西林") == ["YP-001"]  # name substring
    assert codes(branch, "yp") == ["YP-001", "YP-002"]  # code prefix, any case
    assert codes(branch, "胶囊") == ["YP-001", "YP-002"]
    assert codes(branch, "100%") == []
    assert products.product_by_code(branch.db, branch.actor(Role.CLERK), "yp-002").name == (
        "布洛芬缓释胶囊"
    )


def test_only_an_administrator_edits_and_no_outbox(branch: Branch) -> None:
    with pytest.raises(Forbidden):
        products.save_product(branch.db, branch.actor(Role.BRANCH_GM), AMOXICILLIN)
    view = add(branch)
    edited = add(
        branch, id=view.id, code="YP-001", name="阿莫西林克拉维酸钾片", factory_price="15.00"
    )
    assert edited.id == view.id and edited.factory_price == Decimal("15.00")
    assert codes(branch, "amxlklwsjp") == ["YP-001"]  # pinyin keys follow the new name
    assert codes(branch, "amxljn") == []
    with branch.db.read() as s:
        actions = list(
            s.execute(
                select(AuditRecord.action)
                .where(AuditRecord.entity == "product")
                .order_by(AuditRecord.at)
            ).scalars()
        )
        assert actions == ["product_created", "product_updated"]
        # head-office data: the branch never pushes it
        assert (
            s.execute(
                select(func.count()).select_from(OutboxOp).where(OutboxOp.entity == "products")
            ).scalar_one()
            == 0
        )


@pytest.mark.parametrize(
    ("price", "code"),
    [
        ("0", "product.price_min"),
        ("0.00", "product.price_min"),
        ("-1", "amount.negative"),
        ("1.005", "amount.precision"),
        ("abc", "amount.format"),
        ("", "required"),
        (None, "required"),
        ("1000000000000", "amount.too_large"),
    ],
)
def test_factory_price_validation(branch: Branch, price: str | None, code: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        add(branch, factory_price=price)
    assert [e.code for e in info.value.errors] == [code]
    assert info.value.errors[0].field == "factory_price"


def test_smallest_price_and_floats(branch: Branch) -> None:
    assert add(branch, factory_price="0.01").factory_price == Decimal("0.01")
    with pytest.raises(TypeError):
        add(branch, code="YP-009", factory_price=1.5)  # money is never a float


def test_field_errors_are_listed_together(branch: Branch) -> None:
    with pytest.raises(ValidationFailed) as info:
        add(branch, code="YP 001", name=" ", unit="", factory_price="0")
    assert {e.field for e in info.value.errors} == {"code", "name", "unit", "factory_price"}
    assert "厂价不能低于0.01元" in info.value.message


def test_duplicate_code_is_refused_in_any_case(branch: Branch) -> None:
    add(branch)
    with pytest.raises(ValidationFailed) as info:
        add(branch, code="YP-001 ", name="别的产品")
    assert info.value.errors[0].code == "product.code_taken"
    assert "阿莫西林胶囊" in info.value.message


def test_batches_good_ones_first(branch: Branch) -> None:
    pid = add(branch).id
    admin = branch.actor(Role.ADMIN)
    products.add_batch(branch.db, admin, pid, "B2", "2027-06-30")
    products.add_batch(branch.db, admin, pid, "B1", date(2026, 12, 31))
    products.add_batch(branch.db, admin, pid, "OLD1", date(2025, 1, 31))
    old = products.add_batch(branch.db, admin, pid, "OLD2", "2026年10月31日")
    assert old.expired is True
    batches = products.product_batches(branch.db, branch.actor(Role.CASHIER), pid)
    assert [(b.batch_no, b.expired) for b in batches] == [
        ("B1", False),
        ("B2", False),
        ("OLD2", True),
        ("OLD1", True),
    ]
    with pytest.raises(ValidationFailed) as info:
        products.add_batch(branch.db, admin, pid, "B1", "2028-01-01")
    assert info.value.errors[0].code == "product.batch_taken"
    with pytest.raises(ValidationFailed) as info:
        products.add_batch(branch.db, admin, pid, "", "2026-02-30")
    assert {e.field for e in info.value.errors} == {"batch_no", "expiry"}
    with pytest.raises(Forbidden):
        products.add_batch(branch.db, branch.actor(Role.CASHIER), pid, "B9", TODAY)


def test_inactive_products_are_hidden_from_the_list(branch: Branch) -> None:
    view = add(branch)
    add(branch, AMOXICILLIN, id=view.id, active=False)
    assert codes(branch, "") == []
    assert codes(branch, "", include_inactive=True) == ["YP-001"]
    assert products.get_product(branch.db, branch.actor(Role.CLERK), view.id).active is False
    with pytest.raises(NotFound):
        products.product_by_code(branch.db, branch.actor(Role.CLERK), "NOPE")
