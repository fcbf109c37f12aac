"""The Asker example with its illustrative materiality, and the small Oslo municipality with
a scoring of its own, as SQLite files for the chart and the commands."""

import pytest

from sdgplan.examples import example_path
from sdgplan.loading import load_example
from sdgplan.materiality import load_materiality_example
from sdgplan.store.db import make_engine, session_scope
from tests.reports.oslo import oslo_database

OSLO_SCORES = """\
code;scorer;importance;influence
3.4;Bydel;2;2
3.4;Etat;1;3
3.8;Bydel;4;4
3.8;Etat;5;3
11.3;Bydel;4;5
11.3;Etat;4;4
11.6;Bydel;5;4
11.6;Etat;4;4
"""


@pytest.fixture(scope="package")
def asker_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('asker') / 'asker.db'}"
    engine = make_engine(url)
    from sdgplan.store.db import upgrade

    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
        counts = load_materiality_example(session, example_path("asker"), "3203", "test")
    engine.dispose()
    assert counts == {"materiality_scores": 102}
    return url


@pytest.fixture(scope="package")
def oslo_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oslo")
    url = oslo_database(folder)
    (folder / "scores.csv").write_text(OSLO_SCORES, encoding="utf-8")
    return url, folder / "scores.csv"
