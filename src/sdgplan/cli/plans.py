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
from sdgplan.cli.counts import listed
from sdgplan.cli.groups import cli, export, import_group, sdg, show
from sdgplan.cli.progress import Progress
from sdgplan.domain.plan import VersionKind
from sdgplan.exporters.plan import PLAN_EXPORTERS
from sdgplan.i18n import N_, _
from sdgplan.importers import PLAN_IMPORTERS, PlanOptions, import_plan_file

# The store and the renderers are imported when a command runs, so `--help` stays fast.
if TYPE_CHECKING:
    from sdgplan.config import Settings
    from sdgplan.domain.plan import Municipality
    from sdgplan.domain.plan_keys import KeyReport


@cli.command(
    short_help=N_("Opprett databasen."),
    help=N_(
        "Opprett eller oppgrader databasen.\n\n"
        "Andre kommandoer gjør dette selv; bruk den til å gjøre klar en tom "
        "PostgreSQL-database.\n\n"
        "Eksempel:\n\n"
        "    sdgplan init --db postgresql://postgres@127.0.0.1:5432/sdgplan"
    ),
)
@store_options
def init(*, settings: Settings) -> None:
    with open_store(settings):
        click.echo(_("Databasen er klar: {database}").format(database=safe_url(settings.db)))


