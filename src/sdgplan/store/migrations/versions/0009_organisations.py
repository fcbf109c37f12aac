"""organisations beyond the register

A plan may belong to an organisation the bundled Norwegian register does not have, added
with `sdgplan org add`: a Swedish municipality (`SE-0180`), a county (`NO-32`). Municipality
numbers become codes of up to 32 characters, here and where other tables refer to them, and
`municipalities` gets the organisation's kind and country (defaults: a Norwegian municipality).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 07:48:20.258033
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss, refuse_longer_than

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_LENGTH, NEW_LENGTH = 4, 32
# table -> (code column, nullable); the referred-to column first
CODES = {
    "municipalities": ("number", False),
    "plans": ("municipality_number", False),
    "indicators": ("municipality_number", False),
    "goal_statuses": ("municipality_number", False),
    "report_tables": ("municipality_number", False),
    "thematic_plans": ("municipality_number", False),
    "narratives": ("municipality_number", False),
    "change_log": ("municipality_number", True),
}


def upgrade() -> None:
    for table, (column, nullable) in CODES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=OLD_LENGTH),
                type_=sa.String(length=NEW_LENGTH),
                existing_nullable=nullable,
            )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="municipality", nullable=False)
        )
        batch_op.add_column(
            sa.Column("country", sa.String(length=2), server_default="NO", nullable=False)
        )


def downgrade() -> None:
    refuse_longer_than(
        revision, {table: {column: OLD_LENGTH} for table, (column, _) in CODES.items()}
    )
    refuse_data_loss(
        revision, columns={"municipalities": {"kind": "municipality", "country": "NO"}}
    )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_column("country")
        batch_op.drop_column("kind")
    for table, (column, nullable) in reversed(CODES.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=NEW_LENGTH),
                type_=sa.String(length=OLD_LENGTH),
                existing_nullable=nullable,
            )
