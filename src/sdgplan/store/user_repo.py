"""Local accounts: users and their password hashes. Nothing here commits, nothing hashes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from sdgplan.domain.users import Role, User
from sdgplan.store.tables import FocusAreaRow, PlanRow, PlanVersionRow, UserRow


def name_key(name: str) -> str:
    """The form two names share when they are the same name in any case."""
    return name.strip().casefold()


def _user(row: UserRow) -> User:
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    return User(
        name=row.name,
        role=Role(row.role),
        municipality=row.municipality_number,
        focus_areas=tuple(row.focus_areas or ()),
        created_at=created,
        disabled=row.disabled,
    )


def _row(session: Session, name: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.name_key == name_key(name))).first()


def find_user(session: Session, name: str) -> User | None:
    """The user with this name in any case, or None."""
    row = _row(session, name)
    return None if row is None else _user(row)


def list_users(session: Session) -> list[User]:
    return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.name_key))]


def add_user(session: Session, user: User, password_hash: str) -> None:
    session.add(
        UserRow(
            name=user.name,
            name_key=name_key(user.name),
            password_hash=password_hash,
            role=user.role.value,
            municipality_number=user.municipality,
            focus_areas=list(user.focus_areas) or None,
            created_at=user.created_at,
            disabled=user.disabled,
        )
    )
    session.flush()


def password_hash(session: Session, name: str) -> str | None:
    row = _row(session, name)
    return None if row is None else row.password_hash


def set_password_hash(session: Session, name: str, password_hash: str) -> None:
    row = _row(session, name)
    if row is not None:
        row.password_hash = password_hash
        session.flush()


def set_disabled(session: Session, name: str, disabled: bool) -> None:
    row = _row(session, name)
    if row is not None:
        row.disabled = disabled
        session.flush()


def remove_user(session: Session, name: str) -> None:
    row = _row(session, name)
    if row is not None:
        session.delete(row)
        session.flush()


def focus_area_keys(session: Session, municipality: str) -> list[str]:
    """The focus-area keys of the municipality's stored plan versions, sorted."""
    query = (
        select(FocusAreaRow.key)
        .join(PlanVersionRow, FocusAreaRow.version_id == PlanVersionRow.id)
        .join(PlanRow, PlanVersionRow.plan_id == PlanRow.id)
        .where(PlanRow.municipality_number == municipality, FocusAreaRow.key.is_not(None))
        .distinct()
    )
    return sorted(key for key in session.scalars(query) if key)
