"""Accounts on the web (issue 12): `/{lang}/edit/users` (administrators: the users, adding
one), `/{lang}/edit/user?name=...` (administrators: a new password, disabling, enabling,
removing), and `/{lang}/edit/tokens` (every signed-in user: their API tokens, a new one
shown once, revoking). Changes go through `sdgplan.accounts` and `sdgplan.editing.tokens`,
logged as the administrator's or the user's; a password is never shown again or logged.

An administrator of one municipality manages that municipality's accounts; one of every
municipality manages all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sdgplan import accounts
from sdgplan.domain.users import Role, User
from sdgplan.editing import tokens
from sdgplan.editing.permissions import ROLE_NAMES, Action, may, require
from sdgplan.errors import ConfigError, Conflict, NotFound
from sdgplan.i18n import N_, _
from sdgplan.store import org_repo, plan_repo, user_repo
from sdgplan.web import auth
from sdgplan.web.deps import db_session
from sdgplan.web.edit_common import NO_STORE, page, signed_in
from sdgplan.web.edit_home import municipalities_of

SessionDep = Annotated[Session, Depends(db_session)]
SOURCE = "web"
DONE = {  # what the page says after a change (`?done=`)
    "added": N_("Lagt til: {name}"),
    "password": N_("Nytt passord er satt for {name}"),
    "disable": N_("{name} er sperret og kan ikke logge inn"),
    "enable": N_("{name} kan logge inn igjen"),
    "remove": N_("Fjernet: {name}"),
    "revoked": N_("Nøkkelen er trukket tilbake"),
}


def _manager(user: User, municipality: str | None) -> User:
    """`user` if it may manage the accounts of `municipality` (None: of every municipality)."""
    return require(user, Action.MANAGE, municipality or "")


def _done(request: Request) -> str | None:
    """The message of `?done=...&name=...`; only a name an account may have."""
    key, name = request.query_params.get("done", ""), request.query_params.get("name", "")
    if key not in DONE or (name and not accounts.NAME.fullmatch(name)):
        return None
    return _(DONE[key]).format(name=name)


# -- the users ------------------------------------------------------------------------------


def _focus_areas(session: Session, number: str) -> list[tuple[str, str]]:
    """The focus areas a scope may name: (key, name), names from the current plan."""
    try:
        _plan, version = plan_repo.load_plan_version(session, municipality=number)
        names = {a.key: a.name for a in version.focus_areas if a.key}
    except NotFound:
        names = {}
    return [(key, names.get(key, key)) for key in user_repo.focus_area_keys(session, number)]


def _users_page(
    request: Request,
    session: Session,
    admin: User,
    *,
    status: int = 200,
    problem: str | None = None,
    typed: dict[str, Any] | None = None,
) -> Response:
    _manager(admin, admin.municipality)
    places = municipalities_of(session, admin)
    first = admin.municipality or (places[0].number if places else None)
    return page(
        request,
        "edit_users.html.j2",
        status=status,
        title=_("Brukere"),
        user=admin,
        users=[
            u
            for u in accounts.list_users(session)
            if may(admin, Action.MANAGE, u.municipality or "")
        ],
        role_names={role.value: ROLE_NAMES[role]() for role in Role},
        places=[(p, _focus_areas(session, p.number)) for p in places],
        names={p.number: p.name for p in places},
        everywhere=may(admin, Action.MANAGE, ""),
        message=_done(request),
        problem=problem,
        typed=typed or {"role": Role.EDITOR.value, "scope": [], "municipality": first},
    )


def _users(request: Request, lang: str, session: SessionDep) -> Response:
    admin = signed_in(request, session)
    if isinstance(admin, Response):
        return admin
    return _users_page(request, session, admin)


async def _add(request: Request, lang: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}
    scope = [str(value) for value in form.getlist("scope")]

    def add() -> Response:
        admin = signed_in(request, session)
        if isinstance(admin, Response):
            return admin
        municipality = fields.get("municipality") or None
        _manager(admin, municipality)
        typed = {
            "name": fields.get("name", "")[:100],
            "role": fields.get("role", ""),
            "municipality": municipality,
            "scope": scope,
        }
        try:
            if fields.get("password", "") != fields.get("password2", ""):
                raise ConfigError(_("Passordene er ikke like"))
            if fields.get("role") not in {role.value for role in Role}:
                raise ConfigError(_("Velg en rolle"))
            user = accounts.add_user(
                session,
                name=fields.get("name", ""),
                password=fields.get("password", ""),
                role=Role(fields["role"]),
                municipality=municipality,
                scope=scope,
                who=admin.name,
                source=SOURCE,
            )
        except (ConfigError, Conflict, NotFound) as error:
            session.rollback()
            status = 409 if isinstance(error, Conflict) else 422
            return _users_page(
                request, session, admin, status=status, problem=error.message, typed=typed
            )
        session.commit()
        query = urlencode({"done": "added", "name": user.name})
        return RedirectResponse(f"/{lang}/edit/users?{query}", 303, headers=NO_STORE)

    return await run_in_threadpool(add)


def _target(session: Session, admin: User, name: str) -> User:
    found = user_repo.find_user(session, name)
    if found is None:
        raise NotFound(_("Ingen bruker heter {name}").format(name=repr(name[:100])))
    _manager(admin, found.municipality)
    return found


def _user_page(
    request: Request,
    session: Session,
    admin: User,
    target: User,
    *,
    status: int = 200,
    problem: str | None = None,
) -> Response:
    lang = request.path_params["lang"]
    return page(
        request,
        "edit_user.html.j2",
        status=status,
        title=_("Bruker: {name}").format(name=target.name),
        user=admin,
        target=target,
        role=ROLE_NAMES[target.role](),
        place=org_repo.find_organisation(session, target.municipality).name
        if target.municipality
        else None,
        yourself=user_repo.name_key(target.name) == user_repo.name_key(admin.name),
        message=_done(request),
        problem=problem,
        back=f"/{lang}/edit/users",
    )


def _user(request: Request, lang: str, session: SessionDep) -> Response:
    admin = signed_in(request, session)
    if isinstance(admin, Response):
        return admin
    target = _target(session, admin, request.query_params.get("name", ""))
    return _user_page(request, session, admin, target)


async def _change(request: Request, lang: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}

    def change() -> Response:
        admin = signed_in(request, session)
        if isinstance(admin, Response):
            return admin
        target = _target(session, admin, fields.get("name", ""))
        action = fields.get("action", "")
        try:
            _apply(session, admin, target, action, fields)
        except ConfigError as error:
            session.rollback()
            return _user_page(request, session, admin, target, status=422, problem=error.message)
        session.commit()
        query = urlencode({"done": action, "name": target.name})
        where = "users" if action == "remove" else "user"
        return RedirectResponse(f"/{lang}/edit/{where}?{query}", 303, headers=NO_STORE)

    return await run_in_threadpool(change)


def _apply(
    session: Session, admin: User, target: User, action: str, fields: dict[str, str]
) -> None:
    yourself = user_repo.name_key(target.name) == user_repo.name_key(admin.name)
    if action in ("disable", "remove") and yourself:
        raise ConfigError(_("Du kan ikke sperre eller fjerne din egen konto"))
    if action == "password":
        if fields.get("password", "") != fields.get("password2", ""):
            raise ConfigError(_("Passordene er ikke like"))
        accounts.set_password(
            session,
            name=target.name,
            password=fields.get("password", ""),
            who=admin.name,
            source=SOURCE,
        )
    elif action in ("disable", "enable"):
        accounts.set_disabled(
            session, name=target.name, disabled=action == "disable", who=admin.name, source=SOURCE
        )
    elif action == "remove":
        if not target.disabled:
            raise ConfigError(_("Sperr brukeren før du fjerner den"))
        accounts.remove_user(session, name=target.name, who=admin.name, source=SOURCE)
    else:
        raise NotFound(_("Ukjent handling: {action}").format(action=repr(action[:30])))


# -- API tokens -----------------------------------------------------------------------------


def _tokens_page(
    request: Request,
    session: Session,
    user: User,
    *,
    status: int = 200,
    problem: str | None = None,
    created: str | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    return page(
        request,
        "edit_tokens.html.j2",
        status=status,
        title=_("API-nøkler"),
        user=user,
        tokens=tokens.list_tokens(session, user),
        now=dt.datetime.now(dt.UTC),
        created=created,
        max_days=tokens.MAX_DAYS,
        message=_done(request),
        problem=problem,
        typed=typed or {"label": "", "days": str(tokens.DEFAULT_DAYS)},
    )


def _tokens(request: Request, lang: str, session: SessionDep) -> Response:
    user = signed_in(request, session)
    if isinstance(user, Response):
        return user
    return _tokens_page(request, session, user)


async def _token_action(request: Request, lang: str, session: SessionDep) -> Response:
    form = await request.form()
    auth.check_csrf(request, form)
    fields = {name: str(value) for name, value in form.items()}

    def act() -> Response:
        user = signed_in(request, session)
        if isinstance(user, Response):
            return user
        action = fields.get("action", "")
        if action == "revoke":
            tokens.revoke_token(session, user, _whole(fields.get("token", "")))
            session.commit()
            return RedirectResponse(f"/{lang}/edit/tokens?done=revoked", 303, headers=NO_STORE)
        if action != "create":
            raise NotFound(_("Ukjent handling: {action}").format(action=repr(action[:30])))
        typed = {"label": fields.get("label", "")[:100], "days": fields.get("days", "")[:5]}
        try:
            token, _stored = tokens.create_token(
                session, user, label=fields.get("label", ""), days=_whole(typed["days"])
            )
        except ConfigError as error:
            session.rollback()
            return _tokens_page(
                request, session, user, status=422, problem=error.message, typed=typed
            )
        session.commit()
        # shown in this answer only: it is stored as a hash, never to be seen again
        return _tokens_page(request, session, user, created=token)

    return await run_in_threadpool(act)


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise ConfigError(_("Oppgi et helt tall: {text}").format(text=repr(text[:20]))) from None


ADMIN_ROUTES: list[tuple[str, str, Callable[..., Any]]] = [
    ("GET", "/{lang}/edit/users", _users),
    ("POST", "/{lang}/edit/users", _add),
    ("GET", "/{lang}/edit/user", _user),
    ("POST", "/{lang}/edit/user", _change),
    ("GET", "/{lang}/edit/tokens", _tokens),
    ("POST", "/{lang}/edit/tokens", _token_action),
]
