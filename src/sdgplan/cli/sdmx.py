"""Commands for SDMX-ML data messages: `import sdmx` and `export sdmx`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    municipality_option,
    open_store,
    replace_file,
    safe_url,
    store_options,
)
from sdgplan.cli.counts import listed
from sdgplan.cli.groups import export, import_group
from sdgplan.i18n import N_, _

if TYPE_CHECKING:
    from sdgplan.config import Settings


@import_group.command(
    name="sdmx",
    short_help=N_("Importer en SDMX-ML-datamelding."),
    help=N_(
        "Importer indikatorer og tall fra en SDMX-ML 2.1-datamelding (GenericData eller "
        "StructureSpecificData) med SDGs datastruktur. Indikatoren M.D.I (fra INDICATOR, "
        "ellers fra filnavnet) får nøkkelen sdg-M-D-I; REF_AREA er området, TIME_PERIOD "
        "perioden og de andre dimensjonene inndelingen; se docs/sources.md.\n\n"
        "Hele filen sjekkes før noe lagres.\n\n"
        "Eksempel:\n\n"
        "    sdgplan import sdmx 1-1-1.xml --municipality 3203"
    ),
)
@click.argument(
    "file",
    metavar=N_("FIL"),
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--own-area",
    "own_areas",
    metavar=N_("KODE"),
    multiple=True,
    help=N_("En REF_AREA-kode som betyr kommunen selv (kan gjentas)."),
)
@municipality_option
@store_options
def import_sdmx(
    file: Path, own_areas: tuple[str, ...], municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.reports.terminal import render_issues
    from sdgplan.sdmx_exchange import load_sdmx
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        data, warnings = load_sdmx(
            session, file, municipality=municipality, own_codes=own_areas, who=current_user()
        )
    click.echo(render_issues(warnings), err=True, nl=False)
    counts = {"indicator": len(data.indicators), "observation": len(data.observations)}
    click.echo(
        _("Importert {counts} -> {database}").format(
            counts=listed(counts), database=safe_url(settings.db)
        )
    )


@export.command(
    name="sdmx",
    short_help=N_("Eksporter en SDMX-ML-datamelding."),
    help=N_(
        "Skriv indikatorene med nøkkel sdg-M-D-I og tallene deres som en SDMX-ML "
        "2.1-melding (StructureSpecificData) med SDGs datastruktur. En fil med samme navn "
        "erstattes.\n\n"
        "Eksempel:\n\n"
        "    sdgplan export sdmx --out sdg.xml"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=N_("Filen meldingen skrives til."),
)
@municipality_option
@store_options
def export_sdmx(out: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.sdmx_exchange import export_sdmx as export_message
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        content = export_message(session, municipality=municipality)
    if content is None:
        raise UserError(
            _("Ingen indikatorer med nøkkel sdg-M-D-I har tall."),
            hint=_("Importer SDMX- eller Open SDG-data, eller gi indikatorene slike nøkler."),
        )
    replace_file(out, content)
    click.echo(_("Skrevet {path}").format(path=out), err=True)
