"""Database tables (SQLAlchemy 2.0). Every change here needs an Alembic migration.

Free text a person typed (titles, names, units, sections) is `Text`: PostgreSQL refuses a value
longer than `String(n)`, SQLite does not. Codes, keys and enumerations are `String(n)`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints so that migrations can alter them on every backend (SQLite included).
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


CODE_LENGTH = 32  # a municipality number (`3203`) or an added organisation's code (`SE-0180`)


class MunicipalityRow(Base):
    """A municipality of the bundled register with data, or an organisation added with
    `sdgplan org add` (a code the register does not have): its kind and country."""

    __tablename__ = "municipalities"

    number: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), server_default="municipality")
    country: Mapped[str] = mapped_column(String(2), server_default="NO")
    # The years observations may cover: the plan period and its baseline years.
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("municipality_number", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    title: Mapped[str] = mapped_column(Text)

    municipality: Mapped[MunicipalityRow] = relationship()
    versions: Mapped[list[PlanVersionRow]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanVersionRow.kind"
    )


class PlanVersionRow(Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("plan_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    plan: Mapped[PlanRow] = relationship(back_populates="versions")
    focus_areas: Mapped[list[FocusAreaRow]] = relationship(
        cascade="all, delete-orphan", order_by="FocusAreaRow.position"
    )


class FocusAreaRow(Base):
    __tablename__ = "focus_areas"
    __table_args__ = (
        UniqueConstraint("version_id", "position"),
        UniqueConstraint("version_id", "key", name="uq_focus_areas_version_id_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str | None] = mapped_column(String(100))  # stable across versions: `okonomi`
    name: Mapped[str] = mapped_column(Text)

    goals: Mapped[list[GoalRow]] = relationship(
        cascade="all, delete-orphan", order_by="GoalRow.position"
    )


class GoalRow(Base):
    """A main goal, sub-goal or strategy; strategies point at their sub-goal by `parent_id`."""

    __tablename__ = "goals"
    __table_args__ = (UniqueConstraint("focus_area_id", "key", name="uq_goals_focus_area_id_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str | None] = mapped_column(String(100))  # `okonomi.1`, `okonomi.1.2`
    text: Mapped[str] = mapped_column(Text)

    refs: Mapped[list[GoalRefRow]] = relationship(
        cascade="all, delete-orphan", order_by="GoalRefRow.position"
    )
    parent: Mapped[GoalRow | None] = relationship(remote_side=[id])


class GoalRefRow(Base):
    """One reference of a goal or strategy: `AK`, an SDG goal (`11`) or target (`11.3`)."""

    __tablename__ = "goal_refs"

    goal_id: Mapped[int] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(10), index=True)


NATIONAL = text("municipality_number IS NULL")


class AreaRow(Base):
    """An area of the register: a national code (a municipality, former municipality, county,
    the country) shared by every municipality, or a local area (a district) owned by one."""

    __tablename__ = "areas"
    __table_args__ = (
        UniqueConstraint("municipality_number", "code"),
        Index(
            "uq_areas_national_code",
            "code",
            unique=True,
            sqlite_where=NATIONAL,
            postgresql_where=NATIONAL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The owner of a local area; None for a national code.
    municipality_number: Mapped[str | None] = mapped_column(ForeignKey("municipalities.number"))
    code: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))


class MunicipalityAreaRow(Base):
    """An area a municipality shows, under the municipality's own name for it."""

    __tablename__ = "municipality_areas"

    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipalities.number"), primary_key=True
    )
    area_id: Mapped[int] = mapped_column(
        ForeignKey("areas.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(Text)


class IndicatorRow(Base):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    key: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, server_default="0")
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(Text)
    direction: Mapped[str | None] = mapped_column(String(10))
    threshold_operator: Mapped[str | None] = mapped_column(String(10))  # >, >=, <, <=, between
    threshold_value: Mapped[float | None] = mapped_column(Float)
    threshold_unit: Mapped[str | None] = mapped_column(Text)
    threshold_upper: Mapped[float | None] = mapped_column(Float)
    bands: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    target: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    progress_base_year: Mapped[int | None] = mapped_column(Integer)
    progress_limit: Mapped[float | None] = mapped_column(Float)
    scale_min: Mapped[int | None] = mapped_column(Integer)
    scale_max: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    # The shared series whose figures the indicator shows: another organisation's indicator.
    series_owner: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    series_key: Mapped[str | None] = mapped_column(String(200))
    group_method: Mapped[str | None] = mapped_column(String(20))  # weighted, mean

    goals: Mapped[list[IndicatorGoalRow]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorGoalRow.position"
    )


class SourceQueryRow(Base):
    """A saved query (an `sdgplan-ssb-query` file's text) that binds indicators to their
    source, so that `sdgplan fetch` finds it without the file."""

    __tablename__ = "source_queries"
    __table_args__ = (UniqueConstraint("municipality_number", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    saved_by: Mapped[str] = mapped_column(Text)


class IndicatorGoalRow(Base):
    """The goal an indicator measures, by its key; the names are as of the import (GoalRef)."""

    __tablename__ = "indicator_goals"

    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_key: Mapped[str | None] = mapped_column(String(100), index=True)
    focus_area: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)


class GoalStatusRow(Base):
    """A goal whose key figures are under development ("Nøkkeltall under utvikling")."""

    __tablename__ = "goal_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    goal_key: Mapped[str | None] = mapped_column(String(100))
    focus_area: Mapped[str] = mapped_column(Text)
    goal: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30))


