"""Alembic environment: runs on the connection that `sdgplan.store.db.upgrade` hands over."""

from alembic import context

from sdgplan.store.db import make_engine, migration_connection
from sdgplan.store.tables import Base

config = context.config
target_metadata = Base.metadata
render_as_batch = True  # SQLite can only ALTER by copying tables


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=render_as_batch
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    # Developer use: `alembic -x url=sqlite:///dev.db revision --autogenerate -m "..."`.
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///sdgplan.db")
    engine = make_engine(url)
    try:
        with migration_connection(engine) as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=render_as_batch,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline migrations are not supported; give a database URL")
run_migrations_online()
