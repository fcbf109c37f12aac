"""Signing in on the web: sessions in a signed cookie (HttpOnly, SameSite=Lax, HTTPS-only
with `secure_cookies`), a CSRF token per session checked on every form, and the rate limit
on failed sign-ins (per account and per address, kept in the database so every worker
counts them).

The session holds the user's name only; the user is read from the database on every
request, so a disabled or removed account loses access at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.middleware.sessions import SessionMiddleware

from sdgplan.config import Settings
from sdgplan.domain.users import User
from sdgplan.errors import Forbidden, SdgplanError
from sdgplan.i18n import _
from sdgplan.store import edit_repo, user_repo
from sdgplan.web.deps import db_session

SESSION_COOKIE = "sdgplan_session"
SESSION_HOURS = 10  # a working day; then sign in again
LOGIN_LIMIT = 10  # failed sign-ins per account and per address ...
LOGIN_WINDOW = dt.timedelta(minutes=1)  # ... within this time
CSRF_FIELD = "csrf"


class TooManyAttempts(SdgplanError):
    status = 429


def install_sessions(app: object, settings: Settings, session: Session) -> None:
    """Add the session middleware, signing with `secret_key` or the database's own key."""
    key = (
        settings.secret_key.get_secret_value()
        if settings.secret_key
        else edit_repo.secret(session, "session")
    )
    app.add_middleware(  # type: ignore[attr-defined]
        SessionMiddleware,
        secret_key=key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )


def signed_in_user(request: Request, session: Session) -> User | None:
    """The signed-in user, if the session names one who may still sign in with the password
    it had: a new password (an admin's reset) ends the sessions begun before it."""
    name = request.session.get("user") if "session" in request.scope else None
    if not isinstance(name, str):
        return None
    user = user_repo.find_user(session, name)
    stamp = _password_stamp(user_repo.password_hash(session, name))
    if user is None or user.disabled or request.session.setdefault("stamp", stamp) != stamp:
        request.session.clear()
        return None
    return user


def _password_stamp(password_hash: str | None) -> str:
    """A short fingerprint of the password's hash (the hash itself never leaves the server)."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def optional_user(
    request: Request, session: Annotated[Session, Depends(db_session)]
) -> User | None:
    return signed_in_user(request, session)


def sign_in(request: Request, user: User) -> None:
    """Start a new session for `user` (a new CSRF token too: no fixation)."""
    request.session.clear()
    request.session.update(
        user=user.name, csrf=secrets.token_urlsafe(32), at=dt.datetime.now(dt.UTC).isoformat()
    )


def sign_out(request: Request) -> None:
    request.session.clear()


def csrf_token(request: Request) -> str:
    """The session's CSRF token for a form (made on first use, also before signing in)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def check_csrf(request: Request, form: FormData) -> None:
    """Forbidden unless the form carries the session's CSRF token."""
    sent = form.get(CSRF_FIELD)
    expected = request.session.get(CSRF_FIELD)
    if not (
        isinstance(sent, str)
        and isinstance(expected, str)
        and hmac.compare_digest(sent.encode(), expected.encode())
    ):
        raise Forbidden(
            _("Skjemaet mangler en gyldig sikkerhetskode (CSRF); last siden på nytt og prøv igjen")
        )


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check_rate(session: Session, *, name: str, address: str) -> None:
    """TooManyAttempts if the account or the address failed LOGIN_LIMIT times lately."""
    now = dt.datetime.now(dt.UTC)
    failures = edit_repo.failed_logins(
        session, since=now - LOGIN_WINDOW, name_key=user_repo.name_key(name), address=address
    )
    if failures >= LOGIN_LIMIT:
        raise TooManyAttempts(
            _(
                "For mange mislykkede innlogginger ({count} på {seconds} sekunder); "
                "vent et minutt og prøv igjen"
            ).format(count=failures, seconds=int(LOGIN_WINDOW.total_seconds()))
        )


def record_failure(session: Session, *, name: str, address: str) -> None:
    now = dt.datetime.now(dt.UTC)
    edit_repo.forget_failed_logins(session, before=now - 10 * LOGIN_WINDOW)
    edit_repo.add_failed_login(session, name_key=user_repo.name_key(name), address=address)
