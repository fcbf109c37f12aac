"""Importing calendar files: errors name the file, line and value; nothing is stored when a
file has an error; every change is in the change log; Oslo with a tiny calendar."""

import datetime as dt

import icalendar
import pytest

from sdgplan.domain.calendar import ActivityRecord
from sdgplan.errors import InvalidData
from sdgplan.importers.calendar_yaml import read_calendar
from sdgplan.importers.political_activity_csv import read_political_activity
from sdgplan.political_calendar import calendar_events, load_calendar_example, load_calendar_file
from sdgplan.store import calendar_repo
from sdgplan.store.change_log import load_log
from sdgplan.store.db import make_engine, session_scope, upgrade
from tests.calendar.conftest import OSLO_CALENDAR
from tests.test_cli import problems, run

GOOD_MILESTONE = "    - {key: adoption, name: Vedtak, date: 12-12, produces: adopted}\n"


def yaml_problems(text):
    return [(i.line, i.message) for i in read_calendar(text, source="c.yaml").issues]


def csv_problems(text):
    return [
        (i.line, i.column, i.message) for i in read_political_activity(text, source="a.csv").issues
    ]


@pytest.mark.parametrize(
    ("milestone", "line", "message"),
    [
        ("{key: x, name: X, date: 13-40}", 4, "Ugyldig dag «13-40»"),
        ("{key: x, name: X, date: 12-tue-9}", 4, "Ugyldig dag «12-tue-9»"),
        ("{key: x, name: X, date: 12-12, produces: vedtak}", 4, "Ugyldig «produces»: «vedtak»"),
        ("{key: X Y, name: X, date: 12-12}", 4, "Ugyldig nøkkel «X Y»"),
        ("{key: x, name: X, start: 11-01, date: 10-01}", 4, "Starten «11-01» kommer etter"),
        ("{key: x, date: 12-12}", 4, "Mangler «name»"),
        ("{key: adoption, name: X, date: 01-01}", 4, "Nøkkelen «adoption» står også på linje 3"),
        ("{key: x, name: X, date: 12-12, when: now}", 4, "Ukjent nøkkel «when»"),
    ],
)
def test_template_errors_name_the_line_and_value(milestone, line, message):
    text = f"template:\n  milestones:\n{GOOD_MILESTONE}    - {milestone}\n"
    found = yaml_problems(text)
    assert [n for n, _m in found] == [line], found
    assert message in found[0][1]


@pytest.mark.parametrize(
    ("meeting", "message"),
    [
        ("{date: 2024-13-01, body: B}", "«2024-13-01» er ikke en dato"),
        ("{date: 2024-06-18, time: '25:00', body: B}", "Ugyldig klokkeslett «25:00»"),
        ("{date: 2024-06-18, time: '18:00-17:00', body: B}", "slutter før det begynner"),
        ("{date: 2024-06-18}", "Mangler «body»"),
        ("{date: 2024-06-18, body: B, illustrative: maybe}", "Ugyldig «illustrative» «maybe»"),
        (
            "{date: 2024-06-18, body: Formannskap}",
            "Møtet «2024-06-18-formannskap» står også på linje 2",
        ),
    ],
)
def test_meeting_errors(meeting, message):
    text = f"meetings:\n  - {{date: 2024-06-18, body: Formannskap}}\n  - {meeting}\n"
    found = yaml_problems(text)
    assert [n for n, _m in found] == [3], found
    assert message in found[0][1]


