"""Example: add a customer file and put it forward for selection, using the public services.

Run against the demo database:  ./dev.sh kehu demo  &&  .venv/bin/python examples/new_customers.py
"""

from __future__ import annotations

from kehu_desktop.domain.errors import ValidationFailed
from kehu_desktop.domain.identifiers import make_uscc
from kehu_desktop.services.admin import auth
from kehu_desktop.services.admin import open_database
from kehu_desktop.services.customers import CustomerDraft
from kehu_desktop.services.customers import CustomerQuery
from kehu_desktop.services.customers import MonthlySalesInput
from kehu_desktop.services.customers import list_customers
from kehu_desktop.services.customers import save_customer
from kehu_desktop.services.customers import selection


def main() -> None:
    db = open_database()
    clerk = auth.sign_in(db, "clerk", "demo1234")
    draft = CustomerDraft(
        name="嘉兴仁济医药有限公司",
        uscc=make_uscc("91330400MA2B3C4D5"),
        phone="0573-82345678",
        postcode="314000",
        address="浙江省嘉兴市南湖区中山东路100号",
        channel="私营",
        monthly_sales=[MonthlySalesInput("2026-10", "80", "24000.00", "30")],
    )
    try:
        result = save_customer(db, clerk, draft)
    except ValidationFailed as exc:
        for error in exc.errors:
            print(f"{error.field}: {error.message}")
        return
    for warning in result.warnings:
        print("注意:", warning)
    manager = auth.sign_in(db, "sales_manager", "demo1234")
    selection.propose(db, manager, result.customer.id, "渠道网络覆盖嘉兴地区")
    for row in list_customers(db, clerk, CustomerQuery(search="jxrj")).rows:
        print(row.name, row.uscc, row.status)


if __name__ == "__main__":
    main()
