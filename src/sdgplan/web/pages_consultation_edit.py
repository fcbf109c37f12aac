"""Consultations in the editing pages: `/{lang}/edit/{code}/consultations` lists them,
`.../consultations/{key}` shows every input with its status, lets an approver publish or
reject it (`.../moderate`) and offers the export for the case file (`.../export.csv`,
`.xlsx`, `.pdf`: the input with consent to publication, `sdgplan.consultation.for_export`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan import consultation as service
from sdgplan.domain.consultation import Status
from sdgplan.editing.permissions import Action, may, require
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import consultation_repo, org_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in

SessionDep = Annotated[Session, Depends(db_session)]
STATUS_NAMES: dict[Status, Callable[[], str]] = {
    Status.RECEIVED: lambda: _("til behandling"),
    Status.PUBLISHED: lambda: _("publisert"),
    Status.REJECTED: lambda: _("avvist"),
}


def _list(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require(user, Action.READ_DRAFTS, owner.number)
    now = dt.datetime.now(dt.UTC)
    found = consultation_repo.load_consultations(session, owner.number)
    counts = {
        c.key: len(consultation_repo.load_submissions(session, owner.number, c.key)) for c in found
    }
    return page(
        request,
        "edit_consultations.html.j2",
        title=_("Høringer: {name}").format(name=owner.name),
        user=user,
        consultations=[(c, c.state(now), counts[c.key]) for c in found],
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _consultation(
    request: Request, lang: str, code: str, key: str, session: SessionDep
) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require(user, Action.READ_DRAFTS, owner.number)
    consultation = service.choose(session, owner.number, key)
    submissions = consultation_repo.load_submissions(session, owner.number, key)
    labels = {c.key: c.label for c in service.concerns(session, owner.number, consultation)}
    return page(
        request,
        "edit_consultation.html.j2",
        title=consultation.title,
        user=user,
        consultation=consultation,
        submissions=submissions,
        labels=labels,
        status_names={s: name() for s, name in STATUS_NAMES.items()},
        statuses=Status,
        may_moderate=may(user, Action.PUBLISH, owner.number),
        public_url=f"/{lang}/{owner.number}/consultations/{key}",
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


async def _moderate(
    request: Request, lang: str, code: str, key: str, session: SessionDep
) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    number, status = str(form.get("number", "")), str(form.get("status", ""))

    def moderate() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        require(user, Action.PUBLISH, owner.number)
        if not number.isdigit() or status not in {s.value for s in Status}:
            raise NotFound(_("Ukjent innspill eller status"))
        service.moderate(
            session,
            owner.number,
            key,
            int(number),
            Status(status),
            who=user.name,
            now=dt.datetime.now(dt.UTC),
        )
        session.commit()
        target = f"/{lang}/edit/{owner.number}/consultations/{key}#submission-{number}"
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(moderate)


def _export(
    request: Request, lang: str, code: str, key: str, fmt: str, session: SessionDep
) -> Response:
    """The case file's list as a download (`export.csv`, `.xlsx`, `.pdf`)."""
    from sdgplan.exporters.consultation import export_submissions

    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require(user, Action.READ_DRAFTS, owner.number)
    if fmt not in EXPORT_FORMATS:
        raise NotFound(_("Fant ikke siden"))
    content, media_type = export_submissions(session, owner, key, fmt, lang=lang)
    filename = f"{owner.number}-{key}.{fmt}"
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(content, media_type=media_type, headers=headers)


EXPORT_FORMATS = ("csv", "xlsx", "pdf")
CONSULTATION_ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("GET", "/{lang}/edit/{code}/consultations", _list),
    ("GET", "/{lang}/edit/{code}/consultations/{key}", _consultation),
    ("POST", "/{lang}/edit/{code}/consultations/{key}/moderate", _moderate),
    ("GET", "/{lang}/edit/{code}/consultations/{key}/export.{fmt}", _export),
]
