"""Saving and loading materiality (issue 15): a plan cycle's scoring settings (on its
`method_cycles` row, shared with the method tool) and its scores. The caller owns the
transaction; saving records the change in the change log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.domain.materiality import Aggregation, Materiality, Method, Scale, Score, code_order
from sdgplan.store import change_log
from sdgplan.store.tables_method import MaterialityScoreRow, MethodCycleRow


def find_cycle(session: Session, municipality: str, key: str) -> MethodCycleRow | None:
    return session.scalar(
        select(MethodCycleRow).where(
            MethodCycleRow.municipality_number == municipality, MethodCycleRow.key == key
        )
    )


def cycle_keys(session: Session, municipality: str, *, scored: bool = False) -> list[str]:
    """The municipality's cycles (with `scored`: those that have scores), by key."""
    query = select(MethodCycleRow.key).where(MethodCycleRow.municipality_number == municipality)
    if scored:
        query = query.where(MethodCycleRow.id.in_(select(MaterialityScoreRow.cycle_id).distinct()))
    return sorted(session.scalars(query))


def stored_method(row: MethodCycleRow) -> Method:
    return Method(
        Scale(row.scale_min, row.scale_max), Aggregation(row.aggregation), row.priority_threshold
    )


def load_materiality(session: Session, municipality: str, key: str) -> Materiality | None:
    """The cycle's settings and scores (in SDG order, scorers as stored), or None."""
    row = find_cycle(session, municipality, key)
    if row is None:
        return None
    scores = [
        Score(s.code, s.scorer, s.importance, s.influence)
        for s in session.scalars(
            select(MaterialityScoreRow)
            .where(MaterialityScoreRow.cycle_id == row.id)
            .order_by(MaterialityScoreRow.id)
        )
    ]
    scores.sort(key=lambda s: code_order(s.code))
    return Materiality(
        row.key, row.title, stored_method(row), tuple(scores), row.materiality_illustrative
    )


def save_materiality(
    session: Session,
    municipality: str,
    materiality: Materiality,
    *,
    who: str,
    source: str | None = None,
    replace_scores: bool = True,
    reason: str | None = None,
) -> None:
    """Store the cycle's settings and (with `replace_scores`) replace its scores, creating
    the cycle if it is new (titled by `materiality.title`). An existing cycle keeps its title
    and the method table's own illustrative flag; the scores have theirs. Each change is
    logged."""
    row = find_cycle(session, municipality, materiality.cycle)
    old = _record(load_materiality(session, municipality, materiality.cycle))
    method = materiality.method
    if row is None:
        row = MethodCycleRow(
            municipality_number=municipality,
            key=materiality.cycle,
            title=materiality.title,
            illustrative=False,
        )
        session.add(row)
    row.materiality_illustrative = materiality.illustrative
    row.scale_min, row.scale_max = method.scale.minimum, method.scale.maximum
    row.aggregation = method.aggregation.value
    row.priority_threshold = method.threshold
    session.flush()
    if replace_scores:
        session.execute(delete(MaterialityScoreRow).where(MaterialityScoreRow.cycle_id == row.id))
        session.add_all(
            MaterialityScoreRow(
                cycle_id=row.id,
                code=s.code,
                scorer=s.scorer,
                importance=s.importance,
                influence=s.influence,
            )
            for s in materiality.scores
        )
        session.flush()
    new = _record(load_materiality(session, municipality, materiality.cycle))
    if old != new:
        change_log.record(
            session,
            who=who,
            municipality=municipality,
            action="import",
            entity="materiality",
            key=materiality.cycle,
            old=old,
            new=new,
            source=source,
            reason=reason,
        )


def _record(materiality: Materiality | None) -> dict[str, Any] | None:
    if materiality is None:
        return None
    method = materiality.method
    return {
        "scale": [method.scale.minimum, method.scale.maximum],
        "aggregation": method.aggregation.value,
        "threshold": method.threshold,
        "illustrative": materiality.illustrative,
        "scores": [[s.code, s.scorer, s.importance, s.influence] for s in materiality.scores],
    }


def delete_materiality(session: Session, municipality: str, key: str) -> bool:
    """Delete a cycle's scores (the cycle itself stays: the method tool may use it)."""
    row = find_cycle(session, municipality, key)
    if row is None:
        return False
    session.execute(delete(MaterialityScoreRow).where(MaterialityScoreRow.cycle_id == row.id))
    session.flush()
    return True
