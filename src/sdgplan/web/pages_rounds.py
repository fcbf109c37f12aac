"""The reporting round (issue 12, item 7) in the editing pages: `/{lang}/edit/{code}/rounds`
lists a municipality's rounds and lets an admin open one; `.../rounds/{id}` is its
completeness board with the signed-in user's to-do list, the reminders (sent by e-mail
where a mail server is set) and the sign-off; `.../rounds/{id}/report` serves the report
built from a signed-off round's snapshot. The services (`sdgplan.editing.rounds`, `board`,
`reminders`, `signoff`, `snapshot_report`) check the permissions."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan.domain.plan import Municipality
from sdgplan.domain.users import User
from sdgplan.editing.board import board, todo
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.reminders import Reminder, reminders, send_reminders
from sdgplan.editing.rounds import Round, get_round, kind_name, list_rounds, open_round
from sdgplan.editing.signoff import sign_off
from sdgplan.editing.snapshot_report import snapshot_html
from sdgplan.editing.subjects import Subject
from sdgplan.errors import ConfigError, Conflict, NotFound
from sdgplan.i18n import _, current_language
from sdgplan.reports.disk_cache import digest
from sdgplan.reports.settings import ReportSettings
from sdgplan.store import org_repo
from sdgplan.version import __version__
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, edit_url, page, signed_in
from sdgplan.web.report_files import MEDIA_TYPES, REPORT_POLICY, report_files
from sdgplan.web.round_views import (
    COLUMN_NAMES,
    KIND_NAMES,
    ROUND_STATUS_NAMES,
    STATUS_NAMES,
    OpenForm,
    count_rows,
    date_text,
    owner_choices,
    read_open_form,
    suggested_year,
)
from sdgplan.web.site_settings import site_assets

SessionDep = Annotated[Session, Depends(db_session)]
SMTP_FAILED = 502  # the mail server did not take the reminders


def _rounds_page(
    request: Request,
    session: Session,
    user: User,
    owner: Municipality,
    *,
    form: OpenForm | None = None,
    status: int = 200,
) -> Response:
    lang = request.path_params["lang"]
    rounds = list_rounds(session, user, owner.number)
    may_open = may(user, Action.MANAGE, owner.number)
    if form is None:
        form = OpenForm(year=str(suggested_year(session, owner.number)) if may_open else "")
    return page(
        request,
        "edit_rounds.html.j2",
        status=status,
        title=_("Rapporteringsrunder: {name}").format(name=owner.name),
        user=user,
        owner=owner,
        rounds=[(r, board(session, user, r.id).total) for r in rounds],
        kind_name=kind_name,
        kinds=KIND_NAMES,
        round_status=ROUND_STATUS_NAMES,
        date_text=date_text,
        may_open=may_open,
        choices=owner_choices(session, owner.number) if may_open else [],
        form=form,
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _rounds(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    return _rounds_page(request, session, user, org_repo.find_organisation(session, code))


async def _open(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}

    def open_it() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        typed = read_open_form(fields)
        if typed.problems:
            return _rounds_page(request, session, user, owner, form=typed, status=422)
        try:
            opened = open_round(
                session,
                user,
                owner.number,
                kind=typed.kind,
                year=typed.year_number(),
                deadline=typed.deadline_date(),
                owners=typed.owner_keys,
            )
        except (ConfigError, Conflict, NotFound) as error:  # NotFound: an unknown user
            session.rollback()
            typed.problems.append(error.message)
            return _rounds_page(request, session, user, owner, form=typed, status=error.status)
        session.commit()
        target = f"/{lang}/edit/{owner.number}/rounds/{opened.id}"
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(open_it)


def _round_of(session: Session, user: User, code: str, round_id: int) -> tuple[Municipality, Round]:
    """The round, if it is one of the municipality `code` names; else NotFound."""
    owner = org_repo.find_organisation(session, code)
    found = get_round(session, user, round_id)
    if found.municipality != owner.number:
        raise NotFound(_("Ukjent runde: {id}").format(id=round_id))
    return owner, found


def _board_page(
    request: Request,
    session: Session,
    user: User,
    owner: Municipality,
    round_id: int,
    *,
    status: int = 200,
    problem: str | None = None,
    sent: list[Reminder] | None = None,
) -> Response:
    lang = request.path_params["lang"]
    current = board(session, user, round_id)
    areas, owners = count_rows(current)
    signed = request.query_params.get("signed", "")  # the version just signed off
    return page(
        request,
        "edit_round.html.j2",
        status=status,
        title=_("Runde {id}: {report} {period}").format(
            id=round_id, report=kind_name(current.round.kind), period=current.round.period
        ),
        user=user,
        owner=owner,
        board=current,
        areas=areas,
        owners=owners,
        mine=todo(session, user, round_id),
        reminders=reminders(session, user, round_id),
        sent=sent,
        smtp=request.app.state.settings.smtp is not None,
        problem=problem,
        signed=int(signed) if signed.isdigit() and int(signed) in current.round.versions else None,
        link=lambda subject: edit_url(lang, owner.number, Subject.parse(subject)),
        statuses=STATUS_NAMES,
        columns=COLUMN_NAMES,
        round_status=ROUND_STATUS_NAMES,
        date_text=date_text,
        may_remind=may(user, Action.MANAGE, owner.number),
        may_sign_off=may(user, Action.SIGN_OFF, owner.number),
        round_base=f"/{lang}/edit/{owner.number}/rounds/{round_id}",
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _round(request: Request, lang: str, code: str, round_id: int, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner, _found = _round_of(session, user, code, round_id)
    return _board_page(request, session, user, owner, round_id)


async def _remind(
    request: Request, lang: str, code: str, round_id: int, session: SessionDep
) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    settings = request.app.state.settings

    def remind() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner, _found = _round_of(session, user, code, round_id)
        try:
            sent = send_reminders(settings, session, user, round_id)
        except ConfigError as error:  # the mail server cannot be reached
            session.rollback()
            return _board_page(
                request, session, user, owner, round_id, status=SMTP_FAILED, problem=str(error)
            )
        session.commit()
        return _board_page(request, session, user, owner, round_id, sent=sent)

    return await run_in_threadpool(remind)


async def _sign_off(
    request: Request, lang: str, code: str, round_id: int, session: SessionDep
) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    incomplete = form.get("incomplete") == "1"

    def sign() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner, _found = _round_of(session, user, code, round_id)
        try:
            stored = sign_off(session, user, round_id, incomplete=incomplete)
        except (Conflict, ConfigError) as error:  # items missing, nothing new, no figures
            session.rollback()
            return _board_page(
                request, session, user, owner, round_id, status=error.status, problem=error.message
            )
        session.commit()
        target = f"/{lang}/edit/{owner.number}/rounds/{round_id}?signed={stored.version}"
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(sign)


def _report(request: Request, lang: str, code: str, round_id: int, session: SessionDep) -> Response:
    """The report of the round's snapshot (`?version=N`, default the newest), as the public
    report files are served: self-contained, static charts, no script."""
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner, found = _round_of(session, user, code, round_id)
    wanted = request.query_params.get("version", "")
    if wanted and not wanted.isdigit():
        raise NotFound(_("Ukjent versjon: {version}").format(version=repr(wanted[:20])))
    if not found.versions:
        raise NotFound(_("Runde {id} er ikke godkjent ennå").format(id=round_id))
    version = int(wanted) if wanted else found.versions[-1]
    if version not in found.versions:
        raise NotFound(
            _("Runde {id} har ikke øyeblikksbilde versjon {version}").format(
                id=round_id, version=version
            )
        )
    look = _report_look(request, owner.number)
    parts = [
        __version__,
        request.app.state.settings.db,
        found.id,
        found.opened_at.isoformat(),  # a database made again reuses the ids
        version,
        current_language(),
        look.accent_colour,
        digest(look.logo or ""),
    ]

    def made() -> bytes:
        return snapshot_html(
            session, round_id, version=version, settings=look, interactive=False
        ).encode("utf-8")

    content = report_files(request.app).get(digest(json.dumps(parts)), made)
    headers = {
        **NO_STORE,
        "Content-Security-Policy": REPORT_POLICY,
        "Content-Disposition": (
            f'inline; filename="{owner.number}-round-{found.id}-v{version}.html"'
        ),
    }
    return Response(content, media_type=MEDIA_TYPES["html"], headers=headers)


def _report_look(request: Request, number: str) -> ReportSettings:
    """The site's accent colour and PNG logo, as the public reports have them."""
    key, look = request.app.state.settings.site(number)
    logo = site_assets(request.app).logo(key, look)
    png = (
        f"data:image/png;base64,{base64.b64encode(logo.content).decode()}"
        if logo is not None and logo.media_type == "image/png"
        else None
    )
    return ReportSettings(accent_colour=look.accent_colour, logo=png)


ROUND_ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("GET", "/{lang}/edit/{code}/rounds", _rounds),
    ("POST", "/{lang}/edit/{code}/rounds", _open),
    ("GET", "/{lang}/edit/{code}/rounds/{round_id}", _round),
    ("POST", "/{lang}/edit/{code}/rounds/{round_id}/remind", _remind),
    ("POST", "/{lang}/edit/{code}/rounds/{round_id}/sign-off", _sign_off),
    ("GET", "/{lang}/edit/{code}/rounds/{round_id}/report", _report),
]
