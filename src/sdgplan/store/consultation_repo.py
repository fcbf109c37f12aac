"""Consultations and their submissions in the store. Every write is logged in the same
session (a submission without its text or its sender: the log is no copy of personal data);
the caller owns the transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sdgplan.domain.consultation import Consultation, DocumentKind, Status, Submission
from sdgplan.domain.plan import Municipality
from sdgplan.store import change_log, edit_repo
from sdgplan.store.plan_repo import ensure_municipality
from sdgplan.store.tables_consultation import (
    ConsultationRow,
    SubmissionAttemptRow,
    SubmissionRow,
)

ATTEMPTS_KEPT = dt.timedelta(minutes=10)


def _consultation(row: ConsultationRow) -> Consultation:
    return Consultation(
        key=row.key,
        title=row.title,
        document_kind=DocumentKind(row.document_kind),
        document=row.document,
        opens=row.opens,
        closes=row.closes,
        timezone=row.timezone,
        description=row.description,
    )


def _record(consultation: Consultation) -> dict[str, Any]:
    return {
        "title": consultation.title,
        "document_kind": consultation.document_kind.value,
        "document": consultation.document,
        "opens": consultation.opens.isoformat(),
        "closes": consultation.closes.isoformat(),
        "timezone": consultation.timezone,
        "description": consultation.description,
    }


def _row(session: Session, municipality: str, key: str) -> ConsultationRow | None:
    return session.scalar(
        select(ConsultationRow).where(
            ConsultationRow.municipality_number == municipality, ConsultationRow.key == key
        )
    )


def load_consultations(session: Session, municipality: str) -> list[Consultation]:
    """The municipality's consultations, the latest to open first."""
    query = (
        select(ConsultationRow)
        .where(ConsultationRow.municipality_number == municipality)
        .order_by(ConsultationRow.opens.desc(), ConsultationRow.key)
    )
    return [_consultation(row) for row in session.scalars(query)]


def load_consultation(session: Session, municipality: str, key: str) -> Consultation | None:
    row = _row(session, municipality, key)
    return _consultation(row) if row is not None else None


def save_consultation(
    session: Session, municipality: Municipality, consultation: Consultation, *, who: str
) -> bool:
    """Add or replace the consultation of that key; whether it changed (logged)."""
    ensure_municipality(session, municipality)
    row = _row(session, municipality.number, consultation.key)
    old = _record(_consultation(row)) if row is not None else None
    new = _record(consultation)
    if old == new:
        return False
    if row is None:
        row = ConsultationRow(municipality_number=municipality.number, key=consultation.key)
        session.add(row)
    row.title, row.document_kind = consultation.title, consultation.document_kind.value
    row.document, row.description = consultation.document, consultation.description
    row.opens, row.closes, row.timezone = (
        consultation.opens,
        consultation.closes,
        consultation.timezone,
    )
    change_log.record(
        session,
        who=who,
        municipality=municipality.number,
        action="open" if old is None else "update",
        entity="consultation",
        key=consultation.key,
        old=old,
        new=new,
    )
    session.flush()
    return True


def _utc(value: dt.datetime) -> dt.datetime:
    """Stored in UTC: SQLite keeps no zone, so what it gives back is UTC without one."""
    return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _submission(row: SubmissionRow) -> Submission:
    return Submission(
        number=row.number,
        submitted_at=_utc(row.submitted_at),
        text=row.text,
        consent=row.consent,
        name=row.name,
        organisation=row.organisation,
        concerns=row.concerns,
        status=Status(row.status),
        moderated_by=row.moderated_by,
        moderated_at=_utc(row.moderated_at) if row.moderated_at else None,
    )


def _id(session: Session, municipality: str, key: str) -> int:
    row = _row(session, municipality, key)
    if row is None:
        raise KeyError(key)
    return row.id


def load_submissions(
    session: Session, municipality: str, key: str, *, public_only: bool = False
) -> list[Submission]:
    """The consultation's submissions in the order they came (only the published ones with
    consent when `public_only`)."""
    query = select(SubmissionRow).where(
        SubmissionRow.consultation_id == _id(session, municipality, key)
    )
    if public_only:
        query = query.where(
            SubmissionRow.consent.is_(True), SubmissionRow.status == Status.PUBLISHED.value
        )
    return [_submission(row) for row in session.scalars(query.order_by(SubmissionRow.number))]


def add_submission(
    session: Session, municipality: str, key: str, submission: Submission
) -> Submission:
    """Store `submission` as the consultation's next number; the stored one."""
    consultation_id = _id(session, municipality, key)
    last = session.scalar(
        select(func.max(SubmissionRow.number)).where(
            SubmissionRow.consultation_id == consultation_id
        )
    )
    number = (last or 0) + 1
    session.add(
        SubmissionRow(
            consultation_id=consultation_id,
            number=number,
            submitted_at=_utc(submission.submitted_at),
            name=submission.name,
            organisation=submission.organisation,
            text=submission.text,
            concerns=submission.concerns,
            consent=submission.consent,
            status=submission.status.value,
        )
    )
    change_log.record(
        session,
        who="public",
        municipality=municipality,
        action="submit",
        entity="consultation_submission",
        key=f"{key}/{number}",
        new={"consent": submission.consent, "status": submission.status.value},
    )
    session.flush()
    return Submission(**{**submission.__dict__, "number": number})


def set_status(
    session: Session,
    municipality: str,
    key: str,
    number: int,
    status: Status,
    *,
    who: str,
    at: dt.datetime,
) -> Submission | None:
    """Moderate submission `number`; the submission as it was (None: no such number)."""
    row = session.scalar(
        select(SubmissionRow).where(
            SubmissionRow.consultation_id == _id(session, municipality, key),
            SubmissionRow.number == number,
        )
    )
    if row is None:
        return None
    before = _submission(row)
    if before.status is status:
        return before
    row.status, row.moderated_by, row.moderated_at = status.value, who, _utc(at)
    change_log.record(
        session,
        who=who,
        municipality=municipality,
        action="moderate",
        entity="consultation_submission",
        key=f"{key}/{number}",
        old={"status": before.status.value},
        new={"status": status.value},
    )
    session.flush()
    return before


def address_hash(session: Session, address: str) -> str:
    """The address keyed by the database's own secret: counts attempts, names no one."""
    key = edit_repo.secret(session, "consultation-addresses").encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def count_attempts(session: Session, address_hash: str, *, since: dt.datetime) -> int:
    found = session.scalar(
        select(func.count(SubmissionAttemptRow.id)).where(
            SubmissionAttemptRow.address_hash == address_hash,
            SubmissionAttemptRow.at >= _utc(since),
        )
    )
    return found or 0


def add_attempt(session: Session, address_hash: str, *, at: dt.datetime) -> None:
    at = _utc(at)
    session.execute(
        delete(SubmissionAttemptRow).where(SubmissionAttemptRow.at < at - ATTEMPTS_KEPT)
    )
    session.add(SubmissionAttemptRow(address_hash=address_hash, at=at))
    session.flush()


def delete_consultations(session: Session, municipality: str) -> int:
    """Delete the municipality's consultations and their input (before the municipality
    itself); how many consultations there were."""
    ids = select(ConsultationRow.id).where(ConsultationRow.municipality_number == municipality)
    session.execute(delete(SubmissionRow).where(SubmissionRow.consultation_id.in_(ids)))
    result = session.execute(
        delete(ConsultationRow).where(ConsultationRow.municipality_number == municipality)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
