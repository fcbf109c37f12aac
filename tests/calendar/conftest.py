"""Asker with its calendar example, and Oslo (tests/reports/oslo.py) with a tiny calendar."""

from pathlib import Path

import pytest

import sdgplan.cli.calendar  # noqa: F401  (registers `sdgplan calendar` until cli/__init__ does)
from sdgplan.examples import example_path
from sdgplan.political_calendar import load_calendar_example
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database
from tests.web.test_pages import asker_database

OSLO_CALENDAR = """\
format: sdgplan-calendar
municipality: "0301"
template:
  programme_years: 4
  milestones:
    - {key: proposal, name: Byrådets budsjettforslag, date: 10-tue-1, produces: proposal}
    - {key: adoption, name: Bystyret vedtar budsjettet, date: 12-wed-2, body: Bystyret,
       produces: adopted}
meetings:
  - {date: 2025-03-12, time: "17:00", body: Bystyret, title: Bystyremøte}
"""


def asker_folder() -> Path:
    return example_path("asker", ".")


@pytest.fixture(scope="module")
def asker_url(tmp_path_factory):
    url = asker_database(tmp_path_factory.mktemp("asker"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_calendar_example(session, asker_folder(), "3203", "test")
    engine.dispose()
    return url


@pytest.fixture
def oslo(tmp_path):
    """Oslo's database URL and its calendar file (not yet imported)."""
    path = tmp_path / "oslo-calendar.yaml"
    path.write_text(OSLO_CALENDAR, encoding="utf-8")
    return oslo_database(tmp_path), path
