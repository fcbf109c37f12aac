"""A band threshold ("10-20 %", operator "between") is stored and read back on SQLite and on
PostgreSQL, which refused the operator in the two characters it had before migration 0012."""

from sdgplan.domain.rules import Threshold
from sdgplan.loading import load_example
from sdgplan.store import indicator_repo
from sdgplan.store.db import session_scope


def test_a_band_threshold_round_trips(engine):
    with session_scope(engine) as session:
        load_example(session, "asker")
        indicator = indicator_repo.load_indicator_set(session, "3203").indicators[0]
        indicator.threshold = Threshold.parse("10-20 %")
        indicator_repo.save_indicators(session, "3203", [indicator])
    with session_scope(engine) as session:
        stored = indicator_repo.load_indicator_set(session, "3203").indicators[0]
    assert stored.threshold == Threshold("between", 10.0, "%", 20.0)
