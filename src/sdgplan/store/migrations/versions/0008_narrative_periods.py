"""narrative periods: a section may have a text per report period

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:27:20.424014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("period", sa.String(length=9), server_default="", nullable=False)
        )
        batch_op.drop_constraint(batch_op.f("uq_narratives_municipality_number"), type_="unique")
        batch_op.create_unique_constraint(
            "uq_narratives_section_period", ["municipality_number", "section", "period"]
        )


def downgrade() -> None:
    # texts written for a period cannot be told apart without it
    refuse_data_loss(revision, columns={"narratives": {"period": ""}})
    with op.batch_alter_table("narratives", schema=None) as batch_op:
        batch_op.drop_constraint("uq_narratives_section_period", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_narratives_municipality_number"), ["municipality_number", "section"]
        )
        batch_op.drop_column("period")
