"""kehu-desktop: branch-office customer credit and dispatch (the ten steps of customer management)."""

__version__ = "0.1.0"
