"""The ``kehu-desktop`` program's entry point: start the Qt app, or say plainly that Qt is missing.

Qt is the ``gui`` extra (``pip install "kehu-desktop[gui]"``); a plain install is the core and
the ``kehu`` command line. Started from such an install, the program would otherwise die on an
``ImportError`` that a cashier cannot read, and a gui-script on Windows has no console to show
even that. So this module imports nothing of Qt itself: it imports the app, and if what is
missing is the ``gui`` extra it shows a message in Chinese and English (a native message box
where there is no console) and exits with status 1.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

#: Top-level modules the ``gui`` extra brings (see pyproject.toml).
GUI_EXTRA = frozenset({"PySide6", "shiboken6", "pypdfium2"})
INSTALL = 'pip install "kehu-desktop[gui]"'
TITLE = "kehu-desktop: 缺少 Qt / Qt is not installed"


def missing_gui_message(module: str) -> str:
    return (
        "kehu-desktop 桌面程序需要 Qt（PySide6），"
        f"但当前 Python 环境中没有安装（缺少 {module}）。\n"
        f"请安装桌面版：{INSTALL}\n"
        "命令行工具 kehu 不需要 Qt，可以照常使用。\n"
        "\n"
        f"The kehu-desktop app needs Qt (PySide6), which is not installed in this Python "
        f"environment ({module} is missing).\n"
        f"Install the desktop app with: {INSTALL}\n"
        "The command line, kehu, needs no Qt and works as it is.\n"
    )


def _tell(text: str) -> None:
    if sys.stderr is not None:
        print(text, file=sys.stderr, end="")
    elif sys.platform == "win32":  # pythonw: no console, so a message box
        import ctypes  # Windows only; not needed anywhere else

        ctypes.windll.user32.MessageBoxW(None, text, TITLE, 0x10)  # MB_ICONERROR


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Imported here, not at the top: a missing Qt must reach the except clause below.
        app = importlib.import_module("kehu_desktop.views.shell.app")
    except ModuleNotFoundError as error:
        top = (error.name or "").split(".")[0]
        if top not in GUI_EXTRA:
            raise
        _tell(missing_gui_message(top))
        return 1
    result: int = app.main(argv)
    return result


if __name__ == "__main__":
    sys.exit(main())
