"""Tables of the calendar part of the planning cycle (issue 14); imported by store/tables.py so
that they are in `Base.metadata`. Every change here needs an Alembic migration."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from sdgplan.store.tables import CODE_LENGTH, Base


class CalendarTemplateRow(Base):
    """A municipality's yearly cycle: how long its action programme runs, its time zone."""

    __tablename__ = "calendar_templates"

    municipality_number: Mapped[str] = mapped_column(
        String(CODE_LENGTH), ForeignKey("municipalities.number"), primary_key=True
    )
    programme_years: Mapped[int] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64))


class CalendarMilestoneRow(Base):
    """A milestone of the template; `date_rule` and `start_rule` as `DayRule` text."""

    __tablename__ = "calendar_milestones"
    __table_args__ = (
        UniqueConstraint("municipality_number", "key"),
        UniqueConstraint("municipality_number", "position", name="uq_calendar_milestones_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("calendar_templates.municipality_number", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    date_rule: Mapped[str] = mapped_column(String(20))
    start_rule: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str | None] = mapped_column(Text)
    produces: Mapped[str | None] = mapped_column(String(20))


class CalendarMeetingRow(Base):
    """A meeting of the council or a committee."""

    __tablename__ = "calendar_meetings"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    key: Mapped[str] = mapped_column(String(100))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    body: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    location: Mapped[str | None] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean, server_default=false())


class PoliticalActivityRow(Base):
    """Meetings held and cases dealt with by one body in one year; `position` keeps the order
    of the bodies in the table."""

    __tablename__ = "political_activity"
    __table_args__ = (UniqueConstraint("municipality_number", "year", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    year: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    meetings: Mapped[int | None] = mapped_column(Integer)
    cases: Mapped[int | None] = mapped_column(Integer)
    ended: Mapped[bool] = mapped_column(Boolean, server_default=false())
