"""The public pages, server-rendered with Jinja2 (docs/web.md has the URL scheme).

Every link uses stable keys: `/nb/focus-areas/{key}`, `/nb/goals/{key}`,
`/nb/indicators/{key}`, with the same path words in both languages; with several
municipalities in the database the paths carry the municipality's number after the language
(`/nb/0301/focus-areas/...`) and `/nb/` lists them. Charts are drawn by `/static/charts.js`
from JSON in the page; the page needs no script (the content security policy allows none
inline).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sdgplan.errors import NotFound
from sdgplan.i18n import LANGUAGES, _
from sdgplan.web import page_views as views
from sdgplan.web.deps import db_session
from sdgplan.web.rendering import render_page
from sdgplan.web.sites import SiteDep, current_site, plan_municipalities

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
SHORT_CACHE = "public, max-age=3600"
LONG_CACHE = "public, max-age=31536000, immutable"

SessionDep = Annotated[Session, Depends(db_session)]
PAGE_MODULES = (
    "sdgplan.web.pages",
    "sdgplan.web.pages_plan",
    "sdgplan.web.pages_reports",
    "sdgplan.web.pages_about",
    "sdgplan.web.pages_search",
    "sdgplan.web.pages_embed",
    "sdgplan.web.pages_cycle",
    "sdgplan.web.pages_method",
)


def pages_router() -> APIRouter:
    """Every page: first the paths of the only municipality (`/nb/goals/x`), then the same
    paths under a municipality's number (`/nb/0301/goals/x`), then the 404 for the rest."""
    from importlib import import_module

    pages: list[tuple[str, Callable[..., Any]]] = []
    for module in PAGE_MODULES:
        pages += import_module(module).PAGES
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
    router.add_api_route("/", _root, response_class=RedirectResponse)
    router.add_api_route("/static/vega.js", _vega)
    router.add_api_route("/static/{name}", _static)
    router.add_api_route("/{lang}/", _home)
    for path, handler in pages:
        router.add_api_route("/{lang}" + path, handler)
    router.add_api_route("/{lang}/{code}/", _municipality_home)
    for path, handler in pages:
        router.add_api_route("/{lang}/{code}" + path, handler)
    router.add_api_route("/{lang}/{rest:path}", _unknown)
    return router


def _root(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/{request.app.state.settings.language}/", status_code=302)


def _home(request: Request, lang: str, session: SessionDep) -> str:
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    found = plan_municipalities(request, session)
    if len(found) > 1:
        return render_page(
            request, "municipalities.html.j2", title=_("Kommuner"), municipalities=found
        )
    return _municipality_home(request, current_site(request, session), session)


def _municipality_home(request: Request, site: SiteDep, session: SessionDep) -> str:
    from sdgplan.store.consultation_repo import load_consultations
    from sdgplan.web.pages_cycle import cycle_pages
    from sdgplan.web.pages_method import method_pages

    return render_page(
        request,
        "home.html.j2",
        site=site,
        title=site.data.plan.title,
        rollups={a.key: site.rollup("focus_area", a.name) for a in site.focus_areas},
        tiles=views.sdg_tiles(site, site.lang),
        consultations=bool(load_consultations(session, site.municipality.number)),
        cycle=cycle_pages(session, site.municipality.number),
        method=method_pages(session, site.municipality.number),
    )


def _unknown(lang: str, rest: str) -> None:
    raise NotFound(_("Fant ikke siden"))


def _focus_area(request: Request, site: SiteDep, key: str, session: SessionDep) -> str:
    view = views.focus_area_view(session, site, key)
    return render_page(request, "focus_area.html.j2", site=site, view=view, title=view.area.name)


def _goal(request: Request, site: SiteDep, key: str, session: SessionDep) -> str:
    from sdgplan.web.pages_verdicts import goal_verdict_view

    view = views.goal_view(site, key, site.lang)
    own = goal_verdict_view(session, site, key)
    return render_page(
        request, "goal.html.j2", site=site, view=view, title=view.goal.text, own_verdict=own
    )


def _indicator(request: Request, site: SiteDep, key: str, session: SessionDep) -> str:
    from sdgplan.reports.render import chart_labels

    view = views.indicator_view(
        site, key, chart_labels(site.lang), session=session, origin=public_origin(request)
    )
    return render_page(
        request,
        "indicator.html.j2",
        site=site,
        view=view,
        title=view.indicator.name,
        charts=view.chart is not None,
    )


def public_origin(request: Request) -> str:
    """The site's address for links other sites keep (the embed snippet): the one the static
    build was given (`app.state.public_url`, "" for none), else the request's own."""
    given: str | None = getattr(request.app.state, "public_url", None)
    return (given if given is not None else str(request.base_url)).rstrip("/")


def _sdg(request: Request, site: SiteDep, number: str, session: SessionDep) -> str:
    from sdgplan.reports.sdg_overview import score_text
    from sdgplan.web.sdg_views import sdg_method_view

    if not (number.isascii() and number.isdigit()) or number != str(int(number)):
        raise NotFound(_("Fant ikke siden"))
    view = views.sdg_page(site, int(number), site.lang)
    title = _("Bærekraftsmål {number}: {name}").format(number=view.number, name=view.name)
    method = sdg_method_view(session, site, view.number)
    return render_page(
        request,
        "sdg.html.j2",
        site=site,
        view=view,
        title=title,
        method=method,
        score_text=score_text,
    )


def _sdg_overview(request: Request, site: SiteDep) -> str:
    from sdgplan.web.sdg_views import overview_view

    view = overview_view(site)
    return render_page(
        request, "sdg_overview.html.j2", site=site, view=view, title=_("Bærekraftsmålene")
    )


def _sdg_redirect(site: SiteDep) -> RedirectResponse:
    """`/nb/sdg` as a short address of the overview `/nb/sdgs`."""
    return RedirectResponse(f"{site.base}sdgs", status_code=301)


# (path after the language and municipality, handler); other page modules have their own
PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/focus-areas/{key}", _focus_area),
    ("/goals/{key}", _goal),
    ("/indicators/{key}", _indicator),
    ("/sdgs", _sdg_overview),
    ("/sdg", _sdg_redirect),
    ("/sdgs/{number}", _sdg),
]


def _static(name: str) -> Response:
    suffix = name[name.rfind(".") :] if "." in name else ""
    folder = resources.files("sdgplan.web").joinpath("static")
    if suffix not in STATIC_TYPES or "/" in name or name.startswith("."):
        raise NotFound(_("Fant ikke siden"))
    path = folder.joinpath(name)
    if not path.is_file():
        raise NotFound(_("Fant ikke siden"))
    return Response(
        path.read_bytes(),
        media_type=STATIC_TYPES[suffix],
        headers={"Cache-Control": SHORT_CACHE},
    )


def _vega() -> Response:
    from sdgplan.reports.vega_bundle import vega_embed_script

    return Response(
        vega_embed_script(),
        media_type=STATIC_TYPES[".js"],
        headers={"Cache-Control": LONG_CACHE},
    )
