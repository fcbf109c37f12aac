"""The SDG method tool on the public web (issue 15; docs/web.md, docs/method-tool.md):
`/{lang}/method` (the method table's three levels, `?cycle=` for another plan cycle than
the newest), `/{lang}/method/{cycle}.html` and `.pdf` (the printable method document),
`/{lang}/materiality` (the materiality matrix, the prioritised list and the check against
the plan, `?cycle=` as for the method; the matrix is a static SVG,
`/{lang}/materiality/{cycle}.svg`, and `{cycle}-phone.svg` for a narrow screen) and
`/{lang}/benefits` (the benefit plans, each benefit judged as key figures are and each
target area rolled up). Each is a 404 when the
municipality has no such data; the home page links to those it has (`method_pages`).

The pages show what the CLI shows (`sdgplan method show`, `materiality show`,
`benefits show`) through the same use cases; editing them is for the editing pages.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sdgplan.domain.materiality import Materiality
from sdgplan.domain.method import MethodTable
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.web.deps import db_session
from sdgplan.web.page_views import Site
from sdgplan.web.rendering import render_page
from sdgplan.web.sites import SiteDep

SessionDep = Annotated[Session, Depends(db_session)]
PHONE_SUFFIX = "-phone"
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class MethodPages:
    """Which of the method tool's pages a municipality has data for."""

    method: bool
    materiality: bool
    benefits: bool

    def __bool__(self) -> bool:
        return self.method or self.materiality or self.benefits


def method_pages(session: Session, municipality: str) -> MethodPages:
    from sdgplan.store import benefit_repo, materiality_repo

    return MethodPages(
        method=bool(_tables(session, municipality)),
        materiality=bool(materiality_repo.cycle_keys(session, municipality, scored=True)),
        benefits=bool(benefit_repo.load_benefit_plans(session, municipality)),
    )


def _tables(session: Session, municipality: str) -> list[MethodTable]:
    """The stored method tables with rows, by cycle key (a cycle made by a materiality file
    alone has none)."""
    from sdgplan.store import method_repo

    found = [
        method_repo.find_method(session, municipality, cycle.key)
        for cycle in method_repo.list_cycles(session, municipality)
    ]
    return [t for t in found if t is not None and t.rows]


def _chosen(tables: list[MethodTable], cycle: str) -> MethodTable:
    """The table of `cycle` ("": the newest); NotFound without it."""
    if not tables:
        raise NotFound(_("Fant ikke siden"))
    if not cycle:
        return tables[-1]
    found = next((t for t in tables if t.cycle.key == cycle), None)
    if found is None:
        raise NotFound(_("Fant ikke planperioden «{cycle}»").format(cycle=cycle))
    return found


def _method(request: Request, site: SiteDep, session: SessionDep, cycle: str = "") -> str:
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.web.method_views import method_page

    tables = _tables(session, site.municipality.number)
    table = _chosen(tables, cycle)
    view = method_page(
        table,
        [t.cycle for t in tables],
        version=site.data.version,
        base=site.base,
        catalogue=load_sdg_catalogue(),
    )
    return render_page(request, "method.html.j2", site=site, view=view, title=table.cycle.title)


def _method_file(request: Request, site: SiteDep, session: SessionDep, name: str) -> Response:
    """The method document of a cycle (`2020-2032.pdf`, `.html`), made once per data
    revision and kept as the reports are (`report_files.ReportFiles`)."""
    from sdgplan.web.report_files import MEDIA_TYPES, REPORT_POLICY, reports_enabled

    stem, _dot, fmt = name.rpartition(".")
    if not reports_enabled(request) or fmt not in MEDIA_TYPES:
        raise NotFound(_("Fant ikke siden"))
    table = _chosen(_tables(session, site.municipality.number), stem or "-")
    content, key = _kept_document(request, session, site, table, fmt)
    filename = re.sub(r"[^0-9A-Za-z._-]", "", f"{site.municipality.number}-method-{name}")
    headers = {
        "Content-Security-Policy": REPORT_POLICY,
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "no-cache",
        "ETag": f'"{key[:32]}"',
    }
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)


def _kept_document(
    request: Request, session: Session, site: Site, table: MethodTable, fmt: str
) -> tuple[bytes, str]:
    from sdgplan.reports.disk_cache import digest
    from sdgplan.store import change_log
    from sdgplan.version import __version__
    from sdgplan.web.report_files import report_files

    files = report_files(request.app)
    revision = change_log.revision(session)
    parts = [
        __version__,
        request.app.state.settings.db,
        site.municipality.number,
        "method",
        table.cycle.key,
        site.lang,
        fmt,
        list(revision),
    ]
    key = digest(json.dumps(parts, ensure_ascii=False))

    def made() -> bytes:
        if fmt == "pdf":
            html, _key = _kept_document(request, session, site, table, "html")
            return _pdf(html.decode("utf-8"))
        return _document_html(site, table).encode("utf-8")

    def from_disk() -> bytes:
        # the newest change's time tells a database made again apart from the one before
        newest = change_log.load_log(session, limit=1)
        when = newest[0].at.isoformat() if newest else ""
        return files.on_disk(digest(key + when), fmt, made)

    return files.get(key, from_disk), key


