"""Sign-in and sign-out: `/login` (`/en/login`), `POST /logout`. The form carries a CSRF
token made before signing in; failures count towards the rate limit (web/auth.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan import accounts
from sdgplan.errors import NotFound
from sdgplan.i18n import LANGUAGES, _
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE
from sdgplan.web.rendering import render_page

SessionDep = Annotated[Session, Depends(db_session)]


def login_routes() -> list[tuple[str, str, Callable[..., Any]]]:
    return [
        ("GET", "/login", _form),
        ("POST", "/login", _submit),
        ("GET", "/{lang}/login", _form),
        ("POST", "/{lang}/login", _submit),
        ("POST", "/logout", _logout),
        ("POST", "/{lang}/logout", _logout),
    ]


def _lang(request: Request) -> str:
    lang = request.path_params.get("lang", "nb")
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    return str(lang)


def safe_next(target: str | None, lang: str) -> str:
    """Where to go after signing in: a path on this site, else the editing home. Browsers
    drop tabs and line breaks and read a backslash as a slash, so a slash, a tab and a slash
    lead to another site: paths with spaces, control characters or backslashes are refused."""
    if (
        target
        and len(target) <= LONGEST_NEXT
        and _LOCAL_PATH.fullmatch(target)
        and not target.startswith("//")
    ):
        return target
    return f"/{lang}/edit/"


LONGEST_NEXT = 1000
_LOCAL_PATH = re.compile(r"/[^\\\x00-\x20\x7f]*")


def _page(
    request: Request, *, status: int = 200, problem: str | None = None, name: str = ""
) -> Response:
    lang = _lang(request)
    settings = request.app.state.settings
    html = render_page(
        request,
        "login.html.j2",
        title=_("Logg inn"),
        csrf=auth.csrf_token(request),
        next=safe_next(request.query_params.get("next"), lang),
        problem=problem,
        name=name,
        sso_label=settings.oidc.label if settings.oidc else None,
        sso_url=f"/{lang}/login/oidc" if lang != "nb" else "/login/oidc",
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def _form(request: Request, session: SessionDep) -> Response:
    lang = _lang(request)
    if auth.signed_in_user(request, session) is not None:
        return RedirectResponse(safe_next(request.query_params.get("next"), lang), 303)
    return _page(request)


async def _submit(request: Request, session: SessionDep) -> Response:
    form = await request.form()
    lang = _lang(request)
    auth.check_csrf(request, form)
    name = str(form.get("name", ""))[:200].strip()
    password = str(form.get("password", ""))
    target = safe_next(str(form.get("next", "")), lang)
    address = auth.client_address(request)

    def check() -> Response:
        try:
            auth.check_rate(session, name=name, address=address)
        except auth.TooManyAttempts as error:
            return _page(request, status=429, problem=error.message, name=name)
        user = accounts.verify_password(session, name=name, password=password)
        if user is None:
            auth.record_failure(session, name=name, address=address)
            session.commit()
            return _page(request, status=401, problem=_("Feil brukernavn eller passord"), name=name)
        session.commit()  # a rehashed password
        auth.sign_in(request, user)
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(check)


async def _logout(request: Request) -> Response:
    form = await request.form()
    lang = _lang(request)
    auth.check_csrf(request, form)
    auth.sign_out(request)
    return RedirectResponse(f"/{lang}/", 303, headers=NO_STORE)
