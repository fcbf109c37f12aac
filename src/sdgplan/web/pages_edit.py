"""The editing pages (issue 12), for signed-in users only and never cached: the editing home
(`/{lang}/edit/`), a municipality's objects (`/{lang}/edit/{code}/`), the observations grid,
texts with a preview, the pending drafts, an object's history, and the actions on a draft
(publish, discard, revert, save anyway after a conflict). Each page calls the services of
`sdgplan.editing`; permissions are checked there."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan.editing import drafts, history
from sdgplan.editing.permissions import ROLE_NAMES, Action, may
from sdgplan.editing.subjects import Subject
from sdgplan.errors import InvalidData, NotFound, VersionConflict
from sdgplan.i18n import _
from sdgplan.store import org_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, conflict_page, edit_url, page, signed_in
from sdgplan.web.edit_diff import differences
from sdgplan.web.edit_home import municipalities_of, municipality_objects
from sdgplan.web.pages_admin import ADMIN_ROUTES
from sdgplan.web.pages_benefits_edit import BENEFITS_EDIT_ROUTES
from sdgplan.web.pages_consultation_edit import CONSULTATION_ROUTES
from sdgplan.web.pages_definitions import DEFINITION_ROUTES
from sdgplan.web.pages_grid import GRID_ROUTES
from sdgplan.web.pages_login import login_routes
from sdgplan.web.pages_materiality_edit import MATERIALITY_EDIT_ROUTES
from sdgplan.web.pages_method_edit import METHOD_EDIT_ROUTES
from sdgplan.web.pages_plan_edit import PLAN_EDIT_ROUTES
from sdgplan.web.pages_programme_edit import PROGRAMME_EDIT_ROUTES
from sdgplan.web.pages_rounds import ROUND_ROUTES
from sdgplan.web.pages_texts import TEXT_ROUTES
from sdgplan.web.pages_upload import UPLOAD_ROUTES
from sdgplan.web.pages_verdicts import VERDICT_ROUTES

SessionDep = Annotated[Session, Depends(db_session)]


def edit_router() -> APIRouter:
    router = APIRouter(default_response_class=HTMLResponse, include_in_schema=False)
    routes: list[tuple[str, str, Callable[..., Any]]] = [
        *login_routes(),
        ("GET", "/{lang}/edit/", _home),
        ("GET", "/{lang}/edit/{code}/", _municipality),
        ("GET", "/{lang}/edit/{code}/pending", _pending),
        ("GET", "/{lang}/edit/{code}/history", _history),
        ("POST", "/{lang}/edit/{code}/act", _act),
        *GRID_ROUTES,
        *TEXT_ROUTES,
        *DEFINITION_ROUTES,
        *VERDICT_ROUTES,
        *PLAN_EDIT_ROUTES,
        *PROGRAMME_EDIT_ROUTES,
        *BENEFITS_EDIT_ROUTES,
        *METHOD_EDIT_ROUTES,
        *MATERIALITY_EDIT_ROUTES,
        *ROUND_ROUTES,
        *UPLOAD_ROUTES,
        *ADMIN_ROUTES,
        *CONSULTATION_ROUTES,
    ]
    for method, path, handler in routes:
        router.add_api_route(path, handler, methods=[method])
    return router


def _home(request: Request, lang: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    places = municipalities_of(session, user)
    if len(places) == 1:
        return RedirectResponse(f"/{lang}/edit/{places[0].number}/", 303, headers=NO_STORE)
    return page(
        request,
        "edit_home.html.j2",
        title=_("Redigering"),
        user=user,
        role=ROLE_NAMES[user.role](),
        municipalities=places,
    )


def _municipality(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    objects = municipality_objects(session, user, code)
    return page(
        request,
        "edit_municipality.html.j2",
        title=_("Redigering: {name}").format(name=objects.owner.name),
        user=user,
        role=ROLE_NAMES[user.role](),
        objects=objects,
        edit_base=f"/{lang}/edit/{objects.owner.number}/",
    )


def _pending(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    items = []
    for draft in drafts.pending(session, user, owner.number):
        subject = Subject.parse(draft.subject)
        current = drafts.editable(session, owner.number, subject)
        items.append(
            {
                "draft": draft,
                "current": current,
                "changes": differences(current.published, draft.state),
                "may_publish": may(user, Action.PUBLISH, owner.number),
                "may_withdraw": draft.author == user.name,
            }
        )
    return page(
        request,
        "edit_pending.html.j2",
        title=_("Venter på godkjenning"),
        user=user,
        owner=owner,
        items=items,
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _history(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    subject = Subject.parse(request.query_params.get("subject", ""))
    current = drafts.editable(session, code, subject)
    entries = history.history(session, user, current.owner.number, subject)
    return page(
        request,
        "edit_history.html.j2",
        title=_("Historikk: {title}").format(title=current.title),
        user=user,
        current=current,
        entries=[(entry, differences(entry.old, entry.new)) for entry in entries],
        may_revert=may(user, Action.EDIT, current.owner.number, current.focus_areas),
        edit_base=f"/{lang}/edit/{current.owner.number}/",
        back=edit_url(lang, current.owner.number, subject),
    )


async def _act(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {key: str(value) for key, value in form.items()}

    def act() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        subject = Subject.parse(fields.get("subject", ""))
        version = _int(fields.get("version"))
        action = fields.get("action", "")
        owner = org_repo.find_organisation(session, code)
        try:
            if action == "publish":
                drafts.publish(session, user, owner.number, subject, version=version)
            elif action == "discard":
                drafts.discard(session, user, owner.number, subject, version=version)
            elif action == "revert":
                entry = _int(fields.get("entry"))
                history.revert(session, user, owner.number, subject, entry=entry, version=version)
            elif action == "save":  # "save mine anyway" after a conflict
                state = json.loads(fields.get("state", "null"))
                drafts.save_draft(
                    session,
                    user,
                    owner.number,
                    subject,
                    state,
                    version=version,
                    reason=fields.get("reason") or None,
                )
            else:
                raise NotFound(_("Ukjent handling: {action}").format(action=repr(action[:30])))
        except VersionConflict as conflict:
            session.rollback()
            return conflict_page(request, session, owner.number, subject, conflict, None)
        session.commit()
        back = fields.get("back", "")
        target = (
            back if back.startswith(f"/{lang}/edit/") else f"/{lang}/edit/{owner.number}/pending"
        )
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(act)


def _int(text: str | None) -> int:
    try:
        return int(text or "")
    except ValueError:
        raise InvalidData(_("Ugyldig skjema"), issues=[]) from None
