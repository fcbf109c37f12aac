"""`sdgplan token add | list | revoke`: API tokens for scripts that write through the API
(issue 12)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

# The store is imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sdgplan.config import Settings
    from sdgplan.domain.users import User
    from sdgplan.store.edit_repo import Token

MAX_DAYS = 366  # as sdgplan.editing.tokens, which checks it again
DEFAULT_DAYS = 90


@cli.group(
    name="token",
    help=N_(
        "API-nøkler for skript som skriver gjennom API-et (/api/v1/edit). En nøkkel handler "
        "som brukeren sin, med brukerens rolle og satsingsområder; den lagres bare som en "
        "hash og vises bare når den lages."
    ),
)
def token_group() -> None:
    pass


@token_group.command(
    name="add",
    short_help=N_("Lag en API-nøkkel."),
    help=N_(
        "Lag en API-nøkkel for en bruker. Nøkkelen skrives alene på standard ut, én gang: "
        "ta vare på den da. Skript sender den som Authorization: Bearer NØKKEL.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan token add nattlig-import --user ola --days 30"
    ),
)
@click.argument("name", metavar=N_("NAVN"))
@click.option("--user", "user_name", required=True, metavar=N_("BRUKER"), help=N_("Brukeren."))
@click.option(
    "--days",
    type=click.IntRange(1, MAX_DAYS),
    default=DEFAULT_DAYS,
    show_default=True,
    help=N_("Hvor mange dager nøkkelen virker."),
)
@store_options
def token_add(name: str, user_name: str, days: int, *, settings: Settings) -> None:
    from sdgplan.editing import tokens
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        user = _existing_user(session, user_name)
        token, stored = tokens.create_token(session, user, label=name, days=days)
    click.echo(token)
    click.echo(
        _("Nøkkel {id} for {user}, virker til {date}. Den vises ikke igjen.").format(
            id=stored.id, user=user.name, date=_date(stored.expires_at)
        ),
        err=True,
    )


@token_group.command(
    name="list",
    short_help=N_("Vis API-nøklene."),
    help=N_(
        "Vis API-nøklene: nummer, bruker, navn, begynnelsen av nøkkelen, når den utløper, "
        "når den sist ble brukt og om den er trukket tilbake eller utløpt. Selve nøklene "
        "kan ikke vises.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan token list --user ola"
    ),
)
@click.option(
    "--user", "user_name", default=None, metavar=N_("BRUKER"), help=N_("Bare denne brukerens.")
)
@store_options
def token_list(user_name: str | None, *, settings: Settings) -> None:
    from sdgplan.store import edit_repo, user_repo
    from sdgplan.store.db import session_scope

    key = user_repo.name_key(user_name) if user_name else None  # also a removed user's
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        found = edit_repo.tokens_of(session, key)
    if not found:
        click.echo(_("Ingen API-nøkler er lagret."))
        return
    now = dt.datetime.now(dt.UTC)
    rows = [
        [str(t.id), t.user_key, t.label, t.prefix + "…", _state(t, now), _used(t)] for t in found
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for *cells, used in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + "  " + used)


@token_group.command(
    name="revoke",
    short_help=N_("Trekk tilbake en API-nøkkel."),
    help=N_(
        "Trekk tilbake en API-nøkkel (nummeret fra sdgplan token list): den virker ikke "
        "lenger. Endringsloggen viser hvem som gjorde det.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan token revoke 3"
    ),
)
@click.argument("token_id", metavar=N_("NUMMER"), type=click.IntRange(min=1))
@store_options
def token_revoke(token_id: int, *, settings: Settings) -> None:
    from sdgplan.editing import tokens
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        revoked = tokens.revoke_token(session, _operator(), token_id)
    click.echo(
        _("Trukket tilbake: nøkkel {id} ({label}, {user})").format(
            id=revoked.id, label=revoked.label, user=revoked.user_key
        )
    )


def _existing_user(session: Session, name: str) -> User:
    from sdgplan.errors import NotFound
    from sdgplan.store import user_repo

    found = user_repo.find_user(session, name)
    if found is None:
        raise NotFound(
            _("Ingen bruker heter {name}").format(name=repr(name[:100])),
            hint=_("Se sdgplan user list"),
        )
    return found


def _operator() -> User:
    """Whoever runs the command: it holds the database, so it acts as an administrator,
    logged under the operating-system user's name (as every command's changes)."""
    from sdgplan.domain.users import Role, User
    from sdgplan.store.change_log import current_user

    return User(current_user(), Role.ADMIN, None, (), dt.datetime.now(dt.UTC))


def _date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _state(token: Token, now: dt.datetime) -> str:
    if token.revoked_at is not None:
        return _("trukket tilbake {date}").format(date=_date(token.revoked_at))
    if token.expires_at <= now:
        return _("utløpt {date}").format(date=_date(token.expires_at))
    return _("utløper {date}").format(date=_date(token.expires_at))


def _used(token: Token) -> str:
    if token.last_used_at is None:
        return _("aldri brukt")
    return _("sist brukt {date}").format(date=_date(token.last_used_at))
