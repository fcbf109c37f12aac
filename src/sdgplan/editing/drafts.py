"""Drafts and publishing: an editor's save is a draft of the whole object; an approver
publishes it into the stored data the public sees, or rejects it. Every step is checked
against the object's version (a save based on an older one is a `VersionConflict`) and
logged with who, when and why. The caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sdgplan.domain.plan import Municipality
from sdgplan.domain.users import User
from sdgplan.editing.permissions import Action, require
from sdgplan.editing.subjects import Subject, kind_of
from sdgplan.errors import NotFound, OutdatedDraft, VersionConflict
from sdgplan.i18n import _
from sdgplan.store import change_log, edit_repo, org_repo
from sdgplan.store.edit_repo import Draft

DRAFT = "draft"  # the change log's entity of draft steps; its key is the subject


@dataclass(frozen=True)
class Editable:
    """An object as an editor sees it: the open draft's state if there is one, else the
    published state; and the version a save must be based on."""

    owner: Municipality
    subject: Subject
    title: str
    published: Any
    state: Any
    version: int
    draft: Draft | None
    focus_areas: frozenset[str] | None

    @property
    def outdated(self) -> bool:
        """The open draft was made from a published state that has changed since."""
        return self.draft is not None and self.draft.base != self.published


def editable(session: Session, municipality: str, subject: Subject) -> Editable:
    owner = org_repo.find_organisation(session, municipality)
    kind = kind_of(subject)
    published = kind.load(session, owner, subject.key)
    draft = edit_repo.open_draft(session, owner.number, str(subject))
    return Editable(
        owner=owner,
        subject=subject,
        title=kind.title(session, owner, subject.key),
        published=published,
        state=draft.state if draft else published,
        version=edit_repo.version(session, owner.number, str(subject)),
        draft=draft,
        focus_areas=kind.focus_areas(session, owner, subject.key),
    )


def _claim(session: Session, current: Editable, version: int) -> None:
    """Raise the object's version from `version`, or VersionConflict with what is there now
    (read again: another save may have committed after `current` was read)."""
    number, subject = current.owner.number, str(current.subject)
    if not edit_repo.compare_and_set(session, number, subject, version):
        current = editable(session, number, current.subject)
        raise VersionConflict(
            _(
                "{title} er endret av noen andre etter at du åpnet det (versjon {theirs}, "
                "din var {yours}); se begge og velg"
            ).format(
                title=current.title,
                theirs=edit_repo.version(session, number, subject),
                yours=version,
            ),
            current=edit_repo.version(session, number, subject),
            state=current.state,
        )


def save_draft(
    session: Session,
    user: User | None,
    municipality: str,
    subject: Subject,
    state: Any,
    *,
    version: int,
    reason: str | None = None,
    action: str = "save",
    source: str = "web",
) -> Draft:
    """Save `state` as the object's draft (replacing an open one), based on `version`."""
    current = editable(session, municipality, subject)
    editor = require(user, Action.EDIT, current.owner.number, current.focus_areas)
    kind = kind_of(subject)
    checked = kind.check(session, current.owner, subject.key, state)
    moved = getattr(kind, "focus_areas_of_state", None)  # kinds whose state names its areas
    if moved is not None:  # a scoped editor may not move the object out of reach either
        require(user, Action.EDIT, current.owner.number, moved(session, current.owner, checked))
    _claim(session, current, version)
    draft = edit_repo.put_draft(
        session,
        municipality=current.owner.number,
        subject=str(subject),
        state=checked,
        base=current.published,
        author=editor.name,
        reason=reason or None,
    )
    change_log.record(
        session,
        who=editor.name,
        municipality=current.owner.number,
        action=action,
        entity=DRAFT,
        key=str(subject),
        old=current.state,
        new=checked,
        source=source,
        subject=str(subject),
        reason=reason or None,
    )
    return draft


def publish(
    session: Session,
    user: User | None,
    municipality: str,
    subject: Subject,
    *,
    version: int,
    source: str = "web",
) -> Draft:
    """Make the open draft the published state (each change logged as the author's, with
    the approver in the source)."""
    current = editable(session, municipality, subject)
    approver = require(user, Action.PUBLISH, current.owner.number)
    draft = _open(current)
    if current.outdated:
        raise OutdatedDraft(
            _(
                "{title}: det publiserte er endret etter at utkastet ble lagret (for eksempel "
                "av en import); {author} må åpne utkastet, se over og lagre det på nytt"
            ).format(title=current.title, author=draft.author)
        )
    kind = kind_of(subject)
    checked = kind.check(session, current.owner, subject.key, draft.state)
    _claim(session, current, version)
    kind.apply(
        session,
        current.owner,
        subject.key,
        checked,
        who=draft.author,
        source=_("utkast {id}, publisert av {name}").format(id=draft.id, name=approver.name),
        reason=draft.reason,
    )
    edit_repo.close_draft(session, draft.id, status="published", who=approver.name)
    _log_step(session, current, approver, "publish", draft, source)
    return draft


def discard(
    session: Session,
    user: User | None,
    municipality: str,
    subject: Subject,
    *,
    version: int,
    source: str = "web",
) -> Draft:
    """Drop the open draft: an approver rejects it, or its author withdraws it."""
    current = editable(session, municipality, subject)
    draft = _open(current)
    if user is None or user.name != draft.author:
        require(user, Action.PUBLISH, current.owner.number)
    assert user is not None
    _claim(session, current, version)
    edit_repo.close_draft(session, draft.id, status="discarded", who=user.name)
    _log_step(session, current, user, "discard", draft, source)
    return draft


def pending(session: Session, user: User | None, municipality: str) -> list[Draft]:
    """The open drafts of the municipality, oldest first."""
    owner = org_repo.find_organisation(session, municipality)
    require(user, Action.READ_DRAFTS, owner.number)
    return edit_repo.open_drafts(session, owner.number)


def _open(current: Editable) -> Draft:
    if current.draft is None:
        raise NotFound(_("{title} har ikke noe utkast").format(title=current.title))
    return current.draft


def _log_step(
    session: Session, current: Editable, user: User, action: str, draft: Draft, source: str
) -> None:
    change_log.record(
        session,
        who=user.name,
        municipality=current.owner.number,
        action=action,
        entity=DRAFT,
        key=str(current.subject),
        old={"draft": draft.id, "author": draft.author},
        new=draft.state if action == "publish" else None,
        source=source,
        subject=str(current.subject),
    )
