"""The political calendar in the store: a municipality's template of milestones, its meetings
and its political activity. Saving replaces what a file brings and logs each change in the
same session; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.domain.calendar import (
    ActivityRecord,
    ActivityTable,
    CalendarTemplate,
    DayRule,
    Meeting,
    Milestone,
    ProducedVersion,
)
from sdgplan.domain.plan import Municipality
from sdgplan.store import change_log
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables_calendar import (
    CalendarMeetingRow,
    CalendarMilestoneRow,
    CalendarTemplateRow,
    PoliticalActivityRow,
)


def load_template(session: Session, municipality: str) -> CalendarTemplate | None:
    row = session.get(CalendarTemplateRow, municipality)
    if row is None:
        return None
    query = (
        select(CalendarMilestoneRow)
        .where(CalendarMilestoneRow.municipality_number == municipality)
        .order_by(CalendarMilestoneRow.position)
    )
    milestones = tuple(
        Milestone(
            key=m.key,
            name=m.name,
            date=DayRule.parse(m.date_rule),
            start=DayRule.parse(m.start_rule) if m.start_rule else None,
            body=m.body,
            produces=ProducedVersion(m.produces) if m.produces else None,
        )
        for m in session.scalars(query)
    )
    return CalendarTemplate(milestones, row.programme_years, row.timezone)


def save_template(
    session: Session,
    municipality: Municipality,
    template: CalendarTemplate,
    *,
    who: str,
    source: str | None = None,
) -> bool:
    """Replace the municipality's template; whether it changed (a change is logged)."""
    ensure_municipality(session, municipality)
    number = municipality.number
    old = load_template(session, number)
    if old == template:
        return False
    session.execute(
        delete(CalendarMilestoneRow).where(CalendarMilestoneRow.municipality_number == number)
    )
    row = session.get(CalendarTemplateRow, number) or CalendarTemplateRow(
        municipality_number=number
    )
    row.programme_years, row.timezone = template.programme_years, template.timezone
    session.add(row)
    session.flush()
    for position, milestone in enumerate(template.milestones):
        session.add(
            CalendarMilestoneRow(
                municipality_number=number,
                position=position,
                key=milestone.key,
                name=milestone.name,
                date_rule=str(milestone.date),
                start_rule=str(milestone.start) if milestone.start else None,
                body=milestone.body,
                produces=milestone.produces.value if milestone.produces else None,
            )
        )
    change_log.record(
        session,
        who=who,
        municipality=number,
        action="import",
        entity="calendar_template",
        key="calendar_template",
        old=_template_record(old) if old else None,
        new=_template_record(template),
        source=source,
    )
    session.flush()
    return True


def load_meetings(
    session: Session, municipality: str, *, years: Collection[int] | None = None
) -> list[Meeting]:
    query = (
        select(CalendarMeetingRow)
        .where(CalendarMeetingRow.municipality_number == municipality)
        .order_by(CalendarMeetingRow.date, CalendarMeetingRow.start_time, CalendarMeetingRow.key)
    )
    meetings = [
        Meeting(
            key=r.key,
            date=r.date,
            body=r.body,
            title=r.title,
            start_time=r.start_time,
            end_time=r.end_time,
            location=r.location,
            illustrative=r.illustrative,
        )
        for r in session.scalars(query)
    ]
    return [m for m in meetings if years is None or m.date.year in years]


def replace_meetings(
    session: Session,
    municipality: Municipality,
    meetings: list[Meeting],
    *,
    who: str,
    source: str | None = None,
) -> list[int]:
    """Replace the stored meetings of the years `meetings` fall in; the years that changed
    (each logged)."""
    ensure_municipality(session, municipality)
    number = municipality.number
    changes = []
    for year in sorted({m.date.year for m in meetings}):
        new = sorted((m for m in meetings if m.date.year == year), key=_meeting_order)
        old = load_meetings(session, number, years={year})
        if sorted(old, key=_meeting_order) != new:
            changes.append((year, old, new))
    # All deletes first: a key may move from one year of the file to another.
    for _year, old, _new in changes:
        keys = [m.key for m in old]
        session.execute(
            delete(CalendarMeetingRow).where(
                CalendarMeetingRow.municipality_number == number,
                CalendarMeetingRow.key.in_(keys),
            )
        )
    session.flush()
    for year, old, new in changes:
        session.add_all(_meeting_row(number, m) for m in new)
        change_log.record(
            session,
            who=who,
            municipality=number,
            action="import",
            entity="calendar_meetings",
            key=str(year),
            old=[_meeting_record(m) for m in old] or None,
            new=[_meeting_record(m) for m in new],
            source=source,
        )
    session.flush()
    return [year for year, _old, _new in changes]


