"""An object's history (its entries of the change log, from the web, the API and the CLI)
and revert: the published state after an earlier entry, saved as a new draft."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sdgplan.domain.users import User
from sdgplan.editing.drafts import DRAFT, editable, save_draft
from sdgplan.editing.permissions import Action, require
from sdgplan.editing.subjects import Subject, kind_of
from sdgplan.errors import NotFound
from sdgplan.i18n import _
from sdgplan.store import change_log
from sdgplan.store.change_log import Change
from sdgplan.store.edit_repo import Draft


def history(
    session: Session, user: User | None, municipality: str, subject: Subject
) -> list[Change]:
    """Every entry of the object, newest first: published changes and draft steps."""
    current = editable(session, municipality, subject)
    require(user, Action.READ_DRAFTS, current.owner.number)
    return change_log.load_log(session, current.owner.number, subject=str(subject), limit=None)


def state_after(changes: list[Change], subject: Subject, entry: int) -> Any:
    """The published state right after entry `entry` (`changes` newest first, as
    `history` gives them)."""
    if not any(change.id == entry for change in changes):
        raise NotFound(_("Endring {id} hører ikke til dette objektet").format(id=entry))
    published = [c for c in reversed(changes) if c.entity != DRAFT and c.id <= entry]
    return kind_of(subject).replay(published)


def revert(
    session: Session,
    user: User | None,
    municipality: str,
    subject: Subject,
    *,
    entry: int,
    version: int,
    source: str = "web",
) -> Draft:
    """A draft that restores the published state after `entry`; it is published as any."""
    changes = history(session, user, municipality, subject)
    state = state_after(changes, subject, entry)
    return save_draft(
        session,
        user,
        municipality,
        subject,
        state,
        version=version,
        reason=_("Tilbakestilt til endring {id}").format(id=entry),
        action="revert",
        source=source,
    )
