"""The goal owners' own verdicts: `/{lang}/edit/{code}/verdicts?year=YYYY`: per focus area,
each goal's computed attainment (words and symbol) beside the owner's verdict and reason,
flagged where the two disagree. Saving makes one draft per changed goal
(`goal_verdict:KEY@YEAR`); a scoped editor sees the goals of other focus areas read-only.

`goal_verdict_view` gives the public goal page the owner's verdict beside the computed one."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from sdgplan.assessment.rollup import ATTAINMENT_LABELS, Attainment, RollUp
from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.kinds.goal_verdict import verdict_key
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.subjects import Subject
from sdgplan.editing.verdicts import GoalVerdicts, compare_verdicts
from sdgplan.errors import ConfigError, InvalidData, VersionConflict
from sdgplan.i18n import _
from sdgplan.plan_data import assess, load_plan_data
from sdgplan.store import edit_repo, org_repo
from sdgplan.store.edit_repo import Draft
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, conflict_page, page, signed_in
from sdgplan.web.edit_forms import problems_of, require_reader
from sdgplan.web.page_views import Site

SessionDep = Annotated[Session, Depends(db_session)]
CHOICES = {"": None, **{a.value: ATTAINMENT_LABELS[a] for a in Attainment}}
VERDICTS = frozenset(a.value for a in Attainment)
MAX_FIELDS = 3000  # three a goal


@dataclass(frozen=True)
class VerdictRow:
    """One goal as the form shows it: the computed roll-up, the owner's verdict (the open
    draft's, else the published one; or what was typed) and whether they disagree."""

    goal_key: str
    goal: str
    number: int  # 0: the main goal; the sub-goals from 1
    computed: RollUp
    verdict: str
    reason: str
    published: GoalVerdicts
    draft: Draft | None
    version: int
    editable: bool
    disagrees: bool
    invalid: bool = False

    @property
    def state(self) -> dict[str, str] | None:
        return {"verdict": self.verdict, "reason": self.reason} if self.verdict else None


@dataclass(frozen=True)
class AreaRows:
    name: str
    rows: list[VerdictRow]


def _rows(
    session: Session,
    user: User,
    number: str,
    year: int | None,
    typed: FormData | None = None,
    invalid: frozenset[str] = frozenset(),
) -> tuple[int, list[AreaRows]]:
    """The year (given, else the latest with key figures) and its goals by focus area."""
    data = load_plan_data(session, municipality=number)
    assessment = assess(data, year=year)
    compared = {v.goal_key: v for v in compare_verdicts(session, data, assessment)}
    year = assessment.year
    open_drafts = {d.subject: d for d in edit_repo.open_drafts(session, number)}
    areas = []
    for area in data.version.focus_areas:
        editable = may(user, Action.EDIT, number, {area.key})
        rows = []
        for position, goal in enumerate([area.main_goal, *area.goals]):
            published = compared.get(goal.key) if goal is not None else None
            if goal is None or published is None:
                continue
            subject = str(Subject("goal_verdict", verdict_key(goal.key, year)))
            draft = open_drafts.get(subject)
            state = draft.state if draft else _state(published)
            verdict, reason = (state or {}).get("verdict", ""), (state or {}).get("reason", "")
            if typed is not None and f"verdict:{goal.key}" in typed:
                verdict = str(typed.get(f"verdict:{goal.key}") or "")
                reason = str(typed.get(f"reason:{goal.key}") or "")
            own = Attainment(verdict) if verdict in VERDICTS else None
            rows.append(
                VerdictRow(
                    goal_key=goal.key,
                    goal=goal.text,
                    number=position if area.main_goal else position + 1,
                    computed=published.computed,
                    verdict=verdict,
                    reason=reason,
                    published=published,
                    draft=draft,
                    version=edit_repo.version(session, number, subject),
                    editable=editable,
                    disagrees=dataclasses.replace(published, own=own).disagrees,
                    invalid=goal.key in invalid,
                )
            )
        areas.append(AreaRows(area.name, rows))
    return year, areas


def _state(published: GoalVerdicts) -> dict[str, str] | None:
    if published.own is None:
        return None
    return {"verdict": published.own.value, "reason": published.reason or ""}


def _year(text: str | None) -> int | None:
    """The year asked for; None: the latest with key figures."""
    if not text:
        return None
    if not (len(text) == 4 and text.isascii() and text.isdigit() and "1900" <= text <= "2100"):
        raise ConfigError(
            _("Ugyldig år «{year}»: skriv et årstall, f.eks. 2023").format(year=text[:20])
        )
    return int(text)


