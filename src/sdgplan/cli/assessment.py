"""`sdgplan assess`: verdicts for every key indicator, their roll-ups and coverage."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import municipality_option, open_store, store_options, terminal_width
from sdgplan.cli.groups import cli
from sdgplan.exporters.assessment import ASSESSMENT_EXPORTERS
from sdgplan.i18n import N_

# The assessment and its renderers are imported when the command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.config import Settings


@cli.command(
    short_help=N_("Vurder måloppnåelse."),
    help=N_(
        "Vurder måloppnåelsen ut fra nøkkeltallene.\n\n"
        "For hver nøkkelindikator: status etter regelen (krav eller intervaller), fremgang "
        "(Open SDG-metoden), trender (enkel, Eurostats korte og lange) og begrunnelsen; så "
        "mål, satsingsområder og bærekraftsmål, og hva som ikke er målt. Metodene: "
        "docs/assessment.md.\n\n"
        "Eksempel:\n\n"
        "    sdgplan assess --year 2022 --focus-area Økonomi --format json"
    ),
)
@click.option(
    "--year",
    type=int,
    metavar=N_("ÅR"),
    default=None,
    help=N_("Året som vurderes [standard: det siste året med nøkkeltall]."),
)
@click.option(
    "--focus-area",
    metavar=N_("NAVN"),
    default=None,
    help=N_("Bare dette satsingsområdet (navn eller nøkkel)."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", *ASSESSMENT_EXPORTERS]),
    default="table",
    show_default=True,
    help=N_("Utformat."),
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
