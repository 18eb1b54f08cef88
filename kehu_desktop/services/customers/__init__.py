"""Customers and selection (steps 1-2): the customer file, the searchable list, selection and its
change forms, and the Excel import and export of customer files.
"""

from __future__ import annotations

from kehu_desktop.dto import (
    CREATE,
    SKIP,
    UPDATE,
    ImportReport,
    RowError,
    RowResult,
)
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
from kehu_desktop.services.customers.exporting import (
    HEADERS,
    export_customers,
)
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

__all__ = [
    "BASIC_FIELDS",
    "COLUMNS",
    "COMMON_KEY",
    "CREATE",
    "CREDIT_FIELDS",
    "CustomerDraft",
    "CustomerQuery",
    "Decision",
    "HEADERS",
    "HEADER_CODES",
    "ImportReport",
    "Index",
    "MAX_LENGTHS",
    "MonthlySalesInput",
    "Party",
    "REASONS",
    "RowError",
    "RowResult",
    "SEARCH_EXAMPLE",
    "SKIP",
    "UPDATE",
    "USCC",
    "approve",
    "candidates",
    "change_form_entries",
    "count_customers",
    "draft_from_file",
    "export_customers",
    "get_customer",
    "import_customers",
    "iter_customers",
    "list_customers",
    "parse_month",
    "phone_key",
    "print_change_form",
    "propose",
    "review",
    "save_customer",
    "search_condition",
    "set_region_quota",
    "template_headers",
    "terminate",
    "text_key",
    "visible_to",
    "write_template",
]
