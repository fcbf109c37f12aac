"""What editing on the web stores (issue 12): object versions, drafts, API tokens, failed
sign-ins and the application's own secrets. Nothing here commits or checks permissions."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sdgplan.store.tables import (
    ApiTokenRow,
    DraftRow,
    GoalVerdictRow,
    LoginAttemptRow,
    ObjectVersionRow,
    RoundItemRow,
    RoundRow,
    SecretRow,
    SnapshotRow,
)

_TOUCHED = "sdgplan_touched_subjects"


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite keeps no zone


# -- versions --------------------------------------------------------------------------


def version(session: Session, municipality: str, subject: str) -> int:
    """The object's version: 0 before its first change."""
    found = session.scalar(
        select(ObjectVersionRow.version).where(
            ObjectVersionRow.municipality_number == municipality,
            ObjectVersionRow.subject == subject,
        )
    )
    return found or 0


def compare_and_set(session: Session, municipality: str, subject: str, expected: int) -> bool:
    """Raise the version from `expected` to `expected + 1`; False if it is no longer
    `expected` (another save came first). Atomic on SQLite and PostgreSQL: the UPDATE takes
    the row's lock, and a concurrent first INSERT fails on the unique constraint."""
    touched = _touched(session)
    if expected == 0 and version(session, municipality, subject) == 0:
        try:
            with session.begin_nested():
                session.execute(
                    insert(ObjectVersionRow).values(
                        municipality_number=municipality, subject=subject, version=1
                    )
                )
        except IntegrityError:
            return False
        touched.add((municipality, subject))
        return True
    result = session.execute(
        update(ObjectVersionRow)
        .where(
            ObjectVersionRow.municipality_number == municipality,
            ObjectVersionRow.subject == subject,
            ObjectVersionRow.version == expected,
        )
        .values(version=expected + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    touched.add((municipality, subject))
    return True


def touch(session: Session, municipality: str, subject: str) -> None:
    """Raise the version once per transaction, whatever it is (a change from the CLI)."""
    if (municipality, subject) in _touched(session):
        return
    current = version(session, municipality, subject)
    if not compare_and_set(session, municipality, subject, current):
        touch(session, municipality, subject)


def _touched(session: Session) -> set[tuple[str, str]]:
    """The objects whose version this transaction has raised (once is enough)."""
    transaction = session.get_transaction()
    kept = session.info.get(_TOUCHED)
    if kept is None or kept[0] is not transaction:
        kept = (transaction, set())
        session.info[_TOUCHED] = kept
    touched: set[tuple[str, str]] = kept[1]
    return touched


# -- drafts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    id: int
    municipality: str
    subject: str
    state: Any
    base: Any
    author: str
    created_at: dt.datetime
    updated_at: dt.datetime
    status: str
    reason: str | None
    decided_by: str | None
    decided_at: dt.datetime | None


def _draft(row: DraftRow) -> Draft:
    return Draft(
        id=row.id,
        municipality=row.municipality_number,
        subject=row.subject,
        state=row.state,
        base=row.base,
        author=row.author,
        created_at=_utc(row.created_at),
        updated_at=_utc(row.updated_at),
        status=row.status,
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=_utc(row.decided_at) if row.decided_at else None,
    )


def open_draft(session: Session, municipality: str, subject: str) -> Draft | None:
    row = _open_row(session, municipality, subject)
    return None if row is None else _draft(row)


def _open_row(session: Session, municipality: str, subject: str) -> DraftRow | None:
    return session.scalars(
        select(DraftRow).where(
            DraftRow.municipality_number == municipality,
            DraftRow.subject == subject,
            DraftRow.status == "open",
        )
    ).first()


def open_drafts(session: Session, municipality: str | None = None) -> list[Draft]:
    query = select(DraftRow).where(DraftRow.status == "open").order_by(DraftRow.updated_at)
    if municipality is not None:
        query = query.where(DraftRow.municipality_number == municipality)
    return [_draft(row) for row in session.scalars(query)]


def put_draft(
    session: Session,
    *,
    municipality: str,
    subject: str,
    state: Any,
    base: Any,
    author: str,
    reason: str | None,
) -> Draft:
    """Create the object's open draft, or replace its state (the author becomes `author`,
    and `base`, the published state it was made from, is updated too)."""
    now = dt.datetime.now(dt.UTC)
    row = _open_row(session, municipality, subject)
    if row is None:
        row = DraftRow(
            municipality_number=municipality, subject=subject, created_at=now, status="open"
        )
        session.add(row)
    row.state, row.base, row.author, row.reason, row.updated_at = state, base, author, reason, now
    session.flush()
    return _draft(row)


def close_draft(session: Session, draft_id: int, *, status: str, who: str) -> None:
    session.execute(
        update(DraftRow)
        .where(DraftRow.id == draft_id)
        .values(status=status, decided_by=who, decided_at=dt.datetime.now(dt.UTC))
    )


# -- API tokens ------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    id: int
    user_key: str
    label: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


def _token(row: ApiTokenRow) -> Token:
    return Token(
        id=row.id,
        user_key=row.user_key,
        label=row.label,
        prefix=row.prefix,
        created_at=_utc(row.created_at),
        expires_at=_utc(row.expires_at),
        revoked_at=_utc(row.revoked_at) if row.revoked_at else None,
        last_used_at=_utc(row.last_used_at) if row.last_used_at else None,
    )


def add_token(
    session: Session,
    *,
    user_key: str,
    label: str,
    prefix: str,
    token_hash: str,
    expires_at: dt.datetime,
) -> Token:
    row = ApiTokenRow(
        user_key=user_key,
        label=label,
        prefix=prefix,
        token_hash=token_hash,
        created_at=dt.datetime.now(dt.UTC),
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return _token(row)


def token_by_hash(session: Session, token_hash: str) -> Token | None:
    row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash)).first()
    return None if row is None else _token(row)


def tokens_of(session: Session, user_key: str | None = None) -> list[Token]:
    query = select(ApiTokenRow).order_by(ApiTokenRow.created_at.desc())
    if user_key is not None:
        query = query.where(ApiTokenRow.user_key == user_key)
    return [_token(row) for row in session.scalars(query)]


def revoke_token(session: Session, token_id: int) -> None:
    session.execute(
        update(ApiTokenRow)
        .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
        .values(revoked_at=dt.datetime.now(dt.UTC))
    )


def mark_token_used(session: Session, token_id: int) -> None:
    session.execute(
        update(ApiTokenRow)
        .where(ApiTokenRow.id == token_id)
        .values(last_used_at=dt.datetime.now(dt.UTC))
    )


# -- sign-in attempts and secrets ------------------------------------------------------


def add_failed_login(session: Session, *, name_key: str, address: str) -> None:
    session.add(
        LoginAttemptRow(at=dt.datetime.now(dt.UTC), name_key=name_key, address=address[:64])
    )


def failed_logins(session: Session, *, since: dt.datetime, name_key: str, address: str) -> int:
    """The larger of the failures for this account and for this address since `since`."""
    counts = [
        session.scalar(
            select(func.count(LoginAttemptRow.id)).where(LoginAttemptRow.at >= since, column)
        )
        or 0
        for column in (
            LoginAttemptRow.name_key == name_key,
            LoginAttemptRow.address == address[:64],
        )
    ]
    return max(counts)


def forget_failed_logins(session: Session, *, before: dt.datetime) -> None:
    session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < before))


def secret(session: Session, name: str) -> str:
    """The named secret, made (random, 64 hex digits) and stored on first use."""
    found = session.get(SecretRow, name)
    if found is not None:
        return found.value
    try:
        with session.begin_nested():
            session.add(SecretRow(name=name, value=secrets.token_hex(32)))
    except IntegrityError:  # another worker made it first
        pass
    stored = session.get(SecretRow, name)
    assert stored is not None
    return stored.value


def delete_municipality_editing(session: Session, municipality: str) -> None:
    """Delete the municipality's drafts, versions, goal owners' verdicts and reporting rounds
    with their snapshots (with its data: `sdgplan delete municipality`)."""
    rounds = select(RoundRow.id).where(RoundRow.municipality_number == municipality)
    session.execute(delete(SnapshotRow).where(SnapshotRow.round_id.in_(rounds)))
    session.execute(delete(RoundItemRow).where(RoundItemRow.round_id.in_(rounds)))
    for table in (RoundRow, DraftRow, GoalVerdictRow, ObjectVersionRow):
        session.execute(delete(table).where(table.municipality_number == municipality))
