"""Products and batches."""
