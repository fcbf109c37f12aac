"""The reports page and the report files: `/reports` lists every report the data can make
(`report_files.available_reports`) and the action programme documents
(`report_files.programme_reports`); `/reports/{kind}-{year}.html` and `.pdf` and
`/reports/action-programme-{first}-{last}.html` and `.pdf` serve them in the path's language.
Hidden (404) when the application leaves reports out."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.web.deps import db_session
from sdgplan.web.rendering import render_page
from sdgplan.web.report_files import (
    MEDIA_TYPES,
    REPORT_POLICY,
    available_reports,
    programme_reports,
    report_file,
    reports_enabled,
)
from sdgplan.web.sites import SiteDep

SessionDep = Annotated[Session, Depends(db_session)]


def _reports(request: Request, site: SiteDep, session: SessionDep) -> str:
    if not reports_enabled(request):
        raise NotFound(_("Fant ikke siden"))
    found = available_reports(site.data)
    return render_page(
        request,
        "reports.html.j2",
        site=site,
        title=_("Rapporter"),
        four_year=[r for r in found if r.kind == "four-year"],
        annual=[r for r in found if r.kind == "annual"],
        programmes=programme_reports(session, site.municipality.number),
    )


def _report(request: Request, site: SiteDep, name: str, session: SessionDep) -> Response:
    if not reports_enabled(request):
        raise NotFound(_("Fant ikke siden"))
    content, key = report_file(request, session, site, name)
    fmt = name.rpartition(".")[2]
    filename = re.sub(r"[^0-9A-Za-z._-]", "", f"{site.municipality.number}-{name}")
    headers = {
        "Content-Security-Policy": REPORT_POLICY,
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "no-cache",
        "ETag": f'"{key[:32]}"',
    }
    return Response(content, media_type=MEDIA_TYPES[fmt], headers=headers)


PAGES: list[tuple[str, Callable[..., Any]]] = [
    ("/reports", _reports),
    ("/reports/{name}", _report),
]
