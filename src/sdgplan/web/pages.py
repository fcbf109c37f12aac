"""The public pages, server-rendered with Jinja2 (docs/web.md has the URL scheme).

Every link uses stable keys: `/nb/focus-areas/{key}`, `/nb/goals/{key}`,
`/nb/indicators/{key}`, with the same path words in both languages; with several
municipalities in the database the paths carry the municipality's number after the language
(`/nb/0301/focus-areas/...`) and `/nb/` lists them. Charts are drawn by `/static/charts.js`
from JSON in the page; the page needs no script (the content security policy allows none
inline).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.orm import Session

from sdgplan.assessment.reasons import render_reason
from sdgplan.assessment.rollup import ATTAINMENT_LABELS, Attainment
from sdgplan.assessment.verdicts import OUTCOME_LABELS, Outcome
from sdgplan.errors import NotFound
from sdgplan.i18n import LANGUAGES, _, current_language, ngettext, translations
from sdgplan.web import page_views as views
from sdgplan.web.deps import db_session

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
SHORT_CACHE = "public, max-age=3600"
LONG_CACHE = "public, max-age=31536000, immutable"
OUTCOME_SYMBOLS = {"on_track": "✔", "watch": "◆", "off_track": "✖", "not_assessed": "–"}
ATTAINMENT_SYMBOLS = {"good": "✔", "mixed": "◆", "poor": "✖", "not_assessed": "–"}

SessionDep = Annotated[Session, Depends(db_session)]


def pages_router() -> APIRouter:
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
    router.add_api_route("/", _root, response_class=RedirectResponse)
    router.add_api_route("/static/vega.js", _vega)
    router.add_api_route("/static/{name}", _static)
    router.add_api_route("/{lang}/", _home)
    router.add_api_route("/{lang}/focus-areas/{key}", _only_focus_area)
    router.add_api_route("/{lang}/goals/{key}", _only_goal)
    router.add_api_route("/{lang}/indicators/{key}", _only_indicator)
    router.add_api_route("/{lang}/sdgs/{number}", _only_sdg)
    router.add_api_route("/{lang}/{code}/", _municipality_home)
    router.add_api_route("/{lang}/{code}/focus-areas/{key}", _focus_area)
    router.add_api_route("/{lang}/{code}/goals/{key}", _goal)
    router.add_api_route("/{lang}/{code}/indicators/{key}", _indicator)
    router.add_api_route("/{lang}/{code}/sdgs/{number}", _sdg)
    router.add_api_route("/{lang}/{rest:path}", _unknown)
    return router


def render_page(request: Request, template_name: str, **context: Any) -> str:
    """`template_name` in the request's language, inside the base layout."""
    lang = current_language()
    other = "en" if lang == "nb" else "nb"
    parts = request.url.path.split("/")
    switch = "/".join(["", other, *parts[2:]]) if parts[1:2] == [lang] else f"/{other}/"
    template = _environment().get_template(template_name)
    return template.render(lang=lang, other_lang=other, switch_url=switch, **context)


def _root(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/{request.app.state.settings.language}/", status_code=302)


def _checked(lang: str) -> str:
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    return lang


def _home(request: Request, lang: str, session: SessionDep) -> str:
    _checked(lang)
    found = views.plan_municipalities(session)
    if len(found) > 1:
        return render_page(
            request, "municipalities.html.j2", title=_("Kommuner"), municipalities=found
        )
    return _municipality_home(request, lang, None, session)


def _municipality_home(request: Request, lang: str, code: str | None, session: SessionDep) -> str:
    site = views.load_site(session, _checked(lang), code)
    return render_page(
        request,
        "home.html.j2",
        site=site,
        title=site.data.plan.title,
        rollups={a.key: site.rollup("focus_area", a.name) for a in site.focus_areas},
        tiles=views.sdg_tiles(site, lang),
    )


def _unknown(lang: str, rest: str) -> None:
    raise NotFound(_("Fant ikke siden"))


def _only_focus_area(request: Request, lang: str, key: str, session: SessionDep) -> str:
    return _focus_area(request, lang, None, key, session)


def _only_goal(request: Request, lang: str, key: str, session: SessionDep) -> str:
    return _goal(request, lang, None, key, session)


def _only_indicator(request: Request, lang: str, key: str, session: SessionDep) -> str:
    return _indicator(request, lang, None, key, session)


def _focus_area(
    request: Request, lang: str, code: str | None, key: str, session: SessionDep
) -> str:
    site = views.load_site(session, _checked(lang), code)
    view = views.focus_area_view(session, site, key)
    return render_page(request, "focus_area.html.j2", site=site, view=view, title=view.area.name)


def _goal(request: Request, lang: str, code: str | None, key: str, session: SessionDep) -> str:
    site = views.load_site(session, _checked(lang), code)
    view = views.goal_view(site, key, lang)
    return render_page(request, "goal.html.j2", site=site, view=view, title=view.goal.text)


def _indicator(request: Request, lang: str, code: str | None, key: str, session: SessionDep) -> str:
    from sdgplan.reports.render import chart_labels

    site = views.load_site(session, _checked(lang), code)
    view = views.indicator_view(site, key, chart_labels(lang))
    return render_page(
        request,
        "indicator.html.j2",
        site=site,
        view=view,
        title=view.indicator.name,
        charts=view.chart is not None,
    )


def _only_sdg(request: Request, lang: str, number: str, session: SessionDep) -> str:
    return _sdg(request, lang, None, number, session)


def _sdg(request: Request, lang: str, code: str | None, number: str, session: SessionDep) -> str:
    site = views.load_site(session, _checked(lang), code)
    if not (number.isascii() and number.isdigit()) or number != str(int(number)):
        raise NotFound(_("Fant ikke siden"))
    view = views.sdg_page(site, int(number), lang)
    title = _("Bærekraftsmål {number}: {name}").format(number=view.number, name=view.name)
    return render_page(request, "sdg.html.j2", site=site, view=view, title=title)


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


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("sdgplan.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["reason"] = render_reason
    env.filters["outcome"] = lambda value: _(OUTCOME_LABELS[Outcome(value)])
    env.filters["attainment"] = lambda value: _(ATTAINMENT_LABELS[Attainment(value)])
    env.filters["known_text"] = _known_text
    env.filters["chart_json"] = _chart_json
    env.globals["outcome_symbols"] = OUTCOME_SYMBOLS
    env.globals["attainment_symbols"] = ATTAINMENT_SYMBOLS
    return env


def _known_text(text: str) -> str:
    from sdgplan.reports.render import known_text

    return known_text(text, translations(current_language()))


def _chart_json(spec: dict[str, Any]) -> Markup:
    """The chart and its options as JSON inside <script type="application/json">: no "<",
    ">" or "&" at all, so no text in the data can end the element (JSON.parse undoes it)."""
    from sdgplan.reports.charts import FONT, NB_NO_LOCALE

    options = {
        "renderer": "svg",
        "actions": False,
        "ast": True,  # Vega's expression interpreter: the CSP allows no eval
        "defaultStyle": False,  # no inline <style>: site.css styles the chart and tooltip
        "tooltip": {"disableDefaultStyle": True},
        "formatLocale": NB_NO_LOCALE,
    }
    # the report embeds Noto Sans; the site falls back to the reader's sans-serif
    config = {**spec.get("config", {}), "font": f"{FONT}, system-ui, sans-serif"}
    chart = {**spec, "config": config}
    text = json.dumps({"spec": chart, "options": options}, ensure_ascii=False)
    for char in "<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)  # noqa: S704 - escaped above
