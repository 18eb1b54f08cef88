"""Head-office sync in the desktop (issue 8): the 设置 → 总部同步 page, the status bar's sync
indicator and the runner that syncs on a timer and on demand, off the GUI thread.

The sync itself is Qt-free (``kehu_desktop.sync``); these modules only call it and show it.
"""
