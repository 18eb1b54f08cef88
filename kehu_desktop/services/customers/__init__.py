"""Customers and selection (steps 1-2): the customer file, the searchable list, selection and its
change forms, and the Excel import and export of customer files.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import CREATE, SKIP, UPDATE, ImportReport, RowError, RowResult
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.customers.customer_files import (
        BASIC_FIELDS,
        CREDIT_FIELDS,
        MAX_LENGTHS,
        CustomerDraft,
        MonthlySalesInput,
        draft_from_file,
        get_customer,
        parse_month,
        save_customer,
        visible_to,
    )
    from kehu_desktop.services.customers.customer_list import (
        COMMON_KEY,
        SEARCH_EXAMPLE,
        CustomerQuery,
        count_customers,
        iter_customers,
        list_customers,
        search_condition,
    )
    from kehu_desktop.services.customers.exporting import HEADERS, export_customers
    from kehu_desktop.services.customers.import_matching import (
        REASONS,
        USCC,
        Index,
        Party,
        candidates,
        phone_key,
        text_key,
    )
    from kehu_desktop.services.customers.importing import (
        COLUMNS,
        HEADER_CODES,
        import_customers,
        template_headers,
        write_template,
    )
    from kehu_desktop.services.customers.selection import (
        Decision,
        approve,
        change_form_entries,
        print_change_form,
        propose,
        review,
        set_region_quota,
        terminate,
    )

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
