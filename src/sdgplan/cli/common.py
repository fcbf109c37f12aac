"""What the commands share: options, error handling, opening the store, writing output."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from sdgplan.cli.language import given_flag
from sdgplan.domain.periods import parse_date as parse_iso_date
from sdgplan.domain.plan import VersionKind
from sdgplan.i18n import N_, _, set_language

# `sdgplan --help` stays fast: the settings, the store (SQLAlchemy, Alembic) and the
# renderers are imported by the functions that use them, when a command runs.
if TYPE_CHECKING:
    from sqlalchemy import Engine

    from sdgplan.config import Settings
    from sdgplan.reports.charts import Chart

F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A message for the user, and a hint on what to do, on stderr without a traceback."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def format_message(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(_("Feil: {message}").format(message=self.format_message()), err=True, file=file)


def bad_value(option: str, problem: str) -> click.UsageError:
    """A usage error (exit code 2) for an option's value, in the run's language."""
    from sdgplan.cli.help import LocalUsageError

    return LocalUsageError(
        _("Ugyldig verdi for {option}: {problem}").format(option=option, problem=problem),
        ctx=click.get_current_context(silent=True),
    )


def store_options(command: F) -> F:
    """`--db` and `--config`, resolved to `Settings` passed as `settings`."""

    @click.option(
        "--db",
        metavar="URL",
        default=None,
        help=N_("Databasens URL [miljøvariabel SDGPLAN_DB; standard sqlite:///sdgplan.db]."),
    )
    @click.option(
        "--config",
        "config_path",
        metavar=N_("FIL"),
        default=None,
        type=click.Path(dir_okay=False, path_type=Path),
        help=N_("Innstillingsfil (YAML), se docs/configuration.md."),
    )
    @functools.wraps(command)
    def wrapper(*args: Any, db: str | None, config_path: Path | None, **kwargs: Any) -> Any:
        from sdgplan.config import load_settings

        with user_errors():
            settings = load_settings(config_path, db=db, language=given_flag())
            set_language(settings.language)  # the file --config names may set it
            return command(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


def output_options(formats: list[str], default: str) -> Callable[[F], F]:
    """`--format` (one of `formats`) and `--out FILE` (standard output by default)."""

    def decorate(command: F) -> F:
        command = click.option(
            "--out",
            metavar=N_("FIL"),
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help=N_("Utfil [standard: standard ut]."),
        )(command)
        return click.option(
            "--format",
            "format_name",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help=N_("Utformat."),
        )(command)

    return decorate


def municipality_option(command: F) -> F:
    return click.option(
        "--municipality",
        metavar=N_("NUMMER"),
        default=None,
        help=N_("Kommunenummer, f.eks. 3203 [standard: fra filen, eller den eneste lagrede]."),
    )(command)


def plan_filters(command: F) -> F:
    """`--municipality`, `--version` and `--plan` to choose a stored plan version."""
    command = click.option(
        "--plan",
        "title",
        metavar=N_("TITTEL"),
        default=None,
        help=N_("Planens tittel, når databasen har flere planer."),
    )(command)
    command = click.option(
        "--version",
        "version",
        default=None,
        type=click.Choice([k.value for k in VersionKind]),
        help=N_("Planversjon [standard: adopted (vedtatt) om den er lagret, ellers proposal]."),
    )(command)
    return click.option(
        "--municipality",
        metavar=N_("NUMMER"),
        default=None,
        help=N_("Kommunenummer, f.eks. 3203."),
    )(command)


# What a `ChoiceNeeded` error needs, as this command line's options and their metavars.
CHOICE_OPTIONS = {
    "municipality": ("--municipality", N_("NUMMER")),
    "plan": ("--plan", N_("TITTEL")),
    "version": ("--version", "proposal|adopted"),
}


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into messages; invalid data also lists every problem found."""
    from sdgplan.errors import ChoiceNeeded, InvalidData, SdgplanError
    from sdgplan.reports.terminal import render_issues

    try:
        yield
    except InvalidData as e:
        click.echo(render_issues(e.issues), err=True, nl=False)
        raise UserError(e.message, e.hint) from e
    except ChoiceNeeded as e:
        raise UserError(e.message, choice_hint(e.needs, command_options()) or e.hint) from e
    except SdgplanError as e:
        raise UserError(e.message, e.hint) from e


