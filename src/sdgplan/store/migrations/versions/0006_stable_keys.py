"""stable keys for focus areas, goals and strategies; indicators and goal statuses by key

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 05:58:04.152027

Stored plans get keys by position (`okonomi`, `okonomi.0`, `okonomi.1`, `okonomi.1.2`), the
same rule sdgplan uses for a plan imported without keys and without an earlier version.
Indicators and goal statuses get the key of the goal they named by focus area and text, in
the adopted version if there is one; a reference whose goal is gone keeps no key.
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sdgplan.errors import Conflict
from sdgplan.store.db import display_url

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def upgrade() -> None:
    with op.batch_alter_table("focus_areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint("uq_focus_areas_version_id_key", ["version_id", "key"])
    with op.batch_alter_table("goal_statuses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_key", sa.String(length=100), nullable=True))
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint("uq_goals_focus_area_id_key", ["focus_area_id", "key"])
    with op.batch_alter_table("indicator_goals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal_key", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_indicator_goals_goal_key"), ["goal_key"], unique=False)
    _fill_keys(op.get_bind())


def downgrade() -> None:
    _refuse_keys_that_cannot_be_remade(op.get_bind())
    with op.batch_alter_table("indicator_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_goals_goal_key"))
        batch_op.drop_column("goal_key")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_constraint("uq_goals_focus_area_id_key", type_="unique")
        batch_op.drop_column("key")
    with op.batch_alter_table("goal_statuses", schema=None) as batch_op:
        batch_op.drop_column("goal_key")
    with op.batch_alter_table("focus_areas", schema=None) as batch_op:
        batch_op.drop_constraint("uq_focus_areas_version_id_key", type_="unique")
        batch_op.drop_column("key")


_AREAS = sa.table(
    "focus_areas",
    sa.column("id"),
    sa.column("version_id"),
    sa.column("position"),
    sa.column("name"),
    sa.column("key"),
)
_GOALS = sa.table(
    "goals",
    sa.column("id"),
    sa.column("focus_area_id"),
    sa.column("parent_id"),
    sa.column("level"),
    sa.column("position"),
    sa.column("key"),
)
_REFERENCES = {
    "indicator_goals": ("indicator_id", "position"),
    "goal_statuses": ("id",),
}


def _fill_keys(bind: sa.Connection) -> None:
    for (table_name, row_id), key in _keys_by_position(bind).items():
        target = _AREAS if table_name == "focus_areas" else _GOALS
        bind.execute(sa.update(target).where(target.c.id == row_id).values(key=key))
    for (name, _), (row_key, goal_key) in _reference_keys(bind).items():
        table = _reference_table(name)
        condition = sa.and_(*(table.c[c] == v for c, v in row_key))
        bind.execute(sa.update(table).where(condition).values(goal_key=goal_key))


def _refuse_keys_that_cannot_be_remade(bind: sa.Connection) -> None:
    """Downgrading drops the keys; allowed only when upgrading again gives the same ones."""
    changed: dict[str, int] = {}
    remade = _keys_by_position(bind)
    for table in (_AREAS, _GOALS):
        for row_id, key in bind.execute(sa.select(table.c.id, table.c.key)):
            if key is not None and remade.get((table.name, row_id)) != key:
                changed[f"{table.name}.key"] = changed.get(f"{table.name}.key", 0) + 1
    remade_references = _reference_keys(bind)
    for name in _REFERENCES:
        table = _reference_table(name)
        for row in bind.execute(sa.select(table)).mappings():
            row_key = tuple((c, row[c]) for c in _REFERENCES[name])
            again = remade_references.get((name, row_key), (None, None))[1]
            if row["goal_key"] is not None and again != row["goal_key"]:
                changed[f"{name}.goal_key"] = changed.get(f"{name}.goal_key", 0) + 1
    if changed:
        found = ", ".join(f"{what} ({count} rader / rows)" for what, count in changed.items())
        raise Conflict(
            f"{display_url(bind.engine.url)}: nedgradering under {revision} ville miste "
            f"nøkler som ikke kan lages på nytt / downgrading below {revision} would lose keys "
            f"that cannot be made again: {found}; ingenting er endret / nothing was changed"
        )


def _keys_by_position(bind: sa.Connection) -> dict[tuple[str, int], str]:
    """(table, row id) -> the key the position rule gives each focus area and goal."""
    keys: dict[tuple[str, int], str] = {}
    taken: dict[int, set[str]] = {}
    areas = bind.execute(sa.select(_AREAS).order_by(_AREAS.c.version_id, _AREAS.c.position))
    for area in areas.mappings().all():
        area_key = _slug(area["name"], taken.setdefault(area["version_id"], set()))
        keys[("focus_areas", area["id"])] = area_key
        goals = bind.execute(
            sa.select(_GOALS)
            .where(_GOALS.c.focus_area_id == area["id"])
            .order_by(_GOALS.c.position)
        )
        counts: dict[int, int] = {}
        sub_goals = 0
        for goal in goals.mappings().all():
            if goal["level"] == "main_goal":
                key = f"{area_key}.0"
            elif goal["level"] == "goal":
                sub_goals += 1
                key = f"{area_key}.{sub_goals}"
            else:
                parent = goal["parent_id"]
                counts[parent] = counts.get(parent, 0) + 1
                key = f"{keys[('goals', parent)]}.{counts[parent]}"
            keys[("goals", goal["id"])] = key
    return keys


def _reference_keys(
    bind: sa.Connection,
) -> dict[tuple[str, tuple[tuple[str, object], ...]], tuple[tuple[tuple[str, object], ...], str]]:
    """For each row naming a goal by focus area and text: the key of that goal, by the
    position rule, in the adopted version if there is one."""
    by_text = _goal_keys_by_text(bind, _keys_by_position(bind))
    result = {}
    for name, columns in _REFERENCES.items():
        table = _reference_table(name)
        for row in bind.execute(sa.select(table)).mappings().all():
            key = by_text.get((row["focus_area"], row["goal"]))
            if key is not None:
                row_key = tuple((c, row[c]) for c in columns)
                result[(name, row_key)] = (row_key, key)
    return result


def _reference_table(name: str) -> sa.TableClause:
    names = [*_REFERENCES[name], "focus_area", "goal", "goal_key"]
    return sa.table(name, *(sa.column(c) for c in names))


def _goal_keys_by_text(
    bind: sa.Connection, keys: dict[tuple[str, int], str]
) -> dict[tuple[str, str], str]:
    """(focus area name, goal text) -> key; the adopted version wins over the proposal."""
    query = sa.text(
        "SELECT a.name, g.text, g.id FROM goals g "
        "JOIN focus_areas a ON g.focus_area_id = a.id "
        "JOIN plan_versions v ON a.version_id = v.id "
        "WHERE g.level <> 'strategy' ORDER BY v.kind DESC"
    )
    return {(name, text): keys[("goals", goal_id)] for name, text, goal_id in bind.execute(query)}


def _slug(name: str, taken: set[str]) -> str:
    """A frozen copy of sdgplan.domain.plan_keys.fresh_slug as of this migration."""
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS).lower())
    words = re.findall(r"[a-z0-9]+", text.encode("ascii", "ignore").decode("ascii"))
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > 40:
            break
        slug = f"{slug}-{word}" if slug else word[:40]
    slug = slug or "omrade"
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate
