"""Dispatch and release: dispatch notes, the cashier desk."""
