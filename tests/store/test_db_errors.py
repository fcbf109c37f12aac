"""Databases that cannot be used give one plain sentence naming the database, never SQL; read
commands never create or change a database file."""

import hashlib
import sqlite3
import time

import pytest
from sqlalchemy import event, text
from sqlalchemy.pool import Pool

from sdgplan.store.db import SQLITE_TIMEOUT, make_engine
from tests.conftest import ASKER_OVERVIEW
from tests.test_cli import SQL, UNEXPECTED
from tests.test_cli import run as run_command

FORBIDDEN = (*UNEXPECTED, *SQL)
LOCKED = "databasen er låst av et annet program; prøv igjen når det er ferdig"


def run(runner, *args, ok=True):
    return run_command(runner, *args, ok=ok, forbidden=FORBIDDEN)


def checksum(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plan_db(runner, tmp_path):
    """A SQLite file holding the Asker plan."""
    path = tmp_path / "plan.db"
    run(runner, "import", "plan", ASKER_OVERVIEW, "--db", f"sqlite:///{path}")
    return path


@pytest.fixture
def other_program(plan_db):
    connection = sqlite3.connect(plan_db, isolation_level=None)
    yield connection
    connection.close()


def test_locked_database_while_reading(runner, plan_db, other_program):
    url = f"sqlite:///{plan_db}?timeout=0.3"
    other_program.execute("BEGIN EXCLUSIVE")
    started = time.perf_counter()
    result = run(runner, "show", "plan", "--db", url, ok=False)
    assert time.perf_counter() - started >= 0.3  # waited for the lock first
    assert result.stderr == f"Feil: {url}: {LOCKED}\n"


def test_locked_database_while_writing(runner, plan_db, other_program):
    url = f"sqlite:///{plan_db}?timeout=0.1"
    other_program.execute("BEGIN IMMEDIATE")  # others may read, not write
    assert "Kommuneplanens samfunnsdel" in run(runner, "show", "plan", "--db", url).stdout
    result = run(runner, "import", "plan", ASKER_OVERVIEW, "--db", url, ok=False)
    assert result.stderr == f"Feil: {url}: {LOCKED}\n"
    result = run(runner, "--lang", "en", "import", "plan", ASKER_OVERVIEW, "--db", url, ok=False)
    assert result.stderr == (
        f"Error: {url}: the database is locked by another program; try again when it is done\n"
    )


def test_sqlite_waits_five_seconds_for_a_lock_unless_the_url_says_otherwise(tmp_path):
    assert SQLITE_TIMEOUT == 5
    for query, milliseconds in [("", 5000), ("?timeout=0.25", 250)]:
        engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}{query}")
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == milliseconds
        engine.dispose()


def test_a_text_file_is_not_a_database(runner, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n", encoding="utf-8")
    for args in (["show", "plan"], ["import", "plan", ASKER_OVERVIEW], ["db", "status"]):
        result = run(runner, *args, "--db", f"sqlite:///{path}", ok=False)
        assert result.stderr == (
            f"Feil: sqlite:///{path}: filen er ikke en database; sjekk databaseadressen\n"
        )
    assert path.read_text(encoding="utf-8") == "shopping list\n"


def test_a_read_only_database(runner, plan_db):
    # mode=ro makes SQLite refuse writes even for root, where chmod 0o444 would not
    url = f"sqlite:///file:{plan_db}?mode=ro&uri=true"
    before = checksum(plan_db)
    assert "Kommuneplanens samfunnsdel" in run(runner, "show", "plan", "--db", url).stdout
    result = run(runner, "import", "plan", ASKER_OVERVIEW, "--db", url, ok=False)
    assert result.stderr == (
        f"Feil: {url}: databasen er skrivebeskyttet; bruk en fil du kan skrive til\n"
    )
    assert checksum(plan_db) == before


@pytest.fixture
def full_disk():
    """Every new SQLite connection may not grow its file: the next new page is SQLITE_FULL."""

    def no_more_pages(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Pool, "connect", no_more_pages)
    yield
    event.remove(Pool, "connect", no_more_pages)


def test_a_full_disk_while_writing(runner, plan_db, full_disk):
    before = checksum(plan_db)
    result = run(runner, "example", "asker", "--db", f"sqlite:///{plan_db}", ok=False)
    assert result.stderr == (
        f"Feil: sqlite:///{plan_db}: disken er full; frigjør plass og prøv igjen\n"
    )
    assert checksum(plan_db) == before


def test_a_folder_that_does_not_exist(runner, tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'x.db'}"
    result = run(runner, "import", "plan", ASKER_OVERVIEW, "--db", url, ok=False)
    assert result.stderr == (
        f"Feil: {url}: kan ikke åpne databasefilen; sjekk at mappen finnes og at du har tilgang\n"
    )


def test_postgresql_connection_refused_hides_the_password(runner):
    result = run(
        runner, "show", "plan", "--db", "postgresql://nobody:secret@127.0.0.1:1/none", ok=False
    )
    assert result.stderr == (
        "Feil: postgresql+psycopg://nobody:***@127.0.0.1:1/none: får ikke kontakt med "
        "databaseserveren; sjekk at den kjører og at databaseadressen er riktig\n"
    )


def test_reading_an_empty_file_leaves_it_empty(runner, tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    for args in (["show", "plan"], ["export", "observations"], ["db", "status"]):
        result = run(runner, *args, "--db", f"sqlite:///{path}", ok=args == ["db", "status"])
    assert path.stat().st_size == 0
    result = run(runner, "show", "plan", "--db", f"sqlite:///{path}", ok=False)
    assert result.stderr == (
        f"Feil: sqlite:///{path}: databasen er tom; importer en plan først: "
        "sdgplan import plan FIL\n"
    )


def test_read_commands_leave_a_populated_database_unchanged(runner, tmp_path):
    path = tmp_path / "asker.db"
    url = f"sqlite:///{path}"
    run(runner, "example", "asker", "--db", url)
    before = checksum(path)
    commands = [
        ["show", "plan"],
        ["show", "indicators"],
        ["export", "plan"],
        ["export", "observations"],
        ["sdg", "coverage"],
        ["assess", "--year", "2022"],
        ["report", "--kind", "annual", "--year", "2022", "--no-pdf", "--out", tmp_path / "r"],
        ["db", "status"],
    ]
    for args in commands:
        run(runner, *args, "--db", url)
    assert checksum(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["asker.db", "r"]  # no journal left


def test_sqlite_rolls_back_ddl_and_keeps_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(text("CREATE TABLE scratch (id INTEGER)"))
        raise RuntimeError("stop")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        tables = connection.execute(text("SELECT name FROM sqlite_master")).all()
    assert tables == []
    engine.dispose()
