"""The SDG method table on the editing pages (issue 15, item 1, with issue 12's roles, drafts
and change log): `/{lang}/edit/{code}/method` lists the plan cycles with a table;
`.../method/{cycle}` shows the three levels as tables of rows with text areas. "Add" buttons
show the form again with an empty row (saving nothing, no script needed); a box removes a
row. Saving makes a draft of the whole table (`method:CYCLE`, editing/kinds/method.py) that
an approver publishes on the pending page; a problem is refused (422) with each problem
linked to its input and what was typed kept, nothing saved. A new table comes from a file
(`sdgplan method import`)."""

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
from sdgplan.store import method_repo, org_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_forms import REASON_LENGTH, field_text, require_reader, save
from sdgplan.web.edit_method_form import (
    COLUMNS,
    LISTS,
    MAX_ROWS,
    ROW_FIELDS,
    Problem,
    TableForm,
    add_empty,
    form_from_fields,
    form_from_state,
    placed,
    state_from_form,
)

SessionDep = Annotated[Session, Depends(db_session)]
FIELDS_PER_ROW = 10  # level 3: the target, six texts, the plan keys and the remove box


def _current(session: Session, code: str, cycle: str) -> Editable:
    return drafts.editable(session, code, Subject("method", cycle))


def _list(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    cycles = []
    for cycle in method_repo.list_cycles(session, owner.number):
        table = method_repo.find_method(session, owner.number, cycle.key)
        if table is not None and table.rows:  # a cycle of materiality scores alone has none
            cycles.append(_current(session, owner.number, cycle.key))
    return page(
        request,
        "edit_method.html.j2",
        title=_("Metodeverktøy: {name}").format(name=owner.name),
        user=user,
        cycles=cycles,
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _show(
    request: Request,
    user: User,
    current: Editable,
    form: TableForm,
    *,
    status: int = 200,
    problems: list[Problem] | None = None,
    invalid: set[str] | None = None,
    added: str | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number = current.owner.number
    return page(
        request,
        "edit_method.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200 and added is None,
        title=current.title,
        user=user,
        current=current,
        form=form,
        row_fields=ROW_FIELDS,
        columns=COLUMNS,
        lists=LISTS,
        action=request.url.path,
        added=added,
        invalid=invalid or set(),
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        list_url=f"/{lang}/edit/{number}/method",
        public_url=f"/{lang}/{number}/method?cycle={current.subject.key}",
        edit_base=f"/{lang}/edit/{number}/",
    )


def _form(request: Request, lang: str, code: str, cycle: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    current = _current(session, code, cycle)
    require_reader(session, user, current.owner.number)
    return _show(request, user, current, form_from_state(current.state or {}))


async def _save(
    request: Request, lang: str, code: str, cycle: str, session: SessionDep
) -> Response:
    fields = await request.form(max_fields=FIELDS_PER_ROW * MAX_ROWS + 10)
    auth.check_csrf(request, fields)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        current = _current(session, code, cycle)
        form = form_from_fields(fields)
        reason = field_text(fields, "reason").strip()[:REASON_LENGTH]
        level = field_text(fields, "add")
        if level:
            added = add_empty(form, level)
            return _show(request, user, current, form, added=added or "", reason=reason)
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


METHOD_EDIT_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/method", _list),
    ("GET", "/{lang}/edit/{code}/method/{cycle}", _form),
    ("POST", "/{lang}/edit/{code}/method/{cycle}", _save),
]
