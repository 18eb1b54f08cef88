"""Alembic environment. Run through kehu_desktop.migrations.migrate(), which passes a connection."""

from __future__ import annotations

from alembic import context

from kehu_desktop.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # e.g. `alembic revision --autogenerate` from a developer's shell
    from sqlalchemy import create_engine

    from kehu_desktop.config import database_url

    connection = create_engine(database_url()).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only ALTER by copying tables
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
