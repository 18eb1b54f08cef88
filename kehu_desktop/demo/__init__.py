"""The demo branch (``kehu demo``, the first run's “try it”, tests and the bench): invented
customers and a history of every workflow state, written through the public services. Not part
of the services API.
"""

from __future__ import annotations

from kehu_desktop.demo.branch import DEMO_PASSWORD
from kehu_desktop.demo.branch import DEMO_SETUP
from kehu_desktop.demo.branch import DEMO_USERS
from kehu_desktop.demo.branch import DatabaseNotEmpty
from kehu_desktop.demo.branch import DemoCancelled
from kehu_desktop.demo.branch import create_demo
from kehu_desktop.demo.branch import demo_credentials
from kehu_desktop.demo.branch import discard_unfinished_demo
from kehu_desktop.demo.history import MAKERS
from kehu_desktop.demo.history import PRODUCTS
from kehu_desktop.demo.history import DemoProduct
from kehu_desktop.demo.history import add_products
from kehu_desktop.demo.names import COMMON_WORD
from kehu_desktop.demo.names import RARE_WORD
from kehu_desktop.demo.names import CustomerGenerator
from kehu_desktop.demo.names import status_plan

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
