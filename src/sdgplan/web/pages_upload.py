"""Uploading an observations file: `/{lang}/edit/{code}/upload`: a file field (CSV or
Excel, as `sdgplan import observations` reads them), then a preview of what each indicator
would become, with every problem by file, line and value; confirming saves one draft per
indicator changed (web/edit_upload.py), all or none. Works without script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sdgplan.domain.users import User
from sdgplan.editing.permissions import Action, require
from sdgplan.errors import ConfigError, VersionConflict
from sdgplan.i18n import _
from sdgplan.store import org_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_upload import (
    MAX_BYTES,
    Preview,
    carried_upload,
    carry,
    preview_upload,
    save_upload,
    too_large,
    upload_of,
)

SessionDep = Annotated[Session, Depends(db_session)]
# the confirm form carries the file as base64 of its compressed bytes, and a little more
CONFIRM_LIMIT = MAX_BYTES * 4 // 3 + 64 * 1024


def _show_form(
    request: Request, user: User, code: str, *, status: int = 200, problem: str | None = None
) -> Response:
    lang = request.path_params["lang"]
    return page(
        request,
        "edit_upload.html.j2",
        status=status,
        title=_("Last opp tall"),
        user=user,
        problem=problem,
        limit_mb=MAX_BYTES // (1024 * 1024),
        edit_base=f"/{lang}/edit/{code}/",
    )


def _show_preview(
    request: Request,
    session: Session,
    user: User,
    preview: Preview,
    *,
    status: int | None = None,
    conflict: str | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    csrf = auth.csrf_token(request)
    carried = (
        carry(session, preview.upload, user=user, municipality=preview.municipality, csrf=csrf)
        if preview.ok
        else None
    )
    session.commit()  # the signing secret, made on first use; nothing else is written
    if status is None:
        status = 422 if preview.problems else 403 if preview.forbidden else 200
    return page(
        request,
        "edit_upload_preview.html.j2",
        status=status,
        title=_("Forhåndsvisning: {name}").format(name=preview.upload.filename),
        user=user,
        preview=preview,
        carried=carried,
        conflict=conflict,
        reason=reason,
        edit_base=f"/{lang}/edit/{preview.municipality}/",
    )


def _form(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    owner = org_repo.find_organisation(session, code)
    require(user, Action.EDIT, owner.number, user.focus_areas or None)
    return _show_form(request, user, owner.number)


async def _preview(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES + 64 * 1024:
        # refused before reading: the form would take the whole body first
        message = too_large()
        return page(request, "not_found.html.j2", status=413, title=message, message=message)
    form = await request.form(max_files=1, max_fields=10)
    auth.check_csrf(request, form)
    file = form.get("file")
    filename = file.filename if isinstance(file, UploadFile) else None
    data = await file.read(MAX_BYTES + 1) if isinstance(file, UploadFile) else b""

    def preview() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        require(user, Action.EDIT, owner.number, user.focus_areas or None)
        try:
            upload = upload_of(filename, data)
        except ConfigError as error:
            status = 413 if len(data) > MAX_BYTES else 422
            return _show_form(request, user, owner.number, status=status, problem=error.message)
        return _show_preview(request, session, user, preview_upload(session, user, code, upload))

    return await run_in_threadpool(preview)


async def _confirm(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form(max_fields=1000, max_part_size=CONFIRM_LIMIT)
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}
    csrf = auth.csrf_token(request)

    def confirm() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        owner = org_repo.find_organisation(session, code)
        upload = carried_upload(session, fields, user=user, municipality=owner.number, csrf=csrf)
        preview = preview_upload(session, user, owner.number, upload)
        reason = fields.get("reason", "").strip()[:2000]
        if not preview.ok:
            return _show_preview(request, session, user, preview, reason=reason)
        versions = {
            name.removeprefix("version:"): _number(value)
            for name, value in fields.items()
            if name.startswith("version:")
        }
        try:
            save_upload(session, user, preview, versions=versions, reason=reason or None)
        except VersionConflict:
            session.rollback()
            again = preview_upload(session, user, owner.number, upload)
            message = _(
                "Tallene er endret av noen andre etter forhåndsvisningen; ingenting er lagret. "
                "Se over endringene på nytt og bekreft igjen."
            )
            return _show_preview(
                request, session, user, again, status=409, conflict=message, reason=reason
            )
        session.commit()
        target = f"/{lang}/edit/{owner.number}/pending"
        return RedirectResponse(target, 303, headers=NO_STORE)

    return await run_in_threadpool(confirm)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else -1


UPLOAD_ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("GET", "/{lang}/edit/{code}/upload", _form),
    ("POST", "/{lang}/edit/{code}/upload", _preview),
    ("POST", "/{lang}/edit/{code}/upload/confirm", _confirm),
]
