"""`sdgplan db`: the database's schema revision, upgrade and downgrade."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_database, safe_url, store_options
from sdgplan.cli.groups import cli

# The store (SQLAlchemy, Alembic) is imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.group(name="db")
def db_group() -> None:
    """Databasen / the database: schema revision, upgrade, downgrade."""


@db_group.command(name="status", short_help="Vis skjemarevisjonen / show the schema revision.")
@store_options
def status(*, settings: Settings) -> None:
    """Vis databasens skjemarevisjon / show the database's schema revision and the newest.

    Reads only: the database is never created or changed.

    Example:

        sdgplan db status --db sqlite:///sdgplan.db
    """
    from sdgplan.store import db

    with open_database(settings, must_exist=True) as engine:
        revision = db.checked_revision(engine)
    head = db.head_revision()
    click.echo(f"Database: {safe_url(settings.db)}")
    path = db.sqlite_path(settings.db)
    if path is not None:
        click.echo(f"Fil / file: {path.resolve()}")
    click.echo(f"Revisjon / revision: {revision or 'ingen (tom) / none (empty)'}")
    click.echo(f"Nyeste / head: {head}")
    if revision is None:
        click.echo("Tom database / empty database: sdgplan init")
    elif revision == head:
        click.echo("Oppdatert / up to date")
    else:
        click.echo("Eldre skjema / older schema: sdgplan db upgrade")


@db_group.command(name="upgrade", short_help="Oppgrader skjemaet / upgrade the schema.")
@store_options
def upgrade(*, settings: Settings) -> None:
    """Oppgrader databasen til nyeste skjema / upgrade the database to the newest schema.

    Commands that write do this themselves; commands that only read ask you to run this.
    A migration that fails changes nothing.

    Example:

        sdgplan db upgrade --db sqlite:///sdgplan.db
    """
    from sdgplan.store import db

    with open_database(settings, must_exist=False) as engine:
        before = db.upgrade(engine)
    head = db.head_revision()
    where = safe_url(settings.db)
    if before == head:
        click.echo(f"Allerede oppdatert / already up to date ({head}): {where}")
    else:
        click.echo(f"Oppgradert / upgraded {before or '-'} -> {head}: {where}")


@db_group.command(name="downgrade", short_help="Nedgrader skjemaet / downgrade the schema.")
@click.argument("revision")
@store_options
def downgrade(revision: str, *, settings: Settings) -> None:
    """Nedgrader databasen til REVISION / downgrade the database to REVISION (or `base`).

    For going back to an older sdgplan. A step that would delete data (a table or column
    that holds something) refuses before anything changes and names what it would delete;
    see `sdgplan db status` for the revision.

    Example:

        sdgplan db downgrade 0003 --db sqlite:///sdgplan.db
    """
    from sdgplan.store import db

    with open_database(settings, must_exist=True) as engine:
        before = db.downgrade(engine, revision)
    click.echo(f"Nedgradert / downgraded {before} -> {revision}: {safe_url(settings.db)}")
