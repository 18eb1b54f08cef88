"""Slips and printing jobs: the slip list, previews, printer profiles, the spooler."""
