"""`sdgplan org add | list | remove`: organisations beyond the bundled municipality register."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_store, safe_url, store_options
from sdgplan.cli.groups import cli
from sdgplan.domain.plan import NORWAY, OrgKind
from sdgplan.i18n import N_, _

# The store is imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.group(
    name="org",
    help=N_(
        "Organisasjoner utenfor det innebygde kommuneregisteret: en kommune i et annet land, "
        "en fylkeskommune. En organisasjon som er lagt til, brukes som et kommunenummer: "
        "--municipality KODE eller navnet, og koden i filene."
    ),
)
def org_group() -> None:
    pass


@org_group.command(
    name="add",
    short_help=N_("Legg til en organisasjon."),
    help=N_(
        "Legg til en organisasjon som ikke er i det innebygde kommuneregisteret. Norske "
        "kommuner trenger ikke dette: de finnes ved nummer eller navn.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        '    sdgplan org add --code SE-0180 --name "Stockholm" --country SE\n'
        '    sdgplan org add --code NO-32 --name "Akershus fylkeskommune" --kind county'
    ),
)
@click.option(
    "--code",
    required=True,
    metavar=N_("KODE"),
    help=N_("Koden, f.eks. SE-0180: 1-32 bokstaver, sifre, - eller _, ikke bare sifre."),
)
@click.option("--name", required=True, metavar=N_("NAVN"), help=N_("Navnet, f.eks. Stockholm."))
@click.option(
    "--kind",
    type=click.Choice([k.value for k in OrgKind]),
    default=OrgKind.MUNICIPALITY.value,
    show_default=True,
    help=N_("Hva den er: kommune, fylkeskommune eller annet."),
)
@click.option(
    "--country",
    metavar=N_("LAND"),
    default=NORWAY,
    show_default=True,
    help=N_("Landkoden med to bokstaver (ISO 3166-1), f.eks. NO, SE, DK."),
)
@store_options
def org_add(code: str, name: str, kind: str, country: str, *, settings: Settings) -> None:
    from sdgplan import organisations
    from sdgplan.reference.municipalities import describe
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        org = organisations.add_organisation(
            session,
            code=code,
            name=name,
            kind=OrgKind(kind),
            country=country,
            who=current_user(),
        )
    click.echo(
        _("Lagt til: {organisation} -> {db}").format(
            organisation=describe(org), db=safe_url(settings.db)
        )
    )


@org_group.command(
    name="list",
    short_help=N_("Vis organisasjonene i databasen."),
    help=N_(
        "Vis organisasjonene i databasen: de som er lagt til, og kommunene fra registeret "
        "som har data, med hva de har.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan org list"
    ),
)
@store_options
def org_list(*, settings: Settings) -> None:
    from sdgplan import organisations
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        stored = organisations.list_organisations(session)
    if not stored:
        click.echo(_("Ingen organisasjoner er lagret."))
        return
    width = max(len(s.organisation.number) for s in stored)
    for entry in stored:
        org = entry.organisation
        where = f"{org.kind.label}, {org.country}" if entry.added else _("kommuneregisteret")
        data = organisations.describe_data(entry.data) if entry.data else _("ingen data")
        click.echo(f"{org.number:<{width}}  {org.name} ({where}): {data}")


@org_group.command(
    name="remove",
    short_help=N_("Fjern en organisasjon uten data."),
    help=N_(
        "Fjern en organisasjon som er lagt til, når den ikke har data (slett dem først med "
        "sdgplan delete municipality KODE). Endringsloggen beholdes.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan org remove SE-0180"
    ),
)
@click.argument("code", metavar=N_("KODE"))
@store_options
def org_remove(code: str, *, settings: Settings) -> None:
    from sdgplan import organisations
    from sdgplan.reference.municipalities import describe
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        org = organisations.remove_organisation(session, code=code, who=current_user())
    click.echo(_("Fjernet: {organisation}").format(organisation=describe(org)))
