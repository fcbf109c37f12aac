"""Materiality on the editing pages (issue 15, item 2, with issue 12's roles, drafts and change
log): `/{lang}/edit/{code}/materiality` lists the plan cycles with a scoring;
`.../materiality/{cycle}` shows its scale, aggregation, priority threshold and illustrative
flag, and its scores as a table, one row per scorer and code. "More rows" shows the form
again with empty rows (saving nothing, no script needed); a box removes a row. Saving makes
a draft of the whole scoring (`materiality:CYCLE`, editing/kinds/materiality.py) that an
approver publishes on the pending page; a score outside the scale is refused (422) naming its
row and value, nothing saved."""

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
from sdgplan.store import materiality_repo, org_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_forms import REASON_LENGTH, field_text, require_reader, save
from sdgplan.web.edit_materiality_form import (
    AGGREGATIONS,
    MAX_ROWS,
    MORE_ROWS,
    Problem,
    ScoringForm,
    add_rows,
    form_from_fields,
    form_from_state,
    placed,
    state_from_form,
)

SessionDep = Annotated[Session, Depends(db_session)]
FIELDS_PER_ROW = 5
OTHER_FIELDS = 20  # the method's fields, the reason, the buttons


def _current(session: Session, code: str, cycle: str) -> Editable:
    return drafts.editable(session, code, Subject("materiality", cycle))


def _list(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    cycles = []
    for key in materiality_repo.cycle_keys(session, owner.number, scored=True):
        current = _current(session, owner.number, key)
        scores = current.state.get("scores") or []
        scorers = len({score.get("scorer") for score in scores})
        cycles.append({"current": current, "scores": len(scores), "scorers": scorers})
    return page(
        request,
        "edit_materiality.html.j2",
        title=_("Vesentlighetsvurdering: {name}").format(name=owner.name),
        user=user,
        owner=owner,
        cycles=cycles,
        form=None,
        may_edit=may(user, Action.EDIT, owner.number, None),
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _show(
    request: Request,
    user: User,
    current: Editable,
    form: ScoringForm,
    *,
    status: int = 200,
    problems: list[Problem] | None = None,
    invalid: set[str] | None = None,
    added: int | None = None,
    adding: bool = False,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number = current.owner.number
    return page(
        request,
        "edit_materiality.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200 and not adding,
        title=current.title,
        user=user,
        current=current,
        form=form,
        aggregations=AGGREGATIONS,
        adding=adding,
        added=added,
        problems=problems or [],
        invalid=invalid or set(),
        reason=reason,
        more_rows=MORE_ROWS,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        action=request.url.path,
        public=f"/{lang}/{number}/materiality?cycle={current.subject.key}",
        edit_base=f"/{lang}/edit/{number}/",
    )


def _form(request: Request, lang: str, code: str, cycle: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    current = _current(session, code, cycle)
    require_reader(session, user, current.owner.number)
    return _show(request, user, current, form_from_state(current.state))


async def _save(
    request: Request, lang: str, code: str, cycle: str, session: SessionDep
) -> Response:
    fields = await request.form(max_fields=FIELDS_PER_ROW * MAX_ROWS + OTHER_FIELDS)
    auth.check_csrf(request, fields)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        current = _current(session, code, cycle)
        form = form_from_fields(fields)
        reason = field_text(fields, "reason").strip()[:REASON_LENGTH]
        if field_text(fields, "add"):
            added = add_rows(form, MORE_ROWS)
            return _show(request, user, current, form, added=added, adding=True, reason=reason)
        state, places = state_from_form(form)
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
            problems, invalid = placed(answer, form, places)
            return _show(
                request,
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


MATERIALITY_EDIT_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/materiality", _list),
    ("GET", "/{lang}/edit/{code}/materiality/{cycle}", _form),
    ("POST", "/{lang}/edit/{code}/materiality/{cycle}", _save),
]
