"""The definition forms: an indicator (`/{lang}/edit/{code}/indicators/{key}`, every field of
`indicator:KEY`) and the thematic plans (`/{lang}/edit/{code}/thematic-plans`, a table of
rows with spare empty ones and a remove box each). Saving makes a draft (editing/drafts.py);
a problem shows the form again with what was typed (422), each naming its field."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.drafts import Editable
from sdgplan.editing.kinds.common import goal_focus_areas
from sdgplan.editing.kinds.thematic_plans import KEY as THEMATIC_PLANS
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.subjects import Subject
from sdgplan.errors import NotFound
from sdgplan.i18n import N_, _
from sdgplan.importers.thematic_plans_csv import COLUMNS
from sdgplan.store import indicator_repo, plan_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_forms import (
    REASON_LENGTH,
    blank_to_none,
    field_text,
    invalid_names,
    require_reader,
    save,
)
from sdgplan.web.edit_indicator_form import (
    DIRECTIONS,
    OPERATORS,
    goal_groups,
    input_names,
    state_from_typed,
    typed_from_form,
    typed_from_state,
)

SessionDep = Annotated[Session, Depends(db_session)]
SPARE_PLANS = 3  # empty rows under the thematic plans, to add some without script
MAX_ROWS = 600
PLAN_STATUSES = {"": N_("Velg"), "adopted": N_("Vedtatt"), "planned": N_("Planlagt")}
PLAN_COLUMNS = {  # the thematic plans' fields -> the table's headings
    "name": N_("Navn"),
    "status": N_("Status"),
    "adopted": N_("Vedtatt dato"),
    "planned": N_("Planlagt når"),
}
_PLACED = re.compile(r"^\[(\d+)\](?:\.(\w+))?: (.*)$", re.S)


# -- an indicator ----------------------------------------------------------------------------


def _show_indicator(
    request: Request,
    session: Session,
    user: User,
    current: Editable,
    typed: dict[str, Any],
    *,
    status: int = 200,
    problems: list[str] | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number, key = current.owner.number, current.subject.key
    try:
        version = plan_repo.load_plan_version(session, municipality=number)[1]
    except NotFound:
        version = None
    known = set(goal_focus_areas(session, number))
    return page(
        request,
        "edit_indicator.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200,
        title=current.title,
        user=user,
        current=current,
        fields=typed,
        unknown_goals=[goal for goal in typed["goals"] if goal not in known],
        goal_groups=goal_groups(version),
        directions=DIRECTIONS,
        operators=OPERATORS,
        areas=_comparison_areas(session, number, key),
        invalid=invalid_names(problems or [], input_names(typed)),
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        edit_base=f"/{lang}/edit/{number}/",
    )


def _comparison_areas(session: Session, municipality: str, key: str) -> list[str]:
    """The names of the other areas with figures for the indicator, which it is compared
    with (the model has no comparison areas of their own)."""
    areas = indicator_repo.observation_context(session, municipality).areas
    observations = indicator_repo.load_observations(session, municipality)
    codes = {o.area for o in observations if o.indicator == key and o.area != municipality}
    return sorted(areas[c].name if c in areas else c for c in codes)


def _indicator_form(
    request: Request, lang: str, code: str, key: str, session: SessionDep
) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    current = drafts.editable(session, code, Subject("indicator", key))
    require_reader(session, user, current.owner.number)
    return _show_indicator(request, session, user, current, typed_from_state(current.state))


async def _indicator_save(
    request: Request, lang: str, code: str, key: str, session: SessionDep
) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        current = drafts.editable(session, code, Subject("indicator", key))
        typed = typed_from_form(form)
        reason = str(form.get("reason") or "").strip()[:REASON_LENGTH]
        state = state_from_typed(typed)
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
            return _show_indicator(
                request, session, user, current, typed, status=422, problems=answer, reason=reason
            )
        return answer or RedirectResponse(request.url.path + "?saved=1", 303, headers=NO_STORE)

    return await run_in_threadpool(run)


# -- the thematic plans -----------------------------------------------------------------------


def _plan_rows(state: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = [{**{c: item.get(c) or "" for c in COLUMNS}, "remove": False} for item in state]
    return rows + [{**dict.fromkeys(COLUMNS, ""), "remove": False} for _ in range(SPARE_PLANS)]


def _rows_from_form(form: FormData) -> list[dict[str, Any]]:
    numbers = sorted(
        {
            int(found.group(1))
            for name in form
            if (found := re.fullmatch(r"plans\.(\d{1,4})\.\w+", name))
        }
    )
    return [
        {
            **{c: str(form.get(f"plans.{n}.{c}") or "") for c in COLUMNS},
            "remove": bool(form.get(f"plans.{n}.remove")),
        }
        for n in numbers[:MAX_ROWS]
    ]


def _plans_state(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[int]]:
    """The plans the rows ask for (removed and empty rows left out), and the row of each."""
    state, places = [], []
    for number, row in enumerate(rows):
        values = {c: blank_to_none(row[c]) for c in COLUMNS}
        if row["remove"] or not any(values[c] for c in COLUMNS if c != "status"):
            continue
        state.append(values)
        places.append(number)
    return state, places


def _placed(problems: list[str], places: list[int]) -> tuple[list[str], set[str]]:
    """The problems with the row of the table (`Rad 2, Vedtatt dato: ...`), and the inputs
    they name."""
    shown, invalid = [], set()
    for problem in problems:
        found = _PLACED.match(problem)
        if not found or int(found.group(1)) >= len(places):
            shown.append(problem)
            continue
        row, field, message = places[int(found.group(1))], found.group(2), found.group(3)
        if field in PLAN_COLUMNS:
            invalid.add(f"plans.{row}.{field}")
            shown.append(
                _("Rad {row}, {field}: {message}").format(
                    row=row + 1, field=_(PLAN_COLUMNS[field]).lower(), message=message
                )
            )
        else:
            invalid |= {f"plans.{row}.{c}" for c in COLUMNS}
            shown.append(_("Rad {row}: {message}").format(row=row + 1, message=message))
    return shown, invalid


def _show_plans(
    request: Request,
    user: User,
    current: Editable,
    rows: list[dict[str, Any]],
    *,
    status: int = 200,
    problems: list[str] | None = None,
    invalid: set[str] | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number = current.owner.number
    return page(
        request,
        "edit_thematic_plans.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200,
        title=current.title,
        user=user,
        current=current,
        rows=rows,
        columns=PLAN_COLUMNS,
        statuses=PLAN_STATUSES,
        invalid=invalid or set(),
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        edit_base=f"/{lang}/edit/{number}/",
    )


def _plans_form(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    current = drafts.editable(session, code, Subject("thematic_plans", THEMATIC_PLANS))
    require_reader(session, user, current.owner.number)
    return _show_plans(request, user, current, _plan_rows(current.state or []))


async def _plans_save(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form(max_fields=6 * MAX_ROWS)
    auth.check_csrf(request, form)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        current = drafts.editable(session, code, Subject("thematic_plans", THEMATIC_PLANS))
        rows = _rows_from_form(form)
        reason = str(form.get("reason") or "").strip()[:REASON_LENGTH]
        state, places = _plans_state(rows)
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
            problems, invalid = _placed(answer, places)
            return _show_plans(
                request,
                user,
                current,
                rows,
                status=422,
                problems=problems,
                invalid=invalid,
                reason=reason,
            )
        return answer or RedirectResponse(request.url.path + "?saved=1", 303, headers=NO_STORE)

    return await run_in_threadpool(run)


DEFINITION_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/indicators/{key}", _indicator_form),
    ("POST", "/{lang}/edit/{code}/indicators/{key}", _indicator_save),
    ("GET", "/{lang}/edit/{code}/thematic-plans", _plans_form),
    ("POST", "/{lang}/edit/{code}/thematic-plans", _plans_save),
]
