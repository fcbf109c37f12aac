"""Asker with its programmes, and Oslo with a tiny one, in SQLite files."""

import shutil
from pathlib import Path

import pytest

import sdgplan.cli.programme  # noqa: F401  (registers `sdgplan programme` until cli/__init__ does)
from sdgplan.examples import example_path
from sdgplan.programme import load_programme_example
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

ASKER = "3203"
OSLO = "0301"


@pytest.fixture(scope="session")
def asker_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Asker's example with its programmes, built once; tests get a copy (`asker_url`)."""
    folder = tmp_path_factory.mktemp("asker")
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


@pytest.fixture
def oslo_url(tmp_path: Path) -> str:
    return oslo_database(tmp_path)


@pytest.fixture
def session_of():
    engines = []

    def open_session(url: str):
        engine = make_engine(url)
        engines.append(engine)
        return session_scope(engine)

    yield open_session
    for engine in engines:
        engine.dispose()
