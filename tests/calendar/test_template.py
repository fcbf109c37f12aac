"""The yearly template expands into dated events; past and upcoming relative to a day."""

import datetime as dt

import pytest

from sdgplan.domain.calendar import (
    CalendarTemplate,
    DayRule,
    EventKind,
    Meeting,
    Milestone,
    ProducedVersion,
    events_of_year,
    expand_template,
    meeting_key,
    split_by_day,
)
from sdgplan.importers.base import read_text
from sdgplan.importers.calendar_yaml import read_calendar
from tests.calendar.conftest import asker_folder

D = dt.date


def asker_template() -> CalendarTemplate:
    path = asker_folder() / "calendar.yaml"
    parsed = read_calendar(read_text(path), source=str(path))
    assert parsed.ok, parsed.issues
    assert parsed.data is not None and parsed.data.template is not None
    return parsed.data.template


def test_asker_template_gives_seed_003_dates_in_2024():
    events = {e.key: e for e in expand_template(asker_template(), 2024)}
    assert {k: (e.start, e.end) for k, e in events.items()} == {
        "proposal": (D(2024, 9, 19), D(2024, 9, 19)),
        "hearing": (D(2024, 9, 20), D(2024, 10, 20)),
        "party-amendments": (D(2024, 11, 10), D(2024, 11, 10)),
        "supplementary": (D(2024, 11, 21), D(2024, 11, 21)),
        "second-hearing": (D(2024, 11, 22), D(2024, 12, 6)),
        "adoption": (D(2024, 12, 12), D(2024, 12, 12)),
    }
    assert events["adoption"].produces is ProducedVersion.ADOPTED
    assert events["adoption"].programme_period == "2025-2028"
    assert events["hearing"].produces is None


def test_seed_003_year_adopts_the_programme_2018_2021():
    adoption = next(e for e in expand_template(asker_template(), 2017) if e.key == "adoption")
    assert (adoption.end, adoption.programme_period) == (D(2017, 12, 12), "2018-2021")


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ("12-tue-2", 2024, D(2024, 12, 10)),
        ("12-tue-2", 2025, D(2025, 12, 9)),
        ("06-tue-last", 2024, D(2024, 6, 25)),
        ("10-mon-1", 2024, D(2024, 10, 7)),
        ("02-29", 2024, D(2024, 2, 29)),
        ("02-29", 2025, D(2025, 2, 28)),
    ],
)
def test_rules(rule, year, expected):
    parsed = DayRule.parse(rule)
    assert parsed.in_year(year) == expected
    assert DayRule.parse(str(parsed)) == parsed


@pytest.mark.parametrize("rule", ["13-01", "02-30", "12-xyz-2", "12-tue-5", "12", "tue"])
def test_bad_rules_are_refused(rule):
    with pytest.raises(ValueError, match="MM-DD"):
        DayRule.parse(rule)


def test_past_and_upcoming_relative_to_a_day():
    template = CalendarTemplate(
        (
            Milestone("hearing", "Høring", DayRule.parse("10-20"), DayRule.parse("09-20")),
            Milestone("adoption", "Vedtak", DayRule.parse("12-12")),
        )
    )
    meeting = Meeting(
        meeting_key(D(2024, 9, 1), "Formannskap"), D(2024, 9, 1), "Formannskap", "Møte"
    )
    events = events_of_year(template, [meeting, Meeting("x", D(2025, 1, 1), "B", "Neste år")], 2024)
    assert [e.key for e in events] == ["2024-09-01-formannskap", "hearing", "adoption"]
    assert events[0].kind is EventKind.MEETING
    past, upcoming = split_by_day(events, D(2024, 10, 1))
    assert [e.key for e in past] == ["2024-09-01-formannskap"]
    assert [e.key for e in upcoming] == ["hearing", "adoption"]  # the open hearing counts
    past, upcoming = split_by_day(events, D(2024, 10, 21))
    assert [e.key for e in upcoming] == ["adoption"]
