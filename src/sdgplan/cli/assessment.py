"""`sdgplan assess`: verdicts for every key indicator, their roll-ups and coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import municipality_option, open_store, store_options, terminal_width
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
    from sdgplan.exporters.assessment import assessment_records
    from sdgplan.plan_data import assess as assess_data
    from sdgplan.plan_data import find_focus_area, load_plan_data
    from sdgplan.reports.assessment_text import render_assessment_text
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        data = load_plan_data(session, municipality=municipality)
    if focus_area is not None:
        data.only(find_focus_area(data.version, focus_area))
    assessment = assess_data(data, year=year)
    if format_name == "table":
        click.echo(render_assessment_text(assessment, width=terminal_width()), nl=False)
    else:
        click.echo(ASSESSMENT_EXPORTERS[format_name](assessment_records(assessment)), nl=False)
