"""A report section's text: `/{lang}/edit/{code}/text?section=...&period=...`: Markdown in a
text box, a preview (a second submit button, so it works without script) and saving as a
draft (editing/drafts.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan.domain.narrative import SectionKind
from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.drafts import Editable
from sdgplan.editing.kinds.narrative import label, split_label
from sdgplan.editing.permissions import Action, may
from sdgplan.editing.subjects import Subject
from sdgplan.errors import ConfigError, InvalidData, VersionConflict
from sdgplan.i18n import N_, _
from sdgplan.reports.markdown import render_markdown
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, conflict_page, page, signed_in

SessionDep = Annotated[Session, Depends(db_session)]
SECTION_KINDS = {
    SectionKind.FOCUS_AREA.value: N_("Satsingsområde"),
    SectionKind.CHAPTER.value: N_("Kapittel"),
    SectionKind.SERVICE_AREA.value: N_("Tjenesteområde"),
}
LONGEST_SECTION = 200


def _subject(section: str, period: str) -> Subject:
    section = section.strip()
    if not section or len(section) > LONGEST_SECTION:
        raise ConfigError(_("Oppgi seksjonen teksten hører til (1-200 tegn)"))
    return Subject("narrative", label(section, period.strip()))


def _show(
    request: Request,
    user: User,
    current: Editable,
    *,
    markdown: str,
    kind: str,
    status: int = 200,
    preview: bool = False,
    problems: list[str] | None = None,
    reason: str = "",
) -> Response:
    lang = request.path_params["lang"]
    section, period = split_label(current.subject.key)
    return page(
        request,
        "edit_text.html.j2",
        section=section,
        period=period,
        saved=bool(request.query_params.get("saved")) and status == 200 and not preview,
        status=status,
        title=current.title,
        user=user,
        current=current,
        markdown=markdown,
        kind=kind,
        kinds=SECTION_KINDS,
        preview=render_markdown(markdown) if preview and markdown.strip() else None,
        problems=problems or [],
        reason=reason,
        may_edit=may(user, Action.EDIT, current.owner.number, current.focus_areas),
        edit_base=f"/{lang}/edit/{current.owner.number}/",
    )


def _form(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    query = request.query_params
    subject = _subject(query.get("section", ""), query.get("period", ""))
    current = drafts.editable(session, code, subject)
    drafts.pending(session, user, current.owner.number)  # readers and up only
    state = current.state or {}
    kind = state.get("kind") or query.get("kind", SectionKind.FOCUS_AREA.value)
    return _show(request, user, current, markdown=state.get("markdown", ""), kind=kind)


async def _save(request: Request, lang: str, code: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}

    def save() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        subject = _subject(fields.get("section", ""), fields.get("period", ""))
        current = drafts.editable(session, code, subject)
        markdown = fields.get("markdown", "").replace("\r\n", "\n")
        kind = fields.get("kind", SectionKind.CHAPTER.value)
        reason = fields.get("reason", "").strip()[:2000]
        if fields.get("action") == "preview":
            return _show(
                request, user, current, markdown=markdown, kind=kind, reason=reason, preview=True
            )
        state = {"markdown": markdown, "kind": kind}
        try:
            drafts.save_draft(
                session,
                user,
                current.owner.number,
                subject,
                state,
                version=int(fields.get("version", "-1")),
                reason=reason or None,
            )
        except InvalidData as error:
            session.rollback()
            problems = [issue.message for issue in error.issues] or [error.message]
            return _show(
                request,
                user,
                current,
                markdown=markdown,
                kind=kind,
                reason=reason,
                status=422,
                problems=problems,
            )
        except VersionConflict as conflict:
            session.rollback()
            return conflict_page(
                request, session, current.owner.number, subject, conflict, state, reason
            )
        session.commit()
        return RedirectResponse(
            str(
                request.url.include_query_params(
                    section=fields.get("section", ""), period=fields.get("period", ""), saved="1"
                )
            ),
            303,
            headers=NO_STORE,
        )

    return await run_in_threadpool(save)


TEXT_ROUTES = [
    ("GET", "/{lang}/edit/{code}/text", _form),
    ("POST", "/{lang}/edit/{code}/text", _save),
]
