"""Qt widgets, dialogs and item models. The only layer that imports PySide6."""
