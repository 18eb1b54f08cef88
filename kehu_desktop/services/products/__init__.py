"""Products, factory prices (厂价) and batches: head-office records an administrator keeps here
until sync brings them.

Its modules are imported when one of their names is first used: see ``kehu_desktop.faces``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.dto import BatchView
from kehu_desktop.dto import ProductView
from kehu_desktop.faces import lazy_face

if TYPE_CHECKING:
    from kehu_desktop.services.products.catalogue import DOSAGE_FORMS
    from kehu_desktop.services.products.catalogue import ProductInput
    from kehu_desktop.services.products.catalogue import add_batch
    from kehu_desktop.services.products.catalogue import get_product
    from kehu_desktop.services.products.catalogue import list_products
    from kehu_desktop.services.products.catalogue import product_batches
    from kehu_desktop.services.products.catalogue import product_by_code
    from kehu_desktop.services.products.catalogue import save_product

if not TYPE_CHECKING:  # mypy reads the imports above; a __getattr__ would hide typos
    __getattr__, __dir__, __all__ = lazy_face(__name__)
