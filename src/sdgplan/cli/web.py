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
        "Databasen må ha nyeste skjema (sdgplan db upgrade). Sidene er under /nb/ og /en/, "
        "API-et under /api/v1; innlogging for redigering på /login (kontoer: sdgplan user "
        "add). Stopp med Ctrl+C.\n\n"
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


@cli.group(help=N_("Nettstedet som filer."))
def site() -> None:
    pass


@site.command(
    short_help=N_("Skriv nettstedet som statiske filer."),
    help=N_(
        "Skriv de offentlige sidene og dataene som vanlige filer i en mappe, for hvilken som "
        "helst webserver eller åpnet direkte (file://). Lenkene er relative.\n\n"
        "En mappe fra en tidligere kjøring erstattes; en annen mappe som ikke er tom, "
        "røres ikke.\n\n"
        "Eksempel:\n\n"
        "    sdgplan site build --out public"
    ),
)
@click.option(
    "--out",
    "out",
    metavar=N_("MAPPE"),
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help=N_("Mappen nettstedet skrives til."),
)
@click.option(
    "--reports/--no-reports",
    default=True,
    show_default=True,
    help=N_("Ta med rapportene (HTML og PDF); uten dem går det mye raskere."),
)
@click.option(
    "--url",
    "public_url",
    metavar="URL",
    default="",
    help=N_(
        "Adressen nettstedet publiseres på (https://...), for innbyggingskoden på "
        "indikatorsidene; uten den får koden bare stien."
    ),
)
@store_options
def build(out: Path, reports: bool, public_url: str, *, settings: Settings) -> None:
    from sdgplan.cli.progress import Progress
    from sdgplan.domain.display import format_number
    from sdgplan.web.static_site import build_site

    with open_store(settings, create=False):
        pass  # the schema is checked with the CLI's messages
    with Progress.on_stderr() as progress:
        progress.stage(_("Skriver sidene"))
        built = build_site(
            settings,
            out,
            reports=reports,
            public_url=public_url,
        )
        progress.echo(
            _("Skrev {pages} sider og {files} filer ({size} kB) til {out} på {seconds} s").format(
                pages=built.pages,
                files=built.files,
                size=format_number(built.bytes / 1000, 0),
                out=out,
                seconds=format_number(progress.elapsed(), 1),
            )
        )
        progress.echo(
            _("Åpne {index} i en nettleser, eller legg mappen på en webserver.").format(
                index=(out / "index.html")
            )
        )