def test_other_yaml_problems():
    assert yaml_problems("format: sdgplan-plan\nmeetings: []\n")[0][1].startswith("Ukjent format")
    assert yaml_problems("municipality: '3203'\n") == [
        (1, "Filen har verken «template» eller «meetings»")
    ]
    assert yaml_problems("meetings: [\n")[0][1].startswith("Ugyldig YAML")


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("Formannskap,2020,x,278,", 3, "Ugyldig «meetings» «x»"),
        ("Formannskap,2020,-1,278,", 3, "Ugyldig «meetings» «-1»"),
        ("Formannskap,2020,25,,", 4, "Mangler «cases»"),
        ("Formannskap,tjue,25,278,", 2, "Ugyldig år «tjue»"),
        (",2020,25,278,", 1, "Mangler utvalg «body»"),
        ("Formannskap,2020,25,278,closed", 5, "Ukjent status «closed»"),
        (
            "Formannskap,2020,25,,ended",
            3,
            "«meetings» skal være tom når status er ended, ikke «25»",
        ),
        ("kommunestyre,2020,1,1,", 1, "«kommunestyre» 2020 står også på linje 2"),
    ],
)
def test_activity_errors_name_line_column_and_value(row, column, message):
    text = f"body,year,meetings,cases,status\nKommunestyre,2020,11,133,\n{row}\n"
    found = csv_problems(text)
    assert [(line, col) for line, col, _m in found] == [(3, column)], found
    assert message in found[0][2]


def test_activity_header_is_checked():
    found = csv_problems("utvalg,år,møter,saker\nKommunestyre,2020,11,133\n")
    assert found[0][:2] == (1, None)
    assert "Ventet kolonnene body,year,meetings,cases,status" in found[0][2]
    assert csv_problems("body,year,meetings,cases\nKommunestyre,2020,11,133\n") == []


def test_a_bad_file_stores_nothing_and_the_cli_names_file_and_line(asker_url, runner, tmp_path):
    bad = tmp_path / "activity.csv"
    bad.write_text(
        "body,year,meetings,cases,status\nKommunestyre,2020,99,99,\nFormannskap,2020,x,1,\n"
    )
    result = run(
        runner, "calendar", "import", bad, "--municipality", "3203", "--db", asker_url, ok=False
    )
    assert str(bad) in result.stderr
    assert problems(result.stderr) == [
        (3, 3, "Ugyldig «meetings» «x»: skriv et helt tall, 0 eller mer")
    ]
    engine = make_engine(asker_url)
    with session_scope(engine) as session:
        table = calendar_repo.load_activity(session, "3203")
        assert table.cell("Kommunestyre", 2020).meetings == 11  # unchanged
    engine.dispose()


def test_a_meeting_key_of_another_year_is_refused(asker_url, tmp_path):
    moved = tmp_path / "calendar-moved.yaml"
    moved.write_text("meetings:\n  - {key: 2024-06-18-kommunestyret, date: 2025-06-18, body: K}\n")
    engine = make_engine(asker_url)
    with pytest.raises(InvalidData) as raised, session_scope(engine) as session:
        load_calendar_file(session, moved, municipality="3203", who="kari")
    assert "Møtet «2024-06-18-kommunestyret» er lagret for 2024" in raised.value.issues[0].message
    engine.dispose()


def test_oslo_tiny_calendar_through_the_cli(oslo, runner, tmp_path):
    url, path = oslo
    result = run(runner, "calendar", "import", path, "--db", url)
    assert "årshjul med 2 milepæler, 1 møte for Oslo (0301)" in result.stdout
    shown = run(
        runner, "calendar", "show", "--year", "2025", "--date", "2025-10-08", "--db", url
    ).stdout
    assert (
        "07.10.2025              Byrådets budsjettforslag -> forslag til handlingsprogram 2026-2029"
        in shown
    )
    assert shown.index("Tidligere") < shown.index("Bystyremøte") < shown.index("Kommende")
    assert shown.index("Kommende") < shown.index("10.12.2025              Bystyret vedtar")
    upcoming = run(
        runner,
        "calendar",
        "show",
        "--upcoming",
        "--year",
        "2025",
        "--date",
        "2025-10-08",
        "--db",
        url,
    ).stdout
    assert "Bystyremøte" not in upcoming and "Tidligere" not in upcoming
    out = tmp_path / "oslo.ics"
    run(runner, "calendar", "export", "--out", out, "--year", "2025", "--year", "2026", "--db", url)
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert sorted((str(e["UID"]), e["DTSTART"].dt.isoformat()) for e in events) == [
        ("2025-2025-03-12-bystyret@0301.calendar.sdgplan", "2025-03-12T17:00:00+01:00"),
        ("2025-adoption@0301.calendar.sdgplan", "2025-12-10"),
        ("2025-proposal@0301.calendar.sdgplan", "2025-10-07"),
        ("2026-adoption@0301.calendar.sdgplan", "2026-12-09"),
        ("2026-proposal@0301.calendar.sdgplan", "2026-10-06"),
    ]
    engine = make_engine(url)
    with session_scope(engine) as session:
        log = load_log(session, "0301", entity="calendar_template")
        assert [(c.entity, c.key, c.old) for c in log] == [
            ("calendar_template", "calendar_template", None)
        ]
        assert load_log(session, "0301", entity="calendar_meetings")[0].key == "2025"
    engine.dispose()
    again = run(runner, "calendar", "import", path, "--db", url)  # unchanged: nothing logged
    assert "0301" in again.stdout
    engine = make_engine(url)
    with session_scope(engine) as session:
        assert len(load_log(session, "0301", entity="calendar_template")) == 1
        assert len(load_log(session, "0301", entity="calendar_meetings")) == 1
    engine.dispose()


