"""SDG method tool: method levels per plan cycle, materiality scores, benefit plans

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = [
    "benefits",
    "benefit_areas",
    "benefit_plans",
    "materiality_scores",
    "method_rows",
    "method_cycles",
]


def _cascade(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=op.f(f"fk_{table}_{column}_{parent}"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "method_cycles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("materiality_illustrative", sa.Boolean(), nullable=False),
        sa.Column("scale_min", sa.Float(), nullable=False),
        sa.Column("scale_max", sa.Float(), nullable=False),
        sa.Column("aggregation", sa.String(length=20), nullable=False),
        sa.Column("priority_threshold", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_method_cycles_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_method_cycles")),
        sa.UniqueConstraint(
            "municipality_number", "key", name=op.f("uq_method_cycles_municipality_number")
        ),
    )
    op.create_table(
        "method_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sdg_goal", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=True),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("plan_keys", sa.JSON(), nullable=False),
        _cascade("method_rows", "cycle_id", "method_cycles"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_method_rows")),
        sa.UniqueConstraint("cycle_id", "level", "position", name=op.f("uq_method_rows_cycle_id")),
    )
    op.create_table(
        "materiality_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("scorer", sa.String(length=200), nullable=False),
        sa.Column("importance", sa.Float(), nullable=False),
        sa.Column("influence", sa.Float(), nullable=False),
        _cascade("materiality_scores", "cycle_id", "method_cycles"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_materiality_scores")),
        sa.UniqueConstraint(
            "cycle_id", "code", "scorer", name=op.f("uq_materiality_scores_cycle_id")
        ),
    )
    op.create_table(
        "benefit_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("baseline_year", sa.Integer(), nullable=False),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_benefit_plans_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_plans")),
        sa.UniqueConstraint(
            "municipality_number", "key", name=op.f("uq_benefit_plans_municipality_number")
        ),
    )
    op.create_table(
        "benefit_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        _cascade("benefit_areas", "plan_id", "benefit_plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_areas")),
        sa.UniqueConstraint("plan_id", "key", name=op.f("uq_benefit_areas_plan_id")),
    )
    op.create_table(
        "benefits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("indicator_key", sa.String(length=200), nullable=True),
        sa.Column("expected_value", sa.String(length=40), nullable=True),
        sa.Column("expected_year", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _cascade("benefits", "area_id", "benefit_areas"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefits")),
        sa.UniqueConstraint("area_id", "key", name=op.f("uq_benefits_area_id")),
    )


def downgrade() -> None:
    refuse_data_loss(revision, tables=TABLES)
    for table in TABLES:
        op.drop_table(table)