def _document_html(site: Site, table: MethodTable) -> str:
    from sdgplan.i18n import use_language
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.reports.method_document import method_document, render_method_document

    lang = site.lang
    with use_language(lang):
        document = method_document(table, site.municipality, load_sdg_catalogue(), lang=lang)
        return render_method_document(document, lang=lang)


def _pdf(html: str) -> bytes:
    from sdgplan.reports.pdf import write_pdf

    with tempfile.TemporaryDirectory(prefix="sdgplan-method-") as folder:
        path = Path(folder) / "method.pdf"
        write_pdf(html, path)
        return path.read_bytes()


def _scoring(session: Session, number: str, cycle: str) -> tuple[Materiality, list[str]]:
    """The scoring of `cycle` ("": the newest) and the keys of every scored cycle."""
    from sdgplan.store import materiality_repo

    keys = materiality_repo.cycle_keys(session, number, scored=True)
    if not keys:
        raise NotFound(_("Fant ikke siden"))
    if cycle and cycle not in keys:
        raise NotFound(_("Fant ikke planperioden «{cycle}»").format(cycle=cycle))
    materiality = materiality_repo.load_materiality(session, number, cycle or keys[-1])
    if materiality is None:  # deleted since the keys were read
        raise NotFound(_("Fant ikke siden"))
    return materiality, keys


def _materiality(request: Request, site: SiteDep, session: SessionDep, cycle: str = "") -> str:
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.web.method_views import materiality_page

    materiality, keys = _scoring(session, site.municipality.number, cycle)
    view = materiality_page(
        materiality,
        keys,
        version=site.data.version,
        base=site.base,
        catalogue=load_sdg_catalogue(),
        municipality=site.municipality.name,
    )
    return render_page(
        request, "materiality.html.j2", site=site, view=view, title=_("Vesentlighetsmatrise")
    )


def _materiality_chart(request: Request, site: SiteDep, session: SessionDep, name: str) -> Response:
    """The matrix as a static SVG, so the page needs no script and prints as shown:
    `{cycle}.svg`, or `{cycle}-phone.svg` with the labels placed for a phone's width."""
    from sdgplan.domain.materiality import aggregate
    from sdgplan.reference import load_sdg_catalogue
    from sdgplan.reports.charts import chart_svg
    from sdgplan.reports.materiality_chart import PHONE_WIDTH, WIDTH, materiality_chart

    stem, _dot, fmt = name.rpartition(".")
    phone = stem.endswith(PHONE_SUFFIX)
    cycle = stem.removesuffix(PHONE_SUFFIX) if phone else stem
    if fmt != "svg" or not cycle:
        raise NotFound(_("Fant ikke siden"))
    materiality, _keys = _scoring(session, site.municipality.number, cycle)
    chart = materiality_chart(
        materiality,
        aggregate(materiality.scores, materiality.method),
        municipality=site.municipality.name,
        catalogue=load_sdg_catalogue(),
        width=PHONE_WIDTH if phone else WIDTH,
    )
    if chart is None:
        raise NotFound(_("Fant ikke siden"))
    headers = {"Content-Security-Policy": SVG_POLICY, "Cache-Control": "no-cache"}
    return Response(chart_svg(chart), media_type="image/svg+xml", headers=headers)


def _benefits(request: Request, site: SiteDep, session: SessionDep) -> str:
    from sdgplan.benefits import assess_benefit_plan
    from sdgplan.store import benefit_repo
    from sdgplan.web.method_views import benefit_plan_view

    plans = benefit_repo.load_benefit_plans(session, site.municipality.number)
    if not plans:
        raise NotFound(_("Fant ikke siden"))
    data = site.data
    indicators = data.indicators.indicators
    names = {i.key: i.name for i in indicators}
    views = [
        benefit_plan_view(
            assess_benefit_plan(plan, indicators, data.observations, area=data.number),
            indicators=names,
            base=site.base,
        )
        for plan in plans
    ]
    return render_page(
        request, "benefits.html.j2", site=site, plans=views, title=_("Gevinstrealisering")
    )


PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/method", _method),
    ("/method/{name}", _method_file),
    ("/materiality", _materiality),
    ("/materiality/{name}", _materiality_chart),
    ("/benefits", _benefits),
]
