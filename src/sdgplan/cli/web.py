"""`sdgplan serve`: the public web pages and the open-data API (docs/web.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import open_store, safe_url, store_options
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

# uvicorn, FastAPI and the store are imported when the command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings

APP_FACTORY = "sdgplan.web.app:app_from_environment"


@cli.command(
    short_help=N_("Start nettsidene og API-et."),
    help=N_(
        "Start nettsidene og API-et for åpne data over databasen.\n\n"
        "Leser bare: databasen må ha nyeste skjema (sdgplan db upgrade). Sidene er under "
        "/nb/ og /en/, API-et under /api/v1. Stopp med Ctrl+C.\n\n"
        "Eksempel:\n\n"
        "    sdgplan serve --port 8000"
    ),
)
@click.option(
    "--host",
    metavar=N_("ADRESSE"),
    default="127.0.0.1",
    show_default=True,
    help=N_("Adressen serveren lytter på (0.0.0.0: alle)."),
)
@click.option(
    "--port",
    metavar="PORT",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help=N_("Porten (0: en ledig port)."),
)
@click.option(
    "--workers",
    metavar=N_("ANTALL"),
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help=N_("Antall prosesser."),
)
@store_options
def serve(host: str, port: int, workers: int, *, settings: Settings) -> None:
    import uvicorn

    with open_store(settings, create=False):
        pass  # the schema is checked here, with the CLI's messages, before the server starts
    _export_settings(settings)
    click.echo(
        _("Serverer {database} på http://{host}:{port}/").format(
            database=safe_url(settings.db), host=host, port=port
        ),
        err=True,
    )
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port, workers=workers)


def _export_settings(settings: Settings) -> None:
    """The settings in the environment, where every worker's `app_from_environment` reads
    them (environment variables win over the settings file)."""
    from sdgplan.config import CONFIG_ENV, env_name

    config = click.get_current_context().params.get("config_path")
    if isinstance(config, Path):
        os.environ[CONFIG_ENV] = str(config.resolve())
    os.environ[env_name("db")] = settings.db
    os.environ[env_name("language")] = settings.language
