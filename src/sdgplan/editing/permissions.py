"""Who may do what: a role's actions, within the user's municipality and, for a scoped
editor, the focus areas the object belongs to (docs/editing.md has the table)."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from sdgplan.domain.users import Role, User
from sdgplan.errors import Forbidden
from sdgplan.i18n import _


class Action(StrEnum):
    READ_DRAFTS = "read_drafts"  # see pending changes, histories, the round's board
    EDIT = "edit"  # values, statuses, texts, indicators, plan drafts, uploads; own drafts
    PUBLISH = "publish"  # publish or reject drafts
    SIGN_OFF = "sign_off"  # sign off a reporting round (its snapshot)
    MANAGE = "manage"  # users, tokens of others, reporting rounds, settings


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.EDITOR: frozenset({Action.READ_DRAFTS, Action.EDIT}),
    Role.APPROVER: frozenset({Action.READ_DRAFTS, Action.PUBLISH, Action.SIGN_OFF}),
    Role.READER: frozenset({Action.READ_DRAFTS}),
}


def may(
    user: User | None,
    action: Action,
    municipality: str,
    focus_areas: Collection[str] | None = None,
) -> bool:
    """Whether `user` may do `action` in `municipality`, on an object of `focus_areas`
    (None: an object of no focus area, e.g. a chapter's text, which a scoped editor may not
    change)."""
    if user is None or user.disabled or action not in ALLOWED[user.role]:
        return False
    if user.municipality is not None and user.municipality != municipality:
        return False
    if action is Action.EDIT and user.focus_areas:
        return focus_areas is not None and bool(set(focus_areas) & set(user.focus_areas))
    return True


def require(
    user: User | None,
    action: Action,
    municipality: str,
    focus_areas: Collection[str] | None = None,
) -> User:
    """`user`, if it may; else Forbidden saying why."""
    if may(user, action, municipality, focus_areas):
        assert user is not None
        return user
    if user is None:
        raise Forbidden(_("Logg inn for å gjøre dette"))
    if action in ALLOWED[user.role] and user.focus_areas and action is Action.EDIT:
        raise Forbidden(
            _("{name} kan bare endre innenfor satsingsområdene {scope}").format(
                name=user.name, scope=", ".join(user.focus_areas)
            )
        )
    raise Forbidden(
        _("Rollen {role} kan ikke gjøre dette her").format(role=ROLE_NAMES[user.role]())
    )


ROLE_NAMES = {
    Role.ADMIN: lambda: _("administrator"),
    Role.EDITOR: lambda: _("redaktør"),
    Role.APPROVER: lambda: _("godkjenner"),
    Role.READER: lambda: _("leser"),
}
