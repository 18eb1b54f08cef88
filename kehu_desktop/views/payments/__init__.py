"""Payments and receivables: recording a payment, receipts, receivables, remittances."""
