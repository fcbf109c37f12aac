"""Saving and loading the method table (store/tables_method.py: `method_cycles`,
`method_rows`). The caller owns the transaction; saving and deleting are logged (entity
`method`, the cycle's key, the municipality). Materiality
scores belong to the same cycle but are another module's (store/materiality_repo.py):
saving leaves them alone, deleting a cycle deletes them with it."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.domain.method import (
    LEVEL_FIELDS,
    Aggregation,
    MethodCycle,
    MethodRow,
    MethodTable,
    table_data,
)
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import change_log
from sdgplan.store.tables_method import MaterialityScoreRow, MethodCycleRow, MethodRowRow

ENTITY = "method"


def list_cycles(session: Session, municipality: str) -> list[MethodCycle]:
    """The municipality's stored cycles, by key."""
    rows = session.scalars(
        select(MethodCycleRow)
        .where(MethodCycleRow.municipality_number == municipality)
        .order_by(MethodCycleRow.key)
    )
    return [_cycle(r) for r in rows]


def find_method(session: Session, municipality: str, cycle: str) -> MethodTable | None:
    found = _cycle_row(session, municipality, cycle)
    if found is None:
        return None
    rows = session.scalars(
        select(MethodRowRow)
        .where(MethodRowRow.cycle_id == found.id)
        .order_by(MethodRowRow.level, MethodRowRow.position)
    )
    return MethodTable(municipality, _cycle(found), tuple(_row(r) for r in rows))


def load_method(session: Session, municipality: str, cycle: str) -> MethodTable:
    """The stored table of `cycle`; NotFound naming the cycles there are."""
    found = find_method(session, municipality, cycle)
    if found is None:
        stored = ", ".join(c.key for c in list_cycles(session, municipality)) or _("ingen")
        raise NotFound(
            _("Fant ikke metodetabellen {cycle} for {municipality}").format(
                cycle=cycle, municipality=municipality
            ),
            hint=_("Lagrede sykluser: {cycles}").format(cycles=stored),
        )
    return found


def save_method(
    session: Session,
    table: MethodTable,
    *,
    who: str,
    source: str | None = None,
    reason: str | None = None,
) -> bool:
    """Store the table: the cycle's settings, and its rows in place of the stored ones (its
    materiality scores stay). The municipality must be stored. Returns False when the
    stored table was the same (nothing written, nothing logged)."""
    old = find_method(session, table.municipality, table.cycle.key)
    if old == table:
        return False
    row = _cycle_row(session, table.municipality, table.cycle.key)
    if row is None:
        row = MethodCycleRow(
            municipality_number=table.municipality,
            key=table.cycle.key,
            materiality_illustrative=False,
        )
        session.add(row)
    cycle = table.cycle
    row.title = cycle.title
    row.illustrative = cycle.illustrative
    row.scale_min, row.scale_max = cycle.scale_min, cycle.scale_max
    row.aggregation = cycle.aggregation.value
    row.priority_threshold = cycle.priority_threshold
    session.flush()
    session.execute(delete(MethodRowRow).where(MethodRowRow.cycle_id == row.id))
    positions: dict[int, int] = {}
    for method_row in table.rows:
        position = positions[method_row.level] = positions.get(method_row.level, -1) + 1
        session.add(_row_of(row.id, position, method_row))
    session.flush()
    change_log.record(
        session,
        who=who,
        municipality=table.municipality,
        action="replace" if old else "import",
        entity=ENTITY,
        key=table.cycle.key,
        old=table_data(old) if old else None,
        new=table_data(table),
        source=source,
        reason=reason,
    )
    return True


def delete_method(session: Session, municipality: str, cycle: str, *, who: str) -> bool:
    """Delete a cycle with its rows and its materiality scores; logged. False if there was
    none."""
    old = find_method(session, municipality, cycle)
    row = _cycle_row(session, municipality, cycle)
    if old is None or row is None:
        return False
    # the foreign keys cascade too; deleted here so that it holds whatever the connection
    session.execute(delete(MaterialityScoreRow).where(MaterialityScoreRow.cycle_id == row.id))
    session.execute(delete(MethodRowRow).where(MethodRowRow.cycle_id == row.id))
    session.delete(row)
    session.flush()
    change_log.record(
        session,
        who=who,
        municipality=municipality,
        action="delete",
        entity=ENTITY,
        key=cycle,
        old=table_data(old),
    )
    return True


def delete_municipality_methods(session: Session, municipality: str, *, who: str) -> int:
    """Delete every cycle of the municipality (before the municipality itself); returns how
    many there were."""
    cycles = list_cycles(session, municipality)
    for cycle in cycles:
        delete_method(session, municipality, cycle.key, who=who)
    return len(cycles)


def _cycle_row(session: Session, municipality: str, cycle: str) -> MethodCycleRow | None:
    return session.scalars(
        select(MethodCycleRow).where(
            MethodCycleRow.municipality_number == municipality, MethodCycleRow.key == cycle
        )
    ).one_or_none()


def _cycle(row: MethodCycleRow) -> MethodCycle:
    return MethodCycle(
        key=row.key,
        title=row.title,
        illustrative=row.illustrative,
        scale_min=row.scale_min,
        scale_max=row.scale_max,
        aggregation=Aggregation(row.aggregation),
        priority_threshold=row.priority_threshold,
    )


def _row_of(cycle_id: int, position: int, row: MethodRow) -> MethodRowRow:
    texts: dict[str, object] = dict(row.texts)
    if row.level == 1:
        texts["targets"] = list(row.targets)
    return MethodRowRow(
        cycle_id=cycle_id,
        level=row.level,
        position=position,
        sdg_goal=row.sdg_goal,
        target=row.target,
        texts=texts,
        plan_keys=list(row.plan_keys),
    )


def _row(row: MethodRowRow) -> MethodRow:
    fields = LEVEL_FIELDS.get(row.level, ())
    return MethodRow(
        level=row.level,
        sdg_goal=row.sdg_goal,
        target=row.target,
        texts={name: str(row.texts[name]) for name in fields if row.texts.get(name)},
        targets=tuple(row.texts.get("targets") or ()),
        plan_keys=tuple(row.plan_keys or ()),
    )
