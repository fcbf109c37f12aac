"""What the editing pages share: the page frame (CSRF token, never cached), the signed-in
user or the way to the sign-in page, the form of each kind of object, and the 409 page."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.subjects import Subject
from sdgplan.errors import NotFound, VersionConflict
from sdgplan.i18n import LANGUAGES, _
from sdgplan.web import auth
from sdgplan.web.edit_diff import differences
from sdgplan.web.rendering import render_page

NO_STORE = {"Cache-Control": "no-store"}


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> Response:
    """An editing page: the signed-in user's bar, the CSRF token, never cached; for an
    object whose draft is outdated, what was published since (`outdated`)."""
    current = context.get("current")
    if isinstance(current, drafts.Editable) and current.draft and current.outdated:
        context.setdefault("outdated", differences(current.draft.base, current.published))
    html = render_page(request, template, csrf=auth.csrf_token(request), **context)
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def signed_in(request: Request, session: Session) -> User | Response:
    """The user, or the redirect to the sign-in page."""
    lang = request.path_params.get("lang", "nb")
    if lang not in LANGUAGES:
        raise NotFound(_("Fant ikke siden"))
    user = auth.signed_in_user(request, session)
    if user is None:
        target = f"/{lang}/login?next={quote(request.url.path)}"
        return RedirectResponse(target, 303, headers=NO_STORE)
    return user


def edit_url(lang: str, code: str, subject: Subject) -> str:
    """The form that edits `subject`."""
    if subject.kind == "observations":
        return f"/{lang}/edit/{code}/observations/{quote(subject.key, safe='')}"
    if subject.kind == "narrative":
        from sdgplan.editing.kinds.narrative import split_label

        section, period = split_label(subject.key)
        return f"/{lang}/edit/{code}/text?" + urlencode({"section": section, "period": period})
    if subject.kind == "indicator":
        return f"/{lang}/edit/{code}/indicators/{quote(subject.key, safe='')}"
    if subject.kind == "thematic_plans":
        return f"/{lang}/edit/{code}/thematic-plans"
    if subject.kind == "goal_verdict":
        from sdgplan.editing.kinds.goal_verdict import split_key

        return f"/{lang}/edit/{code}/verdicts?year={split_key(subject.key)[1]}"
    if subject.kind == "plan":
        return f"/{lang}/edit/{code}/plan?" + urlencode({"plan": subject.key})
    if subject.kind == "programme":
        return f"/{lang}/edit/{code}/programme#p-{quote(subject.key, safe='')}"
    if subject.kind in ("method", "materiality", "benefits"):
        return f"/{lang}/edit/{code}/{subject.kind}/{quote(subject.key, safe='')}"
    return f"/{lang}/edit/{code}/history?" + urlencode({"subject": str(subject)})


def conflict_page(
    request: Request,
    session: Session,
    municipality: str,
    subject: Subject,
    conflict: VersionConflict,
    mine: Any,
    reason: str | None = None,
) -> Response:
    """409: the version now stored beside the editor's, and the two ways on."""
    lang = request.path_params.get("lang", "nb")
    current = drafts.editable(session, municipality, subject)
    user = auth.signed_in_user(request, session)
    return page(
        request,
        "edit_conflict.html.j2",
        status=409,
        title=_("Endret av noen andre"),
        user=user,
        message=conflict.message,
        current=current,
        theirs=differences(current.published, current.state),
        mine=differences(current.state, mine) if mine is not None else [],
        mine_json=json.dumps(mine, ensure_ascii=False) if mine is not None else None,
        reason=reason or "",
        reopen=edit_url(lang, current.owner.number, subject),
        edit_base=f"/{lang}/edit/{current.owner.number}/",
    )
