"""Alembic environment: migrates the URL given in the Config (see geo.store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from geo.store.models import Base

config = context.config
target_metadata = Base.metadata

# Tables owned by extensions (PostGIS, pgRouting), never by our migrations.
_FOREIGN_TABLES = {"spatial_ref_sys", "topology", "layer"}


def _include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    if type_ == "table" and name in _FOREIGN_TABLES:
        return False
    return True


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
        with engine.begin() as connection:
            _run(connection)
    else:
        _run(connectable)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
