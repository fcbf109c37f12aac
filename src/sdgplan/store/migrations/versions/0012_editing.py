"""editing: object versions, drafts, API tokens, sign-in attempts, secrets, goal owners'
verdicts, reporting rounds with snapshots; the change log gets a subject and a reason and
becomes append-only (a trigger refuses UPDATE and DELETE); a threshold's operator gets room
for "between" (a band, "10-20 %"), which PostgreSQL refused in two characters

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 14:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.store.db import refuse_data_loss, refuse_longer_than

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# object versions, sign-in attempts and the session key can go: they hold no one's data
TABLES = [
    "snapshots",
    "round_items",
    "rounds",
    "goal_verdicts",
    "secrets",
    "login_attempts",
    "api_tokens",
    "drafts",
    "object_versions",
]
APPEND_ONLY = "the change log is append-only"
SQLITE_TRIGGERS = {
    "change_log_no_update": "UPDATE",
    "change_log_no_delete": "DELETE",
}


def upgrade() -> None:
    op.add_column("change_log", sa.Column("subject", sa.String(length=300), nullable=True))
    op.add_column("change_log", sa.Column("reason", sa.Text(), nullable=True))
    op.create_index(op.f("ix_change_log_subject"), "change_log", ["subject"])
    op.create_table(
        "object_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_object_versions")),
        sa.UniqueConstraint(
            "municipality_number", "subject", name=op.f("uq_object_versions_municipality_number")
        ),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("base", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
    )
    op.create_index(op.f("ix_drafts_municipality_number"), "drafts", ["municipality_number"])
    op.create_index(op.f("ix_drafts_subject"), "drafts", ["subject"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_key", sa.String(length=100), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_user_key"), "api_tokens", ["user_key"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(op.f("ix_login_attempts_at"), "login_attempts", ["at"])
    op.create_table(
        "secrets",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_secrets")),
    )
    op.create_table(
        "goal_verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("goal_key", sa.String(length=100), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_verdicts")),
        sa.UniqueConstraint(
            "municipality_number",
            "goal_key",
            "year",
            name=op.f("uq_goal_verdicts_municipality_number"),
        ),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("opened_by", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_off_by", sa.Text(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
    )
    op.create_index(op.f("ix_rounds_municipality_number"), "rounds", ["municipality_number"])
    op.create_table(
        "round_items",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("focus_area_key", sa.String(length=100), nullable=True),
        sa.Column("owner", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_round_items_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "position", name=op.f("pk_round_items")),
    )
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_snapshots_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
    )
    _append_only(True)
    with op.batch_alter_table("indicators") as batch:
        batch.alter_column(
            "threshold_operator", existing_type=sa.String(length=2), type_=sa.String(length=10)
        )


def downgrade() -> None:
    refuse_data_loss(
        revision,
        tables=[t for t in TABLES if t not in ("object_versions", "login_attempts", "secrets")],
        columns={"change_log": {"reason": None}},  # the subject follows from entity and key
    )
    refuse_longer_than(revision, {"indicators": {"threshold_operator": 2}})
    _append_only(False)
    with op.batch_alter_table("indicators") as batch:
        batch.alter_column(
            "threshold_operator", existing_type=sa.String(length=10), type_=sa.String(length=2)
        )
    for table in TABLES:
        op.drop_table(table)
    with op.batch_alter_table("change_log") as batch:
        batch.drop_index(batch.f("ix_change_log_subject"))
        batch.drop_column("reason")
        batch.drop_column("subject")


def _append_only(on: bool) -> None:
    """Triggers that refuse to change or delete an entry of the change log."""
    if op.get_bind().dialect.name == "postgresql":
        if on:
            op.execute(
                "CREATE FUNCTION change_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
            )
            op.execute(
                "CREATE TRIGGER change_log_append_only BEFORE UPDATE OR DELETE ON change_log "
                "FOR EACH ROW EXECUTE FUNCTION change_log_append_only()"
            )
        else:
            op.execute("DROP TRIGGER IF EXISTS change_log_append_only ON change_log")
            op.execute("DROP FUNCTION IF EXISTS change_log_append_only()")
        return
    for name, event in SQLITE_TRIGGERS.items():
        if on:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON change_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
