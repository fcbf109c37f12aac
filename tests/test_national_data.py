"""The national data set of the ingest benchmark (issue 13), at a tiny size, loads through
sdgplan's own use cases; a second import of changed figures updates them in place."""

import csv

from benchmarks.national_data import OWNER, generate

from sdgplan import loading
from sdgplan.domain.indicators import ObservationStatus
from sdgplan.store import indicator_repo
from sdgplan.store.db import session_scope


def load(engine, folder):
    with session_scope(engine) as session:
        loading.load_indicators(session, folder / "indicators.yaml", who="test")
    with session_scope(engine) as session:
        _, issues = loading.load_observations(session, folder / "observations.csv", who="test")
    return issues


def test_generated_data_set_loads_with_every_row(engine, tmp_path):
    data = generate(tmp_path, municipalities=5, indicators=3, years=4, seed=7)
    assert 0 < data.rows < 5 * 3 * 4

    assert load(engine, tmp_path) == []

    with session_scope(engine) as session:
        stored = indicator_repo.load_observations(session, OWNER)
    assert len(stored) == data.rows
    assert len({o.area for o in stored}) == 5
    statuses = [o for o in stored if o.status is not ObservationStatus.MEASURED]
    assert statuses, "the seed gives at least one status word"
    assert all(o.value is None for o in statuses)
    assert all(o.value is not None for o in stored if o.status is ObservationStatus.MEASURED)


def test_generator_is_deterministic(tmp_path):
    first = generate(tmp_path / "a", municipalities=4, indicators=2, years=3, seed=11)
    second = generate(tmp_path / "b", municipalities=4, indicators=2, years=3, seed=11)
    assert first.observations_file.read_bytes() == second.observations_file.read_bytes()
    assert first.indicator_file.read_bytes() == second.indicator_file.read_bytes()


def test_reimport_updates_changed_rows_and_keeps_the_others(engine, tmp_path):
    data = generate(tmp_path, municipalities=5, indicators=3, years=4, seed=7)
    load(engine, tmp_path)
    with session_scope(engine) as session:
        before = {_key(o): o for o in indicator_repo.load_observations(session, OWNER)}
    with data.observations_file.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    measured = next(r for r in rows if r["value"])
    measured.update(value="12.25", note="rettet")
    worded = next(r for r in rows if r["status"])
    worded.update(status="", value="3")
    with data.observations_file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    with session_scope(engine) as session:
        batch, issues = loading.load_observations(session, data.observations_file, who="test")
        assert issues == []
        # objects already in the session see what the bulk update wrote
        again = {_key(o): o for o in indicator_repo.load_observations(session, OWNER)}

    assert len(again) == len(before) == data.rows
    changed = {_key_of(measured), _key_of(worded)}
    assert (again[_key_of(measured)].value, again[_key_of(measured)].decimals) == (12.25, 2)
    assert again[_key_of(measured)].note == "rettet"
    assert again[_key_of(worded)].status is ObservationStatus.MEASURED
    assert again[_key_of(worded)].value == 3
    assert all(again[k] == o for k, o in before.items() if k not in changed)


def _key(obs):
    return (obs.indicator, obs.area, obs.period)


def _key_of(row):
    return (row["indicator_id"], row["area"], row["period"])
