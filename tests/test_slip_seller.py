"""The slip as 随货同行单: the seller's details (services.seller), the products' dosage form and
manufacturer, and what a slip copies of them when it is issued (and keeps afterwards)."""

from __future__ import annotations

import json
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kehu_desktop.cli import main as kehu
from kehu_desktop.db import Database
from kehu_desktop.demo import DEMO_PASSWORD
from kehu_desktop.demo import DEMO_SETUP
from kehu_desktop.demo import MAKERS
from kehu_desktop.demo import PRODUCTS
from kehu_desktop.demo import create_demo
from kehu_desktop.domain.errors import Forbidden
from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.roles import Role
from kehu_desktop.models import AuditRecord
from kehu_desktop.models import OutboxOp
from kehu_desktop.models import SellerDetails
from kehu_desktop.models import User
from kehu_desktop.services import products
from kehu_desktop.services.admin import BranchSetup
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import is_set_up
from kehu_desktop.services.admin import set_up_branch
from kehu_desktop.services.slips import SellerInput
from kehu_desktop.services.slips import get_seller
from kehu_desktop.services.slips import get_slip
from kehu_desktop.services.slips import list_slips
from kehu_desktop.services.slips import printers
from kehu_desktop.services.slips import save_seller
from tests.factories import Branch
from tests.factories import make_shop
from tests.test_slips_service import slip_for

SELLER = SellerInput(
    company_name="华东康健医药股份有限公司",
    address="上海市静安区共和新路1888号康健大厦5楼",
    phone="（021）5678 1234",
    licence_no="沪aa 0210087",
)


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_an_administrator_sets_the_seller_details_checked_and_audited(branch: Branch) -> None:
    admin = branch.actor(Role.ADMIN)
    assert get_seller(branch.db, admin) is None  # not set yet
    with pytest.raises(Forbidden):
        save_seller(branch.db, branch.actor(Role.CLERK), SELLER)
    with pytest.raises(ValidationFailed) as bad:
        save_seller(
            branch.db,
            admin,
            SellerInput(company_name=" ", address="上海", phone="5678", licence_no="沪A-021"),
        )
    fields = {e.field: e.message for e in bad.value.errors}
    assert set(fields) == {"company_name", "phone", "licence_no"}
    assert "公司名称不能为空" in fields["company_name"]
    assert "沪AA0210001" in fields["licence_no"]  # says what a licence number looks like
    with branch.db.read() as s:
        assert s.execute(select(SellerDetails)).first() is None  # nothing half-written

    view = save_seller(branch.db, admin, SELLER)
    assert view.seller_name == "华东康健医药股份有限公司上海分公司"
    assert (view.phone, view.licence_no) == ("021-56781234", "沪AA0210087")  # normalised
    assert get_seller(branch.db, branch.actor(Role.SALES_REP)) == view
    with branch.db.read() as s:
        audited = s.execute(
            select(AuditRecord.username).where(AuditRecord.action == "seller_details_saved")
        ).scalar_one()
        pushed = s.execute(select(OutboxOp).where(OutboxOp.entity == "seller_details")).scalar_one()
    assert audited == "admin" and pushed.entity_id == str(branch.branch_id)
    assert pushed.payload["licence_no"] == "沪AA0210087"


def test_a_slip_copies_the_seller_and_the_makers_and_keeps_them(branch: Branch) -> None:
    admin = branch.actor(Role.ADMIN)
    save_seller(branch.db, admin, SELLER)
    shop = make_shop(branch)
    good = products.get_product(branch.db, admin, shop.goods_id)
    products.save_product(
        branch.db,
        admin,
        products.ProductInput(
            code=good.code,
            name=good.name,
            specification=good.specification,
            unit=good.unit,
            factory_price=good.factory_price,
            dosage_form="片剂",
            manufacturer="汤臣倍健股份有限公司",
            id=good.id,
        ),
    )
    number = slip_for(shop)
    accountant = branch.actor(Role.ACCOUNTANT)
    issued = get_slip(branch.db, accountant, number)
    assert issued.seller_name == "华东康健医药股份有限公司上海分公司"
    assert (issued.seller_address, issued.seller_phone, issued.seller_licence_no) == (
        "上海市静安区共和新路1888号康健大厦5楼",
        "021-56781234",
        "沪AA0210087",
    )
    (line,) = issued.lines
    assert (line.dosage_form, line.manufacturer) == ("片剂", "汤臣倍健股份有限公司")

    # The branch moves and the maker is renamed: the issued slip does not change.
    save_seller(branch.db, admin, replace(SELLER, address="上海市浦东新区张江路88号"))
    products.save_product(
        branch.db,
        admin,
        products.ProductInput(
            code=good.code,
            name=good.name,
            unit=good.unit,
            factory_price=good.factory_price,
            manufacturer="另一家公司",
            id=good.id,
        ),
    )
    assert get_slip(branch.db, accountant, number) == issued
    text = _text(printers.slip_pdf_bytes(branch.db, accountant, number))
    assert "共和新路1888号" in text and "张江路" not in text
    assert "汤臣倍健股份有限公司" in text and "沪AA0210087" in text
    newer = get_slip(branch.db, accountant, slip_for(shop))
    assert newer.seller_address == "上海市浦东新区张江路88号"
    assert newer.lines[0].manufacturer == "另一家公司" and newer.lines[0].dosage_form is None