def choice_hint(needs: tuple[str, ...], available: set[str]) -> str | None:
    """`Oppgi --municipality NUMMER` for what a `ChoiceNeeded` needs, with the options the
    command has (`available`); None if it has none of them."""
    flags = [CHOICE_OPTIONS[need] for need in needs if need in CHOICE_OPTIONS]
    shown = [f"{flag} {_(metavar)}" for flag, metavar in flags if flag in available]
    return _("Oppgi {options}").format(options=_(" eller ").join(shown)) if shown else None


def command_options() -> set[str]:
    """The option names of the running command (empty outside a command)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return set()
    return {name for param in ctx.command.params for name in param.opts}


def terminal_width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 120)


@contextmanager
def open_database(settings: Settings, *, must_exist: bool) -> Iterator[Engine]:
    """The engine as it is: nothing created or migrated; database errors become messages."""
    from sdgplan.store.db import database_errors, make_engine, missing_sqlite_file

    missing = missing_sqlite_file(settings.db)
    if missing is not None and must_exist:
        raise UserError(
            _("Databasen finnes ikke: {path}").format(path=missing),
            hint=_("Importer en plan: sdgplan import plan FIL"),
        )
    engine = make_engine(settings.db)
    try:
        with database_errors(engine.url):
            yield engine
    finally:
        engine.dispose()


@contextmanager
def open_store(settings: Settings, *, create: bool = True) -> Iterator[Engine]:
    """The database, migrated to the current schema.

    With `create=False` (read commands) it must exist with the current schema and is never
    written: no file, table or migration.
    """
    from sdgplan.store.db import check_current, upgrade

    with open_database(settings, must_exist=not create) as engine:
        if create:
            upgrade(engine)
        else:
            check_current(engine)
        yield engine


def load_plan_version(
    settings: Settings, municipality: str | None, version: str | None, title: str | None
) -> Any:
    from sdgplan.store import plan_repo
    from sdgplan.store.db import session_scope

    with open_store(settings, create=False) as engine, session_scope(engine) as session:
        return plan_repo.load_plan_version(
            session,
            municipality=municipality,
            version=VersionKind(version) if version else None,
            title=title,
        )


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValueError as e:
        raise bad_value("--date", _("{value!r}: skriv ÅÅÅÅ-MM-DD").format(value=value)) from e


def write_output(text: str, out: Path | None) -> None:
    """Write to stdout, or replace `out` (see `replace_file`) and say so on stderr."""
    if out is None:
        click.echo(text, nl=False)
        return
    replace_file(out, text.encode("utf-8"))
    click.echo(_("Skrevet: {path}").format(path=out), err=True)


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file beside it, so a failure keeps the
    old file. The file gets the old file's permissions, or those a new file gets (not the
    temporary file's owner-only ones)."""
    try:
        mode = _file_mode(path)
        fd, tmp = tempfile.mkstemp(
            dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}."
        )
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise UserError(
            _("Kan ikke skrive {path}: {reason}").format(path=path, reason=e.strerror)
        ) from e


def _file_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # reading the umask means setting it: set it back at once
        os.umask(umask)
        return 0o666 & ~umask


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


CHART_SUFFIXES = (".svg", ".html", ".json")


def chart_suffix(out: Path) -> str:
    """The suffix of a chart's `--out` file; a usage error unless .svg, .html or .json."""
    suffix = out.suffix.casefold()
    if suffix not in CHART_SUFFIXES:
        raise bad_value(
            "--out", _("«{path}»: bruk filendelsen .svg, .html eller .json").format(path=out)
        )
    return suffix


def write_chart(out: Path, chart: Chart) -> None:
    """Write `chart` to `out` as its suffix says (`chart_suffix`): an SVG image, a standalone
    HTML page or the Vega-Lite JSON; and say so."""
    import json

    from sdgplan.reports.charts import chart_html, chart_svg

    suffix = chart_suffix(out)
    if suffix == ".svg":
        text = chart_svg(chart)
    elif suffix == ".html":
        text = chart_html(chart)
    else:
        text = json.dumps(chart.spec, ensure_ascii=False, indent=2) + "\n"
    replace_file(out, text.encode("utf-8"))
    click.echo(_("Skrevet: {path}").format(path=out))
