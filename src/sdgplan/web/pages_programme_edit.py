"""The action programme on the editing pages (issue 14): `/{lang}/edit/{code}/programme` lists
the stored periods with their versions; `.../programme/{period}/amendment[?version=KEY]`
adds or changes one version (a party's amendment set, the supplementary recommendation, the
adopted change set); `.../programme/{period}/remove` takes an amendment set out. Each saves a
draft of the whole programme (`programme:PERIOD`, editing/kinds/programme.py) that an approver
publishes on the pending page. A set out of balance is refused (422) with its deficit per
year beside the form, nothing saved."""

from __future__ import annotations

import copy
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan.domain.programme import UNITS, Amounts, Period, VersionKind, format_millions
from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.drafts import Editable
from sdgplan.editing.kinds.programme import gaps, read_state
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.subjects import Subject
from sdgplan.errors import NotFound
from sdgplan.i18n import N_, _
from sdgplan.store import org_repo, programme_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_forms import REASON_LENGTH, field_text, require_reader, save
from sdgplan.web.edit_programme_form import (
    ACTIONS,
    MAX_ROWS,
    MEASURE_KINDS,
    VERSION_KINDS,
    VersionForm,
    add_spares,
    amounts_of,
    form_from_fields,
    form_from_version,
    placed,
    unit_for,
    version_from_form,
    with_version,
)

SessionDep = Annotated[Session, Depends(db_session)]
FIELDS_PER_ROW = 12
KIND_WORDS = {VersionKind.PROPOSAL.value: N_("Forslag"), **VERSION_KINDS}


def _current(session: Session, code: str, period: str) -> Editable:
    return drafts.editable(session, code, Subject("programme", period))


def _years(period: str) -> list[int]:
    return list(Period.parse(period).years)


# -- the list of periods and versions ------------------------------------------------------


def _version_rows(current: Editable) -> list[dict[str, Any]]:
    published = {v["key"]: v for v in (current.published or {}).get("versions") or []}
    versions = (current.state or {}).get("versions") or []
    bases = {v.get("base") for v in versions}
    rows = []
    for index, version in enumerate(versions):
        key = version["key"]
        status = (
            _("publisert")
            if published.get(key) == version
            else _("endret i utkastet")
            if key in published
            else _("bare i utkastet")
        )
        rows.append(
            {
                "key": key,
                "kind": _(KIND_WORDS.get(version["kind"], version["kind"])),
                "party": version.get("party") or "",
                "base": version.get("base") or "",
                "date": version.get("date") or "",
                "status": status,
                "editable": index > 0,
                "removable": version["kind"] == VersionKind.AMENDMENT.value and key not in bases,
            }
        )
    return rows


def _show_list(
    request: Request,
    session: Session,
    user: User,
    number: str,
    *,
    status: int = 200,
    problems: list[str] | None = None,
) -> Response:
    lang = request.path_params["lang"]
    owner = org_repo.find_organisation(session, number)
    programmes = []
    for period in programme_repo.periods(session, owner.number):
        current = _current(session, owner.number, period)
        programmes.append({"current": current, "versions": _version_rows(current)})
    return page(
        request,
        "edit_programme.html.j2",
        status=status,
        title=_("Handlingsprogram: {name}").format(name=owner.name),
        user=user,
        owner=owner,
        programmes=programmes,
        problems=problems or [],
        saved=bool(request.query_params.get("saved")) and status == 200,
        may_edit=may(user, Action.EDIT, owner.number, None),
        edit_base=f"/{lang}/edit/{owner.number}/",
    )


