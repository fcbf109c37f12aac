"""Commands for key figures: import indicators, observations and thematic plans; show
indicators; export observations."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    municipality_option,
    open_store,
    output_options,
    safe_url,
    store_options,
    terminal_width,
    write_output,
)
from sdgplan.cli.groups import export, import_group, show
from sdgplan.errors import NotFound
from sdgplan.exporters.observations import OBSERVATION_EXPORTERS
from sdgplan.importers.observations import OBSERVATION_IMPORTERS, Decimal

# The store, the loaders and the renderers are imported when a command runs: `--help` stays
# fast.
if TYPE_CHECKING:
    from sdgplan.config import Settings

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@import_group.command(name="indicators", short_help="Importer indikatorer / import indicators.")
@click.argument("file", type=FILE)
@municipality_option
@store_options
def import_indicators(file: Path, municipality: str | None, *, settings: Settings) -> None:
    """Importer indikatordefinisjoner / import indicator definitions (YAML).

    Goals are looked up in the stored plan (the adopted version if there is one), so
    import the plan first. Indicators and tables with the same key are updated.

    Example:

        sdgplan import indicators indicators.yaml
    """
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        data, warnings = loading.load_indicators(
            session, file, municipality=municipality, who=current_user()
        )
    click.echo(render_issues(warnings), err=True, nl=False)
    click.echo(
        f"Importert / imported {len(data.indicators)} indikatorer / indicators, "
        f"{len(data.tables)} tabeller / tables, {len(data.areas)} områder / areas "
        f"-> {safe_url(settings.db)}"
    )


@import_group.command(name="observations", short_help="Importer tall / import observations.")
@click.argument("file", type=FILE)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(OBSERVATION_IMPORTERS)),
    default=None,
    help="File format [default: from the suffix: .csv/.txt csv, .xlsx xlsx].",
)
@click.option(
    "--decimal",
    type=click.Choice([d.value for d in Decimal]),
    default=None,
    help="Decimal separator of CSV values [default: detected; comma-separated files: point].",
)
@click.option(
    "--replace",
    is_flag=True,
    help="The file holds each of its indicators' whole series: stored observations of those "
    "indicators that the file lacks are deleted (and logged).",
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
    """Importer observasjoner / import observations: CSV or Excel, one value per row or cell.

    CSV may be separated by commas (values with a decimal point) or by semicolons, as
    Excel saves it in a Norwegian locale (decimal commas and point detected). Excel files
    hold the CSV columns in a sheet, or are the template of `sdgplan export template`.
    Statuses may be written as codes or as printed ("Ikke målt", "Tall kommer"). Every row
    is checked (indicator, area, period within the plan's years, value, status) before
    anything is saved. A file written by `sdgplan export observations` carries its own
    indicator and area definitions.

    Example:

    \b
        sdgplan import observations observations.csv --municipality 3203
        sdgplan import observations nokkeltall.xlsx
        sdgplan import observations andel-2015-2024.csv --replace
    """
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

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
    click.echo(render_issues(warnings), err=True, nl=False)
    click.echo(
        f"Importert / imported {len(batch.observations)} observasjoner / observations "
        f"-> {safe_url(settings.db)}"
    )


@import_group.command(
    name="thematic-plans", short_help="Importer temaplaner / import thematic plans."
)
@click.argument("file", type=FILE)
@municipality_option
@store_options
def import_thematic_plans(file: Path, municipality: str | None, *, settings: Settings) -> None:
    """Importer temaplaner / import the list of thematic plans (CSV: name,status,adopted,planned).

    The stored list is replaced.

    Example:

        sdgplan import thematic-plans temaplaner.csv
    """
    from sdgplan import loading
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        count, warnings = loading.load_thematic_plans(
            session, file, municipality=municipality, who=current_user()
        )
    click.echo(render_issues(warnings), err=True, nl=False)
    click.echo(f"Importert / imported {count} temaplaner / thematic plans")


@show.command(name="indicators", short_help="Vis nøkkeltall / show key figures.")
@click.option(
    "--focus-area", metavar="NAME", default=None, help="Only this focus area (satsingsområde)."
)
@municipality_option
@store_options
def show_indicators(
    focus_area: str | None, municipality: str | None, *, settings: Settings
) -> None:
    """Vis nøkkeltallstabellene / show the key-figure tables, years as columns.

    Example:

        sdgplan show indicators --focus-area Økonomi
    """
    from sdgplan.plan_data import find_focus_area, load_plan_data
    from sdgplan.reports.key_figures import key_figure_tables, render_key_figures_text
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        data = load_plan_data(session, municipality=municipality)
    if focus_area is not None:
        data.only(find_focus_area(data.version, focus_area))
    tables = key_figure_tables(data.version, data.indicators, data.observations, area=data.number)
    click.echo(render_key_figures_text(tables, width=terminal_width()))


@export.command(name="observations", short_help="Eksporter tall / export observations.")
@output_options(list(OBSERVATION_EXPORTERS), "csv")
@municipality_option
@store_options
def export_observations(
    format_name: str, out: Path | None, municipality: str | None, *, settings: Settings
) -> None:
    """Eksporter alle observasjoner / export every observation, one row each (open data).

    Columns include focus_area, goal, indicator, unit, area, period, value, status and
    display (the figure as a Norwegian reader sees it); see docs/formats.md.

    Example:

        sdgplan export observations --format csv --out nokkeltall.csv
    """
    from sdgplan import loading
    from sdgplan.exporters.observations import observation_rows
    from sdgplan.store import indicator_repo
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        number = loading.resolve_municipality(session, municipality).number
        data = indicator_repo.load_indicator_set(session, number)
        observations = indicator_repo.load_observations(session, number)
    rows = observation_rows(number, data, observations)
    write_output(OBSERVATION_EXPORTERS[format_name](rows), out)


@export.command(name="template", short_help="Excel-mal for tall / Excel template for figures.")
@click.option(
    "--format", "format_name", type=click.Choice(["xlsx"]), default="xlsx", show_default=True
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Output file (.xlsx).",
)
@click.option(
    "--years",
    metavar="FIRST-LAST",
    default=None,
    help="Year columns, e.g. 2019-2023 [default: the years with data and the next].",
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
    """Eksporter en Excel-mal / export a workbook for an analyst to fill in.

    One sheet per focus area, a row per key figure (indicator_id, indicator, unit), a
    column per year, filled with the stored values and status words ("Ikke målt", "Tall
    kommer", offered in a list). Import the filled workbook with `sdgplan import
    observations`.

    Example:

        sdgplan export template --format xlsx --years 2019-2023 --out nokkeltall.xlsx
    """
    from sdgplan import loading
    from sdgplan.exporters.template import template_workbook, template_years
    from sdgplan.store import indicator_repo, plan_repo
    from sdgplan.store.db import session_scope

    wanted = _year_range(years)
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        number = loading.resolve_municipality(session, municipality).number
        data = indicator_repo.load_indicator_set(session, number)
        observations = indicator_repo.load_observations(session, number)
        try:
            _, version = plan_repo.load_plan_version(session, municipality=number)
            focus_areas = [area.name for area in version.focus_areas]
        except NotFound:
            focus_areas = []
    chosen = wanted or template_years(observations, area=number, data=data)
    if not chosen:
        raise UserError("Ingen år med tall / no years with figures: oppgi / give --years")
    content = template_workbook(
        municipality=number,
        focus_areas=focus_areas,
        data=data,
        observations=observations,
        years=chosen,
    )
    _write_bytes(content, out)


def _year_range(text: str | None) -> list[int] | None:
    if text is None:
        return None
    match = re.fullmatch(r"\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?", text)
    if not match or int(match.group(2) or match.group(1)) < int(match.group(1)):
        raise click.BadParameter(f"{text!r}: skriv / write 2019-2023", param_hint="--years")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if last - first > 100:
        raise click.BadParameter(f"{text!r}: høyst / at most 100 år / years", param_hint="--years")
    return list(range(first, last + 1))


def _write_bytes(content: bytes, out: Path) -> None:
    """Replace `out` atomically, so a failed write loses nothing."""
    try:
        fd, tmp = tempfile.mkstemp(
            dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}."
        )
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, out)
    except OSError as e:
        raise UserError(f"Kan ikke skrive / cannot write {out}: {e.strerror}") from e
    click.echo(f"Skrevet / written: {out}", err=True)
