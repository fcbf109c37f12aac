"""`sdgplan user add | list | remove | password | disable | enable`: local accounts (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.domain.users import Role
from sdgplan.i18n import N_, _

# The store and argon2 are imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings

password_file_option = click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    metavar=N_("FIL"),
    help=N_("Les passordet fra første linje i denne filen i stedet for å spørre."),
)


def _password(password_file: Path | None) -> str:
    """The password from the file's first line, else asked for twice without echo."""
    from sdgplan.accounts import check_password
    from sdgplan.errors import ConfigError

    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        password = lines[0] if lines else ""
    else:
        password = click.prompt(
            _("Passord"),
            hide_input=True,
            confirmation_prompt=_("Gjenta passordet"),
            default="",
            show_default=False,
        )
    problem = check_password(password)
    if problem:
        raise ConfigError(problem)
    return password


@cli.group(
    name="user",
    help=N_(
        "Brukere med passord og rolle: admin (brukere, innstillinger), editor (tall, "
        "statuser, tekster), approver (publiserer), reader (ser utkast)."
    ),
)
def user_group() -> None:
    pass


@user_group.command(
    name="add",
    short_help=N_("Legg til en bruker."),
    help=N_(
        "Legg til en bruker med en rolle. Passordet (minst 12 tegn) leses fra --password-file "
        "eller spørres om to ganger uten at det vises; det lagres bare som en argon2-hash.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan user add kari --role admin\n"
        "    sdgplan user add ola --role editor --municipality 3203 --scope okonomi"
    ),
)
@click.argument("name", metavar=N_("NAVN"))
@click.option(
    "--role", required=True, type=click.Choice([r.value for r in Role]), help=N_("Rollen.")
)
@click.option(
    "--municipality",
    metavar=N_("KOMMUNE"),
    default=None,
    help=N_("Kommunen brukeren gjelder (nummer eller navn); uten: alle i databasen."),
)
@click.option(
    "--scope",
    multiple=True,
    metavar=N_("NØKKEL"),
    help=N_("Et satsingsområde (nøkkel) en redaktør kan endre; kan gis flere ganger."),
)
@password_file_option
@store_options
def user_add(
    name: str,
    role: str,
    municipality: str | None,
    scope: tuple[str, ...],
    password_file: Path | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan import accounts
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    password = _password(password_file)
    with open_store(settings) as engine, session_scope(engine) as session:
        user = accounts.add_user(
            session,
            name=name,
            password=password,
            role=Role(role),
            municipality=municipality,
            scope=scope,
            who=current_user(),
        )
    click.echo(_("Lagt til: {name} ({role})").format(name=user.name, role=user.role.value))


@user_group.command(
    name="list",
    short_help=N_("Vis brukerne."),
    help=N_(
        "Vis brukerne: navn, rolle, kommune, satsingsområder og om de er sperret.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan user list"
    ),
)
@store_options
def user_list(*, settings: Settings) -> None:
    from sdgplan import accounts
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        users = accounts.list_users(session)
    if not users:
        click.echo(_("Ingen brukere er lagret."))
        return
    width = max(len(u.name) for u in users)
    for user in users:
        scope = ", ".join(user.focus_areas) or _("alle satsingsområder")
        where = user.municipality or _("alle kommuner")
        state = f" ({_('sperret')})" if user.disabled else ""
        click.echo(f"{user.name:<{width}}  {user.role.value:<8}  {where}: {scope}{state}")


@user_group.command(
    name="remove",
    short_help=N_("Fjern en bruker."),
    help=N_(
        "Fjern en bruker. Endringsloggen beholder navnet.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan user remove kari"
    ),
)
@click.argument("name", metavar=N_("NAVN"))
@store_options
def user_remove(name: str, *, settings: Settings) -> None:
    from sdgplan import accounts
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        user = accounts.remove_user(session, name=name, who=current_user())
    click.echo(_("Fjernet: {name}").format(name=user.name))


@user_group.command(
    name="password",
    short_help=N_("Gi en bruker nytt passord."),
    help=N_(
        "Gi en bruker nytt passord (minst 12 tegn), fra --password-file eller spurt om to "
        "ganger.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan user password kari"
    ),
)
@click.argument("name", metavar=N_("NAVN"))
@password_file_option
@store_options
def user_password(name: str, password_file: Path | None, *, settings: Settings) -> None:
    from sdgplan import accounts
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    password = _password(password_file)
    with open_store(settings) as engine, session_scope(engine) as session:
        user = accounts.set_password(session, name=name, password=password, who=current_user())
    click.echo(_("Nytt passord for {name}").format(name=user.name))


def _set_disabled(name: str, disabled: bool, settings: Settings) -> None:
    from sdgplan import accounts
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        user = accounts.set_disabled(
            session,
            name=name,
            disabled=disabled,
            who=current_user(),
            source=f"sdgplan user {'disable' if disabled else 'enable'}",
        )
    message = _("Sperret: {name}") if disabled else _("Åpnet igjen: {name}")
    click.echo(message.format(name=user.name))


@user_group.command(
    name="disable",
    short_help=N_("Sperr en bruker."),
    help=N_(
        "Sperr en bruker: den kan ikke logge inn, økter den har slutter å virke, og det gjør "
        "API-nøklene dens også. Brukeren og historikken blir stående.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan user disable kari"
    ),
)
@click.argument("name", metavar=N_("NAVN"))
@store_options
def user_disable(name: str, *, settings: Settings) -> None:
    _set_disabled(name, True, settings)


@user_group.command(
    name="enable",
    short_help=N_("Slipp inn en sperret bruker igjen."),
    help=N_(
        "Slipp inn en sperret bruker igjen, med samme passord og rolle som før.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan user enable kari"
    ),
)
@click.argument("name", metavar=N_("NAVN"))
@store_options
def user_enable(name: str, *, settings: Settings) -> None:
    _set_disabled(name, False, settings)
