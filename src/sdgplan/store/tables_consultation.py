"""Tables of public consultations (issue 14); imported by store/tables.py so that they are in
`Base.metadata`. Every change here needs an Alembic migration."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sdgplan.store.tables import CODE_LENGTH, Base


class ConsultationRow(Base):
    """A consultation on a document, open from `opens` to `closes` (both days included)."""

    __tablename__ = "consultations"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        String(CODE_LENGTH), ForeignKey("municipalities.number")
    )
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    document_kind: Mapped[str] = mapped_column(String(20))
    document: Mapped[str | None] = mapped_column(String(200))
    opens: Mapped[dt.date] = mapped_column(Date)
    closes: Mapped[dt.date] = mapped_column(Date)
    timezone: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(Text)


class SubmissionRow(Base):
    """One input to a consultation; `number` counts from 1 within the consultation."""

    __tablename__ = "consultation_submissions"
    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    name: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    concerns: Mapped[str | None] = mapped_column(String(200))
    consent: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    moderated_by: Mapped[str | None] = mapped_column(String(200))
    moderated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SubmissionAttemptRow(Base):
    """A submission sent from an address (its keyed hash, never the address), for the rate
    limit; kept for a few minutes."""

    __tablename__ = "consultation_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
