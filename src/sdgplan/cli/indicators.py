"""Commands for key figures: import indicators, observations and thematic plans; show
indicators; export observations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    bad_value,
    municipality_option,
    open_store,
    output_options,
    replace_file,
    safe_url,
    store_options,
    terminal_width,
    write_output,
)
from sdgplan.cli.counts import counted, listed
from sdgplan.cli.groups import export, import_group, show
from sdgplan.cli.progress import Progress
from sdgplan.errors import FormatError
from sdgplan.exporters.observations import OBSERVATION_EXPORTERS
from sdgplan.i18n import N_, _
from sdgplan.importers.observations import OBSERVATION_IMPORTERS, Decimal

# The store, the loaders and the renderers are imported when a command runs: `--help` stays
# fast.
if TYPE_CHECKING:
    from sdgplan.config import Settings

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@import_group.command(
    name="indicators",
    short_help=N_("Importer indikatorer."),
    help=N_(
        "Importer indikatordefinisjoner: YAML, eller en Excel-arbeidsbok med et ark per "
        "liste (se docs/formats.md).\n\n"
        "Målene slås opp i den lagrede planen (den vedtatte versjonen om den finnes), så "
        "importer planen først. Indikatorer og tabeller med samme nøkkel oppdateres.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan import indicators indicators.yaml\n"
        "    sdgplan import indicators indikatorer.xlsx"
    ),
)
@click.argument("file", metavar=N_("FIL"), type=FILE)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["yaml", "xlsx"]),  # INDICATOR_IMPORTERS, without importing it here
    default=None,
    help=N_("Filformat [standard: fra filendelsen: .yaml/.yml yaml, .xlsx xlsx]."),
)
@municipality_option
@store_options
def import_indicators(
    file: Path, format_name: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with Progress.on_stderr() as progress:
        progress.stage(_("Leser, sjekker og lagrer {path}").format(path=file))
        with open_store(settings) as engine, session_scope(engine) as session:
            data, warnings = loading.load_indicators(
                session, file, municipality=municipality, format=format_name, who=current_user()
            )
    click.echo(render_issues(warnings), err=True, nl=False)
    counts = {"indicator": len(data.indicators), "table": len(data.tables), "area": len(data.areas)}
    click.echo(
        _("Importert {counts} -> {database}").format(
            counts=listed(counts), database=safe_url(settings.db)
        )
    )


@import_group.command(
    name="observations",
    short_help=N_("Importer tall."),
    help=N_(
        "Importer observasjoner: CSV eller Excel, én verdi per rad eller celle.\n\n"
        "CSV kan være skilt med komma (verdier med desimalpunktum) eller med semikolon, slik "
        "Excel lagrer den med norske innstillinger (desimalkomma og -punktum gjenkjennes). "
        "Excel-filer har CSV-kolonnene i et ark, eller er malen fra `sdgplan export "
        "template`. Statuser kan skrives som koder eller slik de vises («Ikke målt», «Tall "
        "kommer»). Hver rad sjekkes (indikator, område, periode innenfor planens år, verdi, "
        "status) før noe lagres. En fil skrevet av `sdgplan export observations` har med "
        "sine egne indikator- og områdedefinisjoner.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan import observations observations.csv --municipality 3203\n"
        "    sdgplan import observations nokkeltall.xlsx\n"
        "    sdgplan import observations andel-2015-2024.csv --replace"
    ),
)
@click.argument("file", metavar=N_("FIL"), type=FILE)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(OBSERVATION_IMPORTERS)),
    default=None,
    help=N_("Filformat [standard: fra filendelsen: .csv/.txt csv, .xlsx xlsx]."),
)
@click.option(
    "--decimal",
    type=click.Choice([d.value for d in Decimal]),
    default=None,
    help=N_("Desimaltegnet i CSV-verdier [standard: gjenkjent; kommaseparerte filer: punktum]."),
)
@click.option(
    "--replace",
    is_flag=True,
    help=N_(
        "Filen har hele serien til hver av sine indikatorer: lagrede observasjoner av disse "
        "indikatorene som filen mangler, slettes (og logges)."
    ),
)
@municipality_option
@store_options
def import_observations(
    file: Path,
    format_name: str | None,
    decimal: str | None,
    replace: bool,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with Progress.on_stderr() as progress:
        progress.stage(_("Leser, sjekker og lagrer {path}").format(path=file))
        try:
            with open_store(settings) as engine, session_scope(engine) as session:
                batch, warnings = loading.load_observations(
                    session,
                    file,
                    municipality=municipality,
                    format=format_name,
                    decimal=Decimal(decimal) if decimal else None,
                    replace_series=replace,
                    who=current_user(),
                )
        except FormatError as e:
            if format_name is not None:
                raise
            formats = "|".join(OBSERVATION_IMPORTERS)
            hint = _("Oppgi formatet med --format {formats}.").format(formats=formats)
            raise UserError(e.message, hint) from e
    click.echo(render_issues(warnings), err=True, nl=False)
    click.echo(
        _("Importert {counts} -> {database}").format(
            counts=counted("observation", len(batch.observations)),
            database=safe_url(settings.db),
        )
    )


@import_group.command(
    name="thematic-plans",
    short_help=N_("Importer temaplaner."),
    help=N_(
        "Importer listen over temaplaner (CSV: name,status,adopted,planned).\n\n"
        "Den lagrede listen erstattes.\n\n"
        "Eksempel:\n\n"
        "    sdgplan import thematic-plans temaplaner.csv"
    ),
)
@click.argument("file", metavar=N_("FIL"), type=FILE)
@municipality_option
@store_options
def import_thematic_plans(file: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        count, warnings = loading.load_thematic_plans(
            session, file, municipality=municipality, who=current_user()
        )
    click.echo(render_issues(warnings), err=True, nl=False)
    click.echo(_("Importert {counts}").format(counts=counted("thematic_plans", count)))


@show.command(
    name="indicators",
    short_help=N_("Vis nøkkeltall."),
    help=N_(
        "Vis nøkkeltallstabellene, med årene som kolonner.\n\n"
        "Eksempel:\n\n"
        "    sdgplan show indicators --focus-area Økonomi"
    ),
)
@click.option(
    "--focus-area",
    metavar=N_("NAVN"),
    default=None,
    help=N_("Bare dette satsingsområdet (navn eller nøkkel)."),
)
@municipality_option
@store_options
def show_indicators(
    focus_area: str | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.plan_data import find_focus_area, load_plan_data
    from sdgplan.reports.key_figures import key_figure_tables, render_key_figures_text
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        data = load_plan_data(session, municipality=municipality)
    if focus_area is not None:
        data.only(find_focus_area(data.version, focus_area))
    tables = key_figure_tables(data.version, data.indicators, data.observations, area=data.number)
    click.echo(render_key_figures_text(tables, width=terminal_width()))


@export.command(
    name="observations",
    short_help=N_("Eksporter tall."),
    help=N_(
        "Eksporter alle observasjoner, én rad hver (åpne data).\n\n"
        "Kolonnene er blant annet focus_area, goal, indicator, unit, area, period, value, "
        "status og display (tallet slik en norsk leser ser det); se docs/formats.md.\n\n"
        "Eksempel:\n\n"
        "    sdgplan export observations --format csv --out nokkeltall.csv"
    ),
)
@output_options(list(OBSERVATION_EXPORTERS), "csv")
@municipality_option
@store_options
def export_observations(
    format_name: str, out: Path | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.exporters.observations import observation_rows
    from sdgplan.plan_data import load_key_figures
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        figures = load_key_figures(session, municipality=municipality)
    rows = observation_rows(figures.number, figures.indicators, figures.observations)
    write_output(OBSERVATION_EXPORTERS[format_name](rows), out)


@export.command(
    name="indicators",
    short_help=N_("Eksporter indikatordefinisjoner."),
    help=N_(
        "Eksporter indikatorene slik de er lagret: områder, indikatorer med mål og "
        "terskler, tabeller. YAML eller en Excel-arbeidsbok med ett ark per liste (se "
        "docs/formats.md); begge kan importeres igjen med `sdgplan import indicators`.\n\n"
        "Eksempel:\n\n"
        "    sdgplan export indicators --format xlsx --out indikatorer.xlsx"
    ),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["yaml", "xlsx"]),
    default="yaml",
    show_default=True,
    help=N_("Utformat."),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Utfil [standard: standard ut; xlsx krever en fil]."),
)
@municipality_option
@store_options
def export_indicators(
    format_name: str, out: Path | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.exporters.indicators import INDICATOR_EXPORTERS
    from sdgplan.plan_data import load_key_figures
    from sdgplan.store.db import session_scope

    if format_name == "xlsx" and out is None:
        raise UserError(
            _("En arbeidsbok kan ikke skrives til terminalen."), hint=_("Oppgi --out FIL.xlsx.")
        )
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        figures = load_key_figures(session, municipality=municipality)
    content = INDICATOR_EXPORTERS[format_name](figures.indicators, municipality=figures.number)
    if out is None:
        click.echo(content.decode("utf-8"), nl=False)
        return
    replace_file(out, content)
    click.echo(_("Skrevet: {path}").format(path=out), err=True)


@export.command(
    name="template",
    short_help=N_("Excel-mal for tall."),
    help=N_(
        "Eksporter en Excel-mal som en analytiker kan fylle ut.\n\n"
        "Ett ark per satsingsområde, en rad per nøkkeltall (indicator_id, indicator, unit), "
        "en kolonne per år, fylt med de lagrede verdiene og statusordene («Ikke målt», «Tall "
        "kommer», som kan velges i en liste). Importer den utfylte malen med `sdgplan import "
        "observations`.\n\n"
        "Eksempel:\n\n"
        "    sdgplan export template --format xlsx --years 2019-2023 --out nokkeltall.xlsx"
    ),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["xlsx"]),
    default="xlsx",
    show_default=True,
    help=N_("Utformat."),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=N_("Utfil (.xlsx)."),
)
@click.option(
    "--years",
    metavar=N_("FØRSTE-SISTE"),
    default=None,
    help=N_("Årskolonnene, f.eks. 2019-2023 [standard: årene med data og det neste]."),
)
@municipality_option
@store_options
def export_template(
    format_name: str,
    out: Path,
    years: str | None,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    from sdgplan.exporters.template import template_workbook, template_years
    from sdgplan.plan_data import load_key_figures
    from sdgplan.store.db import session_scope

    wanted = _year_range(years)
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        figures = load_key_figures(session, municipality=municipality)
    chosen = wanted or template_years(
        figures.observations, area=figures.number, data=figures.indicators
    )
    if not chosen:
        raise UserError(_("Ingen år har tall."), hint=_("Oppgi årene med --years FØRSTE-SISTE."))
    content = template_workbook(
        municipality=figures.number,
        focus_areas=figures.focus_areas,
        data=figures.indicators,
        observations=figures.observations,
        years=chosen,
    )
    replace_file(out, content)
    click.echo(_("Skrevet: {path}").format(path=out), err=True)


def _year_range(text: str | None) -> list[int] | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?", text)
    if not match or int(match.group(2) or match.group(1)) < int(match.group(1)):
        raise bad_value("--years", _("{value!r}: skriv f.eks. 2019-2023").format(value=text))
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last - first > 100:
        raise bad_value("--years", _("{value!r}: høyst 100 år").format(value=text))
    return list(range(first, last + 1))