@import_group.command(
    name="plan",
    short_help=N_("Importer en plan."),
    help=N_(
        "Importer en plan (oversiktstekst eller planfil i YAML).\n\n"
        "Hele filen sjekkes først; er noe galt, listes hvert problem med linjen sin, og "
        "ingenting lagres. En versjon som importeres igjen, erstattes.\n\n"
        "Hvert satsingsområde, mål og hver strategi har en fast nøkkel (`id:` i YAML-filen, "
        "f.eks. okonomi.1). Punkter uten nøkkel kobles til versjonen som var lagret før, etter "
        "tekst og så etter plass og likhet; kommandoen lister hva som er omformulert, nytt og "
        "borte. En plan som fjerner mål som indikatorer viser til, avvises (--allow-orphans "
        "lagrer den likevel).\n\n"
        "Eksempel:\n\n"
        "    sdgplan import plan plan-oversikt.txt --municipality 3203 --version proposal"
    ),
)
@click.argument(
    "file", metavar=N_("FIL"), type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(PLAN_IMPORTERS)),
    default=None,
    help=N_("Filens oppsett [standard: gjenkjent fra innholdet]."),
)
@click.option(
    "--municipality",
    metavar=N_("NUMMER"),
    default=None,
    help=N_("Kommunenummer, f.eks. 3203 [standard: fra filen]."),
)
@click.option(
    "--version",
    "version",
    type=click.Choice([k.value for k in VersionKind]),
    default=None,
    help=N_(
        "Planversjon [standard: YAML-filens «version:»; en oversikt der tittellinjene "
        "begynner med «Forslag» eller «Høringsforslag» er et forslag (proposal); ellers "
        "adopted]."
    ),
)
@click.option(
    "--date",
    "date",
    metavar=N_("ÅÅÅÅ-MM-DD"),
    default=None,
    help=N_(
        "Datoen for denne versjonen (forslag eller vedtak) [standard: YAML-filens «date:»; "
        "oversiktsfiler har ingen dato]."
    ),
)
@click.option(
    "--title",
    metavar=N_("TEKST"),
    default=None,
    help=N_("Planens tittel [standard: fra filen]."),
)
@click.option(
    "--allow-orphans",
    is_flag=True,
    help=N_("Lagre selv om indikatorer da viser til mål planen ikke lenger har."),
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
    from sdgplan import loading
    from sdgplan.domain.plan import GoalLevel
    from sdgplan.errors import ChoiceNeeded, Conflict
    from sdgplan.reports.terminal import VERSION_LABELS, render_issues
    from sdgplan.store.change_log import current_user
    from sdgplan.store.db import session_scope

    options = PlanOptions(
        municipality=_plan_owner(settings, file, format_name, municipality),
        version=VersionKind(version) if version else None,
        date=parse_date(date),
        title=title,
    )
    with Progress.on_stderr(stages=2) as progress:
        progress.stage(_("Leser og sjekker {path}").format(path=file))
        result = import_plan_file(file, format=format_name, options=options)
        if result.issues:
            progress.echo(render_issues(result.issues).rstrip("\n"), err=True)
        if not result.ok or result.plan is None:
            raise UserError(_("{path}: ingenting er lagret").format(path=file))
        progress.stage(_("Lagrer"))
        try:
            with open_store(settings) as engine, session_scope(engine) as session:
                reports = loading.save_plan(
                    session,
                    result.plan,
                    allow_orphans=allow_orphans,
                    who=current_user(),
                    source=str(file),
                )
        except Conflict as e:  # goals that indicators refer to are gone
            if isinstance(e, ChoiceNeeded):
                raise
            raise UserError(e.message, orphans_hint(e.hint)) from e
    plan = result.plan
    plan_version = plan.versions[0]
    counts = plan_version.counts()
    parts = listed(
        {
            "focus_area": counts["focus_areas"],
            "main_goal": counts[GoalLevel.MAIN],
            "sub_goal": counts[GoalLevel.SUB],
            "strategy": counts[GoalLevel.STRATEGY],
        }
    )
    click.echo(
        _(
            "Importert «{title}» ({version}) for {municipality} ({number}): {counts} -> {database}"
        ).format(
            title=plan.title,
            version=_(VERSION_LABELS[plan_version.kind]),
            municipality=plan.municipality.name,
            number=plan.municipality.number,
            counts=parts,
            database=safe_url(settings.db),
        )
    )
    for report in reports:
        click.echo(_key_summary(report), nl=False)
    from sdgplan.target_suggestions import local_suggestion_lines

    for line in local_suggestion_lines(plan_version):  # suggested, never applied
        click.echo(line)


def _plan_owner(
    settings: Settings, file: Path, format_name: str | None, given: str | None
) -> Municipality | None:
    """The municipality given or named by a YAML plan file: from the bundled register, else
    an organisation added to the database (only read; a bad file creates no database)."""
    from contextlib import ExitStack

    from sdgplan import loading
    from sdgplan.errors import SdgplanError
    from sdgplan.store.db import session_scope

    try:
        return loading.plan_owner(None, file, format_name, given)
    except SdgplanError as not_registered:
        with ExitStack() as stack:
            try:
                engine = stack.enter_context(open_store(settings, create=False))
            except (UserError, SdgplanError):  # no usable database: the register's answer
                raise not_registered from None
            session = stack.enter_context(session_scope(engine))
            return loading.plan_owner(session, file, format_name, given)


def orphans_hint(hint: str | None) -> str:
    """The library's hint on goals that indicators refer to, and this command's option."""
    option = _("Med --allow-orphans lagres planen likevel.")
    return f"{hint}\n{option}" if hint else option


def _key_summary(report: KeyReport) -> str:
    """What the keys matched: counts, then each reworded, new and gone item."""
    lines = [
        _("Nøkler: {kept} uendret, {reworded} omformulert, {new} nye, {gone} borte").format(
            kept=len(report.kept),
            reworded=len(report.reworded),
            new=len(report.new),
            gone=len(report.gone),
        )
    ]
    lines += [f"  ~ {key}: «{old}» -> «{new}»" for key, old, new in report.reworded]
    if report.kept or report.reworded or report.gone:  # a first import: everything is new
        lines += [f"  + {key}: «{text}»" for key, text in report.new]
    lines += [f"  - {key}: «{text}»" for key, text in report.gone]
    return "\n".join(lines) + "\n"


@show.command(
    name="plan",
    short_help=N_("Vis planen."),
    help=N_("Vis planen som et tre.\n\nEksempel:\n\n    sdgplan show plan --version adopted"),
)
@plan_filters
@store_options
def show_plan(
    municipality: str | None, version: str | None, title: str | None, *, settings: Settings
) -> None:
    from sdgplan.reports.terminal import render_plan_tree

    plan, plan_version = load_plan_version(settings, municipality, version, title)
    width = terminal_width()
    click.echo(render_plan_tree(plan, plan_version, width=width), nl=False)


@export.command(
    name="plan",
    short_help=N_("Eksporter planen."),
    help=N_(
        "Eksporter planen som YAML, JSON eller CSV.\n\n"
        "YAML-filen kan redigeres og importeres igjen; JSON-formen er beskrevet i "
        "docs/formats.md.\n\n"
        "Eksempel:\n\n"
        "    sdgplan export plan --format json --out plan.json"
    ),
)
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
    plan, plan_version = load_plan_version(settings, municipality, version, title)
    write_output(PLAN_EXPORTERS[format_name](plan, plan_version), out)


@sdg.command(
    name="coverage",
    short_help=N_("Planens dekning av bærekraftsmålene."),
    help=N_(
        "Vis hvilke bærekraftsmål planen dekker.\n\n"
        "For hvert av de 17 målene: delmålene som planens mål og strategier viser til, og "
        "hvorfra; så målene og strategiene som ikke viser til noe bærekraftsmål.\n\n"
        "Eksempel:\n\n"
        "    sdgplan sdg coverage --format json"
    ),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help=N_("Utformat."),
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
    import json

    from sdgplan.assessment.coverage import coverage_to_dict, sdg_coverage
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.reports.terminal import render_coverage

    plan_version = load_plan_version(settings, municipality, version, title)[1]
    coverage = sdg_coverage(plan_version, load_sdg_catalogue())
    if format_name == "json":
        click.echo(json.dumps(coverage_to_dict(coverage), ensure_ascii=False, indent=2))
    else:
        width = terminal_width()
        click.echo(render_coverage(coverage, width=width), nl=False)
