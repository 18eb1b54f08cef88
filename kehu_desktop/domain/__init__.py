"""Pure business rules: no I/O, no Qt, no SQLAlchemy."""
