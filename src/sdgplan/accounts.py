"""Local accounts (issue 12): add, list, remove or disable users, set and check passwords.

Passwords are hashed with argon2id (argon2-cffi, its default parameters); neither a password
nor its hash goes into the change log. Each function works in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from sdgplan.domain.users import Role, User
from sdgplan.errors import ConfigError, Conflict, NotFound
from sdgplan.i18n import _
from sdgplan.store import change_log, org_repo, user_repo

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 12
MAX_PASSWORD = 1000
NAME = re.compile(r"[\w.@+-]{1,100}")


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def check_password(password: str) -> str | None:
    """Why `password` cannot be used, or None if it can."""
    if not password.strip():
        return _("Passordet er tomt")
    if len(password) < MIN_PASSWORD:
        return _("Passordet er for kort: {count} tegn, minst {limit}").format(
            count=len(password), limit=MIN_PASSWORD
        )
    if len(password) > MAX_PASSWORD:
        return _("Passordet er for langt: høyst {limit} tegn").format(limit=MAX_PASSWORD)
    return None


def _hash(password: str) -> str:
    problem = check_password(password)
    if problem:
        raise ConfigError(problem)
    return _hasher().hash(password)


def _record(user: User) -> dict[str, Any]:
    return {
        "role": user.role.value,
        "municipality": user.municipality,
        "scope": list(user.focus_areas),
        "disabled": user.disabled,
    }


def _existing(session: Session, name: str) -> User:
    user = user_repo.find_user(session, name)
    if user is None:
        raise NotFound(
            _("Ingen bruker heter {name}").format(name=repr(name[:100])),
            hint=_("Se sdgplan user list"),
        )
    return user


def _scope(
    session: Session, role: Role, municipality: str | None, scope: Sequence[str]
) -> tuple[str | None, tuple[str, ...]]:
    """The municipality's number and the checked focus-area keys."""
    number = org_repo.find_organisation(session, municipality).number if municipality else None
    keys = tuple(dict.fromkeys(key.strip() for key in scope))
    if not keys:
        return number, ()
    if role is not Role.EDITOR:
        raise ConfigError(_("Bare en redaktør (editor) kan avgrenses til satsingsområder"))
    if number is None:
        stored = org_repo.stored_organisations(session)
        if len(stored) != 1:
            raise ConfigError(_("Oppgi kommunen satsingsområdene hører til (--municipality)"))
        number = stored[0].number
    valid = user_repo.focus_area_keys(session, number)
    unknown = [key for key in keys if key not in valid]
    if unknown:
        raise ConfigError(
            _("Ukjent satsingsområde: {keys}; gyldige er: {valid}").format(
                keys=", ".join(unknown), valid=", ".join(valid) or _("ingen (ingen plan lagret)")
            )
        )
    return number, keys


def add_user(
    session: Session,
    *,
    name: str,
    password: str,
    role: Role,
    municipality: str | None = None,
    scope: Sequence[str] = (),
    who: str,
    source: str = "sdgplan user add",
) -> User:
    """Add a user; ConfigError for a bad name, password or scope, Conflict for a taken name."""
    name = name.strip()
    if not NAME.fullmatch(name):
        raise ConfigError(
            _(
                "Ugyldig brukernavn {name}: bruk 1-100 bokstaver, sifre eller . @ + - _, "
                "uten mellomrom"
            ).format(name=repr(name[:100]))
        )
    taken = user_repo.find_user(session, name)
    if taken is not None:
        raise Conflict(_("Brukernavnet er allerede tatt: {name}").format(name=taken.name))
    number, keys = _scope(session, role, municipality, scope)
    hashed = _hash(password)
    user = User(name, role, number, keys, dt.datetime.now(dt.UTC))
    user_repo.add_user(session, user, hashed)
    change_log.record(
        session,
        who=who,
        municipality=number,
        action="add",
        entity="user",
        key=user.name,
        new=_record(user),
        source=source,
    )
    return user


def list_users(session: Session) -> list[User]:
    return user_repo.list_users(session)


def remove_user(
    session: Session, *, name: str, who: str, source: str = "sdgplan user remove"
) -> User:
    """Delete a user (the change log keeps its name); NotFound for an unknown name."""
    user = _existing(session, name)
    user_repo.remove_user(session, user.name)
    change_log.record(
        session,
        who=who,
        municipality=user.municipality,
        action="delete",
        entity="user",
        key=user.name,
        old=_record(user),
        source=source,
    )
    return user


def set_disabled(
    session: Session, *, name: str, disabled: bool, who: str, source: str | None = None
) -> User:
    """Disable (or enable again) a user, who then cannot sign in."""
    user = _existing(session, name)
    user_repo.set_disabled(session, user.name, disabled)
    change_log.record(
        session,
        who=who,
        municipality=user.municipality,
        action="update",
        entity="user",
        key=user.name,
        old={"disabled": user.disabled},
        new={"disabled": disabled},
        source=source,
    )
    return _existing(session, name)


def set_password(
    session: Session, *, name: str, password: str, who: str, source: str = "sdgplan user password"
) -> User:
    """Give a user a new password; logged without the password or its hash."""
    user = _existing(session, name)
    user_repo.set_password_hash(session, user.name, _hash(password))
    change_log.record(
        session,
        who=who,
        municipality=user.municipality,
        action="update",
        entity="user",
        key=user.name,
        new={"password": "changed"},
        source=source,
    )
    return user


def verify_password(session: Session, *, name: str, password: str) -> User | None:
    """The user if the name and password match and the user is not disabled, else None.

    An unknown name costs a hash too, so the time does not tell which names exist. A hash
    made with older parameters is replaced by one with the current parameters.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    user = user_repo.find_user(session, name)
    stored = user_repo.password_hash(session, name) if user else None
    if user is None or stored is None:
        hasher.hash(password)
        return None
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if user.disabled:
        return None
    if hasher.check_needs_rehash(stored):
        user_repo.set_password_hash(session, user.name, hasher.hash(password))
    return user
