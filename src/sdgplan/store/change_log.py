"""The change log: who changed what and when, with the old and the new value (issue 10).

Entries are written in the session of the change itself, so a change and its log entries are
committed together or not at all. The caller owns the transaction.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sdgplan.store.bulk import insert_rows
from sdgplan.store.tables import ChangeLogRow


@dataclass(frozen=True)
class Change:
    """One entry of the log."""

    at: dt.datetime
    who: str
    municipality: str | None
    action: str
    entity: str
    key: str
    old: Any
    new: Any
    source: str | None
    id: int = 0
    subject: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "who": self.who,
            "municipality": self.municipality,
            "action": self.action,
            "entity": self.entity,
            "key": self.key,
            "old": self.old,
            "new": self.new,
            "source": self.source,
            "subject": self.subject,
            "reason": self.reason,
        }


def current_user() -> str:
    """The operating-system user, the `who` of the log until the web has accounts."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):  # no user name in the environment nor in the password file
        return "unknown"


def record(
    session: Session,
    *,
    who: str,
    municipality: str | None,
    action: str,
    entity: str,
    key: str,
    old: Any = None,
    new: Any = None,
    source: str | None = None,
    subject: str | None = None,
    reason: str | None = None,
) -> None:
    """Add one entry; `old`/`new` are JSON values (None: there was none / there is none).

    `subject` is the editable object the entry belongs to (by default found from `entity`
    and `key`, `subject_of`); its version is raised once per transaction (`object_versions`),
    so an editor's save based on the version before this change is refused.
    """
    from sdgplan.store import edit_repo

    subject = subject or subject_of(entity, key)
    if subject is not None and municipality is not None:
        edit_repo.touch(session, municipality, subject)
    session.add(
        ChangeLogRow(
            at=dt.datetime.now(dt.UTC),
            who=who,
            municipality_number=municipality,
            action=action,
            entity=entity,
            key=key,
            old=old,
            new=new,
            source=source,
            subject=subject,
            reason=reason,
        )
    )


def record_many(
    session: Session,
    entries: Iterable[dict[str, Any]],
    *,
    who: str,
    municipality: str | None,
    action: str,
    source: str | None = None,
) -> int:
    """Add many entries at once (an import's observations): each a dict of `entity`, `key`,
    `old`, `new` and optionally `subject` and `reason`, as `record` takes them. They are
    written in bulk as they come (`entries` may be a generator), each object's version is
    raised once; returns how many were written."""
    from sdgplan.store import edit_repo

    now = dt.datetime.now(dt.UTC)
    subjects: dict[str, None] = {}
    count = 0

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal count
        for entry in entries:
            subject = entry.get("subject") or subject_of(entry["entity"], entry["key"])
            if subject:
                subjects[subject] = None
            count += 1
            yield (
                now,
                who,
                municipality,
                action,
                entry["entity"],
                entry["key"],
                entry.get("old"),
                entry.get("new"),
                source,
                subject,
                entry.get("reason"),
            )

    insert_rows(session, ChangeLogRow, _COLUMNS, rows())
    if municipality is not None:
        for subject in subjects:
            edit_repo.touch(session, municipality, subject)
    return count


_COLUMNS = (
    "at",
    "who",
    "municipality_number",
    "action",
    "entity",
    "key",
    "old",
    "new",
    "source",
    "subject",
    "reason",
)


def subject_of(entity: str, key: str) -> str | None:
    """The editable object (`editing/subjects.py`) a change to `entity` `key` belongs to:
    an observation `KEY/area/period` to `observations:KEY`, an indicator to `indicator:KEY`,
    a narrative to `narrative:LABEL`, a benefit plan to `benefits:KEY`; None for what the
    web does not edit one by one."""
    if entity == "observation":
        return "observations:" + key.split("/", 1)[0]
    if entity == "benefit_plan":
        return "benefits:" + key
    if entity in SUBJECT_ENTITIES:
        return f"{entity}:{key}"
    return None


SUBJECT_ENTITIES = (
    "indicator",
    "narrative",
    "goal_verdict",
    "thematic_plans",
    "programme",
    "method",
    "materiality",
)


def load_log(
    session: Session,
    municipality: str | None = None,
    *,
    limit: int | None = 50,
    entity: str | None = None,
    subject: str | None = None,
) -> list[Change]:
    """Entries, newest first, optionally of one municipality, one kind of thing and one
    editable object."""
    query = select(ChangeLogRow).order_by(ChangeLogRow.at.desc(), ChangeLogRow.id.desc())
    if municipality is not None:
        query = query.where(ChangeLogRow.municipality_number == municipality)
    if entity is not None:
        query = query.where(ChangeLogRow.entity == entity)
    if subject is not None:
        query = query.where(ChangeLogRow.subject == subject)
    if limit is not None:
        query = query.limit(limit)
    return [_change(r) for r in session.scalars(query)]


def _change(row: ChangeLogRow) -> Change:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=dt.UTC)  # SQLite keeps no zone
    return Change(
        at=at,
        who=row.who,
        municipality=row.municipality_number,
        action=row.action,
        entity=row.entity,
        key=row.key,
        old=row.old,
        new=row.new,
        source=row.source,
        id=row.id,
        subject=row.subject,
        reason=row.reason,
    )


def revision(session: Session) -> tuple[int, int]:
    """A token that changes with every logged change to the data (the newest entry and the
    number of entries): what the web's caches are keyed by."""
    newest, count = session.execute(
        select(func.max(ChangeLogRow.id), func.count(ChangeLogRow.id))
    ).one()
    return (newest or 0, count)
