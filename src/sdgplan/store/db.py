"""Engines, sessions, schema migrations, and database errors as messages."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.util import asbool

from sdgplan.errors import ConfigError, Conflict, NotFound, StoreError
from sdgplan.i18n import N_, _, ngettext

# Alembic is imported by the functions that change or inspect migrations: a command that
# finds its database at HEAD_REVISION reads one row and never loads it (a third of a second).
if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0018"
"""The newest migration (tests/store/test_migrations.py checks it against Alembic's head)."""

log = logging.getLogger(__name__)
_URL_HINT = N_("Eksempel: sqlite:///sdgplan.db eller postgresql://user@localhost:5432/sdgplan")

SQLITE_TIMEOUT = 5.0
"""Seconds SQLite waits for another program's lock before it gives up; `?timeout=` overrides."""

_LOCKED = N_("databasen er låst av et annet program; prøv igjen når det er ferdig")
_READ_ONLY = N_("databasen er skrivebeskyttet; bruk en fil du kan skrive til")
_SQLITE_PROBLEMS = {  # by primary result code, https://www.sqlite.org/rescode.html
    "SQLITE_BUSY": _LOCKED,
    "SQLITE_LOCKED": _LOCKED,
    "SQLITE_READONLY": _READ_ONLY,
    "SQLITE_PERM": _READ_ONLY,
    "SQLITE_NOTADB": N_("filen er ikke en database; sjekk databaseadressen"),
    "SQLITE_FULL": N_("disken er full; frigjør plass og prøv igjen"),
    "SQLITE_CANTOPEN": N_(
        "kan ikke åpne databasefilen; sjekk at mappen finnes og at du har tilgang"
    ),
}
_REFUSED = N_(
    "får ikke kontakt med databaseserveren; sjekk at den kjører og at databaseadressen er riktig"
)


def normalize_url(url: str) -> str:
    """Use psycopg 3 for `postgresql://` URLs, the driver sdgplan installs."""
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise ConfigError(
            _("Ugyldig database-URL: {url}").format(url=repr(url)), hint=_(_URL_HINT)
        ) from e
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    """An engine for a SQLAlchemy URL.

    SQLite gets foreign keys, a busy timeout of `SQLITE_TIMEOUT` seconds, and transactions
    that include DDL, so a failed migration leaves nothing behind.
    """
    normalized = normalize_url(url)
    try:
        engine = create_engine(normalized, connect_args=_connect_args(make_url(normalized)))
    except (ArgumentError, NoSuchModuleError) as e:
        raise ConfigError(
            _("Ugyldig database-URL: {url} ({reason})").format(url=repr(url), reason=e),
            hint=_(_URL_HINT),
        ) from e
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _connect_args(url: URL) -> dict[str, Any]:
    if url.get_backend_name() == "sqlite" and "timeout" not in url.query:
        return {"timeout": SQLITE_TIMEOUT}
    return {}


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite commits before DDL and begins only before DML; SQLAlchemy's recipe for
    # transactional DDL turns that off and emits BEGIN itself (docs: "Serializable isolation /
    # Savepoints / Transactional DDL" for pysqlite).
    dbapi_connection.isolation_level = None
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (also `sqlite:///file:PATH?mode=ro&uri=true`), else None."""
    parsed = make_url(normalize_url(url))
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database:
        return None
    if asbool(parsed.query.get("uri", False)) and database.startswith("file:"):
        database = urlparse(database).path
    return None if database in ("", ":memory:") else Path(database)


def missing_sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL when it does not exist yet, else None."""
    path = sqlite_path(url)
    return None if path is None or path.exists() else path


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back on any exception."""
    with Session(engine) as session, session.begin():
        yield session


def display_url(url: URL | str) -> str:
    """The URL as shown to users: the password hidden."""
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def database_errors(url: URL | str) -> Iterator[None]:
    """Raise `StoreError` naming the database for what makes it unusable (locked, full, ...)."""
    try:
        yield
    except (OperationalError, DatabaseError) as e:
        # subclasses such as IntegrityError are mistakes in sdgplan, not in the database
        if not isinstance(e, OperationalError) and type(e) is not DatabaseError:
            raise
        raise StoreError(f"{display_url(url)}: {_problem(e)}") from e


def _problem(error: DatabaseError) -> str:
    name = getattr(error.orig, "sqlite_errorname", None)
    if name is not None:
        primary = "_".join(name.split("_")[:2])
        if primary in _SQLITE_PROBLEMS:
            return _(_SQLITE_PROBLEMS[primary])
    reason = str(error.orig).strip()
    if "Connection refused" in reason:
        return _(_REFUSED)
    first_line = reason.splitlines()[0] if reason else type(error.orig).__name__
    return _("databasen kan ikke brukes: {reason}").format(reason=first_line)


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("sdgplan.store").joinpath("migrations"))
    )
    return config


def head_revision(config: Config | None = None) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(config or _alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with database_errors(engine.url), engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def checked_revision(engine: Engine, config: Config | None = None) -> str | None:
    """The revision, after checking that this sdgplan knows it and the database is sdgplan's."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with database_errors(engine.url), engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
    scripts = ScriptDirectory.from_config(config or _alembic_config())
    where = display_url(engine.url)
    if revision is not None and revision not in {s.revision for s in scripts.walk_revisions()}:
        raise ConfigError(
            _("{where}: laget av en nyere sdgplan (revisjon {revision}); oppgrader sdgplan").format(
                where=where, revision=revision
            )
        )
    if revision is None and tables:
        raise ConfigError(
            _(
                "{where}: ikke en sdgplan-database (den har andre tabeller); velg en annen database"
            ).format(where=where)
        )
    return revision


def stored_revision(engine: Engine) -> str | None:
    """The revision in the database's `alembic_version` table, read with SQLAlchemy alone;
    None where there is no such table or row."""
    with database_errors(engine.url), engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        version = sa.table("alembic_version", sa.column("version_num"))
        rows = connection.execute(sa.select(version.c.version_num)).scalars().all()
    return rows[0] if len(rows) == 1 else None


def check_current(engine: Engine) -> None:
    """Raise unless the database holds the newest schema; reads only, never writes."""
    if stored_revision(engine) == HEAD_REVISION:
        return
    revision = checked_revision(engine)
    where = display_url(engine.url)
    if revision is None:
        raise _empty(where)
    head = head_revision()
    if revision != head:
        raise ConfigError(
            _(
                "{where}: eldre skjema (revisjon {revision}, nyeste {head}); "
                "kjør sdgplan db upgrade"
            ).format(where=where, revision=revision, head=head)
        )


def _empty(where: str) -> NotFound:
    return NotFound(
        _("{where}: databasen er tom; importer en plan først: sdgplan import plan FIL").format(
            where=where
        )
    )


def upgrade(engine: Engine, *, config: Config | None = None) -> str | None:
    """Bring the schema up to date (creates it in an empty database); returns the old revision."""
    if config is None and stored_revision(engine) == HEAD_REVISION:
        return HEAD_REVISION
    config = config or _alembic_config()
    revision = checked_revision(engine, config)
    if revision == head_revision(config):
        return revision
    log.info("upgrading database schema from %s to %s", revision, head_revision(config))
    from alembic import command

    with database_errors(engine.url), migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return revision


def downgrade(engine: Engine, target: str, *, config: Config | None = None) -> str | None:
    """Go back to revision `target` ("base": no tables); returns the old revision.

    A migration that would delete data refuses before anything changes (`refuse_data_loss`).
    """
    config = config or _alembic_config()
    revision = checked_revision(engine, config)
    where = display_url(engine.url)
    if revision is None:
        raise _empty(where)
    from alembic import command
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(config)
    choices = [s.revision for s in scripts.iterate_revisions(revision, "base")] + ["base"]
    if target not in choices:
        listed = ", ".join(choices)
        raise ConfigError(
            _("{where}: kan ikke nedgradere til {target}; velg en av {listed}").format(
                where=where, target=target, listed=listed
            )
        )
    if target == revision:
        return revision
    with database_errors(engine.url), migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, target)
    return revision


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for Alembic.

    On SQLite, foreign keys are off while batch mode copies and drops tables (else dropping
    a table deletes its rows and cascades), and checked before the commit.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            _foreign_keys(connection, on=False)
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                _foreign_keys(connection, on=True)


