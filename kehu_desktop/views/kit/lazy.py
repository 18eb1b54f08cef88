"""The public face of an area package, loaded on first use (PEP 562).

An area's ``__init__`` names what other packages may import from it and where each name lives::

    __getattr__ = exports(__name__, {"SlipsView": "slips_view", ...})

Importing the package then does not import every screen, and two areas whose screens show each
other's widgets (the credit tab in the customer file, the credit check on the cashier desk) do
not import each other in a circle. The ``__init__`` also imports the names under
``TYPE_CHECKING`` so that type checkers see them.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that loads ``name`` from ``package.homes[name]``."""

    def attribute(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(f"{package}.{homes[name]}"), name)

    return attribute
