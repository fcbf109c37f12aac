"""Where fetched figures came from (issue 13): the newest `sdgplan fetch` of each indicator,
read from the change log in one query, for the report's "Kilde: SSB tabell 07459, hentet
2026-06-16" lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdgplan.store.tables import ChangeLogRow

if TYPE_CHECKING:
    from sdgplan.fetching import Provenance


def fetched_provenance(session: Session, municipality: str) -> dict[str, Provenance]:
    """Indicator key -> the provenance of the newest fetch that changed one of its
    observations; indicators never fetched are not there."""
    from sdgplan.fetching import ACTION, parse_provenance  # httpx only when needed

    query = (
        select(ChangeLogRow.key, ChangeLogRow.source)
        .where(
            ChangeLogRow.municipality_number == municipality,
            ChangeLogRow.entity == "observation",
            ChangeLogRow.action == ACTION,
        )
        .order_by(ChangeLogRow.at.desc(), ChangeLogRow.id.desc())
    )
    found: dict[str, Provenance] = {}
    for key, source in session.execute(query):
        indicator = key.split("/", 1)[0]  # `indicator/area/period`
        if indicator not in found and (provenance := parse_provenance(source)) is not None:
            found[indicator] = provenance
    return found
