"""Asker with its method table, built once; Oslo with a small three-level file."""

import shutil
from pathlib import Path

import pytest

import sdgplan.cli.method  # noqa: F401  (registers `sdgplan method` until cli/__init__ does)
from sdgplan.examples import example_path
from sdgplan.method_tool import load_method_example
from sdgplan.store.db import make_engine, session_scope
from tests.web.test_pages import asker_database

ASKER = "3203"
OSLO = "0301"


@pytest.fixture(scope="session")
def asker_method_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("asker-method")
    url = asker_database(folder)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_method_example(session, example_path("asker"), ASKER, "test")
    engine.dispose()
    return folder / "asker.db"


@pytest.fixture
def asker_url(asker_method_file: Path, tmp_path: Path) -> str:
    copy = tmp_path / "asker.db"
    shutil.copyfile(asker_method_file, copy)
    return f"sqlite:///{copy}"
