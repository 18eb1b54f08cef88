"""The demo branch (``kehu demo``, the first run's “try it”, tests and the bench): invented
customers and a history of every workflow state, written through the public services. Not part
of the services API.
"""

from __future__ import annotations

from kehu_desktop.demo.branch import (
    DEMO_PASSWORD,
    DEMO_SETUP,
    DEMO_USERS,
    DatabaseNotEmpty,
    DemoCancelled,
    create_demo,
    demo_credentials,
    discard_unfinished_demo,
)
from kehu_desktop.demo.history import (
    MAKERS,
    PRODUCTS,
    DemoProduct,
    add_products,
)
from kehu_desktop.demo.names import (
    COMMON_WORD,
    RARE_WORD,
    CustomerGenerator,
    status_plan,
)

__all__ = [
    "COMMON_WORD",
    "CustomerGenerator",
    "DEMO_PASSWORD",
    "DEMO_SETUP",
    "DEMO_USERS",
    "DatabaseNotEmpty",
    "DemoCancelled",
    "DemoProduct",
    "MAKERS",
    "PRODUCTS",
    "RARE_WORD",
    "add_products",
    "create_demo",
    "demo_credentials",
    "discard_unfinished_demo",
    "status_plan",
]
