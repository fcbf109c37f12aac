"""Embeddable pages: an indicator's chart, table and source without the site's header, for
an iframe on another site (`/nb/embed/indicators/{key}`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from sdgplan.web import page_views as views
from sdgplan.web.rendering import render_page
from sdgplan.web.sites import SiteDep


def embed_policy() -> str:
    """The site's content security policy, but any site may frame the page."""
    from sdgplan.web.app import SECURITY_HEADERS

    directives = [
        d.strip()
        for d in SECURITY_HEADERS["Content-Security-Policy"].split(";")
        if d.strip() and not d.strip().startswith("frame-ancestors")
    ]
    return "; ".join([*directives, "frame-ancestors *"])


def _embed_indicator(request: Request, site: SiteDep, key: str) -> HTMLResponse:
    from sdgplan.reports.render import chart_labels

    view = views.indicator_view(site, key, chart_labels(site.lang))
    html = render_page(request, "embed.html.j2", site=site, view=view, title=view.indicator.name)
    # the app's middleware only adds headers a response does not set
    return HTMLResponse(html, headers={"Content-Security-Policy": embed_policy()})


PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/embed/indicators/{key}", _embed_indicator),
]
