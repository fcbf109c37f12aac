"""free text columns

Every column holding text a person typed (titles, names, units, sections, headers, breakdowns)
becomes `Text`: PostgreSQL refused values longer than `String(n)`, SQLite stored them. Codes,
keys and enumerations keep their `String(n)`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 05:36:17.761227
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_longer_than

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> column -> (old length, nullable)
FREE_TEXT: dict[str, dict[str, tuple[int, bool]]] = {
    "areas": {"name": (200, False)},
    "focus_areas": {"name": (500, False)},
    "goal_statuses": {"focus_area": (500, False)},
    "indicator_goals": {"focus_area": (500, False)},
    "indicators": {"unit": (50, True), "threshold_unit": (50, True)},
    "municipalities": {"name": (200, False)},
    "narratives": {"section": (500, False)},
    "observations": {"breakdown": (200, False)},
    "plans": {"title": (500, False)},
    "report_tables": {"section": (500, False), "header": (200, True)},
    "thematic_plans": {"name": (500, False), "planned": (100, True)},
}
# The unique constraint on observations (with breakdown) stays: PostgreSQL indexes text too.
SERVER_DEFAULTS = {("observations", "breakdown"): ""}


def upgrade() -> None:
    for table, columns in FREE_TEXT.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, (length, nullable) in columns.items():
                batch_op.alter_column(
                    column,
                    existing_type=sa.String(length=length),
                    type_=sa.Text(),
                    existing_nullable=nullable,
                    existing_server_default=SERVER_DEFAULTS.get((table, column)),
                )


def downgrade() -> None:
    refuse_longer_than(
        revision,
        {
            table: {column: length for column, (length, _) in columns.items()}
            for table, columns in FREE_TEXT.items()
        },
    )
    for table, columns in reversed(FREE_TEXT.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, (length, nullable) in reversed(columns.items()):
                batch_op.alter_column(
                    column,
                    existing_type=sa.Text(),
                    type_=sa.String(length=length),
                    existing_nullable=nullable,
                    existing_server_default=SERVER_DEFAULTS.get((table, column)),
                )
