"""Commands for Open SDG data repositories: `import open-sdg` and `export open-sdg`."""

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
from sdgplan.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from sdgplan.config import Settings


@import_group.command(
    name="open-sdg",
    short_help=N_("Importer et Open SDG-datarepo."),
    help=N_(
        "Importer indikatorer og tall fra et Open SDG-datarepo: data/indicator_M-D-I.csv "
        "(Year, Value og inndelingskolonner) og meta/M-D-I.yml eller .md (navn og enhet). "
        "Indikatoren M.D.I får nøkkelen sdg-M-D-I; se docs/sources.md.\n\n"
        "Alle filene sjekkes før noe lagres.\n\n"
        "Eksempel:\n\n"
        "    sdgplan import open-sdg open-sdg-data --municipality 3203"
    ),
)
@click.argument(
    "folder",
    metavar=N_("MAPPE"),
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@municipality_option
@store_options
def import_open_sdg(folder: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.open_sdg import load_open_sdg
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        data, warnings = load_open_sdg(
            session, folder, municipality=municipality, who=current_user()
        )
    click.echo(render_issues(warnings), err=True, nl=False)
    counts = {"indicator": len(data.indicators), "observation": len(data.observations)}
    click.echo(
        _("Importert {counts} -> {database}").format(
            counts=listed(counts), database=safe_url(settings.db)
        )
    )


@export.command(
    name="open-sdg",
    short_help=N_("Eksporter et Open SDG-datarepo."),
    help=N_(
        "Skriv indikatorene med nøkkel sdg-M-D-I som et Open SDG-datarepo: "
        "data/indicator_M-D-I.csv og meta/M-D-I.yml i mappen. Filer med samme navn "
        "erstattes.\n\n"
        "Eksempel:\n\n"
        "    sdgplan export open-sdg --out open-sdg-data"
    ),
)
@click.option(
    "--out",
    metavar=N_("MAPPE"),
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help=N_("Mappen repoet skrives til (lages om den mangler)."),
)
@municipality_option
@store_options
def export_open_sdg(out: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.open_sdg import export_open_sdg as export_files
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        files = export_files(session, municipality=municipality)
    if not files:
        raise UserError(
            _("Ingen indikatorer har en nøkkel sdg-M-D-I."),
            hint=_("Importer et Open SDG-repo, eller gi indikatorene slike nøkler."),
        )
    for name, text in files.items():
        path = out / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UserError(
                _("Kan ikke lage mappen {path}: {reason}").format(
                    path=path.parent, reason=e.strerror
                )
            ) from e
        replace_file(path, text.encode("utf-8"))
    count = len(files)
    click.echo(
        ngettext("Skrevet {count} fil i {path}", "Skrevet {count} filer i {path}", count).format(
            count=count, path=out
        ),
        err=True,
    )
