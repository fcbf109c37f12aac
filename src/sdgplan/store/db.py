"""Engines, sessions and schema migrations."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from sdgplan.errors import ConfigError

log = logging.getLogger(__name__)
_URL_HINT = "Eksempel / example: sqlite:///sdgplan.db or postgresql://user@localhost:5432/sdgplan"


def normalize_url(url: str) -> str:
    """Use psycopg 3 for `postgresql://` URLs, the driver sdgplan installs."""
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise ConfigError(
            f"Ugyldig database-URL / invalid database URL: {url!r}",
            hint=_URL_HINT,
        ) from e
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL; SQLite gets foreign keys switched on."""
    try:
        engine = create_engine(normalize_url(url))
    except (ArgumentError, NoSuchModuleError) as e:
        raise ConfigError(
            f"Ugyldig database-URL / invalid database URL: {url!r} ({e})",
            hint=_URL_HINT,
        ) from e
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_foreign_keys)
    return engine


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL when it does not exist yet, else None."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back on any exception."""
    with Session(engine) as session, session.begin():
        yield session


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("sdgplan.store").joinpath("migrations"))
    )
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None for an empty database."""
    with _connect(engine) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema up to date (creates it in an empty database)."""
    if current_revision(engine) == head_revision():
        return
    config = _alembic_config()
    with _connect(engine) as connection, connection.begin():
        config.attributes["connection"] = connection
        log.info("upgrading database schema to %s", head_revision())
        command.upgrade(config, "head")


@contextmanager
def _connect(engine: Engine) -> Iterator[Any]:
    try:
        connection = engine.connect()
    except OperationalError as e:
        raise ConfigError(
            f"Kan ikke åpne databasen / cannot open the database: "
            f"{engine.url.render_as_string(hide_password=True)}",
            hint=str(e.orig).strip().splitlines()[0] if e.orig else None,
        ) from e
    with connection:
        yield connection
