"""Shared fixtures. Database tests run twice: on SQLite and on PostgreSQL.

PostgreSQL is the server at `SDGPLAN_TEST_POSTGRES` (default
postgresql://postgres@127.0.0.1:5432/test). When it does not answer, a throwaway server is
started once per session from Debian's binaries (/usr/lib/postgresql/*/bin) on a unix socket
in a temporary folder, and removed at the end; without binaries the PostgreSQL tests are
skipped, with the reason in the summary.
"""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser
from sqlalchemy import Engine, create_engine, make_url, text

from sdgplan.domain.plan import Plan
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.examples import example_path
from sdgplan.importers import import_plan_file
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store.db import make_engine, normalize_url, upgrade
from tests.browser import chromium

POSTGRES_URL = normalize_url(
    os.environ.get("SDGPLAN_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
)
ASKER_OVERVIEW = example_path("asker", "plan-overview-proposal-2020-2032.txt")
# What the terminal summary says about the PostgreSQL server the tests used.
_POSTGRES_NOTE: list[str] = []


@pytest.fixture(autouse=True, scope="session")
def no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads the developer's own settings file (see `sdgplan.config.find_config`)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    patch.delenv("SDGPLAN_CONFIG", raising=False)
    patch.delenv("SDGPLAN_LANG", raising=False)  # the tests expect Norwegian unless they ask
    yield
    patch.undo()


def postgres_problem(url: str) -> str | None:
    """None if the server at `url` answers, else why not (one line)."""
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            return None
    except Exception as e:  # any failure means: use a server of our own
        return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The PostgreSQL server for the session: the configured one, or a throwaway one."""
    problem = postgres_problem(POSTGRES_URL)
    if problem is None:
        _POSTGRES_NOTE.append(f"PostgreSQL tests: {make_url(POSTGRES_URL).render_as_string()}")
        yield POSTGRES_URL
        return
    shown = make_url(POSTGRES_URL).render_as_string()
    with throwaway_postgres(f"{shown} does not answer ({problem})") as url:
        _POSTGRES_NOTE.append(f"PostgreSQL tests: a throwaway server, as {shown} did not answer")
        yield url


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, reached by a unix socket in that folder.

    initdb refuses to run as root, so as root every step runs as the `postgres` user that
    Debian's package creates, and the folder belongs to that user.
    """

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="sdgplan-pg-"))
        self.data = self.folder / "data"

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self.as_root:
            if shutil.which("runuser"):
                command = ["runuser", "-u", "postgres", "--", *command]
            else:
                command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{program}: {(result.stderr or result.stdout).strip()}")

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.folder, user="postgres", group="postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        settings = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.folder}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in settings.items())
        log = self.folder / "server.log"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(log), "-w", "-t", "60", "start")
        admin = create_engine(
            f"postgresql+psycopg://postgres@/postgres?host={self.folder}",
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE test"))
        admin.dispose()
        return f"postgresql+psycopg://postgres@/test?host={self.folder}"

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def postgres_bin_dir() -> Path | None:
    """Debian's newest PostgreSQL binaries (`apt-get install postgresql`), or those on PATH."""
    found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    found.sort(key=lambda p: int(v) if (v := Path(p).parts[-3]).isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@contextmanager
def throwaway_postgres(why_needed: str) -> Iterator[str]:
    """The URL of a throwaway server; skips the test, saying why, when none can start."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip(
            f"{why_needed}; no PostgreSQL binaries for a throwaway server "
            "(apt-get install postgresql, or run make test)"
        )
    server = ThrowawayPostgres(bin_dir)
    try:
        try:
            url = server.start()
        except (OSError, LookupError, RuntimeError, subprocess.SubprocessError) as e:
            pytest.skip(f"{why_needed}; a throwaway server did not start: {e}")
        yield url
    finally:
        server.remove()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for note in _POSTGRES_NOTE:
        terminalreporter.write_line(note)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sdgplan.db'}"
        return
    server: str = request.getfixturevalue("postgres_url")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def catalogue() -> SdgCatalogue:
    return load_sdg_catalogue()


@pytest.fixture
def asker_plan() -> Plan:
    """The Asker proposal (seed 000) as imported from the bundled overview file."""
    result = import_plan_file(ASKER_OVERVIEW)
    assert result.ok, result.issues
    assert result.plan is not None
    return result.plan


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium for the browser tests of one module, closed after them.

    Not one for the whole session: while Playwright's sync API is open, asyncio takes its loop
    for a running one, and `asyncio.run` (e.g. in `sdgplan site build`) refuses to start.
    """
    with chromium() as browser:
        yield browser
