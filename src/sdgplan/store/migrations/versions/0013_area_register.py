"""area register and shared series: a local area (a district) belongs to its municipality,
national codes are shared; each municipality keeps its own name for an area it shows; an
indicator may show another organisation's series, and says how a group's value is computed;
saved source queries bind indicators to their source

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 18:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss, refuse_duplicates

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NATIONAL_KINDS = ("municipality", "former_municipality", "county", "country")
NATIONAL = sa.text("municipality_number IS NULL")
SERIES_COLUMNS = {"series_owner": None, "series_key": None, "group_method": None}


def upgrade() -> None:
    with op.batch_alter_table("areas") as batch:
        batch.add_column(sa.Column("municipality_number", sa.String(length=32), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_areas_municipality_number_municipalities"),
            "municipalities",
            ["municipality_number"],
            ["number"],
        )
        batch.drop_constraint(batch.f("uq_areas_code"), type_="unique")
        batch.create_unique_constraint(
            batch.f("uq_areas_municipality_number"), ["municipality_number", "code"]
        )
    _give_local_areas_owners()
    op.create_index(
        "uq_areas_national_code",
        "areas",
        ["code"],
        unique=True,
        sqlite_where=NATIONAL,
        postgresql_where=NATIONAL,
    )
    op.create_table(
        "municipality_areas",
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_municipality_areas_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_municipality_areas_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint(
            "municipality_number", "area_id", name=op.f("pk_municipality_areas")
        ),
    )
    op.execute(
        "INSERT INTO municipality_areas (municipality_number, area_id, name) "
        "SELECT DISTINCT i.municipality_number, a.id, a.name FROM observations o "
        "JOIN indicators i ON o.indicator_id = i.id JOIN areas a ON o.area_id = a.id"
    )
    op.create_table(
        "source_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_number"],
            ["municipalities.number"],
            name=op.f("fk_source_queries_municipality_number_municipalities"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_queries")),
        sa.UniqueConstraint(
            "municipality_number", "name", name=op.f("uq_source_queries_municipality_number")
        ),
    )
    with op.batch_alter_table("indicators") as batch:
        batch.add_column(sa.Column("series_owner", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("series_key", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("group_method", sa.String(length=20), nullable=True))


def _give_local_areas_owners() -> None:
    """Each local area goes to the municipality whose observations use it; where several
    municipalities used the same code, each gets a copy of its own."""
    bind = op.get_bind()
    kinds = ", ".join(f"'{k}'" for k in NATIONAL_KINDS)
    local = bind.execute(
        sa.text(f"SELECT id, code, name, kind FROM areas WHERE kind NOT IN ({kinds})")
    ).all()
    for area_id, code, name, kind in local:
        owners = bind.execute(
            sa.text(
                "SELECT DISTINCT i.municipality_number FROM observations o "
                "JOIN indicators i ON o.indicator_id = i.id WHERE o.area_id = :area "
                "ORDER BY i.municipality_number"
            ),
            {"area": area_id},
        ).scalars()
        first, *others = list(owners) or [None]
        if first is None:
            continue
        bind.execute(
            sa.text("UPDATE areas SET municipality_number = :owner WHERE id = :area"),
            {"owner": first, "area": area_id},
        )
        for owner in others:
            bind.execute(
                sa.text(
                    "INSERT INTO areas (municipality_number, code, name, kind) "
                    "VALUES (:owner, :code, :name, :kind)"
                ),
                {"owner": owner, "code": code, "name": name, "kind": kind},
            )
            copy = bind.execute(
                sa.text("SELECT id FROM areas WHERE municipality_number = :owner AND code = :code"),
                {"owner": owner, "code": code},
            ).scalar_one()
            bind.execute(
                sa.text(
                    "UPDATE observations SET area_id = :copy WHERE area_id = :area AND "
                    "indicator_id IN (SELECT id FROM indicators WHERE municipality_number = :owner)"
                ),
                {"copy": copy, "area": area_id, "owner": owner},
            )


def downgrade() -> None:
    refuse_data_loss(revision, tables=["source_queries"], columns={"indicators": SERIES_COLUMNS})
    refuse_duplicates(revision, "areas", "code")
    with op.batch_alter_table("indicators") as batch:
        for column in SERIES_COLUMNS:
            batch.drop_column(column)
    op.drop_table("source_queries")
    op.drop_table("municipality_areas")
    op.drop_index("uq_areas_national_code", table_name="areas")
    with op.batch_alter_table("areas") as batch:
        batch.drop_constraint(batch.f("uq_areas_municipality_number"), type_="unique")
        batch.drop_constraint(
            batch.f("fk_areas_municipality_number_municipalities"), type_="foreignkey"
        )
        batch.drop_column("municipality_number")
        batch.create_unique_constraint(batch.f("uq_areas_code"), ["code"])
