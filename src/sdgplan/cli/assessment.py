"""`sdgplan assess`: verdicts for every key indicator, their roll-ups and coverage."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    choose_focus_area,
    load_plan_data,
    municipality_option,
    store_options,
    terminal_width,
)
from sdgplan.cli.groups import cli
from sdgplan.exporters.assessment import ASSESSMENT_EXPORTERS

# The assessment and its renderers are imported when the command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.command(short_help="Vurder måloppnåelse / assess goal attainment.")
@click.option(
    "--year",
    type=int,
    default=None,
    help="Year to assess [default: the latest year with key figures].",
)
@click.option(
    "--focus-area", metavar="NAME", default=None, help="Only this focus area (satsingsområde)."
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", *ASSESSMENT_EXPORTERS]),
    default="table",
    show_default=True,
    help="Output format.",
)
@municipality_option
@store_options
def assess(
    year: int | None,
    focus_area: str | None,
    format_name: str,
    municipality: str | None,
    *,
    settings: Settings,
) -> None:
    """Vurder måloppnåelse / assess goal attainment from the key figures.

    For each key indicator: rule status (threshold or bands), progress (Open SDG method),
    trends (plain, Eurostat short and long term) and the reason in Norwegian and English;
    then goals, focus areas and SDG goals, and what is not measured. Methods:
    docs/assessment.md.

    Example:

        sdgplan assess --year 2022 --focus-area Økonomi --format json
    """
    from sdgplan.assessment import assess_plan
    from sdgplan.assessment.verdicts import latest_year
    from sdgplan.exporters.assessment import assessment_records
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.reports.assessment_text import render_assessment_text

    plan, version, data, observations = load_plan_data(settings, municipality)
    number = plan.municipality.number
    if year is None:
        year = latest_year(data, observations, area=number) or dt.date.today().year
    if focus_area is not None:
        name = choose_focus_area(version, focus_area)
        version.focus_areas = [a for a in version.focus_areas if a.name == name]
        data.indicators = [i for i in data.indicators if any(g.focus_area == name for g in i.goals)]
    assessment = assess_plan(
        version, data, observations, area=number, year=year, catalogue=load_sdg_catalogue()
    )
    if format_name == "table":
        click.echo(render_assessment_text(assessment, width=terminal_width()), nl=False)
    else:
        click.echo(ASSESSMENT_EXPORTERS[format_name](assessment_records(assessment)), nl=False)
