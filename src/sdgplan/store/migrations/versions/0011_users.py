"""users: local accounts with an argon2 password hash, a role and a scope

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 12:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=True),
        sa.Column("focus_areas", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name_key", name=op.f("uq_users_name_key")),
    )


def downgrade() -> None:
    refuse_data_loss(revision, tables=["users"])
    op.drop_table("users")
