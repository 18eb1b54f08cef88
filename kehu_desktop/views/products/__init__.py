"""Products and batches.

The package's public face (views.kit.lazy): other packages import these names from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kehu_desktop.views.kit.lazy import exports

if TYPE_CHECKING:
    from kehu_desktop.views.products.products_view import ProductsView as ProductsView

__getattr__ = exports(
    __name__,
    {
        "ProductsView": "products_view",
    },
)
