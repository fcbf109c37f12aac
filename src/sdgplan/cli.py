"""The `sdgplan` command: parses options, calls the library, prints the result."""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click
from sqlalchemy import Engine

from sdgplan.assessment.coverage import coverage_to_dict, sdg_coverage
from sdgplan.config import Settings, load_settings
from sdgplan.domain.plan import GoalLevel, VersionKind
from sdgplan.errors import SdgplanError
from sdgplan.exporters.plan import PLAN_EXPORTERS
from sdgplan.importers import PLAN_IMPORTERS, PlanOptions, import_plan_file
from sdgplan.reference import find_municipality, load_sdg_catalogue
from sdgplan.reports.terminal import (
    VERSION_LABELS,
    render_coverage,
    render_issues,
    render_plan_tree,
)
from sdgplan.store import repo
from sdgplan.store.db import make_engine, missing_sqlite_file, session_scope, upgrade
from sdgplan.version import __version__

F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A message for the user, on stderr, without a traceback."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Feil / Error: {self.format_message()}", err=True, file=file)


def store_options(command: F) -> F:
    """`--db` and `--config`, resolved to `Settings` passed as `settings`."""

    @click.option(
        "--db",
        metavar="URL",
        default=None,
        help="Database URL [env SDGPLAN_DB; default sqlite:///sdgplan.db].",
    )
    @click.option(
        "--config",
        "config_path",
        metavar="FILE",
        default=None,
        type=click.Path(dir_okay=False, path_type=Path),
        help="Settings file (YAML), see docs/configuration.md.",
    )
    @functools.wraps(command)
    def wrapper(*args: Any, db: str | None, config_path: Path | None, **kwargs: Any) -> Any:
        with user_errors():
            settings = load_settings(config_path, db=db)
            return command(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


def plan_filters(command: F) -> F:
    """`--municipality`, `--version` and `--plan` to choose a stored plan version."""
    command = click.option(
        "--plan",
        "title",
        metavar="TITLE",
        default=None,
        help="Plan title, when the database holds several plans.",
    )(command)
    command = click.option(
        "--version",
        "version",
        default=None,
        type=click.Choice([k.value for k in VersionKind]),
        help="Plan version [default: adopted if stored, else proposal].",
    )(command)
    return click.option(
        "--municipality", metavar="NUMBER", default=None, help="Municipality number, e.g. 3203."
    )(command)


@contextmanager
def user_errors() -> Iterator[None]:
    try:
        yield
    except SdgplanError as e:
        raise UserError(str(e)) from e


@contextmanager
def open_store(settings: Settings, *, create: bool = True) -> Iterator[Engine]:
    """The database, migrated to the current schema; with `create=False` it must exist."""
    missing = missing_sqlite_file(settings.db)
    if missing is not None and not create:
        raise UserError(
            f"Databasen finnes ikke / the database does not exist: {missing}\n"
            "Importer en plan / import a plan: sdgplan import plan FILE"
        )
    engine = make_engine(settings.db)
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sdgplan")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """sdgplan: planlegg, styr og rapporter etter FNs bærekraftsmål.

    Plan, steer and report a municipality by the UN Sustainable Development Goals.
    """
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command(short_help="Opprett databasen / create the database.")
@store_options
def init(*, settings: Settings) -> None:
    """Opprett eller oppgrader databasen / create or upgrade the database.

    Other commands do this themselves; use it to prepare an empty PostgreSQL database.

    Example:

        sdgplan init --db postgresql://postgres@127.0.0.1:5432/sdgplan
    """
    with open_store(settings):
        click.echo(f"Databasen er klar / database ready: {_safe_url(settings.db)}")


@cli.group(name="import")
def import_group() -> None:
    """Importer data / import data."""


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
@store_options
def import_plan(
    file: Path,
    format_name: str | None,
    municipality: str | None,
    version: str | None,
    date: str | None,
    title: str | None,
    *,
    settings: Settings,
) -> None:
    """Importer en plan / import a plan (overview text or YAML plan file).

    The whole file is checked first; if anything is wrong, every problem is listed with
    its line and nothing is saved. Importing a version again replaces it.

    Example:

        sdgplan import plan plan-oversikt.txt --municipality 3203 --version proposal
    """
    options = PlanOptions(
        municipality=find_municipality(municipality) if municipality else None,
        version=VersionKind(version) if version else None,
        date=_parse_date(date),
        title=title,
    )
    result = import_plan_file(file, format=format_name, options=options)
    if result.issues:
        click.echo(render_issues(result.issues), err=True, nl=False)
    if not result.ok or result.plan is None:
        raise UserError(f"{file}: ingenting er lagret / nothing was saved")
    with open_store(settings) as engine, session_scope(engine) as session:
        repo.save_plan(session, result.plan)
    plan = result.plan
    plan_version = plan.versions[0]
    counts = plan_version.counts()
    click.echo(
        f"Importert / imported «{plan.title}» ({VERSION_LABELS[plan_version.kind]}) for "
        f"{plan.municipality.name} ({plan.municipality.number}): "
        f"{counts['focus_areas']} satsingsområder / focus areas, {counts[GoalLevel.MAIN]} "
        f"hovedmål / main goals, {counts[GoalLevel.SUB]} delmål / sub-goals, "
        f"{counts[GoalLevel.STRATEGY]} strategier / strategies -> {_safe_url(settings.db)}"
    )


@cli.group()
def show() -> None:
    """Vis data / show data."""


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
    plan, plan_version = _load(settings, municipality, version, title)
    width = shutil.get_terminal_size((100, 24)).columns
    click.echo(render_plan_tree(plan, plan_version, width=min(width, 120)), nl=False)


@cli.group()
def export() -> None:
    """Eksporter data / export data."""


@export.command(name="plan", short_help="Eksporter planen / export the plan.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(list(PLAN_EXPORTERS)),
    default="yaml",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file [default: standard output].",
)
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
    plan, plan_version = _load(settings, municipality, version, title)
    _write(PLAN_EXPORTERS[format_name](plan, plan_version), out)


@cli.group()
def sdg() -> None:
    """Bærekraftsmålene / the SDGs."""


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
    _, plan_version = _load(settings, municipality, version, title)
    coverage = sdg_coverage(plan_version, load_sdg_catalogue())
    if format_name == "json":
        click.echo(json.dumps(coverage_to_dict(coverage), ensure_ascii=False, indent=2))
    else:
        width = shutil.get_terminal_size((100, 24)).columns
        click.echo(render_coverage(coverage, width=min(width, 120)), nl=False)


def _load(
    settings: Settings, municipality: str | None, version: str | None, title: str | None
) -> Any:
    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        return repo.load_plan_version(
            session,
            municipality=municipality,
            version=VersionKind(version) if version else None,
            title=title,
        )


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r}: skriv / write YYYY-MM-DD", param_hint="--date") from e


def _write(text: str, out: Path | None) -> None:
    """Write to stdout, or replace `out` atomically so a failed write loses nothing."""
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        fd, tmp = tempfile.mkstemp(
            dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}."
        )
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, out)
    except OSError as e:
        raise UserError(f"Kan ikke skrive / cannot write {out}: {e.strerror}") from e
    click.echo(f"Skrevet / written: {out}", err=True)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