def meeting_keys(session: Session, municipality: str) -> dict[str, int]:
    """The stored meetings' keys, each with its year."""
    query = select(CalendarMeetingRow.key, CalendarMeetingRow.date).where(
        CalendarMeetingRow.municipality_number == municipality
    )
    return {key: date.year for key, date in session.execute(query)}


def load_activity(session: Session, municipality: str) -> ActivityTable:
    query = (
        select(PoliticalActivityRow)
        .where(PoliticalActivityRow.municipality_number == municipality)
        .order_by(PoliticalActivityRow.position, PoliticalActivityRow.year)
    )
    return ActivityTable(
        tuple(
            ActivityRecord(r.body, r.year, r.meetings, r.cases, r.ended)
            for r in session.scalars(query)
        )
    )


def replace_activity(
    session: Session,
    municipality: Municipality,
    table: ActivityTable,
    *,
    who: str,
    source: str | None = None,
) -> list[int]:
    """Replace the stored activity of the years in `table`; the years that changed (each
    logged). Bodies keep the order of `table`."""
    ensure_municipality(session, municipality)
    number = municipality.number
    stored = load_activity(session, number)
    changed = []
    for year in table.years:
        new = [r for r in table.records if r.year == year]
        old = [r for r in stored.records if r.year == year]
        if old == new:
            continue
        session.execute(
            delete(PoliticalActivityRow).where(
                PoliticalActivityRow.municipality_number == number,
                PoliticalActivityRow.year == year,
            )
        )
        session.flush()
        for record in new:
            session.add(
                PoliticalActivityRow(
                    municipality_number=number,
                    year=year,
                    position=table.bodies.index(record.body),
                    body=record.body,
                    meetings=record.meetings,
                    cases=record.cases,
                    ended=record.ended,
                )
            )
        change_log.record(
            session,
            who=who,
            municipality=number,
            action="import",
            entity="political_activity",
            key=str(year),
            old=[_activity_record(r) for r in old] or None,
            new=[_activity_record(r) for r in new],
            source=source,
        )
        changed.append(year)
    session.flush()
    return changed


def delete_calendar(session: Session, municipality: str) -> int:
    """Delete the municipality's template, meetings and activity (before the municipality
    itself); how many rows there were."""
    count = 0
    for table in (
        CalendarMilestoneRow,
        CalendarTemplateRow,
        CalendarMeetingRow,
        PoliticalActivityRow,
    ):
        result = session.execute(delete(table).where(table.municipality_number == municipality))
        count += int(getattr(result, "rowcount", 0) or 0)
    session.flush()
    return count


def _meeting_order(meeting: Meeting) -> tuple[Any, ...]:
    return (meeting.date, meeting.start_time or "", meeting.key)


def _meeting_row(municipality: str, meeting: Meeting) -> CalendarMeetingRow:
    return CalendarMeetingRow(
        municipality_number=municipality,
        key=meeting.key,
        date=meeting.date,
        body=meeting.body,
        title=meeting.title,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        location=meeting.location,
        illustrative=meeting.illustrative,
    )


def _template_record(template: CalendarTemplate) -> dict[str, Any]:
    return {
        "programme_years": template.programme_years,
        "timezone": template.timezone,
        "milestones": [
            {
                "key": m.key,
                "name": m.name,
                "date": str(m.date),
                "start": str(m.start) if m.start else None,
                "body": m.body,
                "produces": m.produces.value if m.produces else None,
            }
            for m in template.milestones
        ],
    }


def _meeting_record(meeting: Meeting) -> dict[str, Any]:
    return {
        "key": meeting.key,
        "date": meeting.date.isoformat(),
        "body": meeting.body,
        "title": meeting.title,
        "start_time": meeting.start_time.isoformat("minutes") if meeting.start_time else None,
        "end_time": meeting.end_time.isoformat("minutes") if meeting.end_time else None,
        "location": meeting.location,
        "illustrative": meeting.illustrative,
    }


def _activity_record(record: ActivityRecord) -> dict[str, Any]:
    return {
        "body": record.body,
        "meetings": record.meetings,
        "cases": record.cases,
        "ended": record.ended,
    }
