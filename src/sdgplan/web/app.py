"""The FastAPI application: `create_app(settings)` builds it, nothing is built at import.

Pages are under `/nb/...` and `/en/...` (`pages.py`), the open data under `/api/v1`
(`api.py`). The language of a request is a context variable (`sdgplan.i18n`), set from the
path, so services and templates speak it without passing it around.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from pydantic import SecretStr
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sdgplan.config import Settings
from sdgplan.i18n import LANGUAGES, set_language
from sdgplan.store.db import check_current, make_engine
from sdgplan.web.api_cache import accepts_gzip
from sdgplan.web.deps import RevisionReader
from sdgplan.web.errors import install_error_handlers
from sdgplan.web.head import HeadAsGet
from sdgplan.web.page_cache import PageCache
from sdgplan.web.site_settings import site_assets
from sdgplan.web.sites import SiteCache

SECURITY_HEADERS = {
    # no inline script: charts are drawn by our own script file, from JSON in the page
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def create_app(settings: Settings) -> FastAPI:
    """The web application over the database of `settings` (which must hold the current
    schema: `sdgplan db upgrade`)."""
    from sdgplan.web.api import api_router
    from sdgplan.web.api_edit import edit_router as api_edit_router
    from sdgplan.web.oidc import oidc_router
    from sdgplan.web.pages import pages_router
    from sdgplan.web.pages_consultation import consultation_router
    from sdgplan.web.pages_edit import edit_router

    engine = make_engine(settings.db)
    check_current(engine)
    app = FastAPI(
        title="sdgplan",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads its scripts from a CDN: no network, strict CSP
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.sites = SiteCache()
    app.state.revisions = RevisionReader(engine)
    app.state.settings = settings
    site_assets(app).check()  # a bad logo stops the server at its start
    # outermost last: finished pages are kept compressed and with their headers
    app.add_middleware(GZipWhenAccepted, minimum_size=1000)
    app.add_middleware(LanguageAndHeaders)
    app.add_middleware(PageCache, revisions=app.state.revisions)
    app.add_middleware(HeadAsGet)
    _install_sessions(app, settings, engine)  # outermost: no cached page carries a cookie
    install_error_handlers(app)
    app.include_router(api_edit_router(), prefix="/api/v1")  # before the pages' catch-all
    app.include_router(api_router(), prefix="/api/v1")
    app.include_router(edit_router())
    app.include_router(oidc_router())
    app.include_router(consultation_router())
    app.include_router(pages_router())
    return app


def _install_sessions(app: FastAPI, settings: Settings, engine: Engine) -> None:
    """Signed session cookies; the key from the settings, else kept in the database (a
    database that cannot be written, as for `site build` from a read-only copy, gets a key
    for this process only: nobody signs in there)."""
    from sdgplan.web.auth import install_sessions

    with Session(engine) as session:
        try:
            install_sessions(app, settings, session)
            session.commit()
        except OperationalError:
            session.rollback()
            install_sessions(
                app, settings.model_copy(update={"secret_key": _random_key()}), session
            )


def _random_key() -> SecretStr:
    import secrets

    return SecretStr(secrets.token_hex(32))


class GZipWhenAccepted(GZipMiddleware):
    """Starlette's gzip, for the clients that take it: it reads `gzip;q=0` as a yes."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not accepts_gzip(
            Headers(scope=scope).get("accept-encoding")
        ):
            kept = [(k, v) for k, v in scope["headers"] if k != b"accept-encoding"]
            scope = {**scope, "headers": kept}
        await super().__call__(scope, receive, send)


class LanguageAndHeaders:
    """ASGI middleware: the request's language from its path (`/en/...`), and the security
    headers on every answer that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        first = scope["path"].strip("/").split("/", 1)[0]
        set_language(first if first in LANGUAGES else "nb")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _value in message["headers"]}
                extra = [(n, v) for n, v in _SECURITY_HEADERS if n not in present]
                message = {**message, "headers": [*message["headers"], *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


_SECURITY_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]


def app_from_environment() -> FastAPI:
    """The application for `uvicorn --factory` (`sdgplan serve`): settings from the
    environment and the settings file, as for the CLI."""
    from sdgplan.config import load_settings

    return create_app(load_settings())
