"""The plan as a draft proposal: `/{lang}/edit/{code}/plan[?plan=TITLE]`: focus areas, main
goals, sub-goals and strategies as nested fieldsets, with their SDG references as text.
"Add" buttons show the form again with an empty item (saving nothing, no script needed);
a box removes an item. Saving makes a draft of `plan:TITLE`: published, it becomes the
plan's proposal; the adopted version is never changed here."""

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
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import org_repo, plan_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_forms import REASON_LENGTH, field_text, require_reader, save
from sdgplan.web.edit_plan_form import (
    MAX_ITEMS,
    Area,
    add_empty,
    areas_from_form,
    areas_from_state,
    placed,
    state_from_areas,
)

SessionDep = Annotated[Session, Depends(db_session)]
FIELDS_PER_ITEM = 5


def _title(session: Session, number: str, wanted: str | None) -> str:
    """The plan to edit: `wanted`, or the municipality's only plan."""
    titles = sorted({p.title for p in plan_repo.list_plans(session) if p.municipality == number})
    if wanted:
        if wanted not in titles:
            raise NotFound(_("Ukjent plan: {title}").format(title=repr(wanted[:200])))
        return wanted
    if len(titles) != 1:
        raise NotFound(
            _("Velg planen med ?plan=: {titles}").format(titles="; ".join(titles) or "–")
        )
    return titles[0]


def _show(
    request: Request,
    user: User,
    current: Editable,
    areas: list[Area],
    *,
    status: int = 200,
    problems: list[str] | None = None,
    invalid: set[str] | None = None,
    added: str | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number = current.owner.number
    return page(
        request,
        "edit_plan.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200 and added is None,
        title=_("Planforslag: {title}").format(title=current.subject.key),
        user=user,
        current=current,
        plan_title=current.subject.key,
        action=request.url.path,
        areas=areas,
        added=added,
        invalid=invalid or set(),
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        edit_base=f"/{lang}/edit/{number}/",
    )


def _form(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    title = _title(session, owner.number, request.query_params.get("plan"))
    current = drafts.editable(session, owner.number, Subject("plan", title))
    return _show(request, user, current, areas_from_state(current.state or {}))


async def _save(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form(max_fields=FIELDS_PER_ITEM * MAX_ITEMS)
    auth.check_csrf(request, form)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        title = _title(session, owner.number, field_text(form, "plan"))
        current = drafts.editable(session, owner.number, Subject("plan", title))
        areas = areas_from_form(form)
        reason = field_text(form, "reason").strip()[:REASON_LENGTH]
        where = field_text(form, "add")
        if where:
            added = add_empty(areas, where)
            return _show(request, user, current, areas, added=added or "", reason=reason)
        state, places = state_from_areas(current.state or {}, areas)
        answer = save(
            request,
            session,
            user,
            current,
            state,
            version=field_text(form, "version"),
            reason=reason,
        )
        if isinstance(answer, list):
            problems, invalid = placed(answer, places)
            return _show(
                request,
                user,
                current,
                areas,
                status=422,
                problems=problems,
                invalid=invalid,
                reason=reason,
            )
        target = request.url.include_query_params(plan=title, saved="1")
        return answer or RedirectResponse(str(target), 303, headers=NO_STORE)

    return await run_in_threadpool(run)


PLAN_EDIT_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/plan", _form),
    ("POST", "/{lang}/edit/{code}/plan", _save),
]
