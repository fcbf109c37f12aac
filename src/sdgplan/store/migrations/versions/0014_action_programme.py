"""action programme and budget: periods, service areas, frames, measures with amounts per
year, versions and party amendments, investments, staff, financial rules

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 18:40:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "programme_lines",
    "programme_versions",
    "programme_investments",
    "programme_service_areas",
    "programmes",
]


def _child(name: str, *columns: sa.Column[Any]) -> None:
    """A table of a programme's lists, keyed by the programme and a position."""
    op.create_table(
        name,
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f(f"fk_{name}_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("programme_id", "position", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("programme_id", "key", name=op.f(f"uq_{name}_programme_id")),
    )


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=9), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("economy", sa.JSON(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_programmes_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint(
            "municipality_number", "period", name=op.f("uq_programmes_municipality_number")
        ),
    )
    _child(
        "programme_service_areas",
        sa.Column("frames", sa.JSON(), nullable=False),
        sa.Column("staff", sa.JSON(), nullable=False),
        sa.Column("shares", sa.JSON(), nullable=False),
    )
    _child(
        "programme_investments",
        sa.Column("service_area", sa.String(length=100), nullable=True),
        sa.Column("amounts", sa.JSON(), nullable=False),
        sa.Column("financing", sa.JSON(), nullable=False),
    )
    op.create_table(
        "programme_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("party", sa.Text(), nullable=True),
        sa.Column("base", sa.String(length=100), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_versions_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_versions")),
        sa.UniqueConstraint("programme_id", "key", name=op.f("uq_programme_versions_programme_id")),
    )
    op.create_table(
        "programme_lines",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("service_area", sa.String(length=100), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("goals", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("amounts", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["programme_versions.id"],
            name=op.f("fk_programme_lines_version_id_programme_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", "position", name=op.f("pk_programme_lines")),
    )


def downgrade() -> None:
    refuse_data_loss(revision, tables=TABLES)
    for name in TABLES:
        op.drop_table(name)
