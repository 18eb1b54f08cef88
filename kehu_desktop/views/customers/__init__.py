"""Customers and selection: the list, the customer file, imports, approvals."""
