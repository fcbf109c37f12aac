"""`sdgplan fetch-kolada`: a Swedish organisation's KPI series from Kolada, saved as
observations of one of its indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import bad_value, open_store, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, ngettext

# The store, the import and the HTTP client are imported when the command runs.
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.indicators import Observation


@cli.command(
    name="fetch-kolada",
    short_help=N_("Hent et nøkkeltall fra Kolada."),
    help=N_(
        "Hent et nøkkeltall (KPI) fra Koladas API for en svensk kommune eller region og lagre "
        "det som observasjoner av en av organisasjonens indikatorer: totalen som "
        "organisasjonens eget tall, kvinner og menn som fordelinger. Alt lagres samlet og "
        "logges med kilden, eller ingenting.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan org add --code SE-0180 --name Stockholm --country SE\n"
        "    sdgplan fetch-kolada --kpi N00945 --indicator behorighet "
        "--municipality SE-0180 --years 2015-2024"
    ),
)
@click.option(
    "--kpi",
    metavar=N_("NØKKELTALL"),
    required=True,
    help=N_("Koladas id for nøkkeltallet, f.eks. N00945."),
)
@click.option(
    "--indicator",
    metavar=N_("NØKKEL"),
    required=True,
    help=N_("Indikatoren tallene lagres under."),
)
@click.option(
    "--municipality",
    metavar=N_("KODE"),
    required=True,
    help=N_("Organisasjonens kode eller navn, f.eks. SE-0180."),
)
@click.option(
    "--years",
    "years_text",
    metavar=N_("ÅR"),
    required=True,
    help=N_("Et år (2022) eller et intervall (2015-2024)."),
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help=N_("Koladas adresse [standard: https://api.kolada.se]."),
)
@store_options
def fetch_kolada(
    kpi: str,
    indicator: str,
    municipality: str,
    years_text: str,
    base_url: str | None,
    *,
    settings: Settings,
) -> None:
    import time

    from sdgplan.kolada_import import import_kpi
    from sdgplan.sources.http import Fetcher
    from sdgplan.sources.kolada import KOLADA_URL
    from sdgplan.store import indicator_repo, org_repo
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    years = _years(years_text)
    with (
        open_store(settings) as engine,
        session_scope(engine) as session,
        Fetcher(sleep=time.sleep, progress=lambda line: click.echo(line, err=True)) as fetcher,
    ):
        owner = org_repo.find_organisation(session, municipality)
        stored = indicator_repo.load_observations(session, owner.number)
        batch = import_kpi(
            session,
            fetcher,
            kpi,
            indicator,
            owner.number,
            years,
            current_user(),
            base_url=base_url or KOLADA_URL,
        )
    click.echo(_summary(kpi, batch.observations, stored))


def _years(text: str) -> list[int]:
    from sdgplan.domain.periods import period_years

    try:
        first, last = period_years(text)
    except ValueError as e:
        raise bad_value("--years", str(e)) from e
    return list(range(first, last + 1))


def _summary(kpi: str, saved: list[Observation], stored: list[Observation]) -> str:
    """`Kolada N00945: 9 tall lagret, 2 nye eller endrede`."""
    from sdgplan.corrections import observation_key, observation_value

    before = {observation_key(o): observation_value(o) for o in stored}
    changed = sum(before.get(observation_key(o)) != observation_value(o) for o in saved)
    parts = [
        ngettext("{count} tall lagret", "{count} tall lagret", len(saved)).format(count=len(saved)),
        ngettext("{count} ny eller endret", "{count} nye eller endrede", changed).format(
            count=changed
        ),
    ]
    return f"Kolada {kpi}: {', '.join(parts)}"