def _foreign_keys(connection: Connection, *, on: bool) -> None:
    # outside any transaction: SQLite ignores this pragma inside one
    cursor = connection.connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    cursor.close()


def _check_foreign_keys(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = ", ".join(sorted({row[0] for row in broken}))
        raise Conflict(
            _(
                "{where}: migreringen ville brutt fremmednøkler i {tables}; ingenting er endret"
            ).format(where=display_url(connection.engine.url), tables=tables)
        )


def refuse_data_loss(
    revision: str,
    *,
    tables: Sequence[str] = (),
    columns: Mapping[str, Mapping[str, str | None]] | None = None,
) -> None:
    """In a downgrade of `revision`: raise `Conflict` before changing anything if it would
    drop data, naming what and how many rows.

    `tables` are dropped; `columns` maps a table to the columns dropped from it, each with the
    text of a value that holds nothing (besides NULL), e.g. "null" for JSON or "0" for a default.
    """
    from alembic import op

    bind = op.get_bind()
    losses = [(name, _count(bind, name)) for name in tables]
    for table, empties in (columns or {}).items():
        for column, empty in empties.items():
            losses.append((f"{table}.{column}", _count(bind, table, column, empty)))
    found = [f"{what} ({_rows(count)})" for what, count in losses if count]
    if found:
        raise Conflict(
            _(
                "{where}: nedgradering under {revision} ville slette: {found}; ingenting er endret"
            ).format(where=display_url(bind.engine.url), revision=revision, found=", ".join(found))
        )


def refuse_duplicates(revision: str, table: str, column: str) -> None:
    """In a downgrade of `revision` that makes `column` unique again: raise `Conflict`
    before changing anything if a value occurs more than once, naming the values."""
    from alembic import op

    bind = op.get_bind()
    query = f"SELECT {column} FROM {table} GROUP BY {column} HAVING COUNT(*) > 1 ORDER BY 1"
    values = list(bind.execute(sa.text(query)).scalars())
    if values:
        raise Conflict(
            _(
                "{where}: nedgradering under {revision} går ikke: {what} har verdier som "
                "finnes flere ganger ({values}), og før den var de unike; ingenting er endret"
            ).format(
                where=display_url(bind.engine.url),
                revision=revision,
                what=f"{table}.{column}",
                values=", ".join(values[:20]),
            )
        )


def refuse_longer_than(revision: str, limits: Mapping[str, Mapping[str, int]]) -> None:
    """In a downgrade of `revision` that gives text columns a length again: raise `Conflict`
    before changing anything if a value is longer than its column's limit (PostgreSQL would
    refuse it half-way), naming each column, its limit and how many rows.

    `limits` maps a table to its columns, each with the length it goes back to.
    """
    from alembic import op

    bind = op.get_bind()
    found = []
    for table, columns in limits.items():
        for column, limit in columns.items():
            value = sa.table(table, sa.column(column)).c[column]
            query = sa.select(sa.func.count()).where(sa.func.length(value) > limit)
            count = int(bind.execute(query).scalar_one())
            if count:
                found.append(
                    _("{column} > {limit} tegn ({rows})").format(
                        column=f"{table}.{column}", limit=limit, rows=_rows(count)
                    )
                )
    if found:
        raise Conflict(
            _(
                "{where}: nedgradering under {revision} ville avkorte: {found}; ingenting er endret"
            ).format(where=display_url(bind.engine.url), revision=revision, found=", ".join(found))
        )


def _count(
    bind: Connection, table: str, column: str | None = None, empty: str | None = None
) -> int:
    if column is None:
        return int(
            bind.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()
        )
    value = sa.table(table, sa.column(column)).c[column]
    query = sa.select(sa.func.count()).where(value.is_not(None))
    if empty is not None:
        query = query.where(sa.cast(value, sa.Text) != empty)
    return int(bind.execute(query).scalar_one())


def _rows(count: int) -> str:
    return ngettext("{count} rad", "{count} rader", count).format(count=count)
