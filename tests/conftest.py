"""Shared fixtures. Database tests run twice: on SQLite and on the local PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text

from sdgplan.domain.plan import Plan
from sdgplan.domain.sdg import SdgCatalogue
from sdgplan.examples import example_path
from sdgplan.importers import import_plan_file
from sdgplan.reference import load_sdg_catalogue
from sdgplan.store.db import make_engine, upgrade

POSTGRES_URL = os.environ.get(
    "SDGPLAN_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ASKER_OVERVIEW = example_path("asker", "plan-overview-proposal-2020-2032.txt")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sdgplan.db'}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
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
