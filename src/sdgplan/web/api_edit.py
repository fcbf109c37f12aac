"""The write API (`/api/v1/edit`, issue 12): what the editing pages do, for scripts with an
API token (`api_auth.py`): read an object with its draft and version, save a draft, publish
or discard it, its history and revert, the open drafts. Documented in docs/api.md
("Writing (tokens)") and in the OpenAPI document.

Every step goes through `sdgplan.editing` with the token's user, so roles, scopes, drafts,
versions and the change log are the pages'. A write names the version it is based on in
`If-Match` (the ETag `"v7"` of the object's GET): without it 428, on an older one 409 with
the version and state stored now. A request's work is committed before it is answered, or
not at all. Answers are per user: never kept (`Cache-Control: no-store`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

from sdgplan.editing import drafts, history
from sdgplan.editing.permissions import Action, require
from sdgplan.editing.subjects import Subject
from sdgplan.errors import (
    ConfigError,
    InvalidData,
    NotFound,
    SdgplanError,
    StoreError,
    VersionConflict,
)
from sdgplan.i18n import _, use_language
from sdgplan.store import org_repo
from sdgplan.web.api import language
from sdgplan.web.api_auth import TokenUser, WriteSession, challenge
from sdgplan.web.api_cache import request_language
from sdgplan.web.api_edit_models import (
    ChangeOut,
    DraftIn,
    DraftOut,
    EditableOut,
    InvalidOut,
    RevertIn,
    VersionConflictOut,
)
from sdgplan.web.api_models import ErrorOut

NO_STORE = "no-store"
STEPS = ("history", "publish", "discard", "revert")  # routes below a subject's path
SUBJECT = "/edit/{municipality}/subjects/{subject:subject}"  # the subject itself
OF_SUBJECT = "/edit/{municipality}/subjects/{subject:subject_of_step}/"  # + a step
_TAG = re.compile(r'"v([0-9]{1,15})"')

Municipality = Annotated[
    str, Path(max_length=100, description="Municipality number or organisation code (`3203`)")
]
SubjectText = Annotated[
    str,
    Path(
        max_length=400,
        description="The object, URL-encoded: `observations:INDICATOR_KEY` or "
        "`narrative:LABEL` (`narrative:Økonomi (2020-2023)`)",
    ),
]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The version the request is based on: the ETag of the object\'s GET, `"v7"`',
    ),
]

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A malformed value (If-Match)"},
    401: {"model": ErrorOut, "description": "No API token, or one unknown, expired or revoked"},
    403: {"model": ErrorOut, "description": "The token's user may not do this here"},
    404: {"model": ErrorOut, "description": "Unknown municipality, object, draft or entry"},
    422: {"model": InvalidOut, "description": "A body or state that cannot be used"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {
        "headers": {
            "ETag": {"description": 'The new version, `"v8"`', "schema": {"type": "string"}}
        }
    },
    409: {
        "model": VersionConflictOut,
        "description": "If-Match names an older version: the current one and its state",
    },
    428: {"model": ErrorOut, "description": "If-Match is missing"},
}


class SubjectConvertor(Convertor[str]):
    """A subject in a path: any text, also with `/` (a narrative's section, a plan's title)
    or a line break, but not ending in `/` and a step's name, which is the step's path."""

    regex = r"(?:[^/]|/(?!(?:{steps})$))+".format(steps="|".join(STEPS))

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class StepSubjectConvertor(SubjectConvertor):
    """The subject before a step's name: any text (`path` would take no line break)."""

    regex = r"[\s\S]+"


class PrivateRoute(APIRoute):
    """A route answering one token's user: in the `lang` of the query, never kept
    (`Cache-Control: no-store`, errors too), errors as JSON with their own status. Another
    method is 405 with every method of the path in `Allow`, where Starlette names only those
    of the path's first route."""

    allowed: str | None = None  # every method of the path
    stand_in: bool = False  # answers GET with 405 (`edit_router`)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allowed and (self.stand_in or scope["method"] not in (self.methods or ())):
            raise HTTPException(405, headers={"Allow": self.allowed})
        await super().handle(scope, receive, send)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def private(request: Request) -> Response:
            with use_language(request_language(request)):
                try:
                    response = await handler(request)
                except SdgplanError as error:
                    response = error_answer(request, error)
                except (HTTPException, RequestValidationError) as error:
                    response = await app_answer(request, error)
            response.headers["Cache-Control"] = NO_STORE
            return response

        return private


async def app_answer(request: Request, error: Exception) -> Response:
    """The application's own answer to `error` (`web/errors.py`: 422 naming each parameter,
    405 with `Allow`; 428 as `{"detail": ...}`)."""
    handlers = request.app.exception_handlers
    kind = next(k for k in type(error).__mro__ if k in handlers)
    answer: Response = await handlers[kind](request, error)
    return answer


def error_answer(request: Request, error: SdgplanError) -> JSONResponse:
    """`{"detail": ...}` with the error's status; a version conflict adds both versions and
    the current state, invalid data each issue, a 401 the `WWW-Authenticate` challenge."""
    status = answer_status(error)
    body: dict[str, Any] = {"detail": error.message}
    headers: dict[str, str] = {}
    if isinstance(error, VersionConflict):
        yours = expected_version(request.headers.get("if-match"))
        body.update(yours=yours, current=error.current, state=error.state)
    elif isinstance(error, InvalidData):
        body["issues"] = [{"source": i.source, "message": i.message} for i in error.issues]
    if status == 401:
        headers["WWW-Authenticate"] = challenge(request)
    return JSONResponse(body, status_code=status, headers=headers)


def answer_status(error: SdgplanError) -> int:
    """As the read API answers (`web/errors.py`): 404, 503, the editing errors' own status,
    else 400."""
    if isinstance(error, StoreError):
        return 503
    if isinstance(error, NotFound | VersionConflict | InvalidData) or error.status in (401, 403):
        return error.status
    return 400


def etag(version: int) -> str:
    return f'"v{version}"'


def expected_version(if_match: str | None) -> int:
    """The version of an If-Match header (`"v7"`): 428 without one, 400 for another form."""
    if if_match is None or not if_match.strip():
        raise HTTPException(
            428,
            _('Oppgi versjonen endringen bygger på: If-Match: "v7" (ETag-en fra GET)'),
        )
    match = _TAG.fullmatch(if_match.strip())
    if match is None:
        raise ConfigError(
            _('Ugyldig If-Match {value}: ventet én ETag som "v7"').format(value=repr(if_match[:40]))
        )
    return int(match[1])


def edit_router() -> APIRouter:
    """The write API's routes, to include with `prefix="/api/v1"`."""
    register_url_convertor("subject", SubjectConvertor())
    register_url_convertor("subject_of_step", StepSubjectConvertor())
    router = APIRouter(
        route_class=PrivateRoute,
        dependencies=[Depends(language)],
        responses=ERRORS,
        tags=["editing"],
    )
    _list_routes(router)
    _step_routes(router)
    _subject_routes(router)
    _refuse_other_methods(router)
    return router


def _refuse_other_methods(router: APIRouter) -> None:
    """405 naming every method of the path; a stand-in for GET where the path has none, as
    the pages' `/{lang}/{rest:path}` would answer it (404)."""
    methods: dict[str, set[str]] = {}
    for route in router.routes:
        if isinstance(route, PrivateRoute):
            methods.setdefault(route.path, set()).update(route.methods or ())
    for path, verbs in methods.items():
        if "GET" not in verbs:
            router.add_api_route(path, _stand_in, methods=["GET"], include_in_schema=False)
    for route in router.routes:
        if isinstance(route, PrivateRoute):
            route.allowed = ", ".join(sorted(methods[route.path]))
            route.stand_in = route.endpoint is _stand_in


def _stand_in() -> None:
    """Never called: its route answers 405 (`PrivateRoute.handle`)."""


def _list_routes(router: APIRouter) -> None:
    @router.get("/edit/{municipality}/drafts", response_model=list[DraftOut], summary="Drafts")
    def pending(
        municipality: Municipality, user: TokenUser, session: WriteSession
    ) -> list[DraftOut]:
        """The municipality's open drafts, oldest first (editors, approvers, readers)."""
        found = [DraftOut.of(d) for d in drafts.pending(session, user, municipality)]
        session.commit()  # the token's last use
        return found

    @router.get(OF_SUBJECT + "history", response_model=list[ChangeOut], summary="History")
    def changes(
        municipality: Municipality, subject: SubjectText, user: TokenUser, session: WriteSession
    ) -> list[ChangeOut]:
        """Every entry of the object's change log, newest first: published changes (from
        files, the web, the API) and the steps of its drafts."""
        found = history.history(session, user, municipality, Subject.parse(subject))
        session.commit()
        return [ChangeOut.of(c) for c in found]


