"""The political calendar as YAML: a template of yearly milestones and dated meetings.

```yaml
format: sdgplan-calendar
format_version: 1
municipality: 3203
template:                     # optional; replaces the stored template
  programme_years: 4          # the programme adopted in 2024 covers 2025-2028
  timezone: Europe/Oslo
  milestones:
    - {key: proposal, name: ..., date: 09-19, body: Formannskapet, produces: proposal}
    - {key: hearing, name: ..., start: 09-20, date: 10-20}
    - {key: council, name: ..., date: 12-tue-2}     # the second Tuesday of December
meetings:                     # optional; replaces the stored meetings of their years
  - {date: 2024-06-18, time: 18:00-21:00, body: Kommunestyret, title: ..., location: ...,
     illustrative: true, key: ...}
```
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from yaml.nodes import Node

from sdgplan.domain.calendar import (
    DEFAULT_PROGRAMME_YEARS,
    DEFAULT_TIMEZONE,
    CalendarTemplate,
    DayRule,
    Meeting,
    Milestone,
    ProducedVersion,
    meeting_key,
)
from sdgplan.domain.periods import parse_date
from sdgplan.i18n import _
from sdgplan.importers.base import IssueLog, Parsed
from sdgplan.importers.yaml_nodes import NodeReader, compose_text

FORMAT_NAME = "sdgplan-calendar"
FORMAT_VERSION = 1
TOP_KEYS = {"format", "format_version", "municipality", "template", "meetings"}
TEMPLATE_KEYS = {"programme_years", "timezone", "milestones"}
MILESTONE_KEYS = {"key", "name", "date", "start", "body", "produces"}
MEETING_KEYS = {"key", "date", "time", "body", "title", "location", "illustrative"}
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
TIME_PATTERN = re.compile(r"(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?")
CHECKED_YEARS = range(2024, 2052)  # every weekday a year can begin on, leap years and not


@dataclass(frozen=True)
class CalendarFile:
    """What a calendar file brings: a template, meetings, or both (None: not in the file)."""

    template: CalendarTemplate | None
    meetings: list[Meeting] | None


def read_calendar(text: str, *, source: str) -> Parsed[CalendarFile]:
    log = IssueLog(source)
    root = compose_text(text, log)
    if root is None:
        return Parsed(None, log.issues)
    reader = _Reader(log)
    top = reader.mapping(root, TOP_KEYS, "calendar")
    if top is None:
        return Parsed(None, log.issues)
    reader.check_format(top, FORMAT_NAME, FORMAT_VERSION)
    template = reader.template(top["template"]) if "template" in top else None
    meetings = reader.meetings(top["meetings"]) if "meetings" in top else None
    if template is None and meetings is None and not log.issues:
        log.error(_("Filen har verken «template» eller «meetings»"), line=1)
    return Parsed(CalendarFile(template, meetings), log.issues)


class _Reader(NodeReader):
    def template(self, node: Node) -> CalendarTemplate | None:
        found = self.mapping(node, TEMPLATE_KEYS, "template")
        if found is None:
            return None
        years = self.parsed(found.get("programme_years"), _programme_years)
        timezone = self.parsed(found.get("timezone"), _timezone) or DEFAULT_TIMEZONE
        milestones: list[Milestone] = []
        lines: dict[str, int] = {}
        for item in self.sequence(found.get("milestones")):
            milestone = self.milestone(item)
            if milestone is None:
                continue
            if self.first_time(
                item, milestone.key, lines, _("Nøkkelen «{key}» står også på linje {first}")
            ):
                milestones.append(milestone)
        return CalendarTemplate(tuple(milestones), years or DEFAULT_PROGRAMME_YEARS, timezone)

    def milestone(self, node: Node) -> Milestone | None:
        found = self.mapping(node, MILESTONE_KEYS, "milestones")
        if found is None:
            return None
        key = self.parsed(found.get("key"), _key)
        name = self.text(found.get("name"), required=True, at=node, key="name")
        date = self.parsed(found.get("date"), DayRule.parse)
        if date is None and "date" not in found:
            self.text(None, required=True, at=node, key="date")
        start = self.parsed(found.get("start"), DayRule.parse)
        produces = self.choice(
            found.get("produces"), ProducedVersion, at=node, key="produces", required=False
        )
        if key is None:
            self.text(found.get("key"), required=True, at=node, key="key")
        if key is None or not name or date is None:
            return None
        if start is not None and any(start.in_year(y) > date.in_year(y) for y in CHECKED_YEARS):
            self.error(
                found["start"],
                _("Starten «{start}» kommer etter datoen «{date}»").format(start=start, date=date),
            )
            return None
        body = self.text(found.get("body"), required=False) or None
        return Milestone(key, name, date, start, body, produces)

    def meetings(self, node: Node) -> list[Meeting]:
        meetings: list[Meeting] = []
        lines: dict[str, int] = {}
        for item in self.sequence(node):
            meeting = self.meeting(item)
            if meeting is None:
                continue
            again = _("Møtet «{key}» står også på linje {first}; gi det en egen «key»")
            if self.first_time(item, meeting.key, lines, again):
                meetings.append(meeting)
        return meetings

    def meeting(self, node: Node) -> Meeting | None:
        found = self.mapping(node, MEETING_KEYS, "meetings")
        if found is None:
            return None
        date = self.parsed(found.get("date"), parse_date)
        if "date" not in found:
            self.text(None, required=True, at=node, key="date")
        body = self.text(found.get("body"), required=True, at=node, key="body")
        title = self.text(found.get("title"), required=False) or body
        times = self.parsed(found.get("time"), _times)
        key = self.parsed(found.get("key"), _key)
        illustrative = self.parsed(found.get("illustrative"), _boolean) or False
        if date is None or not body or ("key" in found and key is None):
            return None
        start, end = times or (None, None)
        return Meeting(
            key=key or meeting_key(date, body),
            date=date,
            body=body,
            title=title,
            start_time=start,
            end_time=end,
            location=self.text(found.get("location"), required=False) or None,
            illustrative=illustrative,
        )


def _key(text: str) -> str:
    if not KEY_PATTERN.fullmatch(text):
        raise ValueError(
            _(
                "Ugyldig nøkkel «{key}»: små bokstaver a-z, sifre, punktum, - og _, høyst 100 tegn"
            ).format(key=text)
        )
    return text


def _programme_years(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10:
        raise ValueError(
            _("Ugyldig «programme_years» «{value}»: skriv et helt tall fra 1 til 10").format(
                value=text
            )
        )
    return int(text)


def _timezone(text: str) -> str:
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as e:
        raise ValueError(
            _("Ukjent tidssone «{value}»; skriv f.eks. Europe/Oslo").format(value=text)
        ) from e
    return text


def _times(text: str) -> tuple[dt.time, dt.time | None]:
    match = TIME_PATTERN.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        start = dt.time(int(match[1]), int(match[2]))
        end = dt.time(int(match[3]), int(match[4])) if match[3] else None
    except ValueError as e:
        raise ValueError(
            _("Ugyldig klokkeslett «{value}»; skriv TT:MM eller TT:MM-TT:MM").format(value=text)
        ) from e
    if end is not None and end <= start:
        raise ValueError(_("Møtet «{value}» slutter før det begynner").format(value=text))
    return start, end


def _boolean(text: str) -> bool:
    if text.lower() in ("true", "yes"):
        return True
    if text.lower() in ("false", "no"):
        return False
    raise ValueError(
        _("Ugyldig «illustrative» «{value}»; skriv true eller false").format(value=text)
    )
