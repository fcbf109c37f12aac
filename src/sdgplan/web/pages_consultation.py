"""Public consultation pages (no account): `/{lang}/consultations` lists them,
`/{lang}/consultations/{key}` shows one with its published input and, in its period, the
form; a POST there sends input (CSRF token, honeypot field, size limits, rate limit per
address: `sdgplan.consultation`). Outside the period the page says it is closed. Never
cached: the form carries the visitor's CSRF token."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sdgplan import consultation as service
from sdgplan.domain.consultation import NAME_LIMIT, TEXT_LIMIT, Consultation, Input, State
from sdgplan.domain.display import format_number
from sdgplan.errors import SdgplanError
from sdgplan.i18n import _
from sdgplan.store import consultation_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session, static_copy
from sdgplan.web.edit_common import NO_STORE
from sdgplan.web.page_views import Site
from sdgplan.web.rendering import render_page
from sdgplan.web.sites import SiteDep

SessionDep = Annotated[Session, Depends(db_session)]
HONEYPOT = "website"  # a field people do not see (hidden by CSS and from screen readers)
LARGEST_FORM = 64 * 1024  # bytes of a form: the text's limit in four-byte characters, and more
FIELDS = ("name", "organisation", "concerns", "text", "consent")


def consultation_router() -> APIRouter:
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
    routes: list[tuple[str, str, Callable[..., Any]]] = [
        ("GET", "/consultations", _list),
        ("GET", "/consultations/{key}", _page),
        ("POST", "/consultations/{key}", _submit),
        ("GET", "/consultations/{key}/received", _received),
    ]
    for prefix in ("/{lang}", "/{lang}/{code}"):
        for method, path, handler in routes:
            router.add_api_route(prefix + path, handler, methods=[method])
    return router


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _list(request: Request, site: SiteDep, session: SessionDep) -> Response:
    now = _now()
    found = consultation_repo.load_consultations(session, site.municipality.number)
    html = render_page(
        request,
        "consultations.html.j2",
        site=site,
        title=_("Høringer"),
        consultations=[(c, c.state(now)) for c in found],
        states=State,
    )
    return HTMLResponse(html, headers=NO_STORE)


def _form_page(
    request: Request,
    site: Site,
    session: Session,
    consultation: Consultation,
    *,
    status: int = 200,
    problems: list[tuple[str, str]] | None = None,
    problem: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    now = _now()
    number = site.municipality.number
    state = consultation.state(now)
    concerns = service.concerns(session, number, consultation)
    labels = {c.key: c.label for c in concerns}
    published = consultation_repo.load_submissions(
        session, number, consultation.key, public_only=True
    )
    html = render_page(
        request,
        "consultation.html.j2",
        site=site,
        title=consultation.title,
        consultation=consultation,
        state=state,
        states=State,
        static_copy=static_copy(request),
        closed_message=service.closed_message(consultation, now),
        concern_groups=_grouped(concerns),
        labels=labels,
        published=published,
        problems=dict(problems or []),
        problem=problem,
        values=values or {},
        csrf=auth.csrf_token(request),
        honeypot=HONEYPOT,
        text_limit=TEXT_LIMIT,
        text_limit_text=format_number(TEXT_LIMIT),
        name_limit=NAME_LIMIT,
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def _grouped(concerns: list[service.Concern]) -> list[tuple[str, list[service.Concern]]]:
    groups: dict[str, list[service.Concern]] = {}
    for concern in concerns:
        groups.setdefault(concern.group, []).append(concern)
    return list(groups.items())


def _page(request: Request, site: SiteDep, key: str, session: SessionDep) -> Response:
    consultation = service.choose(session, site.municipality.number, key)
    return _form_page(request, site, session, consultation)


def _values(form: FormData) -> dict[str, str]:
    return {name: str(form.get(name, "")) for name in FIELDS}


async def _submit(request: Request, site: SiteDep, key: str, session: SessionDep) -> Response:
    number = site.municipality.number
    consultation = service.choose(session, number, key)
    too_large = int(request.headers.get("content-length") or 0) > LARGEST_FORM
    if too_large:
        return _form_page(
            request,
            site,
            session,
            consultation,
            status=413,
            problem=_("Skjemaet er for stort (høyst {limit} tegn i innspillet)").format(
                limit=format_number(TEXT_LIMIT)
            ),
        )
    form = await request.form(max_files=0, max_fields=20, max_part_size=LARGEST_FORM)
    auth.check_csrf(request, form)
    values = _values(form)
    entered = Input(
        text=values["text"],
        consent=values["consent"] == "yes",
        name=values["name"],
        organisation=values["organisation"],
        concerns=values["concerns"],
    )

    def store() -> Response:
        try:
            stored = service.submit(
                session,
                number,
                key,
                entered,
                address=auth.client_address(request),
                honeypot=str(form.get(HONEYPOT, "")),
                now=_now(),
            )
        except service.InvalidInput as error:
            session.commit()  # the attempt counts
            return _form_page(
                request,
                site,
                session,
                consultation,
                status=400,
                problems=error.problems,
                values=values,
            )
        except SdgplanError as error:
            session.rollback()
            return _form_page(
                request,
                site,
                session,
                consultation,
                status=error.status,
                problem=error.message,
                values=values,
            )
        session.commit()
        receipt = f"?number={stored.number}" if stored is not None else ""
        target = f"{site.base}consultations/{key}/received{receipt}"
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(store)


def _received(request: Request, site: SiteDep, key: str, session: SessionDep) -> Response:
    consultation = service.choose(session, site.municipality.number, key)
    number = request.query_params.get("number", "")
    html = render_page(
        request,
        "consultation_received.html.j2",
        site=site,
        title=_("Innspillet er mottatt"),
        consultation=consultation,
        number=number if number.isdigit() else None,
    )
    return HTMLResponse(html, headers=NO_STORE)
