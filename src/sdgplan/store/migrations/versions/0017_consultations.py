"""public consultations: consultations, their submissions, attempts for the rate limit

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ["consultation_submissions", "consultations"]


def upgrade() -> None:
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("document_kind", sa.String(length=20), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=True),
        sa.Column("opens", sa.Date(), nullable=False),
        sa.Column("closes", sa.Date(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_consultations_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint(
            "municipality_number", "key", name=op.f("uq_consultations_municipality_number")
        ),
    )
    op.create_table(
        "consultation_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("organisation", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("concerns", sa.String(length=200), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("moderated_by", sa.String(length=200), nullable=True),
        sa.Column("moderated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_submissions_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_submissions")),
        sa.UniqueConstraint(
            "consultation_id", "number", name=op.f("uq_consultation_submissions_consultation_id")
        ),
    )
    op.create_table(
        "consultation_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_attempts")),
    )
    op.create_index(
        op.f("ix_consultation_attempts_address_hash"), "consultation_attempts", ["address_hash"]
    )
    op.create_index(op.f("ix_consultation_attempts_at"), "consultation_attempts", ["at"])


def downgrade() -> None:
    refuse_data_loss(revision, tables=TABLES)
    op.drop_index(op.f("ix_consultation_attempts_at"), table_name="consultation_attempts")
    op.drop_index(op.f("ix_consultation_attempts_address_hash"), table_name="consultation_attempts")
    op.drop_table("consultation_attempts")
    op.drop_table("consultation_submissions")
    op.drop_table("consultations")
