"""A small municipality (Oslo, tests/reports/municipality.py) in the test database, and Asker's
example with its action programmes in a SQLite file for the command line."""

import shutil
from pathlib import Path

import pytest

from sdgplan.examples import example_path
from sdgplan.programme import load_programme_example
from sdgplan.store.db import make_engine, session_scope
from tests.reports.municipality import load_files, write_files
from tests.web.test_pages import asker_database

ASKER = "3203"
OSLO = "0301"


@pytest.fixture
def oslo_engine(engine, tmp_path):
    """The `engine` (SQLite and PostgreSQL) with Oslo's plan, indicators and thematic plans."""
    with session_scope(engine) as session:
        load_files(session, write_files(tmp_path / "files"))
    return engine


@pytest.fixture(scope="session")
def asker_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Asker's example with its programmes, built once; tests get a copy (`asker_url`)."""
    folder = tmp_path_factory.mktemp("asker-consultation")
    url = asker_database(folder)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_programme_example(session, example_path("asker", "."), ASKER, "test")
    engine.dispose()
    return folder / "asker.db"


@pytest.fixture
def asker_url(asker_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "asker.db"
    shutil.copyfile(asker_file, copy)
    return f"sqlite:///{copy}"