def test_oslo_without_activity_and_unknown_suffix(oslo, runner, tmp_path):
    url, _path = oslo
    result = run(runner, "calendar", "activity", "--db", url, ok=False)
    assert "Ingen politisk aktivitet er lagret for Oslo (0301)" in result.stderr
    other = tmp_path / "calendar.txt"
    other.write_text("x")
    result = run(runner, "calendar", "import", other, "--db", url, ok=False)
    assert "ukjent filtype «.txt»" in result.stderr


def test_asker_show_marks_illustrative_meetings(asker_url, runner):
    shown = run(
        runner, "calendar", "show", "--year", "2024", "--date", "2024-10-01", "--db", asker_url
    ).stdout
    lines = shown.splitlines()
    assert lines[0] == "Politisk årshjul 2024 – Asker (3203)"
    assert (
        "  20.09.–20.10.2024       Høring av kommunedirektørens forslag til handlingsprogram"
        in lines
    )
    assert shown.count("(illustrativt)") == 4
    assert (
        shown.index("Tidligere")
        < shown.index("19.09.2024")
        < shown.index("Kommende fra 01.10.2024")
    )


def test_round_trip_on_every_backend(db_url, tmp_path):
    """Times, flags and the activity table come back as imported (SQLite and PostgreSQL)."""
    calendar = tmp_path / "calendar.yaml"
    calendar.write_text(OSLO_CALENDAR, encoding="utf-8")
    activity = tmp_path / "political-activity.csv"
    activity.write_text(
        "body,year,meetings,cases,status\nBystyret,2024,10,120,\nRådet,2024,,,ended\n"
    )
    engine = make_engine(db_url)
    upgrade(engine)
    with session_scope(engine) as session:
        counts = load_calendar_example(session, tmp_path, "0301", "kari")
    assert counts == {"milestones": 2, "meetings": 1, "activity_records": 2}
    with session_scope(engine) as session:
        events = calendar_events(session, "0301", 2025)
        table = calendar_repo.load_activity(session, "0301")
    engine.dispose()
    assert [(e.key, e.start, e.start_time) for e in events] == [
        ("2025-03-12-bystyret", dt.date(2025, 3, 12), dt.time(17, 0)),
        ("proposal", dt.date(2025, 10, 7), None),
        ("adoption", dt.date(2025, 12, 10), None),
    ]
    assert table.records == (
        ActivityRecord("Bystyret", 2024, 10, 120),
        ActivityRecord("Rådet", 2024, None, None, ended=True),
    )


def test_export_without_a_calendar_is_a_clear_error(oslo, runner, tmp_path):
    url, _path = oslo
    result = run(runner, "calendar", "export", "--out", tmp_path / "x.ics", "--db", url, ok=False)
    assert "Ingen kalender er lagret for Oslo (0301)" in result.stderr
    assert not (tmp_path / "x.ics").exists()