def _show(
    request: Request,
    session: Session,
    user: User,
    number: str,
    year: int | None,
    *,
    status: int = 200,
    typed: FormData | None = None,
    problems: list[str] | None = None,
    invalid: frozenset[str] = frozenset(),
) -> Response:
    lang = request.path_params["lang"]
    owner = org_repo.find_organisation(session, number)
    year, areas = _rows(session, user, number, year, typed, invalid)
    saved = request.query_params.get("saved")
    return page(
        request,
        "edit_verdicts.html.j2",
        status=status,
        title=_("Egne vurderinger av målene {year}").format(year=year),
        user=user,
        owner=owner,
        year=year,
        areas=areas,
        choices=CHOICES,
        saved=int(saved) if status == 200 and saved and saved.isdigit() else None,
        problems=problems or [],
        may_edit=any(row.editable for area in areas for row in area.rows),
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _form(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    year = _year(request.query_params.get("year"))
    return _show(request, session, user, owner.number, year)


async def _save(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form(max_fields=MAX_FIELDS)
    auth.check_csrf(request, form)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        year = _year(str(form.get("year") or ""))
        if year is None:
            raise ConfigError(_("Ugyldig skjema"))
        saved, problems, invalid = 0, [], set()
        for area in _rows(session, user, owner.number, year)[1]:
            for row in area.rows:
                if f"verdict:{row.goal_key}" not in form:
                    continue  # shown read-only
                try:
                    saved += _save_row(session, user, owner.number, year, row, form)
                except InvalidData as error:
                    problems += [_placed(row, p) for p in problems_of(error)]
                    invalid.add(row.goal_key)
                except VersionConflict as conflict:
                    session.rollback()
                    subject = Subject("goal_verdict", verdict_key(row.goal_key, year))
                    mine = _typed_state(form, row.goal_key)
                    return conflict_page(request, session, owner.number, subject, conflict, mine)
        if problems:
            session.rollback()
            return _show(
                request,
                session,
                user,
                owner.number,
                year,
                status=422,
                typed=form,
                problems=problems,
                invalid=frozenset(invalid),
            )
        session.commit()
        target = request.url.path + f"?year={year}&saved={saved}"
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(run)


def _typed_state(form: FormData, goal_key: str) -> dict[str, str] | None:
    verdict = str(form.get(f"verdict:{goal_key}") or "")
    reason = str(form.get(f"reason:{goal_key}") or "").replace("\r\n", "\n").strip()
    return {"verdict": verdict, "reason": reason} if verdict else None


def _save_row(
    session: Session, user: User, number: str, year: int, row: VerdictRow, form: FormData
) -> int:
    """Save the goal's verdict as a draft if it changed: 1, else 0."""
    state = _typed_state(form, row.goal_key)
    reason = str(form.get(f"reason:{row.goal_key}") or "").strip()
    if state is None and reason:
        raise InvalidData(
            _("reason: en begrunnelse, men ingen vurdering; velg en vurdering eller tøm feltet"),
            issues=[],
        )
    if state == row.state:
        return 0
    try:
        version = int(str(form.get(f"version:{row.goal_key}") or ""))
    except ValueError:
        raise InvalidData(_("Ugyldig skjema"), issues=[]) from None
    subject = Subject("goal_verdict", verdict_key(row.goal_key, year))
    drafts.save_draft(session, user, number, subject, state, version=version)
    return 1


def _placed(row: VerdictRow, problem: str) -> str:
    """A problem with the goal it is about: `«Økonomien er god» (okonomi.1): reason: ...`."""
    goal = row.goal if len(row.goal) <= 60 else row.goal[:59] + "…"
    return _("«{goal}» ({key}): {problem}").format(goal=goal, key=row.goal_key, problem=problem)


def goal_verdict_view(session: Session, site: Site, goal_key: str) -> GoalVerdicts | None:
    """The owner's own verdict on the goal for the year of the site's assessment, beside the
    computed one (`disagrees`); None when the owner gave none."""
    for item in compare_verdicts(session, site.data, site.assessment):
        if item.goal_key == goal_key:
            return item if item.own is not None else None
    return None


VERDICT_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/verdicts", _form),
    ("POST", "/{lang}/edit/{code}/verdicts", _save),
]
