"""A signed-off round's data, frozen: the municipality's rows of every table the report
reads, dumped as they are (JSON, column by column) and loaded back into a fresh in-memory
database with the current schema, where the ordinary report pipeline runs on them. Rows
keep their ids, so everything ordered by id comes out in the same order.

A later schema loads an older snapshot as long as new columns have defaults; columns and
tables the schema no longer has are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, DateTime, Table, and_, insert, or_, select, text, tuple_
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import indicator_repo
from sdgplan.store.db import HEAD_REVISION, make_engine, session_scope, upgrade
from sdgplan.store.tables import Base, SnapshotRow

FORMAT = 1
# Tables of one municipality's data, each found by its municipality or its parent row.
OWNED_TABLES = (
    "plans",
    "plan_versions",
    "focus_areas",
    "goals",
    "goal_refs",
    "indicators",
    "indicator_goals",
    "goal_statuses",
    "observations",
    "report_tables",
    "report_table_indicators",
    "thematic_plans",
    "narratives",
    "boundaries",
    "goal_verdicts",
    "municipality_areas",
    # the method tool: the reports' SDG parts show its significance, scores and benefits
    "method_cycles",
    "method_rows",
    "materiality_scores",
    "benefit_plans",
    "benefit_areas",
    "benefits",
)
SHARED_TABLES = ("areas",)  # the rows the municipality's rows refer to


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    round_id: int
    version: int
    created_at: dt.datetime
    created_by: str


@dataclass(frozen=True)
class Snapshot(SnapshotInfo):
    data: dict[str, Any]


def take_snapshot(session: Session, municipality: str, *, kind: str, year: int) -> dict[str, Any]:
    """The JSON of everything the report of `kind` and `year` needs, as of now."""
    tables = {
        name: _dump(session, Base.metadata.tables[name], where)
        for name, where in _selection(municipality).items()
    }
    return {
        "format": FORMAT,
        "revision": HEAD_REVISION,
        "municipality": municipality,
        "kind": kind,
        "year": year,
        "generated": dt.date.today().isoformat(),  # the report's date line
        "tables": tables,
    }


def _selection(municipality: str) -> dict[str, ColumnElement[bool]]:
    """Table name -> the condition its rows of the municipality meet."""
    tables = Base.metadata.tables
    found: dict[str, ColumnElement[bool]] = {
        "municipalities": tables["municipalities"].c.number == municipality
    }
    for name in OWNED_TABLES:
        table = tables[name]
        if "municipality_number" in table.c:
            found[name] = table.c.municipality_number == municipality
        else:
            column, parent = next(
                (column, fk.column)
                for column in table.c
                for fk in column.foreign_keys
                if fk.column.table.name in found and fk.column.table is not table
            )
            found[name] = column.in_(select(parent).where(found[parent.table.name]))
        if name == "indicators":
            own_indicators = found[name]
            found = {**found, **_series(municipality, found)}
    # the series' own rows only for the areas shown
    indicators, observations = tables["indicators"], tables["observations"]
    found["observations"] = or_(
        observations.c.indicator_id.in_(select(indicators.c.id).where(own_indicators)),
        found.pop("series_observations"),
    )
    for name in SHARED_TABLES:
        shared = tables[name]
        found[name] = or_(
            *(
                fk.column.in_(select(column).where(found[owned]))
                for owned in OWNED_TABLES
                for column in tables[owned].c
                for fk in column.foreign_keys
                if fk.column.table is shared
            )
        )
    return found


def _series(
    municipality: str, found: dict[str, ColumnElement[bool]]
) -> dict[str, ColumnElement[bool]]:
    """The shared series the municipality's indicators show (another organisation's
    indicators, their owners, and their observations of the areas the municipality shows),
    so that the restored report reads the figures it read when signed off."""
    tables = Base.metadata.tables
    indicators, observations = tables["indicators"], tables["observations"]
    bound = select(indicators.c.series_owner, indicators.c.series_key).where(
        indicators.c.municipality_number == municipality, indicators.c.series_owner.is_not(None)
    )
    series = tuple_(indicators.c.municipality_number, indicators.c.key).in_(bound)
    shown = indicator_repo.shown_areas(municipality)
    return {
        "municipalities": or_(
            found["municipalities"],
            tables["municipalities"].c.number.in_(select(bound.selected_columns[0])),
        ),
        "indicators": or_(found["indicators"], series),
        "series_observations": and_(
            observations.c.indicator_id.in_(select(indicators.c.id).where(series)),
            observations.c.area_id.in_(shown),
        ),
    }


def _dump(session: Session, table: Table, where: ColumnElement[bool]) -> dict[str, Any]:
    columns = [c.name for c in table.c]
    rows = session.execute(select(table).where(where).order_by(*table.primary_key.columns))
    return {"columns": columns, "rows": [[_json(v) for v in row] for row in rows]}


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _python(table: Table, column: str, value: Any) -> Any:
    kind = table.c[column].type
    if value is None:
        return None
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    return value


@contextmanager
def restored(data: dict[str, Any]) -> Iterator[Session]:
    """A session on a fresh in-memory database holding the snapshot's rows."""
    engine = make_engine("sqlite://")
    try:
        upgrade(engine)
        with session_scope(engine) as session:
            session.execute(text("PRAGMA defer_foreign_keys = ON"))  # goals refer to goals
            for table in Base.metadata.sorted_tables:
                dumped = data["tables"].get(table.name)
                if dumped:
                    _load(session, table, dumped)
            yield session
    finally:
        engine.dispose()


def _load(session: Session, table: Table, dumped: dict[str, Any]) -> None:
    known = [(i, name) for i, name in enumerate(dumped["columns"]) if name in table.c]
    rows = [{name: _python(table, name, row[i]) for i, name in known} for row in dumped["rows"]]
    if rows:
        session.execute(insert(table), rows)


def save_snapshot(
    session: Session, round_id: int, *, version: int, data: dict[str, Any], who: str
) -> SnapshotInfo:
    row = SnapshotRow(
        round_id=round_id,
        version=version,
        created_at=dt.datetime.now(dt.UTC),
        created_by=who,
        data=data,
    )
    session.add(row)
    session.flush()
    return _info(row)


def versions(session: Session, round_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(
            select(SnapshotRow.version)
            .where(SnapshotRow.round_id == round_id)
            .order_by(SnapshotRow.version)
        )
    )


def latest(session: Session, round_id: int) -> Snapshot | None:
    found = versions(session, round_id)
    return load_snapshot(session, round_id, found[-1]) if found else None


def load_snapshot(session: Session, round_id: int, version: int | None = None) -> Snapshot:
    """The round's snapshot `version` (default: the newest); NotFound if there is none."""
    query = select(SnapshotRow).where(SnapshotRow.round_id == round_id)
    if version is not None:
        query = query.where(SnapshotRow.version == version)
    row = session.scalars(query.order_by(SnapshotRow.version.desc())).first()
    if row is None:
        if version is None:
            raise NotFound(_("Runde {id} er ikke godkjent ennå").format(id=round_id))
        raise NotFound(
            _("Runde {id} har ikke øyeblikksbilde versjon {version}").format(
                id=round_id, version=version
            )
        )
    info = _info(row)
    return Snapshot(**vars(info), data=row.data)


def _info(row: SnapshotRow) -> SnapshotInfo:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    return SnapshotInfo(row.id, row.round_id, row.version, created, row.created_by)