def _list(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require_reader(session, user, owner.number)
    return _show_list(request, session, user, owner.number)


async def _remove(
    request: Request, lang: str, code: str, period: str, session: SessionDep
) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        current = _current(session, code, period)
        key = field_text(form, "key")
        state = copy.deepcopy(current.state)
        versions = state.get("versions") or []
        found = [v for v in versions[1:] if v["key"] == key]
        if not found or found[0]["kind"] != VersionKind.AMENDMENT.value:
            raise NotFound(
                _("Handlingsprogrammet {period} har ikke noe endringsforslag «{key}»").format(
                    period=period, key=key[:100]
                )
            )
        state["versions"] = [v for v in versions if v["key"] != key]
        reason = field_text(form, "reason").strip()[:REASON_LENGTH] or _(
            "Fjernet endringsforslaget «{key}»"
        ).format(key=key)
        answer = save(
            request,
            session,
            user,
            current,
            state,
            version=field_text(form, "version"),
            reason=reason,
        )
        number = current.owner.number
        if isinstance(answer, list):
            return _show_list(request, session, user, number, status=422, problems=answer)
        target = f"/{lang}/edit/{number}/programme?saved=1#p-{period}"
        return answer or RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(run)


# -- one version ---------------------------------------------------------------------------


def _show_version(
    request: Request,
    session: Session,
    user: User,
    current: Editable,
    form: VersionForm,
    *,
    status: int = 200,
    problems: list[str] | None = None,
    invalid: set[str] | None = None,
    deficit: Amounts | None = None,
    added: bool = False,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    number, period = current.owner.number, current.subject.key
    state = current.state or {}
    programme = read_state(session, current.owner, period, state)
    keys = [v.key for v in programme.versions]
    index = keys.index(form.original) if form.original in keys else len(keys)
    base = form.base if form.base in keys else keys[0]
    return page(
        request,
        "edit_programme_version.html.j2",
        status=status,
        saved=bool(request.query_params.get("saved")) and status == 200 and not added,
        added=added,
        title=(
            _("Handlingsprogram {period}: {version}").format(period=period, version=form.original)
            if form.original
            else _("Handlingsprogram {period}: ny versjon").format(period=period)
        ),
        user=user,
        current=current,
        form=form,
        years=_years(period),
        bases=[(v.key, v.label) for v in programme.versions[:index]],
        measures=programme.measures(base),
        base_key=base,
        service_areas=programme.service_areas,
        actions=ACTIONS,
        version_kinds=VERSION_KINDS,
        measure_kinds=MEASURE_KINDS,
        units=list(UNITS),
        problems=problems or [],
        invalid=invalid or set(),
        deficit=[(year, format_millions(gap)) for year, gap in sorted((deficit or {}).items())],
        reason=reason,
        may_edit=may(user, Action.EDIT, number, current.focus_areas),
        action=request.url.path,
        list_url=f"/{lang}/edit/{number}/programme#p-{period}",
        edit_base=f"/{lang}/edit/{number}/",
    )


def _version_form(
    request: Request, lang: str, code: str, period: str, session: SessionDep
) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    current = _current(session, code, period)
    require_reader(session, user, current.owner.number)
    versions = (current.state or {}).get("versions") or []
    wanted = request.query_params.get("version")
    if wanted:
        found = [v for v in versions[1:] if v.get("key") == wanted]
        if not found:
            raise NotFound(
                _("Handlingsprogrammet {period} har ingen endringsversjon «{key}»").format(
                    period=period, key=wanted[:100]
                )
            )
        form = form_from_version(found[0])
        add_spares(form, changes=1, financing=1)
    else:
        first = versions[0] if versions else {}
        form = VersionForm(base=first.get("key", ""), unit=unit_for(amounts_of(first)))
        add_spares(form, changes=3)
    return _show_version(request, session, user, current, form)


async def _version_save(
    request: Request, lang: str, code: str, period: str, session: SessionDep
) -> Response:
    fields = await request.form(max_fields=FIELDS_PER_ROW * 2 * MAX_ROWS)
    auth.check_csrf(request, fields)

    def run() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        current = _current(session, code, period)
        form = form_from_fields(fields, _years(period))
        reason = field_text(fields, "reason").strip()[:REASON_LENGTH]
        more = field_text(fields, "add")
        if more in ("changes", "financing"):
            add_spares(
                form,
                changes=2 if more == "changes" else 0,
                financing=2 if more == "financing" else 0,
            )
            return _show_version(request, session, user, current, form, added=True, reason=reason)
        version, places, typos = version_from_form(form)
        state, index = with_version(current.state or {}, version, form.original)
        if typos:
            return _show_version(
                request, session, user, current, form, status=422, problems=typos, reason=reason
            )
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
            problems, invalid = placed(answer, index, places, state)
            return _show_version(
                request,
                session,
                user,
                current,
                form,
                status=422,
                problems=problems,
                invalid=invalid,
                deficit=gaps(session, current.owner, period, state, version["key"]),
                reason=reason,
            )
        target = request.url.include_query_params(version=version["key"], saved="1")
        return answer or RedirectResponse(str(target), 303, headers=NO_STORE)

    return await run_in_threadpool(run)


PROGRAMME_EDIT_ROUTES: list[tuple[str, str, Any]] = [
    ("GET", "/{lang}/edit/{code}/programme", _list),
    ("GET", "/{lang}/edit/{code}/programme/{period}/amendment", _version_form),
    ("POST", "/{lang}/edit/{code}/programme/{period}/amendment", _version_save),
    ("POST", "/{lang}/edit/{code}/programme/{period}/remove", _remove),
]
