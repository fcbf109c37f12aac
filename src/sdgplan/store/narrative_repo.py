"""Save and load report narratives. The caller owns the transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdgplan.domain.narrative import Narrative, SectionKind
from sdgplan.domain.plan import Municipality
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables import NarrativeRow


def save_narrative(session: Session, municipality: Municipality, narrative: Narrative) -> None:
    """Store a section's text for its period, replacing the stored text of the same section
    and period; a section keeps its place among the others whatever the period."""
    ensure_municipality(session, municipality)
    rows = session.scalars(
        select(NarrativeRow).where(
            NarrativeRow.municipality_number == municipality.number,
            NarrativeRow.section == narrative.section,
        )
    ).all()
    row = next((r for r in rows if r.period == narrative.period), None)
    if row is None:
        last = (
            session.scalar(
                select(func.max(NarrativeRow.position)).where(
                    NarrativeRow.municipality_number == municipality.number
                )
            )
            or 0
        )
        row = NarrativeRow(
            municipality_number=municipality.number,
            position=rows[0].position if rows else last + 1,
            section=narrative.section,
            period=narrative.period,
        )
        session.add(row)
    row.kind, row.markdown = narrative.kind.value, narrative.markdown
    session.flush()


def load_narratives(session: Session, municipality: str) -> list[Narrative]:
    rows = session.scalars(
        select(NarrativeRow)
        .where(NarrativeRow.municipality_number == municipality)
        .order_by(NarrativeRow.position, NarrativeRow.period)
    )
    return [Narrative(r.section, SectionKind(r.kind), r.markdown, r.period) for r in rows]


def delete_narrative(session: Session, municipality: str, section: str) -> list[Narrative]:
    """Delete a section's texts, of every period; returns what was stored."""
    rows = session.scalars(
        select(NarrativeRow).where(
            NarrativeRow.municipality_number == municipality, NarrativeRow.section == section
        )
    ).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return [Narrative(r.section, SectionKind(r.kind), r.markdown, r.period) for r in rows]
