"""`sdgplan climate import | show | chart`: the climate budget (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    municipality_option,
    open_store,
    safe_url,
    store_options,
)
from sdgplan.cli.groups import cli
from sdgplan.i18n import N_, _

# The store and the renderers are imported when a command runs (fast `--help`).
if TYPE_CHECKING:
    from sdgplan.climate import BudgetView
    from sdgplan.config import Settings
    from sdgplan.domain.climate import BudgetYear


@cli.group(
    name="climate",
    help=N_(
        "Klimabudsjettet: direkte utslipp per sektor og år (Miljødirektoratets statistikk), "
        "målet fra et referanseår, det årlige utslippstaket, tiltak med beregnet effekt og "
        "gapet mellom framskrivingen og taket. Se docs/planning-cycle.md."
    ),
)
def climate_group() -> None:
    pass


@climate_group.command(
    name="import",
    short_help=N_("Importer utslipp, mål eller tiltak."),
    help=N_(
        "Importer en fil til klimabudsjettet. CSV med kolonnene År, Sektor og Utslipp (tonn "
        "CO₂-ekvivalenter), slik Miljødirektoratet eksporterer kommunestatistikken: tallene "
        "erstatter de lagrede for årene i filen. CSV med kolonnene key, name, effect og "
        "start_year: tiltakene erstatter de lagrede. YAML (format: sdgplan-climate-budget): "
        "målet og eventuelt tiltakene. Alt sjekkes før noe lagres.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan climate import klimagassutslipp.csv --municipality 3203\n"
        "    sdgplan climate import klimabudsjett.yaml"
    ),
)
@click.argument(
    "file", metavar=N_("FIL"), type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@municipality_option
@store_options
def climate_import(file: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.climate import import_climate_file
    from sdgplan.reports.terminal import render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    with open_store(settings) as engine, session_scope(engine) as session:
        result = import_climate_file(session, file, municipality=municipality, who=current_user())
    click.echo(render_issues(list(result.issues)), err=True, nl=False)
    parts = []
    if result.emissions:
        parts.append(_("{count} utslippstall").format(count=result.emissions))
    if result.target:
        parts.append(_("utslippsmålet"))
    if result.kind != "emissions":
        parts.append(_("{count} tiltak").format(count=result.measures))
    click.echo(
        _("Importert {what} for {municipality} -> {database}").format(
            what=", ".join(parts),
            municipality=result.municipality.name,
            database=safe_url(settings.db),
        )
    )


@climate_group.command(
    name="show",
    short_help=N_("Vis klimabudsjettet år for år."),
    help=N_(
        "Vis klimabudsjettet som en tabell: utslipp (tonn CO₂-ekvivalenter uten skog og "
        "arealbruk), utslippstaket, framskrivingen med tiltak og gapet til taket (over null: "
        "så mange tonn for mye), og tiltakene.\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan climate show\n"
        "    sdgplan climate show --year 2025 --municipality 3203"
    ),
)
@click.option("--year", type=int, default=None, metavar=N_("ÅR"), help=N_("Bare dette året."))
@municipality_option
@store_options
def climate_show(year: int | None, municipality: str | None, *, settings: Settings) -> None:
    view = _load(settings, municipality)
    if not view.years:
        raise UserError(
            _("{municipality} har ikke noe klimabudsjett").format(
                municipality=view.municipality.name
            ),
            hint=_("Importer utslipp og mål: sdgplan climate import FIL"),
        )
    rows = list(view.rows(year))
    if not rows:
        first, last = view.years[0].year, view.years[-1].year
        raise UserError(
            _("Budsjettet har ikke året {year}; det går fra {first} til {last}").format(
                year=year, first=first, last=last
            )
        )
    click.echo(render_budget(view, rows), nl=False)


def render_budget(view: BudgetView, rows: list[BudgetYear]) -> str:
    """The budget as a terminal table, with the target above and the measures below."""
    from sdgplan.domain.climate import BASIS_LABELS, Basis
    from sdgplan.domain.display import format_number

    def cell(value: float | None) -> str:
        return "" if value is None else format_number(value)

    target = view.budget.target
    lines = [_("Klimabudsjett for {name}").format(name=view.municipality.name)]
    if target is not None:
        lines.append(
            _("Mål: {percent} % direkte utslipp fra {reference} til {year}").format(
                percent=format_number(-target.reduction_percent, 1).removesuffix(",0"),
                reference=target.reference_year,
                year=target.target_year,
            )
        )
    header = [_("År"), _("Utslipp"), _("Tak"), _("Framskriving"), _("Gap"), ""]
    table = [header]
    for row in rows:
        marks = _(BASIS_LABELS[row.basis]) if row.basis not in (None, Basis.REPORTED) else ""
        table.append(
            [
                str(row.year),
                cell(row.emissions),
                cell(row.ceiling),
                cell(row.projection),
                cell(row.gap),
                marks,
            ]
        )
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for r in table:
        first = r[0].ljust(widths[0])
        rest = [r[i].rjust(widths[i]) for i in range(1, 5)]
        lines.append("  ".join([first, *rest, r[5]]).rstrip())
    lines += _measure_lines(view)
    return "\n".join(lines) + "\n"


def _measure_lines(view: BudgetView) -> list[str]:
    from sdgplan.domain.climate import STATUS_LABELS
    from sdgplan.domain.display import format_number

    measures = view.budget.measures
    if not measures:
        return []
    lines = ["", _("Tiltak (tonn CO₂-ekvivalenter mindre per år):")]
    for m in measures:
        extra = [_("fra {year}").format(year=m.start_year), _(STATUS_LABELS[m.status])]
        if m.owner:
            extra.append(m.owner)
        if m.illustrative:
            extra.append(_("illustrativt"))
        lines.append(f"  {format_number(m.effect)}  {m.name} ({', '.join(extra)})")
    return lines


@climate_group.command(
    name="chart",
    short_help=N_("Tegn klimabudsjettet."),
    help=N_(
        "Tegn klimabudsjettet: utslipp per sektor som stablede søyler, utslippstaket som "
        "linje, framskrivingen med tiltak som stiplet linje og gapet skravert. Formatet "
        "følger filendelsen: .svg (bilde), .html (interaktiv side uten nettilgang) eller "
        ".json (Vega-Lite-spesifikasjonen).\n\n"
        "Eksempel:\n\n"
        "\b\n"
        "    sdgplan climate chart --out klimabudsjett.svg"
    ),
)
@click.option(
    "--out",
    metavar=N_("FIL"),
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=N_("Filen diagrammet skrives til: .svg, .html eller .json."),
)
@municipality_option
@store_options
def climate_chart_command(out: Path, municipality: str | None, *, settings: Settings) -> None:
    from sdgplan.cli.common import chart_suffix, write_chart
    from sdgplan.reports.climate_chart import climate_chart

    chart_suffix(out)  # a wrong suffix is refused before the database is read
    view = _load(settings, municipality)
    chart = climate_chart(view.budget, view.years, municipality=view.municipality.name)
    if chart is None:
        raise UserError(
            _("{municipality} har ikke noe klimabudsjett").format(
                municipality=view.municipality.name
            ),
            hint=_("Importer utslipp og mål: sdgplan climate import FIL"),
        )
    write_chart(out, chart)


def _load(settings: Settings, municipality: str | None) -> BudgetView:
    from sdgplan.climate import climate_budget
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        return climate_budget(session, municipality=municipality)
