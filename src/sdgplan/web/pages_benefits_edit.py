"""Benefit-realisation plans on the editing pages (issue 15 with issue 12's roles, drafts and
change log): `/{lang}/edit/{code}/benefits` lists the stored plans;
`/{lang}/edit/{code}/benefits/{key}` edits one: its title and years, and its target areas
with their benefits as nested fieldsets, each benefit's indicator chosen among the
municipality's. "Add" buttons show the form again with an empty item (saving nothing, no
script needed); a box removes an item. Saving makes a draft of `benefits:KEY`
(editing/kinds/benefits.py) that an approver publishes on the pending page; a problem is a
422 listing each by its place, linked to its input, with what was typed kept."""

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
from sdgplan.i18n import _
from sdgplan.store import benefit_repo, indicator_repo, org_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_benefits_form import (
    MAX_ITEMS,
    PlanForm,
    Problem,
    add_empty,
    form_from_fields,
    form_from_state,
    placed,
    state_from_form,
)
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_forms import REASON_LENGTH, field_text, require_reader, save

SessionDep = Annotated[Session, Depends(db_session)]
FIELDS_PER_ITEM = 7
KIND = "benefits"


def _list(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    plans = [
        drafts.editable(session, owner.number, Subject(KIND, plan.key))
        for plan in benefit_repo.load_benefit_plans(session, owner.number)
    ]
    return page(
        request,
        "edit_benefits.html.j2",
        title=_("Gevinstrealisering: {name}").format(name=owner.name),
        user=user,
        listing=True,
        plans=plans,
        may_edit=may(user, Action.EDIT, owner.number, None),
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _show(
    request: Request,
    session: Session,
    user: User,
    current: Editable,
    form: PlanForm,
    *,
    status: int = 200,
    problems: list[Problem] | None = None,
    invalid: set[str] | None = None,
    added: str | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number = current.owner.number
    indicators = indicator_repo.load_indicator_set(session, number).indicators
    return page(
        request,
        "edit_benefits.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200 and added is None,
        title=current.title,
        user=user,
        listing=False,
        current=current,
        form=form,
        indicators=[(i.key, i.name) for i in indicators],
        indicator_keys={i.key for i in indicators},
        action=request.url.path,
        added=added,
        invalid=invalid or set(),
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        list_url=f"/{lang}/edit/{number}/benefits",
        edit_base=f"/{lang}/edit/{number}/",
    )


def _form(request: Request, lang: str, code: str, key: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    current = drafts.editable(session, owner.number, Subject(KIND, key))
    return _show(request, session, user, current, form_from_state(current.state or {}))


async def _save(request: Request, lang: str, code: str, key: str, session: SessionDep) -> Response:
    fields = await request.form(max_fields=FIELDS_PER_ITEM * MAX_ITEMS)
    auth.check_csrf(request, fields)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        current = drafts.editable(session, owner.number, Subject(KIND, key))
        form = form_from_fields(fields)
        reason = field_text(fields, "reason").strip()[:REASON_LENGTH]
        where = field_text(fields, "add")
        if where:  # shows the form again, saves nothing
            require_reader(session, user, owner.number)
            added = add_empty(form, where)
            return _show(request, session, user, current, form, added=added or "", reason=reason)
        state, places = state_from_form(current.state or {}, form)
        answer = save(
            request,
            session,
            user,
            current,
            state,
            version=field_text(fields, "version"),
            reason=reason,
        )
        if isinstance(answer, list):
            problems, invalid = placed(answer, places)
            return _show(
                request,
                session,
                user,
                current,
                form,
                status=422,
                problems=problems,
                invalid=invalid,
                reason=reason,
            )
        target = request.url.include_query_params(saved="1")
        return answer or RedirectResponse(str(target), 303, headers=NO_STORE)

    return await run_in_threadpool(run)


BENEFITS_EDIT_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/benefits", _list),
    ("GET", "/{lang}/edit/{code}/benefits/{key}", _form),
    ("POST", "/{lang}/edit/{code}/benefits/{key}", _save),
]
