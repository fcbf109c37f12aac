"""The political calendar (årshjul, issue 14 item 5): import its files, list its events, export
them as iCalendar, and the political activity table. Each import is all or nothing: every
problem is listed (`InvalidData`) before anything is written."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from sdgplan.domain.calendar import DEFAULT_TIMEZONE, ActivityTable, CalendarEvent, events_of_year
from sdgplan.domain.issues import Issue, Severity, has_errors
from sdgplan.domain.plan import Municipality
from sdgplan.errors import FormatError, InvalidData, NotFound
from sdgplan.exporters.calendar_ics import calendar_ics
from sdgplan.i18n import _
from sdgplan.importers.base import Parsed, read_text
from sdgplan.importers.calendar_yaml import CalendarFile, read_calendar
from sdgplan.importers.political_activity_csv import read_political_activity
from sdgplan.importers.yaml_nodes import declared_municipality
from sdgplan.loading import Declared, resolve_municipality
from sdgplan.store import calendar_repo

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class CalendarImport:
    """What an import stored: the template's milestones, the years of meetings and of
    activity that changed, and the warnings."""

    municipality: Municipality
    milestones: int | None = None
    meeting_years: list[int] = field(default_factory=list)
    meetings: int = 0
    activity_years: list[int] = field(default_factory=list)
    activity_records: int = 0
    issues: list[Issue] = field(default_factory=list)


def load_calendar_file(
    session: Session, path: Path, *, municipality: str | None = None, who: str = "unknown"
) -> CalendarImport:
    """Read and save a calendar YAML file (template, meetings) or a political activity CSV
    file, chosen by the file's suffix."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise FormatError(
            _("{path}: ukjent filtype «{suffix}»").format(path=path, suffix=path.suffix),
            hint=_("Bruk .yaml for årshjul og møter, .csv for politisk aktivitet."),
        )
    return loader(session, path, municipality, who)


def _load_yaml(session: Session, path: Path, municipality: str | None, who: str) -> CalendarImport:
    text = read_text(path)
    found = declared_municipality(text)
    declared = Declared(found[0], path, found[1]) if found else None
    parsed = read_calendar(text, source=str(path))
    data: CalendarFile = _checked(parsed, path)
    owner = resolve_municipality(session, municipality, declared)
    result = CalendarImport(owner, issues=parsed.issues)
    if data.meetings is not None:
        _refuse_moved_keys(session, owner.number, data, path)
    if data.template is not None:
        calendar_repo.save_template(session, owner, data.template, who=who, source=str(path))
        result.milestones = len(data.template.milestones)
    if data.meetings is not None:
        result.meetings = len(data.meetings)
        result.meeting_years = calendar_repo.replace_meetings(
            session, owner, data.meetings, who=who, source=str(path)
        )
    log.info("calendar %s saved for %s", path, owner.number)
    return result


def _refuse_moved_keys(session: Session, municipality: str, data: CalendarFile, path: Path) -> None:
    """A meeting's key may be stored for a year the file does not replace: that is an error,
    not a silent second meeting with the same key."""
    meetings = data.meetings or []
    years = {m.date.year for m in meetings}
    stored = calendar_repo.meeting_keys(session, municipality)
    issues = [
        Issue(
            Severity.ERROR,
            str(path),
            _("Møtet «{key}» er lagret for {year}, som filen ikke har møter for").format(
                key=m.key, year=stored[m.key]
            ),
        )
        for m in meetings
        if m.key in stored and stored[m.key] not in years
    ]
    if issues:
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=issues)


def _load_csv(session: Session, path: Path, municipality: str | None, who: str) -> CalendarImport:
    parsed = read_political_activity(read_text(path), source=str(path))
    table = _checked(parsed, path)
    owner = resolve_municipality(session, municipality)
    years = calendar_repo.replace_activity(session, owner, table, who=who, source=str(path))
    return CalendarImport(
        owner, activity_years=years, activity_records=len(table.records), issues=parsed.issues
    )


def _checked(parsed: Parsed[T], path: Path) -> T:
    if parsed.data is None or has_errors(parsed.issues):
        raise InvalidData(_("{path}: ingenting er lagret").format(path=path), issues=parsed.issues)
    return parsed.data


LOADERS: dict[str, Callable[[Session, Path, str | None, str], CalendarImport]] = {
    ".yaml": _load_yaml,
    ".yml": _load_yaml,
    ".csv": _load_csv,
}


def calendar_events(session: Session, municipality: str, year: int) -> list[CalendarEvent]:
    """The template's milestones and the meetings of `year`, by date."""
    template = calendar_repo.load_template(session, municipality)
    meetings = calendar_repo.load_meetings(session, municipality, years={year})
    return events_of_year(template, meetings, year)


def export_calendar(
    session: Session, municipality: Municipality, years: list[int], *, stamp: dt.datetime
) -> tuple[bytes, int]:
    """The events of `years` as an iCalendar file, and how many there are; NotFound when
    the municipality has no calendar."""
    template = calendar_repo.load_template(session, municipality.number)
    events = [e for year in years for e in calendar_events(session, municipality.number, year)]
    if template is None and not events:
        raise _no_calendar(municipality)
    timezone = template.timezone if template else DEFAULT_TIMEZONE
    data = calendar_ics(
        events,
        municipality=municipality.number,
        name=municipality.name,
        timezone=timezone,
        stamp=stamp,
    )
    return data, len(events)


def activity_table(
    session: Session, municipality: Municipality, year: int | None = None
) -> ActivityTable:
    """The political activity table, of one year if given; NotFound when there is none."""
    table = calendar_repo.load_activity(session, municipality.number)
    if year is not None:
        table = table.of_years([year])
    if not table.records:
        where = f"{municipality.name} ({municipality.number})"
        message = (
            _("Ingen politisk aktivitet er lagret for {where} i {year}").format(
                where=where, year=year
            )
            if year is not None
            else _("Ingen politisk aktivitet er lagret for {where}").format(where=where)
        )
        raise NotFound(message, hint=_("Importer den: sdgplan calendar import FIL.csv"))
    return table


def _no_calendar(municipality: Municipality) -> NotFound:
    return NotFound(
        _("Ingen kalender er lagret for {name} ({number})").format(
            name=municipality.name, number=municipality.number
        ),
        hint=_("Importer et årshjul: sdgplan calendar import FIL.yaml"),
    )


def load_calendar_example(
    session: Session, folder_path: Path, municipality: str, who: str
) -> dict[str, int]:
    """Load an example's `calendar*.yaml` and `political-activity*.csv` files; counts."""
    counts = {"milestones": 0, "meetings": 0, "activity_records": 0}
    for path in sorted(folder_path.glob("calendar*.yaml")):
        found = load_calendar_file(session, path, municipality=municipality, who=who)
        counts["milestones"] += found.milestones or 0
        counts["meetings"] += found.meetings
    for path in sorted(folder_path.glob("political-activity*.csv")):
        found = load_calendar_file(session, path, municipality=municipality, who=who)
        counts["activity_records"] += found.activity_records
    return counts
