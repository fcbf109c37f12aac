"""The political calendar (årshjul): a yearly template of milestones expanded into dated events,
meetings of the council and committees, and political activity (meetings and cases per body
per year). Pure: no database, no files."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sdgplan.i18n import N_, _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LAST = -1
DEFAULT_TIMEZONE = "Europe/Oslo"
DEFAULT_PROGRAMME_YEARS = 4


class ProducedVersion(StrEnum):
    """The version of the action programme a milestone produces (issue 14, item 2)."""

    PROPOSAL = "proposal"
    AMENDMENTS = "amendments"
    SUPPLEMENTARY = "supplementary"
    ADOPTED = "adopted"

    @property
    def label(self) -> str:
        return _(PRODUCED_LABELS[self])


PRODUCED_LABELS = {
    ProducedVersion.PROPOSAL: N_("forslag til handlingsprogram"),
    ProducedVersion.AMENDMENTS: N_("partienes endringsforslag"),
    ProducedVersion.SUPPLEMENTARY: N_("tilleggsinnstilling"),
    ProducedVersion.ADOPTED: N_("vedtatt handlingsprogram"),
}


class EventKind(StrEnum):
    MILESTONE = "milestone"
    MEETING = "meeting"


@dataclass(frozen=True)
class DayRule:
    """A day of each year: a fixed month and day (`09-19`), or the nth weekday of a month
    (`12-tue-2`: the second Tuesday of December; `06-tue-last`)."""

    month: int
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    nth: int | None = None  # 1-4, or LAST

    @classmethod
    def parse(cls, text: str) -> DayRule:
        """`MM-DD` or `MM-WEEKDAY-N` (N 1-4 or `last`); ValueError with the reason."""
        parts = text.strip().lower().split("-")
        try:
            month = int(parts[0])
            if len(parts) == 2:
                return cls.fixed(month, int(parts[1]))
            if len(parts) == 3:
                return cls.nth_weekday(month, parts[1], parts[2])
        except ValueError as e:
            raise ValueError(
                _("Ugyldig dag «{text}»: skriv MM-DD (09-19) eller MM-UKEDAG-N (12-tue-2)").format(
                    text=text
                )
            ) from e
        raise ValueError(
            _("Ugyldig dag «{text}»: skriv MM-DD (09-19) eller MM-UKEDAG-N (12-tue-2)").format(
                text=text
            )
        )

    @classmethod
    def fixed(cls, month: int, day: int) -> DayRule:
        dt.date(2024, month, day)  # a leap year: 02-29 is allowed (28 February otherwise)
        return cls(month, day=day)

    @classmethod
    def nth_weekday(cls, month: int, weekday: str, nth: str) -> DayRule:
        if not 1 <= month <= 12:
            raise ValueError(f"month {month}")
        name = weekday.strip().lower()[:3]
        if name not in WEEKDAYS:
            raise ValueError(f"weekday {weekday}")
        number = LAST if nth.strip() == "last" else int(nth)
        if number != LAST and not 1 <= number <= 4:
            raise ValueError(f"nth {nth}")
        return cls(month, weekday=WEEKDAYS.index(name), nth=number)

    def in_year(self, year: int) -> dt.date:
        if self.day is not None:
            last = calendar.monthrange(year, self.month)[1]
            return dt.date(year, self.month, min(self.day, last))
        assert self.weekday is not None and self.nth is not None
        days = [
            day
            for week in calendar.Calendar().monthdatescalendar(year, self.month)
            for day in week
            if day.month == self.month and day.weekday() == self.weekday
        ]
        return days[-1] if self.nth == LAST else days[self.nth - 1]

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.month:02d}-{self.day:02d}"
        nth = "last" if self.nth == LAST else str(self.nth)
        return f"{self.month:02d}-{WEEKDAYS[self.weekday or 0]}-{nth}"


@dataclass(frozen=True)
class Milestone:
    """A step of the yearly cycle; with `start` it is a period (a hearing), else one day."""

    key: str
    name: str
    date: DayRule
    start: DayRule | None = None
    body: str | None = None
    produces: ProducedVersion | None = None


@dataclass(frozen=True)
class CalendarTemplate:
    """A municipality's yearly milestones; the programme adopted in year Y covers the
    `programme_years` years from Y + 1 (seed 003: December 2017 adopts 2018-2021)."""

    milestones: tuple[Milestone, ...] = ()
    programme_years: int = DEFAULT_PROGRAMME_YEARS
    timezone: str = DEFAULT_TIMEZONE

    def programme_period(self, year: int) -> str:
        return f"{year + 1}-{year + self.programme_years}"


@dataclass(frozen=True)
class Meeting:
    """A meeting of the council or a committee; `illustrative` marks invented example data."""

    key: str
    date: dt.date
    body: str
    title: str
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    location: str | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class CalendarEvent:
    """A dated event of one year: a milestone of the template or a meeting. `end` is the
    last day (inclusive); `key` is unique within the municipality and year."""

    key: str
    kind: EventKind
    title: str
    start: dt.date
    end: dt.date
    body: str | None = None
    location: str | None = None
    produces: ProducedVersion | None = None
    programme_period: str | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    illustrative: bool = False

    def is_upcoming(self, today: dt.date) -> bool:
        """Not over yet on `today` (a hearing that is open counts as upcoming)."""
        return self.end >= today


def expand_template(template: CalendarTemplate, year: int) -> list[CalendarEvent]:
    """The template's milestones as dated events of `year`."""
    events = []
    for milestone in template.milestones:
        end = milestone.date.in_year(year)
        start = milestone.start.in_year(year) if milestone.start else end
        events.append(
            CalendarEvent(
                key=milestone.key,
                kind=EventKind.MILESTONE,
                title=milestone.name,
                start=start,
                end=end,
                body=milestone.body,
                produces=milestone.produces,
                programme_period=template.programme_period(year),
            )
        )
    return events


