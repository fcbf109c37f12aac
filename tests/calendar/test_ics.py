"""The iCalendar export, read back by the icalendar package's parser."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from sdgplan.domain.calendar import CalendarTemplate, DayRule, Milestone, expand_template
from sdgplan.exporters.calendar_ics import calendar_ics
from sdgplan.political_calendar import calendar_events
from sdgplan.store.db import make_engine, session_scope
from tests.test_cli import run

STAMP = dt.datetime(2024, 8, 1, 12, 0, tzinfo=dt.UTC)


def parse(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    return dict(zip(uids, events, strict=True))


def test_asker_export_reads_back_with_the_same_events(asker_url, runner, tmp_path):
    out = tmp_path / "asker.ics"
    result = run(runner, "calendar", "export", "--out", out, "--year", "2024", "--db", asker_url)
    assert "10 hendelser (2024)" in result.output
    found = parse(out.read_bytes())
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        expected = calendar_events(session, "3203", 2024)
    engine.dispose()
    assert len(found) == len(expected) == 10
    for event in expected:
        uid = f"2024-{event.key}@3203.calendar.sdgplan"
        vevent = found[uid]
        assert str(vevent["SUMMARY"]) == event.title
        assert vevent["DTSTAMP"].dt.tzinfo is not None
        if event.start_time is None:  # all-day: DTEND is the day after the last day
            assert vevent["DTSTART"].dt == event.start
            assert vevent["DTEND"].dt == event.end + dt.timedelta(days=1)
            assert vevent["DTSTART"].params.get("VALUE") == "DATE"
        else:
            start = vevent["DTSTART"].dt
            assert (start.date(), start.time()) == (event.start, event.start_time)
            assert vevent["DTSTART"].params["TZID"] == "Europe/Oslo"
    hearing = found["2024-hearing@3203.calendar.sdgplan"]
    assert (hearing["DTSTART"].dt, hearing["DTEND"].dt) == (
        dt.date(2024, 9, 20),
        dt.date(2024, 10, 21),
    )
    adoption = found["2024-adoption@3203.calendar.sdgplan"]
    assert "vedtatt handlingsprogram 2025-2028" in str(adoption["DESCRIPTION"])
    meeting = found["2024-2024-06-18-kommunestyret@3203.calendar.sdgplan"]
    assert "Illustrativt" in str(meeting["DESCRIPTION"])
    assert str(meeting["LOCATION"]) == "Asker rådhus, kommunestyresalen"


def test_a_moved_milestone_keeps_its_uid():
    def export(date: str) -> dict[str, icalendar.Event]:
        template = CalendarTemplate((Milestone("adoption", "Vedtak", DayRule.parse(date)),))
        data = calendar_ics(
            expand_template(template, 2024),
            municipality="3203",
            name="Asker",
            timezone="Europe/Oslo",
            stamp=STAMP,
        )
        return parse(data)

    before, after = export("12-12"), export("12-17")
    assert before.keys() == after.keys() == {"2024-adoption@3203.calendar.sdgplan"}
    moved = after["2024-adoption@3203.calendar.sdgplan"]
    assert moved["DTSTART"].dt == dt.date(2024, 12, 17)
    assert moved["DTSTAMP"].dt == STAMP


def test_timed_meetings_carry_their_time_zone(asker_url, tmp_path, runner):
    out = tmp_path / "asker.ics"
    run(runner, "calendar", "export", "--out", out, "--year", "2024", "--db", asker_url)
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    assert [str(t["TZID"]) for t in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    meeting = next(
        e for e in calendar.walk("VEVENT") if "2024-12-12-kommunestyret" in str(e["UID"])
    )
    assert meeting["DTSTART"].dt == dt.datetime(2024, 12, 12, 17, tzinfo=ZoneInfo("Europe/Oslo"))
    assert meeting["DTEND"].dt == dt.datetime(2024, 12, 12, 23, tzinfo=ZoneInfo("Europe/Oslo"))
