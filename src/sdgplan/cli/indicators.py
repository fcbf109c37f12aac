"""Commands for key figures: import indicators, observations and thematic plans; show
indicators; export observations."""

from __future__ import annotations

from pathlib import Path

import click

from sdgplan import loading
from sdgplan.cli.common import (
    choose_focus_area,
    load_plan_data,
    municipality_option,
    open_store,
    output_options,
    safe_url,
    store_options,
    terminal_width,
    write_output,
)
from sdgplan.cli.groups import export, import_group, show
from sdgplan.config import Settings
from sdgplan.exporters.observations import OBSERVATION_EXPORTERS, observation_rows
from sdgplan.reports.key_figures import key_figure_tables, render_key_figures_text
from sdgplan.reports.terminal import render_issues
from sdgplan.store import indicator_repo
from sdgplan.store.db import session_scope

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
    with open_store(settings) as engine, session_scope(engine) as session:
        data, warnings = loading.load_indicators(session, file, municipality=municipality)
    click.echo(render_issues(warnings), err=True, nl=False)
    click.echo(
        f"Importert / imported {len(data.indicators)} indikatorer / indicators, "
        f"{len(data.tables)} tabeller / tables, {len(data.areas)} områder / areas "
        f"-> {safe_url(settings.db)}"
    )


@import_group.command(name="observations", short_help="Importer tall / import observations.")
@click.argument("file", type=FILE)
@municipality_option
@store_options
def import_observations(file: Path, municipality: str | None, *, settings: Settings) -> None:
    """Importer observasjoner / import observations (tidy CSV, one row per value).

    Every row is checked (indicator, area, period within the plan's years, value, status)
    before anything is saved. A file written by `sdgplan export observations` carries its
    own indicator and area definitions.

    Example:

        sdgplan import observations observations.csv --municipality 3203
    """
    with open_store(settings) as engine, session_scope(engine) as session:
        batch, warnings = loading.load_observations(session, file, municipality=municipality)
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
    with open_store(settings) as engine, session_scope(engine) as session:
        count, warnings = loading.load_thematic_plans(session, file, municipality=municipality)
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
    plan, version, data, observations = load_plan_data(settings, municipality)
    tables = key_figure_tables(version, data, observations, area=plan.municipality.number)
    if focus_area is not None:
        name = choose_focus_area(version, focus_area)
        tables = [t for t in tables if t.focus_area == name]
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
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        number = loading.resolve_municipality(session, municipality).number
        data = indicator_repo.load_indicator_set(session, number)
        observations = indicator_repo.load_observations(session, number)
    rows = observation_rows(number, data, observations)
    write_output(OBSERVATION_EXPORTERS[format_name](rows), out)
