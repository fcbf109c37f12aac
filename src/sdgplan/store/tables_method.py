"""Tables of the SDG method tool (issue 15): the three levels of a plan cycle's method table,
materiality scores, and the benefit-realisation plan; imported by store/tables.py so that they
are in `Base.metadata`. Every change here needs an Alembic migration (0018)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sdgplan.store.tables import CODE_LENGTH, Base


class MethodCycleRow(Base):
    """A municipality's method work for one plan cycle (`2020-2032`): its title and how its
    materiality is scored (the scale, how scorers are combined, the priority threshold)."""

    __tablename__ = "method_cycles"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        String(CODE_LENGTH), ForeignKey("municipalities.number")
    )
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    illustrative: Mapped[bool] = mapped_column(Boolean)  # the method table's texts
    materiality_illustrative: Mapped[bool] = mapped_column(Boolean)  # the scores
    scale_min: Mapped[float] = mapped_column(Float)
    scale_max: Mapped[float] = mapped_column(Float)
    aggregation: Mapped[str] = mapped_column(String(20))  # mean | median
    priority_threshold: Mapped[float | None] = mapped_column(Float)


class MethodRowRow(Base):
    """One row of a level: level 1 an SDG and its municipal significance, level 2 a target with
    local opportunities and challenges, level 3 a target with goals, strategies and interests
    for service and community development. `texts` holds the level's fields by name;
    `plan_keys` the plan goals and strategies the row became."""

    __tablename__ = "method_rows"
    __table_args__ = (UniqueConstraint("cycle_id", "level", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("method_cycles.id", ondelete="CASCADE"))
    level: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    sdg_goal: Mapped[int] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(String(20))
    texts: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan_keys: Mapped[list[str]] = mapped_column(JSON)


class MaterialityScoreRow(Base):
    """One scorer's score of a target (`11.7`) or SDG (`11`) on the two axes."""

    __tablename__ = "materiality_scores"
    __table_args__ = (UniqueConstraint("cycle_id", "code", "scorer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("method_cycles.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    scorer: Mapped[str] = mapped_column(String(200))
    importance: Mapped[float] = mapped_column(Float)  # for the stakeholders
    influence: Mapped[float] = mapped_column(Float)  # the municipality's impact and influence


class BenefitPlanRow(Base):
    """A benefit-realisation plan: benefits measured from a baseline year."""

    __tablename__ = "benefit_plans"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        String(CODE_LENGTH), ForeignKey("municipalities.number")
    )
    key: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    baseline_year: Mapped[int] = mapped_column(Integer)
    target_year: Mapped[int | None] = mapped_column(Integer)
    illustrative: Mapped[bool] = mapped_column(Boolean)


class BenefitAreaRow(Base):
    """A target area of the plan (service production, community development, ...)."""

    __tablename__ = "benefit_areas"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("benefit_plans.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class BenefitRow(Base):
    """A benefit, measured by one of the municipality's indicators (`indicator_key`); its
    expected value (decimal text) by a year."""

    __tablename__ = "benefits"
    __table_args__ = (UniqueConstraint("area_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("benefit_areas.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    indicator_key: Mapped[str | None] = mapped_column(String(200))
    expected_value: Mapped[str | None] = mapped_column(String(40))
    expected_year: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
