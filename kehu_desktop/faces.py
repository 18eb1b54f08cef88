"""An area's public face that imports its modules when a name is first used (PEP 562).

Each area package of services (customers, credit, dispatch, slips, payments, products, admin)
and of views re-exports what callers use from its modules. Imported eagerly, one area's face
would load every module of the area, and through their imports every other area: `kehu user
list` loaded slips, payments and customers because setting up a branch saves the seller. In
views the same lets two areas whose screens show each other's widgets (the credit tab in the
customer file, the credit check on the cashier desk) use each other's faces without an import
circle.

A face is written once, as imports under ``if TYPE_CHECKING:`` (what mypy and editors read)::

    if TYPE_CHECKING:
        from kehu_desktop.services.slips.seller import SellerInput, save_seller

    if not TYPE_CHECKING:
        __getattr__, __dir__, __all__ = lazy_face(__name__)

Those imports never run. :func:`lazy_face` reads them from the face's compiled code (present in
an installed or frozen program, where the source may not be) and imports ``seller`` when
``SellerInput`` or ``save_seller`` is first read (a later read finds the module in
``sys.modules``: a dictionary look-up). Nothing is stored on the package, so a module made
unavailable (a test's stand-in for a screen that is not installed) is seen as such.
``__getattr__`` stays hidden from mypy, so a misspelt name is still an error.
``tests/test_layers.py`` checks that every face serves exactly what it imports for mypy.
"""

from __future__ import annotations

import importlib
import opcode
import sys
from collections.abc import Callable
from types import CodeType

_IMPORT_NAME = opcode.opmap["IMPORT_NAME"]
_IMPORT_FROM = opcode.opmap["IMPORT_FROM"]
_STORE_NAME = opcode.opmap["STORE_NAME"]


def imported_names(code: CodeType) -> dict[str, tuple[str, str]]:
    """Every ``from module import name [as alias]`` compiled into ``code`` (run or not):
    alias → (module, name).

    Read from the raw bytecode (two bytes an instruction: the operation, its argument, wider
    arguments led by EXTENDED_ARG), not through ``dis``: building ``dis``'s instruction objects
    was a tenth of a command's start-up (issue 12)."""
    found: dict[str, tuple[str, str]] = {}
    module = name = ""
    raw, names = code.co_code, code.co_names
    wide = 0
    for at in range(0, len(raw), 2):
        op, arg = raw[at], raw[at + 1] | wide
        if op == opcode.EXTENDED_ARG:
            wide = arg << 8
            continue
        wide = 0
        if op == _IMPORT_NAME:
            module = names[arg]
        elif op == _IMPORT_FROM:
            name = names[arg]
        elif op == _STORE_NAME and name:
            found[names[arg]] = (module, name)
            name = ""
    return found


def lazy_face(
    package: str,
) -> tuple[Callable[[str], object], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` for the face ``package``, called from its
    ``__init__``: the names it imports from its own modules are served on first use; ``__all__``
    lists them and what it imports eagerly from the rest of the program."""
    code = sys._getframe(1).f_code  # the face's module code, running this call
    imports = imported_names(code)
    own = f"{package}."
    where = {alias: found for alias, found in imports.items() if found[0].startswith(own)}
    eager = [
        alias
        for alias, (module, _) in imports.items()
        if module.startswith("kehu_desktop.") and alias not in where and module != __name__
    ]

    def __getattr__(name: str) -> object:
        if name not in where:
            # An unknown name may be a submodule (`from …slips import seller`): AttributeError
            # lets the import system import it.
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attribute = where[name]
        return getattr(importlib.import_module(module), attribute)

    def __dir__() -> list[str]:
        return sorted(set(where) | set(vars(sys.modules[package])))

    return __getattr__, __dir__, sorted([*eager, *where])