def meeting_event(meeting: Meeting) -> CalendarEvent:
    return CalendarEvent(
        key=meeting.key,
        kind=EventKind.MEETING,
        title=meeting.title,
        start=meeting.date,
        end=meeting.date,
        body=meeting.body,
        location=meeting.location,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        illustrative=meeting.illustrative,
    )


def events_of_year(
    template: CalendarTemplate | None, meetings: Iterable[Meeting], year: int
) -> list[CalendarEvent]:
    """The milestones and the meetings of `year`, by date (milestones first on a day)."""
    events = expand_template(template, year) if template else []
    events += [meeting_event(m) for m in meetings if m.date.year == year]
    return sorted(events, key=lambda e: (e.start, e.end, e.kind != EventKind.MILESTONE, e.key))


def split_by_day(
    events: Sequence[CalendarEvent], today: dt.date
) -> tuple[list[CalendarEvent], list[CalendarEvent]]:
    """The events that are over on `today`, and those that are not."""
    return (
        [e for e in events if not e.is_upcoming(today)],
        [e for e in events if e.is_upcoming(today)],
    )


def event_uid(municipality: str, year: int, key: str) -> str:
    """A stable iCalendar UID, so that a subscriber's calendar updates an event in place."""
    return f"{year}-{key}@{municipality}.calendar.sdgplan"


def meeting_key(date: dt.date, body: str) -> str:
    """The key of a meeting that has none in its file: `2024-06-18-kommunestyret`."""
    return f"{date.isoformat()}-{slug(body)}"


def slug(text: str) -> str:
    """`Utvalg for plan og byggesak` -> `utvalg-for-plan-og-byggesak`, `Råd` -> `rad`."""
    folded = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


@dataclass(frozen=True)
class ActivityRecord:
    """One body's meetings held and cases dealt with in one year; `ended`: the body had
    been closed down (seed 001: «Avsluttet»)."""

    body: str
    year: int
    meetings: int | None = None
    cases: int | None = None
    ended: bool = False


@dataclass(frozen=True)
class ActivityTable:
    """Political activity as in seed 001's table: bodies in their order, years, totals."""

    records: tuple[ActivityRecord, ...]
    bodies: tuple[str, ...] = field(init=False)
    years: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bodies", tuple(dict.fromkeys(r.body for r in self.records)))
        object.__setattr__(self, "years", tuple(sorted({r.year for r in self.records})))

    def cell(self, body: str, year: int) -> ActivityRecord | None:
        return next((r for r in self.records if r.body == body and r.year == year), None)

    def totals(self, year: int) -> tuple[int, int]:
        """Meetings and cases of all bodies in `year`."""
        found = [r for r in self.records if r.year == year]
        return sum(r.meetings or 0 for r in found), sum(r.cases or 0 for r in found)

    def grand_totals(self) -> tuple[int, int]:
        """Meetings and cases over all the years (seed 001: 505 and 3157 in 2020-2022)."""
        return (
            sum(self.totals(year)[0] for year in self.years),
            sum(self.totals(year)[1] for year in self.years),
        )

    def of_years(self, years: Iterable[int]) -> ActivityTable:
        wanted = set(years)
        return ActivityTable(tuple(r for r in self.records if r.year in wanted))
