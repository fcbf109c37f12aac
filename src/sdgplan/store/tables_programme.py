"""Tables of the programme part of the planning cycle (issue 14); imported by store/tables.py so
that they are in `Base.metadata`. Every change here needs an Alembic migration."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sdgplan.store.tables import Base

# Amounts per year are JSON objects of year -> decimal text (`{"2024": "12500000"}`), so
# they stay exact on every backend.


class ProgrammeRow(Base):
    """An action programme with budget for a period (`2024-2027`) of a municipality."""

    __tablename__ = "programmes"
    __table_args__ = (UniqueConstraint("municipality_number", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    period: Mapped[str] = mapped_column(String(9))
    title: Mapped[str] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean)
    economy: Mapped[dict[str, Any]] = mapped_column(JSON)  # year -> figure -> decimal text
    rules: Mapped[dict[str, str]] = mapped_column(JSON)  # rule -> indicator key
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(Text)

    service_areas: Mapped[list[ProgrammeServiceAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProgrammeServiceAreaRow.position"
    )
    investments: Mapped[list[ProgrammeInvestmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProgrammeInvestmentRow.position"
    )
    versions: Mapped[list[ProgrammeVersionRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProgrammeVersionRow.position"
    )


class ProgrammeServiceAreaRow(Base):
    __tablename__ = "programme_service_areas"
    __table_args__ = (UniqueConstraint("programme_id", "key"),)

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    frames: Mapped[dict[str, str]] = mapped_column(JSON)
    staff: Mapped[dict[str, str]] = mapped_column(JSON)
    shares: Mapped[dict[str, str]] = mapped_column(JSON)


class ProgrammeInvestmentRow(Base):
    __tablename__ = "programme_investments"
    __table_args__ = (UniqueConstraint("programme_id", "key"),)

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    service_area: Mapped[str | None] = mapped_column(String(100))
    amounts: Mapped[dict[str, str]] = mapped_column(JSON)
    financing: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON)  # source -> amounts


class ProgrammeVersionRow(Base):
    """The proposal, the supplementary recommendation, a party's amendment set or the
    adopted programme; all but the first are change sets on their `base`."""

    __tablename__ = "programme_versions"
    __table_args__ = (UniqueConstraint("programme_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(Text)
    base: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[dt.date | None] = mapped_column(Date)

    lines: Mapped[list[ProgrammeLineRow]] = relationship(
        cascade="all, delete-orphan", order_by="ProgrammeLineRow.position"
    )


class ProgrammeLineRow(Base):
    """A line of a version: a measure of the proposal (`measure`), a change (`add`,
    `remove`, `change`) or a financing line (`financing`)."""

    __tablename__ = "programme_lines"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("programme_versions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(20))
    service_area: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    amounts: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))
