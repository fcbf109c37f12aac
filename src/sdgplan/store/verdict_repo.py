"""The goal owners' own verdicts (issue 12): one per goal and year, with the reason, kept
beside the computed attainment. The caller owns the transaction: nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.store.tables import GoalVerdictRow


@dataclass(frozen=True)
class GoalVerdict:
    """`verdict` is an attainment's value (`good`, `mixed`, `poor`, `not_assessed`)."""

    goal_key: str
    year: int
    verdict: str
    reason: str


def load_verdicts(
    session: Session, municipality: str, *, year: int | None = None
) -> list[GoalVerdict]:
    """The municipality's verdicts (of one year, if given), by goal key and year."""
    query = (
        select(GoalVerdictRow)
        .where(GoalVerdictRow.municipality_number == municipality)
        .order_by(GoalVerdictRow.goal_key, GoalVerdictRow.year)
    )
    if year is not None:
        query = query.where(GoalVerdictRow.year == year)
    return [_verdict(row) for row in session.scalars(query)]


def load_verdict(
    session: Session, municipality: str, goal_key: str, year: int
) -> GoalVerdict | None:
    row = _row(session, municipality, goal_key, year)
    return None if row is None else _verdict(row)


def save_verdict(session: Session, municipality: str, verdict: GoalVerdict) -> None:
    """Store the verdict, replacing the one of the same goal and year."""
    row = _row(session, municipality, verdict.goal_key, verdict.year)
    if row is None:
        row = GoalVerdictRow(
            municipality_number=municipality, goal_key=verdict.goal_key, year=verdict.year
        )
        session.add(row)
    row.verdict, row.reason = verdict.verdict, verdict.reason
    session.flush()


def delete_verdict(session: Session, municipality: str, goal_key: str, year: int) -> bool:
    """Delete the verdict of the goal and year; whether there was one."""
    result = session.execute(
        delete(GoalVerdictRow).where(
            GoalVerdictRow.municipality_number == municipality,
            GoalVerdictRow.goal_key == goal_key,
            GoalVerdictRow.year == year,
        )
    )
    session.flush()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _row(session: Session, municipality: str, goal_key: str, year: int) -> GoalVerdictRow | None:
    return session.scalars(
        select(GoalVerdictRow).where(
            GoalVerdictRow.municipality_number == municipality,
            GoalVerdictRow.goal_key == goal_key,
            GoalVerdictRow.year == year,
        )
    ).one_or_none()


def _verdict(row: GoalVerdictRow) -> GoalVerdict:
    return GoalVerdict(row.goal_key, row.year, row.verdict, row.reason)
