"""Commands for plans: init, import plan, show plan, export plan, sdg coverage."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sdgplan.cli.common import (
    UserError,
    load_plan_version,
    open_store,
    output_options,
    parse_date,
    plan_filters,
    safe_url,
    store_options,
    terminal_width,
    write_output,
)
from sdgplan.cli.groups import cli, export, import_group, sdg, show
from sdgplan.domain.plan import VersionKind
from sdgplan.exporters.plan import PLAN_EXPORTERS
from sdgplan.importers import PLAN_IMPORTERS, PlanOptions, import_plan_file

# The store and the renderers are imported when a command runs, so `--help` stays fast.
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.plan_keys import KeyReport


@cli.command(short_help="Opprett databasen / create the database.")
@store_options
def init(*, settings: Settings) -> None:
    """Opprett eller oppgrader databasen / create or upgrade the database.

    Other commands do this themselves; use it to prepare an empty PostgreSQL database.

    Example:

        sdgplan init --db postgresql://postgres@127.0.0.1:5432/sdgplan
    """
    with open_store(settings):
        click.echo(f"Databasen er klar / database ready: {safe_url(settings.db)}")


@import_group.command(name="plan", short_help="Importer en plan / import a plan.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(PLAN_IMPORTERS)),
    default=None,
    help="File layout [default: detected from the content].",
)
@click.option(
    "--municipality",
    metavar="NUMBER",
    default=None,
    help="Municipality number, e.g. 3203 [default: from the file].",
)
@click.option(
    "--version",
    "version",
    type=click.Choice([k.value for k in VersionKind]),
    default=None,
    help="Plan version [default: the YAML file's 'version:'; an overview whose title lines "
    "start with 'Forslag' or 'Høringsforslag' is a proposal; otherwise adopted].",
)
@click.option(
    "--date",
    "date",
    metavar="YYYY-MM-DD",
    default=None,
    help="Date of this version (proposal or adoption) [default: the YAML file's 'date:'; "
    "overview files carry no date].",
)
@click.option("--title", metavar="TEXT", default=None, help="Plan title [default: from the file].")
@click.option(
    "--allow-orphans",
    is_flag=True,
    help="Save even if indicators then refer to goals the plan no longer has.",
)
@store_options
def import_plan(
    file: Path,
    format_name: str | None,
    municipality: str | None,
    version: str | None,
    date: str | None,
    title: str | None,
    allow_orphans: bool,
    *,
    settings: Settings,
) -> None:
    """Importer en plan / import a plan (overview text or YAML plan file).

    The whole file is checked first; if anything is wrong, every problem is listed with
    its line and nothing is saved. Importing a version again replaces it.

    Every focus area, goal and strategy has a stable key (`id:` in the YAML file, e.g.
    okonomi.1). Items without one are matched to the version stored before, by text and
    then by position and likeness; the command lists what was reworded, what is new and
    what is gone. A plan that drops goals indicators refer to is refused (--allow-orphans
    saves it anyway).

    Example:

        sdgplan import plan plan-oversikt.txt --municipality 3203 --version proposal
    """
    from sdgplan import loading
    from sdgplan.domain.plan import GoalLevel
    from sdgplan.reference import find_municipality
    from sdgplan.reports.terminal import VERSION_LABELS, render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    options = PlanOptions(
        municipality=find_municipality(municipality) if municipality else None,
        version=VersionKind(version) if version else None,
        date=parse_date(date),
        title=title,
    )
    result = import_plan_file(file, format=format_name, options=options)
    if result.issues:
        click.echo(render_issues(result.issues), err=True, nl=False)
    if not result.ok or result.plan is None:
        raise UserError(f"{file}: ingenting er lagret / nothing was saved")
    with open_store(settings) as engine, session_scope(engine) as session:
        reports = loading.save_plan(
            session,
            result.plan,
            allow_orphans=allow_orphans,
            who=current_user(),
            source=str(file),
        )
    plan = result.plan
    plan_version = plan.versions[0]
    counts = plan_version.counts()
    click.echo(
        f"Importert / imported «{plan.title}» ({VERSION_LABELS[plan_version.kind]}) for "
        f"{plan.municipality.name} ({plan.municipality.number}): "
        f"{counts['focus_areas']} satsingsområder / focus areas, {counts[GoalLevel.MAIN]} "
        f"hovedmål / main goals, {counts[GoalLevel.SUB]} delmål / sub-goals, "
        f"{counts[GoalLevel.STRATEGY]} strategier / strategies -> {safe_url(settings.db)}"
    )
    for report in reports:
        click.echo(_key_summary(report), nl=False)


def _key_summary(report: KeyReport) -> str:
    """What the keys matched: counts, then each reworded, new and gone item."""
    lines = [
        f"Nøkler / keys: {len(report.kept)} uendret / unchanged, {len(report.reworded)} "
        f"omformulert / reworded, {len(report.new)} nye / new, {len(report.gone)} borte / gone"
    ]
    lines += [f"  ~ {key}: «{old}» -> «{new}»" for key, old, new in report.reworded]
    if report.kept or report.reworded or report.gone:  # a first import: everything is new
        lines += [f"  + {key}: «{text}»" for key, text in report.new]
    lines += [f"  - {key}: «{text}»" for key, text in report.gone]
    return "\n".join(lines) + "\n"


@show.command(name="plan", short_help="Vis planen / show the plan.")
@plan_filters
@store_options
def show_plan(
    municipality: str | None, version: str | None, title: str | None, *, settings: Settings
) -> None:
    """Vis planen som et tre / show the plan as a tree.

    Example:

        sdgplan show plan --version adopted
    """
    from sdgplan.reports.terminal import render_plan_tree

    plan, plan_version = load_plan_version(settings, municipality, version, title)
    width = terminal_width()
    click.echo(render_plan_tree(plan, plan_version, width=width), nl=False)


@export.command(name="plan", short_help="Eksporter planen / export the plan.")
@output_options(list(PLAN_EXPORTERS), "yaml")
@plan_filters
@store_options
def export_plan(
    format_name: str,
    out: Path | None,
    municipality: str | None,
    version: str | None,
    title: str | None,
    *,
    settings: Settings,
) -> None:
    """Eksporter planen / export the plan as YAML, JSON or CSV.

    The YAML file can be edited and imported again; the JSON form is documented in
    docs/formats.md.

    Example:

        sdgplan export plan --format json --out plan.json
    """
    plan, plan_version = load_plan_version(settings, municipality, version, title)
    write_output(PLAN_EXPORTERS[format_name](plan, plan_version), out)


@sdg.command(name="coverage", short_help="SDG-dekning / SDG coverage.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@plan_filters
@store_options
def sdg_coverage_command(
    format_name: str,
    municipality: str | None,
    version: str | None,
    title: str | None,
    *,
    settings: Settings,
) -> None:
    """Vis hvilke bærekraftsmål planen dekker / show which SDGs the plan covers.

    For each of the 17 goals: the targets that goals and strategies refer to, and from
    where; then the goals and strategies that have no SDG reference.

    Example:

        sdgplan sdg coverage --format json
    """
    import json

    from sdgplan.assessment.coverage import coverage_to_dict, sdg_coverage
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.reports.terminal import render_coverage

    _, plan_version = load_plan_version(settings, municipality, version, title)
    coverage = sdg_coverage(plan_version, load_sdg_catalogue())
    if format_name == "json":
        click.echo(json.dumps(coverage_to_dict(coverage), ensure_ascii=False, indent=2))
    else:
        width = terminal_width()
        click.echo(render_coverage(coverage, width=width), nl=False)