class ObservationRow(Base):
    __tablename__ = "observations"
    __table_args__ = (UniqueConstraint("indicator_id", "area_id", "period", "breakdown"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    period: Mapped[str] = mapped_column(String(30))
    # "" when there is no breakdown: NULLs would not be caught by the unique constraint.
    breakdown: Mapped[str] = mapped_column(Text, default="", server_default="")
    value: Mapped[float | None] = mapped_column(Float)
    decimals: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    display: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    indicator: Mapped[IndicatorRow] = relationship()
    area: Mapped[AreaRow] = relationship()


class ReportTableRow(Base):
    __tablename__ = "report_tables"
    __table_args__ = (UniqueConstraint("municipality_number", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    key: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    section: Mapped[str] = mapped_column(Text)
    rows: Mapped[str] = mapped_column(String(20))
    columns: Mapped[str] = mapped_column(String(100))  # comma-separated dimensions
    source: Mapped[str | None] = mapped_column(Text)
    header: Mapped[str | None] = mapped_column(Text)
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)

    indicators: Mapped[list[ReportTableIndicatorRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReportTableIndicatorRow.position"
    )


class ReportTableIndicatorRow(Base):
    __tablename__ = "report_table_indicators"

    table_id: Mapped[int] = mapped_column(
        ForeignKey("report_tables.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))

    indicator: Mapped[IndicatorRow] = relationship()


class ThematicPlanRow(Base):
    __tablename__ = "thematic_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    adopted: Mapped[dt.date | None] = mapped_column(Date)
    planned: Mapped[str | None] = mapped_column(Text)


class NarrativeRow(Base):
    """The Markdown text of one report section (docs/formats.md, narrative files)."""

    __tablename__ = "narratives"
    __table_args__ = (
        UniqueConstraint(
            "municipality_number", "section", "period", name="uq_narratives_section_period"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(ForeignKey("municipalities.number"))
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text)
    # the report it is for: a year, a range of years (a council term) or "" for any
    period: Mapped[str] = mapped_column(String(9), default="", server_default="")
    kind: Mapped[str] = mapped_column(String(20))
    markdown: Mapped[str] = mapped_column(Text)


class ChangeLogRow(Base):
    """One change to the stored data: an import, a replacement or a delete (issue 10)."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    who: Mapped[str] = mapped_column(Text)
    municipality_number: Mapped[str | None] = mapped_column(String(CODE_LENGTH), index=True)
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(Text)
    # none_as_null: "there was none" is SQL NULL, not the JSON value null
    old: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    new: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))
    source: Mapped[str | None] = mapped_column(Text)
    # the editable object the entry belongs to (`observations:KEY`; editing/subjects.py), for
    # its history; and why, where the editor said so
    subject: Mapped[str | None] = mapped_column(String(300), index=True)
    reason: Mapped[str | None] = mapped_column(Text)


class BoundaryRow(Base):
    """A municipality's map: an area's shape by its code, or a named point (issue 11)."""

    __tablename__ = "boundaries"
    __table_args__ = (UniqueConstraint("municipality_number", "kind", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(
        ForeignKey("municipalities.number", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(10))  # "area" or "point"
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(50))  # the area's code
    name: Mapped[str | None] = mapped_column(Text)  # the point's name
    layer: Mapped[str | None] = mapped_column(Text)  # the point's kind of place
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)  # GeoJSON, WGS84 lon/lat


class UserRow(Base):
    """A local account (issue 12): the argon2 hash of its password, never the password."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)  # casefolded: one per name
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    municipality_number: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    focus_areas: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    disabled: Mapped[bool] = mapped_column(Boolean, server_default=false())


class ObjectVersionRow(Base):
    """The version of an editable object (issue 12): raised by every change to it, checked
    by every save (compare and set), so a save based on an older version is refused."""

    __tablename__ = "object_versions"
    __table_args__ = (UniqueConstraint("municipality_number", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(String(CODE_LENGTH))
    subject: Mapped[str] = mapped_column(String(300))
    version: Mapped[int] = mapped_column(Integer)


class DraftRow(Base):
    """A change waiting for an approver: the whole proposed state of one object."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    subject: Mapped[str] = mapped_column(String(300), index=True)
    state: Mapped[Any] = mapped_column(JSON)
    base: Mapped[Any | None] = mapped_column(JSON(none_as_null=True))  # published state then
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))  # open, published, discarded
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """A user's API token: only its SHA-256 is kept (the token is shown once)."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_key: Mapped[str] = mapped_column(String(100), index=True)  # the user's name_key
    label: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(16))  # the token's first characters, to tell it
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttemptRow(Base):
    """A failed sign-in, for the rate limit (per account and per address)."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    name_key: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(64))


class SecretRow(Base):
    """Secrets the application makes itself, such as the key that signs session cookies, so
    every worker of a server shares them."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class GoalVerdictRow(Base):
    """The goal owner's own verdict for a year, with the reason, beside the computed one."""

    __tablename__ = "goal_verdicts"
    __table_args__ = (UniqueConstraint("municipality_number", "goal_key", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(String(CODE_LENGTH))
    goal_key: Mapped[str] = mapped_column(String(100))
    year: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(20))  # an Attainment: good, mixed, poor, ...
    reason: Mapped[str] = mapped_column(Text)


class RoundRow(Base):
    """A reporting round: a year's (or the four-year) report, its deadline and sign-off."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_number: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # annual, four-year
    year: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # open, signed_off
    opened_by: Mapped[str] = mapped_column(Text)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    signed_off_by: Mapped[str | None] = mapped_column(Text)
    signed_off_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    items: Mapped[list[RoundItemRow]] = relationship(
        cascade="all, delete-orphan", order_by="RoundItemRow.position"
    )


class RoundItemRow(Base):
    """What a round expects: an object (`observations:KEY`, `narrative:...`) and its owner."""

    __tablename__ = "round_items"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(300))
    focus_area_key: Mapped[str | None] = mapped_column(String(100))
    owner: Mapped[str | None] = mapped_column(Text)  # a user name


class SnapshotRow(Base):
    """The data of a signed-off round, frozen: the report is rebuilt from it."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)  # 1, then 2 after a correction, ...
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(Text)
    data: Mapped[Any] = mapped_column(JSON)


# The planning cycle's tables live in modules of their own; imported here so that every
# table is in Base.metadata wherever the schema is read.
from sdgplan.store import (  # noqa: E402, F401
    tables_calendar,
    tables_climate,
    tables_consultation,
    tables_method,
    tables_programme,
)
