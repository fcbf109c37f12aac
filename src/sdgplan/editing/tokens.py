"""API tokens for scripts: random, shown once, kept only as a SHA-256 hash, with an expiry,
revocable; a token acts as its user, with the user's role and scope."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy.orm import Session

from sdgplan.domain.users import User
from sdgplan.editing.permissions import Action, may
from sdgplan.errors import ConfigError, Forbidden, NotFound
from sdgplan.i18n import _
from sdgplan.store import change_log, edit_repo, user_repo
from sdgplan.store.edit_repo import Token

PREFIX = "sdgp_"
MAX_DAYS = 366
DEFAULT_DAYS = 90


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, user: User, *, label: str, days: int = DEFAULT_DAYS
) -> tuple[str, Token]:
    """A new token for `user`: the token itself (show it once) and what is stored."""
    label = label.strip()
    if not label or len(label) > 100:
        raise ConfigError(_("Gi nøkkelen et navn på 1-100 tegn"))
    if not 1 <= days <= MAX_DAYS:
        raise ConfigError(_("Varighet må være 1-{limit} dager").format(limit=MAX_DAYS))
    token = PREFIX + secrets.token_urlsafe(32)
    stored = edit_repo.add_token(
        session,
        user_key=user_repo.name_key(user.name),
        label=label,
        prefix=token[: len(PREFIX) + 6],
        token_hash=_hash(token),
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=days),
    )
    change_log.record(
        session,
        who=user.name,
        municipality=user.municipality,
        action="add",
        entity="api_token",
        key=f"{user.name}/{stored.id}",
        new={"label": label, "prefix": stored.prefix, "expires": stored.expires_at.isoformat()},
    )
    return token, stored


def user_of_token(session: Session, token: str) -> User | None:
    """The token's user, if the token is known, not revoked, not expired and its user can
    still sign in; None otherwise."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    stored = edit_repo.token_by_hash(session, _hash(token))
    if stored is None or stored.revoked_at is not None:
        return None
    if stored.expires_at <= dt.datetime.now(dt.UTC):
        return None
    user = next(
        (u for u in user_repo.list_users(session) if user_repo.name_key(u.name) == stored.user_key),
        None,
    )
    if user is None or user.disabled:
        return None
    edit_repo.mark_token_used(session, stored.id)
    return user


def list_tokens(session: Session, user: User) -> list[Token]:
    """The user's own tokens; an admin sees everyone's."""
    everyone = user.municipality is None and may(user, Action.MANAGE, user.municipality or "")
    return edit_repo.tokens_of(session, None if everyone else user_repo.name_key(user.name))


def revoke_token(session: Session, user: User, token_id: int) -> Token:
    """Revoke a token: its owner or an admin may."""
    found = next((t for t in edit_repo.tokens_of(session) if t.id == token_id), None)
    if found is None:
        raise NotFound(_("Ukjent nøkkel: {id}").format(id=token_id))
    if not _may_revoke(session, user, found):
        raise Forbidden(_("Bare eieren eller en administrator kan trekke tilbake nøkkelen"))
    edit_repo.revoke_token(session, token_id)
    change_log.record(
        session,
        who=user.name,
        municipality=user.municipality,
        action="revoke",
        entity="api_token",
        key=f"{found.user_key}/{found.id}",
        old={"label": found.label, "prefix": found.prefix},
    )
    return found


def _may_revoke(session: Session, user: User, token: Token) -> bool:
    """Its owner may; an admin may for the users of the admin's municipality (an admin of
    every municipality for everyone)."""
    if token.user_key == user_repo.name_key(user.name):
        return True
    owner = next(
        (u for u in user_repo.list_users(session) if user_repo.name_key(u.name) == token.user_key),
        None,
    )
    if user.municipality is None:
        return may(user, Action.MANAGE, owner.municipality if owner and owner.municipality else "")
    return (
        owner is not None
        and owner.municipality == user.municipality
        and may(user, Action.MANAGE, user.municipality)
    )