def _step_routes(router: APIRouter) -> None:
    @router.post(
        OF_SUBJECT + "publish",
        response_model=EditableOut,
        summary="Publish the draft",
        responses=WRITE_ERRORS,
    )
    def publish(
        municipality: Municipality,
        subject: SubjectText,
        user: TokenUser,
        session: WriteSession,
        response: Response,
        if_match: IfMatch = None,
    ) -> EditableOut:
        """Publish the open draft: the public sees it from now on (approvers, admins). Each
        change is logged as its author's, with the approver in the source."""
        version, target = expected_version(if_match), Subject.parse(subject)
        with current_on_conflict(session, municipality, target):
            drafts.publish(session, user, municipality, target, version=version, source="api")
        return committed(session, response, municipality, target)

    @router.post(
        OF_SUBJECT + "discard",
        response_model=EditableOut,
        summary="Discard the draft",
        responses=WRITE_ERRORS,
    )
    def discard(
        municipality: Municipality,
        subject: SubjectText,
        user: TokenUser,
        session: WriteSession,
        response: Response,
        if_match: IfMatch = None,
    ) -> EditableOut:
        """Drop the open draft: an approver rejects it, or its author withdraws it."""
        version, target = expected_version(if_match), Subject.parse(subject)
        with current_on_conflict(session, municipality, target):
            drafts.discard(session, user, municipality, target, version=version, source="api")
        return committed(session, response, municipality, target)

    @router.post(
        OF_SUBJECT + "revert", response_model=EditableOut, summary="Revert", responses=WRITE_ERRORS
    )
    def revert(
        municipality: Municipality,
        subject: SubjectText,
        body: RevertIn,
        user: TokenUser,
        session: WriteSession,
        response: Response,
        if_match: IfMatch = None,
    ) -> EditableOut:
        """Save, as a new draft, the published state right after history entry `entry`
        (editors); it is published as any draft."""
        version, target = expected_version(if_match), Subject.parse(subject)
        with current_on_conflict(session, municipality, target):
            history.revert(
                session, user, municipality, target, entry=body.entry, version=version, source="api"
            )
        return committed(session, response, municipality, target)


def _subject_routes(router: APIRouter) -> None:
    @router.get(
        SUBJECT,
        response_model=EditableOut,
        summary="An object to edit",
        responses={200: WRITE_ERRORS[200]},
    )
    def read(
        municipality: Municipality,
        subject: SubjectText,
        user: TokenUser,
        session: WriteSession,
        response: Response,
    ) -> EditableOut:
        """The object as an editor sees it: its state (the open draft's, else the published
        one), the published state, the draft and the version (also the ETag)."""
        owner = org_repo.find_organisation(session, municipality)
        require(user, Action.READ_DRAFTS, owner.number)
        current = drafts.editable(session, owner.number, Subject.parse(subject))
        session.commit()
        return editable_out(response, current)

    @router.put(SUBJECT, response_model=EditableOut, summary="Save a draft", responses=WRITE_ERRORS)
    def save(
        municipality: Municipality,
        subject: SubjectText,
        body: DraftIn,
        user: TokenUser,
        session: WriteSession,
        response: Response,
        if_match: IfMatch = None,
    ) -> EditableOut:
        """Save the whole state as the object's draft, replacing an open one (editors, within
        their focus areas). The public sees it only once an approver publishes it."""
        version, target = expected_version(if_match), Subject.parse(subject)
        with current_on_conflict(session, municipality, target):
            drafts.save_draft(
                session,
                user,
                municipality,
                target,
                body.state,
                version=version,
                reason=body.reason,
                source="api",
            )
        return committed(session, response, municipality, target)


@contextmanager
def current_on_conflict(session: Session, municipality: str, subject: Subject) -> Iterator[None]:
    """A version conflict with the version and state stored now, read afresh: on PostgreSQL
    the state the failed step had read may be older than the step that won."""
    try:
        yield
    except VersionConflict as conflict:
        session.rollback()
        now = drafts.editable(session, municipality, subject)
        raise VersionConflict(conflict.message, current=now.version, state=now.state) from None


def committed(
    session: Session, response: Response, municipality: str, subject: Subject
) -> EditableOut:
    """The object after the request's work, which is committed before the answer."""
    after = drafts.editable(session, municipality, subject)
    session.commit()
    return editable_out(response, after)


def editable_out(response: Response, current: drafts.Editable) -> EditableOut:
    response.headers["ETag"] = etag(current.version)
    return EditableOut(
        municipality=current.owner.number,
        subject=str(current.subject),
        title=current.title,
        version=current.version,
        state=current.state,
        published=current.published,
        draft=DraftOut.of(current.draft) if current.draft else None,
        focus_areas=sorted(current.focus_areas) if current.focus_areas is not None else None,
    )
