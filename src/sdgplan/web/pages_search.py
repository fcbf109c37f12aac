"""The search page, `/{lang}[/{code}]/search?q=...`: a plain GET form, and the goals,
strategies, indicators and focus-area texts holding every word of the query (in any of its
Norwegian forms), best first, with the matching words marked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from sdgplan.i18n import _
from sdgplan.search import MAX_QUERY, Hit, Results, clean_query
from sdgplan.store import narrative_repo
from sdgplan.web.deps import db_session
from sdgplan.web.rendering import render_page
from sdgplan.web.search_index import KIND_LABELS, KIND_PAGES, search_indexes
from sdgplan.web.sites import SiteDep

MAX_SHOWN = 50  # hits on the page; the count says how many there are in all


@dataclass(frozen=True)
class ShownHit:
    hit: Hit
    kind: str  # in the page's language
    href: str


def _search(
    request: Request,
    site: SiteDep,
    session: Annotated[Session, Depends(db_session)],
    q: str = "",
) -> str:
    query, trimmed = clean_query(q)
    results: Results | None = None
    shown: list[ShownHit] = []
    if query:
        index = search_indexes(request).index(
            site, lambda: narrative_repo.load_narratives(session, site.data.number)
        )
        results = index.search(query, limit=MAX_SHOWN)
        shown = [
            ShownHit(
                hit,
                _(KIND_LABELS[hit.document.kind]),
                f"{site.base}{KIND_PAGES[hit.document.kind]}/{quote(hit.document.key, safe='#')}",
            )
            for hit in results.hits
        ]
    return render_page(
        request,
        "search.html.j2",
        site=site,
        title=_("Søk etter «{query}»").format(query=query) if query else _("Søk"),
        query=query,
        trimmed=trimmed,
        max_query=MAX_QUERY,
        results=results,
        hits=shown,
    )


PAGES: list[tuple[str, Callable[..., Any]]] = [("/search", _search)]
