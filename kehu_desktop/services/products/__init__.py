"""Products, factory prices (厂价) and batches: head-office records an administrator keeps here
until sync brings them.
"""

from __future__ import annotations

from kehu_desktop.dto import (
    BatchView,
    ProductView,
)
from kehu_desktop.services.products.catalogue import (
    DOSAGE_FORMS,
    ProductInput,
    add_batch,
    get_product,
    list_products,
    product_batches,
    product_by_code,
    save_product,
)

__all__ = [
    "BatchView",
    "DOSAGE_FORMS",
    "ProductInput",
    "ProductView",
    "add_batch",
    "get_product",
    "list_products",
    "product_batches",
    "product_by_code",
    "save_product",
]
