"""`sdgplan import boundaries`: map shapes and points from a GeoJSON file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import municipality_option, open_store, safe_url, store_options
from sdgplan.cli.groups import import_group
from sdgplan.i18n import N_, _, ngettext

# The importer and the store are imported when the command runs: `--help` stays fast.
if TYPE_CHECKING:
    from sdgplan.config import Settings

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@import_group.command(
    name="boundaries",
    short_help=N_("Importer kartgrenser (GeoJSON)."),
    help=N_(
        "Importer grenser for områder og steder på kartet fra en GeoJSON FeatureCollection "
        "med WGS84-koordinater (lengde- og breddegrad).\n\n"
        "Polygoner og multipolygoner er områder: områdekoden står i en egenskap (standard "
        "`code`; Kartverkets kommunefiler har `kommunenummer`). Punkter er steder, med navn "
        "i `name` og en valgfri `layer` (f.eks. Innbyggertorg). Formene i filen erstatter "
        "de lagrede formene, punktene de lagrede punktene. Indikatorsidene viser et kart "
        "når minst to områder med form har tall samme år.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan import boundaries grenser.geojson --municipality 3203\n"
        "    sdgplan import boundaries kommuner.geojson --code-property kommunenummer"
    ),
)
@click.argument("file", metavar=N_("FIL"), type=FILE)
@click.option(
    "--code-property",
    metavar=N_("NAVN"),
    default="code",
    show_default=True,
    help=N_("Egenskapen (properties) med områdekoden."),
)
@click.option(
    "--name-property",
    metavar=N_("NAVN"),
    default="name",
    show_default=True,
    help=N_("Egenskapen (properties) med navnet på et punkt."),
)
@municipality_option
@store_options
def import_boundaries(
    file: Path,
    code_property: str,
    name_property: str,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.errors import InvalidData
    from sdgplan.importers.boundaries import read_boundaries
    from sdgplan.loading import resolve_municipality
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store import boundary_repo
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        owner = resolve_municipality(session, municipality)
        parsed = read_boundaries(
            file,
            code_property=code_property,
            name_property=name_property,
            known_areas=boundary_repo.known_area_codes(session, owner.number),
        )
        if not parsed.ok or parsed.data is None:
            raise InvalidData(
                _("{path}: ingenting er lagret").format(path=file), issues=parsed.issues
            )
        boundary_repo.replace_boundaries(
            session, owner, parsed.data, who=current_user(), source=str(file)
        )
    click.echo(render_issues(parsed.issues), err=True, nl=False)
    shapes, points = len(parsed.data.shapes), len(parsed.data.points)
    counts = ", ".join(
        [
            ngettext("{count} område", "{count} områder", shapes).format(count=shapes),
            ngettext("{count} punkt", "{count} punkter", points).format(count=points),
        ]
    )
    click.echo(
        _("Importert {counts} for {name} ({number}) -> {database}").format(
            counts=counts, name=owner.name, number=owner.number, database=safe_url(settings.db)
        )
    )