def test_a_slip_of_a_branch_without_seller_details_names_the_branch(branch: Branch) -> None:
    number = slip_for(make_shop(branch))
    view = get_slip(branch.db, branch.actor(Role.ACCOUNTANT), number)
    assert view.seller_name is None and view.seller_licence_no is None
    text = _text(printers.slip_pdf_bytes(branch.db, branch.actor(Role.ACCOUNTANT), number))
    assert "上海分公司" in text and "药品经营许可证" not in text


def test_the_first_run_stores_the_seller_and_checks_it_with_the_rest(db: Database) -> None:
    setup = BranchSetup("SH", "上海分公司", "HD", "华东大区", "admin", "secret-123")
    with pytest.raises(ValidationFailed) as bad:
        set_up_branch(db, replace(setup, admin_password="short", seller=SellerInput()))
    fields = {e.field for e in bad.value.errors}
    assert fields == {"admin_password", "company_name", "address", "phone", "licence_no"}
    assert not is_set_up(db)
    branch_id = set_up_branch(db, replace(setup, seller=SELLER))
    with db.read() as s:
        row = s.get(SellerDetails, branch_id)
        admin = s.execute(select(User)).scalar_one()
    assert row is not None and row.company_name == "华东康健医药股份有限公司"
    assert admin.username == "admin"


def test_products_keep_their_dosage_form_and_manufacturer(branch: Branch) -> None:
    admin = branch.actor(Role.ADMIN)
    view = products.save_product(
        branch.db,
        admin,
        products.ProductInput(
            code="yp-9001",
            name="连花清瘟胶囊",
            specification="0.35g×24粒",
            unit="盒",
            factory_price="14.50",
            batch_required=True,
            dosage_form=" 胶囊剂 ",
            manufacturer="石家庄以岭药业股份有限公司",
        ),
    )
    assert (view.dosage_form, view.manufacturer) == ("胶囊剂", "石家庄以岭药业股份有限公司")
    with pytest.raises(ValidationFailed) as bad:
        products.save_product(
            branch.db,
            admin,
            products.ProductInput(
                code="YP-9002", name="x", unit="盒", factory_price="1.00", dosage_form="剂" * 21
            ),
        )
    assert [e.field for e in bad.value.errors] == ["dosage_form"]
    assert "剂型不能超过20个字符" in bad.value.errors[0].message


def test_the_cli_adds_and_lists_dosage_form_and_manufacturer(
    branch: Branch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = branch.db.url
    argv = ["--database", url, "product", "add", "YP-7001", "板蓝根颗粒", "--unit", "包"]
    argv += ["--price", "11.00", "--dosage-form", "颗粒剂"]
    argv += ["--manufacturer", "广州白云山和记黄埔中药有限公司", "--batch-required"]
    assert kehu(argv) == 0
    capsys.readouterr()
    assert kehu(["--database", url, "product", "list", "板蓝根"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.split("\t")[:6] == [
        "YP-7001",
        "板蓝根颗粒",
        "颗粒剂",
        "",
        "广州白云山和记黄埔中药有限公司",
        "包",
    ]
    assert kehu(["--database", url, "product", "list", "板蓝根", "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["dosage_form"] == "颗粒剂"


def test_the_demo_branch_prints_a_full_seller_and_makers(sqlite_db: Database) -> None:
    create_demo(sqlite_db, customers=8, seed=3)  # enough selected for slips
    seller = DEMO_SETUP.seller
    assert seller is not None
    admin = auth.sign_in(sqlite_db, "admin", DEMO_PASSWORD)
    shown = get_seller(sqlite_db, admin)
    assert shown is not None and shown.seller_name == "华东康健医药股份有限公司上海分公司"
    listed = products.list_products(sqlite_db, admin, include_inactive=True, limit=100)
    assert {p.code: (p.dosage_form, p.manufacturer) for p in listed} == MAKERS
    assert {code for code, *_ in PRODUCTS} == set(MAKERS)
    assert all(p.dosage_form for p in listed if p.batch_required)  # every medicine has one
    slips = list_slips(sqlite_db, admin)
    assert slips, "the demo has no slips"
    view = get_slip(sqlite_db, admin, slips[-1].number)
    assert view.seller_licence_no == seller.licence_no
    assert all(line.manufacturer for line in view.lines)
