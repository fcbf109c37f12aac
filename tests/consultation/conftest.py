"""A small municipality (Oslo, tests/reports/municipality.py) in the test database, and Asker's
example with its action programmes in a SQLite file for the command line (the programme
tests' fixtures)."""

import pytest

from sdgplan.store.db import session_scope
from tests.programme.conftest import ASKER, OSLO, asker_file, asker_url  # noqa: F401
from tests.reports.municipality import load_files, write_files


@pytest.fixture
def oslo_engine(engine, tmp_path):
    """The `engine` (SQLite and PostgreSQL) with Oslo's plan, indicators and thematic plans."""
    with session_scope(engine) as session:
        load_files(session, write_files(tmp_path / "files"))
    return engine
