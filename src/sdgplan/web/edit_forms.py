"""What the definition forms share (an indicator, the thematic plans, the goal verdicts, the
plan): numbers as a Norwegian reader types them, a service's problems as lines, which inputs
a problem names, and the readers' check of a form that only shows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from sdgplan.domain.users import User
from sdgplan.editing import drafts
from sdgplan.editing.drafts import Editable
from sdgplan.editing.permissions import Action, may
from sdgplan.errors import InvalidData, VersionConflict
from sdgplan.i18n import _
from sdgplan.web.edit_common import conflict_page

REASON_LENGTH = 2000
_PLACE = re.compile(r"^([A-Za-z_][\w.\[\]]*): ")


def number_text(value: Any) -> str:
    """A stored number as the form shows it: `1,69`, `10` (never `1e-05`); text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f").replace(".", ",")
    return str(value)


def blank_to_none(text: str | None) -> str | None:
    """A typed value, trimmed; None when nothing was typed."""
    text = (text or "").replace("\r\n", "\n").strip()
    return text or None


def problems_of(error: InvalidData) -> list[str]:
    """The lines of an InvalidData, each naming the field (as the service words them)."""
    return [issue.message for issue in error.issues] or [error.message]


def invalid_names(problems: Iterable[str], names: Iterable[str]) -> set[str]:
    """The inputs a problem names: `bands.desired[0]: ...` marks `bands.desired.0.lower` and
    the rest of that range; `threshold: ...` the threshold's inputs."""
    places = []
    for problem in problems:
        found = _PLACE.match(problem)
        if found:
            places.append(re.sub(r"\[(\d+)\]", r".\1", found.group(1)))
    return {
        name
        for name in names
        if any(name == place or name.startswith(place + ".") for place in places)
    }


def field_text(form: FormData, name: str) -> str:
    """A posted field's text; "" when it is missing."""
    return str(form.get(name) or "")


def require_reader(session: Session, user: User, municipality: str) -> None:
    """Forbidden unless `user` may see the municipality's drafts (a form that only shows is
    for readers and up)."""
    if not may(user, Action.READ_DRAFTS, municipality):
        drafts.pending(session, user, municipality)  # raises Forbidden, saying why


def save(
    request: Request,
    session: Session,
    user: User,
    current: Editable,
    state: Any,
    *,
    version: str,
    reason: str,
) -> Response | list[str] | None:
    """Save `state` as the object's draft and commit: None; or the problems to show again
    (422, nothing saved); or the conflict page when someone saved since the form was read."""
    try:
        based_on = int(version)
    except ValueError:
        return [_("Ugyldig skjema")]
    try:
        drafts.save_draft(
            session,
            user,
            current.owner.number,
            current.subject,
            state,
            version=based_on,
            reason=reason or None,
        )
    except InvalidData as error:
        session.rollback()
        return problems_of(error)
    except VersionConflict as conflict:
        session.rollback()
        number = current.owner.number
        return conflict_page(request, session, number, current.subject, conflict, state, reason)
    session.commit()
    return None
