"""Customers and selection (steps 1-2): the customer file, the searchable list, selection and its
change forms, withdrawing a dealership, and the Excel import and export of customer files.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import CREATE
from kehu_desktop.dto import SKIP
from kehu_desktop.dto import UPDATE
from kehu_desktop.dto import ImportReport
from kehu_desktop.dto import RowError
from kehu_desktop.dto import RowResult
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.customers.customer_files import BASIC_FIELDS
    from kehu_desktop.services.customers.customer_files import CREDIT_FIELDS
    from kehu_desktop.services.customers.customer_files import MAX_LENGTHS
    from kehu_desktop.services.customers.customer_files import CustomerDraft
    from kehu_desktop.services.customers.customer_files import MonthlySalesInput
    from kehu_desktop.services.customers.customer_files import add_customers
    from kehu_desktop.services.customers.customer_files import draft_from_file
    from kehu_desktop.services.customers.customer_files import get_customer
    from kehu_desktop.services.customers.customer_files import parse_month
    from kehu_desktop.services.customers.customer_files import save_customer
    from kehu_desktop.services.customers.customer_files import visible_to
    from kehu_desktop.services.customers.customer_list import COMMON_KEY
    from kehu_desktop.services.customers.customer_list import SEARCH_EXAMPLE
    from kehu_desktop.services.customers.customer_list import CustomerQuery
    from kehu_desktop.services.customers.customer_list import count_customers
    from kehu_desktop.services.customers.customer_list import iter_customers
    from kehu_desktop.services.customers.customer_list import list_customers
    from kehu_desktop.services.customers.customer_list import search_condition
    from kehu_desktop.services.customers.exporting import HEADERS
    from kehu_desktop.services.customers.exporting import export_customers
    from kehu_desktop.services.customers.import_matching import REASONS
    from kehu_desktop.services.customers.import_matching import USCC
    from kehu_desktop.services.customers.import_matching import Index
    from kehu_desktop.services.customers.import_matching import Party
    from kehu_desktop.services.customers.import_matching import candidates
    from kehu_desktop.services.customers.import_matching import phone_key
    from kehu_desktop.services.customers.import_matching import text_key
    from kehu_desktop.services.customers.importing import COLUMNS
    from kehu_desktop.services.customers.importing import HEADER_CODES
    from kehu_desktop.services.customers.importing import import_customers
    from kehu_desktop.services.customers.importing import template_headers
    from kehu_desktop.services.customers.importing import write_template
    from kehu_desktop.services.customers.sales_report import export_monthly_sales_report
    from kehu_desktop.services.customers.sales_report import monthly_sales_report
    from kehu_desktop.services.customers.sales_report import reports_awaiting_review
    from kehu_desktop.services.customers.sales_report import review_sales_report
    from kehu_desktop.services.customers.sales_report import sales_report_review
    from kehu_desktop.services.customers.selection import Decision
    from kehu_desktop.services.customers.selection import StepDecision
    from kehu_desktop.services.customers.selection import apply_head_office_decisions
    from kehu_desktop.services.customers.selection import approve
    from kehu_desktop.services.customers.selection import awaiting_branch
    from kehu_desktop.services.customers.selection import change_form_entries
    from kehu_desktop.services.customers.selection import decide_many
    from kehu_desktop.services.customers.selection import print_change_form
    from kehu_desktop.services.customers.selection import propose
    from kehu_desktop.services.customers.selection import review
    from kehu_desktop.services.customers.selection import set_region_quota
    from kehu_desktop.services.customers.selection import terminate
    from kehu_desktop.services.customers.withdrawal import count_withdrawals
    from kehu_desktop.services.customers.withdrawal import decide_withdrawal
    from kehu_desktop.services.customers.withdrawal import open_withdrawals
    from kehu_desktop.services.customers.withdrawal import propose_withdrawal
    from kehu_desktop.services.customers.withdrawal import review_withdrawal
    from kehu_desktop.services.customers.withdrawal import withdrawal_queue
    from kehu_desktop.services.customers.withdrawal import withdrawal_stages

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
