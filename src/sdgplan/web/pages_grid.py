"""The observations grid: `/{lang}/edit/{code}/observations/{key}`: one indicator's figures,
areas by periods; saving makes a draft (editing/drafts.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.drafts import Editable
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.subjects import Subject
from sdgplan.errors import InvalidData, VersionConflict
from sdgplan.i18n import _
from sdgplan.store import indicator_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, conflict_page, page, signed_in
from sdgplan.web.edit_grid import STATUS_CHOICES, grid, read_grid

SessionDep = Annotated[Session, Depends(db_session)]


def _show(
    request: Request,
    session: Session,
    user: User,
    current: Editable,
    *,
    status: int = 200,
    submitted: dict[str, Any] | None = None,
    problems: list[str] | None = None,
    reason: str = "",
) -> Response:
    context = indicator_repo.observation_context(session, current.owner.number)
    periods, rows = grid(
        current.state or {},
        current.published or {},
        context.areas,
        current.owner.number,
        context.years,
        submitted,
    )
    lang = request.path_params["lang"]
    indicator = context.indicators[current.subject.key]
    return page(
        request,
        "edit_observations.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200,
        title=current.title,
        user=user,
        current=current,
        indicator=indicator,
        periods=periods,
        rows=rows,
        statuses=STATUS_CHOICES,
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, current.owner.number, current.focus_areas),
        edit_base=f"/{lang}/edit/{current.owner.number}/",
    )


def _form(request: Request, lang: str, code: str, key: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    current = drafts.editable(session, code, Subject("observations", key))
    if not may(user, Action.READ_DRAFTS, current.owner.number):
        drafts.pending(session, user, current.owner.number)  # raises Forbidden
    return _show(request, session, user, current)


async def _save(request: Request, lang: str, code: str, key: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}

    def save() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        subject = Subject("observations", key)
        current = drafts.editable(session, code, subject)
        state, typed, problems = read_grid(fields, current.state or {})
        reason = fields.get("reason", "").strip()[:2000]
        if problems:
            return _show(
                request,
                session,
                user,
                current,
                status=422,
                submitted=typed,
                problems=problems,
                reason=reason,
            )
        try:
            version = int(fields.get("version", ""))
            drafts.save_draft(
                session,
                user,
                current.owner.number,
                subject,
                state,
                version=version,
                reason=reason or None,
            )
        except ValueError:
            return _show(
                request, session, user, current, status=422, problems=[_("Ugyldig skjema")]
            )
        except InvalidData as error:
            session.rollback()
            messages = [issue.message for issue in error.issues] or [error.message]
            return _show(
                request,
                session,
                user,
                current,
                status=422,
                submitted=typed,
                problems=messages,
                reason=reason,
            )
        except VersionConflict as conflict:
            session.rollback()
            return conflict_page(
                request, session, current.owner.number, subject, conflict, state, reason
            )
        session.commit()
        return RedirectResponse(request.url.path + "?saved=1", 303, headers=NO_STORE)

    return await run_in_threadpool(save)


GRID_ROUTES = [
    ("GET", "/{lang}/edit/{code}/observations/{key}", _form),
    ("POST", "/{lang}/edit/{code}/observations/{key}", _save),
]
