"""What the commands share: options, error handling, opening the store, writing output."""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from sdgplan.domain.periods import parse_date as parse_iso_date
from sdgplan.domain.plan import VersionKind

# `sdgplan --help` stays fast: the settings, the store (SQLAlchemy, Alembic) and the
# renderers are imported by the functions that use them, when a command runs.
if TYPE_CHECKING:
    from sqlalchemy import Engine

    from sdgplan.config import Settings

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
        from sdgplan.config import load_settings

        with user_errors():
            settings = load_settings(config_path, db=db)
            return command(*args, settings=settings, **kwargs)

    return wrapper  # type: ignore[return-value]


def output_options(formats: list[str], default: str) -> Callable[[F], F]:
    """`--format` (one of `formats`) and `--out FILE` (standard output by default)."""

    def decorate(command: F) -> F:
        command = click.option(
            "--out",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Output file [default: standard output].",
        )(command)
        return click.option(
            "--format",
            "format_name",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help="Output format.",
        )(command)

    return decorate


def municipality_option(command: F) -> F:
    return click.option(
        "--municipality",
        metavar="NUMBER",
        default=None,
        help="Municipality number, e.g. 3203 [default: from the file, or the only one stored].",
    )(command)


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
    """Turn library errors into messages; invalid data also lists every problem found."""
    from sdgplan.errors import InvalidData, SdgplanError
    from sdgplan.reports.terminal import render_issues

    try:
        yield
    except InvalidData as e:
        click.echo(render_issues(e.issues), err=True, nl=False)
        raise UserError(str(e)) from e
    except SdgplanError as e:
        raise UserError(str(e)) from e


def terminal_width() -> int:
    return min(shutil.get_terminal_size((100, 24)).columns, 120)


@contextmanager
def open_database(settings: Settings, *, must_exist: bool) -> Iterator[Engine]:
    """The engine as it is: nothing created or migrated; database errors become messages."""
    from sdgplan.store.db import database_errors, make_engine, missing_sqlite_file

    missing = missing_sqlite_file(settings.db)
    if missing is not None and must_exist:
        raise UserError(
            f"Databasen finnes ikke / the database does not exist: {missing}\n"
            "Importer en plan / import a plan: sdgplan import plan FILE"
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
        raise click.BadParameter(f"{value!r}: skriv / write YYYY-MM-DD", param_hint="--date") from e


def write_output(text: str, out: Path | None) -> None:
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


def safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
