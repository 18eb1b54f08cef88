"""Benchmarks: `python -m bench` prints the table (see docs/bench.md)."""
