"""What the site's search finds: the plan's goals and strategies, the indicators and the
focus areas' texts as `sdgplan.search` documents, indexed once per revision of the data and
kept per municipality."""

from __future__ import annotations

import threading
from collections.abc import Callable
from html.parser import HTMLParser

from fastapi import Request

from sdgplan.domain.narrative import Narrative
from sdgplan.i18n import N_
from sdgplan.plan_data import PlanData
from sdgplan.reports.markdown import render_narrative
from sdgplan.search import Document, SearchIndex
from sdgplan.web.page_views import Site, latest_narrative

# kind -> what a hit is called and the page it links to (with the document's key)
KIND_LABELS = {
    "focus_area": N_("Satsingsområde"),
    "main_goal": N_("Hovedmål"),
    "goal": N_("Delmål"),
    "strategy": N_("Strategi"),
    "indicator": N_("Indikator"),
}
KIND_PAGES = {
    "focus_area": "focus-areas",
    "main_goal": "goals",
    "goal": "goals",
    "strategy": "goals",  # the goal's page lists its strategies (key: goal#strategy-key)
    "indicator": "indicators",
}


class SearchIndexes:
    """The index of each municipality, for the data its site holds now (the site cache
    loads new data on every revision). Shared by the worker's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, tuple[PlanData, SearchIndex]] = {}

    def index(self, site: Site, narratives: Callable[[], list[Narrative]]) -> SearchIndex:
        """The index of `site`, built from its data and `narratives()` when new."""
        number = site.data.number
        kept = self._kept.get(number)
        if kept is not None and kept[0] is site.data:
            return kept[1]
        index = SearchIndex(site_documents(site, narratives()))
        with self._lock:
            self._kept[number] = (site.data, index)
        return index


def search_indexes(request: Request) -> SearchIndexes:
    """The application's indexes, made on first use."""
    state = request.app.state
    indexes: SearchIndexes | None = getattr(state, "search_indexes", None)
    if indexes is None:
        indexes = state.search_indexes = SearchIndexes()
    return indexes


def site_documents(site: Site, narratives: list[Narrative]) -> list[Document]:
    """Every focus area (with the text its page shows), main goal, sub-goal, strategy and
    indicator of the site, in plan order."""
    documents: list[Document] = []
    for area in site.focus_areas:
        narrative = latest_narrative(narratives, area)
        text = narrative_text(narrative.markdown) if narrative else ""
        documents.append(Document("focus_area", area.key, area.name, text))
        if area.main_goal is not None:
            documents.append(
                Document("main_goal", area.main_goal.key, area.main_goal.text, "", area.name)
            )
        for goal in area.goals:
            documents.append(Document("goal", goal.key, goal.text, "", area.name))
            documents += [
                Document("strategy", f"{goal.key}#strategy-{s.key}", s.text, "", area.name)
                for s in goal.strategies
            ]
    for indicator in site.data.indicators.indicators:
        body = " ".join(text for text in (indicator.notes, indicator.source) if text)
        areas = dict.fromkeys(g.focus_area for g in indicator.goals if g.focus_area)
        documents.append(
            Document("indicator", indicator.key, indicator.name, body, ", ".join(areas))
        )
    return documents


def narrative_text(markdown: str) -> str:
    """The words of a focus area's text as its page shows them, without the markup (and
    without the report's table placeholders, which the page leaves out too)."""
    reader = _TextReader()
    for html, _table in render_narrative(markdown):
        reader.feed(str(html))
    reader.close()
    return "".join(reader.parts)


_BLOCKS = frozenset("p li h1 h2 h3 h4 h5 h6 br hr blockquote pre td th tr ul ol div".split())


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
