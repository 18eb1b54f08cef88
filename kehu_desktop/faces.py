"""An area's public face that imports its modules when a name is first used (PEP 562).

Each area package of services (customers, credit, dispatch, slips, payments, products, admin)
and of views re-exports what callers use from its modules. Imported eagerly, one area's face
would load every module of the area, and through their imports every other area: `kehu user
list` loaded slips, payments and customers because setting up a branch saves the seller. So a
face names, per module, the names it exports, and the module is imported when one of them is
first read; the value is then stored on the package, so later reads cost nothing. In views the
same lets two areas whose screens show each other's widgets (the credit tab in the customer
file, the credit check on the cashier desk) use each other's faces without an import circle.

The face also imports the same names under ``if TYPE_CHECKING:`` so mypy and editors see real
types; ``tests/test_layers.py`` checks that both lists agree and that every name resolves.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence


def lazy_face(
    package: str, exports: Mapping[str, Sequence[str]]
) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and the lazy part of ``__all__`` for ``package``, whose
    ``exports`` map a module of the package (``"issued"``) to the names it gives the face."""
    where = {name: f"{package}.{module}" for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            # An unknown name may be a submodule (`from …slips import seller`): AttributeError
            # lets the import system import it.
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(where) | set(vars(sys.modules[package])))

    return __getattr__, __dir__, sorted(where)
