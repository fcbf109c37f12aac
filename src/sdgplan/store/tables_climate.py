"""Tables of the climate part of the planning cycle (issue 14); imported by store/tables.py so
that they are in `Base.metadata`. Every change here needs an Alembic migration."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from sdgplan.store.tables import CODE_LENGTH, Base

SECTOR_LENGTH = 20


class ClimateTargetRow(Base):
    """A municipality's reduction target; `path` the chosen ceiling ([[year, tonnes], ...])."""

    __tablename__ = "climate_targets"

    municipality_number: Mapped[str] = mapped_column(
        String(CODE_LENGTH),
        ForeignKey("municipalities.number", ondelete="CASCADE"),
        primary_key=True,
    )
    reference_year: Mapped[int] = mapped_column(Integer)
    target_year: Mapped[int] = mapped_column(Integer)
    reduction_percent: Mapped[float] = mapped_column(Float)
    path: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    source: Mapped[str | None] = mapped_column(Text)


class ClimateEmissionRow(Base):
    """The emissions of one sector in one year, tonnes CO2e."""

    __tablename__ = "climate_emissions"
    __table_args__ = (UniqueConstraint("municipality_number", "year", "sector"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipalities.number", ondelete="CASCADE")
    )
    year: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str] = mapped_column(String(SECTOR_LENGTH))
    tonnes: Mapped[float] = mapped_column(Float)
    basis: Mapped[str] = mapped_column(String(20))  # reported, derived, illustrative
    note: Mapped[str | None] = mapped_column(Text)


class ClimateMeasureRow(Base):
    """A measure of the climate budget and its estimated effect (tonnes CO2e less a year)."""

    __tablename__ = "climate_measures"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipalities.number", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(SECTOR_LENGTH))
    effect: Mapped[float] = mapped_column(Float)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)
    owner: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    illustrative: Mapped[bool] = mapped_column(Boolean, server_default=false())
    note: Mapped[str | None] = mapped_column(Text)
