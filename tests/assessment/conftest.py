"""The Asker example assessed for 2022, shared by the assessment tests."""

import pytest

from sdgplan.assessment import assess_plan
from sdgplan.loading import load_example
from sdgplan.store import indicator_repo, plan_repo
from sdgplan.store.db import make_engine, session_scope, upgrade


@pytest.fixture(scope="package")
def assessment(tmp_path_factory, catalogue):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('asker') / 'a.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        load_example(session, "asker")
    with session_scope(engine) as session:
        _, version = plan_repo.load_plan_version(session)
        data = indicator_repo.load_indicator_set(session, "3203")
        observations = indicator_repo.load_observations(session, "3203")
    engine.dispose()
    return assess_plan(version, data, observations, area="3203", year=2022, catalogue=catalogue)
