"""`sdgplan db`: the database's schema revision, upgrade and downgrade."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_database, safe_url, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

# The store (SQLAlchemy, Alembic) is imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.group(name="db", help=N_("Databasen: skjemarevisjon, oppgradering, nedgradering."))
def db_group() -> None:
    pass


@db_group.command(
    name="status",
    short_help=N_("Vis skjemarevisjonen."),
    help=N_(
        "Vis databasens skjemarevisjon og den nyeste.\n\n"
        "Leser bare: databasen blir aldri opprettet eller endret.\n\n"
        "Eksempel:\n\n"
        "    sdgplan db status --db sqlite:///sdgplan.db"
    ),
)
@store_options
def status(*, settings: Settings) -> None:
    from sdgplan.store import db

    with open_database(settings, must_exist=True) as engine:
        revision = db.checked_revision(engine)
    head = db.head_revision()
    click.echo(_("Database: {database}").format(database=safe_url(settings.db)))
    path = db.sqlite_path(settings.db)
    if path is not None:
        click.echo(_("Fil: {path}").format(path=path.resolve()))
    click.echo(_("Revisjon: {revision}").format(revision=revision or _("ingen (tom)")))
    click.echo(_("Nyeste: {revision}").format(revision=head))
    if revision is None:
        click.echo(_("Tom database: sdgplan init"))
    elif revision == head:
        click.echo(_("Oppdatert"))
    else:
        click.echo(_("Eldre skjema: sdgplan db upgrade"))


@db_group.command(
    name="upgrade",
    short_help=N_("Oppgrader skjemaet."),
    help=N_(
        "Oppgrader databasen til nyeste skjema.\n\n"
        "Kommandoer som skriver, gjør dette selv; kommandoer som bare leser, ber deg kjøre "
        "denne. En migrering som feiler, endrer ingenting.\n\n"
        "Eksempel:\n\n"
        "    sdgplan db upgrade --db sqlite:///sdgplan.db"
    ),
)
@store_options
def upgrade(*, settings: Settings) -> None:
    from sdgplan.store import db

    with open_database(settings, must_exist=False) as engine:
        before = db.upgrade(engine)
    head = db.head_revision()
    where = safe_url(settings.db)
    if before == head:
        click.echo(
            _("Allerede oppdatert ({revision}): {database}").format(revision=head, database=where)
        )
    else:
        click.echo(
            _("Oppgradert {before} -> {after}: {database}").format(
                before=before or "-", after=head, database=where
            )
        )


@db_group.command(
    name="downgrade",
    short_help=N_("Nedgrader skjemaet."),
    help=N_(
        "Nedgrader databasen til REVISJON (eller `base`).\n\n"
        "For å gå tilbake til en eldre sdgplan. Et steg som ville slette data (en tabell "
        "eller kolonne som har noe i seg), nekter før noe endres og sier hva det ville "
        "slette; se `sdgplan db status` for revisjonen.\n\n"
        "Eksempel:\n\n"
        "    sdgplan db downgrade 0003 --db sqlite:///sdgplan.db"
    ),
)
@click.argument("revision", metavar=N_("REVISJON"))
@store_options
def downgrade(revision: str, *, settings: Settings) -> None:
    from sdgplan.store import db

    with open_database(settings, must_exist=True) as engine:
        before = db.downgrade(engine, revision)
    click.echo(
        _("Nedgradert {before} -> {after}: {database}").format(
            before=before, after=revision, database=safe_url(settings.db)
        )
    )
