"""kehu-desktop: branch credit and dispatch (the ten steps of customer management)."""

__version__ = "0.1.0"
