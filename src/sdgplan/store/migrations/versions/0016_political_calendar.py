"""political calendar: milestones from a template, meetings, political activity

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["calendar_milestones", "calendar_templates", "calendar_meetings", "political_activity"]


def upgrade() -> None:
    op.create_table(
        "calendar_templates",
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("programme_years", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_calendar_templates_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("municipality_number", name=op.f("pk_calendar_templates")),
    )
    op.create_table(
        "calendar_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date_rule", sa.String(length=20), nullable=False),
        sa.Column("start_rule", sa.String(length=20), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("produces", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["calendar_templates.municipality_number"],
            name=op.f("fk_calendar_milestones_municipality_number_calendar_templates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_milestones")),
        sa.UniqueConstraint(
            "municipality_number", "key", name=op.f("uq_calendar_milestones_municipality_number")
        ),
        sa.UniqueConstraint(
            "municipality_number", "position", name="uq_calendar_milestones_position"
        ),
    )
    op.create_table(
        "calendar_meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=True),
        sa.Column("end_time", sa.Time(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_calendar_meetings_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_meetings")),
        sa.UniqueConstraint(
            "municipality_number", "key", name=op.f("uq_calendar_meetings_municipality_number")
        ),
    )
    op.create_index(op.f("ix_calendar_meetings_date"), "calendar_meetings", ["date"])
    op.create_table(
        "political_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=True),
        sa.Column("ended", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_political_activity_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_political_activity")),
        sa.UniqueConstraint(
            "municipality_number",
            "year",
            "position",
            name=op.f("uq_political_activity_municipality_number"),
        ),
    )


def downgrade() -> None:
    refuse_data_loss(revision, tables=TABLES)
    op.drop_table("political_activity")
    op.drop_index(op.f("ix_calendar_meetings_date"), table_name="calendar_meetings")
    op.drop_table("calendar_meetings")
    op.drop_table("calendar_milestones")
    op.drop_table("calendar_templates")
