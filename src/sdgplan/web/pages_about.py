"""About the site: the accessibility statement (`/accessibility`, generated from the
`sites` settings) and the site's own files, the logo and the accent colour's stylesheet
(`/site-assets/{key}/logo.svg|png`, `/site-assets/{key}/theme.css`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlsplit

from babel.dates import format_date
from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sdgplan.errors import ConfigError, NotFound
from sdgplan.i18n import LANGUAGES, _
from sdgplan.web.deps import db_session
from sdgplan.web.page_views import Site
from sdgplan.web.rendering import render_page
from sdgplan.web.site_settings import (
    ASSETS,
    LOGO_TYPES,
    branding,
    settings_of_key,
    site_assets,
    theme_css,
)
from sdgplan.web.sites import load_site, plan_municipalities

logger = logging.getLogger(__name__)

SessionDep = Annotated[Session, Depends(db_session)]
SHORT_CACHE = "public, max-age=3600"
# an SVG opened on its own runs nothing and loads nothing
LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def _accessibility(request: Request, session: SessionDep) -> str:
    site = _page_site(request, session)
    lang = request.path_params["lang"]
    statement = branding(request, site, lang).settings.accessibility
    locale = "en_GB" if lang == "en" else "nb_NO"
    return render_page(
        request,
        "accessibility.html.j2",
        site=site,
        title=_("Tilgjengelighetserklæring"),
        statement=statement,
        statement_date=format_date(statement.date, "long", locale) if statement.date else None,
        enforcement_host=urlsplit(statement.enforcement_url).netloc.removeprefix("www."),
    )


def _page_site(request: Request, session: Session) -> Site | None:
    """The municipality of the path; None at `/{lang}/...` when there are several (the
    page then speaks for the `default` settings)."""
    lang, code = request.path_params["lang"], request.path_params.get("code")
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    if code is None and len(plan_municipalities(request, session)) != 1:
        return None
    return load_site(request, session, lang, code)


def _theme(request: Request, lang: str, key: str) -> Response:
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    css = theme_css(settings_of_key(request, key))
    return Response(css, media_type="text/css", headers={"Cache-Control": SHORT_CACHE})


def _logo_file(suffix: str) -> Callable[..., Response]:
    def logo(request: Request, lang: str, key: str) -> Response:
        site = settings_of_key(request, key)
        if lang not in LANGUAGES or site.logo is None or site.logo.suffix.lower() != suffix:
            raise NotFound(_("Fant ikke siden"))
        try:
            found = site_assets(request.app).logo(key, site)
        except ConfigError as e:  # the message names files of the server: for the log only
            logger.error("%s", e.message)
            raise NotFound(_("Fant ikke siden")) from e
        assert found is not None  # site.logo is set
        headers = {"Cache-Control": SHORT_CACHE, "Content-Security-Policy": LOGO_POLICY}
        return Response(found.content, media_type=found.media_type, headers=headers)

    return logo


PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/accessibility", _accessibility),
    (f"/{ASSETS}/{{key}}/theme.css", _theme),
    *((f"/{ASSETS}/{{key}}/logo{suffix}", _logo_file(suffix)) for suffix in LOGO_TYPES),
]
