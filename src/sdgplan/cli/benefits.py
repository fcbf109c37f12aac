"""`sdgplan benefits import | show | export`: benefit realisation (issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    municipality_option,
    open_store,
    safe_url,
    store_options,
    write_output,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _, ngettext

# The store and the assessment are imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.benefits import BenefitAssessment, BenefitVerdict
    from sdgplan.config import Settings


@cli.group(
    name="benefits",
    help=N_(
        "Gevinstrealisering: målområder med gevinster, hver målt med en av kommunens "
        "indikatorer fra et nullpunktsår (f.eks. 0-punktsmåling 2019), og endringen siden "
        "vurdert som nøkkeltallene. Se docs/method-tool.md."
    ),
)
def benefits_group() -> None:
    pass


@benefits_group.command(
    name="import",
    short_help=N_("Importer en gevinstplan."),
    help=N_(
        "Importer en gevinstplan (YAML, format: sdgplan-benefits). Den erstatter den lagrede "
        "planen med samme nøkkel. Indikatorene må være importert for kommunen først. Alt "
        "sjekkes før noe lagres.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan benefits import gevinster-2019.yaml"
    ),
)
@click.argument(
    "file", metavar=N_("FIL"), type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@municipality_option
@store_options
def benefits_import(file: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.benefits import import_benefit_file
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        result = import_benefit_file(session, file, municipality=municipality, who=current_user())
    click.echo(render_issues(list(result.issues)), err=True, nl=False)
    message = (
        _("Importert gevinstplanen «{key}» ({benefits}) for {municipality} -> {database}")
        if result.changed
        else _("Gevinstplanen «{key}» ({benefits}) for {municipality} er uendret")
    )
    count = len(result.plan.benefits)
    click.echo(
        message.format(
            key=result.plan.key,
            benefits=ngettext("{count} gevinst", "{count} gevinster", count).format(count=count),
            municipality=result.municipality.name,
            database=safe_url(settings.db),
        )
    )


@benefits_group.command(
    name="show",
    short_help=N_("Vis realiserte gevinster per målområde."),
    help=N_(
        "Vis gevinstplanen per målområde: for hver gevinst verdien i nullpunktsåret, siste "
        "måling, endringen, forventet verdi og vurderingen med begrunnelse, og målområdets "
        "samlede vurdering. Uten --year brukes siste år med målte verdier.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan benefits show\n"
        "    sdgplan benefits show --plan gevinster-2019 --year 2021"
    ),
)
@click.option(
    "--plan", "plan_key", metavar=N_("NØKKEL"), default=None, help=N_("Bare denne planen.")
)
@click.option("--year", type=int, default=None, metavar=N_("ÅR"), help=N_("Vurder i dette året."))
@municipality_option
@store_options
def benefits_show(
    plan_key: str | None, year: int | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.benefits import benefit_assessments
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        _owner, assessments = benefit_assessments(
            session, municipality=municipality, plan=plan_key, year=year
        )
    click.echo("\n".join(render_assessment(a) for a in assessments), nl=False)


def render_assessment(assessment: BenefitAssessment) -> str:
    """A plan's assessment for the terminal: per area its benefits and its roll-up."""
    plan = assessment.plan
    head = _("{title} ({key}): nullpunkt {baseline}").format(
        title=plan.title, key=plan.key, baseline=plan.baseline_year
    )
    if plan.target_year is not None:
        head += ", " + _("mål {year}").format(year=plan.target_year)
    if plan.illustrative:
        head += " " + _("(illustrativ)")
    lines = [head, _("Vurdert for {year}").format(year=assessment.year)]
    for result in assessment.areas:
        lines += ["", result.area.name]
        for verdict in result.benefits:
            lines += _benefit_lines(verdict, plan.baseline_year)
        lines.append("  " + _("Samlet: {reason}").format(reason=result.rollup.reason_text))
    return "\n".join(lines) + "\n"


def _benefit_lines(verdict: BenefitVerdict, baseline_year: int) -> list[str]:
    benefit, change = verdict.benefit, verdict.change
    title = benefit.text + (f" [{benefit.indicator}]" if benefit.indicator else "")
    figures = [
        _("nullpunkt {year}: {value}").format(
            year=baseline_year, value=verdict.value_text(change.baseline) or "–"
        )
    ]
    if change.current is not None:
        figures.append(
            _("siste: {value} ({year})").format(
                value=verdict.value_text(change.current), year=change.current.year
            )
        )
        figures.append(_("endring: {change}").format(change=verdict.change_text))
    if verdict.expected_text:
        figures.append(_("forventet: {value}").format(value=verdict.expected_text))
    return [
        f"  - {title}",
        "    " + " | ".join(figures),
        "    " + _("{verdict}: {reason}").format(verdict=verdict.label, reason=verdict.reason_text),
    ]


@benefits_group.command(
    name="export",
    short_help=N_("Skriv en gevinstplan som YAML."),
    help=N_(
        "Skriv en lagret gevinstplan som YAML (format: sdgplan-benefits), slik at den kan "
        "endres og importeres igjen. Med flere planer velger --plan hvilken.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan benefits export --out gevinster.yaml"
    ),
)
@click.option("--plan", "plan_key", metavar=N_("NØKKEL"), default=None, help=N_("Planens nøkkel."))
@click.option(
    "--out",
    metavar=N_("FIL"),
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=N_("Utfil [standard: standard ut]."),
)
@municipality_option
@store_options
def benefits_export(
    plan_key: str | None, out: Path | None, municipality: str | None, *, settings: Settings
) -> None:
    from sdgplan.benefits import export_benefit_plan
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        text = export_benefit_plan(session, municipality=municipality, plan=plan_key)
    write_output(text, out)
