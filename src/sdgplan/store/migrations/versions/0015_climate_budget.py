"""climate budget: emissions by sector and year, reference year and target, ceiling path,
measures with their effects

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["climate_targets", "climate_emissions", "climate_measures"]


def upgrade() -> None:
    op.create_table(
        "climate_targets",
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("reference_year", sa.Integer(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=False),
        sa.Column("reduction_percent", sa.Float(), nullable=False),
        sa.Column("path", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_climate_targets_municipality_number_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_number", name=op.f("pk_climate_targets")),
    )
    op.create_table(
        "climate_emissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("tonnes", sa.Float(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_climate_emissions_municipality_number_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_climate_emissions")),
        sa.UniqueConstraint(
            "municipality_number",
            "year",
            "sector",
            name=op.f("uq_climate_emissions_municipality_number"),
        ),
    )
    op.create_table(
        "climate_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=True),
        sa.Column("effect", sa.Float(), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("illustrative", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_climate_measures_municipality_number_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_climate_measures")),
        sa.UniqueConstraint(
            "municipality_number", "key", name=op.f("uq_climate_measures_municipality_number")
        ),
    )


def downgrade() -> None:
    refuse_data_loss(revision, tables=TABLES)
    for table in reversed(TABLES):
        op.drop_table(table)
