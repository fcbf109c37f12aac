"""Save and load report narratives. The caller owns the transaction."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdgplan.domain.narrative import Narrative, SectionKind
from sdgplan.domain.plan import Municipality
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables import NarrativeRow


def save_narrative(session: Session, municipality: Municipality, narrative: Narrative) -> None:
    """Store a section's text, replacing the stored text of the same section."""
    ensure_municipality(session, municipality)
    row = session.scalars(
        select(NarrativeRow).where(
            NarrativeRow.municipality_number == municipality.number,
            NarrativeRow.section == narrative.section,
        )
    ).one_or_none()
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
            municipality_number=municipality.number, position=last + 1, section=narrative.section
        )
        session.add(row)
    row.kind, row.markdown = narrative.kind.value, narrative.markdown
    session.flush()


def load_narratives(session: Session, municipality: str) -> list[Narrative]:
    rows = session.scalars(
        select(NarrativeRow)
        .where(NarrativeRow.municipality_number == municipality)
        .order_by(NarrativeRow.position)
    )
    return [Narrative(r.section, SectionKind(r.kind), r.markdown) for r in rows]


def delete_narrative(session: Session, municipality: str, section: str) -> Narrative | None:
    """Delete a section's text; returns what was stored, or None if there was none."""
    row = session.scalars(
        select(NarrativeRow).where(
            NarrativeRow.municipality_number == municipality, NarrativeRow.section == section
        )
    ).one_or_none()
    if row is None:
        return None
    session.delete(row)
    session.flush()
    return Narrative(row.section, SectionKind(row.kind), row.markdown)
