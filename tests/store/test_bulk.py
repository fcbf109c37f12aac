"""Bulk writes (issue 13): the change log's entries written in bulk (COPY on PostgreSQL,
executemany on SQLite) read back as entries written one by one, and an import of the
national data set logs every new row, then every changed row with its old value."""

import csv
import datetime as dt

from benchmarks.national_data import OWNER, generate

from sdgplan import loading
from sdgplan.store import bulk, change_log, indicator_repo
from sdgplan.store.db import session_scope

ENTRIES = [
    {"entity": "observation", "key": "andel/0301/2020", "old": None, "new": {"value": 1.5}},
    {"entity": "observation", "key": "andel/0301/2021", "old": {"value": 2.0}, "new": None},
    {"entity": "indicator", "key": "andel", "old": [1, "ø"], "new": {"a": None}},
    {"entity": "plan", "key": "x", "new": "text", "reason": "because"},
]


def _entry(change):
    values = change.to_dict()
    del values["at"]
    return values


def test_entries_in_bulk_read_back_as_entries_one_by_one(engine, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 3)  # more than one chunk
    with session_scope(engine) as session:
        for entry in ENTRIES:
            change_log.record(
                session, who="ola", municipality="0301", action="import", source="a.csv", **entry
            )
    with session_scope(engine) as session:
        written = change_log.record_many(
            session,
            (e for e in ENTRIES),
            who="ola",
            municipality="0301",
            action="import",
            source="a.csv",
        )
    assert written == len(ENTRIES)
    with session_scope(engine) as session:
        entries = change_log.load_log(session, "0301", limit=None)
    newest_first = entries[: len(ENTRIES)], entries[len(ENTRIES) :]
    in_bulk, one_by_one = ([*reversed(part)] for part in newest_first)
    assert [_entry(c) for c in in_bulk] == [_entry(c) for c in one_by_one]
    assert in_bulk[0].subject == "observations:andel"
    assert in_bulk[2].old == [1, "ø"] and in_bulk[1].new is None
    assert all(c.at.tzinfo is not None for c in entries)
    assert abs(in_bulk[0].at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_no_entries_write_nothing(engine):
    with session_scope(engine) as session:
        assert change_log.record_many(session, [], who="ola", municipality=None, action="x") == 0
        assert change_log.load_log(session, limit=None) == []


def test_national_import_logs_new_rows_then_changed_ones_with_their_old_value(engine, tmp_path):
    data = generate(tmp_path, municipalities=6, indicators=2, years=3, seed=5)
    with session_scope(engine) as session:
        loading.load_indicators(session, data.indicator_file, who="test")
    with session_scope(engine) as session:
        loading.load_observations(session, data.observations_file, who="kari")
    with session_scope(engine) as session:
        logged = change_log.load_log(session, OWNER, limit=None, entity="observation")
        stored = indicator_repo.load_observations(session, OWNER)
    assert len(logged) == len(stored) == data.rows
    assert {c.who for c in logged} == {"kari"} and {c.action for c in logged} == {"import"}
    assert {c.source for c in logged} == {str(data.observations_file)}
    assert all(c.old is None for c in logged)
    assert {c.subject for c in logged} == {"observations:nasjonal-001", "observations:nasjonal-002"}

    with data.observations_file.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["value"])
    old_value = float(row["value"])
    row.update(value="7.125", note="rettet")
    with data.observations_file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with session_scope(engine) as session:
        loading.load_observations(session, data.observations_file, who="kari")
    with session_scope(engine) as session:
        newest = change_log.load_log(session, OWNER, limit=None, entity="observation")
    assert len(newest) == data.rows + 1
    assert newest[0].key == f"{row['indicator_id']}/{row['area']}/{row['period']}"
    assert newest[0].old == {"value": old_value, "status": "measured", "decimals": 1}
    assert newest[0].new == {"value": 7.125, "status": "measured", "decimals": 3, "note": "rettet"}
