"""The source queries saved per municipality: the text of each `sdgplan-ssb-query` file that
`sdgplan fetch` runs when no file is given (docs/sources.md, "sdgplan fetch"). Nothing here
commits; the caller owns the transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store.tables import SourceQueryRow


@dataclass(frozen=True)
class StoredQuery:
    name: str
    text: str
    saved_at: dt.datetime
    saved_by: str


def save_query(
    session: Session, municipality: str, *, name: str, text: str, saved_by: str
) -> StoredQuery | None:
    """Store the query `name` of the municipality, replacing one of the same name; returns
    what was stored before (None if nothing was)."""
    row = _row(session, municipality, name)
    old = _stored(row) if row is not None else None
    if row is None:
        row = SourceQueryRow(municipality_number=municipality, name=name)
        session.add(row)
    row.text, row.saved_at, row.saved_by = text, dt.datetime.now(dt.UTC), saved_by
    session.flush()
    return old


def list_queries(session: Session, municipality: str) -> list[StoredQuery]:
    """The municipality's queries by name."""
    rows = session.scalars(
        select(SourceQueryRow)
        .where(SourceQueryRow.municipality_number == municipality)
        .order_by(SourceQueryRow.name)
    )
    return [_stored(row) for row in rows]


def get_query(session: Session, municipality: str, name: str) -> StoredQuery | None:
    row = _row(session, municipality, name)
    return _stored(row) if row is not None else None


def delete_query(session: Session, municipality: str, name: str) -> StoredQuery:
    """Delete the query `name`; returns it. NotFound, listing the stored names, if absent."""
    row = _row(session, municipality, name)
    if row is None:
        names = [q.name for q in list_queries(session, municipality)]
        raise NotFound(
            _("Ingen lagret spørring heter «{name}» ({municipality})").format(
                name=name, municipality=municipality
            ),
            hint=_("Lagrede spørringer: {names}").format(names=", ".join(names))
            if names
            else _("Ingen spørringer er lagret."),
        )
    stored = _stored(row)
    session.delete(row)
    session.flush()
    return stored


def delete_municipality_queries(session: Session, municipality: str) -> int:
    """Delete every query of the municipality (before the municipality itself); returns how
    many there were."""
    result = session.execute(
        delete(SourceQueryRow).where(SourceQueryRow.municipality_number == municipality)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def _row(session: Session, municipality: str, name: str) -> SourceQueryRow | None:
    return session.scalar(
        select(SourceQueryRow).where(
            SourceQueryRow.municipality_number == municipality, SourceQueryRow.name == name
        )
    )


def _stored(row: SourceQueryRow) -> StoredQuery:
    return StoredQuery(row.name, row.text, row.saved_at, row.saved_by)
