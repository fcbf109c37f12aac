"""Who is asking the write API (`/api/v1/edit`): the user of the request's API token
(`Authorization: Bearer sdgp_...`, made with `sdgplan token add`), with that user's role and
scope; else 401 with `WWW-Authenticate: Bearer`.

The write API accepts only tokens, never the web's session cookie: a browser does not send
the header by itself, so a page of another site cannot make a signed-in user's browser write
through it, and no CSRF token is needed there (the editing pages, which do use the cookie,
check one on every form).

The request's session is read-write: the token's last use is stored with the request's work,
committed by the route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from sdgplan.domain.users import User
from sdgplan.editing import tokens
from sdgplan.errors import Unauthorized
from sdgplan.i18n import _
from sdgplan.web.deps import db_session

CHALLENGE = 'Bearer realm="sdgplan"'
INVALID_CHALLENGE = 'Bearer realm="sdgplan", error="invalid_token"'

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    bearerFormat="sdgp_...",
    description="An API token made with `sdgplan token add NAME --user USER`: "
    "`Authorization: Bearer sdgp_...`. It acts as its user, with the user's role and scope.",
)


WriteSession = Annotated[Session, Depends(db_session)]  # takes SQLite's write lock first


def token_user(
    session: WriteSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    """The user of the request's API token; Unauthorized without one, or with a token that
    is unknown, revoked or expired, or whose user is disabled or removed."""
    if credentials is None:
        raise Unauthorized(_("Oppgi en API-nøkkel: Authorization: Bearer sdgp_..."))
    user = tokens.user_of_token(session, credentials.credentials)
    if user is None:
        raise Unauthorized(_("API-nøkkelen er ukjent, utløpt eller trukket tilbake"))
    return user


TokenUser = Annotated[User, Depends(token_user)]


def challenge(request: Request) -> str:
    """The WWW-Authenticate header of a 401 to `request` (RFC 6750)."""
    return INVALID_CHALLENGE if "authorization" in request.headers else CHALLENGE
